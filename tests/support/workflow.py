"""The workflow's actions for the role matrices: the state each starts from and the state it leads to."""

from articles.models import Status

# Old import path of three admin helpers, kept for tests not yet moved to tests.support.admin / .staff.
from tests.support.admin import messages_of, post_transition  # noqa: F401
from tests.support.staff import make_staff  # noqa: F401

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
