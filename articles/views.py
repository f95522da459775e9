"""Public pages. Every list and detail goes through Article.objects.published()."""

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from . import services
from .models import Article, ArticleAuthor, Author, Section, Tag


def article_page_queryset():
    """Everything an article page shows about the article itself, in three queries."""
    return (
        Article.objects.published()
        .select_related("section", "section__default_disclaimer", "disclaimer", "reviewed_by")
        .prefetch_related(
            Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author")),
            "tags",
        )
    )


class PublicListView(ListView):
    """A paginated list of published stories, newest first."""

    paginate_by = settings.ARTICLES_PER_PAGE
    context_object_name = "stories"

    def stories(self):
        return Article.objects.published().for_cards()

    def get_queryset(self):
        return self.stories().order_by("-published_at", "-id")


class HomeView(PublicListView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["lead_story"] = page.object_list[0] if page.number == 1 and page.object_list else None
        if page.number == 1:
            context["section_fronts"] = services.section_fronts()
        return context


class SectionView(PublicListView):
    template_name = "articles/section.html"

    def get(self, request, *args, **kwargs):
        self.section = get_object_or_404(Section, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def stories(self):
        return super().stories().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(PublicListView):
    template_name = "articles/tag.html"

    def get(self, request, *args, **kwargs):
        self.tag = get_object_or_404(Tag, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def stories(self):
        return super().stories().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(PublicListView):
    template_name = "articles/author.html"

    def get(self, request, *args, **kwargs):
        self.author = get_object_or_404(Author, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def stories(self):
        return super().stories().filter(bylines__author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return article_page_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        tags = list(article.tags.all())
        context.update(
            tags=tags,
            authors=article.byline_authors,
            disclaimer=article.applicable_disclaimer,
            related_stories=services.related_stories(article, tags),
            latest_stories=services.latest_stories(exclude=article),
        )
        return context
