"""`python manage.py import_wordpress EXPORT.xml [--media-dir DIR] [--fetch-media] [--section-map FILE] [--dry-run]`."""

import sys
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wordpress.importer import WordPressImporter
from wordpress.taxonomy import SectionMapError, read_section_map
from wordpress.wxr import WXRError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0–1.2, from Tools › Export): posts, categories, tags, authors, "
        "featured and inline images; old permalinks redirect to the new articles. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The WXR file (.xml) exported by WordPress.")
        parser.add_argument(
            "--media-dir",
            help="A copy of the old site's wp-content/uploads folder; images are read from here first.",
        )
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help="Download images not found in --media-dir from their addresses on the old site (public "
            "http/https addresses only; size and time limits; each file once, a stopped run resumes).",
        )
        parser.add_argument(
            "--section-map",
            metavar="FILE",
            help='A TOML file of category-slug = "section-slug" lines sending WordPress categories to existing '
            'sections, or = "tag" to make them tags; "*" names the section for posts left with none.',
        )
        parser.add_argument("--dry-run", action="store_true", help="Read and report everything, write nothing.")
        parser.add_argument(
            "--timezone",
            default=settings.TIME_ZONE,
            help="The WordPress site's time zone, for dates without a GMT value (default: TIME_ZONE setting).",
        )

    def handle(self, *args, export, media_dir, fetch_media, dry_run, timezone, section_map, **options):
        path = Path(export)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(f"--media-dir is not a folder: {media_dir}")
        try:
            tz = zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise CommandError(f"Unknown time zone: {timezone}") from None

        try:
            mapping = read_section_map(section_map) if section_map else {}
        except SectionMapError as error:
            raise CommandError(f"--section-map: {error} Nothing was imported.") from None

        self.verbosity = options.get("verbosity", 1)
        self.interactive = self.stdout.isatty() if hasattr(self.stdout, "isatty") else sys.stdout.isatty()
        importer = WordPressImporter(
            path,
            media_dir=media_dir,
            fetch_media=fetch_media,
            dry_run=dry_run,
            tz=tz,
            section_map=mapping,
            progress=self.show_progress,
        )
        try:
            report = importer.run()
        except WXRError as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from error
        if self.interactive and self.verbosity:
            self.stdout.write("")
        for line in report.lines():
            self.stdout.write(line)

    def show_progress(self, report):
        """A progress bar on a terminal; a line every 5% otherwise (logs, tests)."""
        if not self.verbosity or not report.posts_found:
            return
        done, total = report.processed, report.posts_found
        counts = (
            f"{done}/{total} posts · {report.imported} imported, {report.updated} updated, "
            f"{report.unchanged} unchanged, {len(report.failed)} failed, {len(report.skipped_posts)} skipped"
        )
        if self.interactive:
            width = 30
            filled = width * done // total
            self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {counts}", ending="")
            self.stdout.flush()
        elif done == total or done % max(1, total // 20) == 0:
            self.stdout.write(counts)
