"""The talks pages, as a user meets them."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.personas import Cast
from wasit.talks.models import Round, RoundStatus


def test_talks_page_shows_rounds_with_status_and_postponement(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    page = client_for("us_head").get(f"/talks/{cast.talks.pk}/").content.decode()
    assert "Geneva" in page and "Listening only" in page and "Postponed" in page
    assert "Sultanate of Oman" in page


def test_round_page_in_arabic_is_right_to_left_and_translated(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    client = client_for("ir_member")
    client.cookies["wasit_language"] = "ar"
    page = client.get(f"/rounds/{cast.rounds[0].pk}/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "جنيف" in page
    assert "استماع فقط" in page  # "Listening only"


def test_persian_page_is_right_to_left_and_shows_persian_content(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    client = client_for("ir_head")
    client.cookies["wasit_language"] = "fa"
    page = client.get(f"/talks/{cast.talks.pk}/").content.decode()
    assert '<html lang="fa" dir="rtl">' in page
    assert "سلطنت عمان" in page


def test_mediator_postpones_a_round_from_the_form(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    r = cast.rounds[2]
    response = client_for("co_mediator").post(f"/rounds/{r.pk}/status/",
                                              {"status": "held", "reason": ""})
    assert response.status_code == 302
    assert Round.objects.get(pk=r.pk).status == RoundStatus.HELD


def test_bad_form_input_shows_a_clear_error_and_changes_nothing(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    r = cast.rounds[2]
    client = client_for("mediator")
    response = client.post(f"/rounds/{r.pk}/status/", {"status": "cancelled", "reason": ""})
    assert response.status_code == 400
    assert "Say why the round is cancelled." in response.content.decode()
    response = client.post(f"/rounds/{r.pk}/status/", {"status": "exploded"})
    assert response.status_code == 400
    response = client.post(f"/rounds/{r.pk}/status/", {"status": "postponed", "reason": "x",
                                                       "rescheduled_to": "not a date"})
    assert response.status_code == 400
    assert Round.objects.get(pk=r.pk).status == RoundStatus.POSTPONED


def test_bad_form_errors_are_translated(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    client = client_for("mediator")
    client.cookies["wasit_language"] = "ar"
    response = client.post(f"/rounds/{cast.rounds[2].pk}/status/", {"status": "cancelled", "reason": ""})
    assert "اذكر سبب إلغاء الجولة." in response.content.decode()


def test_party_member_sees_no_status_form(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    page = client_for("us_member").get(f"/rounds/{cast.rounds[2].pk}/").content.decode()
    assert "/status/" not in page


def test_talks_page_query_count_does_not_grow_with_seats(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    client = client_for("mediator")
    client.get(f"/talks/{cast.talks.pk}/")
    with CaptureQueriesContext(connection) as ctx:
        client.get(f"/talks/{cast.talks.pk}/")
    assert len(ctx.captured_queries) <= 12


def test_pages_forbid_inline_script_and_framing(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    response = client_for("mediator").get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert b"<script>" not in response.content


def test_anonymous_visitor_is_sent_to_log_in(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    response = client_for(None).get(f"/talks/{cast.talks.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_oversize_body_is_refused_with_413_and_changes_nothing(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    from wasit.caucus.models import Message

    before = Message.objects.count()
    response = client_for("us_head").post(f"/rooms/{cast.rooms['us'].pk}/post/", {"text": "x" * 300_000})
    assert response.status_code == 413
    assert Message.objects.count() == before
