"""Django's template engine against Jinja2 on the same page, the same context and the same data work.

    python -m bench.template_engines [PATH ...] [--renders 200]   # default: home and the newest story

Each page's context is built once by its real view (HomeView, ArticleDetailView). Each engine then
renders the whole page from it as a cold request does, every cache a DummyCache: the Django
templates with their includes and tags, and the same templates translated to Jinja2 as they are
loaded (bench.jinja_port), whose tags are functions calling the owners the Django tags call (the
latest stories, the most-read list, the footer's pages, the stored evidence panel and
references, the picture markup). The two outputs must be the same bytes (but for the spelling of
escaped quotes) before anything is timed; renders alternate between the engines. A template
the translation cannot take, or a page it writes differently, is reported, not timed.

Prints one JSON document: the median and p95 milliseconds of each engine's render, the queries each
render runs, and the median CPU milliseconds of the whole cold request, so the share the template
engine takes of a cold page can be read off.
"""

import datetime
import json
import os
import statistics
import sys
import time
from functools import partial

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

import jinja2  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import defaultfilters, engines  # noqa: E402
from django.template.loader import get_template  # noqa: E402
from django.templatetags.static import static  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import resolve, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.csp import LazyNonce  # noqa: E402
from django.utils.safestring import mark_safe  # noqa: E402

from articles import changes, fragments, seo, services  # noqa: E402
from articles.models import Article  # noqa: E402
from articles.templatetags.html_dates import html_datetime, short_time  # noqa: E402
from bench import jinja_port  # noqa: E402
from bench.inproc import dummy_caches, summary  # noqa: E402
from evidence.templatetags import evidence as evidence_tags  # noqa: E402
from images.templatetags import images as images_tags  # noqa: E402
from mostread import services as most_read_services  # noqa: E402
from mostread.templatetags import most_read as most_read_tags  # noqa: E402
from pages import trust  # noqa: E402


def _date(value, format_string):
    # Django's `date` filter receives aware datetimes in the current time zone (expects_localtime).
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return defaultfilters.date(value, format_string)


def _url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


def _now(format_string):
    return defaultfilters.date(timezone.localtime() if settings.USE_TZ else datetime.datetime.now(), format_string)


def jinja_environment():
    """Jinja2 on the readers' templates (bench.jinja_port): Django's own filters, and for each tag a
    function that calls the owner the Django tag calls."""

    def render(name, **context):
        return mark_safe(env.get_template(name).render(context))  # noqa: S308 - an autoescaping template

    @jinja2.pass_context
    def footer_pages(context):  # pages.templatetags.pages.footer_pages
        pages = context["published_pages"]
        return render(
            "pages/footer_links.html",
            footer_pages=pages,
            organization_json_ld=seo.json_ld(trust.organization(pages)),
            csp_nonce=context.get("csp_nonce", ""),
        )

    @jinja2.pass_context
    def standing_page(context, kind):  # pages.templatetags.pages.standing_page
        return next((page for page in context["published_pages"] if page.kind == kind), None)

    def most_read():  # mostread.templatetags.most_read.fresh_list, where no cache keeps the list
        if changes.page_state([changes.LISTS]) is not None:
            most_read_services.refresh()
        label, stories = most_read_services.most_read()
        return render(most_read_tags.TEMPLATE, most_read_label=label, most_read_stories=stories)

    @jinja2.pass_context
    def latest_stories(context, article):  # articles.templatetags.page_parts.latest_stories
        request = context.get("request")
        if request is not None and fragments.kept_apart(request):
            return mark_safe(fragments.PLACEHOLDER.format(slug=article.slug))  # noqa: S308 - a slug in a comment
        stories = services.latest_stories(exclude=article, limit=settings.LATEST_STORIES_LIMIT)
        return render("includes/latest_stories.html", latest_stories=stories)

    functions = {
        "url": _url,
        "static": static,
        "now": _now,
        "short_time": short_time,
        "picture": images_tags.picture,
        "image_url": images_tags.image_url,
        "evidence_panel": evidence_tags.evidence_panel,
        "references": evidence_tags.references,
        "footer_pages": footer_pages,
        "standing_page": standing_page,
        "latest_stories": latest_stories,
        "most_read": most_read,
    }
    env = jinja_port.DjangoLookups(
        loader=jinja_port.DjangoTemplateLoader(functions),
        autoescape=True,
        auto_reload=False,
        undefined=jinja2.ChainableUndefined,
        keep_trailing_newline=True,  # as Django writes a template, its last newline included
    )
    env.filters.update(
        html_datetime=html_datetime,
        date=_date,
        truncatechars=defaultfilters.truncatechars,
        linebreaksbr=partial(defaultfilters.linebreaksbr, autoescape=True),
        timesince=defaultfilters.timesince_filter,
        pluralize=defaultfilters.pluralize,
        length=len,
        safe=defaultfilters.safe,
    )
    env.globals.update(functions)
    return env


def page_context(path):
    """(request, template name, the view's context) for a public page, as its real view builds them."""
    request = RequestFactory().get(path)
    request._csp_nonce = LazyNonce()
    match = resolve(path)
    view = match.func.view_class(**match.func.view_initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    captured = {}

    def keep(context, **response_kwargs):
        captured["context"] = context
        return HttpResponse()

    view.render_to_response = keep
    view.get(request, *match.args, **match.kwargs)
    return request, view.get_template_names()[0], captured["context"]


def render_django(template, request, context):
    return template.render(context, request)


def render_jinja(template, request, context):
    # What Django's Jinja2 backend would put in: the request and the context processors' values.
    processed = {"request": request}
    for processor in engines["django"].engine.template_context_processors:
        processed.update(processor(request))
    processed.update(context)
    return template.render(processed)


def normalised(html):
    """The page with Jinja's spellings of the escaped quotes made Django's: the two engines must then
    write the same bytes."""
    return html.replace("&#39;", "&#x27;").replace("&#34;", "&quot;")


def first_difference(left, right, width=120):
    at = next((i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b), min(len(left), len(right)))
    return {"at": at, "django": left[max(0, at - 40) : at + width], "jinja2": right[max(0, at - 40) : at + width]}


def queries_of(render):
    with CaptureQueriesContext(connection) as captured:
        render()
    return len(captured.captured_queries)


def cold_request_cpu_ms(path, requests):
    """Median CPU milliseconds of the whole request for `path`, through every middleware, caches as they are."""
    client = Client()
    for _ in range(10):
        status = client.get(path).status_code
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    samples = []
    for _ in range(max(1, requests)):
        before = time.process_time()
        client.get(path)
        samples.append((time.process_time() - before) * 1000)
    return round(statistics.median(samples), 3)


def page_renderers(path):
    """{engine: a call that renders the page at `path` in full} from one context built by its real view."""
    request, template_name, context = page_context(path)
    django_template = get_template(template_name)
    jinja_template = jinja_environment().get_template(template_name)
    return {
        "django": partial(render_django, django_template, request, context),
        "jinja2": partial(render_jinja, jinja_template, request, context),
    }


def difference(renderers):
    """None when both engines write the same page, else where they part."""
    django_page, jinja_page = (normalised(render()) for render in renderers.values())
    return None if django_page == jinja_page else first_difference(django_page, jinja_page)


def compare(path, renders=200):
    renders = max(1, renders)
    with override_settings(CACHES=dummy_caches()):
        try:
            renderers = page_renderers(path)
            parted = difference(renderers)
        except (jinja_port.UntranslatableTemplate, jinja2.TemplateError) as error:
            parted = {"error": f"{type(error).__name__}: {error}"}
        if parted is not None:
            return {"path": path, "same_page": False, "difference": parted}
        samples = {name: [] for name in renderers}
        for _ in range(20):  # warm both
            for render in renderers.values():
                render()
        for _ in range(renders):
            for name, render in renderers.items():
                before = time.process_time()
                render()
                samples[name].append((time.process_time() - before) * 1000)
        result = {
            "path": path,
            "same_page": True,
            "page_bytes": len(renderers["django"]().encode()),
            "cold_request_cpu_ms": cold_request_cpu_ms(path, renders // 2),
        }
        for name, render in renderers.items():
            result[name] = {**summary(samples[name]), "queries": queries_of(render)}
        saved = result["django"]["median_ms"] - result["jinja2"]["median_ms"]
        result["saved_ms"] = round(saved, 3)
        result["saved_share_of_cold_request"] = round(saved / result["cold_request_cpu_ms"], 3)
        return result


def default_paths():
    """Home and the newest story's page: the two pages most readers see."""
    article = Article.objects.published().order_by("-published_at").only("slug").first()
    if article is None:
        sys.exit("No published article: run `manage.py generate_articles 1000` first.")
    return [reverse("articles:home"), article.get_absolute_url()]


if __name__ == "__main__":
    arguments = sys.argv[1:]
    renders = 200
    if "--renders" in arguments:
        at = arguments.index("--renders")
        renders = int(arguments[at + 1])
        del arguments[at : at + 2]
    paths = arguments or default_paths()
    json.dump([compare(path, renders=renders) for path in paths], sys.stdout)  # one line: bench.common reads it
    sys.stdout.write("\n")
