"""The import's report: counts for the progress line and the final summary, every skip explained."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Report:
    """What an import did, for the command's summary (and the tests)."""

    version: str = ""
    site_title: str = ""
    posts_found: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list = field(default_factory=list)  # (wp id, reason)
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    skipped_posts: list = field(default_factory=list)  # (wp id, reason) for posts
    skipped_pages: list = field(default_factory=list)  # (wp id, reason) for pages
    pages: Counter = field(default_factory=Counter)  # imported / updated / unchanged pages
    missing_media: list = field(default_factory=list)  # (wp id, what)
    conflicts: list = field(default_factory=list)  # (wp id, field kept as edited in Newsroom)
    hidden_posts: list = field(default_factory=list)  # (wp id, why it was imported hidden)
    states_kept: list = field(default_factory=list)  # (wp id, how WordPress's state differs from ours)
    needs_attention: dict = field(default_factory=dict)  # missing publishing check -> [wp ids]
    redirects_made: int = 0
    shortcodes_removed: int = 0
    created: Counter = field(default_factory=Counter)  # sections / tags / authors created
    no_default_disclaimer: bool = False
    dry_run: bool = False

    def missing(self, wp_id, what):
        """Note a file a post could not have, once per post however often the post shows it."""
        if (wp_id, what) not in self.missing_media:
            self.missing_media.append((wp_id, what))

    @property
    def processed(self):
        return self.imported + self.updated + self.unchanged + len(self.failed) + len(self.skipped_posts)

    def lines(self):
        """The final report as text lines, every skip explained."""
        out = [
            f"{'Dry run — nothing was written. ' if self.dry_run else ''}"
            f"WordPress import (WXR {self.version}{', ' + self.site_title if self.site_title else ''})",
            f"  posts in the export: {self.posts_found}",
            f"  imported:            {self.imported}",
            f"  updated:             {self.updated}",
            f"  unchanged:           {self.unchanged}",
            f"  failed:              {len(self.failed)}",
        ]
        out += [f"    - post {wp_id}: {reason}" for wp_id, reason in self.failed]
        out.append(f"  skipped:             {sum(self.skipped.values())}")
        out += [f"    - {reason}: {count}" for reason, count in sorted(self.skipped.items())]
        if self.skipped_posts:
            out.append(f"    posts skipped: {', '.join(f'{wp_id} ({reason})' for wp_id, reason in self.skipped_posts)}")
        if self.skipped_pages:
            out.append(f"    pages skipped: {', '.join(f'{wp_id} ({reason})' for wp_id, reason in self.skipped_pages)}")
        out.append(
            f"  pages:               {self.pages['imported']} imported, {self.pages['updated']} updated, "
            f"{self.pages['unchanged']} unchanged (hidden until an editor publishes them)"
        )
        out.append(f"  imported hidden:     {len(self.hidden_posts)}")
        out += [
            f"    - post {wp_id}: {reason}, kept as a draft (never published)" for wp_id, reason in self.hidden_posts
        ]
        out.append(f"  conflicts:           {len(self.conflicts)}")
        if self.conflicts:
            out.append("    (changed in WordPress and in Newsroom; Newsroom's version was kept)")
        out += [f"    - post {wp_id}: {name}" for wp_id, name in self.conflicts]
        if self.states_kept:
            out.append(f"  state left as the desk set it: {len(self.states_kept)}")
            out += [f"    - post {wp_id}: {difference}" for wp_id, difference in self.states_kept]
        out.append(f"  missing media:       {len(self.missing_media)}")
        out += [f"    - post {wp_id}: {what}" for wp_id, what in self.missing_media]
        out.append(f"  redirects made:      {self.redirects_made}")
        out.append(f"  shortcodes removed:  {self.shortcodes_removed}")
        if self.created:
            out.append("  created: " + ", ".join(f"{count} {kind}" for kind, count in sorted(self.created.items())))
        if self.needs_attention:
            out.append("  published, but still missing (fix in the admin):")
            for missing, wp_ids in self.needs_attention.items():
                shown = ", ".join(map(str, wp_ids[:10])) + (f" and {len(wp_ids) - 10} more" if len(wp_ids) > 10 else "")
                out.append(f"    - {missing}: {len(wp_ids)} (posts {shown})")
        if self.no_default_disclaimer:
            out.append("  note: no active site-default disclaimer; published imports show none until one is set.")
        return out
