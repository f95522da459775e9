"""Tags: every tag has a usable slug, and a tag exists for readers only once a public article carries it."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Status, Tag
from tests.support.factories import make_article, make_author, make_tag, ready_article
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db


def tag_named(name):
    """A tag made the way a writer makes one: typed into an article's tag field."""
    make_article(status=Status.DRAFT, published_at=None).tags.add(name)
    return Tag.objects.get(name=name)


class TestSlugs:
    def test_a_name_with_no_letters_gets_a_generated_slug(self):
        assert tag_named("!!!").slug.startswith("tag-")

    def test_two_such_names_get_different_slugs(self):
        assert tag_named("!!!").slug != tag_named("???").slug

    def test_non_latin_names_are_transliterated(self):
        assert tag_named("Кардиология").slug == "kardiologiya"
        assert tag_named("Ärzte & Pflege").slug == "arzte-pflege"

    def test_a_clash_gets_a_numbered_slug(self):
        make_tag("Lupus", slug="lupus")
        assert tag_named("LUPUS!").slug == "lupus_1"

    def test_a_long_name_leaves_room_for_the_clash_number(self):
        slug = tag_named("a" * 100).slug
        assert 0 < len(slug) <= 90

    def test_clearing_a_slug_gives_a_fresh_unique_one(self):
        make_tag("Stroke", slug="stroke")
        tag = make_tag("Stroke care", slug="stroke-care")
        tag.name, tag.slug = "Stroke!", ""
        tag.save()
        assert tag.slug == "stroke_1"

    def test_the_database_refuses_an_empty_slug(self):
        tag = make_tag("Lupus")
        with pytest.raises(IntegrityError), transaction.atomic():
            Tag.objects.filter(pk=tag.pk).update(slug="")

    def test_a_draft_tagged_with_punctuation_previews(self, client):
        writer_author = make_author("Wren Writer")
        writer = make_staff("writer", "writer", author=writer_author)
        draft = ready_article("Tagged oddly", created_by=writer, authors=[writer_author])
        draft.tags.add("!!!")
        client.force_login(writer)
        response = client.get(f"/preview/{draft.pk}/")
        assert response.status_code == 200
        assert Tag.objects.get(name="!!!").get_absolute_url() in response.content.decode()

    def test_a_published_story_tagged_with_punctuation_and_its_tag_page_answer(self, client, small_site):
        small_site.story.tags.add("!!!")
        tag = Tag.objects.get(name="!!!")
        assert client.get(small_site.story.get_absolute_url()).status_code == 200
        assert client.get(tag.get_absolute_url()).status_code == 200
        sitemap = client.get("/sitemap-tags.xml")
        assert sitemap.status_code == 200
        assert f"/tag/{tag.slug}/" in sitemap.content.decode()


class TestPublicTags:
    @pytest.fixture
    def embargoed(self, small_site):
        """A tag only a draft and a story scheduled for tomorrow carry."""
        tag = make_tag("Secret trial drug")
        make_article("Draft", status=Status.DRAFT, published_at=None, tags=[tag])
        make_article("Tomorrow", published_at=timezone.now() + timedelta(days=1), tags=[tag])
        return tag

    def urls(self, tag):
        return [f"/tag/{tag.slug}/", f"/tag/{tag.slug}/feed/", f"/tag/{tag.slug}/feed/atom/"]

    def test_public_means_carried_by_a_public_article(self, small_site, embargoed):
        assert list(Tag.objects.public()) == [small_site.tag]

    def test_public_tags_are_read_in_one_query(self, small_site, embargoed, django_assert_num_queries):
        with django_assert_num_queries(1):
            list(Tag.objects.public())

    def test_an_embargoed_tag_answers_404_like_an_unknown_one(self, client, embargoed):
        for url in [*self.urls(embargoed), "/tag/no-such-tag/", "/tag/no-such-tag/feed/"]:
            assert client.get(url).status_code == 404, url

    def test_an_embargoed_tag_is_not_in_the_sitemap(self, client, small_site, embargoed):
        sitemap = client.get("/sitemap-tags.xml").content.decode()
        assert f"/tag/{small_site.tag.slug}/" in sitemap
        assert embargoed.slug not in sitemap

    def test_a_public_tag_answers_everywhere(self, client, small_site):
        for url in self.urls(small_site.tag):
            assert client.get(url).status_code == 200, url

    def test_the_tag_goes_public_with_its_first_story(self, client, small_site, embargoed):
        make_article("Now public", tags=[embargoed])
        for url in self.urls(embargoed):
            assert client.get(url).status_code == 200, url
        assert f"/tag/{embargoed.slug}/" in client.get("/sitemap-tags.xml").content.decode()
