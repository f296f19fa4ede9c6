"""Each user reads dates on their own calendar, with their own digits: pages, fragments and mails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from tests.personas import Cast
from wasit.accounts import actions as accounts_actions
from wasit.audit.models import Event
from wasit.dates import Calendar
from wasit.notifications import actions as mail_actions
from wasit.notifications.models import Mail
from wasit.policy import viewer_for
from wasit.schedule import actions, display
from wasit.schedule.models import DisplayPreferences
from wasit.talks import actions as talks_actions
from wasit.talks.models import RoundStatus

pytestmark = pytest.mark.django_db

NOWRUZ = dt.datetime(2024, 3, 20, 9, 5, tzinfo=dt.UTC)
RAMADAN = dt.date(2024, 3, 11)


def _render(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template("{% load wasit_dates %}" + source).render(Context(context))


def _choice(cast: Cast, persona: str) -> tuple[str, str] | None:
    row = DisplayPreferences.objects.filter(user=cast.user(persona)).first()
    return None if row is None else (row.calendar, row.digits)


def test_nobody_who_never_chose_reads_anything_but_gregorian_with_western_digits(
        cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    assert _render("{{ d|calendar_date }}", "ar", d=RAMADAN) == "11 مارس 2024"
    with display.for_user(cast.user("us_head").pk):
        assert _render("{{ d|calendar_date }}", "fa", d=RAMADAN) == "11 مارس 2024"
    page = client_for("us_head").get("/settings/dates/").content.decode()
    assert 'value="gregorian" checked' in page and 'value="western" checked' in page


def test_the_filters_follow_the_calendar_the_digits_and_the_language(cast: Cast) -> None:
    with display.using(lambda: display.Display(calendar=Calendar.HIJRI, native_digits=True)):
        assert _render("{{ d|calendar_date }}", "ar", d=RAMADAN) == "١ رمضان ١٤٤٥ هـ"
        assert _render("{{ d|calendar_date }}", "fa", d=RAMADAN) == "۱ رمضان ۱۴۴۵ ق"
        assert _render("{{ d|calendar_date }}", "en", d=RAMADAN) == "1 Ramadan 1445 AH"
    with display.using(lambda: display.Display(calendar=Calendar.JALALI, native_digits=True)):
        assert _render("{{ m|calendar_datetime }}", "fa", m=NOWRUZ) == "۱ فروردین ۱۴۰۳ ش، ۰۹:۰۵"
        assert _render('{{ m|calendar_datetime:"Asia/Tehran" }}', "fa", m=NOWRUZ) == "۱ فروردین ۱۴۰۳ ش، ۱۲:۳۵"
        assert _render('{{ m|calendar_time:"Asia/Tehran" }}', "fa", m=NOWRUZ) == "۱۲:۳۵"
        assert _render('{{ m|calendar_date:"Asia/Tehran" }}', "en", m=NOWRUZ) == "1 Farvardin 1403 SH"
        assert _render("{{ n|calendar_digits }}", "fa", n=1403) == "۱۴۰۳"
        assert _render("{{ n|calendar_digits }}", "ar", n=4) == "٤"
        assert _render("{{ n|calendar_digits }}", "en", n=4) == "4"
    # Nothing, or not a date, is nothing (like Django's own `date`); an unknown zone is UTC.
    assert _render("[{{ v|calendar_date }}|{{ v|calendar_datetime }}|{{ v|calendar_time }}]", "en", v=None) == "[||]"
    assert _render('{{ m|calendar_time:"Mars/Olympus" }}', "en", m=NOWRUZ) == "09:05"


def test_a_day_beyond_the_hijri_tables_is_shown_gregorian_rather_than_breaking_the_page(cast: Cast) -> None:
    with display.using(lambda: display.Display(calendar=Calendar.HIJRI)):
        assert _render("{{ d|calendar_date }}", "en", d=dt.date(1900, 1, 1)) == "1 January 1900"


def test_a_user_saves_their_calendar_and_digits(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    client = client_for("us_member")
    response = client.post("/settings/dates/", {"calendar": "jalali", "digits": "native"})
    assert (response.status_code, response["Location"]) == (302, "/settings/dates/")
    assert _choice(cast, "us_member") == ("jalali", "native")
    event = Event.objects.filter(kind="schedule.display_preferences_changed").latest("id")
    assert event.payload == {"user_id": cast.user("us_member").pk, "calendar": "jalali", "digits": "native"}
    assert event.audience.split() == ["operators"]
    assert 'value="jalali" checked' in client.get("/settings/dates/").content.decode()


@pytest.mark.parametrize("body", [{"calendar": "julian", "digits": "western"},
                                  {"calendar": "hijri", "digits": "roman"}, {}])
def test_a_bad_choice_is_refused_clearly_and_changes_nothing(
        cast: Cast, client_for: Callable[[str | None], Client], body: dict[str, str]) -> None:
    before = _choice(cast, "ir_head")
    client = client_for("ir_head")
    client.cookies["wasit_language"] = "ar"
    response = client.post("/settings/dates/", body)
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert _choice(cast, "ir_head") == before


def test_a_save_changes_only_the_callers_own_choice(cast: Cast) -> None:
    before = {p: _choice(cast, p) for p in ("mediator", "ir_head", "us_head")}
    actions.save_display_preferences(viewer_for(cast.user("us_head")), calendar="hijri", digits="western")
    assert _choice(cast, "us_head") == ("hijri", "western")
    assert {p: _choice(cast, p) for p in ("mediator", "ir_head")} == {
        p: before[p] for p in ("mediator", "ir_head")}


def _tokens_page(client: Client, language: str) -> str:
    client.cookies["wasit_language"] = language
    return client.get("/accounts/tokens/").content.decode()


def test_every_page_shows_dates_as_its_reader_chose(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    """The demo gives Iran's delegation Jalali dates and the lead mediator Hijri ones."""
    for persona in ("ir_head", "mediator", "us_head"):
        accounts_actions.issue_token(viewer_for(cast.user(persona)), user_id=cast.user(persona).pk, label="cli")
    jalali_fa = _tokens_page(client_for("ir_head"), "fa")
    assert " ش، " in jalali_fa and any(d in jalali_fa for d in "۱۲۳۴۵۶۷۸۹")
    jalali_en = _tokens_page(client_for("ir_head"), "en")
    assert " SH, " in jalali_en
    hijri_ar = _tokens_page(client_for("mediator"), "ar")
    assert " هـ، " in hijri_ar and any(d in hijri_ar for d in "١٢٣٤٥٦٧٨٩")
    gregorian = _tokens_page(client_for("us_head"), "fa")
    assert " SH" not in gregorian and " ش، " not in gregorian and " هـ" not in gregorian


def test_a_mail_shows_dates_on_its_recipients_calendar(cast: Cast) -> None:
    """The rounds mail of each recipient is written in their language and on their calendar."""
    user_model = get_user_model()
    for persona, language in (("ir_head", "fa"), ("mediator", "ar"), ("us_head", "en")):
        user = cast.user(persona)
        user_model.objects.filter(pk=user.pk).update(email=f"{persona}@example.org")
        mail_actions.save_preferences(viewer_for(user), language=language, relays=False, rounds=True,
                                      seats=False)
    with transaction.atomic():
        talks_actions.change_round_status(viewer_for(cast.user("co_mediator")), cast.rounds[2],
                                          status=RoundStatus.POSTPONED, reason="Travel.",
                                          rescheduled_to=dt.date(2024, 3, 20))
    by_address = {m.to: m for m in Mail.objects.filter(kind="notify.round_postponed")}
    assert "۱ فروردین ۱۴۰۳ ش" in by_address["ir_head@example.org"].text
    assert "١٠ رمضان ١٤٤٥ هـ" in by_address["mediator@example.org"].text
    assert "20 March 2024" in by_address["us_head@example.org"].text
    assert "۱ فروردین ۱۴۰۳ ش" in by_address["ir_head@example.org"].html


def test_the_choice_is_asked_once_per_page_and_only_by_a_page_that_shows_a_date(
        cast: Cast, client_for: Callable[[str | None], Client], monkeypatch: pytest.MonkeyPatch) -> None:
    for label in ("laptop", "phone"):
        accounts_actions.issue_token(viewer_for(cast.user("ir_head")), user_id=cast.user("ir_head").pk,
                                     label=label)
    calls: list[int] = []
    original = display.of_user

    def counting(user_id: int | None) -> display.Display:
        calls.append(user_id or 0)
        return original(user_id)

    monkeypatch.setattr(display, "of_user", counting)
    client_for("ir_head").get("/settings/dates/")
    client_for("ir_head").get("/healthz")
    assert calls == [], "no date on these pages"
    page = client_for("ir_head").get("/accounts/tokens/").content.decode()
    assert page.count(" SH, ") >= 2  # in English: Western digits
    assert calls == [cast.user("ir_head").pk], "asked once for all the page's dates"


def test_the_demo_gives_the_omani_mediator_hijri_and_irans_delegation_jalali(cast: Cast) -> None:
    assert _choice(cast, "mediator") == ("hijri", "native")
    for persona in ("ir_head", "ir_member", "ir_interpreter", "ir_observer"):
        assert _choice(cast, persona) == ("jalali", "native")
    for persona in ("co_mediator", "us_head", "outsider"):
        assert _choice(cast, persona) is None, "the others keep the default"
