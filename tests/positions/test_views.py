"""The positions pages, the map and the API, over HTTP as a user would meet them."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from tests.personas import CANARY, Cast
from wasit.agenda.models import AgendaIssue
from wasit.positions.models import PositionVersion, RedLineBar
from wasit.positions.queries import latest_version

pytestmark = pytest.mark.django_db
ClientFor = Callable[[str | None], Client]


def first(cast: Cast) -> AgendaIssue:
    return AgendaIssue.objects.get(talks=cast.talks, position=1)


def party_url(cast: Cast, code: str) -> str:
    return f"/talks/{cast.talks.pk}/parties/{cast.parties[code].pk}/positions/"


def form(cast: Cast, base: int | None, demand: str = "Verified restraint", priority: str = "4") -> dict[str, str]:
    p = f"p{first(cast).pk}"
    return {f"{p}-base_version": "" if base is None else str(base), f"{p}-demand_en": demand,
            f"{p}-priority": priority, f"{p}-applies_from": ""}


def test_the_party_page_shows_the_latest_position_and_its_history_with_changes_marked(
        cast: Cast, client_for: ClientFor) -> None:
    page = client_for("us_observer").get(party_url(cast, "us"))
    html = page.content.decode()
    assert page.status_code == 200
    assert CANARY["us"] in html and CANARY["us_red_line"] in html
    assert 'class="changed"' in html and "History:" in html
    assert "Record a position" not in html and "Change the position" not in html, "observers read only"


def test_a_delegate_saves_a_position_and_a_second_from_the_same_version_gets_a_conflict_on_the_page(
        cast: Cast, client_for: ClientFor) -> None:
    base = latest_version(cast.parties["us"], first(cast))
    url = f"{party_url(cast, 'us')}{first(cast).pk}/"
    assert client_for("us_head").post(url, form(cast, base, "The head's text")).status_code == 302
    count = PositionVersion.objects.count()
    page = client_for("us_member").post(url, form(cast, base, "The member's text"))
    assert page.status_code == 409
    assert "while you were editing" in page.content.decode()
    assert PositionVersion.objects.count() == count


def test_a_priority_of_nine_is_a_form_error_and_saves_nothing(cast: Cast, client_for: ClientFor) -> None:
    base = latest_version(cast.parties["us"], first(cast))
    count = PositionVersion.objects.count()
    page = client_for("us_head").post(f"{party_url(cast, 'us')}{first(cast).pk}/", form(cast, base, priority="9"))
    assert page.status_code == 400 and "from 1 to 5" in page.content.decode()
    assert PositionVersion.objects.count() == count


def test_the_mediators_read_withheld_by_the_party_instead_of_irans_red_lines(cast: Cast, client_for: ClientFor) -> None:
    for url in (party_url(cast, "ir"), f"/talks/{cast.talks.pk}/positions/map/"):
        html = client_for("mediator").get(url).content.decode()
        assert "Withheld by the party" in html and CANARY["ir_red_line"] not in html
        assert CANARY["ir"] in html
    assert CANARY["ir_red_line"] in client_for("ir_interpreter").get(party_url(cast, "ir")).content.decode()


@pytest.mark.parametrize(("persona", "status"), [("us_head", 302), ("us_member", 403), ("us_observer", 403)])
def test_only_the_head_keeps_the_red_lines_from_the_mediators(
        cast: Cast, client_for: ClientFor, persona: str, status: int) -> None:
    response = client_for(persona).post(f"{party_url(cast, 'us')}red-lines/", {"barred": "on"})
    assert response.status_code == status
    assert RedLineBar.objects.filter(party=cast.parties["us"], barred=True).exists() is (status == 302)


@pytest.mark.parametrize(("persona", "status"), [("us_head", 200), ("us_member", 403)])
def test_the_api_lets_only_the_head_keep_the_red_lines(
        cast: Cast, client_for: ClientFor, persona: str, status: int) -> None:
    response = client_for(persona).post(f"/api/v1/talks/{cast.talks.pk}/parties/{cast.parties['us'].pk}/red-lines",
                                        data=json.dumps({"barred": True}), content_type="application/json")
    assert response.status_code == status


def test_the_map_marks_what_moved_since_the_previous_round_and_a_chosen_round(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("co_mediator")
    html = client.get(f"/talks/{cast.talks.pk}/positions/map/").content.decode()
    assert "Moved since that round:" in html and "No change since that round." in html
    assert "the previous round" in html
    geneva = client.get(f"/talks/{cast.talks.pk}/positions/map/?since={cast.rounds[0].pk}").content.decode()
    assert "new since that round" in geneva and "Moved since that round:" not in geneva
    assert client_for("ir_head").get(f"/talks/{cast.talks.pk}/positions/map/").status_code == 403


def test_the_map_reads_in_arabic_and_persian_right_to_left(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("mediator")
    for lang, word in (("ar", "خريطة المواقف"), ("fa", "نقشهٔ مواضع")):
        client.cookies["wasit_language"] = lang
        html = client.get(f"/talks/{cast.talks.pk}/positions/map/").content.decode()
        assert 'dir="rtl"' in html and word in html, lang


def test_the_relay_form_is_prefilled_without_the_red_line_and_posting_records_the_link(
        cast: Cast, client_for: ClientFor) -> None:
    client = client_for("mediator")
    us_position = cast.extras["us_position"][0]
    page = client.get(f"/positions/{us_position.pk}/relay/").content.decode()
    textarea = page.split('name="text"', 1)[1].split("</textarea>", 1)[0]
    assert "Demand:" in textarea and CANARY["us_red_line"] not in textarea
    response = client.post(f"/positions/{us_position.pk}/relay/",
                           {"room": str(cast.rooms["ir"].pk), "text": "The US asks for restraint."})
    assert response.status_code == 302
    html = client.get(party_url(cast, "us")).content.decode()
    assert "Relayed on" in html and "Caucus: Iran" in html
    assert "Relayed on" not in client_for("us_head").get(party_url(cast, "us")).content.decode()


def test_the_api_records_a_position_and_answers_409_to_a_stale_one(cast: Cast, client_for: ClientFor) -> None:
    url = f"/api/v1/talks/{cast.talks.pk}/parties/{cast.parties['us'].pk}/positions"
    base = latest_version(cast.parties["us"], first(cast))
    body = {"issue_id": first(cast).pk, "base_version": base, "demand": {"en": "By API"}, "priority": 3}
    created = client_for("us_member").post(url, data=json.dumps(body), content_type="application/json")
    assert created.status_code == 201 and created.json()["version"] == (base or 0) + 1
    stale = client_for("us_head").post(url, data=json.dumps({**body, "demand": {"en": "Late"}}),
                                       content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current_version"] == (base or 0) + 1


@pytest.mark.parametrize(("change", "field"), [
    ({"priority": 9}, "priority"), ({"round_id": "other"}, "round_id"), ({"issue_id": "other"}, "issue_id")])
def test_the_api_refuses_bad_input_with_400_and_changes_nothing(
        cast: Cast, client_for: ClientFor, change: dict[str, object], field: str) -> None:
    url = f"/api/v1/talks/{cast.talks.pk}/parties/{cast.parties['us'].pk}/positions"
    body: dict[str, object] = {"issue_id": first(cast).pk, "base_version": latest_version(cast.parties["us"], first(cast)),
                               "demand": {"en": "x"}, "priority": 3}
    if change.get("round_id") == "other":
        change = {"round_id": cast.other_round.pk}
    if change.get("issue_id") == "other":
        change = {"issue_id": cast.extras["agenda_issue"][1].pk}
    count = PositionVersion.objects.count()
    response = client_for("us_head").post(url, data=json.dumps({**body, **change}), content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == field
    assert PositionVersion.objects.count() == count


def test_the_api_gives_the_mediators_a_null_red_line_where_the_party_withholds_it(
        cast: Cast, client_for: ClientFor) -> None:
    ir_position = cast.extras["ir_position"][0]
    data = client_for("mediator").get(f"/api/v1/positions/{ir_position.pk}").json()
    assert data["red_line"] is None and data["red_line_withheld"] is True
    mapped = client_for("mediator").get(f"/api/v1/talks/{cast.talks.pk}/position-map").content.decode()
    assert CANARY["ir_red_line"] not in mapped and CANARY["us_red_line"] in mapped
