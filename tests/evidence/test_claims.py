"""The claims check: a hyped animal study is stopped until its panel says so; the rest are warnings."""

import pytest

from articles import workflow
from articles.models import Article
from evidence.claims import (
    LABORATORY_ONLY_UNSAID,
    REFUSAL,
    laboratory_only_unsaid,
    warnings,
    with_laboratory_facts,
)
from evidence.models import Citation, EvidenceSummary
from tests.support.admin import change_url
from tests.support.factories import make_article, ready_article
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

MOUSE_STORY = "<p>A breakthrough cure: the drug halves the risk of tumours, a study found [1].</p>"


def cite(article, study_type, identifier="10.1/x"):
    return Citation.objects.create(article=article, kind="doi", identifier=identifier, title="T", study_type=study_type)


def test_a_story_citing_only_animal_or_cell_studies_is_refused_until_its_panel_says_so(db):
    editor = make_staff("editor", "ed")
    story = ready_article("Hyped mouse study", body=MOUSE_STORY, status="approved")
    cite(story, "animal")
    cite(story, "in_vitro", "10.1/y")
    assert laboratory_only_unsaid(story) != []
    with pytest.raises(workflow.WorkflowError, match="every cited study is in animals or cells"):
        workflow.perform(article=story, action="publish", by=editor)
    EvidenceSummary.objects.create(article=story, design="animal", population="animals", certainty="very_low",
                                   certainty_reason="Mice only; nothing is known yet about people.")  # fmt: skip
    assert laboratory_only_unsaid(story) == []
    # The hype words are still there: an editor publishes past them with a reason (tests/evidence/test_claims_override).
    record = workflow.perform(article=story, action="publish", by=editor, override_reason="Quoted from the abstract.")
    assert REFUSAL not in record.overridden


def test_a_story_citing_people_too_is_not_refused(db):
    story = make_article("Mixed", body=MOUSE_STORY)
    cite(story, "animal")
    cite(story, "cohort", "10.1/y")
    assert laboratory_only_unsaid(story) == []


def test_warnings_for_hype_relative_risk_and_unsaid_animal_studies(db):
    story = make_article("A miracle in the clinic", body=MOUSE_STORY)
    found = warnings(story, [cite(story, "animal")])
    assert found[0] == 'Hype words: "breakthrough", "cure", "miracle". Say what the study found instead.'
    assert "Relative risk with no absolute figure" in found[1]
    assert "never says so" in found[2]


def test_no_warnings_for_a_careful_story(db):
    body = (
        "<p>In mice, the drug halved the risk of tumours, from 4 in 100 to 2 in 100, a study found [1]. "
        'See <a href="https://doi.org/10.1/x">the paper</a>.</p>'
    )
    story = make_article("Drug slows tumours in mice", body=body)
    assert warnings(story, [cite(story, "animal")]) == []


def test_research_without_citations_and_untrusted_links_are_warned(db):
    body = '<p>Researchers say so, per <a href="https://blog.example.com/post">a blog</a>.</p>'
    found = warnings(make_article("Story", body=body), [])
    assert "cites no study" in found[0]
    assert found[1] == "Links outside the trusted sources: blog.example.com."


def test_editors_see_the_warnings_on_the_change_form(client, small_site):
    story = small_site.story
    story.body = "<p>A <b>miracle</b> for &lt;script&gt;.</p>"
    story.save()
    client.force_login(make_staff("admin", "boss"))
    page = client.get(change_url(story)).content.decode()
    assert "Hype words: &quot;miracle&quot;" in page


def test_a_list_is_checked_in_its_own_query(db, django_assert_num_queries):
    mice, people = make_article("Mice"), make_article("People")
    make_article("Nothing cited")
    cite(mice, "animal")
    cite(people, "animal")
    cite(people, "rct", "10.1/y")
    with django_assert_num_queries(1):
        rows = {a.title: a for a in with_laboratory_facts(Article.objects.all())}
        assert [laboratory_only_unsaid(rows[t]) != [] for t in ["Mice", "People", "Nothing cited"]] == [
            True,
            False,
            False,
        ]
    assert getattr(rows["Mice"], LABORATORY_ONLY_UNSAID) is True


def test_editors_see_the_refusal_on_the_change_form_before_they_try(client, small_site):
    cite(small_site.story, "in_vitro")
    client.force_login(make_staff("admin", "boss"))
    page = client.get(change_url(small_site.story)).content.decode()
    assert "Publishing is refused until there is an evidence panel saying who was studied" in page


def test_figures_need_a_citation_nearby(db):
    body = "<p>It worked in 40% of patients.</p><p>Risk fell to 2 in 100 [1].</p><p>No figure here.</p>"
    found = warnings(make_article("Figures", body=body), [])
    assert found == [
        'Figures with no citation nearby (1 paragraph(s)), e.g. "It worked in 40% of patients.": cite them.'
    ]
