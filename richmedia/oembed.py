"""Embed metadata from the providers' oEmbed endpoints, asked when a body is saved.

Only the title is used: the answer's `html` (a third party's markup) and its thumbnail
(an address on the third party) are never stored or shown. Endpoints come from settings
(OEMBED_PROVIDERS_BASE_URLS), the link from a block that already matched a provider. Any
failure (unreachable, slow, an error, HTML instead of JSON) gives None, and the block keeps
its link as its title; answers are cached so a second save asks nobody.
"""

import hashlib
import json
import logging
import urllib.error
import urllib.request
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
MAX_TITLE_LENGTH = 300


def _cache_key(embed):
    return "oembed:title:" + hashlib.sha256(embed.url.encode()).hexdigest()


def endpoint_url(embed):
    base = settings.OEMBED_PROVIDERS_BASE_URLS.get(embed.provider.name) or embed.provider.oembed
    return f"{base}?{urlencode({'url': embed.url, 'format': 'json', 'maxwidth': 1280})}"


def fetch(embed):
    """The provider's oEmbed answer for `embed` as a dict; ValueError for anything else."""
    request = urllib.request.Request(  # noqa: S310 - the endpoint comes from settings, http(s) only
        endpoint_url(embed), headers={"Accept": "application/json", "User-Agent": f"{settings.SITE_NAME} embeds/1.0"}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.OEMBED_TIMEOUT) as response:  # noqa: S310
            content_type = response.headers.get_content_type()
            body = response.read(settings.OEMBED_MAX_RESPONSE_BYTES + 1)
    except (OSError, urllib.error.URLError) as error:
        raise ValueError(f"{embed.provider.label} could not be reached: {error}") from error
    if content_type not in {"application/json", "text/json", "text/javascript", "application/javascript"}:
        raise ValueError(f"{embed.provider.label} answered {content_type}, not JSON.")
    if len(body) > settings.OEMBED_MAX_RESPONSE_BYTES:
        raise ValueError(f"{embed.provider.label} answered with more than we read.")
    try:
        data = json.loads(body)
    except ValueError as error:
        raise ValueError(f"{embed.provider.label} sent an answer we could not read.") from error
    if not isinstance(data, dict):
        raise ValueError(f"{embed.provider.label} sent an answer we could not read.")
    return data


def title_for(embed):
    """The embed's title from its provider (cached), or None when the provider gives none."""
    key = _cache_key(embed)
    title = cache.get(key)
    if title is not None:
        return title or None
    try:
        data = fetch(embed)
    except ValueError as error:
        logger.warning("oembed lookup failed", extra={"provider": embed.provider.name, "reason": str(error)})
        return None  # not cached: the next save asks again
    title = data.get("title") or data.get("author_name") or ""
    title = " ".join(title.split())[:MAX_TITLE_LENGTH] if isinstance(title, str) else ""
    cache.set(key, title, settings.OEMBED_CACHE_SECONDS)
    return title or None
