"""Every change to notification preferences passes through here."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from wasit import audit, policy
from wasit.notifications import events
from wasit.notifications.models import MailLanguage, Preferences
from wasit.notifications.queries import default_language
from wasit.policy import ActionRefused, Viewer


@transaction.atomic
def save_preferences(actor: Viewer, *, language: str, relays: bool, rounds: bool,
                     seats: bool) -> Preferences:
    """Set the viewer's own mail language and opt-ins (every box unticked means no notification)."""
    policy.require(actor, "keep_mail_preferences")
    user_id = actor.user_id
    if user_id is None:  # the system account receives no mail
        raise policy.NotFound
    if language not in MailLanguage.values:
        raise ActionRefused(_("Choose English, Arabic or Persian for your mails."), field="language")
    # Two saves at once (two tabs) must not both create the row.
    audit.lock_chain()
    prefs = Preferences.objects.filter(user_id=user_id).first()
    if prefs is None:
        prefs = Preferences(user_id=user_id, language=default_language())
    policy.require(actor, "edit", prefs)
    prefs.language, prefs.relays, prefs.rounds, prefs.seats = language, relays, rounds, seats
    prefs.save()
    audit.record(events.PreferencesChanged(user_id=prefs.user_id, language=language, relays=relays,
                                           rounds=rounds, seats=seats), actor_id=actor.user_id)
    return prefs
