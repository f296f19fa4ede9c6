from django.urls import path

from wasit.positions import views

app_name = "positions"

urlpatterns = [
    path("talks/<int:talks_id>/positions/", views.home, name="home"),
    path("talks/<int:talks_id>/positions/map/", views.position_map, name="map"),
    path("talks/<int:talks_id>/parties/<int:party_id>/positions/", views.party_positions, name="party"),
    path("talks/<int:talks_id>/parties/<int:party_id>/positions/red-lines/", views.red_lines, name="red_lines"),
    path("talks/<int:talks_id>/parties/<int:party_id>/positions/<int:issue_id>/", views.save_position,
         name="save"),
    path("agenda/<int:issue_id>/assessment/", views.assess, name="assess"),
    path("positions/<int:position_id>/relay/", views.relay, name="relay"),
]
