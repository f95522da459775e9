from django.urls import path

from . import picker, views

app_name = "richmedia"

urlpatterns = [
    path("embed-lookup/", views.embed_lookup, name="embed_lookup"),
    path("images/", picker.ImagePickerView.as_view(), name="image_picker"),
]
