"""What the browser journeys share: a fresh deployment with real mail, and the steps people take.

A fresh deployment is an empty database (PostgreSQL when asked for, else
SQLite in a temporary folder), one operator made by `createsuperuser`, the
server and `wasit worker`, and an aiosmtpd server on 127.0.0.1 that the worker
delivers to.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from tests.live.server import WASIT, Deployment, Server, drop_postgres, fresh_postgres_url
from tests.notifications.smtp import SmtpServer

SECOND = 1000  # Playwright timeouts are in milliseconds
OPERATOR, OPERATOR_PASSWORD = "nile-operator", "a long operator passphrase 2026"
INVITEE_PASSWORD = "an invitee's own passphrase 77"


@dataclass
class MailDeployment(Deployment):
    """A deployment whose server and worker send mail to a local SMTP server."""

    extra: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        return {**super().env(), **self.extra}


@dataclass
class Fresh:
    server: Server
    smtp: SmtpServer


@contextmanager
def fresh_deployment(tmp_path: Path, postgres: str | None = None) -> Iterator[Fresh]:
    """A fresh deployment; `postgres`: a server's URL to make its empty database next to."""
    smtp = SmtpServer()
    smtp.start()
    deployment = MailDeployment(tmp_path / "data", fresh_postgres_url(postgres) if postgres else None)
    server = Server(deployment)
    deployment.extra = {"WASIT_EMAIL_HOST": "127.0.0.1", "WASIT_EMAIL_PORT": str(smtp.port),
                        "WASIT_EMAIL_TLS": "false", "WASIT_BASE_URL": server.base,
                        "DJANGO_SUPERUSER_PASSWORD": OPERATOR_PASSWORD}
    deployment.run("migrate")
    deployment.run("createsuperuser", "--noinput", "--username", OPERATOR, "--email", "op@nile.example")
    server.start()
    worker = subprocess.Popen([*WASIT, "worker", "--interval", "0.2"], env=deployment.env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield Fresh(server, smtp)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        server.stop()
        smtp.stop()
        if postgres and deployment.database_url:
            drop_postgres(deployment.database_url, postgres)


def browser_page(browser: Any, server: Server, language: str = "en") -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    context.add_cookies([{"name": "wasit_language", "value": language, "url": server.base}])
    return context.new_page()


def log_in(page: Any, server: Server, username: str, password: str) -> None:
    page.goto(f"{server.base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{server.base}/")


def mail_for(smtp: SmtpServer, address: str, timeout: float = 30) -> EmailMessage:
    """The last mail the worker sent to `address`, waiting for it to arrive."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with smtp.inbox.lock:
            mails = [m for m in smtp.inbox.messages if address in str(m["To"])]
        if mails:
            return mails[-1]
        time.sleep(0.2)
    raise AssertionError(f"no mail reached {address} within {timeout} s")


def invitation_link(mail: EmailMessage) -> str:
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None
    found = re.search(r"https?://\S+/invitations/\S+/", body.get_content())
    assert found, body.get_content()
    return found.group(0)


def link_for(smtp: SmtpServer, address: str, timeout: float = 30) -> str:
    """The invitation link in the mail the worker sent to `address`."""
    return invitation_link(mail_for(smtp, address, timeout))


def accept(browser: Any, server: Server, link: str, username: str, language: str = "en") -> Any:
    page = browser_page(browser, server, language)
    page.goto(link)
    page.fill("#id_username", username)
    page.fill("#id_password1", INVITEE_PASSWORD)
    page.fill("#id_password2", INVITEE_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/invitations/" not in page.url, page.content()[:2000]
    return page


def invite(page: Any, server: Server, talks_id: int, email: str, role: str, party: str | None,
           language: str | None = None) -> None:
    """Invite by e-mail from the people page; `language`: the mail's, else the form's default."""
    page.goto(f"{server.base}/talks/{talks_id}/people/")
    form = page.locator(f"form[action='/talks/{talks_id}/people/invite/']")
    form.locator("[name=email]").fill(email)
    form.locator("[name=role]").select_option(role)
    if party is not None:
        form.locator("[name=party]").select_option(label=party)
    if language is not None:
        form.locator("[name=language]").select_option(language)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert email in page.locator("main").inner_text(), "the pending invitation is listed"


def open_room(page: Any, server: Server, talks_id: int, name: str) -> None:
    page.goto(f"{server.base}/talks/{talks_id}/")
    page.click(f"#rooms-heading + ul a:has-text('{name}')")
    page.wait_for_selector("html[data-live=open]", timeout=10 * SECOND)


def open_talks(page: Any, server: Server, fields: dict[str, str]) -> int:
    """New talks from `/talks/new/`, `fields` by form field name (`title_ar`...); their id."""
    page.goto(f"{server.base}/talks/new/")
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/talks/\d+/.*"))
    return int(re.search(r"/talks/(\d+)/", page.url).group(1))  # type: ignore[union-attr]


def add_parties(page: Any, server: Server, talks_id: int, language: str, parties: dict[str, str]) -> str:
    """Add each party (code: name in `language`) from the parties page; the talks page's room list."""
    for code, name in parties.items():
        page.goto(f"{server.base}/talks/{talks_id}/parties/")
        form = page.locator(f"form[action='/talks/{talks_id}/parties/add/']")
        form.locator("[name=new-code]").fill(code)
        form.locator(f"[name=new-name_{language}]").fill(name)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
    page.goto(f"{server.base}/talks/{talks_id}/")
    return str(page.locator("#rooms-heading + ul").inner_text())
