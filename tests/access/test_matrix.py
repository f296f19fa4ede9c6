"""Every persona gets exactly what the matrix says, at every entry point."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access.matrix import (
    CANARIES_FORBIDDEN,
    DELEGATIONS_SEEN,
    ENTRY_POINTS,
    KIND_OF,
    PERSONAS,
    PUBLIC_URL_NAMES,
    expected,
)
from tests.personas import CANARY, Cast

BodyFor = Callable[[Cast], dict[str, object]]

GENIUS_DOMAIN = """<negotiation_template><utility_space><objective index="0" name="Shipping">
<issue index="1" name="Lanes" type="discrete" etype="discrete"><item index="1" value="open"/>
<item index="2" value="closed"/></issue></objective></utility_space></negotiation_template>"""
BODIES: dict[str, BodyFor] = {
    "round status form": lambda c: {"status": "cancelled", "reason": "Overtaken by events."},
    "API round status": lambda c: {"status": "cancelled", "reason": "Overtaken by events."},
    "post in US room form": lambda c: {"text": "A new point"},
    "post in joint session form": lambda c: {"text": "Good morning"},
    "relay US message form": lambda c: {
        f"m{c.messages['us'].pk}-into": [c.rooms["ir"].pk], f"m{c.messages['us'].pk}-mode": "paraphrase",
        f"m{c.messages['us'].pk}-text": "They will consider it."},
    "withhold US message form": lambda c: {f"w{c.messages['us'].pk}-reason": "Not helpful now."},
    "translate IR message form": lambda c: {"language": "en", "text": "We could restrain partners if..."},
    "open joint session form": lambda c: {"minutes": "30"},
    "API post in US room": lambda c: {"text": "A new point"},
    "API relay US message": lambda c: {"into": [c.rooms["ir"].pk], "mode": "summary",
                                       "text": "They will consider it."},
    "API withhold US message": lambda c: {"reason": "Not helpful now."},
    "API translate IR message": lambda c: {"language": "en", "text": "We could restrain partners if..."},
    "define domain form": lambda c: {"language": "en", "issues": "Shipping: open; closed\nPrisoners: swap; none"},
    "import Genius domain form": lambda c: {"file": SimpleUploadedFile(
        "domain.xml", GENIUS_DOMAIN.encode(), content_type="text/xml")},
    "domain settings form": lambda c: {"scores_hidden_from_mediators": "on"},
    "propose package form": lambda c: {"label": "custom", "o-0": "1", "o-1": "1", "o-2": "1", "o-3": "1"},
    "save scores form": lambda c: {"domain": str(c.proposals["draft"].domain_id), "reservation": "0.4",
                                   "w-0": "0.25", "w-1": "0.25", "w-2": "0.25", "w-3": "0.25",
                                   **{f"v-{i}-{j}": "0.5" for i in range(4) for j in range(4)}},
    "API define domain": lambda c: {"issues": [{"title": {"en": "Shipping"}, "options": ["open", "closed"]}]},
    "API import Genius domain": lambda c: {"xml": GENIUS_DOMAIN},
    "API domain settings": lambda c: {"scores_hidden_from_mediators": True},
    "API save scores": lambda c: {"weights": [1, 1, 1, 1], "reservation": 0.4,
                                  "values": [[0, 0.5, 1], [0, 0.5, 1], [0, 0.3, 0.6, 1], [0, 0.5, 1]]},
    "API propose package": lambda c: {"package": [0, 1, 2, 1]},
}


def _call(client: Client, method: str, url: str, entry_point: str, cast: Cast) -> object:
    make = BODIES.get(entry_point)
    body = make(cast) if make else {}
    if method == "GET":
        return client.get(url)
    if url.startswith("/api/"):
        return client.post(url, data=json.dumps(body), content_type="application/json")
    return client.post(url, data=body)


def _outcome(response: object) -> object:
    status = response.status_code  # type: ignore[attr-defined]
    if status == 302 and "/accounts/login/" in response["Location"]:  # type: ignore[index]
        return "login"
    return status


def _url(template: str, cast: Cast, *, other: bool = False) -> str:
    """Fill in the objects; with `other`, every object comes from the other talks."""
    if other:
        room, msg = cast.rooms["elsewhere"].pk, cast.messages["elsewhere"].pk
        return template.format(talks=cast.other_talks.pk, round=cast.other_round.pk, us_room=room,
                               ir_room=room, med_room=room, joint=room, us_msg=msg, ir_msg=msg,
                               us_party=cast.other_party.pk, ir_party=cast.other_party.pk,
                               proposal=cast.other_proposal.pk)
    # Round 3 (postponed) is the one still open to a status change.
    return template.format(
        talks=cast.talks.pk, round=cast.rounds[2].pk, us_room=cast.rooms["us"].pk,
        ir_room=cast.rooms["ir"].pk, med_room=cast.rooms["mediators"].pk,
        joint=cast.rooms["joint"].pk, us_msg=cast.messages["us"].pk, ir_msg=cast.messages["ir"].pk,
        us_party=cast.parties["us"].pk, ir_party=cast.parties["ir"].pk,
        proposal=cast.proposals["draft"].pk)


def _client(client_for: Callable[[str | None], Client], persona: str) -> Client:
    return client_for(None if persona == "anonymous" else persona)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("entry_point", list(ENTRY_POINTS))
def test_each_persona_gets_what_the_matrix_says(
    cast: Cast, client_for: Callable[[str | None], Client], persona: str, entry_point: str
) -> None:
    method, template, _name = ENTRY_POINTS[entry_point]
    response = _call(_client(client_for, persona), method, _url(template, cast), entry_point, cast)
    assert _outcome(response) == expected(persona, entry_point)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in {"anonymous"}])
@pytest.mark.parametrize("entry_point", [e for e in ENTRY_POINTS if "{" in ENTRY_POINTS[e][1]])
def test_nobody_at_muscat_reaches_another_talks(
    cast: Cast, client_for: Callable[[str | None], Client], persona: str, entry_point: str
) -> None:
    method, template, _name = ENTRY_POINTS[entry_point]
    response = _call(_client(client_for, persona), method, _url(template, cast, other=True),
                     entry_point, cast)
    assert response.status_code == 404  # type: ignore[attr-defined]


@pytest.mark.parametrize("persona", sorted(DELEGATIONS_SEEN))
def test_seat_list_shows_only_the_delegations_the_persona_may_see(
    cast: Cast, client_for: Callable[[str | None], Client], persona: str
) -> None:
    seats = client_for(persona).get(f"/api/v1/talks/{cast.talks.pk}/seats").json()
    codes = {cast.parties_by_id[s["party_id"]] for s in seats if s["party_id"] is not None}
    assert codes == DELEGATIONS_SEEN[persona]
    assert any(s["role"] == "lead_mediator" for s in seats), "the mediator team is known to all"


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_no_response_carries_another_partys_canary(
    cast: Cast, client_for: Callable[[str | None], Client], persona: str
) -> None:
    client = _client(client_for, persona)
    forbidden = {CANARY[name] for name in CANARIES_FORBIDDEN[KIND_OF[persona]]}
    allowed = set(CANARY.values()) - forbidden
    received = b""
    for lang in ("en", "ar", "fa"):
        client.cookies["wasit_language"] = lang
        for entry_point, (method, template, _name) in ENTRY_POINTS.items():
            if method != "GET":
                continue
            for other in (False, True):
                response = _call(client, method, _url(template, cast, other=other), entry_point, cast)
                received += response.content  # type: ignore[attr-defined]
    for canary in forbidden:
        assert canary.encode() not in received, f"{persona} received {canary}"
    # The test can fail: what a persona may see does reach it.
    if persona in {"mediator", "us_head", "ir_head"}:
        assert any(c.encode() in received for c in allowed), f"{persona} saw none of its own canaries"


def _named_patterns(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names |= _named_patterns(p, ns)
        elif isinstance(p, URLPattern):
            names.add(f"{prefix}{p.name}" if p.name else f"{prefix}<unnamed {p.pattern}>")
    return names


def test_every_route_is_in_the_matrix() -> None:
    """A new page or API route fails this test until it is given a matrix row."""
    in_matrix = {name for _m, _t, name in ENTRY_POINTS.values()}
    api_names = {f"api:{n}" for n in in_matrix}
    routes = _named_patterns(get_resolver())
    missing = {r for r in routes if r not in in_matrix and r not in api_names and r not in PUBLIC_URL_NAMES}
    assert not missing, f"routes missing from tests/access/matrix.py: {sorted(missing)}"


def test_every_api_operation_is_in_the_matrix() -> None:
    from wasit.api.api import api

    schema = api.get_openapi_schema()
    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    in_matrix = {name for _m, t, name in ENTRY_POINTS.values() if t.startswith("/api/")}
    assert operations == in_matrix
