"""Domains, scores and proposals: what changes, what is recorded, who hears of it, what is refused."""

from __future__ import annotations

import math

import pytest

from tests.personas import CANARY, Cast
from wasit.audit.models import Event
from wasit.caucus.models import Message, RoomKind
from wasit.demo import muscat
from wasit.packages import actions
from wasit.packages.models import NegotiationDomain, Proposal, ScoreVersion
from wasit.policy import ActionRefused, Forbidden, NotFound, viewer_for

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<negotiation_template><utility_space><objective index="0" name="&lol3;">
<issue index="1" name="a" type="discrete"><item index="1" value="x"/><item index="2" value="y"/></issue>
</objective></utility_space></negotiation_template>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<negotiation_template><utility_space><objective index="0" name="root">
<issue index="1" name="&secret;" type="discrete"><item index="1" value="x"/><item index="2" value="y"/></issue>
</objective></utility_space></negotiation_template>"""


def _lead(cast: Cast):  # type: ignore[no-untyped-def]
    return viewer_for(cast.user("mediator"))


def _head(cast: Cast, code: str):  # type: ignore[no-untyped-def]
    return viewer_for(cast.user(f"{code}_head"))


def _counts() -> tuple[int, int, int, int]:
    return (NegotiationDomain.objects.count(), ScoreVersion.objects.count(), Proposal.objects.count(),
            Event.objects.count())


def _audience(event: Event) -> set[str]:
    return set(event.audience.split())


def test_defining_a_domain_stores_the_issues_and_tells_every_member(cast: Cast) -> None:
    domain = actions.define_domain(_lead(cast), cast.talks, name="Small", issues=[
        {"title": {"en": "Shipping", "ar": "الملاحة"}, "options": ["open", {"fa": "بسته"}]}])
    assert domain.issues == [{"title": {"en": "Shipping", "ar": "الملاحة"},
                              "options": [{"en": "open"}, {"fa": "بسته"}]}]
    event = Event.objects.filter(kind="packages.domain_defined").latest("id")
    assert event.payload["domain_id"] == domain.pk and event.payload["option_counts"] == [2]
    assert _audience(event) == {"all"}
    assert actions.current_domain(cast.talks.pk) == domain


def test_a_new_domain_keeps_the_setting_that_hides_scores_from_the_mediators(cast: Cast) -> None:
    first = actions.current_domain(cast.talks.pk)
    assert first is not None
    actions.set_scores_hidden(_lead(cast), first, hidden=True)
    second = actions.define_domain(_lead(cast), cast.talks, issues=[{"title": "A", "options": ["x", "y"]}])
    assert second.scores_hidden_from_mediators is True


@pytest.mark.parametrize(("issues", "words"), [
    ([], "at least one issue"),
    ([{"title": "A", "options": ["only one"]}], "at least two options"),
    ([{"title": "A", "options": ["x", "X"]}], "same option twice"),
    ([{"title": "A", "options": ["x", "y"]}, {"title": "a", "options": ["x", "y"]}], "same title"),
    ([{"title": "", "options": ["x", "y"]}], "at least one language"),
    ([{"title": "A\x00", "options": ["x", "y"]}], "control characters"),
])
def test_a_malformed_domain_is_refused_and_nothing_changes(cast: Cast, issues: object, words: str) -> None:
    before = _counts()
    with pytest.raises(ActionRefused) as refused:
        actions.define_domain(_lead(cast), cast.talks, issues=issues)
    assert words in str(refused.value.message)
    assert _counts() == before


def test_a_party_may_not_define_the_domain(cast: Cast) -> None:
    with pytest.raises(Forbidden):
        actions.define_domain(_head(cast, "us"), cast.talks, issues=[{"title": "A", "options": ["x", "y"]}])


def test_a_genius_domain_file_is_imported_issue_by_issue(cast: Cast) -> None:
    with open("/work/shared/genius-domains/laptop/laptop_domain.xml", "rb") as fh:
        domain = actions.import_genius_domain(_lead(cast), cast.talks, data=fh.read(),
                                              filename="laptop_domain.xml")
    assert domain.source == "genius"
    assert [i["title"]["en"] for i in domain.issues] == ["Laptop", "Harddisk", "External Monitor"]
    assert [o["en"] for o in domain.issues[0]["options"]] == ["Dell", "Macintosh", "HP"]


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, b"<not xml", b"\x00" * 10,
                                  b"<negotiation_template/>"])
def test_a_hostile_or_broken_genius_file_is_refused_clearly_and_nothing_changes(cast: Cast, data: bytes) -> None:
    before = _counts()
    with pytest.raises(ActionRefused) as refused:
        actions.import_genius_domain(_lead(cast), cast.talks, data=data, filename="evil.xml")
    assert refused.value.field == "file"
    assert "Genius domain" in str(refused.value.message)
    assert "root:" not in str(refused.value.message), "no file content leaks into the error"
    assert _counts() == before


def test_a_genius_file_over_the_size_limit_is_refused_unread(cast: Cast) -> None:
    before = _counts()
    with pytest.raises(ActionRefused, match="too large"):
        actions.import_genius_domain(_lead(cast), cast.talks, data=b" " * (actions.MAX_UPLOAD_BYTES + 1))
    assert _counts() == before


def test_each_save_is_a_new_version_and_weights_are_normalised_and_marked(cast: Cast) -> None:
    us = cast.parties["us"]
    before = ScoreVersion.objects.filter(party=us).count()
    _w, values, _r = muscat.DEMO_SCORES["us"]
    score = actions.save_scores(_head(cast, "us"), us, weights=[1, 1, 1, 1], values=values, reservation=0.2)
    assert ScoreVersion.objects.filter(party=us).count() == before + 1
    assert score.version == before + 1
    assert score.normalised is True
    assert score.raw_weights == [1, 1, 1, 1]
    assert score.weights == [0.25, 0.25, 0.25, 0.25]
    exact = actions.save_scores(_head(cast, "us"), us, weights=[0.5, 0.5, 0, 0], values=values,
                                reservation=0.2)
    assert exact.normalised is False


def test_scores_event_carries_no_scores_and_reaches_that_party_and_the_mediators(cast: Cast) -> None:
    ir = cast.parties["ir"]
    weights, values, reservation = muscat.DEMO_SCORES["ir"]
    actions.save_scores(_head(cast, "ir"), ir, weights=weights, values=values, reservation=reservation,
                        note="secret note")
    event = Event.objects.filter(kind="packages.scores_saved").latest("id")
    assert _audience(event) == {"mediators", f"party:{ir.pk}"}
    assert "secret note" not in str(event.payload) and "values" not in event.payload


def test_scores_hidden_from_the_mediators_are_recorded_for_that_party_alone(cast: Cast) -> None:
    domain = actions.current_domain(cast.talks.pk)
    assert domain is not None
    actions.set_scores_hidden(_lead(cast), domain, hidden=True)
    settings_event = Event.objects.filter(kind="packages.settings_changed").latest("id")
    assert _audience(settings_event) == {"all"}
    ir = cast.parties["ir"]
    weights, values, reservation = muscat.DEMO_SCORES["ir"]
    actions.save_scores(_head(cast, "ir"), ir, weights=weights, values=values, reservation=reservation)
    event = Event.objects.filter(kind="packages.scores_saved").latest("id")
    assert _audience(event) == {f"party-private:{ir.pk}"}


@pytest.mark.parametrize(("weights", "values", "reservation", "field"), [
    ([-0.1, 0.5, 0.3, 0.3], None, 0.3, "w-0"),
    ([0.3, 1.5, 0.3, 0.3], None, 0.3, "w-1"),
    ([0, 0, 0, 0], None, 0.3, "w-0"),
    (None, [[0, 0.6, 1], [0, 0.5, 1], [0, 0.4, -0.7, 1], [0.2, 1, 0.8]], 0.3, "v-2-2"),
    (None, [[0, 0.6, 1], [0, 0.5, 1], [0, 0.4, 0.7, 1], [0.2, 1, math.inf]], 0.3, "v-3-2"),
    (None, [[0, 0.6, 1], [0, 0.5, 1], [0, 0.4, 0.7, 1], [0.2, 1, math.nan]], 0.3, "v-3-2"),
    (None, [[0, 0.6, 1], [0, 0.5, 1], [0, 0.4, 0.7, 1], [0.2, 1]], 0.3, "values"),
    (None, None, 1.2, "reservation"),
    ([0.5, 0.5], None, 0.3, "weights"),
])
def test_out_of_range_or_misshapen_scores_are_refused_and_nothing_changes(
    cast: Cast, weights: list[float] | None, values: list[list[float]] | None, reservation: float, field: str
) -> None:
    demo_weights, demo_values, _r = muscat.DEMO_SCORES["us"]
    before = _counts()
    with pytest.raises(ActionRefused) as refused:
        actions.save_scores(_head(cast, "us"), cast.parties["us"], weights=weights or demo_weights,
                            values=values or demo_values, reservation=reservation)
    assert refused.value.field == field
    assert _counts() == before


def test_nobody_scores_for_another_party_and_observers_and_mediators_score_for_none(cast: Cast) -> None:
    weights, values, reservation = muscat.DEMO_SCORES["ir"]
    kwargs = {"weights": weights, "values": values, "reservation": reservation}
    with pytest.raises(NotFound):
        actions.save_scores(_head(cast, "us"), cast.parties["ir"], **kwargs)  # type: ignore[arg-type]
    with pytest.raises(Forbidden):
        actions.save_scores(viewer_for(cast.user("ir_observer")), cast.parties["ir"], **kwargs)  # type: ignore[arg-type]
    with pytest.raises(Forbidden):
        actions.save_scores(_lead(cast), cast.parties["ir"], **kwargs)  # type: ignore[arg-type]


def test_scores_for_a_replaced_domain_are_refused(cast: Cast) -> None:
    old = actions.current_domain(cast.talks.pk)
    assert old is not None
    actions.define_domain(_lead(cast), cast.talks, issues=[{"title": "A", "options": ["x", "y"]}])
    with pytest.raises(ActionRefused, match="changed the issues"):
        actions.save_scores(_head(cast, "us"), cast.parties["us"], weights=[1], values=[[0, 1]],
                            reservation=0, domain_id=old.pk)


def test_proposing_a_package_drafts_it_in_the_mediators_room_for_the_mediators_only(cast: Cast) -> None:
    domain = actions.current_domain(cast.talks.pk)
    assert domain is not None
    proposal = actions.propose_package(_lead(cast), domain, package=[0, 1, 2, 1], label="egalitarian")
    message = Message.objects.get(pk=proposal.message_id)
    assert message.room.kind == RoomKind.MEDIATORS
    assert "Egalitarian solution" in message.text and "Enrichment capped at 60%" not in message.text
    assert "Cap and more inspections" in message.text
    event = Event.objects.filter(kind="packages.proposal_drafted").latest("id")
    assert _audience(event) == {"mediators"} and event.payload["package"] == [0, 1, 2, 1]
    assert proposal.shared_at is None


@pytest.mark.parametrize("package", [[0, 1, 2], [0, 1, 9, 1], [0, 1, -1, 1], ["a", 0, 0, 0]])
def test_a_package_that_does_not_fit_the_domain_is_refused(cast: Cast, package: list[object]) -> None:
    domain = actions.current_domain(cast.talks.pk)
    assert domain is not None
    before = _counts()
    with pytest.raises(ActionRefused):
        actions.propose_package(_lead(cast), domain, package=package)
    assert _counts() == before


def test_sharing_a_package_tells_every_member_once(cast: Cast) -> None:
    draft = cast.proposals["draft"]
    actions.share_proposal(_lead(cast), draft)
    event = Event.objects.filter(kind="packages.proposal_shared").latest("id")
    assert _audience(event) == {"all"} and event.payload["proposal_id"] == draft.pk
    with pytest.raises(ActionRefused, match="already"):
        actions.share_proposal(_lead(cast), draft)


def test_only_the_lead_mediator_decides_who_reads_the_scores(cast: Cast) -> None:
    domain = actions.current_domain(cast.talks.pk)
    assert domain is not None
    with pytest.raises(Forbidden):
        actions.set_scores_hidden(viewer_for(cast.user("co_mediator")), domain, hidden=True)
    with pytest.raises(Forbidden):
        actions.set_scores_hidden(_head(cast, "us"), domain, hidden=True)
    domain.refresh_from_db()
    assert domain.scores_hidden_from_mediators is False


def test_the_cast_has_each_partys_canary_in_its_latest_scores(cast: Cast) -> None:
    for code in ("us", "ir"):
        latest = ScoreVersion.objects.filter(party=cast.parties[code]).latest("version")
        assert CANARY[f"{code}_score"] in latest.note
