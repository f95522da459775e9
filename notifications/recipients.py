"""Who hears of what: the writers of a story, the editors who review it, the people a comment names."""

import re

from django.contrib.auth import get_user_model
from django.db.models import Q

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
    assignment = Assignment.objects.filter(article=article).select_related("editor").first()
    if assignment is not None and assignment.editor.is_active:
        return [assignment.editor]
    users = get_user_model().objects.filter(is_active=True)
    if article.section_id is not None:
        listed = list(users.filter(pk__in=SectionEditor.objects.filter(section_id=article.section_id).values("editor")))
        if listed:
            return listed
    return list(get_user_model().objects.with_perm(REVIEW, is_active=True, backend=PERMISSIONS_BACKEND).order_by("pk"))


def mentioned_in(text):
    """The active staff a text names as @username."""
    names = {name.rstrip(".-") for name in MENTION.findall(text or "")}
    names.discard("")
    if not names:
        return []
    return list(get_user_model().objects.filter(username__in=names, is_active=True, is_staff=True).order_by("pk"))
