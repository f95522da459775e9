"""Sign-in protection and failure pages: lockout, two-factor for staff, and the 503 page.

- Brute force: django-axes counts failed sign-ins per username and per client address
  (settings: AXES_*). `SignInLockoutBackend` is its gate; `client_ip` tells it which
  address a request came from, trusting X-Forwarded-For only as far as
  TRUSTED_PROXY_COUNT says there are proxies of ours in front.
- Two-factor: staff may enrol a TOTP device (django-otp) at /admin/2fa/setup/; from then
  on the admin asks for a code after the password. With REQUIRE_2FA_FOR_ADMINS on (the
  default outside local mode), users of the Admin role (and superusers) must enrol before
  they can use the admin at all; when it is off, every admin page says so.
- Database outages: `server_error` (handler500) answers 503 "temporarily unavailable"
  with Retry-After when the error was a lost or refused database connection, so a
  restart of PostgreSQL shows readers an honest, quick page rather than a 500.
"""

import base64
import io
import logging
import sys

from axes.backends import AxesStandaloneBackend
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError, transaction
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

logger = logging.getLogger("newsroom.security")

# --- Brute-force lockout (django-axes) --------------------------------------------------------


class SignInLockoutBackend(AxesStandaloneBackend):
    """Axes' lockout gate, for HTTP sign-ins only.

    Every sign-in form passes the request to authenticate(); a call without one (the
    shell, a management command, the test client's login()) is not an HTTP sign-in,
    cannot be attributed to an address, and is left to the next backend instead of
    raising as axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request):
    """The address a request came from, as far as we can trust it.

    With no proxy of ours in front (TRUSTED_PROXY_COUNT = 0) that is REMOTE_ADDR and
    X-Forwarded-For is ignored: anyone can send that header. With N proxies, each
    appends the address it saw, so the Nth entry from the right was written by our
    outermost proxy and is the real client; entries further left are client-supplied.
    """
    remote = request.META.get("REMOTE_ADDR", "") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(chain) >= count:
        return chain[-count]
    return chain[0] if chain else remote


# --- Two-factor sign-in (django-otp, TOTP) -----------------------------------------------------


def must_enrol(user):
    """True when this user may not use the admin without a TOTP device (REQUIRE_2FA_FOR_ADMINS)."""
    if not settings.REQUIRE_2FA_FOR_ADMINS:
        return False
    from articles.roles import ADMIN

    return user.is_superuser or user.groups.filter(name=ADMIN).exists()


def _confirmed_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def _gated_path(path):
    """Staff-only areas: the admin and the staff preview (the signed share link stays open)."""
    admin_root = reverse("admin:index")
    if path.startswith(admin_root):
        exempt = [
            reverse("security_otp_setup"),
            reverse("security_otp_verify"),
            reverse("admin:login"),
            reverse("admin:logout"),
            reverse("admin:jsi18n"),
        ]
        return not any(path.startswith(prefix) for prefix in exempt)
    return path.startswith("/preview/") and not path.startswith("/preview/shared/")


class TwoFactorMiddleware:
    """Send a signed-in staff member who owes a code to the verify (or enrolment) page.

    Owes a code: has a confirmed device but has not used it in this session, or must
    enrol (see must_enrol) and has no device yet. One query per staff admin request;
    public pages and anonymous visitors are never touched. Must come after
    django_otp's OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and _gated_path(request.path)
            and not user.is_verified()
        ):
            target = None
            if _confirmed_device(user) is not None:
                target = "security_otp_verify"
            elif must_enrol(user):
                target = "security_otp_setup"
            if target:
                return HttpResponseRedirect(_with_next(reverse(target), request.get_full_path()))
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("The code is the 6 digits your app shows.")
        return token


def _with_next(url, next_path):
    return f"{url}?{urlencode({'next': next_path})}"


def _safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("admin:index")


def _qr_data_uri(text):
    """The provisioning URL as a PNG data: URI (the CSP allows data: images, not inline SVG scripts)."""
    import qrcode

    buffer = io.BytesIO()
    qrcode.make(text, box_size=6, border=2).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _staff_required(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_staff:
            return redirect(_with_next(reverse("admin:login"), request.get_full_path()))
        return view(request, *args, **kwargs)

    return login_required(wrapped, login_url="admin:login")


SETUP_KEY_SESSION = "security_otp_setup_key"


def _matches(device, token):
    """Does `token` match the (possibly unsaved) TOTP device right now, give or take its tolerance?"""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.verify(int(token), device.tolerance):
        return totp.t()
    return None


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
@_staff_required
def otp_setup(request):
    """Enrol a TOTP device: show a new secret as a QR code, store the device once one code confirms it.

    Until then the secret lives only in the session, so opening this page (a GET) writes nothing.
    """
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

    if _confirmed_device(request.user) is not None and not request.user.is_verified():
        # A second device may only be added by someone who has proved they hold the first.
        return redirect(_with_next(reverse("security_otp_verify"), request.get_full_path()))
    key = request.session.get(SETUP_KEY_SESSION)
    if not key:
        key = request.session[SETUP_KEY_SESSION] = default_key()
    device = TOTPDevice(user=request.user, name="Authenticator app", key=key, confirmed=True)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        step = _matches(device, form.cleaned_data["token"])
        if step is not None:
            device.last_t = step
            device.save()
            del request.session[SETUP_KEY_SESSION]
            otp_login(request, device)
            logger.info("Two-factor device confirmed for user %s", request.user.pk)
            return redirect(_safe_next(request))
        form.add_error("token", "That code did not match. Check the time on your phone and try the next code.")
    context = {
        **admin.site.each_context(request),
        "title": "Set up two-factor sign-in",
        "form": form,
        "qr_code": _qr_data_uri(device.config_url),
        "secret": base64.b32encode(bytes.fromhex(device.key)).decode("ascii"),
        "next": _safe_next(request),
    }
    return render(request, "security/otp_setup.html", context)


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
@_staff_required
def otp_verify(request):
    """Ask a signed-in staff member with a device for the current code."""
    from django_otp import login as otp_login

    device = _confirmed_device(request.user)
    if device is None:
        return redirect(_with_next(reverse("security_otp_setup"), _safe_next(request)))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The device row is locked while checked: parallel guesses each count against the throttle,
        # and one code is not accepted twice.
        with transaction.atomic():
            device = type(device).objects.select_for_update().get(pk=device.pk)
            allowed, _ = device.verify_is_allowed()
            verified = allowed and device.verify_token(form.cleaned_data["token"])
        if verified:
            otp_login(request, device)
            return redirect(_safe_next(request))
        logger.warning("Wrong two-factor code for user %s", request.user.pk)
        form.add_error("token", "That code did not match, or too many tries: wait a moment and use the next code.")
    context = {
        **admin.site.each_context(request),
        "title": "Two-factor sign-in",
        "form": form,
        "next": _safe_next(request),
    }
    return render(request, "security/otp_verify.html", context)


# --- Hostile requests -------------------------------------------------------------------------


class RejectNulMiddleware:
    """Answer 400 to any address carrying a NUL byte, before a view or a 404 handler looks it up.

    No page of ours has one, and PostgreSQL refuses NUL in text parameters with an error
    that would otherwise surface as a 500 wherever a path or query value reaches a query
    (slug lookups, legacy redirects, admin search).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in query or "%00" in query:
            return HttpResponseBadRequest(
                "Bad request: the address contains a NUL character.", content_type="text/plain"
            )
        return self.get_response(request)


# --- Failure pages -----------------------------------------------------------------------------

DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)


def _database_down(error):
    """Is `error` (or what caused it) a lost or refused database connection?"""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, DATABASE_DOWN_ERRORS):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """handler500: a 503 with Retry-After for a database outage, Django's plain 500 page otherwise.

    Rendered without a request context: the context processors would query the
    database that just failed.
    """
    error = sys.exc_info()[1]
    if _database_down(error):
        logger.error("Database unavailable, answering 503: %s", type(error).__name__)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "5"
        response["Cache-Control"] = "no-store"
        return response
    try:
        return HttpResponseServerError(loader.get_template(template_name).render())
    except Exception:  # a broken 500 template must not hide the first error
        return HttpResponseServerError("<h1>Server Error (500)</h1>", content_type="text/html")
