"""Per-client limits on this app's expensive public views; the check itself is the project's.

articles names the views that render cold whatever the page cache holds (the feeds of one
section, tag or author: one render for every value anyone asks for) and the limit each
counts against ("feeds" in settings.RATE_LIMITS). The project plugs in the check from its
AppConfig.ready() (newsroom.ratelimit.refusal), as articles imports no other app of ours;
with no check plugged in, nothing is limited.
"""

from functools import wraps

_checks = []


def use_check(check):
    """`check(request, name)` returns the response for a request over limit `name`, or None."""
    if check not in _checks:
        _checks.append(check)


def limited(name, view):
    """`view`, answering with the check's refusal while this client is over limit `name`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        for check in _checks:
            refusal = check(request, name)
            if refusal is not None:
                return refusal
        return view(request, *args, **kwargs)

    return wrapped
