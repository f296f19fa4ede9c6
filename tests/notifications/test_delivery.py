"""Delivery through a real SMTP server: sent once, retried with backoff, failed for good, resumed."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.notifications.smtp import SmtpServer
from wasit.notifications import delivery, outbox, tasks
from wasit.notifications.models import Mail, MailStatus
from wasit.notifications.worker import MailWorker

pytestmark = pytest.mark.django_db(transaction=True)

TEMPLATE = "notifications/mail/relay"


@pytest.fixture(autouse=True)
def _empty_outbox() -> None:
    """Only this test's mails: the committed test cast may hold others (invitations)."""
    Mail.objects.all().delete()
    DBTaskResult.objects.all().delete()


class _Talks:
    title = "Talks & <Friends>"


def _enqueue(to: str = "someone@example.org", language: str = "en") -> Mail:
    with transaction.atomic():
        return outbox.enqueue(kind="notify.relay", to=to, template=TEMPLATE, language=language,
                              context={"talks": _Talks(), "link": "http://127.0.0.1:8000/rooms/1/",
                                       "preferences_link": "http://127.0.0.1:8000/notifications/"})


def _fresh(mail: Mail) -> Mail:
    return Mail.objects.get(pk=mail.pk)


def _let_time_pass() -> None:
    """As if the backoff had run out: every retry is due now."""
    past = timezone.now() - dt.timedelta(seconds=1)
    Mail.objects.filter(status=MailStatus.QUEUED).update(next_attempt_at=past)
    DBTaskResult.objects.filter(run_after__isnull=False).update(run_after=past)


def test_a_queued_mail_reaches_the_server_in_plain_text_and_html(smtp: SmtpServer) -> None:
    mail = _enqueue(to="ir.head@example.org")
    MailWorker().run_once()
    [got] = smtp.inbox.messages
    assert got["To"] == "ir.head@example.org"
    assert got["Message-ID"] == _fresh(mail).message_id
    assert got["Subject"] == "New in your room at Talks & <Friends>"
    plain = got.get_body(("plain",))
    html = got.get_body(("html",))
    assert plain is not None and html is not None
    assert "http://127.0.0.1:8000/rooms/1/" in plain.get_content()
    assert "Talks &amp; &lt;Friends&gt;" in html.get_content()
    sent = _fresh(mail)
    assert (sent.status, sent.attempts, sent.last_error) == (MailStatus.SENT, 1, "")
    assert sent.sent_at is not None


def test_an_arabic_mail_is_right_to_left(smtp: SmtpServer) -> None:
    _enqueue(language="ar")
    MailWorker().run_once()
    [got] = smtp.inbox.messages
    html = got.get_body(("html",))
    assert html is not None
    assert 'dir="rtl"' in html.get_content()
    assert got["Content-Language"] == "ar"
    assert str(got["Subject"]).strip().startswith("جديد في غرفتك")


def test_a_refusing_server_is_tried_again_after_a_backoff_and_then_accepts(smtp: SmtpServer) -> None:
    smtp.inbox.refuse_data = ["451 4.3.0 Try again later"]
    mail = _enqueue()
    before = timezone.now()
    MailWorker().run_once()
    waiting = _fresh(mail)
    assert smtp.inbox.messages == []
    assert (waiting.status, waiting.attempts) == (MailStatus.QUEUED, 1)
    assert "451" in waiting.last_error
    assert waiting.next_attempt_at is not None
    assert waiting.next_attempt_at - before >= delivery.BACKOFF[0] - dt.timedelta(seconds=1)

    MailWorker().run_once()  # not yet due: the server hears nothing
    assert smtp.inbox.messages == [] and _fresh(mail).attempts == 1

    _let_time_pass()
    MailWorker().run_once()
    sent = _fresh(mail)
    assert (sent.status, sent.attempts, sent.last_error) == (MailStatus.SENT, 2, "")
    assert smtp.inbox.message_ids() == [sent.message_id]


def test_each_retry_waits_longer_than_the_last() -> None:
    assert list(delivery.BACKOFF) == sorted(delivery.BACKOFF)
    assert delivery.BACKOFF[0] == dt.timedelta(minutes=1)


def test_an_address_the_server_rejects_for_good_is_failed_at_once(smtp: SmtpServer) -> None:
    smtp.inbox.unknown = {"nobody@example.org"}
    mail = _enqueue(to="nobody@example.org")
    MailWorker().run_once()
    failed = _fresh(mail)
    assert (failed.status, failed.attempts) == (MailStatus.FAILED, 1)
    assert "550" in failed.last_error
    _let_time_pass()
    MailWorker().run_once()
    assert _fresh(mail).attempts == 1, "a failed mail is not tried again"


def test_a_mail_still_refused_on_its_last_attempt_is_failed(smtp: SmtpServer) -> None:
    smtp.inbox.refuse_data = ["421 4.7.0 Busy"] * 2
    mail = _enqueue()
    Mail.objects.filter(pk=mail.pk).update(attempts=delivery.MAX_ATTEMPTS - 1)
    MailWorker().run_once()
    failed = _fresh(mail)
    assert (failed.status, failed.attempts) == (MailStatus.FAILED, delivery.MAX_ATTEMPTS)
    assert "421" in failed.last_error


def test_a_server_that_is_down_leaves_the_mail_queued_for_later(smtp: SmtpServer) -> None:
    mail = _enqueue()
    smtp.stop()
    MailWorker().run_once()
    waiting = _fresh(mail)
    assert (waiting.status, waiting.attempts) == (MailStatus.QUEUED, 1)
    assert waiting.last_error
    smtp.restart()
    _let_time_pass()
    MailWorker().run_once()
    assert _fresh(mail).status == MailStatus.SENT


def test_a_mail_left_sending_by_a_killed_worker_is_sent_by_the_next_one(smtp: SmtpServer) -> None:
    mail = _enqueue()
    # A worker claimed it, and died before the server heard anything: its task
    # row stays "running", the mail "sending", until the lease runs out.
    assert delivery.claim(mail.pk) is not None
    DBTaskResult.objects.update(status="RUNNING")
    MailWorker().run_once()
    assert smtp.inbox.messages == [], "a live lease is respected"
    Mail.objects.filter(pk=mail.pk).update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    MailWorker().run_once()
    sent = _fresh(mail)
    assert (sent.status, sent.attempts) == (MailStatus.SENT, 2)
    assert smtp.inbox.message_ids() == [mail.message_id], "the same Message-ID as the first attempt"


def test_two_workers_racing_on_the_same_mails_send_each_exactly_once(smtp: SmtpServer) -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a file SQLite test database or PostgreSQL")
    mails = [_enqueue(to=f"delegate{i}@example.org") for i in range(12)]
    with transaction.atomic():  # every mail has two tasks: both workers will reach for it
        for mail in mails:
            tasks.schedule(mail.pk)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            MailWorker(batch=3).run_once()
        except BaseException as exc:  # noqa: BLE001 (the test reports it)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    ids = smtp.inbox.message_ids()
    assert sorted(ids) == sorted(m.message_id for m in mails)
    assert len(set(ids)) == len(mails)
    assert set(Mail.objects.values_list("status", "attempts")) == {(MailStatus.SENT, 1)}


def test_a_stopped_worker_returns(smtp: SmtpServer) -> None:
    worker = MailWorker(interval=0.05, sweep_every=0.05)
    thread = threading.Thread(target=worker.run_forever)
    thread.start()
    mail = _enqueue()
    for _ in range(200):
        if _fresh(mail).status == MailStatus.SENT:
            break
        threading.Event().wait(0.05)
    worker.stop()
    thread.join(10)
    assert not thread.is_alive()
    assert _fresh(mail).status == MailStatus.SENT


def test_enqueue_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError):
        outbox.enqueue(kind="notify.relay", to="a@example.org", template=TEMPLATE, language="en",
                       context={"talks": _Talks(), "link": "x", "preferences_link": "y"})
    assert not Mail.objects.exists()
