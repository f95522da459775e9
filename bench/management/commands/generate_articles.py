"""Generate N realistic published articles in bulk, for benchmarks and load tests.

    python manage.py generate_articles 100000 --seed 1 [--batch 2000] [--years 8]

Sections, authors and ~500 tags (a long tail: see bench.generator) are created if
missing; articles, bylines and tag links are written with batched bulk_create, one
transaction per batch. bulk_create bypasses Article.save() and every signal, so this
command does by hand what they would do: the bodies are generated clean (only <p> and
<h2> with escaped text, which the sanitizer keeps unchanged), tag counts are refreshed
in one UPDATE at the end, each batch is put in the search index in bulk, and public
content is declared changed once (articles.changes.bulk_changed).

With --seed the archive is reproducible: the same seed on the same starting database
gives the same articles (titles, slugs, bodies, tags, authors, dates relative to the
current minute).
"""

import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from articles import changes
from articles.models import Article, ArticleAuthor, Author, Section, Status, Tag, TaggedArticle
from bench import generator
from search.services import index_articles


class Progress:
    """A hand-written progress bar with rate and ETA, on stderr (a line per 10 % when not a terminal).

    `stream` is a command's OutputWrapper (self.stderr), written to without its styling or line ending.
    """

    WIDTH = 30

    def __init__(self, total, stream):
        self.total = max(total, 1)
        self.stream = stream
        self.started = time.monotonic()
        self.tty = stream.isatty()
        self.last_decile = -1

    def write(self, text):
        self.stream.write(text, style_func=str, ending="")

    def update(self, done):
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - done) / rate if rate > 0 else 0.0
        fraction = min(done / self.total, 1.0)
        filled = int(self.WIDTH * fraction)
        line = (
            f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:>9,}/{self.total:,} {fraction:6.1%} "
            f"{rate:8,.0f}/s  elapsed {_clock(elapsed)}  ETA {_clock(eta)}"
        )
        if self.tty:
            self.write("\r" + line + ("\n" if done >= self.total else ""))
        else:
            decile = int(fraction * 10)
            if decile != self.last_decile or done >= self.total:
                self.last_decile = decile
                self.write(line + "\n")
        self.stream.flush()


def _clock(seconds):
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def refresh_planner_statistics():
    """After a bulk load the query planner needs fresh statistics, or it picks the wrong index.

    Related stories rank on the (tag, article) index, which the planner chooses only once it
    knows that index's size; without statistics they scan and grow with the archive.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = "Generate N published articles with a medical vocabulary and long-tailed tags (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many articles to create.")
        parser.add_argument("--seed", type=int, default=None, help="Same seed, same articles.")
        parser.add_argument("--batch", type=int, default=2000, help="Articles per bulk insert and transaction.")
        parser.add_argument("--years", type=int, default=8, help="Publication dates spread over this many years.")
        parser.add_argument("--no-search-index", action="store_true", help="Skip the search index (faster).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")

    def handle(self, *args, count, seed, batch, years, no_search_index, no_progress, **options):
        if count < 0 or batch < 1 or years < 1:
            raise CommandError("count must be >= 0, --batch and --years >= 1.")
        if seed is None:
            seed = random.SystemRandom().randrange(2**32)
        started = time.monotonic()
        sections = ensure_sections()
        authors = ensure_authors()
        tags = ensure_tags(generator.tag_names())
        reviewers = [index for index, author in enumerate(authors) if "MD" in author.credentials]
        gen = generator.ArticleGenerator(
            seed,
            tag_count=len(tags),
            section_weights=[section["weight"] for section in generator.SECTIONS],
            author_weights=[author["weight"] for author in generator.AUTHORS],
            reviewer_indexes=reviewers,
            until=timezone.now().replace(second=0, microsecond=0),
            years=years,
        )
        progress = None if no_progress else Progress(count, self.stderr)
        done = 0
        while done < count:
            specs = [gen.article() for _ in range(min(batch, count - done))]
            with transaction.atomic():
                articles = write_batch(specs, sections=sections, authors=authors, tags=tags)
                if not no_search_index:
                    index_articles([article.pk for article in articles], batch_size=batch)
            done += len(specs)
            if progress:
                progress.update(done)
        Tag.refresh_counts()
        refresh_planner_statistics()
        changes.bulk_changed()  # bulk_create and update() bypass Article.save()
        elapsed = time.monotonic() - started
        search_note = "search index skipped" if no_search_index else "search index filled"
        self.stdout.write(
            f"Created {count:,} published articles (seed {seed}) in {elapsed:.1f} s "
            f"({count / elapsed if elapsed else 0:,.0f}/s); tag counts refreshed; {search_note}."
        )


# --- Reference rows ------------------------------------------------------------------------


def ensure_sections():
    """The generator's sections in SECTIONS order, reusing any with the same slug or name."""
    sections = []
    for position, spec in enumerate(generator.SECTIONS):
        section = Section.objects.filter(Q(slug=spec["slug"]) | Q(name=spec["name"])).first()
        if section is None:
            section = Section.objects.create(
                name=spec["name"], slug=spec["slug"], description=spec["description"], position=position + 10
            )
        sections.append(section)
    return sections


def ensure_authors():
    authors = []
    for spec in generator.AUTHORS:
        author, _ = Author.objects.get_or_create(
            slug=slugify(spec["name"]),
            defaults={"name": spec["name"], "credentials": spec["credentials"], "job_title": spec["job_title"]},
        )
        authors.append(author)
    return authors


def ensure_tags(names):
    """Tags for `names` in order, matched by slug or (case-insensitively) by name, the missing ones bulk-created."""
    by_slug = {slugify(name): name for name in names}
    existing = {}
    for tag in Tag.objects.filter(Q(slug__in=list(by_slug)) | Q(name__in=names)):
        existing[tag.slug] = tag
        existing.setdefault(slugify(tag.name), tag)
    lowered = {tag.name.lower(): tag for tag in existing.values()}
    missing = [
        Tag(name=name, slug=slug)
        for slug, name in by_slug.items()
        if slug not in existing and name.lower() not in lowered
    ]
    Tag.objects.bulk_create(missing, batch_size=500)
    for tag in Tag.objects.filter(slug__in=[tag.slug for tag in missing]):
        existing[tag.slug] = tag
    return [existing.get(slugify(name)) or lowered[name.lower()] for name in names]


# --- Articles ------------------------------------------------------------------------------


def write_batch(specs, *, sections, authors, tags):
    """Insert one batch of specs with their bylines and tag links; returns the saved articles."""
    taken = set(Article.objects.filter(slug__in=[spec.slug for spec in specs]).values_list("slug", flat=True))
    articles = []
    for spec in specs:
        slug = spec.slug
        suffix = 2
        while slug in taken:  # the same seed run twice on one database
            slug = f"{spec.slug}-{suffix}"
            suffix += 1
        taken.add(slug)
        reviewer = authors[spec.reviewer_index] if spec.reviewer_index is not None else None
        articles.append(
            Article(
                title=spec.title,
                slug=slug,
                dek=spec.dek,
                body=spec.body,
                section=sections[spec.section_index],
                status=Status.PUBLISHED,
                published_at=spec.published_at,
                source_name=spec.source_name,
                original_reporting=spec.original_reporting,
                reviewed_by=reviewer,
                last_reviewed=(spec.published_at + timedelta(days=spec.reviewed_after_days)).date()
                if reviewer
                else None,
            )
        )
    Article.objects.bulk_create(articles)
    ids = [article.pk for article in articles]
    # auto_now/auto_now_add stamped "now" on the insert; a generated story was written when it was published.
    Article.objects.filter(pk__in=ids).update(created_at=F("published_at"), updated_at=F("published_at"))
    ArticleAuthor.objects.bulk_create(
        [
            ArticleAuthor(article=article, author=authors[author_index], position=position)
            for article, spec in zip(articles, specs, strict=True)
            for position, author_index in enumerate(spec.author_indexes)
        ]
    )
    TaggedArticle.objects.bulk_create(
        [
            TaggedArticle(content_object=article, tag=tags[tag_index])
            for article, spec in zip(articles, specs, strict=True)
            for tag_index in spec.tag_indexes
        ]
    )
    return articles
