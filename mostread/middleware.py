"""Counts article views, cache hits included (mostread.counting says which requests count)."""

from . import counting


class ViewCountMiddleware:
    """Outside the page cache, so a page served from it is counted too; adds no round trip."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        counting.count_view(request, response)
        return response
