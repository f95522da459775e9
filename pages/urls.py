from django.urls import path

from articles.freshness import conditional_page

from . import views

app_name = "pages"

urlpatterns = [
    path("about/", conditional_page(views.AboutView.as_view()), name="about"),
    path("policies/<slug:slug>/", conditional_page(views.PolicyView.as_view()), name="policy"),
]
