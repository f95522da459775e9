"""Head metadata for every public page: canonical URL, social cards, feeds, pagination, JSON-LD.

Views build a `PageMeta` with the functions below and put it in the context as
`seo`; `templates/includes/seo_head.html` (included by base.html) renders it.
Structured data is built as Python dicts and serialized by `json_ld()`, which
escapes <, > and & so that no text (a title containing "</script>") can end the
script element.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import navigation

# What json_script() escapes, for the same reason.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
HEADLINE_MAX = 110  # Google's limit for NewsArticle.headline
DESCRIPTION_MAX = 300

# How a stored picture becomes what social cards show; the images app registers it in its ready().
_renditions = {}
# The works an article cites, as schema.org entries; the evidence app registers it in its ready().
_citations = {}


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str
    mime: str


@dataclass(frozen=True)
class SocialImage:
    url: str
    alt: str = ""
    width: int | None = None
    height: int | None = None


@dataclass
class PageMeta:
    title: str
    description: str
    canonical: str
    og_type: str = "website"
    image: SocialImage | None = None
    feeds: list = field(default_factory=list)
    prev_url: str = ""
    next_url: str = ""
    robots: str = ""
    published_time: object = None
    modified_time: object = None
    section_name: str = ""
    tag_names: list = field(default_factory=list)
    structured_data: list = field(default_factory=list)

    @property
    def json_ld_blocks(self):
        return [json_ld(data) for data in self.structured_data]


def json_ld(data):
    """`data` as JSON safe inside <script type="application/ld+json"> (no "<", ">" or "&")."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 (escaped just above)


def absolute(path):
    """SITE_URL + path: canonical addresses never depend on the Host header."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


def iso(value):
    """A datetime in ISO 8601 with its offset and without microseconds (or None)."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _shorten(text, limit):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def site_feeds():
    return [
        FeedLink(f"{settings.SITE_NAME} (RSS)", absolute(reverse("articles:feed")), "application/rss+xml"),
        FeedLink(f"{settings.SITE_NAME} (Atom)", absolute(reverse("articles:feed_atom")), "application/atom+xml"),
    ]


def _feeds_for(kind, obj):
    rss = reverse(f"articles:{kind}_feed", kwargs={"slug": obj.slug})
    atom = reverse(f"articles:{kind}_feed_atom", kwargs={"slug": obj.slug})
    return [
        FeedLink(f"{obj.name} · {settings.SITE_NAME} (RSS)", absolute(rss), "application/rss+xml"),
        FeedLink(f"{obj.name} · {settings.SITE_NAME} (Atom)", absolute(atom), "application/atom+xml"),
    ]


def page_url(path, number, extra=None):
    """Absolute URL of page `number` of a list (page 1 has no ?page=)."""
    query = dict(extra or {})
    if number and number > 1:
        query["page"] = number
    return absolute(path) + (f"?{urlencode(query)}" if query else "")


def _pagination(meta, path, page_obj, extra=None):
    """Self-referencing canonical for page N, and rel=prev/next."""
    if page_obj is None:
        return meta
    meta.canonical = page_url(path, page_obj.number, extra)
    if page_obj.has_previous():
        meta.prev_url = page_url(path, page_obj.previous_page_number(), extra)
    if page_obj.has_next():
        meta.next_url = page_url(path, page_obj.next_page_number(), extra)
    if page_obj.number > 1:
        meta.title = f"{meta.title} (page {page_obj.number})"
    return meta


def publisher():
    # The @id joins this to the site's full NewsMediaOrganization node (its policies), printed in every page's footer.
    return {
        "@id": absolute("/") + "#organization",
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "logo": {"@type": "ImageObject", "url": absolute(static(settings.SITE_LOGO))},
    }


def breadcrumb_list(crumbs):
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb.name, "item": absolute(crumb.url)}
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }


def use_social_rendition(rendition_for):
    """`rendition_for(image)`: the rendition (url, width, height) social cards show for a stored image, or None."""
    _renditions["social"] = rendition_for


def use_citations(citations_for):
    """`citations_for(article)`: the schema.org entries (dicts) of the works the article cites."""
    _citations["for"] = citations_for


def citations(article):
    citations_for = _citations.get("for")
    return citations_for(article) if citations_for is not None else []


def social_image(article):
    """The picture social cards and structured data show for an article, or None.

    The registered rendition (the images app's 16:9 crop around the editor's focal point,
    worked out from the stored name: no query, no file read), with its size; an image stored
    outside the image pipeline falls back to the file itself, without dimensions.
    """
    if not article.hero_image:
        return None
    alt = article.hero_alt or article.title
    rendition_for = _renditions.get("social")
    rendition = rendition_for(article.hero_image) if rendition_for is not None else None
    if rendition is None:
        return SocialImage(url=absolute(article.hero_image.url), alt=alt)
    return SocialImage(url=absolute(rendition.url), alt=alt, width=rendition.width, height=rendition.height)


def modified_time(article):
    """When the story last changed; never before it went live (staff previews have no date yet)."""
    if article.published_at is None:
        return article.updated_at
    return max(article.updated_at, article.published_at)


def person(author):
    data = {"@type": "Person", "name": author.name, "url": absolute(author.get_absolute_url())}
    if author.job_title:
        data["jobTitle"] = author.job_title
    if author.credentials:
        data["honorificSuffix"] = author.credentials
        data["hasCredential"] = {"@type": "EducationalOccupationalCredential", "name": author.credentials}
    links = author.profile_links
    if links:
        data["sameAs"] = links
    return data


def news_article(article, *, authors, tags, canonical, image):
    """NewsArticle; its page is a MedicalWebPage (lastReviewed, reviewedBy) when medically reviewed."""
    page = {"@type": "WebPage", "@id": canonical}
    if article.reviewed_by_id and article.last_reviewed:
        page.update(
            {
                "@type": "MedicalWebPage",
                "lastReviewed": article.last_reviewed.isoformat(),
                "reviewedBy": person(article.reviewed_by),
            }
        )
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": _shorten(article.title, HEADLINE_MAX),
        "description": article.dek,
        "url": canonical,
        "mainEntityOfPage": page,
        "datePublished": iso(article.published_at),
        "dateModified": iso(modified_time(article)),
        "author": [person(author) for author in authors],
        "publisher": publisher(),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in tags],
        "inLanguage": settings.SITE_LANGUAGE,
        "isAccessibleForFree": True,
    }
    if image is not None:
        data["image"] = [image.url]
    cited = citations(article)
    if cited:
        data["citation"] = cited
    notes = correction_comments(article)
    if notes:
        data["correction"] = notes
    return data


def correction_comments(article):
    """The public correction notes as schema.org CorrectionComment, newest first."""
    return [
        {
            "@type": "CorrectionComment",
            "text": f"{note.get_kind_display()}: {note.note}",
            "datePublished": iso(note.created_at),
        }
        for note in article.shown_corrections
    ]


def article_meta(article, *, authors, tags):
    canonical = absolute(article.get_absolute_url())
    image = social_image(article)
    return PageMeta(
        title=article.title,
        description=_shorten(article.dek, DESCRIPTION_MAX),
        canonical=canonical,
        og_type="article",
        image=image,
        feeds=site_feeds() + _feeds_for("section", article.section),
        published_time=article.published_at,
        modified_time=modified_time(article),
        section_name=article.section.name,
        tag_names=[tag.name for tag in tags],
        structured_data=[
            news_article(article, authors=authors, tags=tags, canonical=canonical, image=image),
            breadcrumb_list(navigation.breadcrumbs(article)),
        ],
    )


def home_meta(page_obj):
    website = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "inLanguage": settings.SITE_LANGUAGE,
        "publisher": publisher(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(reverse("search:search")) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }
    meta = PageMeta(
        title=settings.SITE_NAME,
        description="Medical news, reviewed and sourced.",
        canonical=absolute("/"),
        feeds=site_feeds(),
        structured_data=[website],
    )
    return _pagination(meta, "/", page_obj)


def section_meta(section, page_obj):
    path = section.get_absolute_url()
    meta = PageMeta(
        title=section.name,
        description=_shorten(section.description or f"{section.name} news from {settings.SITE_NAME}.", 300),
        canonical=absolute(path),
        feeds=site_feeds() + _feeds_for("section", section),
        structured_data=[
            breadcrumb_list([navigation.Crumb("Home", reverse("articles:home")), navigation.Crumb(section.name, path)])
        ],
    )
    return _pagination(meta, path, page_obj)


def tag_meta(tag, page_obj):
    path = tag.get_absolute_url()
    meta = PageMeta(
        title=tag.name,
        description=_shorten(tag.description or f"Stories about {tag.name} from {settings.SITE_NAME}.", 300),
        canonical=absolute(path),
        feeds=site_feeds() + _feeds_for("tag", tag),
    )
    return _pagination(meta, path, page_obj)


def author_meta(author, page_obj):
    path = author.get_absolute_url()
    profile = {"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": person(author)}
    meta = PageMeta(
        title=str(author),
        description=_shorten(author.bio or f"Stories by {author.name}.", 300),
        canonical=absolute(path),
        og_type="profile",
        feeds=site_feeds() + _feeds_for("author", author),
        structured_data=[profile],
    )
    return _pagination(meta, path, page_obj)


def search_page_meta(request, page_obj):
    """Search results are for readers, not crawlers: noindex, canonical to the bare search page."""
    meta = PageMeta(
        title="Search",
        description=f"Search {settings.SITE_NAME}.",
        canonical=absolute(reverse("search:search")),
        robots="noindex, follow",
        feeds=site_feeds(),
    )
    if page_obj is not None:
        extra = {key: value for key, value in request.GET.items() if key in {"q", "section", "tag"} and value}
        path = reverse("search:search")
        if page_obj.has_previous():
            meta.prev_url = page_url(path, page_obj.previous_page_number(), extra)
        if page_obj.has_next():
            meta.next_url = page_url(path, page_obj.next_page_number(), extra)
    return meta
