"""How generate_articles writes: COPY on PostgreSQL, bulk inserts on SQLite, documents from memory."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from articles import services
from articles.models import Article, ArticleAuthor, RelatedStory, TaggedArticle
from articles.models.link_dates import copy_to_links
from bench.management.commands.generate_articles import BackgroundWriter
from search.backends import get_backend
from search.models import SearchDocument

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and the second connection")


def generate(count, *, seed=5):
    call_command("generate_articles", str(count), "--seed", str(seed), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db(transaction=True)  # each job runs in a transaction on the writer's own connection
def test_a_failed_background_job_is_raised_when_the_writer_closes():
    done = []

    def fail():
        raise ValueError("disk full")

    writer = BackgroundWriter()
    writer.submit(done.append, 1)
    writer.submit(fail)
    writer.submit(done.append, 2)  # after a failure nothing more is written

    with pytest.raises(CommandError, match="disk full"):
        writer.close()
    assert done == [1]


@pytest.mark.django_db
def test_columns_the_generator_leaves_alone_keep_the_models_defaults():
    generate(12)

    blank = Article()
    for article in Article.objects.all():
        assert (article.source_url, article.hero_image.name, article.hero_alt, article.disclaimer_id) == (
            blank.source_url,
            blank.hero_image.name,
            blank.hero_alt,
            blank.disclaimer_id,
        )
        assert article.created_at == article.updated_at == article.published_at


@pytest.mark.django_db
def test_each_document_is_built_from_its_article_with_its_tag_names():
    generate(12)

    for article in Article.objects.prefetch_related("tags"):
        document = SearchDocument.objects.get(article=article)
        assert document.title == article.title
        assert document.published_at == article.published_at
        assert all(tag.name in document.meta for tag in article.tags.all())
        assert "<p>" not in document.body


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_outside_a_transaction_documents_are_written_on_a_second_connection():
    generate(30)

    assert Article.objects.count() == SearchDocument.objects.count() == 30
    assert not SearchDocument.objects.filter(vector=None).exists()
    assert set(ArticleAuthor.objects.values_list("article", flat=True)) == set(
        Article.objects.values_list("pk", flat=True)
    )
    assert TaggedArticle.objects.count() >= 30
    article = Article.objects.order_by("pk").first()
    assert get_backend().search(article.title).count() >= 1
    generate(5, seed=6)  # the sequence moved on: new ids, no clash
    assert Article.objects.count() == 35


@pytest.mark.django_db
def test_generated_rows_get_what_save_would_store():
    generate(20)

    ids = list(Article.objects.values_list("pk", flat=True))
    assert services.store_rendered_bodies(ids) == 0  # every stored body HTML is already current
    assert copy_to_links(ids) == 0  # every tag link and byline carries its article's time already
    assert TaggedArticle.objects.filter(content_object_id__in=ids).exists()
    assert not Article.objects.filter(body_html="").exists()
    assert RelatedStory.objects.filter(article_id__in=ids).exists()


@pytest.mark.django_db
def test_related_stories_can_be_left_for_later():
    call_command("generate_articles", "8", "--no-related", stdout=io.StringIO(), stderr=io.StringIO())

    assert not RelatedStory.objects.exists()


@pytest.mark.django_db
def test_an_archive_is_written_in_publication_order():
    generate(30, seed=7)
    generate(30, seed=8)  # a second run on top: its own stories, again oldest first

    dates = list(Article.objects.order_by("pk").values_list("published_at", flat=True))
    first, second = dates[:30], dates[30:]
    assert first == sorted(first) and second == sorted(second) and first != second
