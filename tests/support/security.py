"""Shared by the security suites: hostile strings, and checks that a page, feed or sitemap is inert."""

import io
import json
import re

from lxml import etree
from lxml import html as lxml_html

# At least 30 stored-XSS payloads: script tags, event handlers, javascript:/data: URLs, SVG,
# broken-tag tricks, </script> and --> breakouts, unicode escapes and attribute breakouts.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script type=module>import('//evil.example/x.js')</script>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text y="20">x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="  JaVaScRiPt:alert(1)">click</a>',
    '<a href="java&#x09;script:alert(1)">tab</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">go</button>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)" x="',
    "' onfocus='alert(1)' autofocus='",
    "</script><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "--><script>alert(1)</script><!--",
    "<!--<img src=--><img src=x onerror=alert(1)//-->",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img/src=x/onerror=alert(1)>",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",  # fullwidth brackets some systems fold to ASCII
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<details open ontoggle=alert(1)>",
    "<base href=//evil.example/>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<style>@import'//evil.example/x.css';</style>",
    "<x style=\"background:url('javascript:alert(1)')\">",
    "\ufeff<script>alert(1)</script>\u2028\u2029",
    '{"@context":"x"}</script><script>alert(1)</script>',
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "srcdoc"}
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
JSON_TYPES = {"application/ld+json", "application/json"}


def _normalised_url(value):
    """What a browser would see as the scheme: entities decoded by lxml, whitespace and controls dropped."""
    return re.sub(r"[\x00-\x20\x7f]+", "", value or "").lower()


def csp_nonce(response):
    match = re.search(r"'nonce-([^']+)'", response.get("Content-Security-Policy", ""))
    return match.group(1) if match else None


def inert_html_problems(markup, *, nonce=None, allow_forms=True):
    """Everything in `markup` that could run script; [] when it is inert.

    Scripts allowed: JSON data blocks (which must parse), same-origin src scripts, and
    inline scripts carrying this response's CSP nonce.
    """
    if isinstance(markup, bytes):
        markup = markup.decode("utf-8", "replace")
    if not markup.strip():
        return []
    document = lxml_html.document_fromstring(markup)
    problems = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower().rsplit("}", 1)[-1]
        if tag == "script":
            kind = (element.get("type") or "").lower().strip()
            src = element.get("src")
            if kind in JSON_TYPES:
                try:
                    json.loads(element.text or "")
                except ValueError as error:
                    problems.append(f"unparseable {kind} block: {error}")
            elif src is not None:
                if not src.startswith("/") or src.startswith("//"):
                    problems.append(f"foreign script src {src!r}")
            elif nonce is None or element.get("nonce") != nonce:
                problems.append(f"inline script without the page's nonce: {(element.text or '')[:60]!r}")
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(f"<{tag}> element")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            problems.append("meta refresh")
        if tag == "form" and not allow_forms:
            problems.append("<form> element")
        for name, value in element.attrib.items():
            lowered = name.lower().rsplit("}", 1)[-1]
            if lowered.startswith("on"):
                problems.append(f"<{tag} {name}=…> event handler")
            if lowered in URL_ATTRIBUTES or name.lower().endswith("href"):
                if _normalised_url(value).startswith(DANGEROUS_SCHEMES):
                    problems.append(f"<{tag} {name}={value[:40]!r}>")
            if lowered == "style" and "javascript:" in _normalised_url(value):
                problems.append(f"<{tag} style> with javascript:")
    return problems


def page_problems(response):
    return inert_html_problems(response.content, nonce=csp_nonce(response))


def feed_problems(content):
    """A feed must be well-formed XML, and every HTML-bearing element inert once a reader renders it."""
    problems = []
    try:
        root = etree.parse(io.BytesIO(content), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except etree.XMLSyntaxError as error:
        return [f"feed is not well-formed: {error}"]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local == "script":
            problems.append("script element in feed")
        html_bearing = local in {"description", "encoded", "summary", "content"} or element.get("type") == "html"
        if html_bearing and element.text:
            problems += [f"{local}: {problem}" for problem in inert_html_problems(element.text, allow_forms=False)]
        for name, value in element.attrib.items():
            if name.lower().endswith("href") and _normalised_url(value).startswith(DANGEROUS_SCHEMES):
                problems.append(f"{local} {name}={value[:40]!r}")
    return problems


def xml_problems(content):
    try:
        root = etree.parse(io.BytesIO(content), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except etree.XMLSyntaxError as error:
        return [f"not well-formed: {error}"]
    problems = []
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname in {"script", "iframe"}:
            problems.append(f"{element.tag} in XML")
        if isinstance(element.tag, str) and etree.QName(element).localname == "loc":
            if _normalised_url(element.text).startswith(DANGEROUS_SCHEMES):
                problems.append(f"loc {element.text!r}")
    return problems
