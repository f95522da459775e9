"""The search index follows tag deletions, and an article's delete does not index it again."""

import pytest
from django.db import transaction

from articles.models import Article, Tag
from search import services
from search.backends import get_backend
from search.models import SearchDocument
from tests.support.factories import make_article, make_tag
from tests.support.races import before_first_call, postgresql_only

pytestmark = pytest.mark.django_db


def titles(word):
    return [hit.article.title for hit in get_backend().search(word)[0:50]]


def test_deleting_a_tag_takes_its_name_out_of_its_articles_documents():
    tapir = make_tag("tapir")
    make_article("First story", tags=[tapir, make_tag("okapi")])
    make_article("Second story", tags=[tapir])
    assert sorted(titles("tapir")) == ["First story", "Second story"]
    tapir.delete()
    assert titles("tapir") == []
    assert titles("okapi") == ["First story"]


def test_deleting_several_tags_at_once_takes_all_their_names_out():
    story = make_article("Both tags", tags=[make_tag("tapir"), make_tag("okapi"), make_tag("ibex")])
    Tag.objects.filter(name__in=["tapir", "okapi"]).delete()
    assert titles("tapir") == titles("okapi") == []
    assert titles("ibex") == ["Both tags"]
    assert SearchDocument.objects.get(article=story).meta.endswith("ibex")


def test_a_tag_delete_that_rolls_back_leaves_the_documents_as_they_were():
    tapir = make_tag("tapir")
    make_article("Tagged story", tags=[tapir])
    with pytest.raises(RuntimeError), transaction.atomic():
        tapir.delete()
        raise RuntimeError("the delete fails after its signals")
    assert titles("tapir") == ["Tagged story"]


def test_deleting_an_article_does_not_index_it_again(monkeypatch):
    story = make_article("Gone quokka", tags=[make_tag("tapir"), make_tag("okapi")])
    indexed = []
    monkeypatch.setattr(services, "index_articles", lambda articles=None, **kw: indexed.append(articles))
    monkeypatch.setattr(services, "index_article", lambda article: indexed.append(article))
    story.delete()
    assert indexed == []
    assert not SearchDocument.objects.exists()


def test_removing_a_tag_reindexes_the_article_once(monkeypatch):
    tapir = make_tag("tapir")
    story = make_article("Tagged story", tags=[tapir, make_tag("okapi")])
    indexed = []
    monkeypatch.setattr(services, "index_article", lambda article: indexed.append(article.pk))
    monkeypatch.setattr(services, "index_articles", lambda articles=None, **kw: indexed.append(articles))
    story.tags.remove(tapir)
    assert indexed == [story.pk]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_edit_saved_while_the_index_is_rebuilt_keeps_its_own_document(monkeypatch):
    story = make_article("Aspirin and the heart", body="<p>Old wording.</p>")

    def editor_retitles():
        edited = Article.objects.get(pk=story.pk)
        edited.title = "Aspirin and the heart: corrected"
        edited.save()

    meanwhile = before_first_call(monkeypatch, services, "_index_batch", editor_retitles)
    services.index_articles()
    meanwhile.finish()

    assert titles("corrected") == ["Aspirin and the heart: corrected"]
