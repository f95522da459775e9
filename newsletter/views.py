"""The newsletter's public pages: subscribe, check your inbox, confirm, welcome, unsubscribe.

The subscribe form also sits on cached public pages, which cannot carry a reader's CSRF
token, so subscribing is exempt from CSRF: it acts on no one's session or rights, and what
a forged request could do (send a confirmation mail) anyone can do by posting the form.
The per-client limit and the double opt-in are its protection. Unsubscribing is exempt too:
mail clients post RFC 8058 one-click requests with no token, and the signed link is the
authority. Every page here is personal or answers a form: none is cached.
"""

import logging

from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from articles.models import Section
from newsroom.ratelimit import rate_limited

from . import subscriptions, tokens
from .forms import SubscribeForm
from .models import Subscriber

logger = logging.getLogger(__name__)


@method_decorator(never_cache, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(rate_limited("newsletter_subscribe", methods=("POST",)), name="dispatch")
class SubscribeView(FormView):
    form_class = SubscribeForm
    template_name = "newsletter/subscribe.html"

    def form_valid(self, form):
        try:
            subscriptions.request_subscription(**form.cleaned_data)
        except Exception:  # noqa: BLE001 - the reader is told to try later; the cause is logged
            logger.exception("newsletter confirmation mail could not be sent")
            return self.render_to_response(self.get_context_data(form=form, mail_failed=True), status=503)
        return redirect("newsletter:check_inbox")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


@method_decorator(never_cache, name="dispatch")
class CheckInboxView(TemplateView):
    template_name = "newsletter/check_inbox.html"


class SignedLinkMixin:
    """Finds the subscriber the link names; an altered or expired link gets a clear 400 page."""

    def dispatch(self, request, *args, **kwargs):
        self.subscriber = Subscriber.objects.filter(pk=kwargs["pk"]).first()
        try:
            self.check_link(kwargs["token"])
        except tokens.BadLink as bad:
            return self.response_class(request, "newsletter/bad_link.html", {"problem": str(bad)}, status=400)
        return super().dispatch(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class ConfirmView(SignedLinkMixin, TemplateView):
    """GET shows the choices and a button; only the POST confirms (link checkers only GET)."""

    template_name = "newsletter/confirm.html"

    def check_link(self, token):
        self.choices = tokens.read_confirm_token(self.subscriber, token)

    def get_context_data(self, **kwargs):
        sections = Section.objects.filter(pk__in=self.choices["sections"]).order_by("name")
        return super().get_context_data(email=self.subscriber.email, choices=self.choices, sections=sections, **kwargs)

    def post(self, request, pk, token):
        subscriptions.confirm(self.subscriber, self.choices)
        return redirect("newsletter:welcome")


@method_decorator(never_cache, name="dispatch")
class WelcomeView(TemplateView):
    template_name = "newsletter/welcome.html"


@method_decorator(never_cache, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(SignedLinkMixin, TemplateView):
    """GET asks; POST (the page's button or a mail client's one-click request) unsubscribes.

    A genuine link to a subscription already gone answers as if it had just been ended: a second
    click is harmless. A link that is not genuine gets a 400, whether or not its id exists.
    """

    template_name = "newsletter/unsubscribe.html"

    def check_link(self, token):
        tokens.check_unsubscribe_token(self.kwargs["pk"], token, subscriber=self.subscriber)

    def get_context_data(self, **kwargs):
        done = self.subscriber is None
        return super().get_context_data(email=getattr(self.subscriber, "email", ""), done=done, **kwargs)

    def post(self, request, pk, token):
        if self.subscriber is not None:
            subscriptions.unsubscribe(self.subscriber)
        return self.render_to_response({"done": True})
