"""The workflow's actions for the role matrices: the state each starts from and the state it leads to."""

from articles.models import Status

ALL_ACTIONS = ["submit", "return", "approve", "publish", "schedule", "unpublish", "reopen", "archive"]
# The state each action starts from in the role matrix.
SOURCE_STATE = {
    "submit": Status.DRAFT,
    "return": Status.IN_REVIEW,
    "approve": Status.IN_REVIEW,
    "publish": Status.APPROVED,
    "schedule": Status.APPROVED,
    "unpublish": Status.PUBLISHED,
    "reopen": Status.UNPUBLISHED,
    "archive": Status.DRAFT,
}
EXPECTED_STATE = {
    "submit": Status.IN_REVIEW,
    "return": Status.DRAFT,
    "approve": Status.APPROVED,
    "publish": Status.PUBLISHED,
    "schedule": Status.PUBLISHED,
    "unpublish": Status.UNPUBLISHED,
    "reopen": Status.DRAFT,
    "archive": Status.ARCHIVED,
}
