"""The article admin as each role uses it: the form cannot set the state, the list counts and filters, bulk actions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, Status, Transition
from tests.support.admin import change_url, form_data, messages_of
from tests.support.factories import make_author, make_tag, ready_article
from tests.support.staff import make_staff
from tests.support.workflow import ALL_ACTIONS, EXPECTED_STATE, SOURCE_STATE

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


@pytest.fixture
def staff():
    writer_author = make_author("Wren Writer")
    return {
        "writer": make_staff("writer", "writer", author=writer_author),
        "other_writer": make_staff("writer", "otto"),
        "editor": make_staff("editor", "editor"),
        "admin": make_staff("admin", "chief"),
        "writer_author": writer_author,
    }


def writers_draft(staff, title="Writer draft", **fields):
    return ready_article(title, created_by=staff["writer"], authors=[staff["writer_author"]], **fields)


class TestStatusCannotBeSetByTheForm:
    def test_writer_crafted_status_published_changes_nothing(self, client, staff):
        article = writers_draft(staff)
        client.force_login(staff["writer"])
        data = form_data(client.get(change_url(article)))
        data.update(status="published", published_at_0="2020-01-01", published_at_1="10:00", title="Edited title")
        response = client.post(change_url(article), {**data, "_continue": "1"})
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.title == "Edited title"  # the edit itself is saved…
        assert article.status == Status.DRAFT  # …but not the state,
        assert article.published_at is None  # nor the time (the workflow's field).
        assert not Transition.objects.exists()

    def test_editor_form_cannot_set_status_either(self, client, staff):
        article = writers_draft(staff)
        client.force_login(staff["editor"])
        data = form_data(client.get(change_url(article)))
        client.post(change_url(article), {**data, "status": "published", "_continue": "1"})
        article.refresh_from_db()
        assert article.status == Status.DRAFT

    def test_stale_or_crafted_form_cannot_move_the_publication_time(self, client, staff):
        """A form opened before a colleague scheduled the story, or crafted to clear the time, keeps the schedule."""
        article = writers_draft(staff, status=Status.APPROVED)
        client.force_login(staff["editor"])
        stale = form_data(client.get(change_url(article)))
        when = timezone.now().replace(microsecond=0) + timedelta(days=1)
        workflow.perform(article=article, action="schedule", by=staff["admin"], publish_at=when)
        cleared = {"published_at_0": "", "published_at_1": "", "published_at": ""}
        client.post(change_url(article), {**stale, **cleared, "_continue": "1"})
        article.refresh_from_db()
        assert (article.status, article.published_at) == (Status.PUBLISHED, when)

        fresh = form_data(client.get(change_url(article)))
        response = client.post(change_url(article), {**fresh, **cleared, "dek": "Fresher.", "_continue": "1"})
        article.refresh_from_db()
        assert response.status_code == 302 and article.dek == "Fresher."  # the text edit is saved…
        assert (article.status, article.published_at) == (Status.PUBLISHED, when)  # …the schedule kept

    def test_writer_crafted_add_form_starts_as_draft_and_owned(self, client, staff):
        client.force_login(staff["writer"])
        data = form_data(client.get("/admin/articles/article/add/"))
        data.update(title="New one", slug="new-one", section=str(writers_draft(staff).section_id), status="published")
        response = client.post("/admin/articles/article/add/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
        article = Article.objects.get(slug="new-one")
        assert article.status == Status.DRAFT
        assert article.created_by == staff["writer"]
        assert article.byline_authors == [staff["writer_author"]]

    # A live story is edited through its pending version (tests/articles/test_pending_admin.py).
    @pytest.mark.parametrize("state", [Status.IN_REVIEW, Status.APPROVED])
    def test_writer_cannot_edit_own_article_once_submitted(self, client, staff, state):
        published_at = timezone.now() - timedelta(hours=1) if state == Status.PUBLISHED else None
        article = writers_draft(staff, status=state, published_at=published_at)
        client.force_login(staff["writer"])
        page = client.get(change_url(article))
        assert page.status_code == 200  # they can read it…
        assert 'name="title"' not in page.content.decode()  # …as a read-only page
        data = {"title": "Sneaky", "slug": article.slug, "section": article.section_id}
        assert client.post(change_url(article), data).status_code == 403
        article.refresh_from_db()
        assert article.title == "Writer draft"

    def test_writer_cannot_see_another_writers_draft(self, client, staff):
        article = ready_article("Otto's draft", created_by=staff["other_writer"])
        client.force_login(staff["writer"])
        response = client.get(change_url(article))
        assert response.status_code == 302  # "doesn't exist. Perhaps it was deleted?"
        assert "Otto's draft" not in client.get(CHANGELIST).content.decode()

    def test_editor_edits_a_published_article(self, client, staff):
        article = writers_draft(staff, status=Status.PUBLISHED, published_at=timezone.now() - timedelta(days=1))
        client.force_login(staff["editor"])
        data = form_data(client.get(change_url(article)))
        response = client.post(change_url(article), {**data, "title": "Better headline", "_continue": "1"})
        assert response.status_code == 302
        article.refresh_from_db()
        assert (article.title, article.status) == ("Writer draft", Status.PUBLISHED)  # readers keep the live one
        assert article.pending_version.content["title"] == "Better headline"  # until an editor publishes it


class TestChangeForm:
    def test_shows_state_buttons_for_the_role_and_missing_checks(self, client, staff):
        article = writers_draft(staff, dek="", tags=[])
        client.force_login(staff["writer"])
        page = client.get(change_url(article)).content.decode()
        assert 'id="workflow-state">Draft<' in page
        assert "Still missing:" in page and "a standfirst (dek)" in page and "at least one tag" in page
        assert 'value="submit"' in page
        assert 'value="publish"' not in page and 'value="approve"' not in page
        assert "make a preview link" not in page

        client.force_login(staff["editor"])
        page = client.get(change_url(article)).content.decode()
        assert 'value="archive"' in page and "Save and make a preview link" in page
        assert 'value="publish"' not in page  # not from draft

    def test_an_overlong_tag_is_a_form_error(self, client, staff):
        article = writers_draft(staff)
        client.force_login(staff["writer"])
        data = form_data(client.get(change_url(article)))
        response = client.post(change_url(article), {**data, "tags": "t" * 101, "title": "Not saved"})
        assert response.status_code == 200
        assert "A tag can have at most 100 characters" in response.content.decode()
        article.refresh_from_db()
        assert article.title == "Writer draft"

    def test_view_on_site_only_once_public_preview_always(self, client, staff):
        draft = writers_draft(staff, "Draft")
        live = writers_draft(staff, "Live", status=Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1))
        client.force_login(staff["editor"])
        draft_page = client.get(change_url(draft)).content.decode()
        assert "viewsitelink" not in draft_page and f'href="/preview/{draft.pk}/"' in draft_page
        assert "viewsitelink" in client.get(change_url(live)).content.decode()

    def test_save_and_submit_keeps_what_was_typed(self, client, staff):
        """The buttons are in the main form: the edit is saved, then the transition happens."""
        article = writers_draft(staff)
        client.force_login(staff["writer"])
        data = form_data(client.get(change_url(article)))
        data.update({"dek": "A sharper standfirst.", "workflow-action": "submit", "workflow-comment": "Ready."})
        response = client.post(change_url(article), data)
        assert response.status_code == 302
        article.refresh_from_db()
        assert (article.dek, article.status) == ("A sharper standfirst.", Status.IN_REVIEW)
        assert Transition.objects.get(article=article).comment == "Ready."

    def test_refused_approval_names_what_is_missing(self, client, staff):
        article = writers_draft(staff, status=Status.IN_REVIEW, source_name="", hero_alt="")
        client.force_login(staff["editor"])
        data = form_data(client.get(change_url(article)))
        response = client.post(change_url(article), {**data, "workflow-action": "approve"})
        article.refresh_from_db()
        assert article.status == Status.IN_REVIEW
        assert any(
            'Cannot approve "Writer draft" yet. Still missing: a source (a source name, or tick "Original reporting").'
            == message
            for message in messages_of(response)
        )

    def test_schedule_from_the_form(self, client, staff):
        article = writers_draft(staff, status=Status.APPROVED)
        client.force_login(staff["editor"])
        data = form_data(client.get(change_url(article)))
        when = (timezone.localtime() + timedelta(days=2)).replace(second=0, microsecond=0)
        data.update({"workflow-action": "schedule", "workflow-publish_at": when.strftime("%Y-%m-%dT%H:%M")})
        client.post(change_url(article), data)
        article.refresh_from_db()
        assert (article.status, article.published_at) == (Status.PUBLISHED, when)
        page = client.get(change_url(article)).content.decode()
        assert "Scheduled for" in page

    def test_schedule_in_the_past_is_refused(self, client, staff):
        article = writers_draft(staff, status=Status.APPROVED)
        client.force_login(staff["editor"])
        data = form_data(client.get(change_url(article)))
        data.update({"workflow-action": "schedule", "workflow-publish_at": "2020-01-01T09:00"})
        response = client.post(change_url(article), data)
        article.refresh_from_db()
        assert article.status == Status.APPROVED
        assert any("is not in the future" in message for message in messages_of(response))


class TestChangeList:
    def test_columns_counts_and_upcoming(self, client, staff):
        now = timezone.now()
        writers_draft(staff, "A draft")
        writers_draft(staff, "In review one", status=Status.IN_REVIEW)
        writers_draft(staff, "Live one", status=Status.PUBLISHED, published_at=now - timedelta(days=1))
        writers_draft(staff, "Tomorrow's", status=Status.PUBLISHED, published_at=now + timedelta(days=1))
        client.force_login(staff["editor"])
        response = client.get(CHANGELIST)
        page = response.content.decode()
        counts = {state: count for state, _, count in response.context["workflow_counts"]}
        assert counts == {
            "draft": 1, "in_review": 1, "approved": 0, "scheduled": 1, "published": 1, "unpublished": 0, "archived": 0,
        }  # fmt: skip
        assert "Scheduled for" in page
        assert [a.title for a in response.context["workflow_upcoming"]] == ["Tomorrow's"]
        assert 'id="workflow-upcoming"' in page
        assert "column-missing_count" in page

    @pytest.mark.parametrize(
        ("query", "titles"),
        [
            ("state=scheduled", {"Tomorrow's"}),
            ("state=published", {"Live one"}),
            ("state=draft", {"A draft"}),
            ("review_due=yes", {"A draft", "Tomorrow's"}),
            ("review_due=no", {"Live one"}),
        ],
    )
    def test_filters(self, client, staff, query, titles):
        now = timezone.now()
        writers_draft(staff, "A draft")
        writers_draft(staff, "Live one", status=Status.PUBLISHED, published_at=now - timedelta(days=1),
                      last_reviewed=timezone.localdate() - timedelta(days=30))  # fmt: skip
        writers_draft(staff, "Tomorrow's", status=Status.PUBLISHED, published_at=now + timedelta(days=1),
                      last_reviewed=timezone.localdate() - timedelta(days=400))  # fmt: skip
        client.force_login(staff["editor"])
        response = client.get(f"{CHANGELIST}?{query}")
        assert {article.title for article in response.context["cl"].result_list} == titles

    def test_missing_count_costs_no_query_per_row(self, client, staff, django_assert_max_num_queries):
        for n in range(3):
            writers_draft(staff, f"Story {n}")
        client.force_login(staff["editor"])
        client.get(CHANGELIST)
        with django_assert_max_num_queries(30) as few:
            client.get(CHANGELIST)
        for n in range(3, 15):
            writers_draft(staff, f"Story {n}")
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(CHANGELIST)

    def test_writer_sees_only_own_articles_and_only_submit_and_withdraw(self, client, staff):
        writers_draft(staff, "Mine")
        ready_article("Theirs", created_by=staff["other_writer"])
        client.force_login(staff["writer"])
        response = client.get(CHANGELIST)
        assert [a.title for a in response.context["cl"].result_list] == ["Mine"]
        actions = {name for name, _ in response.context["action_form"].fields["action"].choices if name}
        assert actions == {"submit_selected", "withdraw_selected"}


class TestBulkActions:
    def post_action(self, client, action, articles, **extra):
        # As the confirmation page posts it (publish, unpublish and archive ask first: test_bulk_confirm.py).
        data = {"action": action, "_selected_action": [a.pk for a in articles], "index": 0,
                "workflow-bulk-confirm": "yes", **extra}  # fmt: skip
        return client.post(CHANGELIST, data)

    def test_publish_reports_per_article_what_was_refused_and_why(self, client, staff):
        good = writers_draft(staff, "Good one", status=Status.APPROVED)
        untagged = writers_draft(staff, "Untagged one", status=Status.APPROVED, tags=[])
        drafty = writers_draft(staff, "Still a draft")
        client.force_login(staff["editor"])
        response = self.post_action(client, "publish_selected", [good, untagged, drafty])
        notes = messages_of(response)
        assert "1 article published: Good one." in notes
        assert (
            'Not done for "Untagged one": Cannot publish "Untagged one" yet. Still missing: at least one tag.' in notes
        )
        assert 'Not done for "Still a draft": An article that is draft cannot be published.' in notes
        statuses = dict(Article.objects.values_list("title", "status"))
        assert statuses == {"Good one": "published", "Untagged one": "approved", "Still a draft": "draft"}

    def test_bulk_return_uses_the_comment_and_bulk_schedule_the_time(self, client, staff):
        first = writers_draft(staff, "First", status=Status.IN_REVIEW)
        second = writers_draft(staff, "Second", status=Status.APPROVED)
        client.force_login(staff["editor"])
        self.post_action(client, "return_selected", [first], comment="Check the numbers.")
        first.refresh_from_db()
        assert first.status == Status.DRAFT
        assert first.transitions.get().comment == "Check the numbers."

        when = (timezone.localtime() + timedelta(hours=3)).replace(second=0, microsecond=0)
        self.post_action(client, "schedule_selected", [second], publish_at=when.strftime("%Y-%m-%dT%H:%M"))
        second.refresh_from_db()
        assert (second.status, second.published_at) == (Status.PUBLISHED, when)

    def test_bulk_return_without_comment_is_refused_for_each(self, client, staff):
        one = writers_draft(staff, "One", status=Status.IN_REVIEW)
        client.force_login(staff["editor"])
        response = self.post_action(client, "return_selected", [one])
        assert any("needs a comment" in note for note in messages_of(response))
        one.refresh_from_db()
        assert one.status == Status.IN_REVIEW

    def test_writer_cannot_run_an_editor_action_by_crafting_the_post(self, client, staff):
        article = writers_draft(staff, status=Status.APPROVED)
        client.force_login(staff["writer"])
        self.post_action(client, "publish_selected", [article])
        article.refresh_from_db()
        assert article.status == Status.APPROVED

    def test_writer_bulk_submits_own_drafts(self, client, staff):
        article = writers_draft(staff)
        client.force_login(staff["writer"])
        response = self.post_action(client, "submit_selected", [article])
        assert "1 article submitted for review: Writer draft." in messages_of(response)

    def test_admin_can_archive_in_bulk(self, client, staff):
        articles = [writers_draft(staff, f"Old {n}", status=Status.UNPUBLISHED) for n in range(3)]
        client.force_login(staff["admin"])
        self.post_action(client, "archive_selected", articles)
        assert set(Article.objects.values_list("status", flat=True)) == {Status.ARCHIVED}


def test_a_tag_missing_article_can_be_fixed_then_approved(client, staff):
    """The missing list disappears once the editor adds what it names."""
    article = writers_draft(staff, status=Status.IN_REVIEW, tags=[])
    article.tags.add(make_tag("stroke"))
    client.force_login(staff["editor"])
    assert 'id="workflow-ready"' in client.get(change_url(article)).content.decode()


@pytest.mark.parametrize("role", ["writer", "editor", "admin"])
@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_bulk_action_role_matrix(client, staff, role, action):
    """Each role × each bulk action on the writer's article in the action's source state."""
    source = SOURCE_STATE[action]
    published_at = timezone.now() - timedelta(hours=1) if source == Status.PUBLISHED else None
    article = writers_draft(staff, status=source, published_at=published_at)
    client.force_login(staff[role])
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    data = {"action": f"{action}_selected", "_selected_action": [article.pk], "index": 0,
            "comment": "Bulk note.", "publish_at": later, "workflow-bulk-confirm": "yes"}  # fmt: skip
    client.post(CHANGELIST, data)
    article.refresh_from_db()
    allowed = role != "writer" or action == "submit"
    assert article.status == (EXPECTED_STATE[action] if allowed else source)
    assert article.transitions.exists() == allowed
