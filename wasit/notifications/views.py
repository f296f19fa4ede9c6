"""The notification preferences page: parse, call one query or action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wasit.accounts.viewer import request_viewer
from wasit.notifications import actions, queries
from wasit.notifications.forms import PreferencesForm
from wasit.policy import ActionRefused


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """One's own mail language and opt-ins (GET shows, POST saves)."""
    viewer = request_viewer(request)
    prefs = queries.preferences_of(viewer)
    status = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                actions.save_preferences(viewer, **form.cleaned_data)
            except ActionRefused as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                messages.success(request, _("Your mail preferences were saved."))
                return redirect("notifications:preferences")
        status = 400
    else:
        form = PreferencesForm(initial={"language": prefs.language, "relays": prefs.relays,
                                        "rounds": prefs.rounds, "seats": prefs.seats})
    return render(request, "notifications/preferences.html",
                  {"form": form, "address": queries.address_of(viewer)}, status=status)
