"""The old site's addresses: every URL a post or an archive had becomes a LegacyRedirect to its new home.

wordpress.middleware answers them; this module only records them, and never takes an
address away from the article, section or tag that got it first.
"""

from urllib.parse import parse_qs, unquote, urlsplit

from .models import LegacyRedirect


def old_address(url):
    """A WordPress URL as (decoded path, query) the way the middleware will look it up; None if unusable."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    path = unquote(parts.path or "/")
    if not path.startswith("/"):
        path = "/" + path
    query = ""
    params = parse_qs(parts.query)
    post_id, page_id = params.get("p", [""])[0], params.get("page_id", [""])[0]
    if post_id.isdigit():
        query = f"p={post_id}"
    elif page_id.isdigit():
        query = f"page_id={page_id}"
    elif path == "/":
        return None  # the home page, or a query form we do not map
    if len(path) > 500:
        return None
    return path, query


class Redirects:
    """Makes the redirects of one import run and counts each new address once in the report."""

    def __init__(self, report, rows):
        self.report = report
        self.rows = rows
        self._counted = set()

    def for_post(self, article, item, published_local):
        """Every address the post had: ?p=ID, its permalink and guid, and the usual permalink layouts."""
        addresses = {("/", f"p={item.post_id}"), old_address(item.link), old_address(item.guid)}
        slug = unquote(item.post_name)
        if slug:
            addresses.add((f"/{slug}/", ""))
            if published_local:
                addresses.add((f"/{published_local:%Y/%m/%d}/{slug}/", ""))
                addresses.add((f"/{published_local:%Y/%m}/{slug}/", ""))
        self._add(addresses, article=article)

    def _add(self, addresses, **target):
        addresses = {address for address in addresses if address and len(address[0]) <= 500}
        taken = set(
            LegacyRedirect.objects.filter(old_path__in={path for path, _query in addresses}).values_list(
                "old_path", "old_query"
            )
        )
        # An address another post already has stays with it: the first post keeps its link.
        new = sorted(addresses - taken)
        LegacyRedirect.objects.bulk_create(
            [LegacyRedirect(old_path=path, old_query=query, **target) for path, query in new]
        )
        for address in new:
            self._count(address)

    def for_page(self, page, item):
        """Every address a WordPress page had: ?page_id=ID, ?p=ID, its permalink, guid and slug."""
        addresses = {
            ("/", f"page_id={item.post_id}"),
            ("/", f"p={item.post_id}"),
            old_address(item.link),
            old_address(item.guid),
        }
        if item.post_name:
            addresses.add((f"/{unquote(item.post_name)}/", ""))
        self._add(addresses, page=page)

    def for_archive(self, path, query="", *, section=None, tag=None):
        """Make sure a category or tag archive address leads to its section or tag; a section outranks a tag.

        An address already taken by another article stays with it (the first post keeps its link).
        """
        key = ("redirect", path, query, "section" if section else "other")
        if path is None or key in self.rows:
            return
        existing = LegacyRedirect.objects.filter(old_path=path, old_query=query).first()
        if existing is None:
            LegacyRedirect.objects.create(old_path=path, old_query=query, section=section, tag=tag)
            self._count((path, query))
        elif section is not None and existing.tag_id:
            existing.tag, existing.section = None, section
            existing.save(update_fields=["tag", "section"])
        self.rows.note(key)

    def _count(self, address):
        if address not in self._counted:
            self._counted.add(address)
            self.report.redirects_made += 1
