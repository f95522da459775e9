"""Tell the person who made a change when the cache could not record a takedown.

Every request runs inside articles.takedown_reports.reporting(); a takedown (unpublish,
archive, delete, slug change of a public story) whose invalidation the shared cache
did not record — after retrying past its circuit breaker — adds a warning message in
words, so an editor never reads a plain "was unpublished" while cached copies live on.
Sits after MessageMiddleware (settings.MIDDLEWARE), so the message reaches the next page.
"""

from django.contrib import messages

from articles import takedown_reports


class ChangeReportMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with takedown_reports.reporting() as report:
            response = self.get_response(request)
        if report.unrecorded:
            messages.warning(request, report.message(), fail_silently=True)
        return response
