"""The reader's form: a message, an optional address, and two quiet checks against bots.

- A honeypot field people never see (hidden by the stylesheet, skipped by the keyboard and
  screen readers); a form that fills it is thanked and dropped.
- The time the form was handed out, signed, so a reply within a few seconds (a script) or
  days later (a replayed page) is refused with a clear message and the text kept.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing

SALT = "errorreports.form-issued"
# Beyond this, the form was saved and replayed rather than filled in.
MAX_FORM_AGE_SECONDS = 24 * 3600


def issue_token(now=None):
    return signing.dumps({"issued": time.time() if now is None else now}, salt=SALT)


class ReportForm(forms.Form):
    message = forms.CharField(
        label="What is wrong?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Quote the sentence if you can, and tell us what it should say and how you know.",
    )
    email = forms.EmailField(
        label="Your e-mail (optional)",
        required=False,
        help_text="Only if you would like a reply. We use it for nothing else.",
    )
    website = forms.CharField(required=False, label="Leave this empty")
    issued = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial["issued"] = issue_token()

    @property
    def is_trap(self):
        """A bot filled the field people never see."""
        return bool(self.cleaned_data.get("website"))

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 5:
            raise forms.ValidationError("Please tell us a little more about what is wrong.")
        return message

    def clean_issued(self):
        """The seconds the reader took; too quick (a script) or too old (a replay) is refused."""
        try:
            issued = signing.loads(self.cleaned_data["issued"], salt=SALT)["issued"]
            seconds = time.time() - float(issued)
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise forms.ValidationError("This form could not be checked. Please reload the page.") from None
        if seconds > MAX_FORM_AGE_SECONDS:
            raise forms.ValidationError("This form is too old. Please copy your text and reload the page.")
        if seconds < settings.REPORT_ERROR_MIN_SECONDS:
            raise forms.ValidationError(
                "That was quicker than we expected from a person. Please check your text and send it again."
            )
        return seconds
