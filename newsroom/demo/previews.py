"""A demo share-preview link: the demo's draft has one live link made by the demo editor.

Its row shows on the draft's admin page (who made it, when, until when, a Revoke button);
the link itself is never printed or stored, as for any link (articles.preview).
"""

from articles import preview
from articles.models import Article, PreviewLink, Status


def seed_preview_link(seeder):
    """One link on the first draft, unless it has had one; the links created (0 or 1)."""
    draft = Article.objects.filter(status=Status.DRAFT).order_by("pk").first()
    if draft is None or PreviewLink.objects.filter(article=draft).exists():
        return 0
    preview.make_share_token(draft, by=seeder.created_by)
    return 1
