"""Two round transitions at the same moment: one succeeds, the other is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.packages.test_races import TRIES, race
from tests.personas import Cast
from wasit.audit.models import Event
from wasit.policy import ActionRefused, viewer_for
from wasit.talks import actions
from wasit.talks.localized import LocalText
from wasit.talks.models import Round, RoundFormat, RoundStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_held_and_cancelled_at_once_closes_the_round_once(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    co = viewer_for(cast.user("co_mediator"))
    for i in range(TRIES):
        round_ = actions.schedule_round(lead, cast.talks, title=LocalText(en=f"Race {i}"),
                                        venue=LocalText(en="Muscat"), starts_on=dt.date(2025, 1, 1),
                                        ends_on=dt.date(2025, 1, 2), format=RoundFormat.DIRECT)
        before = Event.objects.filter(kind="talks.round_status_changed").count()
        results = race(
            lambda pk=round_.pk: actions.change_round_status(lead, Round.objects.get(pk=pk),
                                                             status=RoundStatus.HELD),
            lambda pk=round_.pk: actions.change_round_status(co, Round.objects.get(pk=pk),
                                                             status=RoundStatus.CANCELLED, reason="War"))
        assert sorted(type(r).__name__ for r in results) == ["ActionRefused", "Round"], results
        assert any(isinstance(r, ActionRefused) for r in results)
        assert Event.objects.filter(kind="talks.round_status_changed").count() == before + 1


def test_two_rounds_scheduled_at_once_get_consecutive_numbers(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    co = viewer_for(cast.user("co_mediator"))

    def schedule(viewer: object) -> object:
        return lambda: actions.schedule_round(viewer, cast.talks, title=LocalText(en="R"),  # type: ignore[arg-type]
                                              venue=LocalText(en="Muscat"), starts_on=dt.date(2025, 1, 1),
                                              ends_on=dt.date(2025, 1, 2), format=RoundFormat.DIRECT)

    for _ in range(TRIES):
        results = race(schedule(lead), schedule(co))  # type: ignore[arg-type]
        assert all(isinstance(r, Round) for r in results), results
