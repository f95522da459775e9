"""The demo content, read from the data files next to this module: plain data, no Django.

Everything in data/ was written for this project. The people, journals and links are
fictional: sources are placeholder names and every URL points at example.org or
example.com. The stories describe the kind of news a medical publisher covers, in a
deliberately cautious tone, and are not medical advice.

    data/disclaimers.toml   {key: {title, body, is_default}}
    data/sections.toml      [[sections]] slug, name, description, position, colours, default_disclaimer?
    data/authors.toml       [[authors]] slug, name, credentials, job_title, bio
    data/tags.toml          [[tags]] slug, name, description
    data/citations.toml     {article slug: [{kind, identifier, title, container, year, authors, study_type, review}]}
    data/evidence_panels.toml {article slug: {design, population, participants, phase, review, funding, ...}}
    data/articles/<slug>.md one story: TOML front matter between `+++` lines, then the body,
                            paragraphs of plain text separated by blank lines (no inline markup)
    data/pages/<slug>.md    one standing page (About, the policies, Contact, Privacy): front matter
                            title, kind, summary, position; then blocks like an article's, where a
                            block starting with "## " is a heading

An article names its section, authors, tags, disclaimer and reviewer by key or slug. It
gives either source_name/source_url/source_note or original_reporting = true; one of
days_ago, scheduled_in_days or busy_day (its place, 1 = newest, among the stories of one
day that holds more than the desk's calendar lists for a day); status = "draft" for a
draft; and a [hero] table (alt, caption, credit) for its generated illustration.
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
FENCE = "+++"
ARTICLE_KEYS = frozenset(
    {
        "title", "dek", "section", "authors", "tags", "status", "days_ago", "scheduled_in_days", "busy_day",
        "disclaimer", "reviewed_by", "original_reporting", "source_name", "source_url", "source_note", "hero",
    }
)  # fmt: skip
BUSY_DAY_MOST = 11  # the most stories the busy day holds
PAGE_KEYS = frozenset({"title", "kind", "summary", "position"})


class ContentError(ValueError):
    """A data file is malformed; the message names the file."""


@dataclass(frozen=True)
class DemoContent:
    disclaimers: dict
    sections: list
    authors: list
    tags: list
    articles: list
    citations: dict
    evidence_panels: dict
    pages: list

    def section(self, slug):
        return next(section for section in self.sections if section["slug"] == slug)

    def author(self, slug):
        return next(author for author in self.authors if author["slug"] == slug)


def _toml(name):
    with (DATA / name).open("rb") as handle:
        return tomllib.load(handle)


def read_article(path, keys=ARTICLE_KEYS):
    """One article file as a dict: its front matter, `slug` (the file name) and `body` (the paragraphs)."""
    text = path.read_text(encoding="utf-8")
    opening, front, rest = (text.split(FENCE + "\n", 2) + ["", ""])[:3]
    if opening.strip() or not rest:
        raise ContentError(f"{path.name}: expected front matter between {FENCE} lines at the top")
    try:
        article = tomllib.loads(front)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path.name}: {error}") from None
    unknown = set(article) - keys
    if unknown:
        raise ContentError(f"{path.name}: unknown keys {sorted(unknown)}")
    busy_day = article.get("busy_day")
    if busy_day is not None and (type(busy_day) is not int or not 1 <= busy_day <= BUSY_DAY_MOST):
        raise ContentError(f"{path.name}: busy_day is a place from 1 to {BUSY_DAY_MOST}")
    article["slug"] = path.stem
    article["body"] = [" ".join(block.split()) for block in rest.split("\n\n") if block.strip()]
    return article


@cache
def load():
    """Every piece of demo content; articles in file-name order."""
    return DemoContent(
        disclaimers=_toml("disclaimers.toml"),
        sections=_toml("sections.toml")["sections"],
        authors=_toml("authors.toml")["authors"],
        tags=_toml("tags.toml")["tags"],
        articles=[read_article(path) for path in sorted((DATA / "articles").glob("*.md"))],
        citations=_toml("citations.toml"),
        evidence_panels=_toml("evidence_panels.toml"),
        pages=[read_article(path, PAGE_KEYS) for path in sorted((DATA / "pages").glob("*.md"))],
    )
