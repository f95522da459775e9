"""Rich media in a demo story: an embed by link, our own video and a gallery (richmedia); data in data/richmedia.toml.

The blocks are added to a story the seeder wrote, and only while its body is still the seeder's
plain paragraphs: a story an editor has changed (or that already has them) is left alone.
"""

import tomllib
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.html import format_html, format_html_join

from articles import sanitize
from articles.models import Article
from images.models import BodyImage
from images.services import store_normalised
from richmedia import checks, providers
from richmedia.models import MediaFile

from .heroes import render_hero
from .seeder import render_body

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


def video_block(spec):
    """Our own video: the data file stored through richmedia's upload checks, its poster from the library."""
    with (DATA.parent / spec["file"]).open("rb") as handle:
        upload = File(handle, name=spec["file"])
        content_type, kind = checks.media_type(upload)
        video = MediaFile(
            kind=kind,
            content_type=content_type,
            title=spec["title"],
            description=spec["description"],
            transcript=spec["transcript"],
            credit=spec["credit"],
            poster=library_picture(spec["poster"]),
        )
        video.file.save(f"demo{checks.SUFFIXES[content_type]}", upload, save=False)
        video.save()
    return format_html('<figure data-media="{}"><figcaption>{}</figcaption></figure>', video.pk, spec["caption"])


def seed_rich_media(seeder):
    """Add the embed, video and gallery to the demo story while it is as seeded; count it in the seeder's stats."""
    with DATA.open("rb") as handle:
        spec = tomllib.load(handle)["story"]
    story = next((story for story in seeder.content.articles if story["slug"] == spec["slug"]), None)
    article = Article.objects.filter(slug=spec["slug"]).first()
    if story is None or article is None or article.body != render_body(story["body"]):
        seeder._count("Rich-media blocks", "unchanged")
        return
    before, after = story["body"][: spec["embed_after"]], story["body"][spec["embed_after"] :]
    embed = spec["embed"]
    pictures = [library_picture(picture) for picture in spec["gallery"]]
    body = sanitize.sanitize_html(
        render_body(before)
        + embed_block(embed["url"], embed["title"], embed["caption"])
        + render_body(after)
        + video_block(spec["video"])
        + gallery_block(pictures)
    )
    # Like the seeder's own date stamps, around save(): a seeded story shows no "updated" label.
    Article.objects.filter(pk=article.pk).update(body=body, body_html=sanitize.render_body(body))
    seeder.wrote_around_save = True
    seeder._count("Rich-media blocks", "updated")
