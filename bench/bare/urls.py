from django.http import HttpResponse
from django.urls import path

BODY = b"<!doctype html><title>ok</title><p>A bare Django view.</p>\n"


def page(request):
    return HttpResponse(BODY)


urlpatterns = [path("", page, name="page")]
