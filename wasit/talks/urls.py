from django.urls import path

from wasit.talks import views

app_name = "talks"

urlpatterns = [
    path("", views.talks_list, name="list"),
    path("talks/new/", views.new_talks, name="new"),
    path("talks/<int:talks_id>/", views.talks_detail, name="detail"),
    path("talks/<int:talks_id>/settings/", views.talks_settings, name="settings"),
    path("talks/<int:talks_id>/settings/save/", views.talks_settings_save, name="settings_save"),
    path("talks/<int:talks_id>/settings/status/", views.talks_status, name="status"),
    path("talks/<int:talks_id>/parties/", views.talks_parties, name="parties"),
    path("talks/<int:talks_id>/parties/add/", views.add_party, name="add_party"),
    path("parties/<int:party_id>/rename/", views.rename_party, name="rename_party"),
    path("rooms/<int:room_id>/close-caucus/", views.close_room, name="close_room"),
    path("rooms/<int:room_id>/reopen/", views.reopen_room, name="reopen_room"),
    path("talks/<int:talks_id>/rounds/new/", views.new_round, name="new_round"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/edit/", views.edit_round, name="edit_round"),
    path("rounds/<int:round_id>/status/", views.round_status, name="round_status"),
    path("rounds/<int:round_id>/agenda/", views.round_agenda, name="round_agenda"),
    path("rounds/<int:round_id>/minutes/", views.round_minutes, name="minutes"),
    path("rounds/<int:round_id>/minutes/save/", views.save_minutes, name="save_minutes"),
    path("rounds/<int:round_id>/summaries/<int:party_id>/", views.save_summary, name="save_summary"),
]
