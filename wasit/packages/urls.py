from django.urls import path

from wasit.packages import views

app_name = "packages"

urlpatterns = [
    path("talks/<int:talks_id>/packages/", views.package_view, name="view"),
    path("talks/<int:talks_id>/packages/define/", views.define, name="define"),
    path("talks/<int:talks_id>/packages/import/", views.import_genius, name="import_genius"),
    path("talks/<int:talks_id>/packages/settings/", views.domain_settings, name="settings"),
    path("talks/<int:talks_id>/packages/propose/", views.propose, name="propose"),
    path("proposals/<int:proposal_id>/share/", views.share, name="share"),
    path("talks/<int:talks_id>/packages/scores/", views.scores, name="scores"),
    path("talks/<int:talks_id>/packages/scores/save/", views.save_scores, name="save_scores"),
    path("talks/<int:talks_id>/packages/parties/<int:party_id>/scores/", views.party_scores,
         name="party_scores"),
]
