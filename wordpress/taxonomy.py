"""WordPress authors, categories and tags as Newsroom bylines, sections and tags.

The primary category (Yoast or Rank Math, else the first) becomes the article's
section; other categories and the post's tags become tags. Rows are matched by slug,
then by name, and created when missing; each archive address redirects to its new home.
"""

from urllib.parse import unquote

from django.utils.text import slugify

from articles.models import ArticleAuthor, Author, Section, Tag

from .content import plain_text

PRIMARY_CATEGORY_META = ("_yoast_wpseo_primary_category", "rank_math_primary_category")


class Taxonomy:
    """Finds or creates the people and terms of one import run, counting each created row once."""

    def __init__(self, channel, report, rows, redirects):
        self.channel = channel
        self.report = report
        self.rows = rows
        self.redirects = redirects
        self._counted = set()

    def set_byline(self, article, item):
        login = item.creator
        if not login:
            return
        name = plain_text(self.channel.authors.get(login) or login)[:150]
        slug = slugify(name)[:150] or slugify(login)[:150] or "wordpress-author"
        author = self.rows.get(("author", slug)) or Author.objects.filter(slug=slug).first()
        if author is None:
            author = Author.objects.create(name=name, slug=slug)
            self._count_created("authors", slug)
        self.rows.note(("author", slug), author)
        if not ArticleAuthor.objects.filter(article=article, author=author).exists():
            position = ArticleAuthor.objects.filter(article=article).count()
            ArticleAuthor.objects.create(article=article, author=author, position=position)

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

    def section_for(self, nicename, name):
        slug = slugify(unquote(nicename))[:100] or slugify(plain_text(name))[:100] or "uncategorized"
        name = plain_text(name)[:100] or slug
        section = (
            self.rows.get(("section", slug, name))
            or Section.objects.filter(slug=slug).first()
            or Section.objects.filter(name__iexact=name).first()
        )
        if section is None:
            section = Section.objects.create(name=name, slug=slug)
            self._count_created("sections", slug)
        self.rows.note(("section", slug, name), section)
        self.redirects.for_archive(self.category_path(nicename), section=section)
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

    def set_tags(self, article, item):
        """Other categories and the post's tags become tags; a post with none is tagged with its category."""
        categories = self.categories(item)
        tags = []
        for nicename, name in categories[1:]:
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
            tag = self.tag_for(*categories[0])
            tags = [tag] if tag else []
        unique = list({tag.pk: tag for tag in tags}.values())
        article.tags.set(unique)
        return unique

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
