"""The package pages and API over HTTP: what each persona sees, and what bad input gets."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.access.matrix import ENTRY_POINTS
from tests.access.test_matrix import _call, _url
from tests.packages.test_actions import BILLION_LAUGHS, EXTERNAL_ENTITY
from tests.personas import CANARY, Cast
from wasit.demo import muscat
from wasit.packages import actions
from wasit.packages.analysis import utility
from wasit.packages.models import NegotiationDomain, ScoreVersion
from wasit.policy import viewer_for

Clients = Callable[[str | None], Client]


def _hide_scores(cast: Cast) -> None:
    domain = actions.current_domain(cast.talks.pk)
    assert domain is not None
    actions.set_scores_hidden(viewer_for(cast.user("mediator")), domain, hidden=True)


def _form(values: dict[str, str], cast: Cast) -> dict[str, str]:
    domain = actions.current_domain(cast.talks.pk)
    assert domain is not None
    weights, demo_values, _r = muscat.DEMO_SCORES["us"]
    data = {"domain": str(domain.pk), "reservation": "0.3", "note": ""}
    data |= {f"w-{i}": str(w) for i, w in enumerate(weights)}
    data |= {f"v-{i}-{j}": str(v) for i, row in enumerate(demo_values) for j, v in enumerate(row)}
    return data | values


def test_mediators_see_the_frontier_as_an_svg_chart_with_the_solutions_marked(cast: Cast, client_for: Clients) -> None:
    page = client_for("mediator").get(f"/talks/{cast.talks.pk}/packages/")
    html = page.content.decode()
    assert page.status_code == 200
    svg = html[html.index("<svg"):html.index("</svg>")]
    for kind in ("nash", "kalai_smorodinsky", "egalitarian", "proposal"):
        assert f'data-point="{kind}"' in svg
    assert 'class="frontier-point"' in svg
    assert "style=" not in html and "<script>" not in html, "the CSP forbids inline style and script"
    assert "Propose this package" in html and "Nash bargaining solution" in html


def test_chart_coordinates_stay_plain_numbers_in_arabic_and_persian(cast: Cast, client_for: Clients) -> None:
    client = client_for("mediator")
    for lang in ("ar", "fa"):
        client.cookies["wasit_language"] = lang
        html = client.get(f"/talks/{cast.talks.pk}/packages/").content.decode()
        svg = html[html.index("<svg"):html.index("</svg>")]
        numbers = re.findall(r' (?:cx|cy|x|y|x1|y1|x2|y2|width|height)="([^"]*)"', svg)
        assert numbers and all(re.fullmatch(r"[\d.]+", n) for n in numbers), lang
        assert re.search(r'points="[\d., ]+"', svg), lang


def test_the_charts_nash_point_is_where_the_engine_puts_it(cast: Cast, client_for: Clients) -> None:
    frontier = client_for("mediator").get(f"/api/v1/talks/{cast.talks.pk}/frontier").json()
    nash = frontier["solutions"]["nash"]
    html = client_for("mediator").get(f"/talks/{cast.talks.pk}/packages/").content.decode()
    match = re.search(r'data-point="nash">.*?<circle cx="([\d.]+)" cy="([\d.]+)"', html, re.S)
    assert match is not None
    x, y = float(match.group(1)), float(match.group(2))
    assert abs(x - (50 + nash["utilities"][0] * 300)) < 0.01
    assert abs(y - (350 - nash["utilities"][1] * 300)) < 0.01


def test_three_parties_get_a_table_instead_of_a_chart(cast: Cast, client_for: Clients) -> None:
    from wasit.talks import actions as talks_actions
    from wasit.talks.localized import LocalText

    lead = viewer_for(cast.user("mediator"))
    party = talks_actions.add_party(lead, cast.talks, code="eu", name=LocalText(en="European Union"))
    domain = actions.current_domain(cast.talks.pk)
    assert domain is not None
    from django.contrib.auth import get_user_model

    from wasit.accounts.actions import create_user
    from wasit.policy import SYSTEM
    from wasit.talks.models import Role

    user = create_user(SYSTEM, username="eu-head", password="x" * 20, check_password=False)
    talks_actions.seat_member(lead, cast.talks, user_id=user.pk, role=Role.HEAD, party=party)
    weights, values, reservation = muscat.DEMO_SCORES["us"]
    actions.save_scores(viewer_for(get_user_model().objects.get(pk=user.pk)), party, weights=weights,
                        values=values, reservation=reservation)
    html = client_for("mediator").get(f"/talks/{cast.talks.pk}/packages/").content.decode()
    assert "<svg" not in html and 'class="frontier-table"' in html and "European Union" in html


def test_a_party_scores_sees_its_preview_and_is_told_the_weights_were_normalised(cast: Cast, client_for: Clients) -> None:
    client = client_for("us_head")
    before = ScoreVersion.objects.filter(party=cast.parties["us"]).count()
    response = client.post(f"/talks/{cast.talks.pk}/packages/scores/save/",
                           _form({"w-0": "2", "w-1": "1", "w-2": "1", "w-3": "1"}, cast), follow=True)
    # A weight of 2 is out of range: the form says so and nothing is saved.
    assert response.status_code == 400
    assert ScoreVersion.objects.filter(party=cast.parties["us"]).count() == before
    response = client.post(f"/talks/{cast.talks.pk}/packages/scores/save/",
                           _form({"w-0": "0.5", "w-1": "0.5", "w-2": "0.5", "w-3": "0.5",
                                  "note": "fresh"}, cast), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert ScoreVersion.objects.filter(party=cast.parties["us"]).count() == before + 1
    assert "did not add up to 1" in html
    assert "You prefer Full halt, monitored to Pause on attacks on commercial ships." in html
    assert "fresh" in html


def test_bad_score_input_gets_clear_form_errors_and_changes_nothing(cast: Cast, client_for: Clients) -> None:
    before = ScoreVersion.objects.count()
    for bad in ({"v-0-1": "-0.2"}, {"v-0-1": "abc"}, {"reservation": "7"}, {"v-0-1": "inf"},
                {"w-0": "0", "w-1": "0", "w-2": "0", "w-3": "0"}):
        response = client_for("us_head").post(f"/talks/{cast.talks.pk}/packages/scores/save/",
                                              _form(bad, cast))
        assert response.status_code == 400, bad
        assert 'class="errorlist' in response.content.decode(), bad
    assert ScoreVersion.objects.count() == before


def test_a_party_sees_only_its_own_utility_of_a_shared_package(cast: Cast, client_for: Clients) -> None:
    shared = cast.proposals["shared"]
    us_latest = ScoreVersion.objects.filter(party=cast.parties["us"]).latest("version")
    ir_latest = ScoreVersion.objects.filter(party=cast.parties["ir"]).latest("version")
    mine = utility(us_latest.weights, us_latest.values, shared.package)
    theirs = utility(ir_latest.weights, ir_latest.values, shared.package)
    html = client_for("us_head").get(f"/talks/{cast.talks.pk}/packages/scores/").content.decode()
    assert f"Your utility: {mine:.2f}" in html
    assert f"{theirs:.2f}" not in html and f"{theirs:.3f}" not in html
    api = client_for("us_member").get(f"/api/v1/talks/{cast.talks.pk}/proposals").json()
    assert [p["id"] for p in api] == [shared.pk], "the draft stays with the mediators"
    assert api[0]["my_utility"] == round(mine, 4) and api[0]["utilities"] is None


def test_mediators_get_every_partys_utility_of_each_proposal(cast: Cast, client_for: Clients) -> None:
    api = client_for("co_mediator").get(f"/api/v1/talks/{cast.talks.pk}/proposals").json()
    assert {p["id"] for p in api} == {cast.proposals["shared"].pk, cast.proposals["draft"].pk}
    assert all(set(p["utilities"]) == {str(cast.parties["us"].pk), str(cast.parties["ir"].pk)} for p in api)


def test_parties_learn_nothing_of_the_frontier(cast: Cast, client_for: Clients) -> None:
    for persona in ("us_head", "ir_member", "ir_observer"):
        client = client_for(persona)
        assert client.get(f"/talks/{cast.talks.pk}/packages/").status_code == 403
        assert client.get(f"/api/v1/talks/{cast.talks.pk}/frontier").status_code == 403
        other = "ir" if persona.startswith("us") else "us"
        assert client.get(f"/api/v1/talks/{cast.talks.pk}/parties/{cast.parties[other].pk}/scores"
                          ).status_code == 404


def test_hidden_scores_reach_no_mediator_from_any_route_or_the_stream(cast: Cast, client_for: Clients) -> None:
    _hide_scores(cast)
    weights, values, reservation = muscat.DEMO_SCORES["ir"]
    actions.save_scores(viewer_for(cast.user("ir_head")), cast.parties["ir"], weights=weights, values=values,
                        reservation=reservation, note=f"again {CANARY['ir_score']}")
    for persona in ("mediator", "co_mediator"):
        client = client_for(persona)
        received = b""
        for entry_point, (method, template, _name) in ENTRY_POINTS.items():
            if method == "GET":
                received += _call(client, method, _url(template, cast), entry_point, cast).content  # type: ignore[attr-defined]
        assert CANARY["ir_score"].encode() not in received
        assert CANARY["us_score"].encode() not in received
        assert b"packages.scores_saved" in received, "earlier, visible score events are still replayed"
        seen = [(p["party_id"], p["version"]) for p in _score_events(client, cast)]
        assert (cast.parties["ir"].pk, 2) in seen, "saved before the setting changed"
        assert (cast.parties["ir"].pk, 3) not in seen, "saved after: Iran's alone"
        # The engine's outputs still reach them.
        assert client.get(f"/api/v1/talks/{cast.talks.pk}/frontier").json()["solutions"]["nash"]
        assert client.get(f"/talks/{cast.talks.pk}/packages/parties/{cast.parties['ir'].pk}/scores/"
                          ).status_code == 403
    # Iran still reads its own scores and hears of its own save; the US does not.
    assert (cast.parties["ir"].pk, 3) in [(p["party_id"], p["version"])
                                          for p in _score_events(client_for("ir_member"), cast)]
    us_hears = _score_events(client_for("us_head"), cast)
    assert us_hears, "the US hears of its own saves (so the check below is not over nothing)"
    assert all(p["party_id"] != cast.parties["ir"].pk for p in us_hears)
    assert CANARY["ir_score"].encode() in client_for("ir_member").get(
        f"/talks/{cast.talks.pk}/packages/scores/").content


def _score_events(client: Client, cast: Cast) -> list[dict[str, object]]:
    """The payloads of the score events a client's stream replays."""
    stream = client.get(f"/api/v1/stream?talks={cast.talks.pk}&last_event_id=0").content.decode()
    frames = [json.loads(line[6:]) for line in stream.splitlines() if line.startswith("data: ")]
    return [f["payload"] for f in frames if f["kind"] == "packages.scores_saved"]


def test_a_party_never_receives_the_other_sides_score_events_in_the_stream(cast: Cast, client_for: Clients) -> None:
    parties = {p["party_id"] for p in _score_events(client_for("us_head"), cast)}
    assert parties == {cast.parties["us"].pk}
    assert {p["party_id"] for p in _score_events(client_for("co_mediator"), cast)} == {
        cast.parties["us"].pk, cast.parties["ir"].pk}


def test_mediators_define_a_domain_from_the_agenda_form(cast: Cast, client_for: Clients) -> None:
    response = client_for("co_mediator").post(f"/talks/{cast.talks.pk}/packages/define/", {
        "language": "ar", "issues": "الملاحة: مفتوحة; مغلقة\n\nالأسرى: تبادل; لا"}, follow=True)
    assert response.status_code == 200
    domain = NegotiationDomain.objects.filter(talks=cast.talks).latest("id")
    assert domain.issues[1] == {"title": {"ar": "الأسرى"}, "options": [{"ar": "تبادل"}, {"ar": "لا"}]}
    # The parties must score the new domain afresh.
    assert "Waiting for the scores of:" in response.content.decode()


def test_a_malformed_agenda_gets_a_form_error_and_changes_nothing(cast: Cast, client_for: Clients) -> None:
    before = NegotiationDomain.objects.count()
    response = client_for("mediator").post(f"/talks/{cast.talks.pk}/packages/define/",
                                           {"language": "en", "issues": "Shipping: open"})
    assert response.status_code == 400
    assert "needs at least two options" in response.content.decode()
    assert NegotiationDomain.objects.count() == before


def test_hostile_genius_uploads_get_a_clear_error_and_change_nothing(cast: Cast, client_for: Clients) -> None:
    before = NegotiationDomain.objects.count()
    for data in (BILLION_LAUGHS, EXTERNAL_ENTITY):
        response = client_for("mediator").post(f"/talks/{cast.talks.pk}/packages/import/", {
            "file": SimpleUploadedFile("domain.xml", data, content_type="text/xml")})
        assert response.status_code == 400
        assert "not allowed" in response.content.decode()
        response = client_for("mediator").post(f"/api/v1/talks/{cast.talks.pk}/domain/genius",
                                               {"xml": data.decode()}, content_type="application/json")
        assert response.status_code == 400 and response.json()["field"] == "file"
    big = SimpleUploadedFile("domain.xml", b" " * (actions.MAX_UPLOAD_BYTES + 1), content_type="text/xml")
    response = client_for("mediator").post(f"/talks/{cast.talks.pk}/packages/import/", {"file": big})
    assert response.status_code == 400 and "too large" in response.content.decode()
    assert NegotiationDomain.objects.count() == before


def test_the_api_refuses_out_of_range_scores_with_the_field(cast: Cast, client_for: Clients) -> None:
    before = ScoreVersion.objects.count()
    weights, values, _r = muscat.DEMO_SCORES["ir"]
    response = client_for("ir_head").post(
        f"/api/v1/talks/{cast.talks.pk}/scores",
        {"weights": weights, "values": [[1, 0.7, 2], *values[1:]], "reservation": 0.3},
        content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "v-0-2"
    assert ScoreVersion.objects.count() == before
    ok = client_for("ir_head").post(f"/api/v1/talks/{cast.talks.pk}/scores",
                                    {"weights": [0.5, 0.5, 1, 0.5], "values": values, "reservation": 0.3},
                                    content_type="application/json")
    assert ok.status_code == 201 and ok.json()["normalised"] is True
    assert ok.json()["weights"] == [0.2, 0.2, 0.4, 0.2]


def test_propose_then_share_from_the_package_view(cast: Cast, client_for: Clients) -> None:
    client = client_for("mediator")
    response = client.post(f"/talks/{cast.talks.pk}/packages/propose/",
                           {"label": "kalai_smorodinsky", "o-0": "2", "o-1": "1", "o-2": "2", "o-3": "2"},
                           follow=True)
    assert "ready to relay from the shuttle board" in response.content.decode()
    board = client.get(f"/talks/{cast.talks.pk}/board/").content.decode()
    assert "Package proposed for relay (Kalai–Smorodinsky solution)" in board
    proposal = cast.proposals["draft"]
    assert client_for("us_head").post(f"/proposals/{proposal.pk}/share/").status_code == 404
    client.post(f"/proposals/{proposal.pk}/share/")
    assert client_for("us_head").post(f"/proposals/{proposal.pk}/share/").status_code == 403
    assert len(client_for("us_head").get(f"/api/v1/talks/{cast.talks.pk}/proposals").json()) == 2


def test_the_talks_page_links_mediators_to_the_package_view_and_parties_to_their_scores(
    cast: Cast, client_for: Clients
) -> None:
    assert f"/talks/{cast.talks.pk}/packages/\"" in client_for("mediator").get(f"/talks/{cast.talks.pk}/").content.decode()
    party_page = client_for("ir_observer").get(f"/talks/{cast.talks.pk}/").content.decode()
    assert f"/talks/{cast.talks.pk}/packages/scores/" in party_page
    assert f"/talks/{cast.talks.pk}/packages/\"" not in party_page
