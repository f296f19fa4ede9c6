from django.urls import path

from wasit.texts import views

app_name = "texts"

urlpatterns = [
    path("talks/<int:talks_id>/texts/", views.text_list, name="list"),
    path("talks/<int:talks_id>/texts/new/", views.create, name="create"),
    path("texts/<int:text_id>/", views.text_page, name="text"),
    path("texts/<int:text_id>/clauses/", views.edit_clause, name="edit_clause"),
    path("texts/<int:text_id>/settings/", views.change_settings, name="settings"),
    path("texts/<int:text_id>/board/", views.board, name="board"),
    path("texts/<int:text_id>/compare/", views.compare, name="compare"),
    path("texts/versions/<int:version_id>/share/", views.share, name="share"),
    path("texts/versions/<int:version_id>/stances/", views.mark_stances, name="stances"),
    path("texts/versions/<int:version_id>/sign-off/", views.sign_off, name="sign_off"),
    path("texts/versions/<int:version_id>/export.<str:fmt>", views.export, name="export"),
]
