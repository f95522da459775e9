from django.urls import path

from . import views

app_name = "richmedia"

urlpatterns = [
    path("embed-lookup/", views.embed_lookup, name="embed_lookup"),
]
