"""The single text's JSON API, as a client meets it: from a first draft to a signed version.

The cast's text (`tests/cast_texts.py`): version 1 shared with both parties
(Iran reserved clause 2 with a comment carrying Iran's canary), version 2
shared with the US alone, version 3 a draft nobody was shown.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.personas import CANARY, PASSWORD, Cast
from wasit.audit.models import Event
from wasit.texts.models import NegotiatingText, SignOff, Stance, TextVersion, VersionShare

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Client]

US_PERSONAS = ("us_head", "us_member", "us_observer")


def post(client: Client, url: str, body: object) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def snapshot() -> tuple[int, ...]:
    return (NegotiatingText.objects.count(), TextVersion.objects.count(), VersionShare.objects.count(),
            Stance.objects.count(), SignOff.objects.count(), Event.objects.count())


def cast_text(cast: Cast) -> NegotiatingText:
    text: NegotiatingText = cast.extras["text"][0]
    return text


def keys_of(client: Client, text_id: int, number: int) -> list[str]:
    version = client.get(f"/api/v1/texts/{text_id}/versions/{number}").json()
    return [c["key"] for c in version["clauses"]]


FRAMEWORK: dict[str, Any] = {
    "title": {"ar": "إطار لخفض التصعيد", "en": "A framework for de-escalation"},
    "kind": "framework", "authoritative_language": "ar",
    "clauses": [
        {"number": "1", "heading": {"ar": "القواعد", "en": "Bases"},
         "body": {"ar": "لا هجمات على القواعد الأمريكية في العراق وسوريا.",
                  "en": "No attacks on US bases in Iraq and Syria."}},
        {"number": "2", "body": {"ar": "تستمر المحادثات غير المباشرة في مسقط.",
                                 "en": "The indirect talks continue in Muscat."}},
    ],
    "note": {"en": "First draft"},
}


def test_a_text_goes_from_first_draft_to_signed_through_the_api(cast: Cast, client_for: Clients) -> None:
    mediator, co = client_for("mediator"), client_for("co_mediator")
    created = post(mediator, f"/api/v1/talks/{cast.talks.pk}/texts", FRAMEWORK)
    assert created.status_code == 201, created.content
    text = created.json()
    assert text["latest_version"] == 1 and text["party_ids"] == sorted(p.pk for p in cast.parties.values())
    text_id = text["id"]
    assert client_for("us_head").get(f"/api/v1/texts/{text_id}").status_code == 404, "not shared yet"

    keys = keys_of(mediator, text_id, 1)
    saved = post(co, f"/api/v1/texts/{text_id}/versions", {
        "base_version": 1, "note": {"en": "Clause 1 narrowed"},
        "clauses": [{"key": keys[0], "number": "1",
                     "body": {"ar": "لا هجمات على القواعد الأمريكية منذ 4 فبراير.",
                              "en": "No attacks on US bases since 4 February."}},
                    {"key": keys[1], **FRAMEWORK["clauses"][1]}]})
    assert saved.status_code == 201 and saved.json()["number"] == 2
    assert [c["key"] for c in saved.json()["clauses"]] == keys, "the clauses keep their identity"
    unchanged = post(co, f"/api/v1/texts/{text_id}/versions", {
        "base_version": 2, "clauses": [{k: v for k, v in c.items() if k in ("key", "number", "heading", "body",
                                                                         "alternatives", "proposed_by")}
                                       for c in saved.json()["clauses"]]})
    assert unchanged.status_code == 200 and unchanged.json()["number"] == 2, "nothing changed, nothing saved"

    parties = [cast.parties["us"].pk, cast.parties["ir"].pk]
    shared = post(mediator, f"/api/v1/texts/{text_id}/versions/2/share", {"party_ids": parties})
    assert shared.status_code == 200 and shared.json()["shared_with"] == sorted(parties)
    seen = client_for("ir_observer").get(f"/api/v1/texts/{text_id}").json()
    assert [v["number"] for v in seen["versions"]] == [2], "never the draft in between"
    assert seen["versions"][0]["shared_with"] is None and seen["versions"][0]["note"] is None

    us = post(client_for("us_member"), f"/api/v1/texts/{text_id}/versions/2/stances",
              {"stances": {k: {"stance": "accept"} for k in keys}})
    assert us.status_code == 200 and us.json()["agreed"] is False
    ir = post(client_for("ir_member"), f"/api/v1/texts/{text_id}/versions/2/stances", {"stances": {
        keys[0]: {"stance": "accept"},
        keys[1]: {"stance": "reserve", "comment": {"fa": "در انتظار دستور تهران"}}}})
    assert ir.json()["stances"][keys[1]]["stance"] == "reserve"
    board = mediator.get(f"/api/v1/texts/{text_id}/board").json()
    assert board["open_count"] == 1 and [r["agreed"] for r in board["rows"]] == [True, False]
    ir_cell = next(c for c in board["rows"][1]["cells"] if c["party_id"] == cast.parties["ir"].pk)
    assert ir_cell["comment"] == {"fa": "در انتظار دستور تهران"}
    assert post(client_for("ir_head"), f"/api/v1/texts/{text_id}/versions/2/sign-off",
                {"password": PASSWORD}).status_code == 400, "not agreed yet: nothing to sign"

    agreed = post(client_for("ir_member"), f"/api/v1/texts/{text_id}/versions/2/stances",
                  {"stances": {keys[1]: {"stance": "accept"}}})
    assert agreed.json()["agreed"] is True
    first = post(client_for("us_head"), f"/api/v1/texts/{text_id}/versions/2/sign-off", {"password": PASSWORD})
    assert first.status_code == 201 and first.json()["text_signed"] is False
    last = post(client_for("ir_head"), f"/api/v1/texts/{text_id}/versions/2/sign-off", {"password": PASSWORD})
    assert last.status_code == 201 and last.json()["text_signed"] is True
    assert last.json()["digest"] == saved.json()["digest"]
    final = client_for("us_observer").get(f"/api/v1/texts/{text_id}").json()
    assert final["signed_version"] == 2 and final["signed_at"]
    signed = Event.objects.filter(kind="texts.text_signed").order_by("-id").first()
    assert signed is not None and signed.payload["text_id"] == text_id
    assert signed.payload["digest"] == saved.json()["digest"]
    frozen = post(mediator, f"/api/v1/texts/{text_id}/versions", {"base_version": 2, "clauses": FRAMEWORK["clauses"]})
    assert frozen.status_code == 403 and "frozen" in frozen.json()["detail"]


def test_a_second_mediator_saving_from_the_same_version_gets_409_and_nothing_changes(
        cast: Cast, client_for: Clients) -> None:
    text = post(client_for("mediator"), f"/api/v1/talks/{cast.talks.pk}/texts", FRAMEWORK).json()
    url = f"/api/v1/texts/{text['id']}/versions"
    keys = keys_of(client_for("mediator"), text["id"], 1)
    clauses = [{"key": keys[0], "number": "1", "body": {"ar": "نص أول", "en": "A"}},
               {"key": keys[1], "number": "2", "body": {"ar": "نص ثان", "en": "B"}}]
    body = {"base_version": 1, "clauses": clauses}
    assert post(client_for("mediator"), url, body).status_code == 201
    co = client_for("co_mediator")  # logging in is an event of its own
    before = snapshot()
    late = post(co, url, {**body, "clauses": [{**clauses[0], "body": {"ar": "نص آخر"}}]})
    assert late.status_code == 409
    assert late.json()["current_version"] == 2 and "version 2" in late.json()["detail"]
    assert snapshot() == before
    current = client_for("mediator").get(f"/api/v1/texts/{text['id']}/versions/2").json()
    assert current["clauses"][0]["body"] == {"ar": "نص أول", "en": "A"}, "not silently overwritten"


def test_iran_gets_404_for_the_version_shown_to_the_us_alone_exactly_as_for_a_missing_one(
        cast: Cast, client_for: Clients) -> None:
    text = cast_text(cast)
    iran = client_for("ir_head")
    hidden = iran.get(f"/api/v1/texts/{text.pk}/versions/2")
    missing = iran.get(f"/api/v1/texts/{text.pk}/versions/99")
    huge = iran.get(f"/api/v1/texts/{text.pk}/versions/{2**40}")
    assert hidden.status_code == missing.status_code == huge.status_code == 404
    assert hidden.content == missing.content == huge.content
    assert iran.get(f"/api/v1/texts/{text.pk}/compare?a=1&b=2").status_code == 404
    assert [v["number"] for v in iran.get(f"/api/v1/texts/{text.pk}").json()["versions"]] == [1]
    assert iran.get(f"/api/v1/texts/{text.pk}").json()["latest_version"] == 1
    assert client_for("us_observer").get(f"/api/v1/texts/{text.pk}/versions/2").status_code == 200
    assert client_for("us_observer").get(f"/api/v1/texts/{text.pk}/versions/3").status_code == 404, "a draft"
    assert client_for("outsider").get(f"/api/v1/texts/{text.pk}").status_code == 404
    assert iran.get(f"/api/v1/texts/{text.pk}/board").status_code == 403, "the board is the mediators'"


def _version_body(cast: Cast, body: dict[str, str]) -> dict[str, Any]:
    v3 = cast.extras["text_draft"][0]
    return {"base_version": 3, "clauses": [{"key": c["key"], "number": c["number"], "body": c["body"]}
                                           for c in v3.clauses[:-1]] + [{"number": "9", "body": body}]}


# (persona, route under /api/v1/texts/{text}, body, status, field)
BAD: dict[str, tuple[str, str, Callable[[Cast], dict[str, Any]], int, str | None]] = {
    "stance on a version not shared with the party": (
        "ir_head", "versions/2/stances", lambda c: {"stances": {c.extras["text_us_version"][0].clauses[0]["key"]:
                                                                {"stance": "accept"}}}, 404, None),
    "stance on a superseded version": (
        "us_head", "versions/1/stances", lambda c: {"stances": {c.extras["text_shared"][0].clauses[0]["key"]:
                                                                {"stance": "reject"}}}, 403, None),
    "stance on a clause the version lacks": (
        "ir_head", "versions/1/stances", lambda c: {"stances": {"c-nothing": {"stance": "accept"}}}, 400, "stances"),
    "stance that is not accept, reject or reserve": (
        "ir_head", "versions/1/stances", lambda c: {"stances": {c.extras["text_shared"][0].clauses[0]["key"]:
                                                                {"stance": "maybe"}}}, 422, None),
    "an edit by a party": (
        "us_head", "versions", lambda c: _version_body(c, {"en": "Our wording"}), 403, None),
    "a clause with a bidi control": (
        "mediator", "versions", lambda c: _version_body(c, {"en": "Funds \u202ereleased"}), 400, "body"),
    "a clause with a script": (
        "mediator", "versions", lambda c: _version_body(c, {"en": "<script>alert(1)</script>"}), 400, "body"),
    "a clause of another text": (
        "mediator", "versions", lambda c: {"base_version": 3, "clauses": [
            {"key": "cdeadbeef0000", "number": "1", "body": {"en": "x"}}]}, 400, "clauses"),
    "a share by a party": (
        "us_head", "versions/2/share", lambda c: {"party_ids": [c.parties["us"].pk]}, 403, None),
    "a share of an older version than the party has": (
        "mediator", "versions/1/share", lambda c: {"party_ids": [c.parties["us"].pk]}, 400, "party_ids"),
    "a share with a party of other talks": (
        "mediator", "versions/3/share", lambda c: {"party_ids": [c.other_party.pk]}, 400, "party_ids"),
    "a sign-off by a non-head": ("us_member", "versions/2/sign-off", lambda c: {"password": PASSWORD}, 403, None),
    "a sign-off with a wrong password": (
        "us_head", "versions/2/sign-off", lambda c: {"password": "wrong horse"}, 400, "password"),
    "a sign-off of a version not agreed": ("us_head", "versions/2/sign-off", lambda c: {"password": PASSWORD},
                                           400, None),
    "settings by a party": ("ir_head", "settings", lambda c: {"non_paper": True, "share_open_count": True},
                            403, None),
    "an unknown field": ("mediator", "settings", lambda c: {"non_paper": True, "share_open_count": True,
                                                           "signed": True}, 422, None),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_gets_a_clear_4xx_and_changes_nothing(cast: Cast, client_for: Clients, case: str) -> None:
    persona, route, make, status, field = BAD[case]
    text, client = cast_text(cast), client_for(persona)  # logging in is an event of its own
    before = snapshot()
    response = post(client, f"/api/v1/texts/{text.pk}/{route}", make(cast))
    assert response.status_code == status, response.content
    answer = response.json()
    assert answer["detail"]
    if field is not None:
        assert answer["field"] == field
    assert snapshot() == before
    text.refresh_from_db()
    assert (text.non_paper, text.share_open_count, text.signed_version_id) == (False, False, None)


def test_a_text_in_other_talks_is_404_at_muscat(cast: Cast, client_for: Clients) -> None:
    other = cast.extras["text"][1]
    for persona in ("mediator", "us_head", "ir_member"):
        assert client_for(persona).get(f"/api/v1/texts/{other.pk}").status_code == 404
    assert client_for(None).get(f"/api/v1/texts/{other.pk}").status_code == 401


def _us_responses(cast: Cast, client: Client) -> bytes:
    """Every text route a US persona may call, on every version number and on the other talks' text too."""
    text, other = cast.extras["text"]
    received: bytes = client.get(f"/api/v1/talks/{cast.talks.pk}/texts").content
    for t in (text, other):
        received += client.get(f"/api/v1/texts/{t.pk}").content
        received += client.get(f"/api/v1/texts/{t.pk}/board").content
        for number in (1, 2, 3):
            received += client.get(f"/api/v1/texts/{t.pk}/versions/{number}").content
            received += client.get(f"/api/v1/texts/{t.pk}/board?version={number}").content
            for lang in ("en", "ar"):
                received += client.get(f"/api/v1/texts/{t.pk}/compare?a=1&b={number}&lang={lang}").content
    key = cast.extras["text_us_version"][0].clauses[1]["key"]
    received += post(client, f"/api/v1/texts/{text.pk}/versions/2/stances",
                     {"stances": {key: {"stance": "reserve"}}}).content
    return received


@pytest.mark.parametrize("persona", US_PERSONAS)
def test_irans_canary_never_reaches_a_us_persona(cast: Cast, client_for: Clients, persona: str) -> None:
    received = _us_responses(cast, client_for(persona))
    assert CANARY["ir"].encode() not in received
    assert CANARY["mediators"].encode() not in received, "nor the draft"
    assert CANARY["elsewhere"].encode() not in received
    assert CANARY["us"].encode() in received, "its own comment does reach it: the sweep can fail"
    board = client_for("mediator").get(f"/api/v1/texts/{cast_text(cast).pk}/board?version=1").content
    assert CANARY["ir"].encode() in board, "the mediators read Iran's comment"


def test_a_non_paper_names_no_proposer_to_the_parties_and_the_open_count_is_the_mediators_choice(
        cast: Cast, client_for: Clients) -> None:
    mediator = client_for("mediator")
    body = {**FRAMEWORK, "non_paper": True, "party_ids": [cast.parties["us"].pk, cast.parties["ir"].pk],
            "clauses": [{**FRAMEWORK["clauses"][0], "proposed_by": cast.parties["ir"].pk},
                        FRAMEWORK["clauses"][1]]}
    text = post(mediator, f"/api/v1/talks/{cast.talks.pk}/texts", body).json()
    post(mediator, f"/api/v1/texts/{text['id']}/versions/1/share", {"party_ids": body["party_ids"]})
    url = f"/api/v1/texts/{text['id']}/versions/1"
    us = client_for("us_head").get(url).json()
    assert us["clauses"][0]["proposed_by"] is None and us["clauses"][0]["proposed_by_name"] is None
    assert us["open_count"] is None and us["own_stances"] is not None and us["may_mark"] is True
    seen = mediator.get(url).json()
    assert seen["clauses"][0]["proposed_by"] == cast.parties["ir"].pk and seen["open_count"] == 2
    assert seen["own_stances"] is None and seen["may_mark"] is False
    changed = post(mediator, f"/api/v1/texts/{text['id']}/settings", {"non_paper": False, "share_open_count": True})
    assert changed.status_code == 200 and changed.json()["share_open_count"] is True
    us = client_for("us_observer").get(url).json()
    assert us["clauses"][0]["proposed_by"] == cast.parties["ir"].pk and us["open_count"] == 2
    assert us["may_mark"] is False, "an observer reads, it does not mark"


def test_the_comparison_is_a_word_diff_in_the_language_asked(cast: Cast, client_for: Clients) -> None:
    mediator = client_for("mediator")
    text = post(mediator, f"/api/v1/talks/{cast.talks.pk}/texts", FRAMEWORK).json()
    keys = keys_of(mediator, text["id"], 1)
    post(mediator, f"/api/v1/texts/{text['id']}/versions", {"base_version": 1, "clauses": [
        {"key": keys[0], "number": "1", "body": {"ar": "لا هجمات على القواعد الأمريكية منذ 4 فبراير.",
                                                 "en": "No attacks on US bases in Iraq and Syria."}},
        {"number": "3", "body": {"ar": "الإفراج عن الأموال المحتجزة في قطر.", "en": "Funds held in Qatar."}}]})
    compared = mediator.get(f"/api/v1/texts/{text['id']}/compare?a=1&b=2").json()
    assert compared["language"] == "ar", "the authoritative language by default"
    assert [(c["number"], c["status"]) for c in compared["clauses"]] == [("1", "changed"), ("3", "added"),
                                                                         ("2", "removed")]
    pieces = compared["clauses"][0]["body"]
    assert pieces[0] == {"op": "same", "text": "لا هجمات على القواعد الأمريكية "}, "kept words, in logical order"
    assert "".join(p["text"] for p in pieces if p["op"] != "added") == FRAMEWORK["clauses"][0]["body"]["ar"]
    assert "".join(p["text"] for p in pieces if p["op"] != "removed") == "لا هجمات على القواعد الأمريكية منذ 4 فبراير."
    assert {p["text"] for p in pieces if p["op"] == "added"} >= {"منذ", "فبراير."}
    english = mediator.get(f"/api/v1/texts/{text['id']}/compare?a=1&b=2&lang=en").json()
    assert english["clauses"][0]["status"] == "changed" and english["clauses"][0]["body"] == [
        {"op": "same", "text": "No attacks on US bases in Iraq and Syria."}]
    refused = mediator.get(f"/api/v1/texts/{text['id']}/compare?a=1&b=2&lang=xx")
    assert refused.status_code == 400 and refused.json()["field"] == "lang"


def test_the_api_is_in_the_openapi_schema_with_typed_bodies(client_for: Clients, cast: Cast) -> None:
    schema = client_for("mediator").get("/api/v1/openapi.json").json()
    stances = schema["paths"]["/api/v1/texts/{text_id}/versions/{number}/stances"]["post"]
    body = stances["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["stances"]["additionalProperties"]["properties"]["stance"]["enum"] == [
        "accept", "reject", "reserve"]
    assert "409" in schema["paths"]["/api/v1/texts/{text_id}/versions"]["post"]["responses"]
