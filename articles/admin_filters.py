"""The article list's workflow filters: by state (scheduled apart from live) and by medical review due."""

from django.contrib import admin

from . import workflow
from .models import Status
from .workflow import SCHEDULED, STATE_LABELS


class StateFilter(admin.SimpleListFilter):
    """Filter by workflow state, with "Scheduled" (published, time still ahead) apart from live ones."""

    title = "state"
    parameter_name = "state"
    ORDER = [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, SCHEDULED, Status.PUBLISHED, Status.UNPUBLISHED,
             Status.ARCHIVED]  # fmt: skip

    def lookups(self, request, model_admin):
        return [(state, state_filter_label(state)) for state in self.ORDER]

    def queryset(self, request, queryset):
        value = self.value()
        if value == SCHEDULED:
            return queryset.filter(workflow.scheduled_q())
        if value == Status.PUBLISHED:
            return queryset.filter(status=Status.PUBLISHED).exclude(workflow.scheduled_q())
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset


def state_filter_label(state):
    return "Published (live)" if state == Status.PUBLISHED else STATE_LABELS[state]


class ReviewDueFilter(admin.SimpleListFilter):
    """Articles whose medical review is due again, by their section's re-review interval."""

    title = "medical review"
    parameter_name = "review_due"

    def lookups(self, request, model_admin):
        return [("yes", "Review due"), ("no", "Reviewed recently")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(workflow.review_due_q())
        if self.value() == "no":
            return queryset.exclude(workflow.review_due_q())
        return queryset
