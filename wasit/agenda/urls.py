from django.urls import path

from wasit.agenda import views

app_name = "agenda"

urlpatterns = [
    path("talks/<int:talks_id>/agenda/", views.agenda_list, name="list"),
    path("talks/<int:talks_id>/agenda/add/", views.add_issue, name="add"),
    path("agenda/<int:issue_id>/edit/", views.edit_issue, name="edit"),
    path("agenda/<int:issue_id>/move/", views.move_issue, name="move"),
    path("agenda/<int:issue_id>/withdraw/", views.withdraw_issue, name="withdraw"),
    path("agenda/<int:issue_id>/restore/", views.restore_issue, name="restore"),
]
