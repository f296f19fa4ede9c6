from django.urls import include, path
from django.views.i18n import set_language

from wasit.api.api import api
from wasit.web import views as web_views

urlpatterns = [
    path("", include("wasit.talks.urls")),
    path("", include("wasit.caucus.urls")),
    path("", include("wasit.packages.urls")),
    path("", include("wasit.agenda.urls")),
    path("", include("wasit.positions.urls")),
    path("", include("wasit.texts.urls")),
    path("", include("wasit.invitations.urls")),
    path("", include("wasit.notifications.urls")),
    path("", include("wasit.schedule.urls")),
    path("accounts/", include("wasit.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("healthz", web_views.health, name="health"),
]

handler403 = "wasit.web.views.forbidden"
handler404 = "wasit.web.views.not_found"
handler500 = "wasit.web.views.server_error"
