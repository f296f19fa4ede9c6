"""The single negotiating text in real browsers, against the real ASGI server and the Muscat demo.

The lead mediator starts a text, adds and edits clauses and shares the new
version; the US head accepts every clause on a phone; the Iranian head, on a
phone in Arabic, reserves a clause with a comment the US never sees; the
mediator's board shows each stance as it arrives, without a reload. When
every party accepts, both heads sign off and the signed PDF downloads.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.live.server import Deployment, Server

SECOND = 1000  # Playwright timeouts are in milliseconds
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def muscat(sqlite_demo: Deployment) -> Iterator[tuple[Server, dict[str, str]]]:
    passwords = json.loads((sqlite_demo.data_dir / "demo-logins.json").read_text())
    server = Server(sqlite_demo).start()
    yield server, passwords
    server.stop()


def _new_context(browser: Any, **options: Any) -> Any:
    return browser.new_context(**options)


def _page(browser: Any, server: Server, passwords: dict[str, str], username: str, *, language: str = "en",
          phone: bool = False) -> Any:
    context = _new_context(browser, accept_downloads=True, **({"viewport": PHONE} if phone else {}))
    context.set_default_timeout(5 * SECOND)
    context.add_cookies([{"name": "wasit_language", "value": language, "url": server.base}])
    page = context.new_page()
    page.goto(f"{server.base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", passwords[username])
    page.click("main button[type=submit]")
    page.wait_for_url(f"{server.base}/")
    return page


def _fits_the_phone(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways at {PHONE['width']} px ({width} px)"


def _clause_keys(page: Any) -> list[str]:
    return [k.removeprefix("clause-") for k in page.eval_on_selector_all(
        "section.clause", "els => els.map(e => e.id)")]


def _mark(page: Any, stances: dict[str, str], comment: tuple[str, str] | None = None) -> None:
    for key, stance in stances.items():
        page.check(f"input[name='{key}-stance'][value='{stance}']")
    if comment is not None:
        page.fill(f"textarea[name='{comment[0]}-comment']", comment[1])
    page.click("#stances .stances-submit button[type=submit]")
    page.wait_for_load_state()


def _sign_off(page: Any, password: str) -> None:
    page.fill("#sign-off input[name=password]", password)
    page.click("#sign-off button[type=submit]")
    page.wait_for_load_state()


def test_a_text_from_first_draft_to_a_signed_pdf_with_a_live_board(
    browser: Any, muscat: tuple[Server, dict[str, str]], tmp_path: Path
) -> None:
    server, passwords = muscat
    title = f"Framework on de-escalation {uuid.uuid4().hex[:6]}"
    secret = f"Pending instructions from Tehran {uuid.uuid4().hex[:8]}"

    # The mediator starts the text, adds a clause, edits the first and shares the new version.
    mediator = _page(browser, server, passwords, "om-lead")
    mediator.goto(f"{server.base}/talks/1/texts/")
    mediator.click("#new-text summary")
    mediator.fill("[name=title_en]", title)
    mediator.fill("[name=title_ar]", "إطار لخفض التصعيد")
    mediator.fill("[name=body_en]", "The parties refrain from attacks.")
    mediator.fill("[name=body_ar]", "تمتنع الأطراف عن الهجمات.")
    mediator.click("#new-text button[type=submit]")
    mediator.wait_for_url(re.compile(r"/texts/\d+/$"))
    text_url = mediator.url
    mediator.click("#add-clause summary")
    mediator.fill("[name=new-number]", "2")
    mediator.fill("[name=new-body_en]", "Funds held abroad are released for humanitarian purchases.")
    mediator.click("#add-clause button[type=submit]")
    mediator.wait_for_load_state()
    first, second = _clause_keys(mediator)
    section = mediator.locator(f"#clause-{first}")
    section.locator("details summary").click()
    section.locator(f"[name='c-{first}-body_en']").fill("The parties refrain from attacks on each other's forces.")
    section.locator("button[type=submit]:not([name=remove])").click()
    mediator.wait_for_load_state()
    assert "Version 3" in mediator.locator("#version-meta").inner_text()
    mediator.click("#share button[type=submit]")
    mediator.wait_for_selector("text=Version 3 was shared.")

    # The board, live.
    board = mediator.context.new_page()
    board.goto(text_url + "board/")
    board.wait_for_selector("html[data-live=open]", timeout=5 * SECOND)
    assert "no stance on this version" in board.locator("#board-grid").inner_text()

    # The US head accepts both clauses, on a phone.
    us = _page(browser, server, passwords, "us-head", phone=True)
    us.goto(text_url)
    assert "each other's forces" in us.content()
    _fits_the_phone(us)
    _mark(us, {first: "accept", second: "accept"})
    assert us.locator(f"#clause-{first} .own-stance .stance-word").inner_text().strip().endswith("accepts")
    board.wait_for_selector(f"#board-{first} .stance-accept", timeout=3 * SECOND)

    # The Iranian head, on a phone in Arabic: the stance page fits and reads right to left.
    iran = _page(browser, server, passwords, "ir-head", language="ar", phone=True)
    iran.goto(text_url)
    assert iran.evaluate("document.documentElement.dir") == "rtl"
    assert iran.locator(f"#clause-{first} .wording[lang=ar]").get_attribute("dir") == "rtl"
    _fits_the_phone(iran)
    shots = Path(os.environ.get("WASIT_SCREENSHOT_DIR", str(tmp_path)))
    iran.screenshot(path=str(shots / "texts-stances-ar-390.png"), full_page=True)
    _mark(iran, {first: "accept", second: "reserve"}, comment=(second, secret))
    _fits_the_phone(iran)
    board.wait_for_selector(f"#board-{second} .stance-reserve", timeout=3 * SECOND)
    assert secret in board.locator(f"#board-{second}").inner_text(), "the mediators read the comment"
    assert "reserves (pending instructions)" in board.locator(f"#board-{second}").inner_text()
    assert "1 clause open" in board.locator("#board-grid").inner_text()

    us.reload()
    assert secret not in us.content(), "a party never reads another party's comment"
    assert "reserve" not in us.locator(f"#clause-{second} .own-stance").inner_text()

    # Iran accepts: every party accepts every clause; the board says so, live.
    _mark(iran, {second: "accept"})
    board.wait_for_selector("#board-grid .board-status .agreed", timeout=3 * SECOND)

    # Each head signs off; the text is frozen and the signed PDF downloads.
    us.reload()
    _sign_off(us, passwords["us-head"])
    assert "Your party signed this version off" in us.content()
    iran.reload()
    _sign_off(iran, passwords["ir-head"])
    us.reload()
    assert "signed: the text is frozen" in us.content()
    digest = us.locator("#sign-off code.digest").inner_text().strip()
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    with us.expect_download() as download:
        us.click(".export-links a[href$='export.pdf?lang=en']")
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 1000
    mediator.reload()
    assert "Edit this clause" not in mediator.content(), "a signed text is frozen"
