"""A round's agenda is an ordered list of the talks' agenda issues; a listening round tables no proposal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from tests.personas import Cast
from tests.talks.conftest import api, snapshot
from wasit.agenda.models import AgendaIssue
from wasit.audit.models import Event
from wasit.packages import actions as packages
from wasit.packages.models import Proposal
from wasit.policy import ActionRefused, Forbidden, viewer_for
from wasit.talks import actions, queries
from wasit.talks.localized import LocalText
from wasit.talks.models import Round, RoundAgendaItem, RoundFormat, RoundStatus

ClientFor = Callable[[str | None], Client]


def _issues(cast: Cast) -> list[AgendaIssue]:
    return list(AgendaIssue.objects.filter(talks=cast.talks, withdrawn_at__isnull=True).order_by("position"))


def test_mediators_set_a_rounds_agenda_in_their_order_for_everyone(cast: Cast) -> None:
    issues = _issues(cast)
    round_ = cast.rounds[2]
    actions.set_round_agenda(viewer_for(cast.user("co_mediator")), round_, issues=[issues[4].pk, issues[0].pk])
    items = list(RoundAgendaItem.objects.filter(round=round_).order_by("position"))
    assert [(i.position, i.issue_id) for i in items] == [(1, issues[4].pk), (2, issues[0].pk)]
    event = Event.objects.latest("id")
    assert (event.kind, event.audience, event.payload["issues"]) == (
        "talks.round_agenda_set", " all ", [issues[4].pk, issues[0].pk])


@pytest.mark.parametrize("bad", ["other talks", "withdrawn", "twice", "not an id"])
def test_a_bad_agenda_is_refused_and_changes_nothing(cast: Cast, bad: str) -> None:
    issues = _issues(cast)
    other = AgendaIssue.objects.filter(talks=cast.other_talks).first()
    withdrawn = AgendaIssue.objects.filter(talks=cast.talks, withdrawn_at__isnull=False).first()
    assert other is not None and withdrawn is not None
    choices: dict[str, list[object]] = {"other talks": [issues[0].pk, other.pk], "withdrawn": [withdrawn.pk],
                                        "twice": [issues[0].pk, issues[0].pk], "not an id": ["1"]}
    chosen = choices[bad]
    before = snapshot()
    with pytest.raises(ActionRefused) as refused:
        actions.set_round_agenda(viewer_for(cast.user("mediator")), cast.rounds[2], issues=chosen)
    assert refused.value.field == "issues"
    assert snapshot() == before


def test_a_party_may_not_set_a_rounds_agenda(cast: Cast) -> None:
    with pytest.raises(Forbidden):
        actions.set_round_agenda(viewer_for(cast.user("us_head")), cast.rounds[2], issues=[])


def test_the_demo_rounds_have_agendas_of_agenda_issues_and_keep_the_old_text_as_a_note(cast: Cast) -> None:
    titles = [[i.issue.title_i18n["en"] for i in RoundAgendaItem.objects.filter(round=r).order_by("position")]
              for r in cast.rounds]
    assert titles[1] == ["Red Sea shipping", "Regional restraint of allied groups", "The nuclear file"]
    assert titles[3][1] == "A Gaza ceasefire"
    assert cast.rounds[2].note_i18n["en"] == "Follow-up of the January round."


def test_the_round_page_lists_its_agenda_and_the_mediators_form_sets_it(cast: Cast, client_for: ClientFor) -> None:
    issues = _issues(cast)
    page = client_for("ir_observer").get(f"/rounds/{cast.rounds[1].pk}/").content.decode()
    assert page.index("Red Sea shipping") < page.index("The nuclear file")
    assert "Set the round&#x27;s agenda" not in page and "Set the round's agenda" not in page
    client = client_for("mediator")
    response = client.post(f"/rounds/{cast.rounds[2].pk}/agenda/", {
        f"agenda-issue-{issues[2].pk}": "2", f"agenda-issue-{issues[1].pk}": "1"})
    assert response.status_code == 302
    assert [i.issue_id for i in RoundAgendaItem.objects.filter(round=cast.rounds[2]).order_by("position")] == [
        issues[1].pk, issues[2].pk]
    response = client.post(f"/rounds/{cast.rounds[2].pk}/agenda/", {f"agenda-issue-{issues[1].pk}": "99"})
    assert response.status_code == 400


def test_the_api_sets_and_reads_a_rounds_agenda_and_refuses_another_talks_issue(
        cast: Cast, client_for: ClientFor) -> None:
    issues = _issues(cast)
    other = AgendaIssue.objects.filter(talks=cast.other_talks).first()
    assert other is not None
    client = client_for("co_mediator")
    before = snapshot()
    answer = api(client, "POST", f"/rounds/{cast.rounds[2].pk}/agenda", {"issues": [other.pk]})
    assert answer.status_code == 400 and "not on these talks' agenda" in answer.json()["detail"]
    assert snapshot() == before
    answer = api(client, "POST", f"/rounds/{cast.rounds[2].pk}/agenda", {"issues": [issues[3].pk]})
    assert answer.status_code == 200
    read = api(client_for("us_member"), "GET", f"/rounds/{cast.rounds[2].pk}/agenda").json()
    assert [(i["position"], i["issue_id"]) for i in read] == [(1, issues[3].pk)]


# --- listening-only rounds ----------------------------------------------------


def test_a_listening_rounds_page_says_no_proposals_are_tabled(cast: Cast, client_for: ClientFor) -> None:
    page = client_for("us_head").get(f"/rounds/{cast.rounds[0].pk}/").content.decode()
    assert "No proposals are tabled in this round." in page
    page = client_for("us_head").get(f"/rounds/{cast.rounds[1].pk}/").content.decode()
    assert "No proposals are tabled" not in page


def _listening_today(cast: Cast, zone: str = "UTC") -> Round:
    today = timezone.now().astimezone(dt.UTC).date()
    return actions.schedule_round(viewer_for(cast.user("mediator")), cast.talks, title=LocalText(en="Hearing"),
                                  venue=LocalText(en="Geneva"), starts_on=today - dt.timedelta(days=1),
                                  ends_on=today + dt.timedelta(days=1), format=RoundFormat.LISTENING,
                                  time_zone=zone)


def test_sharing_a_package_during_a_listening_round_is_refused_and_changes_nothing(cast: Cast) -> None:
    round_ = _listening_today(cast)
    draft = cast.proposals["draft"]
    before = snapshot()
    with pytest.raises(ActionRefused) as refused:
        packages.share_proposal(viewer_for(cast.user("mediator")), draft)
    assert f"Round {round_.number} is listening only" in str(refused.value.message)
    assert Proposal.objects.get(pk=draft.pk).shared_at is None
    assert snapshot() == before


def test_every_door_refuses_tabling_in_a_listening_round(cast: Cast, client_for: ClientFor) -> None:
    _listening_today(cast)
    draft = cast.proposals["draft"]
    client = client_for("co_mediator")
    answer = api(client, "POST", f"/proposals/{draft.pk}/share", {})
    assert answer.status_code == 400 and "listening only" in answer.json()["detail"]
    response = client.post(f"/proposals/{draft.pk}/share/", follow=True)
    assert "listening only" in response.content.decode()
    assert Proposal.objects.get(pk=draft.pk).shared_at is None


def test_a_listening_round_that_is_over_cancelled_or_elsewhere_in_time_does_not_block_tabling(cast: Cast) -> None:
    round_ = _listening_today(cast)
    actions.change_round_status(viewer_for(cast.user("mediator")), round_, status=RoundStatus.CANCELLED,
                                reason="Nobody came")
    packages.share_proposal(viewer_for(cast.user("mediator")), cast.proposals["draft"])
    assert Proposal.objects.get(pk=cast.proposals["draft"].pk).shared_at is not None


def test_the_current_round_is_judged_by_the_venues_local_date(cast: Cast) -> None:
    listening = actions.schedule_round(
        viewer_for(cast.user("mediator")), cast.talks, title=LocalText(en="Hearing"),
        venue=LocalText(en="Kiritimati"), starts_on=dt.date(2030, 6, 2), ends_on=dt.date(2030, 6, 2),
        format=RoundFormat.LISTENING, time_zone="Pacific/Kiritimati")  # UTC+14
    late_on_the_first = dt.datetime(2030, 6, 1, 11, 0, tzinfo=dt.UTC)  # already 2 June on Kiritimati
    assert queries.listening_round_on(cast.talks.pk, late_on_the_first) == listening
    assert queries.listening_round_on(cast.talks.pk, dt.datetime(2030, 6, 1, 9, 0, tzinfo=dt.UTC)) is None
    assert queries.listening_round_on(cast.talks.pk, dt.datetime(2030, 6, 2, 10, 30, tzinfo=dt.UTC)) is None
