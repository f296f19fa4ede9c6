"""Sealed offers and blind bids through the API, as the delegations and the mediators meet them.

The cast (`tests/cast_offers.py`): a revealed US–Iran pair, a live sealed US offer and a
live sealed Iranian offer that do not match, and a contest where each side bid once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from tests.personas import CANARY, Cast
from wasit import audit
from wasit.audit.models import Event
from wasit.engine import commitment
from wasit.offers import actions, queries
from wasit.offers.models import BidContest, BlindBid, Move, OfferMatch, OfferStatus, SealedOffer
from wasit.policy import viewer_for

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Client]

PERSONAS = ("mediator", "co_mediator", "us_head", "us_member", "us_observer", "ir_head", "ir_member",
            "ir_interpreter", "ir_observer")
SEALED = ("us_sealed", "ir_sealed", "us_bid", "ir_bid")


def post(client: Client, url: str, body: object) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def snapshot() -> tuple[int, ...]:
    return (SealedOffer.objects.count(), OfferMatch.objects.count(), BlindBid.objects.count(),
            BidContest.objects.count(), Move.objects.count(),
            Event.objects.exclude(kind__startswith="accounts.").count(),  # a client's login is an event
            SealedOffer.objects.filter(status=OfferStatus.LIVE).count(),
            SealedOffer.objects.filter(status=OfferStatus.REVEALED).count())


def moves(cast: Cast) -> dict[str, int]:
    by_text = {m.text["en"]: m.pk for m in Move.objects.filter(talks=cast.talks)}
    return {"restrain": by_text["restrain allied groups from attacking shipping"],
            "ceasefire": by_text["press for a ceasefire in Gaza"],
            "funds": by_text["unfreeze funds held abroad"], "pause": by_text["pause enrichment above 20%"]}


def later(days: int = 7) -> str:
    return (timezone.now() + dt.timedelta(days=days)).isoformat()


def open_up(cast: Cast, *, limit: int = 5, wait: int = 0, mediators_see_sealed: bool = False) -> None:
    actions.change_settings(viewer_for(cast.user("mediator")), cast.talks, mediators_see_sealed=mediators_see_sealed,
                            live_offers_per_party=limit, resubmit_seconds=wait)


def offer_body(cast: Cast, gives: str, requires: str, of: str, **more: Any) -> dict[str, Any]:
    m = moves(cast)
    return {"gives": [{"move_id": m[gives], **more.pop("given", {})}],
            "requires": [{"party_id": cast.parties[of].pk, "move_id": m[requires], **more.pop("required", {})}],
            "expires_at": later(), **more}


def everything_seen(cast: Cast, client_for: Clients, persona: str) -> bytes:
    """Every GET of the offers' API as the persona, and the persona's events."""
    client = client_for(persona)
    t = cast.talks.pk
    out = b""
    for url in (f"/api/v1/talks/{t}/offers", f"/api/v1/talks/{t}/offer-matches", f"/api/v1/talks/{t}/bid-contests",
                f"/api/v1/talks/{t}/moves", f"/api/v1/talks/{t}/offers/settings"):
        out += client.get(url).content
    for row in SealedOffer.objects.filter(talks=cast.talks):
        out += client.get(f"/api/v1/offers/{row.pk}").content
    for match in OfferMatch.objects.filter(talks=cast.talks):
        out += client.get(f"/api/v1/offer-matches/{match.pk}").content
        out += client.get(f"/api/v1/offer-matches/{match.pk}/commitments").content
    from wasit import policy

    events = policy.visible(viewer_for(cast.user(persona)), Event).filter(talks_id=t)
    out += json.dumps([e.payload for e in events], default=str).encode()
    return out


def test_two_offers_that_fit_are_revealed_at_once_and_verify_against_their_digests(
        cast: Cast, client_for: Clients) -> None:
    open_up(cast)
    before = Event.objects.filter(kind="offers.offers_revealed").count()
    us = post(client_for("us_member"), f"/api/v1/talks/{cast.talks.pk}/offers",
              offer_body(cast, "funds", "pause", "ir", given={"amount": "5000000000"},
                         required={"at_least": 8}, note="first US offer"))
    assert us.status_code == 201, us.content
    assert us.json()["match"] is None and us.json()["offer"]["status"] == "live"
    us_nonce, us_digest = us.json()["nonce"], us.json()["digest"]
    # Iran cannot read it, nor can the mediators (the default); Iran sees that it exists.
    us_id = us.json()["offer"]["id"]
    seen = client_for("ir_head").get(f"/api/v1/offers/{us_id}").json()
    assert seen["content"] is None and seen["digest"] == us_digest
    assert client_for("mediator").get(f"/api/v1/offers/{us_id}").json()["content"] is None
    ir = post(client_for("ir_head"), f"/api/v1/talks/{cast.talks.pk}/offers",
              offer_body(cast, "pause", "funds", "us", given={"amount": "10"}, required={"at_least": "4000000000"}))
    assert ir.status_code == 201, ir.content
    match = ir.json()["match"]
    assert match is not None and sorted(match["offer_ids"]) == sorted([us_id, ir.json()["offer"]["id"]])
    assert "United States will unfreeze funds held abroad (5000000000 USD)" in match["package"]["en"]
    rows = SealedOffer.objects.filter(pk__in=match["offer_ids"])
    assert {r.status for r in rows} == {"revealed"} and len({r.match_id for r in rows}) == 1
    assert Event.objects.filter(kind="offers.offers_revealed").count() == before + 1
    # Now Iran reads the US offer, and the US the Iranian one; both verify with the nonce the submitter got.
    revealed = client_for("ir_head").get(f"/api/v1/offers/{us_id}").json()["content"]
    assert revealed["nonce"] == us_nonce and revealed["note"] == "first US offer"
    us_row = SealedOffer.objects.get(pk=us_id)
    assert commitment.verify(queries.engine_offer(us_row), us_nonce, us_digest)
    document = client_for("us_head").get(f"/api/v1/offer-matches/{match['id']}/commitments")
    assert document.status_code == 200
    assert commitment.verify_document(document.content).ok
    assert client_for("mediator").get(f"/api/v1/offer-matches/{match['id']}").status_code == 200


def test_a_non_match_reveals_nothing_to_anyone(cast: Cast, client_for: Clients) -> None:
    """The cast's two live offers do not fit: no persona, by any route or event, reads the other side's."""
    for persona in PERSONAS:
        seen = everything_seen(cast, client_for, persona)
        own = "us" if persona.startswith("us") else "ir" if persona.startswith("ir") else None
        for name in SEALED:
            if own is not None and name.startswith(own):
                assert CANARY[name].encode() in seen, f"{persona} never read its own {name}"
            else:
                assert CANARY[name].encode() not in seen, f"{persona} read {name}"


def test_the_mediators_read_sealed_offers_only_where_the_talks_say_so(cast: Cast, client_for: Clients) -> None:
    url = f"/api/v1/talks/{cast.talks.pk}/offers"
    assert CANARY["us_sealed"].encode() not in client_for("mediator").get(url).content
    changed = post(client_for("mediator"), f"{url}/settings", {"mediators_see_sealed": True,
                                                              "live_offers_per_party": 1, "resubmit_seconds": 600})
    assert changed.status_code == 200
    assert CANARY["us_sealed"].encode() in client_for("mediator").get(url).content
    # Every party is told (an event seen by all), and still never reads the other side's.
    assert Event.objects.filter(kind="offers.settings_changed").last().audience.strip() == "all"  # type: ignore[union-attr]
    assert CANARY["us_sealed"].encode() not in client_for("ir_head").get(url).content
    assert post(client_for("co_mediator"), f"{url}/settings", {"mediators_see_sealed": False,
                                                              "live_offers_per_party": 1,
                                                              "resubmit_seconds": 0}).status_code == 403


def test_a_withdrawn_or_expired_offer_is_never_revealed(cast: Cast, client_for: Clients) -> None:
    open_up(cast)
    us_offer: SealedOffer = cast.extras["us_offer"][0]
    # Iran may not withdraw the US offer: it is not Iran's (404, as if missing).
    before = snapshot()
    assert client_for("ir_head").post(f"/api/v1/offers/{us_offer.pk}/withdraw").status_code == 404
    assert snapshot() == before
    answer = client_for("us_head").post(f"/api/v1/offers/{us_offer.pk}/withdraw")
    assert answer.status_code == 200 and answer.json()["status"] == "withdrawn"
    # An Iranian offer that would have matched the withdrawn one matches nothing.
    ir = post(client_for("ir_member"), f"/api/v1/talks/{cast.talks.pk}/offers",
              offer_body(cast, "pause", "funds", "us", given={"amount": "12"}, required={"at_least": "6000000000"}))
    assert ir.status_code == 201 and ir.json()["match"] is None
    # The US offers again, with an expiry soon; it passes its expiry before Iran's match comes.
    soon = post(client_for("us_head"), f"/api/v1/talks/{cast.talks.pk}/offers",
                offer_body(cast, "funds", "pause", "ir", given={"amount": "1"}, expires_at=later(1)))
    assert soon.status_code == 201 and soon.json()["match"] is None  # Iran's live offers want 6 billion
    SealedOffer.objects.filter(pk=soon.json()["offer"]["id"]).update(expires_at=timezone.now())
    late = post(client_for("ir_head"), f"/api/v1/talks/{cast.talks.pk}/offers",
                offer_body(cast, "pause", "funds", "us", given={"amount": "12"}))
    assert late.status_code == 201 and late.json()["match"] is None
    expired = SealedOffer.objects.get(pk=soon.json()["offer"]["id"])
    assert expired.status == "expired" and expired.match_id is None
    event = next(e for e in Event.objects.filter(kind="offers.offer_expired") if e.payload["offer_id"] == expired.pk)
    assert event.payload["digest"] == expired.digest and "gives" not in json.dumps(event.payload)
    assert client_for("ir_head").get(f"/api/v1/offers/{expired.pk}").json()["content"] is None
    assert client_for("ir_head").get(f"/api/v1/offers/{us_offer.pk}").json()["content"] is None


@pytest.mark.parametrize(("case", "persona", "make"), [
    ("a move required of its own party", "us_head",
     lambda c: offer_body(c, "funds", "ceasefire", "us", given={"amount": "1"})),
    ("another party's move given", "us_head", lambda c: offer_body(c, "restrain", "pause", "ir")),
    ("a quantity for a move without one", "us_head",
     lambda c: offer_body(c, "ceasefire", "restrain", "ir", given={"amount": "3"})),
    ("a negative quantity", "us_head", lambda c: offer_body(c, "funds", "pause", "ir", given={"amount": "-5"})),
    ("a quantity of NaN", "ir_head", lambda c: offer_body(c, "pause", "funds", "us", given={"amount": "NaN"})),
    ("a hundred digits", "ir_head",
     lambda c: offer_body(c, "pause", "funds", "us", given={"amount": "9" * 100})),
    ("an expiry in the past", "us_head",
     lambda c: offer_body(c, "funds", "pause", "ir", given={"amount": "1"},
                          expires_at=(timezone.now() - dt.timedelta(hours=1)).isoformat())),
    ("a second live offer beyond the limit", "us_head",
     lambda c: offer_body(c, "funds", "pause", "ir", given={"amount": "1"})),
])
def test_bad_offers_are_refused_clearly_and_change_nothing(
        cast: Cast, client_for: Clients, case: str, persona: str, make: Callable[[Cast], Any]) -> None:
    actions.change_settings(viewer_for(cast.user("mediator")), cast.talks, mediators_see_sealed=False,
                            live_offers_per_party=1, resubmit_seconds=0)
    before = snapshot()
    answer = post(client_for(persona), f"/api/v1/talks/{cast.talks.pk}/offers", make(cast))
    assert answer.status_code in (400, 422), (case, answer.content)
    assert answer.json()["detail"], case
    assert snapshot() == before, case


def test_resubmitting_sooner_than_the_talks_allow_is_refused_429(cast: Cast, client_for: Clients) -> None:
    """The cast's last US submission was moments ago and the wait is 600 s (against probing)."""
    open_up(cast, limit=3, wait=600)
    before = snapshot()
    answer = post(client_for("us_head"), f"/api/v1/talks/{cast.talks.pk}/offers",
                  offer_body(cast, "funds", "pause", "ir", given={"amount": "1"}))
    assert answer.status_code == 429 and "600" in answer.json()["detail"]
    assert snapshot() == before


def test_submissions_and_withdrawals_are_recorded_for_the_mediators_and_the_party_alone(cast: Cast) -> None:
    from wasit import policy

    submitted = Event.objects.filter(kind="offers.offer_submitted", talks_id=cast.talks.pk)
    assert submitted.count() == SealedOffer.objects.filter(talks=cast.talks).count() == 7  # 3 of the demo
    ir_sees = {e.payload["party_id"] for e in policy.visible(viewer_for(cast.user("ir_head")), Event).filter(
        kind="offers.offer_submitted")}
    assert ir_sees == {cast.parties["ir"].pk}
    assert policy.visible(viewer_for(cast.user("co_mediator")), Event).filter(
        kind="offers.offer_submitted", talks_id=cast.talks.pk).count() == 7


def test_the_reveal_is_atomic_with_the_submission(cast: Cast, client_for: Clients,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """If recording the reveal fails after the match is found, nothing is revealed (nor submitted)."""
    open_up(cast)
    real = audit.record

    def failing(event: Any, **kw: Any) -> Any:
        if event.kind == "offers.offers_revealed":
            raise RuntimeError("the disk is full")
        return real(event, **kw)

    monkeypatch.setattr(audit, "record", failing)
    ir = cast.extras["ir_offer"][0]
    before = snapshot()
    client = client_for("us_member")
    client.raise_request_exception = False
    answer = post(client, f"/api/v1/talks/{cast.talks.pk}/offers",
                  offer_body(cast, "funds", "pause", "ir", given={"amount": "6000000000"}))
    assert answer.status_code == 500
    assert snapshot() == before
    assert SealedOffer.objects.get(pk=ir.pk).status == "live"  # and no US offer was made, nor a match


def test_blind_bids_settle_at_the_midpoint_and_never_show_a_figure(cast: Cast, client_for: Clients) -> None:
    contest: BidContest = cast.extras["contest"][0]
    url = f"/api/v1/bid-contests/{contest.pk}"
    for persona in PERSONAS:
        body = client_for(persona).get(url).content
        assert (CANARY["us_bid"].encode() in body) == persona.startswith("us"), persona
        assert (CANARY["ir_bid"].encode() in body) == persona.startswith("ir"), persona
    assert client_for("us_observer").get(url).json()["current_round"] == 2
    assert post(client_for("us_observer"), f"{url}/bids", {"figure": "1"}).status_code == 403
    us = post(client_for("us_head"), f"{url}/bids", {"figure": "600000"})
    assert us.status_code == 201 and us.json()["settled"] is False
    assert post(client_for("us_member"), f"{url}/bids", {"figure": "500000"}).status_code == 400  # once a round
    ir = post(client_for("ir_member"), f"{url}/bids", {"figure": 580000})
    assert ir.status_code == 201, ir.content
    assert (ir.json()["settled"], ir.json()["amount"]) == (True, "590000")
    settled = [e for e in Event.objects.filter(kind="offers.round_settled").order_by("pk")
               if e.payload["contest_id"] == contest.pk]
    assert [e.payload["settled"] for e in settled] == [False, True]
    assert "600000" not in json.dumps([e.payload for e in settled]) and "580000" not in json.dumps(
        [e.payload for e in settled])
    assert CANARY["ir_bid"].encode() not in client_for("mediator").get(url).content
    assert post(client_for("ir_head"), f"{url}/bids", {"figure": "1"}).status_code == 403  # over


@pytest.mark.parametrize("figure", ["NaN", "9" * 100, "-3", "Infinity", 1.5])
def test_bad_bids_are_refused_and_change_nothing(cast: Cast, client_for: Clients, figure: object) -> None:
    contest: BidContest = cast.extras["contest"][0]
    before = snapshot()
    answer = post(client_for("us_head"), f"/api/v1/bid-contests/{contest.pk}/bids", {"figure": figure})
    assert answer.status_code in (400, 422) and answer.json()["detail"]
    assert snapshot() == before


def test_another_party_or_talks_cannot_reach_a_contest(cast: Cast, client_for: Clients) -> None:
    other: BidContest = cast.extras["contest"][1]
    assert client_for("us_head").get(f"/api/v1/bid-contests/{other.pk}").status_code == 404
    assert client_for("outsider").get(f"/api/v1/bid-contests/{cast.extras['contest'][0].pk}").status_code == 404


def test_commitments_verify_prints_a_line_per_offer_and_fails_on_tampering(cast: Cast, tmp_path: Any,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    match: OfferMatch = cast.extras["offer_match"][0]
    rows = queries.match_offers(match)
    document = commitment.commitments_document([(queries.engine_offer(o), commitment.Commitment(o.digest, o.nonce))
                                                for o in rows])
    good = tmp_path / "good.json"
    good.write_text(document, encoding="utf-8")
    call_command("commitments", "verify", str(good))
    out = capsys.readouterr().out
    assert out.count("ok      offer") == 2 and "All 2 commitments verify." in out
    data = json.loads(document)
    data["commitments"][1]["offer"]["partial_ok"] = not data["commitments"][1]["offer"]["partial_ok"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="1 of 2"):
        call_command("commitments", "verify", str(bad))
    out = capsys.readouterr().out
    assert f"FAILED  offer {rows[1].pk}: the digest does not match" in out and out.count("ok      offer") == 1
