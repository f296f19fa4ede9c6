"""`wasit worker` and the demo's mail, run as a user runs them: in subprocesses, on a demo data folder."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from tests.live.server import WASIT, Deployment

pytestmark = pytest.mark.same_on_every_database

ENQUEUE = """
import django
django.setup()
from django.db import transaction
from wasit.notifications import outbox
class Talks:
    title = "Muscat"
with transaction.atomic():
    mail = outbox.enqueue(kind="notify.relay", to="ir.head@example.org", language="ar",
                          template="notifications/mail/relay",
                          context={"talks": Talks(), "link": "L", "preferences_link": "P"})
print(mail.message_id)
"""


def test_the_demo_says_where_its_mail_goes(sqlite_demo: Deployment) -> None:
    out = sqlite_demo.run("demo", "--no-serve")
    assert f"Mail goes to files in {sqlite_demo.data_dir / 'mail'}" in out


def test_the_worker_writes_queued_mail_into_the_demo_sink(sqlite_demo: Deployment) -> None:
    env = {**sqlite_demo.env(), "DJANGO_SETTINGS_MODULE": "wasit.config.settings"}
    made = subprocess.run([sys.executable, "-c", ENQUEUE], env=env, capture_output=True, text=True,
                          timeout=120)
    assert made.returncode == 0, made.stderr
    message_id = made.stdout.strip()
    sqlite_demo.run("worker", "--once")
    content = "".join(f.read_text(encoding="utf-8") for f in (sqlite_demo.data_dir / "mail").iterdir())
    assert f"Message-ID: {message_id}" in content
    assert "To: ir.head@example.org" in content
    # The demo's own pending invitation (Iran's legal counsel) was queued by `wasit demo`, and went too.
    assert "To: counsel@ir.example" in content


def test_the_worker_stops_cleanly_on_sigterm(sqlite_demo: Deployment) -> None:
    worker = subprocess.Popen([*WASIT, "worker", "--interval", "0.2"], env=sqlite_demo.env(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert worker.stdout is not None
        banner = worker.stdout.readline()
        assert "Sending mail to files in" in banner
        time.sleep(0.5)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=20) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
