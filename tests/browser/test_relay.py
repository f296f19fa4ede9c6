"""Two delegations and a mediator in real browsers, against the real ASGI server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.live.server import Deployment, Server

SECOND = 1000  # Playwright timeouts are in milliseconds


@pytest.fixture
def muscat(sqlite_demo: Deployment) -> Iterator[tuple[Server, dict[str, str]]]:
    """A fresh copy of the demo, loaded once per worker (`wasit demo` takes 8 s), served."""
    deployment = sqlite_demo
    passwords = json.loads((deployment.data_dir / "demo-logins.json").read_text())
    server = Server(deployment).start()
    yield server, passwords
    server.stop()


def _page(browser: Any, server: Server, passwords: dict[str, str], username: str, language: str = "en") -> Any:
    context = browser.new_context()
    context.add_cookies([{"name": "wasit_language", "value": language, "url": server.base}])
    page = context.new_page()
    page.goto(f"{server.base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", passwords[username])
    page.click("main button[type=submit]")
    page.wait_for_url(f"{server.base}/")
    return page


def _open_room(page: Any, server: Server, name: str) -> None:
    page.goto(f"{server.base}/talks/1/")
    page.click(f"#rooms-heading + ul a:has-text('{name}')")
    page.wait_for_selector("html[data-live=open]", timeout=5 * SECOND)


def test_message_reaches_the_board_live_and_a_paraphrase_reaches_the_other_party(
    browser: Any, muscat: tuple[Server, dict[str, str]]
) -> None:
    server, passwords = muscat
    us = _page(browser, server, passwords, "us-head")
    mediator = _page(browser, server, passwords, "om-lead")
    iran = _page(browser, server, passwords, "ir-head")
    _open_room(us, server, "United States")
    _open_room(iran, server, "Iran")
    mediator.goto(f"{server.base}/talks/1/board/")
    mediator.wait_for_selector("html[data-live=open]", timeout=5 * SECOND)

    original = "Shipping through Bab el-Mandeb must stay open; we ask for restraint first."
    us.fill("#id_text", original)
    us.click("form.stacked button[type=submit]")
    # On the mediator's board within a second, without a reload.
    mediator.wait_for_selector(f".board .msg-text:has-text('{original[:40]}')", timeout=SECOND)
    mediator.wait_for_selector(f"#queue .msg-text:has-text('{original[:40]}')", timeout=2 * SECOND)

    item = mediator.locator("#queue .queue-item").filter(has_text=original[:40])
    item.locator("label:has-text('Iran') input").check()
    item.locator("select[name$=mode]").select_option("paraphrase")
    item.locator("textarea[name$=text]").fill("The other side asks that shipping stay open.")
    item.locator(".relay-form button[type=submit]").click()
    mediator.wait_for_selector("text=Relayed.")

    iran.wait_for_selector(".msg-relay .msg-text:has-text('The other side asks that shipping stay open.')",
                           timeout=2 * SECOND)
    assert "Bab el-Mandeb" not in iran.content(), "the original never reaches the other party"
    assert "A message from the other side" in iran.locator(".msg-relay").last.inner_text()

    # The provenance page shows both texts side by side, and the receipt.
    mediator.goto(f"{server.base}/talks/1/relays/")
    row = mediator.locator("table.provenance tbody tr").first
    assert "Bab el-Mandeb" in row.inner_text() and "shipping stay open" in row.inner_text()
    assert "read" in row.inner_text() or "delivered" in row.inner_text()


def test_a_paraphrase_being_written_survives_a_new_message_in_the_queue(
    browser: Any, muscat: tuple[Server, dict[str, str]]
) -> None:
    server, passwords = muscat
    us = _page(browser, server, passwords, "us-head")
    mediator = _page(browser, server, passwords, "om-lead")
    _open_room(us, server, "United States")
    mediator.goto(f"{server.base}/talks/1/board/")
    mediator.wait_for_selector("html[data-live=open]", timeout=5 * SECOND)
    us.fill("#id_text", "A first point about the prisoners.")
    us.click("form.stacked button[type=submit]")
    item = mediator.locator("#queue .queue-item").filter(has_text="A first point")
    item.wait_for(timeout=5 * SECOND)
    item.locator("label:has-text('Iran') input").check()
    item.locator("textarea[name$=text]").fill("Half of a careful paraphrase")

    # Another message arrives while the mediator writes: the queue shows it, and keeps the draft.
    us.fill("#id_text", "A second point about the shipping lanes.")
    us.click("form.stacked button[type=submit]")
    mediator.locator("#queue .queue-item").filter(has_text="A second point").wait_for(timeout=5 * SECOND)
    assert item.locator("textarea[name$=text]").input_value() == "Half of a careful paraphrase"
    assert item.locator("label:has-text('Iran') input").is_checked()


def test_dropped_stream_resumes_without_a_gap(browser: Any, muscat: tuple[Server, dict[str, str]]) -> None:
    server, passwords = muscat
    mediator = _page(browser, server, passwords, "om-lead")
    _open_room(mediator, server, "United States")
    server.kill()
    # A selector, not `wait_for_function`: its polling evaluates a string, which the CSP forbids.
    mediator.wait_for_selector("html[data-live=reconnecting]", state="attached", timeout=5 * SECOND)
    server.start_on_same_port()
    us_token = server.deployment.run("token", "us-head").strip()
    _s, rooms = server.call("GET", "/api/v1/talks/1/rooms", us_token)
    us_room = next(r["id"] for r in rooms if r["kind"] == "caucus")
    texts = [f"after the drop {i}" for i in range(3)]
    for text in texts:
        assert server.call("POST", f"/api/v1/rooms/{us_room}/messages", us_token, {"text": text})[0] == 201
    for text in texts:
        mediator.wait_for_selector(f".msg-text:has-text('{text}')", timeout=10 * SECOND)
    shown = mediator.locator(".timeline .msg-text").all_inner_texts()
    assert [t for t in shown if t.startswith("after the drop")] == texts, "each once, in order"


def test_message_direction_follows_its_own_script(browser: Any, muscat: tuple[Server, dict[str, str]]) -> None:
    server, passwords = muscat
    english_page = _page(browser, server, passwords, "us-head", "en")
    _open_room(english_page, server, "United States")
    for text in ("نطلب ضمانات قبل أي خطوة", "ما خواستار تضمین هستیم"):
        english_page.fill("#id_text", text)
        english_page.click("form.stacked button[type=submit]")
        element = english_page.locator(f".msg-text:has-text('{text}')")
        assert element.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert english_page.evaluate("getComputedStyle(document.body).direction") == "ltr"

    arabic_page = _page(browser, server, passwords, "ir-head", "ar")
    _open_room(arabic_page, server, "إيران")
    arabic_page.fill("#id_text", "We need guarantees first.")
    arabic_page.click("form.stacked button[type=submit]")
    element = arabic_page.locator(".msg-text:has-text('We need guarantees first.')")
    assert element.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert arabic_page.evaluate("getComputedStyle(document.body).direction") == "rtl"


@pytest.mark.parametrize("away", ["frozen", "cut off"])
def test_a_page_far_behind_shows_every_relay_once_in_order_and_acknowledges_them(
    browser: Any, muscat: tuple[Server, dict[str, str]], away: str
) -> None:
    """150 relays while the page sleeps (frozen like a phone's, or cut off from the stream)."""
    server, passwords = muscat
    iran = _page(browser, server, passwords, "ir-head")
    _open_room(iran, server, "Iran")
    lead = server.deployment.run("token", "om-lead").strip()
    _s, rooms = server.call("GET", "/api/v1/talks/1/rooms", lead)
    ir_room = int(iran.locator("[data-live-room]").get_attribute("data-live-room"))
    us_room = next(r["id"] for r in rooms if r["kind"] == "caucus" and r["id"] != ir_room)
    _s, source = server.call("POST", f"/api/v1/rooms/{us_room}/messages", lead, {"text": "To carry"})

    cdp = iran.context.new_cdp_session(iran)
    if away == "frozen":
        cdp.send("Page.setWebLifecycleState", {"state": "frozen"})
    else:  # the stream drops and stays away while the relays are made
        iran.context.route("**/api/v1/stream*", lambda route: route.abort())
        server.kill()
        iran.wait_for_selector("html[data-live=reconnecting]", state="attached", timeout=10 * SECOND)
        server.start_on_same_port()
    texts = [f"relay number {i:03d}" for i in range(150)]
    for text in texts:
        status, _r = server.call("POST", f"/api/v1/messages/{source['id']}/relay", lead,
                                 {"into": [ir_room], "mode": "paraphrase", "text": text})
        assert status == 201
    if away == "frozen":
        cdp.send("Page.setWebLifecycleState", {"state": "active"})
    else:
        iran.context.unroute("**/api/v1/stream*")

    iran.wait_for_selector(".msg-relay .msg-text:has-text('relay number 149')", timeout=20 * SECOND)
    iran.wait_for_selector("[data-live-room][data-caught-up=yes]", state="attached", timeout=10 * SECOND)
    shown = iran.locator(".timeline .msg-relay .msg-text").all_inner_texts()
    assert [t for t in shown if t.startswith("relay number")] == texts, "each once, in order"

    # The page acknowledged what it rendered: the mediators see every one delivered.
    def undelivered() -> int:
        _s, history = server.call("GET", f"/api/v1/rooms/{ir_room}/messages?limit=200", lead)
        return sum(1 for i in history["items"]
                   if i["type"] == "relay" and i["text"].startswith("relay number") and not i["delivered_at"])

    for _attempt in range(50):
        if undelivered() == 0:
            break
        iran.wait_for_timeout(200)
    assert undelivered() == 0


def test_a_mediator_watching_a_room_acknowledges_nothing(
    browser: Any, muscat: tuple[Server, dict[str, str]]
) -> None:
    server, passwords = muscat
    mediator = _page(browser, server, passwords, "om-lead")
    _open_room(mediator, server, "Iran")
    acks: list[str] = []
    mediator.on("request", lambda r: acks.append(r.url) if r.url.endswith("/receipts") else None)
    lead = server.deployment.run("token", "om-lead").strip()
    ir_room = int(mediator.locator("[data-live-room]").get_attribute("data-live-room"))
    _s, rooms = server.call("GET", "/api/v1/talks/1/rooms", lead)
    us_room = next(r["id"] for r in rooms if r["kind"] == "caucus" and r["id"] != ir_room)
    _s, source = server.call("POST", f"/api/v1/rooms/{us_room}/messages", lead, {"text": "To carry"})
    server.call("POST", f"/api/v1/messages/{source['id']}/relay", lead,
                {"into": [ir_room], "mode": "paraphrase", "text": "Seen by the mediator only"})
    mediator.wait_for_selector(".msg-relay .msg-text:has-text('Seen by the mediator only')", timeout=5 * SECOND)
    mediator.wait_for_timeout(1200)
    assert acks == []
    _s, history = server.call("GET", f"/api/v1/rooms/{ir_room}/messages", lead)
    (relay,) = [i for i in history["items"] if i["type"] == "relay" and i["text"] == "Seen by the mediator only"]
    assert relay["delivered_at"] is None
