"""The negotiating-text pages over HTTP, as a mediator and each party meet them."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from tests.personas import CANARY, PASSWORD, Cast
from wasit.audit.models import Event
from wasit.policy import viewer_for
from wasit.texts import actions, queries
from wasit.texts.models import NegotiatingText, SignOff, Stance, TextVersion, VersionShare

pytestmark = pytest.mark.django_db
ClientFor = Callable[[str | None], Client]


def snapshot() -> tuple[int, ...]:
    return (NegotiatingText.objects.count(), TextVersion.objects.count(), VersionShare.objects.count(),
            Stance.objects.count(), SignOff.objects.count(),
            Event.objects.exclude(kind__startswith="accounts.").count())  # a log-in is an event too


def text_of(cast: Cast) -> NegotiatingText:
    return cast.extras["text"][0]  # type: ignore[no-any-return]


def version(cast: Cast, name: str) -> TextVersion:
    return cast.extras[name][0]  # type: ignore[no-any-return]


def keys(v: TextVersion) -> list[str]:
    return [c["key"] for c in v.clauses]


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text_url(cast: Cast, suffix: str = "") -> str:
    return f"/texts/{text_of(cast).pk}/{suffix}"


def clause_form(key: str, base: int, body: str, number: str = "2", **more: str) -> dict[str, str]:
    prefix = f"c-{key}"
    return {"clause": key, f"{prefix}-base_version": str(base), f"{prefix}-number": number,
            f"{prefix}-body_en": body, **{f"{prefix}-{k}": v for k, v in more.items()}}


def fresh_text(cast: Cast, *, non_paper: bool = False) -> NegotiatingText:
    """A two-clause text shared with both parties, clause 1 proposed by the US."""
    lead = viewer_for(cast.user("mediator"))
    text = actions.create_text(
        lead, cast.talks, title={"en": "Agreed minute", "ar": "محضر متفق عليه"}, authoritative_language="ar",
        non_paper=non_paper, clauses=[
            {"number": "1", "body": {"ar": "تلتزم الأطراف بوقف الهجمات", "en": "The parties stop attacks"},
             "proposed_by": cast.parties["us"].pk},
            {"number": "2", "body": {"en": "Talks resume in May"},
             "alternatives": [{"en": "in Muscat"}, {"en": "in Geneva"}]}])
    actions.share_version(lead, queries.latest(text), party_ids=[cast.parties["us"].pk, cast.parties["ir"].pk])
    return text


def accept_all(cast: Cast, persona: str, v: TextVersion) -> None:
    actions.mark_stances(viewer_for(cast.user(persona)), v, stances={k: "accept" for k in keys(v)})


# --- reading ---------------------------------------------------------------------------------------


def test_the_list_shows_a_party_only_the_texts_shared_with_it_and_the_mediators_a_new_text_form(
        cast: Cast, client_for: ClientFor) -> None:
    url = f"/talks/{cast.talks.pk}/texts/"
    html = page(client_for("mediator"), url)
    assert "Framework for de-escalation" in html and "New text" in html
    party = page(client_for("ir_observer"), url)
    assert "Framework for de-escalation" in party and "New text" not in party


def test_a_mediator_starts_a_text_from_the_list_page(cast: Cast, client_for: ClientFor) -> None:
    before = NegotiatingText.objects.count()
    response = client_for("co_mediator").post(f"/talks/{cast.talks.pk}/texts/new/", {
        "title_en": "Working paper on prisoners", "kind": "paper", "authoritative_language": "en",
        "parties": [cast.parties["us"].pk], "number": "1", "body_en": "Prisoners are exchanged."})
    assert response.status_code == 302
    text = NegotiatingText.objects.order_by("-pk").first()
    assert text is not None and NegotiatingText.objects.count() == before + 1
    assert response["Location"] == f"/texts/{text.pk}/"
    assert list(text.parties.all()) == [cast.parties["us"]] and text.kind == "paper"


def test_a_new_text_without_a_clause_is_a_form_error_and_creates_nothing(
        cast: Cast, client_for: ClientFor) -> None:
    before = snapshot()
    response = client_for("mediator").post(f"/talks/{cast.talks.pk}/texts/new/", {
        "title_en": "Empty", "kind": "framework", "authoritative_language": "en",
        "parties": [cast.parties["us"].pk], "number": "1"})
    assert response.status_code == 400
    assert "Write the clause in at least one language." in response.content.decode()
    assert snapshot() == before


def test_a_party_reads_the_latest_version_shared_with_it_and_never_the_drafts_in_between(
        cast: Cast, client_for: ClientFor) -> None:
    iran = page(client_for("ir_member"), text_url(cast))
    assert "Funds held abroad are released for humanitarian purchases." in iran
    assert "in stages" not in iran, "version 2 was shared with the US alone"
    assert CANARY["mediators"] not in iran
    assert client_for("ir_member").get(text_url(cast) + "?version=2").status_code == 404
    assert client_for("ir_member").get(text_url(cast) + "?version=3").status_code == 404
    us = page(client_for("us_observer"), text_url(cast))
    assert "in stages" in us and CANARY["mediators"] not in us
    assert "Version 3" not in us


def test_the_text_page_marks_languages_directions_and_bracketed_alternatives(
        cast: Cast, client_for: ClientFor) -> None:
    html = page(client_for("us_head"), text_url(cast) + "?version=1")
    assert re.search(r'class="wording authoritative" lang="en" dir="ltr"', html)
    assert re.search(r'class="wording translation" lang="ar" dir="rtl"', html)
    assert "تمتنع الأطراف عن مهاجمة قوات بعضها." in html
    assert "<bdi>[A]</bdi> under monitoring</span> / <span" in html and "<bdi>[B]</bdi> without conditions" in html


def test_a_mediator_sees_every_version_and_the_draft(cast: Cast, client_for: ClientFor) -> None:
    html = page(client_for("co_mediator"), text_url(cast))
    assert CANARY["mediators"] in html and "A draft: not shared with any party." in html
    assert "Edit this clause" in html and "Share version" in html


def test_attribution_is_shown_unless_the_text_is_a_non_paper_and_the_reader_a_party(
        cast: Cast, client_for: ClientFor) -> None:
    plain, non_paper = fresh_text(cast), fresh_text(cast, non_paper=True)
    us_name = str(cast.parties["us"].name)
    assert f"Proposed by {us_name}" in page(client_for("ir_member"), f"/texts/{plain.pk}/")
    assert f"Proposed by {us_name}" not in page(client_for("ir_member"), f"/texts/{non_paper.pk}/")
    assert f"Proposed by {us_name}" not in page(client_for("us_member"), f"/texts/{non_paper.pk}/")
    assert f"Proposed by {us_name}" in page(client_for("mediator"), f"/texts/{non_paper.pk}/")


def test_a_party_sees_its_own_stances_only_and_earlier_ones_as_stale(cast: Cast, client_for: ClientFor) -> None:
    html = page(client_for("us_head"), text_url(cast))
    assert "rejects" in html and CANARY["us"] in html
    assert CANARY["ir"] not in html and "Pending Tehran" not in html
    # Version 1: the US accepted both clauses; version 2 changed clause 2 only.
    v2 = version(cast, "text_us_version")
    actions.edit_clause(viewer_for(cast.user("mediator")), text_of(cast), base_version=3, key=keys(v2)[0],
                        clause={"body": {"en": "The parties refrain from all attacks."}})
    actions.share_version(viewer_for(cast.user("mediator")), queries.latest(text_of(cast)),
                          party_ids=[cast.parties["us"].pk])
    html = page(client_for("us_member"), text_url(cast))
    assert "accepted on version 2" in html and "stale: the clause changed" in html
    assert "rejected on version 2" in html and "the clause is unchanged: mark it again on this version" in html
    assert 'value="accept" checked' not in html and 'value="reject" checked' not in html, "never carried over"


def test_the_open_count_is_shown_to_a_party_only_when_the_mediators_share_it(
        cast: Cast, client_for: ClientFor) -> None:
    assert "still open" not in page(client_for("ir_head"), text_url(cast))
    response = client_for("mediator").post(text_url(cast, "settings/"), {"share_open_count": "on"})
    assert response.status_code == 302
    assert "1 clause is still open" in page(client_for("ir_head"), text_url(cast))


def test_a_mediator_compares_two_versions_word_by_word(cast: Cast, client_for: ClientFor) -> None:
    html = page(client_for("mediator"), text_url(cast, "compare/") + "?a=1&b=2&lang=en")
    assert "<ins><span class=\"marker\" aria-hidden=\"true\">+</span>" in html and "in stages" in html
    assert "added:" in html, "not colour alone"
    iran = client_for("ir_head")
    assert iran.get(text_url(cast, "compare/") + "?a=1&b=2").status_code == 404
    assert iran.get(text_url(cast, "compare/") + "?a=1&b=3").status_code == 404
    assert "only one version" in page(iran, text_url(cast, "compare/"))


def test_the_compare_page_diffs_arabic_words(cast: Cast, client_for: ClientFor) -> None:
    text = fresh_text(cast)
    v1 = queries.latest(text)
    actions.edit_clause(viewer_for(cast.user("mediator")), text, base_version=1, key=keys(v1)[0],
                        clause={"body": {"ar": "تلتزم الأطراف بوقف جميع الهجمات", "en": "The parties stop attacks"}})
    html = page(client_for("mediator"), f"/texts/{text.pk}/compare/?a=1&b=2&lang=ar")
    assert 'class="diff" lang="ar" dir="rtl"' in html
    assert "added: </span>جميع " in html


# --- the board -------------------------------------------------------------------------------------


def test_the_board_shows_each_partys_stance_as_a_word_with_comments_for_the_mediators(
        cast: Cast, client_for: ClientFor) -> None:
    html = page(client_for("mediator"), text_url(cast, "board/") + "?version=1")
    assert "reserves (pending instructions)" in html and CANARY["ir"] in html and "accepts" in html
    assert "stance-reserve" in html and "1 clause open" in html
    grid = page(client_for("mediator"), text_url(cast, "board/") + "?version=1&part=grid")
    assert grid.lstrip().startswith('<div id="board-grid"') and "<html" not in grid
    assert client_for("us_head").get(text_url(cast, "board/")).status_code == 403


def test_the_board_page_listens_for_stances_on_the_live_stream(cast: Cast, client_for: ClientFor) -> None:
    html = page(client_for("mediator"), text_url(cast, "board/"))
    assert f'data-live-talks="{cast.talks.pk}"' in html and "texts.stances_marked" in html
    assert f'data-live-refresh="/texts/{text_of(cast).pk}/board/?part=grid"' in html


# --- editing and sharing ---------------------------------------------------------------------------


def test_a_mediator_edits_a_clause_into_a_new_version(cast: Cast, client_for: ClientFor) -> None:
    v3 = version(cast, "text_draft")
    response = client_for("mediator").post(text_url(cast, "clauses/"), clause_form(
        keys(v3)[1], 3, "Funds are released in two stages.", note="After the call with Tehran"))
    assert response.status_code == 302
    latest = queries.latest(text_of(cast))
    assert latest.number == 4 and latest.clauses[1]["body"] == {"en": "Funds are released in two stages."}
    assert latest.note == {"en": "After the call with Tehran"}


def test_a_mediator_adds_and_removes_clauses(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("mediator")
    assert client.post(text_url(cast, "clauses/"), {
        "clause": "new", "new-base_version": "3", "new-number": "4", "new-body_ar": "تستأنف المحادثات"}
    ).status_code == 302
    assert [c["number"] for c in queries.latest(text_of(cast)).clauses] == ["1", "2", "3", "4"]
    key = keys(queries.latest(text_of(cast)))[2]
    assert client.post(text_url(cast, "clauses/"), {**clause_form(key, 4, "x", number="3"), "remove": "1"}
                       ).status_code == 302
    assert [c["number"] for c in queries.latest(text_of(cast)).clauses] == ["1", "2", "4"]


def test_a_concurrent_edit_gets_a_clear_conflict_and_saves_nothing(cast: Cast, client_for: ClientFor) -> None:
    key = keys(version(cast, "text_draft"))[0]
    assert client_for("mediator").post(text_url(cast, "clauses/"), clause_form(key, 3, "First", "1")
                                       ).status_code == 302
    before = snapshot()
    response = client_for("co_mediator").post(text_url(cast, "clauses/"), clause_form(key, 3, "Second", "1"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Another mediator saved version 4 of this text while you were editing version 3" in html
    assert "Nothing was saved" in html and snapshot() == before


def test_a_clause_with_markup_or_bidi_controls_is_refused_on_the_page(cast: Cast, client_for: ClientFor) -> None:
    key = keys(version(cast, "text_draft"))[0]
    before = snapshot()
    for body, says in (("<script>alert(1)</script>", "Clauses are plain text"),
                       ("Attacks \u202eend", "Remove the invisible text-direction characters.")):
        response = client_for("mediator").post(text_url(cast, "clauses/"), clause_form(key, 3, body, "1"))
        assert response.status_code == 400 and says in response.content.decode()
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert snapshot() == before


def test_a_party_cannot_edit_the_text(cast: Cast, client_for: ClientFor) -> None:
    before = snapshot()
    key = keys(version(cast, "text_shared"))[0]
    assert client_for("us_head").post(text_url(cast, "clauses/"), clause_form(key, 3, "Ours", "1")
                                      ).status_code == 403
    assert "Edit this clause" not in page(client_for("us_head"), text_url(cast))
    assert snapshot() == before


def test_a_mediator_shares_the_latest_version_and_the_party_then_reads_it(
        cast: Cast, client_for: ClientFor) -> None:
    v3 = version(cast, "text_draft")
    response = client_for("mediator").post(f"/texts/versions/{v3.pk}/share/", {"parties": [cast.parties["ir"].pk]})
    assert response.status_code == 302
    assert CANARY["mediators"] in page(client_for("ir_observer"), text_url(cast))
    assert "in stages" in page(client_for("ir_observer"), text_url(cast)), "version 3 keeps clause 2 of version 2"


def test_sharing_a_version_older_than_one_a_party_has_is_refused_with_a_reason(
        cast: Cast, client_for: ClientFor) -> None:
    before = snapshot()
    response = client_for("mediator").post(f"/texts/versions/{version(cast, 'text_shared').pk}/share/",
                                           {"parties": [cast.parties["us"].pk]})
    assert response.status_code == 400 and "A later version was already shared with" in response.content.decode()
    assert snapshot() == before


# --- stances ---------------------------------------------------------------------------------------


def stances_body(v: TextVersion, **by_key: dict[str, str]) -> dict[str, str]:
    body: dict[str, str] = {}
    for key, entry in by_key.items():
        body.update({f"{key}-{name}": value for name, value in entry.items()})
    return body


def test_a_party_marks_its_stances_and_its_comment_reaches_the_mediators_alone(
        cast: Cast, client_for: ClientFor) -> None:
    text = fresh_text(cast)
    v1 = queries.latest(text)
    a, b = keys(v1)
    response = client_for("ir_member").post(f"/texts/versions/{v1.pk}/stances/", stances_body(
        v1, **{a: {"stance": "accept"}, b: {"stance": "reserve", "comment": "Awaiting Tehran SECRET-IR-NOTE",
                                              "proposed": "in Muscat or Oman"}}))
    assert response.status_code == 302
    assert {s.clause_key: s.stance for s in Stance.objects.filter(version=v1)} == {a: "accept", b: "reserve"}
    assert "SECRET-IR-NOTE" in page(client_for("ir_observer"), f"/texts/{text.pk}/")
    assert "SECRET-IR-NOTE" in page(client_for("mediator"), f"/texts/{text.pk}/board/")
    assert "in Muscat or Oman" in page(client_for("mediator"), f"/texts/{text.pk}/board/")
    for persona in ("us_head", "us_member", "us_observer"):
        assert "SECRET-IR-NOTE" not in page(client_for(persona), f"/texts/{text.pk}/")


def test_a_stance_on_a_superseded_version_is_refused_and_changes_nothing(
        cast: Cast, client_for: ClientFor) -> None:
    v1 = version(cast, "text_shared")
    before = snapshot()
    response = client_for("us_head").post(f"/texts/versions/{v1.pk}/stances/",
                                          stances_body(v1, **{keys(v1)[0]: {"stance": "reject"}}))
    assert response.status_code == 403 and snapshot() == before
    html = page(client_for("us_head"), text_url(cast) + "?version=1")
    assert "A later version of this text was shared with your party" in html and 'name="' + keys(v1)[0] not in html


def test_a_stance_on_an_unshared_version_is_not_found(cast: Cast, client_for: ClientFor) -> None:
    v2 = version(cast, "text_us_version")
    before = snapshot()
    response = client_for("ir_head").post(f"/texts/versions/{v2.pk}/stances/",
                                          stances_body(v2, **{keys(v2)[0]: {"stance": "accept"}}))
    assert response.status_code == 404 and snapshot() == before


def test_saving_no_stance_at_all_is_a_clear_error(cast: Cast, client_for: ClientFor) -> None:
    v2 = version(cast, "text_us_version")
    before = snapshot()
    response = client_for("us_member").post(f"/texts/versions/{v2.pk}/stances/", {})
    assert response.status_code == 400 and "Mark at least one clause." in response.content.decode()
    assert snapshot() == before


def test_an_observer_reads_but_gets_no_stance_form(cast: Cast, client_for: ClientFor) -> None:
    html = page(client_for("ir_observer"), text_url(cast))
    assert "Your role reads the text; the negotiators mark the party" in html
    assert "Save our stances" not in html


# --- sign-off and export ---------------------------------------------------------------------------


def agreed_text(cast: Cast) -> tuple[NegotiatingText, TextVersion]:
    text = fresh_text(cast)
    v1 = queries.latest(text)
    accept_all(cast, "us_member", v1)
    accept_all(cast, "ir_member", v1)
    return text, v1


def test_when_all_accept_each_head_signs_off_and_the_text_is_frozen_with_its_digest(
        cast: Cast, client_for: ClientFor) -> None:
    text, v1 = agreed_text(cast)
    assert "Sign version 1 off" in page(client_for("us_head"), f"/texts/{text.pk}/")
    assert "Sign version 1 off" not in page(client_for("us_member"), f"/texts/{text.pk}/")
    for head in ("us_head", "ir_head"):
        response = client_for(head).post(f"/texts/versions/{v1.pk}/sign-off/", {"password": PASSWORD})
        assert response.status_code == 302, response.content.decode()[:400]
    text.refresh_from_db()
    assert text.signed_version_id == v1.pk
    html = page(client_for("ir_observer"), f"/texts/{text.pk}/")
    assert "signed: the text is frozen" in html and v1.digest in html
    assert str(cast.parties["us"].name) in html.split("Signed by:")[1]
    assert "Edit this clause" not in page(client_for("mediator"), f"/texts/{text.pk}/")


def test_a_wrong_password_signs_nothing(cast: Cast, client_for: ClientFor) -> None:
    _text, v1 = agreed_text(cast)
    before = snapshot()
    response = client_for("us_head").post(f"/texts/versions/{v1.pk}/sign-off/", {"password": "not it"})
    assert response.status_code == 400
    assert "That password is not right. Nothing was signed." in response.content.decode()
    assert snapshot() == before


def test_a_sign_off_by_a_non_head_is_refused(cast: Cast, client_for: ClientFor) -> None:
    _text, v1 = agreed_text(cast)
    before = snapshot()
    for persona in ("us_member", "mediator"):
        response = client_for(persona).post(f"/texts/versions/{v1.pk}/sign-off/", {"password": PASSWORD})
        assert response.status_code == 403
    assert snapshot() == before


def test_a_sign_off_before_all_accept_is_refused(cast: Cast, client_for: ClientFor) -> None:
    v1 = version(cast, "text_shared")
    before = snapshot()
    response = client_for("ir_head").post(f"/texts/versions/{v1.pk}/sign-off/", {"password": PASSWORD})
    assert response.status_code == 400 and "Not every party accepts every clause" in response.content.decode()
    assert snapshot() == before


def test_a_head_with_an_authenticator_is_asked_for_its_code(cast: Cast, client_for: ClientFor,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    text, v1 = agreed_text(cast)
    monkeypatch.setattr("wasit.accounts.queries.has_second_factor", lambda user_id: True)
    assert "six-digit code" in page(client_for("us_head"), f"/texts/{text.pk}/")


def test_the_export_downloads_a_pdf_and_a_docx_of_a_version_the_reader_may_see(
        cast: Cast, client_for: ClientFor) -> None:
    v1 = version(cast, "text_shared")
    pdf = client_for("ir_member").get(f"/texts/versions/{v1.pk}/export.pdf?lang=ar")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    assert "attachment" in pdf["Content-Disposition"]
    docx = client_for("us_member").get(f"/texts/versions/{version(cast, 'text_us_version').pk}/export.docx?lang=side")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_an_export_of_a_version_the_reader_may_not_see_is_not_found(cast: Cast, client_for: ClientFor) -> None:
    for persona, name in (("ir_member", "text_us_version"), ("us_head", "text_draft"), ("outsider", "text_shared")):
        response = client_for(persona).get(f"/texts/versions/{version(cast, name).pk}/export.pdf?lang=en")
        assert response.status_code == 404, (persona, name)
    assert client_for("mediator").get(f"/texts/versions/{version(cast, 'text_shared').pk}/export.odt"
                                      ).status_code == 404


# --- the canary ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["us_head", "us_member", "us_observer"])
def test_irans_comment_is_in_no_page_a_us_delegate_gets(cast: Cast, client_for: ClientFor, persona: str) -> None:
    client = client_for(persona)
    t = text_of(cast)
    urls = [f"/talks/{cast.talks.pk}/texts/", f"/texts/{t.pk}/", f"/texts/{t.pk}/?version=1",
            f"/texts/{t.pk}/?version=2", f"/texts/{t.pk}/compare/?a=1&b=2", f"/texts/{t.pk}/board/",
            f"/texts/{t.pk}/board/?part=grid&version=1"]
    received = b"".join(client.get(url).content for url in urls)
    assert CANARY["ir"].encode() not in received and b"Pending Tehran" not in received
    assert CANARY["us"].encode() in received, "the sweep reached the party's own comment"


def test_the_board_and_the_text_page_cost_the_same_queries_for_two_clauses_or_eight(
        cast: Cast, client_for: ClientFor) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = fresh_text(cast)
    lead = viewer_for(cast.user("mediator"))
    big = actions.create_text(lead, cast.talks, title={"en": "Long"}, authoritative_language="en", clauses=[
        {"number": str(n), "body": {"en": f"Clause {n}"}, "proposed_by": cast.parties["ir"].pk} for n in range(1, 9)])
    actions.share_version(lead, queries.latest(big), party_ids=[cast.parties["us"].pk, cast.parties["ir"].pk])
    for v in (queries.latest(small), queries.latest(big)):
        accept_all(cast, "us_member", v)
    for persona, suffix in (("mediator", "board/"), ("mediator", ""), ("us_member", "")):
        client = client_for(persona)
        counts = []
        for text in (small, big):
            client.get(f"/texts/{text.pk}/{suffix}")  # sessions and caches warm
            with CaptureQueriesContext(connection) as queries_run:
                assert client.get(f"/texts/{text.pk}/{suffix}").status_code == 200
            counts.append(len(queries_run))
        assert counts[0] == counts[1], (persona, suffix, counts)


def test_alternatives_typed_one_per_line_become_bracketed_alternatives(cast: Cast, client_for: ClientFor) -> None:
    key = keys(version(cast, "text_draft"))[0]
    response = client_for("mediator").post(text_url(cast, "clauses/"), clause_form(
        key, 3, "Funds are released", "1", alternatives_en="in stages\nat once", alternatives_ar="على مراحل\nدفعة واحدة"))
    assert response.status_code == 302
    assert queries.latest(text_of(cast)).clauses[0]["alternatives"] == [
        {"en": "in stages", "ar": "على مراحل"}, {"en": "at once", "ar": "دفعة واحدة"}]
    html = page(client_for("mediator"), text_url(cast))
    assert "<bdi>[A]</bdi> على مراحل</span> / <span" in html


def test_a_hidden_text_and_a_missing_one_answer_the_same_404(cast: Cast, client_for: ClientFor) -> None:
    client = client_for("ir_member")
    hidden = client.get(f"/texts/{text_of(cast).pk}/?version=2")
    for url in (f"/texts/{cast.extras['text'][1].pk}/", "/texts/987654/", "/texts/987654/board/",
                f"/texts/versions/{version(cast, 'text_draft').pk}/export.pdf"):
        other = client.get(url)
        assert other.status_code == hidden.status_code == 404 and other.content == hidden.content, url
