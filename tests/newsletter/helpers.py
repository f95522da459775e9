"""Reading the newsletter's mail as a reader would: its parts and the links in them."""

import re
from urllib.parse import urlsplit

from django.urls import reverse

LINK = re.compile(r"https?://\S+")


def text_part(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message):
    return message.get_body(preferencelist=("html",)).get_content()


def path_of(url):
    return urlsplit(url).path


def link_to(message, url_name):
    """The path of the first link in the plain-text part that points at `url_name`'s URLs."""
    prefix = reverse(url_name, args=[1, "x"]).rsplit("1/x/", 1)[0]
    for url in LINK.findall(text_part(message)):
        if path_of(url).startswith(prefix):
            return path_of(url)
    raise AssertionError(f"no {url_name} link in: {text_part(message)}")


def subscribe(client, email="reader@example.org", frequency="weekly", sections=()):
    data = {"email": email, "frequency": frequency}
    if sections:
        data["sections"] = [section.pk for section in sections]
    return client.post(reverse("newsletter:subscribe"), data)
