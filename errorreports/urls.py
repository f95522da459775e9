from django.urls import path

from . import views

app_name = "errorreports"

urlpatterns = [
    path("article/<slug:slug>/report-error/", views.ReportErrorView.as_view(), name="report"),
    path("article/<slug:slug>/report-error/thanks/", views.ThanksView.as_view(), name="thanks"),
]
