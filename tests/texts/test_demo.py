"""The Muscat demo carries a framework text on de-escalation, open on one clause that Iran reserved."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.personas import Cast
from wasit.policy import viewer_for
from wasit.texts import queries
from wasit.texts.demo import RESERVE_COMMENT, TITLE
from wasit.texts.models import NegotiatingText

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Client]


def demo_text(cast: Cast) -> NegotiatingText:
    texts = [t for t in queries.texts_for(viewer_for(cast.user("mediator")), cast.talks) if t.title == TITLE]
    assert len(texts) == 1
    return texts[0]


def test_the_demo_text_has_two_versions_shared_with_both_parties_in_arabic_and_english(cast: Cast) -> None:
    text = demo_text(cast)
    assert text.authoritative_language == "ar" and text.kind == "framework" and not text.is_signed
    versions = list(text.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    both = sorted(p.pk for p in cast.parties.values())
    for persona in ("us_observer", "ir_interpreter"):
        assert [v.number for v in queries.visible_versions(viewer_for(cast.user(persona)), text)] == [1, 2]
    assert queries.shared_party_ids(text) == both
    latest = versions[-1]
    assert 4 <= len(latest.clauses) <= 5
    assert all({"ar", "en"} <= set(c["body"]) for c in latest.clauses)
    iran = cast.parties["ir"].pk
    proposed_by_iran = [c for c in latest.clauses if c["proposed_by"] == iran]
    assert proposed_by_iran and all("fa" in c["body"] for c in proposed_by_iran), "Iran's language in Persian"
    assert queries.compare(versions[0], latest, language="ar")[1].status == "changed"


def test_both_sides_marked_stances_and_iran_reserved_one_clause_so_nothing_is_agreed(cast: Cast) -> None:
    latest = queries.latest(demo_text(cast))
    rows = queries.board(latest)
    us, ir = cast.parties["us"].pk, cast.parties["ir"].pk
    assert all(r.cells[us].stance == "accept" for r in rows)
    reserved = [r for r in rows if r.cells[ir].stance == "reserve"]
    assert len(reserved) == 1 and reserved[0].cells[ir].comment == RESERVE_COMMENT
    assert all(r.cells[ir].stance == "accept" for r in rows if r not in reserved)
    assert not queries.is_agreed(latest) and queries.open_count(latest) == 1
    first = latest.text.versions.get(number=1)
    assert {r.cells[p].stance for r in queries.board(first) for p in (us, ir)} >= {"accept", "reject"}


def test_the_api_shows_the_demo_text_to_each_side_without_the_other_sides_comment(
        cast: Cast, client_for: Clients) -> None:
    text = demo_text(cast)
    us = client_for("us_head").get(f"/api/v1/texts/{text.pk}/versions/2")
    assert us.status_code == 200 and us.json()["agreed"] is False
    assert us.json()["open_count"] == 1, "the mediators share the count of open clauses"
    assert RESERVE_COMMENT["en"] not in us.content.decode() and "reserve" not in us.content.decode()
    ir = client_for("ir_member").get(f"/api/v1/texts/{text.pk}/versions/2").json()
    assert [s["stance"] for s in ir["own_stances"].values()].count("reserve") == 1
    assert RESERVE_COMMENT["en"] in str(ir["own_stances"])
    board = client_for("co_mediator").get(f"/api/v1/texts/{text.pk}/board").json()
    assert board["version"] == 2 and board["open_count"] == 1 and board["agreed"] is False
