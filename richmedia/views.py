"""The body editor's helpers in the admin: which pasted link is an embed, and the image picker."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse

from . import providers

# Whoever may edit an article's body may use its helpers (articles.roles grants it to every role).
EDIT_BODY_PERMISSION = "articles.change_article"


def require_body_editor(request):
    if not request.user.has_perm(EDIT_BODY_PERMISSION):
        raise PermissionDenied


@staff_member_required
def embed_lookup(request):
    """`?url=`: `{"embed": {…}}` for a link we embed, `{"embed": null, "reason": …}` for one that stays a link."""
    require_body_editor(request)
    url = request.GET.get("url", "").strip()
    if not url:
        return JsonResponse({"error": "Give the link to embed as ?url=."}, status=400)
    embed = providers.match(url)
    if embed is None:
        answer = {"embed": None, "reason": "Not a link to a provider we embed; it stays a link."}
    else:
        answer = {
            "embed": {"provider": embed.provider.name, "label": embed.provider.label, "id": embed.id, "url": embed.url}
        }
    response = JsonResponse(answer)
    response["Cache-Control"] = "private, no-store"
    return response
