from django.urls import path

from wasit.caucus import views

app_name = "caucus"

urlpatterns = [
    path("rooms/<int:room_id>/", views.room_page, name="room"),
    path("rooms/<int:room_id>/items/", views.room_items, name="room_items"),
    path("rooms/<int:room_id>/post/", views.post_in_room, name="post"),
    path("rooms/<int:room_id>/close/", views.close_joint, name="close_joint"),
    path("messages/<int:message_id>/relay/", views.relay, name="relay"),
    path("messages/<int:message_id>/withhold/", views.withhold, name="withhold"),
    path("messages/<int:message_id>/translate/", views.translate, name="translate"),
    path("talks/<int:talks_id>/board/", views.board, name="board"),
    path("talks/<int:talks_id>/relays/", views.provenance, name="provenance"),
    path("talks/<int:talks_id>/joint/", views.open_joint, name="open_joint"),
]
