"""Load the demo content of `articles.demo_content` and a local editor account.

    python manage.py seed_demo            # only with DEBUG or NEWSROOM_LOCAL=1
    python manage.py seed_demo --force    # anywhere (it creates staff logins with stored passwords!)

Idempotent: rows are matched by slug (disclaimers by title) and written only when
something differs, so a second run creates nothing and changes nothing visible.
Publication dates are set when an article is created and kept afterwards; hero
illustrations are generated only for articles that have none.
"""

import io
import os
import random
import secrets
import zlib
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from articles import demo_content
from articles.models import Article, ArticleAuthor, Author, Disclaimer, Section, Status, Tag
from articles.roles import assign_role
from articles.sanitize import sanitize_html
from images.services import process_field, store_normalised

HERO_SIZE = (1600, 900)
HERO_QUALITY = 82

# Accounts for local use only, one per newsroom role (articles.roles); none is a superuser.
# The writer writes as a demo author, so that author's stories (one is a draft) are theirs.
DEMO_USERS = [
    {
        "username": "editor",
        "label": "Editor login",
        "email": "editor@example.com",
        "first_name": "Demo",
        "last_name": "Editor",
        "is_staff": True,
        "is_superuser": False,
        "role": "editor",
    },
    {
        "username": "writer",
        "label": "Writer login",
        "email": "writer@example.com",
        "first_name": "Demo",
        "last_name": "Writer",
        "is_staff": True,
        "is_superuser": False,
        "role": "writer",
        "author": "daniel-whitcombe",
    },
    {
        "username": "admin",
        "label": "Admin login",
        "email": "admin@example.com",
        "first_name": "Demo",
        "last_name": "Admin",
        "is_staff": True,
        "is_superuser": False,
        "role": "admin",
    },
]


# --- Demo users ------------------------------------------------------------------------


def demo_logins_path():
    """Where generated demo passwords live: BASE_DIR/var/demo_logins.txt (settings.DEMO_LOGINS_FILE overrides)."""
    override = getattr(settings, "DEMO_LOGINS_FILE", None)
    return Path(override) if override else Path(settings.BASE_DIR) / "var" / "demo_logins.txt"


def _read_logins(path):
    logins = {}
    if path.exists():
        for line in path.read_text().splitlines():
            username, sep, password = line.strip().partition(":")
            if sep and username and password:
                logins[username] = password
    return logins


def _write_logins(path, logins):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write("# Demo logins for local use only (written by manage.py seed_demo).\n")
        handle.writelines(f"{username}:{password}\n" for username, password in logins.items())
    path.chmod(0o600)


def ensure_demo_users(stdout):
    """Create or refresh the DEMO_USERS accounts; return [(label, username, password)].

    Each password is generated once, kept in demo_logins_path() (mode 600) and set
    again on every run, so the printed login always works.
    """
    path = demo_logins_path()
    logins = _read_logins(path)
    missing = [spec["username"] for spec in DEMO_USERS if not logins.get(spec["username"])]
    for username in missing:
        logins[username] = secrets.token_urlsafe(18)
    if missing or (path.exists() and path.stat().st_mode & 0o077):
        _write_logins(path, logins)

    User = get_user_model()
    result = []
    for spec in DEMO_USERS:
        username, password = spec["username"], logins[spec["username"]]
        fields = {key: value for key, value in spec.items() if key not in {"username", "label", "role", "author"}}
        fields["is_active"] = True
        user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        created = user is None
        if created:
            user = User(**{User.USERNAME_FIELD: username})
        changed = [name for name, value in fields.items() if getattr(user, name) != value]
        for name in changed:
            setattr(user, name, fields[name])
        if created or not user.check_password(password):
            user.set_password(password)
            changed.append("password")
        if created or changed:
            user.save()
            stdout.write(f"User {username}: {'created' if created else 'updated (' + ', '.join(changed) + ')'}")
        assign_role(user, spec["role"])
        if spec.get("author"):
            _link_demo_author(user, spec["author"])
        result.append((spec["label"], username, password))
    return result


def _link_demo_author(user, slug):
    """Make the demo author `slug` write as `user` (created from the demo content if not seeded yet)."""
    author = Author.objects.filter(slug=slug).first()
    if author is None:
        spec = next(spec for spec in demo_content.AUTHORS if spec["slug"] == slug)
        author = Seeder(timezone.now()).seed_author(spec)
    if author.user_id is None:
        Author.objects.filter(user=user).exclude(pk=author.pk).update(user=None)
        author.user = user
        author.save(update_fields=["user", "updated_at"])


# --- Hero illustrations -------------------------------------------------------------------


def render_hero(slug, colours, size=HERO_SIZE):
    """A deterministic abstract illustration (JPEG bytes): a gradient and shapes seeded by `slug`."""
    from PIL import Image, ImageColor, ImageDraw

    rng = random.Random(zlib.crc32(slug.encode()))
    width, height = size
    start, end = (ImageColor.getrgb(colour) for colour in colours)

    # A diagonal gradient: the average of a vertical and a horizontal ramp, scaled up.
    vertical = Image.linear_gradient("L")
    ramp = Image.blend(vertical, vertical.transpose(Image.Transpose.ROTATE_90), 0.5)
    if rng.random() < 0.5:
        ramp = ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    mask = ramp.resize(size, Image.Resampling.BILINEAR)
    image = Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)

    draw = ImageDraw.Draw(image, "RGBA")
    light = (255, 255, 255)
    for _ in range(rng.randint(3, 5)):  # soft discs
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(90, 360)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*light, rng.randint(22, 55)))
    for _ in range(rng.randint(2, 3)):  # rings
        x, y, r = rng.randint(150, width - 150), rng.randint(120, height - 120), rng.randint(60, 240)
        draw.ellipse((x - r, y - r, x + r, y + r), outline=(*light, rng.randint(80, 130)), width=rng.randint(6, 14))
    for _ in range(rng.randint(2, 4)):  # lines across
        y0, y1 = rng.randint(0, height), rng.randint(0, height)
        draw.line((0, y0, width, y1), fill=(*light, rng.randint(40, 90)), width=rng.randint(3, 9))
    dot_x, dot_y, gap = rng.randint(80, width - 420), rng.randint(60, height - 300), rng.randint(36, 56)
    for row in range(5):  # a small dot grid
        for col in range(6):
            cx, cy = dot_x + col * gap, dot_y + row * gap
            draw.ellipse((cx - 5, cy - 5, cx + 5, cy + 5), fill=(*light, 120))

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=HERO_QUALITY, optimize=True)
    return buffer.getvalue()


# --- Content -------------------------------------------------------------------------------


def render_body(paragraphs):
    """Plain-text paragraphs to the sanitized HTML the model stores."""
    return sanitize_html("\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs))


def _assign(instance, values):
    """Set the fields that differ; return their names."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return changed


class Seeder:
    def __init__(self, now, created_by=None):
        self.now = now
        self.created_by = created_by
        self.stats = {}
        self.heroes = 0

    def _count(self, label, created, changed):
        entry = self.stats.setdefault(label, {"created": 0, "updated": 0, "unchanged": 0})
        entry["created" if created else "updated" if changed else "unchanged"] += 1

    def _upsert(self, label, model, lookup, values, fallback=None):
        """Find by `lookup` (or `fallback`), create or update, save only when something differs."""
        obj = model._default_manager.filter(**lookup).first()
        if obj is None and fallback:
            obj = model._default_manager.filter(**fallback).first()
        created = obj is None
        if not created:
            # Demo rows that exist belong to the editors now: never overwrite their changes.
            self._count(label, False, [])
            return obj
        obj = model(**lookup)
        changed = _assign(obj, values)
        if created or changed:
            obj.save()
        self._count(label, created, changed)
        return obj

    def run(self):
        disclaimers = self.seed_disclaimers()
        sections = self.seed_sections(disclaimers)
        authors = {spec["slug"]: self.seed_author(spec) for spec in demo_content.AUTHORS}
        tags = {spec["slug"]: self.seed_tag(spec) for spec in demo_content.TAGS}
        for index, spec in enumerate(demo_content.ARTICLES):
            self.seed_article(index, spec, sections=sections, authors=authors, tags=tags, disclaimers=disclaimers)
        Tag.refresh_counts()

    def seed_disclaimers(self):
        disclaimers = {}
        for key, spec in demo_content.DISCLAIMERS.items():
            values = {"body": spec["body"], "active": True, "is_default": spec["is_default"]}
            if spec["is_default"]:
                # Respect a default an editor has already chosen: only one may exist.
                other_default = Disclaimer.objects.filter(is_default=True).exclude(title=spec["title"]).exists()
                values["is_default"] = not other_default
            disclaimers[key] = self._upsert("Disclaimers", Disclaimer, {"title": spec["title"]}, values)
        return disclaimers

    def seed_sections(self, disclaimers):
        sections = {}
        for spec in demo_content.SECTIONS:
            default = disclaimers[spec["default_disclaimer"]] if spec.get("default_disclaimer") else None
            values = {
                "name": spec["name"],
                "description": spec["description"],
                "position": spec["position"],
                "default_disclaimer_id": default.pk if default else None,
            }
            sections[spec["slug"]] = self._upsert("Sections", Section, {"slug": spec["slug"]}, values)
        return sections

    def seed_author(self, spec):
        values = {key: spec[key] for key in ("name", "credentials", "job_title", "bio")}
        return self._upsert("Authors", Author, {"slug": spec["slug"]}, values)

    def seed_tag(self, spec):
        values = {"name": spec["name"], "slug": spec["slug"], "description": spec["description"]}
        return self._upsert("Tags", Tag, {"slug": spec["slug"]}, values, fallback={"name__iexact": spec["name"]})

    def seed_article(self, index, spec, *, sections, authors, tags, disclaimers):
        article = Article.objects.filter(slug=spec["slug"]).first()
        created = article is None
        if not created:
            # An existing story is the editors' now; only a missing hero file is restored.
            changed = self.restore_missing_hero(article, spec)
            self._count("Articles", False, changed)
            return article
        article = Article(slug=spec["slug"], created_by=self.created_by)

        status = spec.get("status", Status.PUBLISHED)
        disclaimer = disclaimers[spec["disclaimer"]] if spec.get("disclaimer") else None
        reviewer = authors[spec["reviewed_by"]] if spec.get("reviewed_by") else None
        values = {
            "title": spec["title"],
            "dek": spec["dek"],
            "body": render_body(spec["body"]),
            "section_id": sections[spec["section"]].pk,
            "status": status,
            "source_name": spec.get("source_name", ""),
            "source_url": spec.get("source_url", ""),
            "source_note": spec.get("source_note", ""),
            "original_reporting": spec.get("original_reporting", False),
            "disclaimer_id": disclaimer.pk if disclaimer else None,
            "reviewed_by_id": reviewer.pk if reviewer else None,
            "hero_alt": spec["hero"]["alt"],
            "hero_caption": spec["hero"]["caption"],
            "hero_credit": spec["hero"]["credit"],
        }
        # The publication date is chosen once, on creation, so reruns do not move stories.
        if article.published_at is None and status == Status.PUBLISHED:
            values["published_at"] = self.planned_publication(index, spec)
        if reviewer and article.last_reviewed is None:
            values["last_reviewed"] = (values.get("published_at") or article.published_at or self.now).date()

        changed = _assign(article, values)
        if created or changed:
            article.save()

        changed += self.sync_bylines(article, [authors[slug] for slug in spec["authors"]])
        changed += self.sync_tags(article, [tags[slug] for slug in spec["tags"]])

        stamps = {}
        if self.restore_missing_hero(article, spec, save=False):
            stamps["hero_image"] = article.hero_image.name
        if created and article.published_at:
            # A seeded story was written when it went live: no "updated" label on day one.
            stamps["created_at"] = stamps["updated_at"] = min(article.published_at, self.now)
        if stamps:
            Article.objects.filter(pk=article.pk).update(**stamps)  # bypasses auto_now
        self._count("Articles", created, changed)
        return article

    def restore_missing_hero(self, article, spec, save=True):
        """Draw the demo hero when the article has none or its file is gone; return what changed."""
        if article.hero_image and article.hero_image.storage.exists(article.hero_image.name):
            process_field(article, "hero_image")  # an older demo hero: normalise it, make missing renditions
            return []
        colours = next(s["colours"] for s in demo_content.SECTIONS if s["slug"] == spec["section"])
        # Through the image pipeline: re-encoded under a generated name, renditions made now.
        store_normalised(article.hero_image, ContentFile(render_hero(spec["slug"], colours), name="demo-hero.jpg"))
        if save:
            Article.objects.filter(pk=article.pk).update(hero_image=article.hero_image.name)
        self.heroes += 1
        return ["hero_image"]

    def planned_publication(self, index, spec):
        if "scheduled_in_days" in spec:
            return self.now + timedelta(days=spec["scheduled_in_days"])
        # Spread same-day stories over the morning so the latest list has a stable order.
        hours = (zlib.crc32(spec["slug"].encode()) % 9) + 1
        return self.now - timedelta(days=spec.get("days_ago", 0), hours=hours, minutes=index)

    def sync_bylines(self, article, authors):
        wanted = [(author.pk, position) for position, author in enumerate(authors)]
        current = list(article.bylines.order_by("position", "id").values_list("author_id", "position"))
        if current == wanted:
            return []
        article.bylines.all().delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author=author, position=position) for position, author in enumerate(authors)
        )
        return ["bylines"]

    def sync_tags(self, article, tags):
        if set(article.tags.values_list("pk", flat=True)) == {tag.pk for tag in tags}:
            return []
        article.tags.set(tags)
        return ["tags"]


class Command(BaseCommand):
    help = "Load original demo articles, sections, authors, tags and disclaimers, and local writer/editor/admin logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when neither DEBUG nor LOCAL_MODE is on. Creates staff logins with stored passwords.",
        )

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or getattr(settings, "LOCAL_MODE", False) or force):
            raise CommandError(
                "seed_demo creates demo content and staff logins with stored passwords; it is for local use. "
                "Run it with NEWSROOM_LOCAL=1 (make serve) or DJANGO_DEBUG=1, or pass --force if you really mean it."
            )

        with transaction.atomic():
            logins = ensure_demo_users(self.stdout)
            User = get_user_model()
            editor = User._default_manager.filter(**{User.USERNAME_FIELD: DEMO_USERS[0]["username"]}).first()
            seeder = Seeder(timezone.now(), created_by=editor)
            seeder.run()

        for label, counts in seeder.stats.items():
            self.stdout.write(
                f"{label}: {counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged"
            )
        self.stdout.write(f"Hero images generated: {seeder.heroes}")
        for label, username, password in logins:
            self.stdout.write(self.style.SUCCESS(f"{label}: {username} / {password}"))
        self.stdout.write(f"(Demo passwords are kept in {demo_logins_path()}; local use only.)")
