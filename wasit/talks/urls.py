from django.urls import path

from wasit.talks import views

app_name = "talks"

urlpatterns = [
    path("", views.talks_list, name="list"),
    path("talks/<int:talks_id>/", views.talks_detail, name="detail"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/status/", views.round_status, name="round_status"),
]
