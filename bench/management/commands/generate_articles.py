"""Generate N realistic published articles in bulk, for benchmarks and load tests.

    python manage.py generate_articles 100000 --seed 1 [--batch 2000] [--years 8]

Sections, authors and ~500 tags (a long tail: see bench.generator) are created if
missing; articles, bylines and tag links are written one transaction per batch: with
COPY on PostgreSQL (ids drawn from the sequence first), with bulk_create elsewhere.
Both bypass Article.save() and every signal, so this command does by hand what they
would do: the bodies are generated clean (only <p> and <h2> with escaped text, which
the sanitizer keeps unchanged), each batch gets its stored body HTML
(articles.services.store_rendered_bodies) and its search documents (built from memory,
search.services.add_documents), tag counts are refreshed in one UPDATE, the new
articles' related stories are stored once all are in (articles.related.refresh_related),
and public content is declared changed once (articles.changes.bulk_changed).

On PostgreSQL the per-batch follow-ups run on a second connection while the next batch
is generated, so the database and Python work at the same time.

With --seed the archive is reproducible: the same seed on the same starting database
gives the same articles (titles, slugs, bodies, tags, authors, dates relative to the
current minute).
"""

import queue
import random
import threading
import time
from datetime import timedelta
from types import SimpleNamespace

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from articles import changes, related, review, services
from articles.models import Article, ArticleAuthor, Author, Section, Status, Tag, TaggedArticle
from bench import generator
from bench.progress import Progress, Timings
from search.services import add_documents, build_document


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
        parser.add_argument(
            "--no-bodies",
            action="store_true",
            help="Leave stored body HTML to a later articles.services.store_rendered_bodies (CPU-bound, ~2 ms each).",
        )
        parser.add_argument(
            "--no-related",
            action="store_true",
            help="Leave stored related stories to a later articles.related.refresh_related (a query per article).",
        )

    def handle(self, *args, count, seed, batch, years, no_search_index, no_progress, no_bodies, no_related, **options):
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
            count=count,
        )
        progress = None if no_progress else Progress(count, self.stderr)
        timings = Timings()
        # A caller's transaction (a test) cannot be seen from a second connection: write inline then.
        parallel = connection.vendor == "postgresql" and not connection.in_atomic_block
        writer = BackgroundWriter() if parallel else InlineWriter()
        done, new_ids = 0, []
        try:
            while done < count:
                specs = [gen.article() for _ in range(min(batch, count - done))]
                with transaction.atomic():
                    ids = write_batch(specs, sections=sections, authors=authors, tags=tags)
                if not no_bodies:  # What Article.save() would have stored: the reader's body HTML.
                    writer.submit(timings.timed("bodies", services.store_rendered_bodies), ids)
                if not no_search_index:
                    writer.submit(add_documents, search_documents(ids, specs, tags))
                new_ids.extend(ids)
                done += len(specs)
                if progress:
                    progress.update(done)
        finally:
            writer.close()
        Tag.refresh_counts()
        refresh_planner_statistics()
        if not no_related:
            # Once the whole batch is in and tags are counted, so every list can draw on all of it.
            timings.timed("related", related.refresh_related)(new_ids)
        changes.bulk_changed()  # bulk_create and update() bypass Article.save()
        elapsed = time.monotonic() - started
        search_note = "search index skipped" if no_search_index else "search index filled"
        related_note = "related stories left to refresh" if no_related else "related stories stored"
        body_note = "body HTML left to store" if no_bodies else "body HTML stored"
        self.stdout.write(
            f"Created {count:,} published articles (seed {seed}) in {elapsed:.1f} s "
            f"({count / elapsed if elapsed else 0:,.0f}/s); tag counts refreshed; {search_note}; {body_note}; "
            f"{related_note}. "
            f"{timings}"
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


def article_values(spec, slug, *, sections, authors):
    """{attname: value} of the Article row a spec becomes, as Article.save() would store it.

    The body is already clean (see the module docstring); created and updated are the
    publication time, since a generated story was written when it was published. The review
    due date is computed here as save() does (an UPDATE of every row afterwards took 10 of the
    43 minutes of a million).
    """
    reviewer = authors[spec.reviewer_index] if spec.reviewer_index is not None else None
    last_reviewed = (spec.published_at + timedelta(days=spec.reviewed_after_days)).date() if reviewer else None
    section = sections[spec.section_index]
    return {
        "title": spec.title,
        "slug": slug,
        "dek": spec.dek,
        "body": spec.body,
        "section_id": section.pk,
        "status": Status.PUBLISHED,
        "published_at": spec.published_at,
        "created_at": spec.published_at,
        "updated_at": spec.published_at,
        "source_name": spec.source_name,
        "original_reporting": spec.original_reporting,
        "reviewed_by_id": reviewer.pk if reviewer else None,
        "last_reviewed": last_reviewed,
        "review_due_on": review.due_on(
            last_reviewed=last_reviewed,
            created_on=timezone.localdate(spec.published_at),
            months=section.review_interval_months,
        ),
    }


def free_slugs(specs):
    """Each spec's slug, suffixed where the database (or an earlier spec) already has it."""
    taken = set(Article.objects.filter(slug__in=[spec.slug for spec in specs]).values_list("slug", flat=True))
    slugs = []
    for spec in specs:
        slug = spec.slug
        suffix = 2
        while slug in taken:  # the same seed run twice on one database
            slug = f"{spec.slug}-{suffix}"
            suffix += 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def write_batch(specs, *, sections, authors, tags):
    """Insert one batch of specs with their bylines and tag links; returns the new article ids in spec order."""
    rows = [
        article_values(spec, slug, sections=sections, authors=authors)
        for spec, slug in zip(specs, free_slugs(specs), strict=True)
    ]
    # Bylines and tag links carry their article's publication time (articles.models.link_dates).
    bylines = [
        (index, authors[author_index].pk, position, rows[index]["published_at"])
        for index, spec in enumerate(specs)
        for position, author_index in enumerate(spec.author_indexes)
    ]
    links = [
        (index, tags[tag_index].pk, rows[index]["published_at"])
        for index, spec in enumerate(specs)
        for tag_index in spec.tag_indexes
    ]
    write = copy_rows if connection.vendor == "postgresql" else bulk_create_rows
    return write(rows, bylines, links)


def bulk_create_rows(rows, bylines, links):
    """The portable way: bulk_create (SQLite returns the new ids)."""
    articles = Article.objects.bulk_create([Article(**values) for values in rows])
    ids = [article.pk for article in articles]
    # auto_now and auto_now_add stamp "now" on the insert; put the publication time back.
    Article.objects.filter(pk__in=ids).update(created_at=F("published_at"), updated_at=F("published_at"))
    ArticleAuthor.objects.bulk_create(
        [
            ArticleAuthor(article_id=ids[index], author_id=author, position=position, published_at=published_at)
            for index, author, position, published_at in bylines
        ]
    )
    TaggedArticle.objects.bulk_create(
        [
            TaggedArticle(content_object_id=ids[index], tag_id=tag, published_at=published_at)
            for index, tag, published_at in links
        ]
    )
    return ids


def copy_rows(rows, bylines, links):
    """PostgreSQL: ids drawn from the articles' sequence, then one COPY per table."""
    fields = Article._meta.concrete_fields
    template = Article()  # every column the generator leaves alone keeps the model's default
    defaults = {field.attname: field.get_db_prep_save(getattr(template, field.attname), connection) for field in fields}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Article._meta.db_table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        names = [field.attname for field in fields]
        _copy(
            cursor,
            Article,
            [field.column for field in fields],
            (
                [values.get(name, defaults[name]) if name != "id" else pk for name in names]
                for pk, values in zip(ids, rows, strict=True)
            ),
        )
        _copy(
            cursor,
            ArticleAuthor,
            ["article_id", "author_id", "position", "published_at"],
            ((ids[index], author, position, published_at) for index, author, position, published_at in bylines),
        )
        _copy(
            cursor,
            TaggedArticle,
            ["content_object_id", "tag_id", "published_at"],
            ((ids[index], tag, published_at) for index, tag, published_at in links),
        )
    return ids


def _copy(cursor, model, columns, rows):
    quote = connection.ops.quote_name
    with cursor.copy(f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def search_documents(ids, specs, tags):
    """The batch's search documents, built from what is in memory (no article is read back)."""
    documents = [
        build_document(
            SimpleNamespace(pk=pk, title=spec.title, dek=spec.dek, body=spec.body, published_at=spec.published_at),
            sorted(tags[index].name for index in spec.tag_indexes),
        )
        for pk, spec in zip(ids, specs, strict=True)
    ]
    return documents


class InlineWriter:
    """Runs each job at once, in its own transaction."""

    def submit(self, job, *args):
        with transaction.atomic():
            job(*args)

    def close(self):
        pass


class BackgroundWriter:
    """Runs jobs in order on a second database connection while the caller generates the next batch.

    On PostgreSQL computing a batch's search vectors takes the server as long as generating
    the batch takes Python; overlapping them uses both of a small machine's cores.
    The first error stops the jobs and is raised by the next submit() or by close().
    """

    def __init__(self):
        self.jobs = queue.Queue(maxsize=2)
        self.error = None
        self.thread = threading.Thread(target=self._run, name="generate_articles-writer", daemon=True)
        self.thread.start()

    def submit(self, job, *args):
        self._raise()
        self.jobs.put((job, args))

    def close(self):
        self.jobs.put(None)
        self.thread.join()
        self._raise()

    def _raise(self):
        if self.error is not None:
            raise CommandError(f"Writing in the background failed: {self.error}") from self.error

    def _run(self):
        try:
            while (item := self.jobs.get()) is not None:
                if self.error is None:
                    job, args = item
                    try:
                        with transaction.atomic():
                            job(*args)
                    except Exception as error:  # noqa: BLE001 (handed to the main thread)
                        self.error = error
        finally:
            connection.close()
