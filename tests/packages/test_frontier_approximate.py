"""A domain too large for its exact frontier: the refusal states the estimate, in the reader's
language, and the mediators can ask for an approximate frontier, labelled wherever it shows."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client, override_settings

from tests.personas import Cast
from wasit.accounts.actions import create_user
from wasit.packages import actions
from wasit.packages.models import NegotiationDomain, Proposal
from wasit.policy import SYSTEM, viewer_for
from wasit.schedule.actions import save_display_preferences
from wasit.talks import actions as talks_actions
from wasit.talks.localized import LocalText
from wasit.talks.models import Party, Role

Clients = Callable[[str | None], Client]

#: The budget the tests give the engine, and what a request may take beyond it (building the
#: scenario, picking the solutions, rendering; a loaded 2-core machine).
BUDGET_SECONDS = 0.5
MARGIN_SECONDS = 2.5


def _big_domain(cast: Cast, *, parties: int) -> NegotiationDomain:
    """The largest domain the app accepts (20 issues of 20 options), scored at random by every
    party; with a third party its exact frontier is far beyond a request's budget."""
    lead = viewer_for(cast.user("mediator"))
    domain = actions.define_domain(lead, cast.talks, name="Everything at once", issues=[
        {"title": {"en": f"Issue {i}"}, "options": [f"option {i}.{j}" for j in range(20)]}
        for i in range(20)])
    seats: list[tuple[Party, AbstractBaseUser]] = [(cast.parties["us"], cast.user("us_head")),
                                                   (cast.parties["ir"], cast.user("ir_head"))]
    if parties == 3:
        party = talks_actions.add_party(lead, cast.talks, code="eu", name=LocalText(en="European Union"))
        eu_head = create_user(SYSTEM, username="eu-head", password="x" * 20, check_password=False)
        talks_actions.seat_member(lead, cast.talks, user_id=eu_head.pk, role=Role.HEAD, party=party)
        seats.append((party, get_user_model().objects.get(pk=eu_head.pk)))
    rng = np.random.default_rng(7)
    for party, head in seats:
        actions.save_scores(viewer_for(head), party, weights=(rng.random(20) * 0.9 + 0.1).tolist(),
                            values=rng.random((20, 20)).round(3).tolist(), reservation=0.0)
    return domain


def _timed(client: Client, url: str) -> tuple[str, float]:
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), time.perf_counter() - started


@override_settings(WASIT_ENGINE_SECONDS=BUDGET_SECONDS)
def test_a_huge_domain_is_refused_within_the_budget_with_its_estimate_in_english_and_arabic(
        cast: Cast, client_for: Clients) -> None:
    _big_domain(cast, parties=3)
    client = client_for("mediator")
    html, seconds = _timed(client, f"/talks/{cast.talks.pk}/packages/")
    assert seconds < BUDGET_SECONDS + MARGIN_SECONDS
    refusal = html[html.index('id="frontier-refusal"'):]
    refusal = refusal[:refusal.index("</div>")]
    assert "This domain is too large to compute its frontier exactly." in refusal
    assert "does not fit the budget of 0.5 s and 512 MB" in refusal
    assert re.search(r"the frontier would have about [\d,]+ packages", refusal)
    assert "fewer options per issue, or ask for the approximate frontier" in refusal
    assert 'name="approximate" value="1"' in refusal and "Compute an approximate frontier" in refusal

    api = client.get(f"/api/v1/talks/{cast.talks.pk}/frontier").json()
    assert api["frontier"] == [] and api["approximate"] is False
    assert api["estimated_size"] > 1000
    assert f"about {api['estimated_size']:,} packages" in api["too_large"]

    client.cookies["wasit_language"] = "ar"
    html = client.get(f"/talks/{cast.talks.pk}/packages/").content.decode()
    assert "هذا المجال أكبر من أن يُحسب حده بدقة." in html
    assert "أو اطلب الحد التقريبي" in html
    # The demo's mediator reads numbers in the language's own digits: the estimate too.
    assert "لا يتّسع لميزانية ٠٫٥ ث و٥١٢ ميغابايت" in html
    estimate = re.search(r"سيضمّ الحد نحو ([٠-٩٬]+) حزمة", html)
    assert estimate is not None and len(estimate.group(1)) >= 4
    save_display_preferences(viewer_for(cast.user("mediator")), calendar="gregorian", digits="western")
    html = client.get(f"/talks/{cast.talks.pk}/packages/").content.decode()
    assert "لا يتّسع لميزانية 0.5 ث و512 ميغابايت" in html
    estimate = re.search(r"سيضمّ الحد نحو ([0-9,]+) حزمة", html)
    assert estimate is not None and len(estimate.group(1)) >= 4


@override_settings(WASIT_ENGINE_SECONDS=BUDGET_SECONDS)
def test_the_approximate_frontier_of_a_huge_domain_is_labelled_and_answers_within_the_budget(
        cast: Cast, client_for: Clients) -> None:
    _big_domain(cast, parties=3)
    client = client_for("mediator")
    html, seconds = _timed(client, f"/talks/{cast.talks.pk}/packages/?approximate=1")
    assert seconds < BUDGET_SECONDS + MARGIN_SECONDS
    assert "Approximate Pareto frontier and solutions" in html and 'id="approximate-badge"' in html
    assert "by ε-box thinning of the issue-by-issue merge" in html
    assert re.search(r"gives each party at most 0\.\d+ less", html)
    assert "Packages on the approximate frontier:" in html and 'class="frontier-table"' in html
    assert "The solutions below are picked on the approximate frontier." in html

    started = time.perf_counter()
    api = client.get(f"/api/v1/talks/{cast.talks.pk}/frontier?approximate=true").json()
    assert time.perf_counter() - started < BUDGET_SECONDS + MARGIN_SECONDS
    assert api["approximate"] is True and api["too_large"] is None
    assert api["method"].startswith("ε-box thinning") and 0 < api["error_bound"] < 1
    assert api["approximate_note"] and len(api["frontier"]) > 100
    assert all(api["solutions"][name] is not None for name in ("nash", "kalai_smorodinsky", "egalitarian"))

    client.cookies["wasit_language"] = "fa"
    html = client.get(f"/talks/{cast.talks.pk}/packages/?approximate=1").content.decode()
    assert "مرز پارتوی تقریبی و راه‌حل‌ها" in html and "تقریبی" in html


@override_settings(WASIT_ENGINE_SECONDS=BUDGET_SECONDS)
def test_a_package_proposed_from_the_approximate_frontier_is_drafted_and_placed(
        cast: Cast, client_for: Clients) -> None:
    domain = _big_domain(cast, parties=3)
    client = client_for("mediator")
    api = client.get(f"/api/v1/talks/{cast.talks.pk}/frontier?approximate=true").json()
    nash = api["solutions"]["nash"]["package"]
    html = client.get(f"/talks/{cast.talks.pk}/packages/?approximate=1").content.decode()
    assert 'name="approximate" value="1"' in html.split('id="solution-nash"')[1].split("</article>")[0]
    form = {"label": "nash", "approximate": "1", **{f"o-{i}": str(o) for i, o in enumerate(nash)}}
    response = client.post(f"/talks/{cast.talks.pk}/packages/propose/", form)
    assert response.status_code == 302 and response["Location"].endswith("/packages/?approximate=1")
    proposal = Proposal.objects.filter(domain=domain).latest("id")
    assert proposal.package == nash and proposal.label == "nash"
    page = client.get(response["Location"]).content.decode()
    assert "ready to relay from the shuttle board" in page
    # The proposal is a listed package: nothing listed beats it, and the page does not claim more.
    assert "No listed package gives one party more without giving another less" in page
    api = client.get(f"/api/v1/talks/{cast.talks.pk}/frontier?approximate=true").json()
    assert api["proposal"]["package"] == nash and api["proposal_pareto_optimal"] is None


@override_settings(WASIT_ENGINE_SECONDS=0.001)
def test_a_two_party_approximate_frontier_is_labelled_on_the_chart(cast: Cast, client_for: Clients) -> None:
    # So short a budget makes the engine thin even a two-party frontier.
    _big_domain(cast, parties=2)
    html = client_for("mediator").get(f"/talks/{cast.talks.pk}/packages/?approximate=1").content.decode()
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert "Approximate Pareto frontier: utility for" in svg
    assert 'class="chart-approximate"' in svg and 'stroke-dasharray="6 3"' in svg
    assert "Approximate Pareto frontier (each party within 0." in html


def test_asking_for_the_approximate_frontier_of_a_small_domain_gives_the_exact_one(
        cast: Cast, client_for: Clients) -> None:
    client = client_for("mediator")
    html = client.get(f"/talks/{cast.talks.pk}/packages/?approximate=1").content.decode()
    assert "the exact one fits the budget: this is the exact frontier" in html
    assert 'id="approximate-badge"' not in html
    api = client.get(f"/api/v1/talks/{cast.talks.pk}/frontier?approximate=true").json()
    assert api["approximate"] is False and api["method"] is None and api["error_bound"] is None
    assert api["frontier"]


@pytest.mark.parametrize("persona", ["us_head", "ir_member"])
def test_parties_cannot_ask_for_an_approximate_frontier_either(cast: Cast, client_for: Clients,
                                                              persona: str) -> None:
    client = client_for(persona)
    assert client.get(f"/talks/{cast.talks.pk}/packages/?approximate=1").status_code == 403
    assert client.get(f"/api/v1/talks/{cast.talks.pk}/frontier?approximate=nonsense").status_code == 403


def test_a_bad_approximate_value_gets_a_clear_400(cast: Cast, client_for: Clients) -> None:
    response = client_for("mediator").get(f"/api/v1/talks/{cast.talks.pk}/frontier?approximate=maybe")
    assert response.status_code == 400
    assert "must be true or false" in response.content.decode()



@override_settings(WASIT_ENGINE_SECONDS=BUDGET_SECONDS)
def test_the_api_hands_a_large_frontier_out_in_pages(cast: Cast, client_for: Clients) -> None:
    """A frontier of thousands of points is paged: each answer stays small, and the pages
    together are the whole (exact, so the same on every call) frontier, in order, without a
    point twice."""
    _big_domain(cast, parties=2)
    client = client_for("mediator")
    url = f"/api/v1/talks/{cast.talks.pk}/frontier?approximate=false"
    first = client.get(url).json()
    total = first["frontier_total"]
    assert first["approximate"] is False and first["too_large"] is None
    assert total > 100 and first["frontier_offset"] == 0
    assert len(first["frontier"]) == min(total, 1000)
    pages, offset = [], 0
    while offset < total:
        page = client.get(f"{url}&frontier_offset={offset}&frontier_limit=40").json()
        assert page["frontier_offset"] == offset and page["frontier_total"] == total
        assert len(page["frontier"]) == min(40, total - offset)
        pages += [tuple(p["package"]) for p in page["frontier"]]
        offset += 40
    assert len(pages) == total == len(set(pages))
    assert pages[:len(first["frontier"])] == [tuple(p["package"]) for p in first["frontier"]]


@pytest.mark.parametrize("query", ["frontier_limit=0", "frontier_limit=10001", "frontier_offset=-1",
                                   "frontier_limit=ten"])
def test_a_bad_page_of_the_frontier_is_refused_with_the_field(cast: Cast, client_for: Clients,
                                                              query: str) -> None:
    response = client_for("mediator").get(f"/api/v1/talks/{cast.talks.pk}/frontier?{query}")
    assert response.status_code == 400
    assert response.json()["field"] == query.split("=")[0]


def test_the_frontier_count_is_written_in_the_readers_digits(cast: Cast, client_for: Clients) -> None:
    """The mediators' count of frontier packages follows the digits they chose, like every date."""
    client = client_for("mediator")
    english = client.get(f"/talks/{cast.talks.pk}/packages/").content.decode()
    count = re.search(r"Packages on the frontier: (\d+)\.", english)
    assert count, "the demo's domain has a frontier"
    save_display_preferences(viewer_for(cast.user("mediator")), calendar="gregorian", digits="native")
    client.cookies["wasit_language"] = "ar"
    arabic = client.get(f"/talks/{cast.talks.pk}/packages/").content.decode()
    arabic_digits = count.group(1).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert f"الحزم على الحد: {arabic_digits}." in arabic
