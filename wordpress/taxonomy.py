"""WordPress authors, categories and tags as Newsroom bylines, sections and tags.

The primary category (Yoast or Rank Math, else the first) becomes the article's
section; other categories and the post's tags become tags. Rows are matched by slug,
then by name, and created when missing (a created section stays out of the site's
navigation until an editor shows it); each archive address redirects to its new home.

A section map (`--section-map FILE`, read by `read_section_map`) sends a category to an
existing section, or makes it a tag: a post's section is then its first category
that is not a tag, else the map's "*" section, else a hidden "Uncategorized".
"""

import tomllib
from urllib.parse import unquote

from django.utils.text import slugify

from articles.models import ArticleAuthor, Author, Section, Tag

from .content import plain_text

PRIMARY_CATEGORY_META = ("_yoast_wpseo_primary_category", "rank_math_primary_category")
AS_TAG = "tag"
FALLBACK_KEY = "*"
FALLBACK_SECTION = ("uncategorized", "Uncategorized")


class SectionMapError(Exception):
    """The section map cannot be used; nothing is imported."""


def read_section_map(path):
    """{category slug: section slug or "tag"} from a TOML file of `category-slug = "section-slug"` lines.

    Every named section must exist: a map is for landing categories in the site's own sections.
    """
    try:
        with open(path, "rb") as handle:
            raw = tomllib.load(handle)
    except OSError as error:
        raise SectionMapError(f"cannot read {path}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise SectionMapError(f"{path} is not a TOML file: {error}") from None
    mapping, problems = {}, []
    for category, target in raw.items():
        if not isinstance(target, str) or not target.strip():
            problems.append(f'{category!r}: give a section slug or "{AS_TAG}"')
            continue
        mapping[unquote(category).strip()] = target.strip()
    wanted = {target for category, target in mapping.items() if target != AS_TAG}
    found = set(Section.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    problems += [f"no section with the slug {slug!r}" for slug in sorted(wanted - found)]
    if mapping.get(FALLBACK_KEY) == AS_TAG:
        problems.append(f"{FALLBACK_KEY!r} names the section for posts whose categories all become tags")
    if problems:
        raise SectionMapError(f"{path}: " + "; ".join(problems))
    return mapping


class Taxonomy:
    """Finds or creates the people and terms of one import run, counting each created row once."""

    def __init__(self, channel, report, rows, redirects, *, section_map=None):
        self.channel = channel
        self.report = report
        self.rows = rows
        self.redirects = redirects
        self.section_map = section_map or {}
        self._counted = set()

    def author_for(self, item):
        """The post's author (found or created), or None when the export names nobody."""
        login = item.creator
        if not login:
            return None
        name = plain_text(self.channel.authors.get(login) or login)[:150]
        slug = slugify(name)[:150] or slugify(login)[:150] or "wordpress-author"
        author = self.rows.get(("author", slug)) or Author.objects.filter(slug=slug).first()
        if author is None:
            author = Author.objects.create(name=name, slug=slug)
            self._count_created("authors", slug)
        self.rows.note(("author", slug), author)
        return author

    @staticmethod
    def set_authors(article, author_ids):
        """Make the byline exactly these authors, in order."""
        ArticleAuthor.objects.filter(article=article).exclude(author_id__in=author_ids).delete()
        for position, author_id in enumerate(author_ids):
            ArticleAuthor.objects.update_or_create(
                article=article, author_id=author_id, defaults={"position": position}
            )

    def categories(self, item):
        """The post's categories as (nicename, name), the primary one first; WordPress's default if none."""
        categories = [(nicename, name) for domain, nicename, name in item.terms if domain == "category"]
        for key in PRIMARY_CATEGORY_META:
            term_id = item.postmeta.get(key, "")
            for index, (nicename, _name) in enumerate(categories):
                if term_id and self.channel.categories.get(nicename, {}).get("term_id") == term_id:
                    categories.insert(0, categories.pop(index))
                    break
        return categories or [("uncategorized", "Uncategorized")]

    def mapped(self, nicename):
        """What the section map says of a category: a section slug, "tag", or None."""
        return self.section_map.get(unquote(nicename or "").strip())

    def placement(self, item):
        """(the post's section, the categories that become tags) as the section map decides."""
        categories = self.categories(item)
        home = next((category for category in categories if self.mapped(category[0]) != AS_TAG), None)
        if home is not None:
            section = self.section_for(*home)
        elif FALLBACK_KEY in self.section_map:
            section = self._mapped_section(self.section_map[FALLBACK_KEY])
        else:
            section = self._section_named(*FALLBACK_SECTION)
        return section, [category for category in categories if category is not home]

    def section_for(self, nicename, name):
        target = self.mapped(nicename)
        if target is not None:
            section = self._mapped_section(target)
        else:
            section = self._section_named(nicename, name)
        self.redirects.for_archive(self.category_path(nicename), section=section)
        return section

    def _mapped_section(self, slug):
        section = self.rows.get(("mapped section", slug)) or Section.objects.get(slug=slug)
        self.rows.note(("mapped section", slug), section)
        return section

    def _section_named(self, nicename, name):
        slug = slugify(unquote(nicename))[:100] or slugify(plain_text(name))[:100] or "uncategorized"
        name = plain_text(name)[:100] or slug
        section = (
            self.rows.get(("section", slug, name))
            or Section.objects.filter(slug=slug).first()
            or Section.objects.filter(name__iexact=name).first()
        )
        if section is None:
            # WordPress categories are often housekeeping ("Uncategorized"): an editor decides what is shown.
            section = Section.objects.create(name=name, slug=slug, show_in_navigation=False)
            self._count_created("sections", slug)
        self.rows.note(("section", slug, name), section)
        return section

    def tag_for(self, nicename, name):
        slug = (
            slugify(unquote(nicename), allow_unicode=True)[:100] or slugify(plain_text(name), allow_unicode=True)[:100]
        )
        name = plain_text(name)[:100] or slug
        if not slug:
            return None
        tag = (
            self.rows.get(("tag", slug, name))
            or Tag.objects.filter(slug=slug).first()
            or Tag.objects.filter(name__iexact=name).first()
        )
        if tag is None:
            tag = Tag.objects.create(name=name, slug=slug)
            self._count_created("tags", slug)
        self.rows.note(("tag", slug, name), tag)
        return tag

    def tags_for(self, item, tag_categories):
        """The post's tags: its categories that are not its section, then its own tags.

        A post with none is tagged with its first category.
        """
        tags = []
        for nicename, name in tag_categories:
            tag = self.tag_for(nicename, name)
            if tag:
                tags.append(tag)
                self.redirects.for_archive(self.category_path(nicename), tag=tag)
        for domain, nicename, name in item.terms:
            if domain == "post_tag":
                tag = self.tag_for(nicename, name)
                if tag:
                    tags.append(tag)
                    self.redirects.for_archive(f"/tag/{unquote(nicename or tag.slug)}/", tag=tag)
        if not tags:
            tag = self.tag_for(*self.categories(item)[0])
            tags = [tag] if tag else []
        return list({tag.pk: tag for tag in tags}.values())

    def category_path(self, nicename):
        """'/category/parent/child/' as WordPress builds archive URLs for nested categories (None if unnamed)."""
        if not nicename:
            return None
        chain, seen = [], set()
        current = nicename
        while current and current not in seen:
            seen.add(current)
            chain.insert(0, unquote(current))
            current = self.channel.categories.get(current, {}).get("parent", "")
        return f"/category/{'/'.join(chain)}/"

    def _count_created(self, kind, slug):
        if (kind, slug) not in self._counted:
            self._counted.add((kind, slug))
            self.report.created[kind] += 1
