"""A party's positions in a real browser at phone width: private to it and the mediators; the map shows what moved.

The US head edits a position on its page; then the Iranian head and member
load every page and API route the access matrix lets them reach (each GET
entry point whose cell for their kind is 200, filled with the cast's objects
as `tests/access/test_matrix.py` fills them; the API with their session and
with a token) and the text is nowhere; the mediators read it.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.access.matrix import ENTRY_POINTS, expected
from tests.access.test_matrix import _url
from tests.personas import CANARY, PASSWORD, Cast
from wasit.agenda.models import AgendaIssue

pytestmark = pytest.mark.django_db(transaction=True)

SECOND = 1000  # Playwright timeouts are in milliseconds
PHONE = {"width": 390, "height": 844}


def _context(browser: Any, base: str, cast: Cast | None = None, persona: str | None = None) -> Any:
    """A phone-sized browser context, in English; with `persona`, already logged in as it."""
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(5 * SECOND)
    cookies = [{"name": "wasit_language", "value": "en", "url": base}]
    if cast is not None and persona is not None:
        client = Client()
        client.force_login(cast.user(persona), backend="django.contrib.auth.backends.ModelBackend")
        cookies.append({"name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": base})
    context.add_cookies(cookies)
    return context


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def _fits_the_phone(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways at {PHONE['width']} px ({width} px)"


def _issue(cast: Cast, position: int) -> AgendaIssue:
    return AgendaIssue.objects.get(talks=cast.talks, position=position)


def _party_url(base: str, cast: Cast, code: str) -> str:
    return f"{base}/talks/{cast.talks.pk}/parties/{cast.parties[code].pk}/positions/"


def _edit(page: Any, issue: AgendaIssue, **texts: str) -> None:
    """Open the issue's form on the party page, type the English texts, save (`applies_from`: a round's pk)."""
    section = page.locator(f"#issue-{issue.pk}")
    section.locator("details:not(.history) > summary").click()
    p = f"p{issue.pk}"
    for name, text in texts.items():
        if name == "applies_from":
            section.locator(f"[name='{p}-applies_from']").select_option(text)
        else:
            section.locator(f"[name='{p}-{name}_en']").fill(text)
    section.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_a_position_the_us_head_edits_reaches_no_iranian_page_or_route_and_the_mediators_read_it(
    live_server: Any, browser: Any, cast: Cast,
) -> None:
    from wasit.accounts.actions import issue_token
    from wasit.policy import SYSTEM

    base, issue = live_server.url, _issue(cast, 2)
    demand, red_line = f"US demand {uuid.uuid4().hex}", f"US red line {uuid.uuid4().hex}"

    us = _context(browser, base)
    page = us.new_page()
    _log_in(page, base, "us-head")
    page.goto(_party_url(base, cast, "us"))
    _edit(page, issue, demand=demand, red_line=red_line)
    saved = page.locator(f"#issue-{issue.pk}")
    assert demand in saved.locator("dl.position").first.inner_text(), "the new version is the one in force"
    assert saved.locator("dl.position").first.locator(".changed .changed-pill").count() >= 2, \
        "the demand and the red line are marked changed"
    _fits_the_phone(page)
    us.close()

    for persona in ("ir_head", "ir_member"):
        reachable = [e for e, (method, _t, _n) in ENTRY_POINTS.items()
                     if method == "GET" and expected(persona, e) == 200]
        assert len(reachable) > 20, "the sweep covers the Iranian side's pages and routes"
        browsing = _context(browser, base, cast, persona)
        tab = browsing.new_page()
        by_token = browser.new_context(extra_http_headers={
            "Authorization": f"Bearer {issue_token(SYSTEM, user_id=cast.user(persona).pk, label='browser')}"})
        received: dict[str, str] = {}
        for entry_point in reachable:
            url = base + _url(ENTRY_POINTS[entry_point][1], cast)
            # The API and the downloads (a text's PDF and DOCX) are read as they arrive.
            if url.startswith(f"{base}/api/") or "/export." in url:
                for how, request in (("session", browsing.request), ("token", by_token.request)):
                    response = request.get(url)
                    assert response.status == 200, (persona, entry_point, how, response.status)
                    received[f"{entry_point} ({how})"] = response.text()
            else:
                response = tab.goto(url)
                assert response is not None and response.status == 200, (persona, entry_point)
                received[entry_point] = tab.content()
        for secret in (demand, red_line):
            leaks = [name for name, body in received.items() if secret in body]
            assert not leaks, f"{persona} read the US position at {leaks}"
        # The sweep can fail: the Iranian side does read its own position this way.
        for name in ("IR positions page", "API IR position (session)", "API IR position (token)"):
            assert CANARY["ir"] in received[name], f"{persona} never read its own position at {name}"
        browsing.close()
        by_token.close()

    mediators = _context(browser, base, cast, "mediator")
    page = mediators.new_page()
    page.goto(_party_url(base, cast, "us"))
    assert demand in page.locator(f"#issue-{issue.pk}").inner_text()
    assert red_line in page.locator(f"#issue-{issue.pk}").inner_text(), "the US lets the mediators read them"
    page.goto(f"{base}/talks/{cast.talks.pk}/positions/map/")
    assert demand in page.locator(f"#issue-{issue.pk}").inner_text()
    _fits_the_phone(page)
    mediators.close()


def test_the_map_marks_what_moved_since_the_previous_round_and_keeps_the_earlier_version(
    live_server: Any, browser: Any, cast: Cast,
) -> None:
    base, issue = live_server.url, _issue(cast, 3)  # the US's nuclear line: held since January, unmoved
    may = cast.rounds[3]
    offer = f"Inspections first, then talks on enrichment {uuid.uuid4().hex[:8]}"

    mediators = _context(browser, base, cast, "mediator")
    map_page = mediators.new_page()
    map_page.goto(f"{base}/talks/{cast.talks.pk}/positions/map/")
    us_cell = map_page.locator(f"#issue-{issue.pk} .map-cell").first
    assert "No change since that round." in us_cell.inner_text(), "nothing moved yet: the test can fail"
    before = us_cell.locator("dl.position").inner_text()

    us = _context(browser, base, cast, "us_head")
    page = us.new_page()
    page.goto(_party_url(base, cast, "us"))
    _edit(page, issue, offer=offer, applies_from=str(may.pk))
    assert offer in page.locator(f"#issue-{issue.pk}").inner_text()
    us.close()

    map_page.goto(f"{base}/talks/{cast.talks.pk}/positions/map/")
    chosen = map_page.locator("#since option:checked").inner_text()
    assert "the previous round" in chosen, "the map compares with the previous round unless told otherwise"
    row = map_page.locator(f"#issue-{issue.pk}")
    assert "has-moved" in (row.get_attribute("class") or "")
    us_cell = row.locator(".map-cell").first
    moved = us_cell.locator("p.moved")
    assert "Moved since that round:" in moved.inner_text()
    assert sorted(t.strip() for t in moved.locator(".changed-pill").all_inner_texts()) == ["Applies from", "Could offer"]
    now = us_cell.locator("dl.position").first
    assert offer in now.inner_text()
    assert now.locator(".changed dt").first.inner_text().startswith("Could offer")
    earlier = us_cell.locator("details.then")
    earlier.locator("summary").click()
    assert "As it was then (version 1)" in earlier.locator("summary").inner_text()
    then = earlier.locator("dl.position").inner_text()
    assert offer not in then and then.split("Could offer")[0] == before.split("Could offer")[0], \
        "the earlier version, as the map showed it before the change"
    _fits_the_phone(map_page)
    mediators.close()
