"""Helpers for the WordPress import tests: the fixture exports, a media folder, and running the command."""

from io import BytesIO, StringIO
from pathlib import Path

from django.core.management import call_command
from PIL import Image

from articles.models import Article, ArticleAuthor, Author, Section, Tag
from wordpress.models import ImportedAttachment, ImportedPost, LegacyRedirect

FIXTURES = Path(__file__).resolve().parent.parent / "wordpress" / "fixtures"
SITE_EXPORT = FIXTURES / "site-wxr-1.2.xml"
HTTPS_11_EXPORT = FIXTURES / "site-wxr-1.1-https.xml"
# Galleries, video and audio as the theme-unit-test export writes them (tests/wordpress/test_media_blocks.py).
MEDIA_EXPORT = FIXTURES / "media-wxr.xml"


def jpeg(colour="crimson", size=(160, 90)):
    """A small real JPEG, as the old site would serve one."""
    out = BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def make_media_dir(root):
    """A copy of wp-content/uploads as the fixture export needs it, minus the files meant to be missing.

    Present: 2024/03/hero.jpg (featured image of post 101) and 2024/03/inline.jpg (the
    original of the resized inline-300x200.jpg the post links). Missing on purpose:
    2024/02/gone.jpg (featured image of post 107) and 2024/02/missing-chart.png.
    """
    uploads = Path(root) / "uploads"
    (uploads / "2024" / "03").mkdir(parents=True)
    Image.new("RGB", (160, 90), "crimson").save(uploads / "2024" / "03" / "hero.jpg", "JPEG")
    Image.new("RGB", (120, 80), "navy").save(uploads / "2024" / "03" / "inline.jpg", "JPEG")
    return uploads


def run_import(export, *options):
    """Run `import_wordpress` and return its output (the site's time zone is Europe/Paris)."""
    out = StringIO()
    call_command("import_wordpress", str(export), "--timezone", "Europe/Paris", *options, stdout=out)
    return out.getvalue()


def report_value(output, label):
    """The number after `label:` in the final report, e.g. report_value(out, "imported") == 6."""
    for line in output.splitlines():
        if line.strip().startswith(f"{label}:"):
            return int(line.split(":", 1)[1].split()[0])
    raise AssertionError(f"{label!r} not in the report:\n{output}")


WRITTEN_MODELS = [Article, ArticleAuthor, Author, Section, Tag, ImportedPost, ImportedAttachment, LegacyRedirect]


def row_counts():
    """Rows of every model the import writes, by model name: all zero means nothing was written."""
    return {model.__name__: model.objects.count() for model in WRITTEN_MODELS}
