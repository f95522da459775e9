from django.urls import path

from articles.freshness import conditional_page

from . import feeds, views

app_name = "editorial"

urlpatterns = [
    path("corrections/", conditional_page(views.CorrectionListView.as_view()), name="corrections"),
    path("corrections/feed/", conditional_page(feeds.CorrectionsFeed()), name="corrections_feed"),
    path("corrections/feed/atom/", conditional_page(feeds.CorrectionsAtomFeed()), name="corrections_feed_atom"),
    path("article/<slug:slug>/changes/", conditional_page(views.ArticleChangesView.as_view()), name="article_changes"),
]
