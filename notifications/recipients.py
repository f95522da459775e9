"""Who hears of what: the writers of a story, the editors who review it, the people a comment names."""

import re

from django.contrib.auth import get_user_model
from django.db.models import Q

from articles import workflow

from .models import Assignment, SectionEditor

REVIEW = "articles.review_article"  # who reviews stories (articles.roles gives it to editors)
# Roles are permissions held through groups: the model backend reads them (the sign-in backend has none).
PERMISSIONS_BACKEND = "django.contrib.auth.backends.ModelBackend"
# "@bea.writer" in a comment; a full stop or comma straight after the name ends the sentence, not the name.
MENTION = re.compile(r"(?<![\w@])@([\w.+-]+)")


def writers_of(article):
    """The staff who own the story: whoever created it and everyone on its byline with an account."""
    owners = Q(author_profile__bylines__article=article)
    if article.created_by_id is not None:
        owners |= Q(pk=article.created_by_id)
    return list(get_user_model().objects.filter(owners, is_active=True).distinct().order_by("pk"))


def reviewers_of(article):
    """Who is told of a submission: the assigned editor; else the section's editors; else every editor."""
    reviewers = get_user_model().objects.with_perm(REVIEW, is_active=True, backend=PERMISSIONS_BACKEND)
    assignment = Assignment.objects.filter(article=article).first()
    if assignment is not None:
        # Only while the assigned editor still reviews: someone who lost the role hears nothing.
        assigned = list(reviewers.filter(pk=assignment.editor_id))
        if assigned:
            return assigned
    if article.section_id is not None:
        section_editors = SectionEditor.objects.filter(section_id=article.section_id).values("editor")
        listed = list(reviewers.filter(pk__in=section_editors).order_by("pk"))
        if listed:
            return listed
    return list(reviewers.order_by("pk"))


def mentioned_in(text, article):
    """The active staff a text names as @username who may see `article` (nobody learns of a story
    they may not open: a writer named on another desk's draft is not told)."""
    names = {name.rstrip(".-") for name in MENTION.findall(text or "")}
    names.discard("")
    if not names:
        return []
    named = get_user_model().objects.filter(username__in=names, is_active=True, is_staff=True).order_by("pk")
    return [user for user in named if workflow.visible_articles(user).filter(pk=article.pk).exists()]
