"""The agenda page over HTTP: what each persona sees, and what bad input gets."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.personas import Cast
from wasit.agenda import actions
from wasit.agenda.models import AgendaIssue
from wasit.audit.models import Event
from wasit.policy import viewer_for
from wasit.talks.localized import LocalText

Clients = Callable[[str | None], Client]
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def page(cast: Cast) -> str:
    return f"/talks/{cast.talks.pk}/agenda/"


def issue_at(cast: Cast, position: int) -> AgendaIssue:
    return AgendaIssue.objects.get(talks=cast.talks, position=position)


def snapshot(cast: Cast) -> tuple[object, ...]:
    rows = AgendaIssue.objects.filter(talks=cast.talks).order_by("pk")
    return (list(rows.values_list("pk", "position", "title_i18n", "description_i18n", "withdrawn_at")),
            Event.objects.count())


def test_every_member_reads_the_agenda_in_order_and_only_mediators_get_the_forms(
    cast: Cast, client_for: Clients
) -> None:
    party = client_for("ir_observer").get(page(cast)).content.decode()
    titles = ["Regional restraint of allied groups", "Red Sea shipping", "The nuclear file",
              "Sanctions relief and funds held in Qatar", "A Gaza ceasefire"]
    assert [party.index(t) for t in titles] == sorted(party.index(t) for t in titles)
    assert "Add an issue" not in party and "Withdraw" not in party and "<form" not in party.split("</header>")[1]
    mediator = client_for("co_mediator").get(page(cast)).content.decode()
    assert "Add an issue" in mediator and "Move up" in mediator and "Withdraw" in mediator
    assert "style=" not in mediator and "<script>" not in mediator, "the CSP forbids inline style and script"


def test_a_withdrawn_issue_is_shown_struck_through_to_everyone(cast: Cast, client_for: Clients) -> None:
    for persona in ("us_head", "mediator"):
        html = client_for(persona).get(page(cast)).content.decode()
        assert '<del dir="auto">Prisoner exchange</del>' in html, persona
        assert "withdrawn" in html


def test_the_talks_page_links_to_the_agenda(cast: Cast, client_for: Clients) -> None:
    html = client_for("us_member").get(f"/talks/{cast.talks.pk}/").content.decode()
    assert f'href="/talks/{cast.talks.pk}/agenda/"' in html


def test_the_page_reads_right_to_left_in_arabic_and_persian_with_the_texts_of_that_language(
    cast: Cast, client_for: Clients
) -> None:
    client = client_for("ir_head")
    for lang, title in (("ar", "الملاحة في البحر الأحمر"), ("fa", "کشتیرانی در دریای سرخ")):
        client.cookies["wasit_language"] = lang
        html = client.get(page(cast)).content.decode()
        assert f'<html lang="{lang}" dir="rtl">' in html
        assert f'<strong dir="auto">{title}</strong>' in html


def test_a_script_in_a_title_is_shown_as_text(cast: Cast, client_for: Clients) -> None:
    actions.add_issue(viewer_for(cast.user("mediator")), cast.talks, title=LocalText(en=f"Title {XSS}"),
                      description=LocalText(en=f"Text {XSS}"))
    for persona in ("mediator", "us_head"):
        html = client_for(persona).get(page(cast)).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_the_page_costs_the_same_queries_however_long_the_agenda(cast: Cast, client_for: Clients) -> None:
    client = client_for("mediator")
    client.get(page(cast))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page(cast)).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(5):
        actions.add_issue(viewer_for(cast.user("mediator")), cast.talks, title=LocalText(en=f"More {i}"))
    assert count() == before


def test_a_mediator_adds_an_issue_with_the_form(cast: Cast, client_for: Clients) -> None:
    response = client_for("mediator").post(f"/talks/{cast.talks.pk}/agenda/add/", {
        "new-title_en": "Prisoner releases", "new-title_fa": "آزادی زندانیان",
        "new-description_ar": "من يُفرج عنه ومتى."})
    assert response.status_code == 302
    issue = AgendaIssue.objects.filter(talks=cast.talks).order_by("-position").first()
    assert issue is not None
    assert response["Location"] == f"{page(cast)}#issue-{issue.pk}"
    assert issue.title_i18n == {"en": "Prisoner releases", "fa": "آزادی زندانیان"}
    assert issue.description_i18n == {"ar": "من يُفرج عنه ومتى."}


@pytest.mark.parametrize(("body", "message"), [
    ({"new-title_en": "  "}, "Give the issue a title in at least one language."),
    ({"new-title_en": "Ship\u202eping"}, "Remove the invisible text-direction characters."),
    ({"new-title_en": "Shipping", "new-description_en": "x" * 4001}, "At most 4000 characters, please."),
    ({"new-title_en": "x" * 201}, "At most 200 characters, please."),
    ({"new-title_xx": "Shipping"}, "Give the issue a title in at least one language."),
])
def test_bad_input_to_the_add_form_is_refused_with_a_message_and_nothing_changes(
    cast: Cast, client_for: Clients, body: dict[str, str], message: str
) -> None:
    client = client_for("mediator")  # logging in is an event of its own
    before = snapshot(cast)
    response = client.post(f"/talks/{cast.talks.pk}/agenda/add/", body)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(cast) == before


def test_a_refusal_speaks_the_page_language(cast: Cast, client_for: Clients) -> None:
    client = client_for("mediator")
    for lang, words in (("ar", "أعطِ البند عنواناً بلغة واحدة على الأقل."),
                        ("fa", "برای موضوع دست‌کم به یک زبان عنوانی بنویسید.")):
        client.cookies["wasit_language"] = lang
        response = client.post(f"/talks/{cast.talks.pk}/agenda/add/", {"new-title_ar": ""})
        assert response.status_code == 400 and words in response.content.decode()


def test_a_mediator_edits_an_issue_and_a_bad_edit_keeps_the_form_open(cast: Cast, client_for: Clients) -> None:
    issue = issue_at(cast, 2)
    client = client_for("co_mediator")
    url = f"/agenda/{issue.pk}/edit/"
    assert client.post(url, {f"i{issue.pk}-title_en": "Shipping", f"i{issue.pk}-title_ar": "الملاحة"}).status_code == 302
    issue.refresh_from_db()
    assert issue.title_i18n == {"en": "Shipping", "ar": "الملاحة"} and issue.description_i18n == {}
    before = snapshot(cast)
    response = client.post(url, {f"i{issue.pk}-title_en": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<details open>" in html and "Give the issue a title in at least one language." in html
    assert snapshot(cast) == before


def test_move_up_and_down_buttons_move_an_issue_by_one(cast: Cast, client_for: Clients) -> None:
    second, third = issue_at(cast, 2), issue_at(cast, 3)
    client = client_for("mediator")
    assert client.post(f"/agenda/{third.pk}/move/", {"position": "2"}).status_code == 302
    assert (issue_at(cast, 2), issue_at(cast, 3)) == (third, second)


@pytest.mark.parametrize("position", ["", "x", "0", "99", "1.5"])
def test_a_bad_move_is_refused_and_nothing_changes(cast: Cast, client_for: Clients, position: str) -> None:
    issue = issue_at(cast, 2)
    client = client_for("mediator")
    before = snapshot(cast)
    response = client.post(f"/agenda/{issue.pk}/move/", {"position": position})
    assert response.status_code == 400
    assert 'class="errorlist" role="alert"' in response.content.decode()
    assert snapshot(cast) == before


def test_withdraw_and_restore_from_the_page(cast: Cast, client_for: Clients) -> None:
    issue = issue_at(cast, 1)
    client = client_for("mediator")
    assert client.post(f"/agenda/{issue.pk}/withdraw/").status_code == 302
    before = snapshot(cast)
    response = client.post(f"/agenda/{issue.pk}/withdraw/")
    assert response.status_code == 400 and "already withdrawn" in response.content.decode()
    assert snapshot(cast) == before
    assert client.post(f"/agenda/{issue.pk}/restore/").status_code == 302
    issue.refresh_from_db()
    assert not issue.is_withdrawn


@pytest.mark.parametrize("persona", ["us_head", "ir_interpreter"])
def test_a_party_member_cannot_change_the_agenda(cast: Cast, client_for: Clients, persona: str) -> None:
    issue = issue_at(cast, 1)
    client = client_for(persona)
    before = snapshot(cast)
    for url, body in ((f"/talks/{cast.talks.pk}/agenda/add/", {"new-title_en": "Ours"}),
                      (f"/agenda/{issue.pk}/edit/", {f"i{issue.pk}-title_en": "Ours"}),
                      (f"/agenda/{issue.pk}/move/", {"position": "2"}),
                      (f"/agenda/{issue.pk}/withdraw/", {})):
        assert client.post(url, body).status_code == 403, url
    assert snapshot(cast) == before


def test_an_outsider_gets_404_for_the_page_and_every_form(cast: Cast, client_for: Clients) -> None:
    issue = issue_at(cast, 1)
    client = client_for("outsider")
    assert client.get(page(cast)).status_code == 404
    assert client.get("/talks/987654/agenda/").status_code == 404
    for url in (f"/talks/{cast.talks.pk}/agenda/add/", f"/agenda/{issue.pk}/edit/",
                f"/agenda/{issue.pk}/move/", f"/agenda/{issue.pk}/withdraw/", "/agenda/987654/withdraw/"):
        assert client.post(url, {"position": "1"}).status_code == 404, url
