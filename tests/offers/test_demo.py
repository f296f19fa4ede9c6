"""The Muscat demo's sealed offers: a pair on the Red Sea and Gaza revealed at once, a third left sealed."""

from __future__ import annotations

import pytest

from tests.personas import Cast
from wasit.engine import commitment
from wasit.offers import queries
from wasit.offers.models import OfferStatus, SealedOffer
from wasit.policy import viewer_for

pytestmark = pytest.mark.django_db


def test_the_demo_reveals_the_red_sea_and_gaza_pair_and_keeps_the_third_offer_sealed(cast: Cast) -> None:
    demo = list(SealedOffer.objects.filter(talks=cast.talks).order_by("pk")[:3])
    assert [o.status for o in demo] == [OfferStatus.REVEALED, OfferStatus.LIVE, OfferStatus.REVEALED]
    match = demo[0].match
    assert match is not None and demo[2].match_id == match.pk
    assert "Red Sea" in match.package["en"] and "Gaza" in match.package["en"]
    assert set(match.package) == set(cast.talks.content_languages)
    for row in (demo[0], demo[2]):
        assert commitment.verify(queries.engine_offer(row), row.nonce, row.digest)
    sealed = demo[1]
    assert queries.sealed_content(viewer_for(cast.user("ir_observer")), sealed) is not None
    for persona in ("us_head", "mediator", "co_mediator"):
        assert queries.sealed_content(viewer_for(cast.user(persona)), sealed) is None, persona
