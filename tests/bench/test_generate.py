"""The benchmark's content generator (manage.py generate_articles) and its baseline view."""

import importlib
import io
from collections import Counter
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.urls import clear_url_caches
from django.utils import timezone

from articles import review
from articles.models import Article, ArticleAuthor, Section, Status, Tag, TaggedArticle
from articles.sanitize import sanitize_html
from bench.generator import HEAD_TAGS, SECTIONS, tag_names
from search.backends import get_backend
from search.models import SearchDocument

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def generate(count, *, seed=5, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_articles", str(count), "--seed", str(seed), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def snapshot():
    """What a reader would see of the archive, article by article in creation order."""
    articles = Article.objects.order_by("pk").prefetch_related("tags", "bylines__author").select_related("section")
    return [
        (
            article.slug,
            article.title,
            article.dek,
            article.body,
            article.section.slug,
            article.published_at,
            sorted(tag.name for tag in article.tags.all()),
            [byline.author.slug for byline in article.bylines.all()],
        )
        for article in articles
    ]


def test_creates_published_articles_with_bylines_tags_and_clean_bodies(frozen):
    out, _ = generate(40)

    articles = list(Article.objects.all())
    assert len(articles) == 40
    assert "Created 40 published articles (seed 5)" in out
    assert {article.status for article in articles} == {Status.PUBLISHED}
    assert Article.objects.published().count() == 40
    for article in articles:
        assert article.body.count("<p>") >= 4
        assert sanitize_html(article.body) == article.body  # bulk_create bypassed save(): already clean
        assert article.created_at == article.updated_at == article.published_at  # not "updated" since
    assert set(ArticleAuthor.objects.values_list("article", flat=True)) == {article.pk for article in articles}
    assert set(TaggedArticle.objects.values_list("content_object", flat=True)) == {a.pk for a in articles}


def test_review_due_dates_are_stored_as_a_save_would(frozen):
    generate(60)
    for article in Article.objects.select_related("section"):
        expected = review.due_on(
            last_reviewed=article.last_reviewed,
            created_on=timezone.localdate(article.created_at),
            months=article.section.review_interval_months,
        )
        assert article.review_due_on == expected, article.slug
    assert Article.objects.filter(review.review_due_q()).exists()


def test_dates_spread_over_years_and_never_in_the_future(frozen):
    generate(150)

    dates = list(Article.objects.values_list("published_at", flat=True))
    assert max(dates) <= timezone.now()
    assert (max(dates) - min(dates)).days > 2 * 365


def test_the_same_seed_gives_the_same_archive(frozen):
    generate(30, seed=11)
    first = snapshot()
    Article.objects.all().delete()

    generate(30, seed=11)

    assert snapshot() == first


def test_another_seed_gives_other_articles(frozen):
    generate(20, seed=1)
    first = {row[1:4] for row in snapshot()}
    Article.objects.all().delete()

    generate(20, seed=2)

    assert {row[1:4] for row in snapshot()}.isdisjoint(first)


def test_running_the_same_seed_twice_adds_articles_with_fresh_slugs(frozen):
    generate(15, seed=3)
    generate(15, seed=3)

    assert Article.objects.count() == 30
    assert Article.objects.values("slug").distinct().count() == 30
    assert Section.objects.count() == len(SECTIONS)  # reference rows are reused, not duplicated


def test_tags_follow_a_long_tail_and_their_counts_are_filled(frozen):
    generate(400)

    usage = Counter(TaggedArticle.objects.values_list("tag__name", flat=True))
    top_name, top_count = usage.most_common(1)[0]
    assert top_name == HEAD_TAGS[0] == "COVID-19"
    assert top_count >= 0.25 * 400  # a few tags on a large share of the articles...
    assert len(usage) >= 150  # ...and a long tail of rare ones
    assert sum(1 for count in usage.values() if count <= 2) >= len(usage) / 2
    assert Tag.objects.filter(name__in=tag_names()).count() == 500
    for tag in Tag.objects.filter(name__in=list(usage)):
        assert tag.article_count == usage[tag.name]


def test_existing_sections_and_tags_are_reused(frozen):
    Section.objects.create(name="Cardiology", slug="heart")  # same name, another slug
    Tag.objects.create(name="covid-19", slug="covid-19")  # same tag, other case

    generate(10)

    assert Section.objects.filter(name="Cardiology").count() == 1
    assert Tag.objects.filter(slug="covid-19").count() == 1


def test_the_search_index_is_filled_in_bulk(frozen):
    generate(25)

    assert SearchDocument.objects.count() == 25
    article = Article.objects.order_by("pk").first()
    assert get_backend().search(article.title).count() >= 1


def test_no_search_index_option_skips_it(frozen):
    out, _ = generate(5, no_search_index=True)

    assert "search index skipped" in out
    assert not SearchDocument.objects.exists()


def test_progress_goes_to_stderr_with_an_eta(frozen):
    _, err = generate(30, batch=10)

    lines = [line for line in err.splitlines() if line]
    assert lines[-1].startswith("[##############################]")
    assert "30/30" in lines[-1] and "ETA" in lines[-1]


def test_bad_arguments_are_refused():
    with pytest.raises(Exception, match="--batch"):
        call_command("generate_articles", "5", "--batch", "0", stdout=io.StringIO(), stderr=io.StringIO())


def test_cached_pages_are_rendered_again_after_a_run(frozen, client):
    """bulk_create sends no signal: the command itself declares that public content changed."""
    generate(3, seed=1)  # sections, authors and tags exist from here on, so the next run only bulk-writes
    client.get("/")
    assert client.get("/").headers["X-Page-Cache"] == "hit"

    generate(3, seed=2)

    assert client.get("/").headers["X-Page-Cache"] == "miss"


# --- The baseline view ------------------------------------------------------------------


@pytest.fixture
def urls_with(settings):
    """Reload the project's URLconf under a setting; restore it afterwards."""
    original = settings.BENCH_BASELINE_VIEW

    def reload(value):
        settings.BENCH_BASELINE_VIEW = value
        clear_url_caches()
        importlib.reload(importlib.import_module(settings.ROOT_URLCONF))

    yield reload
    reload(original)


def test_baseline_view_is_off_by_default(client, settings):
    assert settings.BENCH_BASELINE_VIEW is False
    assert client.get("/bench/baseline/").status_code == 404


def test_baseline_view_answers_a_short_response_when_turned_on(client, urls_with):
    urls_with(True)

    response = client.get("/bench/baseline/")

    assert response.status_code == 200
    assert response.content == b"ok\n"
