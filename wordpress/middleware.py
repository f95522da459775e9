"""Old WordPress addresses answer 301 to their new home.

Only requests Newsroom itself cannot answer are looked up, so the import never
shadows a page of ours: the lookup runs when our response is a 404 (an old
"/2024/03/05/slug/", "/slug/", "/category/x/", or a "/tag/x/" whose tag we do not
have). The one exception is WordPress's plain links "/?p=123" and "/?page_id=45":
"/" is our home page, so a numeric `p` or `page_id` on it is checked first. Targets go through the published()
door (in LegacyRedirect.objects.target_for), so a draft stays a plain 404.
"""

import re

from django.http import HttpResponsePermanentRedirect

from .models import LegacyRedirect

ARCHIVE_PAGE = re.compile(r"^(/(?:category|tag)/.+/)page/\d+/?$")


class LegacyRedirectMiddleware:
    """Placed last in MIDDLEWARE: it sees the view's own 404 before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if request.path == "/":
            for key in ("p", "page_id"):
                wp_id = request.GET.get(key, "")
                if wp_id.isdigit() and len(wp_id) < 20:
                    target = LegacyRedirect.objects.target_for("/", f"{key}={wp_id}")
                    if target:
                        return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        target = self._target_for_path(request.path)
        if target and target != request.path:
            return HttpResponsePermanentRedirect(target)
        return response

    @staticmethod
    def _target_for_path(path):
        """Old permalinks are stored with their trailing slash; a link may have lost it.

        A later page of an old archive ("/category/x/page/3/") goes to the first page of
        its new home: our pagination does not line up with WordPress's.
        """
        if len(path) > 500:
            return None
        paged = ARCHIVE_PAGE.match(path)
        if paged:
            path = paged.group(1)
        target = LegacyRedirect.objects.target_for(path)
        if target is None and not path.endswith("/"):
            target = LegacyRedirect.objects.target_for(path + "/")
        return target
