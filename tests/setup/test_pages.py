"""The set-up pages: new talks, settings and status, parties and rooms, rounds.

Refusals are shown next to the field, the input is kept, nothing changes;
user text is escaped; pages are right-to-left in Arabic and Persian.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from tests.personas import Cast
from tests.setup.conftest import log_length
from wasit.caucus.models import Room
from wasit.talks.models import Membership, Party, Round, Talks

ClientFor = Callable[[str], Client]
SOON = (dt.date.today() + dt.timedelta(days=40)).isoformat()  # noqa: DTZ011


def test_the_talks_list_links_to_new_talks_only_for_who_may_open_them(
        cast: Cast, client_for: ClientFor) -> None:
    assert 'href="/talks/new/"' in client_for("operator").get("/").content.decode()
    assert 'href="/talks/new/"' not in client_for("mediator").get("/").content.decode()
    cast.user("outsider").user_permissions.add(Permission.objects.get(codename="open_talks"))  # type: ignore[attr-defined]
    assert 'href="/talks/new/"' in client_for("outsider").get("/").content.decode()
    assert client_for("outsider").get("/talks/new/").status_code == 200


def test_an_operator_opens_talks_in_the_browser_and_leads_them(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("operator")
    response = client.post("/talks/new/", {"title_en": "Water-sharing talks", "title_ar": "محادثات المياه",
                                           "mediator_org_en": "Swiss FDFA", "status": "preparing",
                                           "languages_used": ["en", "ar"]})
    assert response.status_code == 302
    talks = Talks.objects.latest("id")
    assert response["Location"] == f"/talks/{talks.pk}/parties/"
    assert talks.title_i18n == {"en": "Water-sharing talks", "ar": "محادثات المياه"}
    assert talks.languages == ["en", "ar"]
    assert Membership.objects.get(talks=talks, user=cast.user("operator")).role == "lead_mediator"
    # The lead's pages of the new talks, with only its languages' inputs.
    page = client.get(f"/talks/{talks.pk}/settings/").content.decode()
    assert 'name="title_ar"' in page and 'name="title_fa"' not in page


def test_a_bidi_title_is_refused_next_to_the_field_with_the_input_kept(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("operator")
    before, talks = log_length(), Talks.objects.count()
    response = client.post("/talks/new/", {
        "title_en": "Water \u202etalks", "mediator_org_en": "Swiss <b>FDFA</b>", "status": "active"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "text-direction" in body and "Swiss &lt;b&gt;FDFA&lt;/b&gt;" in body
    assert (log_length(), Talks.objects.count()) == (before, talks)


def test_an_unknown_status_is_refused(cast: Cast, client_for: ClientFor) -> None:
    count = Talks.objects.count()
    response = client_for("operator").post("/talks/new/", {"title_en": "T", "mediator_org_en": "O",
                                                           "status": "paused"})
    assert response.status_code == 400 and Talks.objects.count() == count


def test_a_script_title_is_shown_as_text(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("mediator")
    response = client.post(f"/talks/{cast.talks.pk}/settings/save/", {
        "title_en": "<script>alert(1)</script>", "mediator_org_en": "Oman"})
    assert response.status_code == 302
    for url in ("/", f"/talks/{cast.talks.pk}/", f"/talks/{cast.talks.pk}/settings/"):
        body = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_the_settings_keep_texts_in_languages_the_form_does_not_show(cast: Cast, client_for: ClientFor) -> None:
    talks = cast.talks
    Talks.objects.filter(pk=talks.pk).update(languages=["en"])
    kept = {k: v for k, v in talks.title_i18n.items() if k != "en"}
    assert kept
    response = client_for("mediator").post(f"/talks/{talks.pk}/settings/save/", {
        "title_en": "Regional talks", "mediator_org_en": "Oman", "languages_used": ["en"]})
    assert response.status_code == 302
    talks.refresh_from_db()
    assert talks.title_i18n == {"en": "Regional talks", **kept}


def test_the_settings_page_links_to_the_domain_settings(cast: Cast, client_for: ClientFor) -> None:
    body = client_for("mediator").get(f"/talks/{cast.talks.pk}/settings/").content.decode()
    assert f'href="/talks/{cast.talks.pk}/packages/"' in body and 'name="heads_may_invite"' in body


def test_a_status_change_needs_a_reason(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("mediator")
    client.get("/")
    before = log_length()
    response = client.post(f"/talks/{cast.talks.pk}/settings/status/", {"status": "concluded", "reason": ""})
    assert response.status_code == 400 and log_length() == before
    response = client.post(f"/talks/{cast.talks.pk}/settings/status/",
                           {"status": "concluded", "reason": "Signed."})
    assert response.status_code == 302
    cast.talks.refresh_from_db()
    assert cast.talks.status == "concluded"


def test_the_lead_adds_a_third_party_with_its_room(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("mediator")
    response = client.post(f"/talks/{cast.talks.pk}/parties/add/", {"new-code": "qa", "new-name_en": "Qatar",
                                                                     "new-name_ar": "قطر"})
    assert response.status_code == 302
    party = Party.objects.get(talks=cast.talks, code="qa")
    room = Room.objects.get(party=party)
    page = client.get(f"/talks/{cast.talks.pk}/parties/").content.decode()
    assert "Qatar" in page and f'href="/rooms/{room.pk}/"' in page


def test_a_clashing_party_code_is_shown_next_to_the_field(cast: Cast, client_for: ClientFor) -> None:
    count = Party.objects.count()
    response = client_for("mediator").post(f"/talks/{cast.talks.pk}/parties/add/",
                                           {"new-code": "IR", "new-name_en": "Iran again"})
    assert response.status_code == 400 and Party.objects.count() == count
    body = response.content.decode()
    assert "already has a party with that code" in body and 'value="Iran again"' in body


def test_renaming_to_a_clashing_code_is_refused_on_the_page(cast: Cast, client_for: ClientFor) -> None:
    us = cast.parties["us"]
    response = client_for("mediator").post(f"/parties/{us.pk}/rename/", {f"p{us.pk}-code": "ir",
                                                                         f"p{us.pk}-name_en": "US"})
    assert response.status_code == 400
    us.refresh_from_db()
    assert us.code == "us"


def test_a_mediator_closes_and_reopens_a_room_from_the_parties_page(cast: Cast, client_for: ClientFor) -> None:
    client, room = client_for("co_mediator"), cast.rooms["us"]
    assert client.post(f"/rooms/{room.pk}/close-caucus/").status_code == 302
    room.refresh_from_db()
    assert room.closed_at is not None
    page = client.get(f"/talks/{cast.talks.pk}/parties/").content.decode()
    assert f'action="/rooms/{room.pk}/reopen/"' in page
    assert client.post(f"/rooms/{room.pk}/reopen/").status_code == 302
    room.refresh_from_db()
    assert room.closed_at is None


def test_a_mediator_schedules_a_round_in_a_time_zone(cast: Cast, client_for: ClientFor) -> None:
    response = client_for("co_mediator").post(f"/talks/{cast.talks.pk}/rounds/new/", {
        "venue_en": "Geneva", "starts_on": SOON, "ends_on": SOON, "time_zone": "Europe/Zurich",
        "format": "listening"})
    assert response.status_code == 302
    round_ = Round.objects.filter(talks=cast.talks).latest("number")
    assert (round_.time_zone, round_.format, round_.venue) == ("Europe/Zurich", "listening", "Geneva")


@pytest.mark.parametrize(("change", "message"), [
    ({"time_zone": "Moon/Base"}, "Unknown time zone"),
    ({"ends_on": "2020-01-01"}, "cannot end before it starts"),
])
def test_bad_round_input_is_refused_with_the_input_kept(cast: Cast, client_for: ClientFor,
                                                        change: dict[str, str], message: str) -> None:
    count = Round.objects.count()
    data = {"venue_en": "Geneva <i>", "starts_on": SOON, "ends_on": SOON, "time_zone": "UTC",
            "format": "direct", **change}
    response = client_for("mediator").post(f"/talks/{cast.talks.pk}/rounds/new/", data)
    assert response.status_code == 400 and Round.objects.count() == count
    body = response.content.decode()
    assert message in body and 'value="Geneva &lt;i&gt;"' in body


def test_editing_a_held_rounds_dates_is_refused_on_the_page(cast: Cast, client_for: ClientFor) -> None:
    held = next(r for r in cast.rounds if r.status == "held")
    client = client_for("mediator")
    form = client.get(f"/rounds/{held.pk}/edit/")
    assert form.status_code == 200
    response = client.post(f"/rounds/{held.pk}/edit/", {
        "venue_en": held.venue_i18n.get("en", "Muscat"), "venue_ar": held.venue_i18n.get("ar", ""),
        "starts_on": SOON, "ends_on": SOON, "time_zone": "Asia/Muscat", "format": held.format})
    assert response.status_code == 400 and "held" in response.content.decode()
    held.refresh_from_db()
    assert held.starts_on.isoformat() != SOON


def test_a_round_edit_with_new_dates_reschedules_it(cast: Cast, client_for: ClientFor) -> None:
    round_ = cast.rounds[2]
    response = client_for("mediator").post(f"/rounds/{round_.pk}/edit/", {
        "venue_en": "Muscat", "starts_on": SOON, "ends_on": SOON, "time_zone": "Asia/Muscat",
        "format": "proximity"})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.starts_on.isoformat() == SOON


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_set_up_pages_are_right_to_left_in_arabic_and_persian(cast: Cast, client_for: ClientFor,
                                                              language: str) -> None:
    client = client_for("mediator")
    client.cookies["wasit_language"] = language
    for url in (f"/talks/{cast.talks.pk}/settings/", f"/talks/{cast.talks.pk}/parties/",
                f"/talks/{cast.talks.pk}/rounds/new/", f"/rounds/{cast.rounds[2].pk}/edit/"):
        body = client.get(url).content.decode()
        assert 'dir="rtl"' in body.split("<body")[0] + body.split("<body")[1][:200], url
        assert 'name="viewport"' in body


def test_the_list_of_parties_reads_in_one_query_per_kind(cast: Cast, client_for: ClientFor,
                                                         django_assert_max_num_queries: Callable[..., object]) -> None:
    client = client_for("mediator")
    client.get(f"/talks/{cast.talks.pk}/parties/")
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        client.get(f"/talks/{cast.talks.pk}/parties/")
