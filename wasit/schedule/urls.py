from django.urls import path

from wasit.schedule import views

app_name = "schedule"

urlpatterns = [
    path("settings/dates/", views.display_preferences, name="display"),
    path("calendar/feed/", views.feed_page, name="feed"),
    path("calendar/feed/new/", views.new_feed_link, name="new_feed_link"),
    path("calendar/feed/off/", views.turn_off_feed, name="turn_off_feed"),
    path("calendar/<str:token>.ics", views.ics, name="ics"),
]
