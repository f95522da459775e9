"""Public pages. Every list and detail goes through Article.objects.published()."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from . import addresses, navigation, preview, related, seo, services, workflow
from .models import Article, Author, Section, Tag, public_fetch_mode
from .models.prepared import PreparedQuery
from .pagination import PageWindowPaginator, PreparedFirstPage


def article_page(articles=None):
    """Everything an article page shows about its article, in one query: Article.objects.for_page(), with the
    previous and next story of its section and its related stories riding along.

    `articles` defaults to the published door; only the staff preview passes all articles.
    """
    articles = Article.objects.published() if articles is None else articles
    return related.with_stored_related(navigation.with_section_neighbours(articles.for_page()))


# The public article page's query is the same on every request but for the slug and the time:
# compiled once per process (articles.models.prepared).
PUBLIC_ARTICLE_PAGE = PreparedQuery(Article, lambda slug: article_page().filter(slug=slug), slug=str)


class PublicListView(ListView):
    """A paginated list of published stories, newest first."""

    paginate_by = settings.ARTICLES_PER_PAGE
    paginator_class = PageWindowPaginator
    context_object_name = "stories"
    first_page = None  # a PreparedFirstPage, where page 1 of the list is prepared

    def first_page_values(self):
        """The first_page's argument values for this request."""
        return {}

    def get_paginator(self, queryset, per_page, **kwargs):
        prepared = self.first_page
        first_page = prepared.bind(**self.first_page_values()) if prepared and prepared.serves(self) else None
        return super().get_paginator(queryset, per_page, first_page=first_page, **kwargs)

    def stories(self):
        return Article.objects.published().for_cards()

    def get_queryset(self):
        return self.stories().order_by("-published_at", "-id")

    def seo_meta(self, page_obj):
        """Head metadata for this list (articles.seo); None falls back to the site's defaults."""
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["seo"] = self.seo_meta(context["page_obj"])
        return context


class HomeView(PublicListView):
    template_name = "articles/home.html"

    def seo_meta(self, page_obj):
        return seo.home_meta(page_obj)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["lead_story"] = page.object_list[0] if page.number == 1 and page.object_list else None
        if context["lead_story"] is not None:
            # The lead is shown once, above the grid, not again as its first card.
            context["stories"] = list(page.object_list)[1:]
        if page.number == 1:
            context["section_fronts"] = services.section_fronts()
        return context


class SectionView(PublicListView):
    template_name = "articles/section.html"

    def get(self, request, *args, **kwargs):
        found = SECTION_BY_SLUG.fetch(slug=kwargs["slug"])
        if not found:
            raise Http404("No such section.")
        self.section = found[0]
        return super().get(request, *args, **kwargs)

    def first_page_values(self):
        return {"section": self.section.pk}

    def stories(self):
        return super().stories().filter(section=self.section)

    def seo_meta(self, page_obj):
        return seo.section_meta(self.section, page_obj)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


# Page 1 of home and of each section, the lists read most, and the section itself: queries compiled once per process.
HomeView.first_page = PreparedFirstPage(HomeView)
SectionView.first_page = PreparedFirstPage(SectionView, section=int)
SECTION_BY_SLUG = PreparedQuery(Section, lambda slug: Section.objects.filter(slug=slug), slug=str)


class TagView(PublicListView):
    template_name = "articles/tag.html"

    def get(self, request, *args, **kwargs):
        try:
            self.tag = get_object_or_404(Tag.objects.public(), slug=kwargs["slug"])
        except Http404:
            return addresses.redirect_or_404(addresses.TAG, kwargs["slug"])  # a merged or renamed tag
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # Newest first as the tag's own links order them (newest_tagged), not re-ordered by the articles' columns.
        return self.stories().newest_tagged(self.tag)

    def seo_meta(self, page_obj):
        return seo.tag_meta(self.tag, page_obj)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(PublicListView):
    template_name = "articles/author.html"

    def get(self, request, *args, **kwargs):
        self.author = get_object_or_404(Author, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # Newest first as the author's own bylines order them (newest_by_author).
        return self.stories().newest_by_author(self.author)

    def seo_meta(self, page_obj):
        return seo.author_meta(self.author, page_obj)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return article_page(self.page_articles())

    def get_object(self, queryset=None):
        # The public page reads through the prepared query, not get_queryset(): a subclass narrows
        # what it shows through page_articles(), which takes it back to the ORM.
        if queryset is not None or self.page_articles() is not None or "slug" not in self.kwargs:
            return super().get_object(queryset)
        found = PUBLIC_ARTICLE_PAGE.fetch(slug=self.kwargs["slug"])
        if not found:
            raise Http404("No public article at this address.")
        return found[0]

    def page_articles(self):
        """Which articles this page may show: None is the published door; only the staff preview widens it."""
        return None

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            if "slug" not in kwargs:
                raise
            return addresses.redirect_or_404(addresses.ARTICLE, kwargs["slug"])  # a public article's old slug

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        tags = article.shown_tags
        context.update(
            tags=tags,
            authors=article.byline_authors,
            corrections=article.shown_corrections,
            disclaimer=article.applicable_disclaimer,
            related_stories=related.stored_related(article),
        )
        older, newer = navigation.section_neighbours(article)
        context.update(
            breadcrumbs=navigation.breadcrumbs(article),
            older_story=older,
            newer_story=newer,
            seo=seo.article_meta(article, authors=context["authors"], tags=tags),
        )
        return context


# --- Staff preview and share links (editorial workflow) ----------------------------------------


class PreviewMixin:
    """An article of any state, rendered by the public page's own view and template, never cached or indexed."""

    template_name = "articles/preview.html"
    shared = False

    def page_articles(self):
        return Article.objects.fetch_mode(public_fetch_mode())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(preview_label=workflow.status_label(self.object), preview_shared=self.shared)
        # A story not yet published has no stored list: rank it now (previews are never cached).
        context["related_stories"] = services.related_stories(self.object, context["tags"])
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # Set here, not only by the decorator, so no cache inside the view stack can keep a preview.
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(PreviewMixin, ArticleDetailView):
    """/preview/<pk>/: signed-in staff with preview rights; writers only their own articles."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not (request.user.is_active and request.user.is_staff and request.user.has_perm("articles.preview_article")):
            raise PermissionDenied("Your account cannot preview articles.")
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if not (workflow.sees_all(self.request.user) or workflow.is_owner(self.request.user, article)):
            raise PermissionDenied("You can preview only your own articles.")
        return article


@method_decorator(never_cache, name="dispatch")
class SharedPreviewView(PreviewMixin, ArticleDetailView):
    """/preview/shared/<token>/: anyone holding an unexpired signed link (see articles.preview)."""

    shared = True

    def get(self, request, *args, **kwargs):
        try:
            self.kwargs["pk"] = preview.article_id_from_token(kwargs["token"])
        except preview.PreviewLinkError as error:
            response = render(
                request,
                "articles/preview_unavailable.html",
                {"message": str(error)},
                status=403 if error.expired else 404,
            )
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response
        return super().get(request, *args, **kwargs)
