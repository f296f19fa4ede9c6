"""From a fresh database to a relay, in real browsers: no demo data, no shell after the first operator.

An operator opens talks, adds two parties, invites a co-mediator and both
heads of delegation by e-mail; the invitations reach a real SMTP server
(aiosmtpd on 127.0.0.1) through `wasit worker`; each invitee follows the link
in their mail, makes an account and lands in the talks; one delegation posts,
the lead mediator relays, the other delegation reads it live. Then the lead
removes that head while their room is open: the page stops receiving.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.journey import (
    OPERATOR,
    OPERATOR_PASSWORD,
    SECOND,
    Fresh,
    accept,
    add_parties,
    browser_page,
    fresh_deployment,
    invite,
    link_for,
    log_in,
    open_room,
    open_talks,
)


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Fresh]:
    with fresh_deployment(tmp_path) as deployment:
        yield deployment


def test_a_new_operator_runs_new_talks_from_the_first_invitation_to_a_relay(
    browser: Any, fresh: Fresh
) -> None:
    server, smtp = fresh.server, fresh.smtp
    lead = browser_page(browser, server)
    log_in(lead, server, OPERATOR, OPERATOR_PASSWORD)

    # New talks: the operator who opens them becomes their lead mediator.
    talks_id = open_talks(lead, server, {"title_en": "Nile waters talks", "title_ar": "محادثات مياه النيل",
                                         "mediator_org_en": "African Union"})

    # Two parties, each with its caucus room.
    rooms = add_parties(lead, server, talks_id, "en", {"eg": "Egypt", "et": "Ethiopia"})
    assert "Egypt" in rooms and "Ethiopia" in rooms

    # Invitations by e-mail, read back from the SMTP server the worker sent them to.
    invite(lead, server, talks_id, "co@au.example", "co_mediator", None)
    invite(lead, server, talks_id, "head@eg.example", "head", "Egypt")
    invite(lead, server, talks_id, "head@et.example", "head", "Ethiopia")
    co = accept(browser, server, link_for(smtp, "co@au.example"), "au-co")
    egypt = accept(browser, server, link_for(smtp, "head@eg.example"), "eg-head", language="ar")
    ethiopia = accept(browser, server, link_for(smtp, "head@et.example"), "et-head")

    # Everyone is seated: the co-mediator sees the talks, each head their own room only.
    co.goto(f"{server.base}/talks/{talks_id}/")
    assert "Nile waters talks" in co.locator("main").inner_text()
    ethiopia.goto(f"{server.base}/talks/{talks_id}/")
    assert "Egypt" not in ethiopia.locator("#rooms-heading + ul").inner_text()

    # Egypt posts; the lead relays a paraphrase; Ethiopia reads it live.
    open_room(egypt, server, talks_id, "Egypt")  # the room keeps the name given (in English only)
    open_room(ethiopia, server, talks_id, "Ethiopia")
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
    # The page says why nothing more comes, and stops trying, rather than "reconnecting" for ever.
    ethiopia.wait_for_selector("html[data-live=ended]", state="attached", timeout=10 * SECOND)
    assert "your seat at these talks was removed" in ethiopia.locator("[data-live-ended]").inner_text()
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
