from django.urls import path

from . import feeds, pending_views, throttle, views
from .freshness import conditional_page

app_name = "articles"


def limited_feed(feed):
    """The feed of one section, tag or author: a cold render for every value asked for, so limited per client."""
    return throttle.limited("feeds", conditional_page(feed))


urlpatterns = [
    path("", conditional_page(views.HomeView.as_view()), name="home"),
    path("article/<slug:slug>/", conditional_page(views.ArticleDetailView.as_view()), name="article"),
    path("section/<slug:slug>/", conditional_page(views.SectionView.as_view()), name="section"),
    path("tag/<str:slug>/", conditional_page(views.TagView.as_view()), name="tag"),
    path("author/<slug:slug>/", conditional_page(views.AuthorView.as_view()), name="author"),
    # Feeds (issue 5): RSS 2.0 and Atom for the site, each section, each tag and each author.
    path("feed/", conditional_page(feeds.ArticlesFeed()), name="feed"),
    path("feed/atom/", conditional_page(feeds.ArticlesAtomFeed()), name="feed_atom"),
    path("section/<slug:slug>/feed/", limited_feed(feeds.SectionFeed()), name="section_feed"),
    path("section/<slug:slug>/feed/atom/", limited_feed(feeds.SectionAtomFeed()), name="section_feed_atom"),
    path("tag/<str:slug>/feed/", limited_feed(feeds.TagFeed()), name="tag_feed"),
    path("tag/<str:slug>/feed/atom/", limited_feed(feeds.TagAtomFeed()), name="tag_feed_atom"),
    path("author/<slug:slug>/feed/", limited_feed(feeds.AuthorFeed()), name="author_feed"),
    path("author/<slug:slug>/feed/atom/", limited_feed(feeds.AuthorAtomFeed()), name="author_feed_atom"),
    path("preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("preview/<int:pk>/pending/", pending_views.PendingPreviewView.as_view(), name="preview_pending"),
    path("preview/shared/<str:token>/", views.SharedPreviewView.as_view(), name="preview_shared"),
]
