"""The agenda's actions: who may shape it, what they may write, and what the log says."""

from __future__ import annotations

import pytest

from tests.personas import Cast
from wasit import policy
from wasit.agenda import actions
from wasit.agenda.models import AgendaIssue
from wasit.audit.models import Event
from wasit.policy import ActionRefused, Forbidden, NotFound, viewer_for
from wasit.talks.localized import LocalText

pytestmark = pytest.mark.django_db


def lead(cast: Cast) -> policy.Viewer:
    return viewer_for(cast.user("mediator"))


def agenda(cast: Cast) -> list[tuple[int, str]]:
    return list(AgendaIssue.objects.filter(talks=cast.talks).order_by("position")
                .values_list("position", "title_i18n__en"))


def snapshot(cast: Cast) -> tuple[object, ...]:
    rows = AgendaIssue.objects.filter(talks=cast.talks).order_by("pk")
    return (list(rows.values_list("pk", "position", "title_i18n", "description_i18n", "withdrawn_at")),
            Event.objects.count())


def test_the_demo_puts_five_issues_on_the_muscat_agenda_in_three_languages(cast: Cast) -> None:
    issues = list(AgendaIssue.objects.filter(talks=cast.talks, withdrawn_at__isnull=True).order_by("position"))
    assert [i.title_i18n["en"] for i in issues] == [
        "Regional restraint of allied groups", "Red Sea shipping", "The nuclear file",
        "Sanctions relief and funds held in Qatar", "A Gaza ceasefire"]
    assert all(set(i.title_i18n) == set(i.description_i18n) == {"en", "ar", "fa"} for i in issues)


def test_an_issue_is_added_at_the_end_with_an_event_every_member_sees(cast: Cast) -> None:
    before = len(agenda(cast))
    issue = actions.add_issue(lead(cast), cast.talks, title=LocalText(en="Prisoner releases", ar="الإفراج عن السجناء"),
                              description=LocalText(en="Who is released, and when."))
    assert issue.position == before + 1
    assert agenda(cast)[-1] == (before + 1, "Prisoner releases")
    event = Event.objects.order_by("-id").first()
    assert event is not None and event.kind == "agenda.issue_added"
    assert event.payload["issue_id"] == issue.pk and event.payload["title"]["ar"] == "الإفراج عن السجناء"
    for persona in ("us_observer", "ir_interpreter", "co_mediator"):
        assert policy.visible(viewer_for(cast.user(persona)), Event).filter(pk=event.pk).exists(), persona
    assert not policy.visible(viewer_for(cast.user("outsider")), Event).filter(pk=event.pk).exists()


def test_the_co_mediator_shapes_the_agenda_as_the_lead_does(cast: Cast) -> None:
    co = viewer_for(cast.user("co_mediator"))
    issue = actions.add_issue(co, cast.talks, title=LocalText(en="Detainees"))
    actions.edit_issue(co, issue, title=LocalText(en="Detainees and prisoners"))
    actions.move_issue(co, issue, to=1)
    actions.withdraw_issue(co, issue)
    actions.restore_issue(co, issue)
    assert agenda(cast)[0] == (1, "Detainees and prisoners")


@pytest.mark.parametrize("persona", ["us_head", "ir_member", "ir_interpreter", "us_observer"])
def test_a_party_member_may_read_the_agenda_but_not_change_it(cast: Cast, persona: str) -> None:
    viewer = viewer_for(cast.user(persona))
    issue = AgendaIssue.objects.get(talks=cast.talks, position=1)
    assert policy.can(viewer, "view", issue).allowed
    before = snapshot(cast)
    calls = [
        lambda: actions.add_issue(viewer, cast.talks, title=LocalText(en="Ours")),
        lambda: actions.edit_issue(viewer, issue, title=LocalText(en="Ours")),
        lambda: actions.move_issue(viewer, issue, to=2),
        lambda: actions.withdraw_issue(viewer, issue),
    ]
    for call in calls:
        with pytest.raises(Forbidden):
            call()
    assert snapshot(cast) == before


def test_an_outsider_and_the_other_talks_lead_are_told_nothing_exists(cast: Cast) -> None:
    issue = AgendaIssue.objects.get(talks=cast.talks, position=1)
    for persona in ("outsider", "operator"):
        viewer = viewer_for(cast.user(persona))
        assert not policy.can(viewer, "view", issue).allowed
        with pytest.raises(NotFound):
            actions.edit_issue(viewer, issue, title=LocalText(en="Mine"))
        with pytest.raises(NotFound):
            actions.add_issue(viewer, cast.talks, title=LocalText(en="Mine"))


BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize(("title", "description", "field"), [
    (LocalText(), LocalText(), "title"),
    (LocalText(en="   "), LocalText(en="Blank title"), "title"),
    (LocalText(de="Schifffahrt"), LocalText(), "title"),
    (LocalText(en="Shipping"), LocalText(xx="?"), "description"),
    *[(LocalText(en=f"Ship{c}ping"), LocalText(), "title") for c in BIDI],
    (LocalText(en="Shipping"), LocalText(ar="الملاحة\u202eعكس"), "description"),
    (LocalText(en="Two\nlines"), LocalText(), "title"),
    (LocalText(en="Nul\x00"), LocalText(), "title"),
    (LocalText(en="Shipping"), LocalText(en="Bell\x07"), "description"),
    (LocalText(en="x" * 201), LocalText(), "title"),
    (LocalText(en="Shipping"), LocalText(en="x" * 4001), "description"),
])
def test_bad_texts_are_refused_and_nothing_changes(cast: Cast, title: LocalText, description: LocalText,
                                                   field: str) -> None:
    before = snapshot(cast)
    issue = AgendaIssue.objects.get(talks=cast.talks, position=2)
    with pytest.raises(ActionRefused) as refused:
        actions.add_issue(lead(cast), cast.talks, title=title, description=description)
    assert refused.value.field == field
    with pytest.raises(ActionRefused):
        actions.edit_issue(lead(cast), issue, title=title, description=description)
    assert snapshot(cast) == before


def test_a_description_keeps_its_line_breaks_and_persian_joiners(cast: Cast) -> None:
    text = "نخست\r\nدوم گفت\u200cوگو"
    issue = actions.add_issue(lead(cast), cast.talks, title=LocalText(fa="تبادل"), description=LocalText(fa=text))
    assert issue.description_i18n == {"fa": "نخست\nدوم گفت\u200cوگو"}
    # A description at the limit with CRLF line breaks, as a browser sends it, fits.
    crlf = "x\r\n" * 2000
    issue = actions.add_issue(lead(cast), cast.talks, title=LocalText(en="Long"), description=LocalText(en=crlf))
    assert len(issue.description_i18n["en"]) == 3999


def test_an_edit_replaces_the_texts_and_an_edit_that_changes_nothing_records_nothing(cast: Cast) -> None:
    issue = AgendaIssue.objects.get(talks=cast.talks, position=2)
    actions.edit_issue(lead(cast), issue, title=LocalText(en="Shipping in the Red Sea", fa="کشتیرانی"))
    issue.refresh_from_db()
    assert issue.title_i18n == {"en": "Shipping in the Red Sea", "fa": "کشتیرانی"}
    assert issue.description_i18n["ar"], "the description was not given, so it stays"
    event = Event.objects.order_by("-id").first()
    assert event is not None and event.kind == "agenda.issue_edited"
    assert event.payload == {"issue_id": issue.pk, "title": issue.title_i18n, "description_changed": False}
    count = Event.objects.count()
    actions.edit_issue(lead(cast), issue, title=LocalText(en="Shipping in the Red Sea", fa="کشتیرانی"))
    assert Event.objects.count() == count


def test_moving_an_issue_shifts_the_others_and_leaves_no_gap(cast: Cast) -> None:
    titles = [t for _p, t in agenda(cast)]
    last = AgendaIssue.objects.get(talks=cast.talks, position=len(titles))
    actions.move_issue(lead(cast), last, to=1)
    assert agenda(cast) == list(enumerate([titles[-1], *titles[:-1]], start=1))
    event = Event.objects.order_by("-id").first()
    assert event is not None and event.kind == "agenda.issue_moved"
    assert (event.payload["from_position"], event.payload["to_position"]) == (len(titles), 1)
    assert event.payload["order"] == list(AgendaIssue.objects.filter(talks=cast.talks)
                                          .order_by("position").values_list("pk", flat=True))
    first = AgendaIssue.objects.get(talks=cast.talks, position=1)
    actions.move_issue(lead(cast), first, to=3)
    assert [t for _p, t in agenda(cast)] == [titles[0], titles[1], titles[-1], *titles[2:-1]]


@pytest.mark.parametrize("to", [0, -1, 99, True])
def test_a_move_out_of_range_is_refused_and_nothing_changes(cast: Cast, to: int) -> None:
    issue = AgendaIssue.objects.get(talks=cast.talks, position=2)
    before = snapshot(cast)
    with pytest.raises(ActionRefused) as refused:
        actions.move_issue(lead(cast), issue, to=to)
    assert refused.value.field == "position"
    assert snapshot(cast) == before


def test_a_move_to_its_own_place_records_nothing(cast: Cast) -> None:
    issue = AgendaIssue.objects.get(talks=cast.talks, position=2)
    before = snapshot(cast)
    actions.move_issue(lead(cast), issue, to=2)
    assert snapshot(cast) == before


def test_a_withdrawn_issue_keeps_its_place_and_comes_back_to_it(cast: Cast) -> None:
    issue = AgendaIssue.objects.get(talks=cast.talks, position=3)
    actions.withdraw_issue(lead(cast), issue)
    issue.refresh_from_db()
    assert issue.is_withdrawn and issue.position == 3
    before = snapshot(cast)
    with pytest.raises(ActionRefused):
        actions.withdraw_issue(lead(cast), issue)
    with pytest.raises(ActionRefused):
        actions.edit_issue(lead(cast), issue, title=LocalText(en="Renamed while withdrawn"))
    assert snapshot(cast) == before
    actions.restore_issue(lead(cast), issue)
    issue.refresh_from_db()
    assert not issue.is_withdrawn and issue.position == 3
    assert list(Event.objects.order_by("-id").values_list("kind", flat=True)[:2]) == [
        "agenda.issue_restored", "agenda.issue_withdrawn"]
    with pytest.raises(ActionRefused):
        actions.restore_issue(lead(cast), issue)


def test_an_agenda_has_a_limit(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "MAX_ISSUES", len(agenda(cast)))
    before = snapshot(cast)
    with pytest.raises(ActionRefused):
        actions.add_issue(lead(cast), cast.talks, title=LocalText(en="One too many"))
    assert snapshot(cast) == before
