"""Every persona gets exactly what the matrix says, at every entry point.

Every request goes to the application as deployed (`wasit.config.asgi.application`,
the fast ASGI path in front of Django), through `tests/access/asgi.py`: the
bearer-token posts, relays and the live stream answer to the same table as
every page.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access import (
    matrix_agenda,
    matrix_mail,
    matrix_offers,
    matrix_people,
    matrix_positions,
    matrix_record,
    matrix_rounds,
    matrix_schedule,
    matrix_setup,
    matrix_texts,
    matrix_texts_api,
)
from tests.access.asgi import Credentials, Response, call
from tests.access.conftest import CredentialsFor
from tests.access.matrix import (
    CANARIES_FORBIDDEN,
    CANARIES_SEEN,
    DELEGATIONS_SEEN,
    ENTRY_POINTS,
    FAST_PATH,
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
    "API receipts in US room": lambda c: {"relay_ids": [r.pk for r in c.messages["ir"].relays.all()]},
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
for _part in (matrix_setup, matrix_agenda, matrix_people, matrix_mail, matrix_rounds, matrix_positions,
              matrix_schedule, matrix_texts, matrix_texts_api, matrix_record, matrix_offers):
    BODIES.update(_part.BODIES)


# Each entry point with a session; the fast path's routes with a bearer token too.
VARIANTS = [(e, "session") for e in ENTRY_POINTS] + [(e, "token") for e in ENTRY_POINTS if e in FAST_PATH]
STREAMS = [e for e in ENTRY_POINTS if ENTRY_POINTS[e][2] == "event_stream"]


def _ask(credentials: Credentials, method: str, url: str, entry_point: str, cast: Cast) -> Response:
    """One entry point, through the deployed ASGI application."""
    make = BODIES.get(entry_point)
    return call(method, url, credentials, make(cast) if make and method in ("POST", "PUT") else {})


def _call(client: Client, method: str, url: str, entry_point: str, cast: Cast) -> object:
    """One entry point through Django's test client (kept for `tests/packages/test_views.py`;
    the matrix itself asks the deployed application, `_ask`)."""
    make = BODIES.get(entry_point)
    body = make(cast) if make else {}
    if method == "GET":
        return client.get(url)
    if url.startswith("/api/"):
        return client.post(url, data=json.dumps(body), content_type="application/json")
    return client.post(url, data=body)


def _outcome(response: Response) -> object:
    status = response.status_code
    if status == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return status


def _url(template: str, cast: Cast, *, other: bool = False) -> str:
    """Fill in the objects; with `other`, every object comes from the other talks."""
    if other:
        room, msg = cast.rooms["elsewhere"].pk, cast.messages["elsewhere"].pk
        return template.format(talks=cast.other_talks.pk, round=cast.other_round.pk, us_room=room,
                               ir_room=room, med_room=room, joint=room, us_msg=msg, ir_msg=msg,
                               us_party=cast.other_party.pk, ir_party=cast.other_party.pk,
                               proposal=cast.other_proposal.pk,
                               **{name: b.pk for name, (_a, b) in cast.extras.items()})
    # Round 3 (postponed) is the one still open to a status change.
    return template.format(
        talks=cast.talks.pk, round=cast.rounds[2].pk, us_room=cast.rooms["us"].pk,
        ir_room=cast.rooms["ir"].pk, med_room=cast.rooms["mediators"].pk,
        joint=cast.rooms["joint"].pk, us_msg=cast.messages["us"].pk, ir_msg=cast.messages["ir"].pk,
        us_party=cast.parties["us"].pk, ir_party=cast.parties["ir"].pk,
        proposal=cast.proposals["draft"].pk,
        **{name: a.pk for name, (a, _b) in cast.extras.items()})


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("entry_point", "credentials"), VARIANTS)
def test_each_persona_gets_what_the_matrix_says(
    cast: Cast, app: None, credentials_for: CredentialsFor, persona: str, entry_point: str,
    credentials: str,
) -> None:
    method, template, _name = ENTRY_POINTS[entry_point]
    response = _ask(credentials_for(persona, credentials), method, _url(template, cast), entry_point, cast)
    assert _outcome(response) == expected(persona, entry_point), response.content[:300]
    assert response.idle, "the stream fell quiet once it had sent what it had"


# Whether a seat at Muscat opens the other talks does not depend on the seat's role: one
# mediator, one party's head, the other party's interpreter and an outsider ask every route.
AT_MUSCAT = ["mediator", "us_head", "ir_interpreter", "outsider"]


@pytest.mark.parametrize("persona", AT_MUSCAT)
@pytest.mark.parametrize(("entry_point", "credentials"),
                         [(e, c) for e, c in VARIANTS if "{" in ENTRY_POINTS[e][1]])
def test_nobody_at_muscat_reaches_another_talks(
    cast: Cast, app: None, credentials_for: CredentialsFor, persona: str, entry_point: str,
    credentials: str,
) -> None:
    method, template, _name = ENTRY_POINTS[entry_point]
    response = _ask(credentials_for(persona, credentials), method, _url(template, cast, other=True),
                     entry_point, cast)
    assert response.status_code == 404


@pytest.mark.parametrize("persona", sorted(DELEGATIONS_SEEN))
def test_seat_list_shows_only_the_delegations_the_persona_may_see(
    cast: Cast, app: None, credentials_for: CredentialsFor, persona: str
) -> None:
    seats = call("GET", f"/api/v1/talks/{cast.talks.pk}/seats", credentials_for(persona, "session")).json()
    codes = {cast.parties_by_id[s["party_id"]] for s in seats if s["party_id"] is not None}
    assert codes == DELEGATIONS_SEEN[persona]
    mediators = [s for s in seats if s["party_id"] is None]
    assert [s["role"] for s in mediators].count("lead_mediator") == 1, "the mediator team is known to all"


# Every page in each language on SQLite; on PostgreSQL (the second phase of `make test`) in
# English: what a page says depends on the language, what it may show on the database.
SWEEP_LANGUAGES = ("en",) if os.environ.get("DATABASE_URL", "").startswith("postgres") else ("en", "ar", "fa")
# In Arabic and Persian, one persona of each side and the mediators: the language changes the
# words around the data, not which data a persona's pages hold.
SWEEP_IN_EVERY_LANGUAGE = {"mediator", "us_head", "ir_interpreter"}


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_no_response_carries_another_partys_canary(
    cast: Cast, app: None, credentials_for: CredentialsFor, persona: str
) -> None:
    forbidden = {CANARY[name] for name in CANARIES_FORBIDDEN[KIND_OF[persona]]}
    received = b""
    for lang in SWEEP_LANGUAGES if persona in SWEEP_IN_EVERY_LANGUAGE else SWEEP_LANGUAGES[:1]:
        for entry_point, kind in VARIANTS:
            method, template, _name = ENTRY_POINTS[entry_point]
            if method != "GET":
                continue
            creds = credentials_for(persona, kind)
            creds.cookies["wasit_language"] = lang
            for other in (False, True):
                received += _ask(creds, method, _url(template, cast, other=other), entry_point, cast).content
    for canary in forbidden:
        assert canary.encode() not in received, f"{persona} received {canary}"
    # The test can fail: what a persona may see does reach it.
    for name in CANARIES_SEEN[KIND_OF[persona]]:
        assert CANARY[name].encode() in received, f"{persona} never received its own {CANARY[name]}"


def _stream_url(cast: Cast, entry_point: str) -> str:
    return _url(ENTRY_POINTS[entry_point][1], cast)


@pytest.mark.parametrize(("persona", "entry_point", "credentials"), [
    (p, e, c) for e, c in VARIANTS if e in STREAMS for p in PERSONAS if expected(p, e) == 200])
def test_each_stream_carries_exactly_the_events_the_policy_lets_the_persona_see(
    cast: Cast, app: None, credentials_for: CredentialsFor, persona: str, entry_point: str,
    credentials: str,
) -> None:
    from wasit import policy
    from wasit.audit.models import Event

    response = call("GET", _stream_url(cast, entry_point), credentials_for(persona, credentials))
    assert (response.status_code, response.idle) == (200, True)
    frames = response.frames()
    ids = [f["id"] for f in frames]
    assert ids == sorted(set(ids)), "in id order, each event once"
    viewer = policy.viewer_for(cast.user(persona))
    allowed = policy.visible(viewer, Event)
    if "talks=" in ENTRY_POINTS[entry_point][1]:
        allowed = allowed.filter(talks_id=cast.talks.pk)
    assert set(ids) == set(allowed.values_list("id", flat=True))
    # What the table says by hand, whatever the policy says.
    for name in CANARIES_FORBIDDEN[KIND_OF[persona]]:
        assert CANARY[name].encode() not in response.content, f"{persona}'s stream carried {CANARY[name]}"
    for name in CANARIES_SEEN[KIND_OF[persona]] - {"us_score", "ir_score"}:  # score events carry no scores
        assert CANARY[name].encode() in response.content, f"{persona}'s stream lacks {CANARY[name]}"
    assert all(f["data"]["talks_id"] in {cast.talks.pk, None} for f in frames)


def test_the_fast_path_serves_exactly_the_routes_the_matrix_says(cast: Cast) -> None:
    """`FAST_PATH` is written by hand; the router's own patterns must agree with it."""
    from wasit.live.asgi import POST_ROUTES, STREAM_PATH

    def served(method: str, url: str) -> bool:
        path = url.split("?", 1)[0]
        if method == "GET":
            return path == STREAM_PATH
        return any(pattern.match(path) for pattern, _op in POST_ROUTES)

    found = {e for e, (method, template, _n) in ENTRY_POINTS.items() if served(method, _url(template, cast))}
    assert found == FAST_PATH


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
