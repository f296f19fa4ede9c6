"""Three-party talks run wholly in Arabic, from an empty database, on PostgreSQL where there is one.

The operator works in Arabic: opens the talks with Arabic titles only, adds
three delegations named in Arabic, sets the agenda, schedules the first
round, and invites each head by an Arabic e-mail (read back from a real SMTP
server). Each head joins from the link in Arabic and reads right-to-left
pages; one delegation posts, the lead relays a paraphrase to the other two,
who read it live, and the original stays in its room.

The English two-party journey runs on SQLite; this one runs on the server
named by WASIT_TEST_POSTGRES_URL when it is reachable (under CI=true it
must be), so the path from the first invitation to a relay is walked on
both databases.
"""

from __future__ import annotations

import os
import re
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
    invitation_link,
    invite,
    log_in,
    mail_for,
    open_room,
    open_talks,
)
from tests.postgres_suite import DEFAULT_URL, reachable

ARABIC = re.compile(r"[\u0600-\u06FF]")
PARTIES = (("sd", "السودان", "head@sd.example", "sd-head"),
           ("eg", "مصر", "head@eg.example", "eg-head"),
           ("et", "إثيوبيا", "head@et.example", "et-head"))


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Fresh]:
    url = os.environ.get("WASIT_TEST_POSTGRES_URL", DEFAULT_URL)
    problem = reachable(url)
    if problem is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true: this journey must run on PostgreSQL at {url}: {problem}")
        print(f"NOTE: the Arabic journey runs on SQLite: no PostgreSQL at {url} ({problem})")
    with fresh_deployment(tmp_path, postgres=url if problem is None else None) as deployment:
        yield deployment


def _rtl(page: Any) -> None:
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"


def test_three_delegations_run_a_round_wholly_in_arabic(browser: Any, fresh: Fresh) -> None:
    server, smtp = fresh.server, fresh.smtp
    lead = browser_page(browser, server, "ar")
    log_in(lead, server, OPERATOR, OPERATOR_PASSWORD)

    # New talks with Arabic texts only.
    talks_id = open_talks(lead, server, {"title_ar": "محادثات سد النهضة", "mediator_org_ar": "الاتحاد الأفريقي"})
    _rtl(lead)

    # Three delegations named in Arabic, each with its caucus room.
    rooms = add_parties(lead, server, talks_id, "ar", {code: name for code, name, _e, _u in PARTIES})
    assert all(name in rooms for _c, name, _e, _u in PARTIES), rooms

    # The agenda, then the first round, scheduled in the browser.
    lead.goto(f"{server.base}/talks/{talks_id}/agenda/")
    add = lead.locator(f"form[action='/talks/{talks_id}/agenda/add/']")
    add.locator("[name=new-title_ar]").fill("قواعد الملء في سنوات الجفاف")
    add.locator("button[type=submit]").click()
    lead.wait_for_load_state()
    assert "قواعد الملء في سنوات الجفاف" in lead.locator("main").inner_text()

    lead.goto(f"{server.base}/talks/{talks_id}/rounds/new/")
    _rtl(lead)
    lead.fill("#id_title_ar", "الجولة الأولى")
    lead.fill("#id_venue_ar", "أديس أبابا")
    lead.fill("#id_starts_on", "2027-01-10")
    lead.fill("#id_ends_on", "2027-01-12")
    lead.fill("#id_time_zone", "Africa/Addis_Ababa")
    lead.locator("main form button[type=submit]").click()
    lead.wait_for_url(re.compile(r".*/rounds/\d+/$"))
    assert "أديس أبابا" in lead.locator("main").inner_text()

    # A round ending before it starts is refused, in Arabic, and changes nothing.
    lead.goto(f"{server.base}/talks/{talks_id}/rounds/new/")
    lead.fill("#id_title_ar", "جولة خاطئة")
    lead.fill("#id_starts_on", "2027-02-10")
    lead.fill("#id_ends_on", "2027-02-01")
    lead.fill("#id_time_zone", "Africa/Addis_Ababa")
    lead.locator("main form button[type=submit]").click()
    lead.wait_for_load_state()
    assert "/rounds/new/" in lead.url
    assert ARABIC.search(lead.locator("main .errorlist").first.inner_text())
    lead.goto(f"{server.base}/talks/{talks_id}/")
    rounds = lead.locator("main table").filter(has_text="الجولة الأولى").inner_text()
    assert "جولة خاطئة" not in rounds

    # Invitations in Arabic: plain text and a right-to-left HTML part.
    pages = {}
    for _code, name, email, username in PARTIES:
        invite(lead, server, talks_id, email, "head", name, language="ar")
        mail = mail_for(smtp, email)
        assert ARABIC.search(str(mail["Subject"])), mail["Subject"]
        html = mail.get_body(preferencelist=("html",))
        assert html is not None and 'dir="rtl"' in html.get_content()
        page = accept(browser, server, invitation_link(mail), username, language="ar")
        page.goto(f"{server.base}/talks/{talks_id}/")
        _rtl(page)
        assert "الجولة الأولى" in page.locator("main").inner_text(), "each head sees the round"
        pages[name] = page

    sudan, egypt, ethiopia = (pages[name] for _c, name, _e, _u in PARTIES)
    assert "مصر" not in sudan.locator("#rooms-heading + ul").inner_text(), "a head sees their own room only"

    # Sudan posts; the lead relays one paraphrase into both other rooms; both read it live.
    open_room(sudan, server, talks_id, "السودان")
    open_room(egypt, server, talks_id, "مصر")
    open_room(ethiopia, server, talks_id, "إثيوبيا")
    sudan.fill("#id_text", "نطلب تبادل بيانات التشغيل يومياً خلال فترة الملء.")
    sudan.click("form.stacked button[type=submit]")
    lead.goto(f"{server.base}/talks/{talks_id}/board/")
    lead.wait_for_selector("html[data-live=open]", timeout=10 * SECOND)
    item = lead.locator("#queue .queue-item").filter(has_text="بيانات التشغيل")
    item.wait_for(timeout=10 * SECOND)
    item.locator("label:has-text('مصر') input").check()
    item.locator("label:has-text('إثيوبيا') input").check()
    item.locator("select[name$=mode]").select_option("paraphrase")
    item.locator("textarea[name$=text]").fill("يسأل أحد الأطراف عن تبادل المعلومات أثناء الملء.")
    item.locator(".relay-form button[type=submit]").click()
    lead.wait_for_selector("text=نُقلت الرسالة.")
    for page in (egypt, ethiopia):
        page.wait_for_selector(".msg-relay .msg-text:has-text('يسأل أحد الأطراف عن تبادل المعلومات')",
                               timeout=5 * SECOND)
        assert "بيانات التشغيل" not in page.content(), "the original never leaves Sudan's room"
    assert "يسأل أحد الأطراف" not in sudan.content(), "the paraphrase went to the other two only"
