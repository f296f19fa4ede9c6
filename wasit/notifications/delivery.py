"""Sending one queued mail: claim it, hand it to the mail server, record what happened.

The `Mail` row is the truth, not the task queue. django-tasks' database
backend carries "deliver mail N" to a worker (`wasit.notifications.tasks`),
but a task row alone cannot promise what mail needs: a worker killed while
running a task leaves that task "running" for ever, and nothing in the
backend retries with a backoff or expires a claim. So every task first
claims its mail with one conditional UPDATE (queued and due, or "sending"
with a lapsed lease -> "sending" with a new lease): two workers, or two
tasks for the same mail, can never both win it, and a mail left "sending" by
a dead worker is taken again once its lease runs out (`recover`).

At-least-once is the honest guarantee at the SMTP boundary. Between the
server's "250 OK" and our UPDATE to "sent" a worker can die (power, OOM
kill, a lost database connection); the mail then went out but the row
still says "sending", and when the lease lapses it is sent again. No
protocol closes that gap: SMTP has no idempotency key and the database and
the mail server commit separately. We make the duplicate recognisable
instead: every attempt carries the same `Message-ID`, so mail systems
that de-duplicate by it drop the copy, and an operator can match it. The
other way round (mark "sent" first, then send) would lose mails silently,
which is worse for an invitation or a reset link.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Callable
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from wasit.notifications.models import Mail, MailStatus

_log = logging.getLogger(__name__)

#: How long a worker owns a mail it claimed. Longer than an SMTP exchange
#: can take (EMAIL_TIMEOUT bounds each network step), so a live worker is
#: never overtaken; short enough that a killed one delays a mail by minutes.
LEASE = dt.timedelta(minutes=5)

#: Wait before attempt 2, 3, ...; after the last one the mail is "failed".
BACKOFF = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30),
           dt.timedelta(hours=2), dt.timedelta(hours=6), dt.timedelta(hours=24))
MAX_ATTEMPTS = len(BACKOFF) + 1

#: A queued, due mail with no task to carry it (the task row was pruned, or
#: the mail predates the queue) is given a new task after this long.
ORPHAN_AFTER = dt.timedelta(minutes=10)

#: `reschedule(mail_id, when)`: queue a delivery task to run at `when` (None: now).
Reschedule = Callable[[int, "dt.datetime | None"], None]


def new_message_id() -> str:
    """A Message-ID for a new mail, kept for every attempt to send it."""
    host = urlsplit(settings.WASIT_BASE_URL).hostname or "wasit.localhost"
    return make_msgid(idstring="wasit", domain=host)


def claim(mail_id: int, now: dt.datetime | None = None) -> Mail | None:
    """Take the mail for this worker, or None if it is not due or someone else has it.

    One UPDATE with the condition in its WHERE: safe on SQLite (no SELECT
    FOR UPDATE there) and on PostgreSQL alike. The attempt is counted here,
    so an attempt a crash cut short still counts.
    """
    now = now or timezone.now()
    due = Q(status=MailStatus.QUEUED) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    abandoned = Q(status=MailStatus.SENDING, lease_until__lt=now)
    won = Mail.objects.filter(Q(pk=mail_id) & (due | abandoned)).update(
        status=MailStatus.SENDING, lease_until=now + LEASE, attempts=F("attempts") + 1)
    return Mail.objects.get(pk=mail_id) if won else None


def send(mail: Mail) -> None:
    """Hand one mail to the configured backend; raises what the server answered."""
    message_id = mail.message_id or f"<wasit-mail-{mail.pk}@{urlsplit(settings.WASIT_BASE_URL).hostname}>"
    message = EmailMultiAlternatives(
        subject=mail.subject, body=mail.text, from_email=settings.DEFAULT_FROM_EMAIL, to=[mail.to],
        connection=get_connection(fail_silently=False),
        headers={"Message-ID": message_id, "Content-Language": mail.language,
                 "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"})
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    message.send()


def is_permanent(exc: BaseException) -> bool:
    """Will trying again not help? SMTP says so with a 5xx reply.

    A refused log-in is the exception: that is the operator's settings,
    which they can fix, and the mails should then go out.
    """
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return False
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    if isinstance(exc, OSError | smtplib.SMTPException):
        return False  # connection refused, timed out, dropped: the network, for now
    return True  # a mail the backend cannot even build will not build next time


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]


def deliver(mail_id: int, reschedule: Reschedule) -> str:
    """Claim, send and record one mail; what happened, in a word (the task's result)."""
    mail = claim(mail_id)
    if mail is None:
        return "not due or taken"
    try:
        send(mail)
    except Exception as exc:  # noqa: BLE001 (every failure is recorded on the row)
        return _failed(mail, exc, reschedule)
    with transaction.atomic():
        done = Mail.objects.filter(pk=mail.pk, status=MailStatus.SENDING, attempts=mail.attempts).update(
            status=MailStatus.SENT, sent_at=timezone.now(), lease_until=None, last_error="")
    if not done:
        # Our lease ran out mid-send and another worker took the mail: it may
        # go out twice, with one Message-ID (see the module docstring).
        _log.warning("mail %s was sent after its lease had lapsed", mail.pk)
    return "sent"


def _failed(mail: Mail, exc: Exception, reschedule: Reschedule) -> str:
    now = timezone.now()
    mine = Mail.objects.filter(pk=mail.pk, status=MailStatus.SENDING, attempts=mail.attempts)
    with transaction.atomic():
        if is_permanent(exc) or mail.attempts >= MAX_ATTEMPTS:
            mine.update(status=MailStatus.FAILED, lease_until=None, last_error=_describe(exc))
            _log.warning("mail %s failed for good after %s attempts: %s", mail.pk, mail.attempts, exc)
            return "failed"
        when = now + BACKOFF[mail.attempts - 1]
        if mine.update(status=MailStatus.QUEUED, next_attempt_at=when, lease_until=None,
                       last_error=_describe(exc)):
            reschedule(mail.pk, when)  # in this transaction: a queued retry always has its task
    return "retry"


def recover(reschedule: Reschedule, *, orphan_after: dt.timedelta = ORPHAN_AFTER,
            limit: int = 500) -> int:
    """Give a new task to each mail a dead worker left "sending" and to each orphaned due mail.

    Each is one conditional UPDATE, so two workers recovering at once give
    a mail one task, and a mail a live worker holds is left alone. Returns
    how many mails were rescheduled.
    """
    now = timezone.now()
    count = 0
    abandoned = Mail.objects.filter(status=MailStatus.SENDING, lease_until__lt=now)
    for pk, attempts in abandoned.values_list("pk", "attempts")[:limit]:
        with transaction.atomic():
            mine = Mail.objects.filter(pk=pk, status=MailStatus.SENDING, lease_until__lt=now)
            if attempts >= MAX_ATTEMPTS:
                mine.update(status=MailStatus.FAILED, lease_until=None,
                            last_error="The worker stopped while sending; no attempts left.")
            elif mine.update(status=MailStatus.QUEUED, next_attempt_at=now, lease_until=None):
                reschedule(pk, None)
                count += 1
    orphans = Mail.objects.filter(status=MailStatus.QUEUED, next_attempt_at__lte=now - orphan_after)
    for pk, due in orphans.values_list("pk", "next_attempt_at")[:limit]:
        with transaction.atomic():
            if Mail.objects.filter(pk=pk, status=MailStatus.QUEUED, next_attempt_at=due).update(
                    next_attempt_at=now):
                reschedule(pk, None)
                count += 1
    return count


def describe_sink() -> str:
    """Where mail goes with the current settings, for the demo's banner and the worker."""
    backend = settings.EMAIL_BACKEND
    if backend.endswith("smtp.EmailBackend"):
        return f"the SMTP server {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    if backend.endswith("filebased.EmailBackend"):
        return f"files in {settings.EMAIL_FILE_PATH}"
    if backend.endswith("console.EmailBackend"):
        return "the console (standard output)"
    return backend
