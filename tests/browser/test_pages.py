"""A person in a real browser: log in, switch language, open a round."""

from __future__ import annotations

from typing import Any

import pytest

from tests.personas import PASSWORD, Cast

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_log_in_switch_to_arabic_and_open_a_round(live_server: Any, browser: Any, cast: Cast) -> None:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _log_in(page, live_server.url, "us-head")
    assert page.locator("h1").inner_text() == "Your talks"
    page.select_option("#language-select", "ar")
    page.wait_for_selector("html[dir=rtl]")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("h1").inner_text() != "Your talks", "the heading is translated"
    page.click("text=المحادثات غير المباشرة الأمريكية الإيرانية حول خفض التصعيد الإقليمي")
    page.click("text=جلسة استماع")
    assert "جنيف" in page.locator("main").inner_text()
    direction = page.evaluate("getComputedStyle(document.querySelector('main')).direction")
    assert direction == "rtl"
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


def test_persian_page_is_right_to_left_for_a_party_member(live_server: Any, browser: Any, cast: Cast) -> None:
    context = browser.new_context()
    page = context.new_page()
    _log_in(page, live_server.url, "ir-member")
    page.select_option("#language-select", "fa")
    page.wait_for_selector("html[lang=fa][dir=rtl]")
    page.goto(f"{live_server.url}/talks/{cast.talks.pk}/")
    assert "ایران" in page.locator("main").inner_text()
    # An Iranian member never sees the US delegation's seats.
    assert "US head of delegation" not in page.content()
    context.close()


def test_mediator_postpones_nothing_without_a_reason(live_server: Any, browser: Any, cast: Cast) -> None:
    context = browser.new_context()
    page = context.new_page()
    _log_in(page, live_server.url, "om-lead")
    page.goto(f"{live_server.url}/rounds/{cast.rounds[2].pk}/")
    # The round page holds the agenda's form too: the status form is the one with the status.
    status_form = "form:has(#id_status) button[type=submit]"
    page.select_option("#id_status", "cancelled")
    page.click(status_form)
    assert "Say why the round is cancelled." in page.locator("main").inner_text()
    page.fill("#id_reason", "Overtaken by the May round.")
    page.click(status_form)
    page.wait_for_selector("text=The round was updated.")
    assert "Cancelled" in page.locator("main").inner_text()
    context.close()
