"""The access matrix, written by hand.

Rows are kinds of persona, columns are entry points on one object each;
every cell is what that persona must get. It is never computed by asking the
policy, or it could not fail.

Cell values:
  200, 201 the page or JSON
  302      the change was made and the browser is sent on
  "login"  anonymous: sent to the log-in page
  401      anonymous API call
  403      may know the object exists, may not do this
  404      indistinguishable from a missing object
"""

from __future__ import annotations

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
from tests.access.cells import (  # noqa: F401 (KIND_OF and PERSONAS are read from here)
    API,
    IR,
    IR_ONLY,
    IRH,
    IRI,
    IRO,
    KIND_OF,
    MC,
    OP,
    OUT,
    PERSONAS,
    US,
    US_ONLY,
    USH,
    USO,
    M,
    row,
)

# Objects in URLs: {talks} {round} (round 3, still open) {us_room} {ir_room}
# {med_room} {joint} (an open joint session) {us_msg} {ir_msg} (IR's, for the
# mediators only, relayed as a paraphrase into the US room), {us_party}
# {ir_party}, {proposal} (a package the mediators drafted and have not yet put
# before the parties).
#
# entry point -> (method, URL template, url name or API operation id)
ENTRY_POINTS: dict[str, tuple[str, str, str]] = {
    "talks list page": ("GET", "/", "talks:list"),
    "talks page": ("GET", "/talks/{talks}/", "talks:detail"),
    "round page": ("GET", "/rounds/{round}/", "talks:round"),
    "round status form": ("POST", "/rounds/{round}/status/", "talks:round_status"),
    "US room page": ("GET", "/rooms/{us_room}/", "caucus:room"),
    "IR room page": ("GET", "/rooms/{ir_room}/", "caucus:room"),
    "mediators' room page": ("GET", "/rooms/{med_room}/", "caucus:room"),
    "joint session page": ("GET", "/rooms/{joint}/", "caucus:room"),
    "US room items fragment": ("GET", "/rooms/{us_room}/items/?after=0", "caucus:room_items"),
    "IR room items fragment": ("GET", "/rooms/{ir_room}/items/?after=0", "caucus:room_items"),
    "post in US room form": ("POST", "/rooms/{us_room}/post/", "caucus:post"),
    "post in joint session form": ("POST", "/rooms/{joint}/post/", "caucus:post"),
    "close joint session form": ("POST", "/rooms/{joint}/close/", "caucus:close_joint"),
    "relay US message form": ("POST", "/messages/{us_msg}/relay/", "caucus:relay"),
    "withhold US message form": ("POST", "/messages/{us_msg}/withhold/", "caucus:withhold"),
    "translate IR message form": ("POST", "/messages/{ir_msg}/translate/", "caucus:translate"),
    "shuttle board page": ("GET", "/talks/{talks}/board/", "caucus:board"),
    "shuttle queue fragment": ("GET", "/talks/{talks}/board/?part=queue", "caucus:board"),
    "provenance page": ("GET", "/talks/{talks}/relays/", "caucus:provenance"),
    "open joint session form": ("POST", "/talks/{talks}/joint/", "caucus:open_joint"),
    "API talks list": ("GET", "/api/v1/talks", "list_talks"),
    "API talks": ("GET", "/api/v1/talks/{talks}", "get_talks"),
    "API seats": ("GET", "/api/v1/talks/{talks}/seats", "list_seats"),
    "API rounds": ("GET", "/api/v1/talks/{talks}/rounds", "list_rounds"),
    "API round": ("GET", "/api/v1/rounds/{round}", "get_round"),
    "API round status": ("POST", "/api/v1/rounds/{round}/status", "change_round_status"),
    "API rooms": ("GET", "/api/v1/talks/{talks}/rooms", "list_rooms"),
    "API US room history": ("GET", "/api/v1/rooms/{us_room}/messages", "room_history"),
    "API IR room history": ("GET", "/api/v1/rooms/{ir_room}/messages", "room_history"),
    "API post in US room": ("POST", "/api/v1/rooms/{us_room}/messages", "post_message"),
    "API mark US room read": ("POST", "/api/v1/rooms/{us_room}/read", "mark_room_read"),
    "API receipts in US room": ("POST", "/api/v1/rooms/{us_room}/receipts", "record_receipts"),
    "API relay US message": ("POST", "/api/v1/messages/{us_msg}/relay", "relay_message"),
    "API withhold US message": ("POST", "/api/v1/messages/{us_msg}/withhold", "withhold_message"),
    "API translate IR message": ("POST", "/api/v1/messages/{ir_msg}/translations", "add_translation"),
    "package view page": ("GET", "/talks/{talks}/packages/", "packages:view"),
    "approximate package view page": ("GET", "/talks/{talks}/packages/?approximate=1", "packages:view"),
    "define domain form": ("POST", "/talks/{talks}/packages/define/", "packages:define"),
    "import Genius domain form": ("POST", "/talks/{talks}/packages/import/", "packages:import_genius"),
    "domain settings form": ("POST", "/talks/{talks}/packages/settings/", "packages:settings"),
    "propose package form": ("POST", "/talks/{talks}/packages/propose/", "packages:propose"),
    "share proposal form": ("POST", "/proposals/{proposal}/share/", "packages:share"),
    "own scores page": ("GET", "/talks/{talks}/packages/scores/", "packages:scores"),
    "save scores form": ("POST", "/talks/{talks}/packages/scores/save/", "packages:save_scores"),
    "US scores page": ("GET", "/talks/{talks}/packages/parties/{us_party}/scores/",
                       "packages:party_scores"),
    "IR scores page": ("GET", "/talks/{talks}/packages/parties/{ir_party}/scores/",
                       "packages:party_scores"),
    "API domain": ("GET", "/api/v1/talks/{talks}/domain", "get_domain"),
    "API define domain": ("POST", "/api/v1/talks/{talks}/domain", "define_domain"),
    "API import Genius domain": ("POST", "/api/v1/talks/{talks}/domain/genius", "import_genius_domain"),
    "API domain settings": ("POST", "/api/v1/talks/{talks}/domain/settings", "change_domain_settings"),
    "API US scores": ("GET", "/api/v1/talks/{talks}/parties/{us_party}/scores", "get_party_scores"),
    "API IR scores": ("GET", "/api/v1/talks/{talks}/parties/{ir_party}/scores", "get_party_scores"),
    "API save scores": ("POST", "/api/v1/talks/{talks}/scores", "save_scores"),
    "API frontier": ("GET", "/api/v1/talks/{talks}/frontier", "get_frontier"),
    "API approximate frontier": ("GET", "/api/v1/talks/{talks}/frontier?approximate=true", "get_frontier"),
    "API proposals": ("GET", "/api/v1/talks/{talks}/proposals", "list_proposals"),
    "API propose package": ("POST", "/api/v1/talks/{talks}/proposals", "propose_package"),
    "API share proposal": ("POST", "/api/v1/proposals/{proposal}/share", "share_proposal"),
    "API stream of the talks": ("GET", "/api/v1/stream?talks={talks}&last_event_id=0", "event_stream"),
    "API stream, all talks": ("GET", "/api/v1/stream?last_event_id=0", "event_stream"),
}

BY_KIND: dict[str, dict[str, object]] = {
    "talks list page": row(m=200, party=200, out=200),
    "talks page": row(m=200, party=200),
    "round page": row(m=200, party=200),
    "round status form": row(m=302, party=403),
    "US room page": row(m=200, **US_ONLY),
    "IR room page": row(m=200, **IR_ONLY),
    "mediators' room page": row(m=200, party=404),
    "joint session page": row(m=200, party=200),
    "US room items fragment": row(m=200, **US_ONLY),
    "IR room items fragment": row(m=200, **IR_ONLY),
    "post in US room form": row(m=302, us=302, uso=403, ir=404, iri=404, iro=404),
    "post in joint session form": row(m=302, us=302, uso=403, ir=302, iri=403, iro=403),
    "close joint session form": row(m=302, party=403),
    "relay US message form": row(m=302, us=403, uso=403, ir=404, iri=404, iro=404),
    "withhold US message form": row(m=302, us=403, uso=403, ir=404, iri=404, iro=404),
    "translate IR message form": row(m=302, us=404, uso=404, ir=403, iri=302, iro=403),
    "shuttle board page": row(m=200, party=403),
    "shuttle queue fragment": row(m=200, party=403),
    "provenance page": row(m=200, party=403),
    "open joint session form": row(m=302, party=403),
    "API talks list": row(m=200, party=200, out=200, **API),
    "API talks": row(m=200, party=200, **API),
    "API seats": row(m=200, party=200, **API),
    "API rounds": row(m=200, party=200, **API),
    "API round": row(m=200, party=200, **API),
    "API round status": row(m=200, party=403, **API),
    "API rooms": row(m=200, party=200, **API),
    "API US room history": row(m=200, **US_ONLY, **API),
    "API IR room history": row(m=200, **IR_ONLY, **API),
    "API post in US room": row(m=201, us=201, uso=403, ir=404, iri=404, iro=404, **API),
    "API mark US room read": row(m=200, us=200, uso=200, ir=404, iri=404, iro=404, **API),
    "API receipts in US room": row(m=200, us=200, uso=200, ir=404, iri=404, iro=404, **API),
    "API relay US message": row(m=201, us=403, uso=403, ir=404, iri=404, iro=404, **API),
    "API withhold US message": row(m=201, us=403, uso=403, ir=404, iri=404, iro=404, **API),
    "API translate IR message": row(m=201, us=404, uso=404, ir=403, iri=201, iro=403, **API),
    # Packages: the frontier and the drafts are the mediators'; each party scores for itself
    # and reads only its own scores; only the lead decides who may read them.
    "package view page": row(m=200, party=403),
    "approximate package view page": row(m=200, party=403),
    "define domain form": row(m=302, party=403),
    "import Genius domain form": row(m=302, party=403),
    "domain settings form": row(m=302, mc=403, party=403),
    "propose package form": row(m=302, party=403),
    "share proposal form": row(m=302, party=404),
    "own scores page": row(m=403, party=200),
    "save scores form": row(m=403, us=302, uso=403, ir=302, iri=403, iro=403),
    "US scores page": row(m=200, **US_ONLY),
    "IR scores page": row(m=200, **IR_ONLY),
    "API domain": row(m=200, party=200, **API),
    "API define domain": row(m=201, party=403, **API),
    "API import Genius domain": row(m=201, party=403, **API),
    "API domain settings": row(m=200, mc=403, party=403, **API),
    "API US scores": row(m=200, **US_ONLY, **API),
    "API IR scores": row(m=200, **IR_ONLY, **API),
    "API save scores": row(m=403, us=201, uso=403, ir=201, iri=403, iro=403, **API),
    "API frontier": row(m=200, party=403, **API),
    "API approximate frontier": row(m=200, party=403, **API),
    "API proposals": row(m=200, party=200, **API),
    "API propose package": row(m=201, party=403, **API),
    "API share proposal": row(m=200, party=404, **API),
    "API stream of the talks": row(m=200, party=200, **API),
    "API stream, all talks": row(m=200, party=200, out=200, **API),
}

# Which delegations' seats each persona may list (the mediator team is known to all).
DELEGATIONS_SEEN = {
    "mediator": {"us", "ir"}, "co_mediator": {"us", "ir"},
    "us_head": {"us"}, "us_member": {"us"}, "us_observer": {"us"},
    "ir_head": {"ir"}, "ir_member": {"ir"}, "ir_interpreter": {"ir"}, "ir_observer": {"ir"},
}

# Canaries each persona must never receive, from any entry point, in any language.
# (The Muscat talks let the mediators read the scores; tests/packages checks the other setting.)
CANARIES_FORBIDDEN = {
    M: {"elsewhere"},
    MC: {"elsewhere"},
    USH: {"ir", "ir_withheld", "withheld_reason", "mediators", "elsewhere", "ir_score"},
    US: {"ir", "ir_withheld", "withheld_reason", "mediators", "elsewhere", "ir_score"},
    USO: {"ir", "ir_withheld", "withheld_reason", "mediators", "elsewhere", "ir_score"},
    IRH: {"us", "withheld_reason", "mediators", "elsewhere", "us_score"},
    IR: {"us", "withheld_reason", "mediators", "elsewhere", "us_score"},
    IRI: {"us", "withheld_reason", "mediators", "elsewhere", "us_score"},
    IRO: {"us", "withheld_reason", "mediators", "elsewhere", "us_score"},
    OUT: {"us", "ir", "ir_withheld", "withheld_reason", "mediators", "elsewhere", "us_score",
          "ir_score"},
    OP: {"us", "ir", "ir_withheld", "withheld_reason", "mediators", "elsewhere", "us_score",
         "ir_score"},
}

# Red lines (`tests/cast_positions.py`): Iran keeps its red lines from the mediators; the US does not.
# (Not in CANARIES_SEEN: no event carries a red line; `tests/positions` checks who does read them.)
for _kind in (M, MC, USH, US, USO, OUT, OP):
    CANARIES_FORBIDDEN[_kind].add("ir_red_line")
for _kind in (IRH, IR, IRI, IRO, OUT, OP):
    CANARIES_FORBIDDEN[_kind].add("us_red_line")

# Sealed offers and blind bids (`tests/cast_offers.py`): a live offer's note and a bid's figure
# are their own party's alone, not even the mediators' (the talks keep sealed offers from them).
# (Not in CANARIES_SEEN: no event carries them; `tests/offers` checks that the own party reads them.)
for _kind in (M, MC, IRH, IR, IRI, IRO, OUT, OP):
    CANARIES_FORBIDDEN[_kind] |= {"us_sealed", "us_bid"}
for _kind in (M, MC, USH, US, USO, OUT, OP):
    CANARIES_FORBIDDEN[_kind] |= {"ir_sealed", "ir_bid"}

# Canaries each persona must receive somewhere (its own party's, or all for the mediators):
# without them, a sweep that received nothing would pass.
CANARIES_SEEN = {
    M: {"us", "ir", "ir_withheld", "withheld_reason", "mediators", "us_score", "ir_score"},
    MC: {"us", "ir", "ir_withheld", "withheld_reason", "mediators", "us_score", "ir_score"},
    USH: {"us", "us_score"},
    US: {"us", "us_score"},
    USO: {"us", "us_score"},
    IRH: {"ir", "ir_withheld", "ir_score"},
    IR: {"ir", "ir_withheld", "ir_score"},
    IRI: {"ir", "ir_withheld", "ir_score"},
    IRO: {"ir", "ir_withheld", "ir_score"},
    OUT: set(),
    OP: set(),
}

# Entry points the fast ASGI path answers itself for a bearer token (`wasit/live/asgi.py`);
# the matrix calls each of them twice, with a session (Django) and with a token.
FAST_PATH = {"API post in US room", "API relay US message", "API stream of the talks",
             "API stream, all talks"}

# Routes that need no matrix row: they show nothing of any talks.
PUBLIC_URL_NAMES = {
    "accounts:login", "accounts:login_code", "accounts:two_factor", "accounts:logout",
    "accounts:password_reset", "accounts:password_reset_done", "accounts:password_reset_confirm",
    "accounts:password_reset_complete", "set_language", "health",
    "api:api-root", "api:openapi-json", "api:openapi-view",
}


# The set-up, people and notification pages and routes, each in its own table.
for _part in (matrix_setup, matrix_agenda, matrix_people, matrix_mail, matrix_rounds, matrix_positions,
              matrix_schedule, matrix_texts, matrix_texts_api, matrix_record, matrix_offers):
    assert not set(_part.ENTRY_POINTS) & set(ENTRY_POINTS), _part.__name__  # noqa: S101
    ENTRY_POINTS.update(_part.ENTRY_POINTS)
    BY_KIND.update(_part.BY_KIND)
    PUBLIC_URL_NAMES |= _part.PUBLIC_URL_NAMES


def expected(persona: str, entry_point: str) -> object:
    return BY_KIND[entry_point][KIND_OF[persona]]
