"""The formatting demo story: superscripts and subscripts kept, a transliterated tag address, a focal point named crop.

Data in data/formatting.toml. Like the rest of the demo, a story that exists is the editors' and is
left alone.
"""

import tomllib
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile

from articles.models import Article, ArticleAuthor, Author, Section, Status, Tag
from articles.sanitize import sanitize_html
from editorial.services import record_revision, revision_recorded_by_caller
from images.models import ImageMeta
from images.services import set_focal_point, store_normalised

from .heroes import render_hero

DATA = Path(__file__).resolve().parent / "data" / "formatting.toml"


def seed_formatting(seeder):
    """Create the demo story unless a story of its address exists; count it in the seeder's stats."""
    with DATA.open("rb") as handle:
        spec = tomllib.load(handle)["story"]
    if Article.objects.filter(slug=spec["slug"]).exists():
        seeder._count("Formatting stories", "unchanged")
        return
    published_at = seeder.now - timedelta(days=spec["days_ago"], hours=spec["hours_ago"])
    article = Article(
        slug=spec["slug"],
        created_by=seeder.created_by,
        title=spec["title"],
        dek=spec["dek"],
        body=sanitize_html(spec["body"]),
        section=Section.objects.get(slug=spec["section"]),
        status=Status.PUBLISHED,
        published_at=published_at,
        hero_alt=spec["hero_alt"],
        hero_credit=spec["hero_credit"],
        original_reporting=True,
    )
    store_normalised(article.hero_image, ContentFile(render_hero(spec["slug"], spec["colours"]), name="demo-hero.jpg"))
    # As the admin does: the first revision is taken once the byline and tags are saved too.
    with revision_recorded_by_caller():
        article.save()
        set_focal_point(ImageMeta.objects.get(name=article.hero_image.name), tuple(spec["focal_point"]))
        authors = Author.objects.in_bulk(spec["authors"], field_name="slug")
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author=authors[slug], position=position)
            for position, slug in enumerate(spec["authors"])
        )
        article.tags.add(*spec["tags"])  # typed names: the tag's address is made from its name
        for name, description in spec["tag_descriptions"].items():
            Tag.objects.filter(name=name, description="").update(description=description)
    record_revision(article, by=seeder.created_by)
    Article.objects.filter(pk=article.pk).update(created_at=published_at, updated_at=published_at)  # past auto_now
    seeder.wrote_around_save = True
    seeder._count("Formatting stories", "created")
