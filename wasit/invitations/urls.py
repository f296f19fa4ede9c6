from django.urls import path

from wasit.invitations import views

app_name = "invitations"

urlpatterns = [
    path("talks/<int:talks_id>/people/", views.people, name="people"),
    path("talks/<int:talks_id>/people/invite/", views.invite, name="invite"),
    path("people/invitations/<int:invitation_id>/revoke/", views.revoke, name="revoke"),
    path("people/invitations/<int:invitation_id>/resend/", views.resend, name="resend"),
    path("people/seats/<int:seat_id>/role/", views.seat_role, name="seat_role"),
    path("people/seats/<int:seat_id>/suspend/", views.seat_suspend, name="seat_suspend"),
    path("people/seats/<int:seat_id>/reinstate/", views.seat_reinstate, name="seat_reinstate"),
    path("people/seats/<int:seat_id>/remove/", views.seat_remove, name="seat_remove"),
    path("invitations/<str:token>/", views.accept, name="accept"),
]
