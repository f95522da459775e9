"""The rich-media demo story: an explainer whose body carries a video embed by link and a gallery (richmedia).

Data in data/richmedia.toml. Like the rest of the demo, a story that exists is the editors' and is
left alone; the embed block is written the way the body editor stores it.
"""

import tomllib
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils.html import escape, format_html, format_html_join

from articles.models import Article, ArticleAuthor, Author, Section, Status
from articles.sanitize import sanitize_html
from images.models import BodyImage
from images.services import store_normalised
from richmedia import providers

from .heroes import render_hero

DATA = Path(__file__).resolve().parent / "data" / "richmedia.toml"


def embed_block(url, title, caption):
    """The stored form of an embed by link, as the editor writes it."""
    embed = providers.match(url)
    return format_html(
        '<figure data-embed="{}" data-embed-id="{}" data-embed-url="{}" data-embed-title="{}">'
        "<figcaption>{}</figcaption></figure>",
        embed.provider.name,
        embed.id,
        embed.url,
        title,
        caption,
    )


def gallery_block(pictures):
    """The stored form of a gallery: a figure of library figures, caption and credit under each."""
    figures = format_html_join(
        "",
        '<figure><img src="{}" alt="{}"><figcaption>{} {}</figcaption></figure>',
        ((picture.file.url, picture.alt, picture.caption, picture.credit) for picture in pictures),
    )
    return format_html('<figure data-gallery="">{}</figure>', figures)


def library_picture(spec):
    """A body image drawn like the demo heroes, stored through the images pipeline."""
    picture = BodyImage(alt=spec["alt"], caption=spec["caption"], credit=spec["credit"])
    store_normalised(picture.file, ContentFile(render_hero(spec["seed"], spec["colours"]), name="demo-gallery.jpg"))
    picture.save()
    return picture


def story_body(spec, pictures):
    paragraphs = lambda texts: "".join(f"<p>{escape(text)}</p>" for text in texts)  # noqa: E731
    embed = spec["embed"]
    return sanitize_html(
        paragraphs(spec["before"])
        + embed_block(embed["url"], embed["title"], embed["caption"])
        + paragraphs(spec["after"])
        + gallery_block(pictures)
    )


def seed_rich_media(seeder):
    """Create the demo story unless a story of its address exists; count it in the seeder's stats."""
    with DATA.open("rb") as handle:
        spec = tomllib.load(handle)["story"]
    if Article.objects.filter(slug=spec["slug"]).exists():
        seeder._count("Rich-media stories", "unchanged")
        return
    published_at = seeder.now - timedelta(days=spec["days_ago"], hours=spec["hours_ago"])
    article = Article(
        slug=spec["slug"],
        created_by=seeder.created_by,
        title=spec["title"],
        dek=spec["dek"],
        body=story_body(spec, [library_picture(picture) for picture in spec["gallery"]]),
        section=Section.objects.get(slug=spec["section"]),
        status=Status.PUBLISHED,
        published_at=published_at,
        original_reporting=True,
    )
    article.save()
    authors = Author.objects.in_bulk(spec["authors"], field_name="slug")
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, author=authors[slug], position=position)
        for position, slug in enumerate(spec["authors"])
    )
    Article.objects.filter(pk=article.pk).update(created_at=published_at, updated_at=published_at)  # past auto_now
    seeder.wrote_around_save = True
    seeder._count("Rich-media stories", "created")
