"""Small factory functions: readable test data without a factory library."""

import itertools
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, ArticleAuthor, Author, Disclaimer, Section, Status, Tag, TaggedArticle

_sequence = itertools.count(1)


def make_section(name=None, **fields):
    name = name or f"Section {next(_sequence)}"
    return Section.objects.create(name=name, slug=fields.pop("slug", slugify(name)), **fields)


def make_author(name=None, **fields):
    name = name or f"Author {next(_sequence)}"
    fields.setdefault("credentials", "MD")
    return Author.objects.create(name=name, slug=fields.pop("slug", slugify(name)), **fields)


def make_disclaimer(title="Disclaimer of Newsroom Health", **fields):
    fields.setdefault("body", "Important note: for information only, not medical advice.")
    return Disclaimer.objects.create(title=title, **fields)


def make_tag(name, **fields):
    return Tag.objects.create(name=name, slug=fields.pop("slug", slugify(name)), **fields)


def make_article(title=None, *, section=None, authors=None, tags=(), days_ago=1, status=Status.PUBLISHED, **fields):
    """A published article from `days_ago` days ago unless told otherwise."""
    title = title or f"Story {next(_sequence)}"
    fields.setdefault("dek", f"What {title} means for patients.")
    fields.setdefault("body", "<p>Doctors reported a finding.</p>")  # nothing the claims check warns of
    fields.setdefault("source_name", "Journal of Examples")
    if "published_at" not in fields:
        fields["published_at"] = timezone.now() - timedelta(days=days_ago) if days_ago is not None else None
    article = Article.objects.create(
        title=title,
        slug=fields.pop("slug", slugify(title)),
        section=section or Section.objects.first() or make_section(),
        status=status,
        **fields,
    )
    for position, author in enumerate(authors or []):
        ArticleAuthor.objects.create(article=article, author=author, position=position)
    if tags:
        article.tags.set(list(tags))
    return article


def ready_article(title="Ready story", *, status=Status.DRAFT, created_by=None, authors=None, tags=None, **fields):
    """An article that passes every publishing check (section with a disclaimer, byline, tag, source)."""
    section = fields.pop("section", None) or Section.objects.first()
    if section is None:
        section = make_section("Cardiology", default_disclaimer=make_disclaimer("Section disclaimer"))
    if authors is None:
        authors = [make_author()]
    if tags is None:
        tags = [make_tag(f"tag for {title}")]
    fields.setdefault("published_at", None)
    return make_article(
        title, section=section, authors=authors, tags=tags, status=status, created_by=created_by, **fields
    )


def add_stories(section, count, *, days_ago_from, prefix, tags=(), authors=()):
    """`count` public stories of `section` written in bulk, "<prefix> <days ago>" one a day back from
    `days_ago_from` days ago, each with `tags` and `authors` (for archives too large to save one by one)."""
    now = timezone.now()
    stories = Article.objects.bulk_create(
        Article(
            title=f"{prefix} {days_ago_from + n}",
            slug=slugify(f"{prefix} {days_ago_from + n}"),
            section=section,
            status=Status.PUBLISHED,
            published_at=now - timedelta(days=days_ago_from + n),
        )
        for n in range(count)
    )
    TaggedArticle.objects.bulk_create(TaggedArticle(content_object=story, tag=tag) for story in stories for tag in tags)
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=story, author=author) for story in stories for author in authors
    )
    return stories
