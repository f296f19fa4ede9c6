"""Minutes are the mediators' own; a party's summary reaches that party alone, once shared."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client

from tests.personas import CANARY, Cast
from tests.talks.conftest import api, snapshot
from wasit.audit.models import Event
from wasit.policy import ActionRefused, NotFound, viewer_for
from wasit.talks import actions
from wasit.talks.models import PartySummary, RoundMinutes

ClientFor = Callable[[str | None], Client]
PARTY_PERSONAS = ["us_head", "us_member", "us_observer", "ir_head", "ir_member", "ir_interpreter", "ir_observer"]


def _minutes(cast: Cast) -> RoundMinutes:
    return RoundMinutes.objects.get(round=cast.rounds[1])


def test_minutes_are_sealed_at_rest(cast: Cast) -> None:
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(RoundMinutes._meta.db_table)
        cursor.execute(f"SELECT text FROM {table} WHERE id = %s", [_minutes(cast).pk])  # noqa: S608 (a model's table)
        (stored,) = cursor.fetchone()
    assert CANARY["mediators"] not in stored and stored.startswith("wsc1:")
    assert CANARY["mediators"] in _minutes(cast).text


def test_saving_minutes_records_an_event_for_the_mediators_only_without_the_text(cast: Cast) -> None:
    minutes = _minutes(cast)
    actions.save_minutes(viewer_for(cast.user("co_mediator")), cast.rounds[1], text="Both rooms heard.",
                         version=minutes.version)
    event = Event.objects.latest("id")
    assert (event.kind, event.audience) == ("talks.round_minutes_saved", " mediators ")
    assert "Both rooms heard." not in str(event.payload)
    assert _minutes(cast).version == minutes.version + 1


def test_a_stale_save_of_the_minutes_is_refused_and_changes_nothing(cast: Cast) -> None:
    minutes = _minutes(cast)
    lead, co = viewer_for(cast.user("mediator")), viewer_for(cast.user("co_mediator"))
    actions.save_minutes(lead, cast.rounds[1], text="First take.", version=minutes.version)
    before = snapshot()
    with pytest.raises(ActionRefused) as refused:
        actions.save_minutes(co, cast.rounds[1], text="Second take.", version=minutes.version)
    assert refused.value.field == "version" and "reload" in str(refused.value.message)
    assert snapshot() == before and _minutes(cast).text == "First take."


@pytest.mark.parametrize("persona", PARTY_PERSONAS)
def test_a_party_can_neither_read_nor_write_the_minutes(cast: Cast, client_for: ClientFor, persona: str) -> None:
    client = client_for(persona)
    assert client.get(f"/rounds/{cast.rounds[1].pk}/minutes/").status_code == 404
    assert api(client, "GET", f"/rounds/{cast.rounds[1].pk}/minutes").status_code == 404
    with pytest.raises(NotFound):
        actions.save_minutes(viewer_for(cast.user(persona)), cast.rounds[1], text="x", version=_minutes(cast).version)
    page = client.get(f"/rounds/{cast.rounds[1].pk}/").content.decode()
    assert CANARY["mediators"] not in page and "/minutes/" not in page


def test_each_party_reads_its_own_shared_summary_and_never_the_others(cast: Cast, client_for: ClientFor) -> None:
    for own, other in (("us", "ir"), ("ir", "us")):
        persona = f"{own}_observer"
        page = client_for(persona).get(f"/rounds/{cast.rounds[1].pk}/").content.decode()
        assert CANARY[own] in page and CANARY[other] not in page
        listed = api(client_for(persona), "GET", f"/rounds/{cast.rounds[1].pk}/summaries").json()
        assert [s["party_id"] for s in listed] == [cast.parties[own].pk]


def test_an_unshared_summary_stays_with_the_mediators(cast: Cast, client_for: ClientFor) -> None:
    lead = viewer_for(cast.user("mediator"))
    may = cast.rounds[3]
    summary = actions.save_summary(lead, may, cast.parties["ir"], text=f"Draft {CANARY['mediators']}", version=0)
    assert summary.shared_at is None
    event = Event.objects.latest("id")
    assert (event.kind, event.audience) == ("talks.round_summary_saved", " mediators ")
    assert CANARY["mediators"] not in client_for("ir_head").get(f"/rounds/{may.pk}/").content.decode()
    assert api(client_for("ir_head"), "GET", f"/rounds/{may.pk}/summaries").json() == []
    actions.save_summary(lead, may, cast.parties["ir"], text="Shared now.", version=1, share=True)
    event = Event.objects.latest("id")
    assert set(event.audience.split()) == {"mediators", f"party:{cast.parties['ir'].pk}"}
    assert "Shared now." in client_for("ir_head").get(f"/rounds/{may.pk}/").content.decode()
    assert "Shared now." not in client_for("us_head").get(f"/rounds/{may.pk}/").content.decode()


def test_a_summary_for_another_talks_party_or_empty_and_shared_is_refused(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    before = snapshot()
    with pytest.raises(ActionRefused):
        actions.save_summary(lead, cast.rounds[3], cast.other_party, text="x", version=0)
    with pytest.raises(ActionRefused):
        actions.save_summary(lead, cast.rounds[3], cast.parties["us"], text="  ", version=0, share=True)
    assert snapshot() == before


def test_the_minutes_page_lets_a_mediator_write_minutes_and_share_a_summary(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("co_mediator")
    may = cast.rounds[3]
    page = client.get(f"/rounds/{may.pk}/minutes/").content.decode()
    assert "The mediators&#x27; minutes" in page or "The mediators' minutes" in page
    us = cast.parties["us"]
    response = client.post(f"/rounds/{may.pk}/minutes/save/", {"minutes-text": "Heard both.", "minutes-version": "0"})
    assert response.status_code == 302
    response = client.post(f"/rounds/{may.pk}/minutes/save/", {"minutes-text": "Late.", "minutes-version": "0"})
    assert response.status_code == 400 and "reload the page" in response.content.decode()
    response = client.post(f"/rounds/{may.pk}/summaries/{us.pk}/", {
        f"p{us.pk}-text": "For you alone.", f"p{us.pk}-version": "0", f"p{us.pk}-share": "on"})
    assert response.status_code == 302
    assert PartySummary.objects.get(round=may, party=us).shared_at is not None
    assert "For you alone." in client_for("us_member").get(f"/rounds/{may.pk}/").content.decode()


def test_the_api_saves_minutes_and_summaries_with_versions(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("mediator")
    may = cast.rounds[3]
    saved = api(client, "POST", f"/rounds/{may.pk}/minutes", {"text": "Heard both.", "version": 0})
    assert saved.status_code == 200 and saved.json()["version"] == 1
    stale = api(client, "POST", f"/rounds/{may.pk}/minutes", {"text": "Again.", "version": 0})
    assert stale.status_code == 400 and stale.json()["field"] == "version"
    assert api(client, "GET", f"/rounds/{may.pk}/minutes").json()["text"] == "Heard both."
    ir = cast.parties["ir"]
    shared = api(client, "POST", f"/rounds/{may.pk}/summaries/{ir.pk}", {"text": "For Iran.", "version": 0,
                                                                          "share": True})
    assert shared.status_code == 200 and shared.json()["shared"] is True
    assert api(client_for("us_head"), "POST", f"/rounds/{may.pk}/summaries/{ir.pk}",
               {"text": "x", "version": 1}).status_code == 404


def test_the_muscat_january_round_has_minutes_and_a_summary_for_each_party(cast: Cast) -> None:
    assert "Omani officials carried messages" in _minutes(cast).text
    summaries = PartySummary.objects.filter(round=cast.rounds[1])
    assert {s.party.code for s in summaries if s.shared_at is not None} == {"us", "ir"}
