"""The claims check at publish time: what a careful health editor looks for before a story goes.

One refusal (registered with articles.workflow): a story whose citations are all animal or
cell studies may not go until its evidence panel says so, or an editor says why it is fine.
The rest are warnings shown on the change form: hype words, relative risk with no absolute
figure, research with no citation, animal or cell studies the text does not call so, links
outside the trusted sources. Each is resolved by an edit, or an editor approves, schedules or
publishes past it with an override reason, which the workflow history keeps with the warnings
(articles.overrides).
The word lists are editable in the admin (ClaimsTerm); evidence/data/claims.toml holds the
defaults they start from.
"""

import re
from collections import defaultdict
from urllib.parse import urlsplit

from django.db.models import Exists, OuterRef
from django.utils.html import strip_tags

from articles.models import Article

from .models import Citation, ClaimsTerm, EvidenceSummary, Population, StudyType, TermList

LABORATORY_DESIGNS = {StudyType.ANIMAL, StudyType.IN_VITRO}
LABORATORY_POPULATIONS = {Population.ANIMALS, Population.CELLS, Population.MIXED}
_HREF = re.compile(r'href="(https?://[^"]+)"', re.IGNORECASE)
_PARAGRAPH = re.compile(r"<p[^>]*>(.*?)</p>", re.IGNORECASE | re.DOTALL)
# A percentage or an "N in M" figure; a paragraph with one needs a citation marker or a link.
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|per ?cent\b)|\b\d[\d,]* in [\d,]+\b", re.IGNORECASE)
_SOURCED = re.compile(r"\[\d+\]|<a\s", re.IGNORECASE)


def word_lists():
    """Every list, as the desk last edited it: {list name: [terms]}, one query."""
    lists = defaultdict(list, {name: [] for name in TermList.values})
    for name, term in ClaimsTerm.objects.values_list("list", "term"):
        lists[name].append(term)
    return lists


def _found(words, text):
    """The entries of `words` that occur in `text` as words or phrases (case-insensitive)."""
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w.lower())}(?!\w)", text)]


def _text(article):
    return " ".join([article.title or "", article.dek or "", strip_tags(article.body or "")]).lower()


# Set on list rows by with_laboratory_facts(): a whole list is checked in its own query.
LABORATORY_ONLY_UNSAID = "evidence_laboratory_only_unsaid"
REFUSAL = "an evidence panel saying who was studied (every cited study is in animals or cells)"


def with_laboratory_facts(articles):
    """Annotate LABORATORY_ONLY_UNSAID: typed citations exist, all animal or cell studies, and no panel says so."""
    cited = Citation.objects.filter(article=OuterRef("pk")).exclude(study_type="")
    return articles.annotate(
        **{
            LABORATORY_ONLY_UNSAID: Exists(cited)
            & ~Exists(cited.exclude(study_type__in=LABORATORY_DESIGNS))
            & ~Exists(EvidenceSummary.objects.filter(article=OuterRef("pk"), population__in=LABORATORY_POPULATIONS))
        }
    )


def laboratory_only_unsaid(article):
    """Refusal words when every typed citation is an animal or cell study and the evidence panel does not say so."""
    if article.pk is None:
        return []
    flagged = getattr(article, LABORATORY_ONLY_UNSAID, None)
    if flagged is None:
        if hasattr(article, "wf_has_authors"):
            # A list row of workflow.with_publication_facts() that did not annotate ours: no query per row.
            # Publishing itself reads a fresh row, so the refusal always holds.
            return []
        flagged = getattr(with_laboratory_facts(Article.objects.filter(pk=article.pk)).first(), LABORATORY_ONLY_UNSAID)
    return [REFUSAL] if flagged else []


def publication_warnings(article):
    """warnings() of a story about to be approved, scheduled or published (registered with articles.workflow)."""
    return warnings(article, list(article.citations.all()))


def warnings(article, citations):
    """What the claims check would have an editor look at again, in words (an edit or an override reason clears)."""
    lists = word_lists()
    text = _text(article)
    found = []
    hype = _found(lists["hype"], text)
    if hype:
        found.append("Hype words: " + ", ".join(f'"{w}"' for w in hype) + ". Say what the study found instead.")
    if _found(lists["relative_risk"], text) and not (
        _found(lists["absolute_figures"], text) or re.search(r"\d+(?:\.\d+)?\s*%\s*to\s*\d", text)
    ):
        found.append("Relative risk with no absolute figure: say how many in 100 (or 1,000) it changes.")
    if _found(lists["research"], text) and not citations:
        found.append("The story reports research but cites no study: add its DOI, PMID or NCT number.")
    designs = {c.study_type for c in citations}
    if designs & LABORATORY_DESIGNS and not _found(lists["laboratory"], text):
        found.append("A cited study is in animals or cells, and the story never says so.")
    uncited = [
        p for p in _PARAGRAPH.findall(article.body or "") if _FIGURE.search(strip_tags(p)) and not _SOURCED.search(p)
    ]
    if uncited:
        first = " ".join(strip_tags(uncited[0]).split())[:80]
        found.append(f'Figures with no citation nearby ({len(uncited)} paragraph(s)), e.g. "{first}": cite them.')
    hosts = {_host(url) for url in _HREF.findall(article.body or "")}
    outside = sorted(host for host in hosts if host and not _trusted(host, lists["trusted_domains"]))
    if outside:
        found.append("Links outside the trusted sources: " + ", ".join(outside) + ".")
    return found


def _host(url):
    return (urlsplit(url).hostname or "").lower()


def _trusted(host, domains):
    return any(host == domain or host.endswith("." + domain) for domain in domains)
