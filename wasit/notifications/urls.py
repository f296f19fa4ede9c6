from django.urls import path

from wasit.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.preferences, name="preferences"),
]
