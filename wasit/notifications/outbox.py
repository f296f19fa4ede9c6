"""Enqueue an e-mail in the caller's transaction; `wasit worker` sends it."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

from wasit.notifications import tasks
from wasit.notifications.delivery import new_message_id
from wasit.notifications.models import Mail
from wasit.schedule import display


def render(template: str, context: dict[str, Any], language: str,
           user_id: int | None = None) -> tuple[str, str, str]:
    """Subject, plain text and HTML of `template` in `language`, dates on the recipient's calendar.

    `template` names three files: `<template>_subject.txt`, `<template>.txt`
    and `<template>.html` (the HTML one may be missing).
    """
    from django.template import TemplateDoesNotExist

    # The recipient's language and calendar (`wasit.schedule.display`; asked only if a date is shown).
    with translation.override(language), display.for_user(user_id):
        context = {**context, "language": language, "rtl": translation.get_language_bidi()}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = str(render_to_string(f"{template}.txt", context)).strip() + "\n"
        html = ""
        try:
            html = str(render_to_string(f"{template}.html", context))
        except TemplateDoesNotExist:
            pass
    return subject, text, html


def enqueue(*, kind: str, to: str, template: str, context: dict[str, Any], language: str,
            user_id: int | None = None, talks_id: int | None = None) -> Mail:
    """Render the mail now, in the recipient's language, and queue it in this transaction.

    Must run inside the action's transaction: a rolled-back action leaves no
    mail. The delivery task is queued in the same transaction, so a
    committed mail always has a task to carry it (`wasit worker` runs it).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("enqueue() must run inside the action's transaction")
    subject, text, html = render(template, context, language, user_id)
    mail = Mail.objects.create(kind=kind, to=to, user_id=user_id, talks_id=talks_id, language=language,
                               subject=subject, text=text, html=html, next_attempt_at=timezone.now(),
                               message_id=new_message_id())
    tasks.schedule(mail.pk)
    return mail
