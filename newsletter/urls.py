from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("newsletter/", views.SubscribeView.as_view(), name="subscribe"),
    path("newsletter/check-your-inbox/", views.CheckInboxView.as_view(), name="check_inbox"),
    path("newsletter/confirm/<int:pk>/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("newsletter/welcome/", views.WelcomeView.as_view(), name="welcome"),
    path("newsletter/unsubscribe/<int:pk>/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
