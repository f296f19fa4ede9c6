"""Fuzz the JSON API from its own OpenAPI schema, as every persona, over HTTP.

Schemathesis generates requests from `/api/v1/openapi.json` and sends them
to a real `wasit serve` (uvicorn, the fast ASGI path for bearer-token posts
and relays included), loaded with the test cast and its canaries. For every
response: no 5xx, the status, content type and body are the ones the schema
declares, and no byte of another party's canary reaches the persona.

Mediators may legitimately carry one party's words into another's room, so
they are fuzzed on their own copy of the data: what they relay can never
make a party's response look like a leak. The live stream is left out: it
never ends on the real server, and `tests/live/` covers it.

Bounded and deterministic: a fixed seed per persona and operation, no
example database; `FUZZ_EXAMPLES` raises the count for a longer run.
"""

from __future__ import annotations

import os
import zlib
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import BaseSchema, Case, GenerationMode, HookContext

from tests.access.matrix import CANARIES_FORBIDDEN, KIND_OF
from tests.fuzz.deploy import Fuzzed, group_of
from tests.personas import CANARY

# 16 per case (4 for the operations fuzzed as every persona in the PostgreSQL phase, and for the
# set-up's) keeps `make test` within its minutes; FUZZ_EXAMPLES=100 for a long run.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "16"))
SEED = 20240512

PERSONAS = list(KIND_OF)
# Every operation but the stream, by id; a test below keeps this list complete.
OPERATIONS = [
    "list_talks", "get_talks", "list_seats", "list_rounds", "get_round", "change_round_status",
    "list_rooms", "room_history", "post_message", "mark_room_read", "record_receipts", "relay_message",
    "withhold_message", "add_translation",
    "get_domain", "define_domain", "import_genius_domain", "change_domain_settings",
    "get_party_scores", "save_scores", "get_frontier", "list_proposals", "propose_package",
    "share_proposal",
]
# The talks over time: each round's history, agenda, the mediators' minutes and each party's
# summary; each party's positions and the mediators' map; the single negotiating text, its
# versions, stances and board. Party-private text, so fuzzed as
# every persona, in the PostgreSQL phase (the shorter one), with half the examples.
OVER_TIME_OPERATIONS = [
    "round_history", "get_round_agenda", "set_round_agenda", "get_round_minutes", "save_round_minutes",
    "list_round_summaries", "save_round_summary",
    "list_positions", "record_position", "get_position", "set_red_lines_barred", "get_position_map",
    "record_assessment", "relay_position",
    "list_texts", "create_text", "get_text", "get_text_version", "save_text_version", "change_text_settings",
    "share_text_version", "mark_text_stances", "get_text_board", "sign_off_text_version",
    "compare_text_versions",
    # The record: each member's receipt (its own events' digests), consistency proofs, fork reports.
    "get_receipt", "get_log_consistency", "report_fork",
    # Sealed offers and blind bids: every persona, for the sealed notes' and figures' canaries.
    "get_offer_settings", "change_offer_settings", "list_moves", "define_move", "withdraw_move",
    "list_offers", "submit_offer", "get_offer", "withdraw_offer", "list_offer_matches", "get_offer_match",
    "get_offer_commitments", "list_bid_contests", "create_bid_contest", "get_bid_contest", "submit_bid",
]
# The set-up, agenda, people and notification routes: fuzzed as one persona of each kind
# (they hold no party-private text of their own beyond what the cast's canaries cover).
SET_UP_OPERATIONS = [
    "create_talks", "edit_talks", "change_talks_status", "add_party", "rename_party", "close_room",
    "reopen_room", "schedule_round", "edit_round",
    "list_agenda_issues", "add_agenda_issue", "get_agenda_issue", "edit_agenda_issue",
    "move_agenda_issue", "withdraw_agenda_issue", "restore_agenda_issue",
    "list_invitations", "create_invitation", "revoke_invitation", "resend_invitation",
    "change_seat_role", "suspend_seat", "reinstate_seat", "remove_seat",
    "list_tokens", "issue_token", "revoke_token", "list_accounts", "set_account_active",
    "set_may_open_talks",
    "get_notification_preferences", "put_notification_preferences",
    "get_date_display", "put_date_display", "get_calendar_feed", "make_calendar_feed_link",
    "turn_off_calendar_feed",
]
ONE_OF_EACH_KIND = ["mediator", "co_mediator", "us_head", "us_observer", "ir_interpreter", "outsider",
                    "operator", "anonymous"]
NOT_FUZZED = {"event_stream"}
# A request that fits the schema may still be refused with 400 by the rules
# (an empty text after trimming, control characters, a withheld message, a
# room of another talks): the schema cannot say everything the actions check.
EXCLUDED_CHECKS = [schemathesis.checks.positive_data_acceptance]


# Values the rules accept, mixed into generated bodies so that writes succeed too.
PLAUSIBLE: dict[str, list[Any]] = {
    "text": ["A new point", "They will consider it.", "نقطة جديدة", "نکته‌ای تازه"],
    "reason": ["Not helpful now."],
    "mode": ["verbatim", "paraphrase", "summary"],
    "language": ["en", "ar", "fa"],
    "status": ["held", "postponed", "cancelled", "planned"],
}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def forbidden_canaries(persona: str) -> set[bytes]:
    if persona == "anonymous":
        return {c.encode() for c in CANARY.values()}
    return {CANARY[name].encode() for name in CANARIES_FORBIDDEN[KIND_OF[persona]]}


@pytest.fixture(scope="module")
def api_schema(fuzzed: Fuzzed) -> BaseSchema:
    loaded = schemathesis.openapi.from_url(
        f"{fuzzed.servers['parties'].base}/api/v1/openapi.json",
        config=schemathesis.Config.from_dict({"seed": SEED}),
    )
    ids = fuzzed.ids

    # Aim at objects that exist, and at values the rules accept, as often as at
    # whatever was generated. Only a value of the declared type is swapped, for
    # another of the same type: a negative case stays negative.
    def aim(name: str, value: Any) -> Any:
        if name in ids and _is_int(value) or name == "reply_to" and _is_int(value):
            return st.sampled_from(ids.get(name, ids["message_id"])) | st.just(value)
        if name == "into" and isinstance(value, list) and all(_is_int(v) for v in value):
            return st.lists(st.sampled_from(ids["room_id"]), max_size=3) | st.just(value)
        if name in PLAUSIBLE and isinstance(value, str):
            return st.sampled_from(PLAUSIBLE[name]) | st.just(value)
        return st.just(value)

    @loaded.hook
    def flatmap_path_parameters(ctx: HookContext, path_parameters: Any) -> Any:
        if not isinstance(path_parameters, dict):
            return st.just(path_parameters)
        return st.fixed_dictionaries({name: aim(name, v) for name, v in path_parameters.items()})

    @loaded.hook
    def flatmap_body(ctx: HookContext, body: Any) -> Any:
        if not isinstance(body, dict):
            return st.just(body)
        return st.fixed_dictionaries({name: aim(name, v) for name, v in body.items()})

    return loaded


def test_every_operation_is_fuzzed_but_the_stream(api_schema: BaseSchema) -> None:
    found = {result.ok().definition.raw["operationId"] for result in api_schema.get_all_operations()}
    assert found == set(OPERATIONS) | set(OVER_TIME_OPERATIONS) | set(SET_UP_OPERATIONS) | NOT_FUZZED


# `make test` fuzzes each route once: the relay, rooms and packages in its SQLite phase, the
# set-up routes in its PostgreSQL phase (on SQLite too when there is no PostgreSQL server: see
# tests/postgres_suite.py), each beside the rest of its phase on an xdist worker of its own.
# Each phase's cases are split in two groups by operation, one per xdist worker: each worker
# deploys the fuzzed servers once and fuzzes half the operations.
_HALF = {o: i % 2 for ops in (OPERATIONS, SET_UP_OPERATIONS + OVER_TIME_OPERATIONS) for i, o in enumerate(ops)}


def _half(operation_id: str) -> int:
    return _HALF[operation_id]


CASES = ([pytest.param(p, o, id=f"{p}-{o}",
                       marks=[pytest.mark.xdist_group(f"fuzz-{_half(o)}"), pytest.mark.fuzz_in_sqlite_phase])
          for o in OPERATIONS for p in PERSONAS]
         + [pytest.param(p, o, id=f"{p}-{o}",
                         marks=[pytest.mark.xdist_group(f"fuzz-setup-{_half(o)}"), pytest.mark.fuzz_in_postgres_phase])
            for o in SET_UP_OPERATIONS for p in ONE_OF_EACH_KIND]
         + [pytest.param(p, o, id=f"{p}-{o}",
                         marks=[pytest.mark.xdist_group(f"fuzz-setup-{_half(o)}"), pytest.mark.fuzz_in_postgres_phase])
            for o in OVER_TIME_OPERATIONS for p in PERSONAS])


@pytest.mark.parametrize(("persona", "operation_id"), CASES)
def test_api_as_persona(api_schema: BaseSchema, fuzzed: Fuzzed, persona: str, operation_id: str) -> None:
    operation = api_schema.find_operation_by_id(operation_id)
    server = fuzzed.servers[group_of(persona)]
    token = fuzzed.tokens.get(persona)
    # The persona's token is fixed, never generated nor mutated; anonymous
    # requests carry whatever the generator makes up (and must get 401).
    headers = {"Authorization": f"Bearer {token}"} if token else None
    forbidden = forbidden_canaries(persona)
    strategy = st.one_of(*(operation.as_strategy(generation_mode=mode)
                           for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)))

    examples = (EXAMPLES if operation_id in OPERATIONS
                else max(4, EXAMPLES // 4))

    @given(case=strategy)
    @seed(zlib.crc32(f"{SEED}:{persona}:{operation_id}".encode()))  # fixed, and not the same for all
    @settings(max_examples=examples, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.generate, Phase.shrink])
    def run(case: Case) -> None:
        # The token goes in at call time: in the generated case it would count as generated
        # auth, and the header parameters the schema declares (`Idempotency-Key`) would make
        # the check for ignored auth replay the persona's valid token as if it were invalid.
        response = case.call(base_url=server.base, timeout=15, headers=headers)
        fuzzed.count(persona, response.status_code)
        received = response.content or b""
        for canary in forbidden:
            assert canary not in received, (
                f"{persona} received {canary.decode()} from {case.method} {case.formatted_path}")
        case.validate_response(response, excluded_checks=EXCLUDED_CHECKS)

    try:
        run()
    except BaseException:
        if errors := fuzzed.server_errors():
            print(errors)
        raise
