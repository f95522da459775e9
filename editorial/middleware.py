"""Remember who is making the current request, so a save anywhere in it is attributed."""

from contextvars import ContextVar

_current_user = ContextVar("editorial_current_user", default=None)


def current_user():
    """The signed-in user of the request being served, or None (shell, commands, anonymous)."""
    user = _current_user.get()
    return user if user is not None and user.is_authenticated else None


class CurrentUserMiddleware:
    """Revisions saved by workflow services, bulk actions or views name the editor who caused them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_user.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _current_user.reset(token)
