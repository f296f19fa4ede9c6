"""The delivery task on django-tasks' database queue, shared with later background work.

The task only says "try mail N now"; `delivery` decides, on the `Mail`
row, whether it may (see its docstring for why the row is the guard).
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from wasit.notifications import delivery

QUEUE = "mail"


@task(queue_name=QUEUE)
def deliver_mail(mail_id: int) -> str:
    return delivery.deliver(mail_id, schedule)


def schedule(mail_id: int, when: dt.datetime | None = None) -> None:
    """Queue a delivery of the mail, in the caller's transaction; at `when` if given."""
    if when is None:
        deliver_mail.enqueue(mail_id)
    else:
        deliver_mail.using(run_after=when).enqueue(mail_id)
