"""Dates on the reader's own calendar, and a calendar feed that follows a postponement, in a browser.

At phone width (390 px), as the people of the cast: the Iranian member
reads Jalali dates with Persian digits, the Omani lead mediator Hijri ones
with Arabic-Indic digits, each once they have chosen so on /settings/dates/;
the lead mediator postpones a round and the feed they subscribed to moves it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

import httpx
import icalendar
import pytest

from tests.personas import PASSWORD, Cast
from wasit import dates
from wasit.policy import viewer_for
from wasit.schedule import actions, feed

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
JANUARY = dt.date(2024, 1, 10)  # the cast's first Muscat round (cast.rounds[1])


def _phone(browser: Any) -> Any:
    return browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def _fits_the_phone(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _january_on_the_feed_page(page: Any, base: str) -> str:
    """The January round's day, as the feed page (the list of one's rounds) shows it."""
    page.goto(f"{base}/calendar/feed/")
    return str(page.locator(f"ul.feed-rounds time[datetime='{JANUARY.isoformat()}']").inner_text()).strip()


@pytest.mark.parametrize(("persona", "username", "language", "calendar", "digits", "literal"), [
    ("ir_member", "ir-member", "fa", "jalali", dates.Digits.PERSIAN, "۲۰ دی ۱۴۰۲ ش"),
    ("mediator", "om-lead", "ar", "hijri", dates.Digits.ARABIC_INDIC, "٢٨ جمادى الآخرة ١٤٤٥ هـ"),
], ids=["persian-reader-jalali", "arabic-reader-hijri"])
def test_a_reader_chooses_their_calendar_and_sees_every_date_on_it(
        live_server: Any, browser: Any, cast: Cast, persona: str, username: str, language: str,
        calendar: str, digits: dates.Digits, literal: str) -> None:
    # As if they had never chosen (the demo chose for them): Gregorian, Western digits.
    actions.save_display_preferences(viewer_for(cast.user(persona)), calendar="gregorian", digits="western")
    expected = dates.format_date(JANUARY, calendar=calendar, language=language, digits=digits)
    # 10 January 2024 is 20 Dey 1402 (1 Dey was 22 December 2023: 30 + 30 + 29 days
    # before 1 Farvardin 1403 = 20 March 2024) and 28 Jumada al-Akhirah (al-Thani) 1445.
    assert expected == literal
    context = _phone(browser)
    page = context.new_page()
    base = live_server.url
    _log_in(page, base, username)
    page.select_option("#language-select", language)
    page.wait_for_selector(f"html[lang={language}][dir=rtl]")
    before = _january_on_the_feed_page(page, base)
    assert before == dates.format_date(JANUARY, language=language), "Gregorian until they choose"
    assert "2024" in before

    page.goto(f"{base}/settings/dates/")
    assert _fits_the_phone(page)
    page.check(f"input[name=calendar][value={calendar}]")
    page.check("input[name=digits][value=native]")
    with page.expect_navigation():
        page.click("form[action$='/settings/dates/'] button[type=submit]")
    assert page.locator(f"input[name=calendar][value={calendar}]").is_checked(), "the choice is kept"

    shown = _january_on_the_feed_page(page, base)
    assert shown == expected == literal
    assert not any(c.isascii() and c.isdigit() for c in shown), "no Western digit left in the date"
    assert _fits_the_phone(page)
    context.close()


def _rounds_in(ics: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")}


def test_postponing_a_round_moves_it_in_the_calendar_feed(live_server: Any, browser: Any, cast: Cast) -> None:
    base = live_server.url
    february = cast.rounds[2]  # postponed without a new date in the cast, still open to a change
    uid = feed.uid_of(february)
    new_day = dt.date(2024, 6, 2)
    context = _phone(browser)
    page = context.new_page()
    _log_in(page, base, "om-lead")

    page.goto(f"{base}/calendar/feed/")
    page.click("form[action$='/calendar/feed/new/'] button[type=submit]")
    link = str(page.locator("code.secret").inner_text()).strip()
    assert link.endswith(".ics") and "/calendar/wcal_" in link
    assert _fits_the_phone(page), "the long link wraps"
    # The link names the configured address (WASIT_BASE_URL); the test's server is on another port.
    url = base + urlsplit(link).path
    first = httpx.get(url, timeout=10)
    assert first.status_code == 200 and first.headers["content-type"].startswith("text/calendar")
    before = _rounds_in(first.content)[uid]

    page.goto(f"{base}/rounds/{february.pk}/")
    page.select_option("#id_status", "postponed")
    page.fill("#id_reason", "CALENDAR-REASON: the head of delegation is held in other talks.")
    page.fill("#id_rescheduled_to", new_day.isoformat())
    with page.expect_navigation():
        page.locator("form", has=page.locator("#id_status")).locator("button[type=submit]").click()
    assert page.locator(".errorlist").count() == 0, page.locator("main").inner_text()

    after = _rounds_in(httpx.get(url, timeout=10).content)
    assert uid in after, "the same event, moved: not a new one beside it"
    assert int(after[uid]["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after[uid].decoded("DTSTART") != before.decoded("DTSTART")
    assert after[uid].decoded("DTSTART") == new_day
    assert str(after[uid]["STATUS"]) == "CONFIRMED"
    assert "CALENDAR-REASON" not in str(after[uid].to_ical()), "the reason stays off the feed"
    assert set(after) == set(_rounds_in(first.content)), "no round added or lost"

    # The feed page says so too.
    page.goto(f"{base}/calendar/feed/")
    assert page.locator(f"ul.feed-rounds time[datetime='{new_day.isoformat()}']").count() == 1
    context.close()
