"""The trust features in the demo: reviewer profiles, re-review intervals, a corrected story, an error report.

Data in data/trust.toml. Like the rest of the demo, nothing the editors changed is overwritten:
a profile is filled only where empty, a story gets its demo correction only if it has no
correction yet, and the error report is added only if the story has none.
"""

import tomllib
from datetime import timedelta
from pathlib import Path

from articles.models import Article, Author, Section
from editorial.models import Correction, Revision
from editorial.services import record_revision
from errorreports.models import ErrorReport

DATA = Path(__file__).resolve().parent / "data" / "trust.toml"
PROFILE_FIELDS = ["is_clinician", "verification_note", "disclosures", "email"]


def seed_trust(seeder):
    with DATA.open("rb") as handle:
        data = tomllib.load(handle)
    for slug, profile in data["reviewers"].items():
        _fill_profile(seeder, slug, profile)
    for slug, months in data["review_intervals"].items():
        _set_interval(seeder, slug, months or None)
    corrected = {}
    for spec in data["corrections"]:
        corrected.setdefault(spec["slug"], []).append(spec)
    for slug, specs in corrected.items():
        _correct(seeder, slug, specs)
    for spec in data["error_reports"]:
        article = Article.objects.published().filter(slug=spec["slug"]).first()
        if article is not None and not ErrorReport.objects.filter(article=article).exists():
            ErrorReport.objects.create(article=article, message=spec["message"], email=spec.get("email", ""))
            seeder._count("Error reports", "created")


def _fill_profile(seeder, slug, profile):
    author = Author.objects.filter(slug=slug).first()
    if author is None or author.verification_note:
        return
    for name in PROFILE_FIELDS:
        setattr(author, name, profile[name])
    author.same_as = "\n".join(profile["same_as"])
    author.credentials_verified_on = (seeder.now - timedelta(days=profile["verified_days_ago"])).date()
    author.save()
    seeder._count("Reviewer profiles", "created")


def _set_interval(seeder, slug, months):
    section = Section.objects.filter(slug=slug).first()
    # Only a section still on the model's default is the demo's to set.
    if section is not None and section.review_interval_months == 12 and months != 12:
        section.review_interval_months = months
        section.save()
        seeder._count("Review intervals", "updated")


def _correct(seeder, slug, specs):
    """The story as first published, then corrected: two revisions and the notes readers see."""
    article = Article.objects.published().filter(slug=slug).first()
    if article is None or Correction.objects.filter(article=article).exists():
        return
    if not Revision.objects.filter(article=article).exists():
        record_revision(article, note="As first published")
    for spec in specs:
        if "replace" in spec:
            old, new = spec["replace"]
            article.body = article.body.replace(old, new, 1)
    article.save()  # a revision, like every save (editorial.signals)
    for spec in specs:
        Correction.objects.create(article=article, kind=spec["kind"], note=spec["note"])
    seeder._count("Corrections", "created")
