"""From a fresh database to a relay, in real browsers: no demo data, no shell after the first operator.

An operator opens talks, adds two parties, invites a co-mediator and both
heads of delegation by e-mail; the invitations reach a real SMTP server
(aiosmtpd on 127.0.0.1) through `wasit worker`; each invitee follows the link
in their mail, makes an account and lands in the talks; one delegation posts,
the lead mediator relays, the other delegation reads it live. Then the lead
removes that head while their room is open: the page stops receiving.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.live.server import WASIT, Deployment, Server
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


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Fresh]:
    smtp = SmtpServer()
    smtp.start()
    deployment = MailDeployment(tmp_path / "data", None)
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


def _browser_page(browser: Any, server: Server, language: str = "en") -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    context.add_cookies([{"name": "wasit_language", "value": language, "url": server.base}])
    return context.new_page()


def _log_in(page: Any, server: Server, username: str, password: str) -> None:
    page.goto(f"{server.base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{server.base}/")


def _link_for(smtp: SmtpServer, address: str, timeout: float = 30) -> str:
    """The invitation link in the mail the worker sent to `address`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with smtp.inbox.lock:
            mails = [m for m in smtp.inbox.messages if address in str(m["To"])]
        if mails:
            body = mails[-1].get_body(preferencelist=("plain",))
            assert body is not None
            found = re.search(r"https?://\S+/invitations/\S+/", body.get_content())
            assert found, body.get_content()
            return found.group(0)
        time.sleep(0.2)
    raise AssertionError(f"no mail reached {address} within {timeout} s")


def _accept(browser: Any, server: Server, link: str, username: str, language: str = "en") -> Any:
    page = _browser_page(browser, server, language)
    page.goto(link)
    page.fill("#id_username", username)
    page.fill("#id_password1", INVITEE_PASSWORD)
    page.fill("#id_password2", INVITEE_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/invitations/" not in page.url, page.content()[:2000]
    return page


def _invite(page: Any, server: Server, talks_id: int, email: str, role: str, party: str | None) -> None:
    page.goto(f"{server.base}/talks/{talks_id}/people/")
    form = page.locator(f"form[action='/talks/{talks_id}/people/invite/']")
    form.locator("[name=email]").fill(email)
    form.locator("[name=role]").select_option(role)
    if party is not None:
        form.locator("[name=party]").select_option(label=party)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert email in page.locator("main").inner_text(), "the pending invitation is listed"


def _open_room(page: Any, server: Server, talks_id: int, name: str) -> None:
    page.goto(f"{server.base}/talks/{talks_id}/")
    page.click(f"#rooms-heading + ul a:has-text('{name}')")
    page.wait_for_selector("html[data-live=open]", timeout=10 * SECOND)


def test_a_new_operator_runs_new_talks_from_the_first_invitation_to_a_relay(
    browser: Any, fresh: Fresh
) -> None:
    server, smtp = fresh.server, fresh.smtp
    lead = _browser_page(browser, server)
    _log_in(lead, server, OPERATOR, OPERATOR_PASSWORD)

    # New talks: the operator who opens them becomes their lead mediator.
    lead.goto(f"{server.base}/talks/new/")
    lead.fill("#id_title_en", "Nile waters talks")
    lead.fill("#id_title_ar", "محادثات مياه النيل")
    lead.fill("#id_mediator_org_en", "African Union")
    lead.locator("main form button[type=submit]").click()
    lead.wait_for_url(re.compile(r".*/talks/\d+/.*"))
    talks_id = int(re.search(r"/talks/(\d+)/", lead.url).group(1))  # type: ignore[union-attr]

    # Two parties, each with its caucus room.
    for code, name in (("eg", "Egypt"), ("et", "Ethiopia")):
        lead.goto(f"{server.base}/talks/{talks_id}/parties/")
        form = lead.locator(f"form[action='/talks/{talks_id}/parties/add/']")
        form.locator("[name=new-code]").fill(code)
        form.locator("[name=new-name_en]").fill(name)
        form.locator("button[type=submit]").click()
        lead.wait_for_load_state()
    lead.goto(f"{server.base}/talks/{talks_id}/")
    rooms = lead.locator("#rooms-heading + ul").inner_text()
    assert "Egypt" in rooms and "Ethiopia" in rooms

    # Invitations by e-mail, read back from the SMTP server the worker sent them to.
    _invite(lead, server, talks_id, "co@au.example", "co_mediator", None)
    _invite(lead, server, talks_id, "head@eg.example", "head", "Egypt")
    _invite(lead, server, talks_id, "head@et.example", "head", "Ethiopia")
    co = _accept(browser, server, _link_for(smtp, "co@au.example"), "au-co")
    egypt = _accept(browser, server, _link_for(smtp, "head@eg.example"), "eg-head", language="ar")
    ethiopia = _accept(browser, server, _link_for(smtp, "head@et.example"), "et-head")

    # Everyone is seated: the co-mediator sees the talks, each head their own room only.
    co.goto(f"{server.base}/talks/{talks_id}/")
    assert "Nile waters talks" in co.locator("main").inner_text()
    ethiopia.goto(f"{server.base}/talks/{talks_id}/")
    assert "Egypt" not in ethiopia.locator("#rooms-heading + ul").inner_text()

    # Egypt posts; the lead relays a paraphrase; Ethiopia reads it live.
    _open_room(egypt, server, talks_id, "Egypt")  # the room keeps the name given (in English only)
    _open_room(ethiopia, server, talks_id, "Ethiopia")
    egypt.fill("#id_text", "Any filling schedule must protect the downstream flow in dry years.")
    egypt.click("form.stacked button[type=submit]")
    lead.goto(f"{server.base}/talks/{talks_id}/board/")
    lead.wait_for_selector("html[data-live=open]", timeout=10 * SECOND)
    item = lead.locator("#queue .queue-item").filter(has_text="downstream flow")
    item.wait_for(timeout=10 * SECOND)
    item.locator("label:has-text('Ethiopia') input").check()
    item.locator("select[name$=mode]").select_option("paraphrase")
    item.locator("textarea[name$=text]").fill("The other side asks about dry years.")
    item.locator(".relay-form button[type=submit]").click()
    lead.wait_for_selector("text=Relayed.")
    ethiopia.wait_for_selector(".msg-relay .msg-text:has-text('The other side asks about dry years.')",
                               timeout=5 * SECOND)
    assert "downstream flow" not in ethiopia.content(), "the original never reaches the other party"

    # The lead removes Ethiopia's head while their room is open: nothing more reaches that page.
    lead.goto(f"{server.base}/talks/{talks_id}/people/")
    seat = lead.locator("#seats-heading ~ div tr").filter(has_text="et-head")
    seat.locator("form[action$='/remove/'] button").first.click()
    lead.wait_for_load_state()
    ethiopia.wait_for_selector("html[data-live=reconnecting]", state="attached", timeout=5 * SECOND)
    egypt.fill("#id_text", "A second point for the record.")
    egypt.click("form.stacked button[type=submit]")
    lead.goto(f"{server.base}/talks/{talks_id}/board/")
    item = lead.locator("#queue .queue-item").filter(has_text="second point")
    item.wait_for(timeout=10 * SECOND)
    item.locator("label:has-text('Ethiopia') input").check()
    item.locator("select[name$=mode]").select_option("paraphrase")
    item.locator("textarea[name$=text]").fill("A later word for the removed head.")
    item.locator(".relay-form button[type=submit]").click()
    lead.wait_for_selector("text=Relayed.")
    ethiopia.wait_for_timeout(2 * SECOND)
    assert "A later word" not in ethiopia.content()
    assert ethiopia.goto(f"{server.base}/talks/{talks_id}/").status == 404
