"""A streaming reader for WordPress eXtended RSS (WXR) exports, versions 1.0 to 1.2.

The export of a large site can be hundreds of megabytes, so the file is read with
lxml's iterparse and every <item> is cleared once read: memory follows the largest
item, not the file. The parser is locked down against hostile XML: no DTD is
loaded, no entity is resolved, nothing is fetched from the network and libxml2's
size limits stay on (huge_tree off).

`scan()` reads the whole file once and returns the channel (site title, authors,
categories, attachments by id, counts); it raises WXRError for anything that is
not a WXR file we understand, before the importer writes a thing. `items()` then
yields the items one by one for the import pass.
"""

import re
from dataclasses import dataclass, field

from lxml import etree

KNOWN_VERSIONS = ("1.0", "1.1", "1.2")
WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/([^/]+)/$")
EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/[^/]+/excerpt/$")
OTHER_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "https://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "https://purl.org/dc/elements/1.1/": "dc",
}


class WXRError(Exception):
    """The file cannot be imported at all: not XML, not WXR, or an unknown WXR version."""


@dataclass
class WxrItem:
    """One <item> of the export, with WordPress's names and raw (unconverted) values."""

    post_id: str = ""
    post_type: str = ""
    status: str = ""
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_name: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    post_modified: str = ""
    post_modified_gmt: str = ""
    attachment_url: str = ""
    post_password: str = ""
    post_parent: str = ""
    menu_order: int = 0
    # (domain, nicename, name) in file order: domain is "category" or "post_tag" (or a custom taxonomy).
    terms: list = field(default_factory=list)
    postmeta: dict = field(default_factory=dict)
    comment_count: int = 0


@dataclass
class Attachment:
    """What the importer needs of an attachment item to bring its file in."""

    wp_id: str
    url: str
    attached_file: str
    alt: str
    caption: str
    parent: str = ""  # the post it was uploaded to: a [gallery] without ids shows these
    menu_order: int = 0


@dataclass
class Channel:
    """The site-level facts of an export, gathered by `scan()`."""

    version: str = ""
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    authors: dict = field(default_factory=dict)  # login -> display name
    categories: dict = field(default_factory=dict)  # nicename -> {"term_id", "name", "parent"}
    attachments: dict = field(default_factory=dict)  # wp id -> Attachment
    post_count: int = 0
    item_count: int = 0


def _parser(path):
    return etree.iterparse(
        str(path),
        events=("start-ns", "start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


class _Names:
    """Maps '{namespace}local' tags to short keys like 'wp:post_id', whatever namespace form was used."""

    def __init__(self):
        self._cache = {}

    def key(self, tag):
        if not isinstance(tag, str):
            return ""
        try:
            return self._cache[tag]
        except KeyError:
            pass
        if tag.startswith("{"):
            uri, local = tag[1:].split("}", 1)
            if WP_NAMESPACE.match(uri):
                prefix = "wp"
            elif EXCERPT_NAMESPACE.match(uri):
                prefix = "excerpt"
            else:
                prefix = OTHER_NAMESPACES.get(uri, uri)
            key = f"{prefix}:{local}"
        else:
            key = tag
        self._cache[tag] = key
        return key


def _raw_text(element):
    """Text with its whitespace kept: post content's line breaks are its paragraphs.

    An undeclared or refused entity reference (entities are never resolved) is left
    out, but the text after it is kept.
    """
    if element is None:
        return ""
    text = element.text or ""
    if len(element):
        text += "".join(child.tail or "" for child in element if not isinstance(child.tag, str))
    return text


def _text(element):
    return _raw_text(element).strip()


def _children(element, names):
    """Child elements by key (first one wins), skipping comments and entity references."""
    found = {}
    for child in element:
        key = names.key(child.tag)
        if key and key not in found:
            found[key] = child
    return found


def _read_item(element, names):
    item = WxrItem()
    for child in element:
        key = names.key(child.tag)
        match key:
            case "title":
                item.title = _text(child)
            case "link":
                item.link = _text(child)
            case "guid":
                item.guid = _text(child)
            case "dc:creator":
                item.creator = _text(child)
            case "content:encoded":
                item.content = _raw_text(child)
            case "excerpt:encoded":
                item.excerpt = _raw_text(child)
            case "wp:post_id":
                item.post_id = _text(child)
            case "wp:post_type":
                item.post_type = _text(child)
            case "wp:status":
                item.status = _text(child)
            case "wp:post_name":
                item.post_name = _text(child)
            case "wp:post_date":
                item.post_date = _text(child)
            case "wp:post_date_gmt":
                item.post_date_gmt = _text(child)
            case "wp:post_modified":
                item.post_modified = _text(child)
            case "wp:post_modified_gmt":
                item.post_modified_gmt = _text(child)
            case "wp:attachment_url":
                item.attachment_url = _text(child)
            case "wp:post_password":
                item.post_password = _text(child)
            case "wp:post_parent":
                item.post_parent = _text(child)
            case "wp:menu_order":
                order = _text(child)
                item.menu_order = int(order) if order.lstrip("-").isdigit() else 0
            case "category":
                domain = child.get("domain") or "category"
                item.terms.append((domain, (child.get("nicename") or "").strip(), _text(child)))
            case "wp:postmeta":
                meta = _children(child, names)
                meta_key = _text(meta.get("wp:meta_key"))
                if meta_key and meta_key not in item.postmeta:
                    item.postmeta[meta_key] = _raw_text(meta.get("wp:meta_value")).strip()
            case "wp:comment":
                item.comment_count += 1
    return item


def _read_author(element, names):
    parts = _children(element, names)
    login = _text(parts.get("wp:author_login"))
    display = _text(parts.get("wp:author_display_name"))
    if not display:
        display = " ".join(
            filter(None, [_text(parts.get("wp:author_first_name")), _text(parts.get("wp:author_last_name"))])
        )
    return login, display or login


def _read_category(element, names):
    parts = _children(element, names)
    return _text(parts.get("wp:category_nicename")), {
        "term_id": _text(parts.get("wp:term_id")),
        "name": _text(parts.get("wp:cat_name")),
        "parent": _text(parts.get("wp:category_parent")),
    }


def _check_namespace(uri):
    match = WP_NAMESPACE.match(uri)
    if match and match.group(1) not in KNOWN_VERSIONS:
        raise WXRError(
            f"Unknown WXR version {match.group(1)!r} (namespace {uri}); this importer reads WXR "
            f"{', '.join(KNOWN_VERSIONS)}."
        )
    return bool(match)


def _channel_children(path, names, namespaces):
    """Stream the file, yielding (key, element) for each direct child of <channel> once it is read.

    Each such child is cleared and dropped from the tree after the consumer is done
    with it, so memory stays flat. Namespace URIs declared anywhere are added to
    `namespaces` as they are met; an unknown WXR namespace version stops at once.
    """
    depth = 0
    channel = None
    try:
        for event, payload in _parser(path):
            if event == "start-ns":
                namespaces.add(payload[1])
                _check_namespace(payload[1])
                continue
            if event == "start":
                depth += 1
                if depth == 1 and names.key(payload.tag) != "rss":
                    raise WXRError(
                        f"Not a WordPress export: the document is <{etree.QName(payload).localname}>, "
                        "not an RSS <rss> feed."
                    )
                if depth == 2 and channel is None and names.key(payload.tag) == "channel":
                    channel = payload
                    yield "channel", payload
                continue
            if depth == 3 and channel is not None and payload.getparent() is channel:
                yield names.key(payload.tag), payload
                payload.clear()
                while payload.getprevious() is not None:
                    del channel[0]
            depth -= 1
    except etree.XMLSyntaxError as error:
        raise WXRError(f"Not a readable XML file: {error}") from error
    except OSError as error:
        raise WXRError(f"Cannot read the file: {error}") from error


def scan(path):
    """Read the whole export once and return its Channel, or raise WXRError before any import."""
    channel = Channel()
    names = _Names()
    namespaces = set()
    declared_versions = []
    saw_channel = False
    for key, element in _channel_children(path, names, namespaces):
        match key:
            case "channel":
                saw_channel = True
            case "title":
                channel.title = _text(element)
            case "link":
                channel.link = _text(element)
            case "wp:base_site_url":
                channel.base_site_url = _text(element)
            case "wp:wxr_version":
                declared_versions.append(_text(element))
            case "wp:author":
                login, display = _read_author(element, names)
                if login:
                    channel.authors[login] = display
            case "wp:category":
                nicename, info = _read_category(element, names)
                if nicename:
                    channel.categories[nicename] = info
            case "item":
                channel.item_count += 1
                item = _read_item(element, names)
                if item.post_type == "post":
                    channel.post_count += 1
                elif item.post_type == "attachment" and item.post_id:
                    channel.attachments[item.post_id] = Attachment(
                        wp_id=item.post_id,
                        url=item.attachment_url,
                        attached_file=item.postmeta.get("_wp_attached_file", ""),
                        alt=item.postmeta.get("_wp_attachment_image_alt", ""),
                        caption=item.excerpt.strip(),
                        parent=item.post_parent,
                        menu_order=item.menu_order,
                    )
    if not saw_channel:
        raise WXRError("Not a WordPress export: the RSS document has no <channel>.")
    if not any(WP_NAMESPACE.match(uri) for uri in namespaces):
        raise WXRError(
            "Not a WordPress export: no WordPress export namespace (wordpress.org/export/1.x/). "
            "Export the site with Tools › Export in WordPress."
        )
    version = declared_versions[0] if declared_versions else ""
    if version not in KNOWN_VERSIONS:
        raise WXRError(
            f"Unknown WXR version {version or '(none given)'!r}; this importer reads WXR {', '.join(KNOWN_VERSIONS)}."
        )
    channel.version = version
    return channel


def items(path):
    """Yield each <item> of an export already checked by `scan()`, one at a time."""
    names = _Names()
    for key, element in _channel_children(path, names, set()):
        if key == "item":
            yield _read_item(element, names)
