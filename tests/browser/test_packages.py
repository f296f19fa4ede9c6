"""The package engine in a real browser: the mediators' chart, a party scoring."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_pages import _log_in
from tests.personas import Cast

pytestmark = pytest.mark.django_db(transaction=True)


def _csp_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def test_lead_mediator_sees_the_frontier_chart_with_the_nash_point(live_server: Any, browser: Any, cast: Cast) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors = _csp_errors(page)
    _log_in(page, live_server.url, "om-lead")
    page.goto(f"{live_server.url}/talks/{cast.talks.pk}/")
    page.click("text=Open the package view")
    chart = page.locator("svg.frontier-chart")
    chart.wait_for()
    assert chart.locator("circle.frontier-point").count() >= 2
    nash = chart.locator("[data-point=nash] circle")
    assert nash.count() == 1
    box = nash.bounding_box()
    assert box is not None and box["width"] > 0, "the Nash point is drawn"
    assert page.locator("#solution-nash").is_visible()
    # Propose the Nash package: it is drafted in the mediators' room for relay.
    page.click("#solution-nash button")
    page.wait_for_selector("text=ready to relay from the shuttle board")
    assert page.locator("svg.frontier-chart [data-point=proposal]").count() == 1
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


def test_a_party_scores_in_persian_and_reads_its_preferences_back(live_server: Any, browser: Any, cast: Cast) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors = _csp_errors(page)
    _log_in(page, live_server.url, "ir-head")
    page.goto(f"{live_server.url}/talks/{cast.talks.pk}/packages/scores/")
    page.fill("#id_w-0", "0.9")
    page.fill("#id_v-0-1", "-1")
    page.click("form.scores-form button[type=submit]")
    assert "greater than or equal to 0" in page.locator("main").inner_text()
    page.fill("#id_v-0-1", "0.95")
    page.fill("#id_note", "A note for our delegation")
    page.click("form.scores-form button[type=submit]")
    page.wait_for_selector("text=Your scores were saved")
    text = page.locator("main").inner_text()
    assert "did not add up to 1" in text
    assert "You prefer No commitment to Pause on attacks on commercial ships." in text
    assert "Your utility:" in text
    page.select_option("#language-select", "fa")
    page.wait_for_selector("html[lang=fa][dir=rtl]")
    assert "توقف حمله به کشتی‌های تجاری" in page.locator("main").inner_text()
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


def test_a_party_sets_scores_with_sliders_and_reads_them_in_plain_words_before_saving(
        live_server: Any, browser: Any, cast: Cast) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors = _csp_errors(page)
    _log_in(page, live_server.url, "us-head")
    page.goto(f"{live_server.url}/talks/{cast.talks.pk}/packages/scores/")
    preview = page.locator(".live-preview")
    preview.wait_for()
    n_issues = page.locator("form.scores-form fieldset").count()
    options = page.locator("form.scores-form input[name^='v-0-']")
    titles = [page.locator(f"label[for='id_v-0-{j}']").inner_text().strip() for j in range(options.count())]

    # Sliders drive the numbers that are sent: the second option best, the first next.
    for j in range(len(titles)):
        page.locator(f"input.unit-slider[data-for='id_v-0-{j}']").fill({0: "0.95", 1: "1"}.get(j, "0"))
    assert page.input_value("#id_v-0-1") == "1"
    assert page.input_value("#id_v-0-0") == "0.95"
    # And typing a number moves its slider.
    for i in range(n_issues):
        page.fill(f"#id_w-{i}", "1")
    assert page.input_value("input.unit-slider[data-for='id_w-0']") == "1"

    text = preview.inner_text()
    assert f"You prefer {titles[1]} to {titles[0]}." in text
    assert f"weight {round(100 / n_issues)} out of 100" in text  # shares of the sum, as saved

    page.click("form.scores-form button[type=submit]")
    page.wait_for_selector("text=Your scores were saved")
    assert f"You prefer {titles[1]} to {titles[0]}." in page.locator("main").inner_text()

    page.select_option("#language-select", "ar")
    page.wait_for_selector("html[lang=ar][dir=rtl]")
    live = page.locator(".live-preview")
    assert "كما ضبطتموها الآن" in live.inner_text()
    assert "تفضّل" in live.inner_text() and "الوزن" in live.inner_text()
    assert "Reservation value" not in page.locator("form.scores-form").inner_text()
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()
