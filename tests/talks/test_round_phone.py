"""The round pages in a real browser at phone width (390 px), in English, Arabic and Persian."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import browser  # noqa: F401 (the fixture)
from tests.personas import PASSWORD, Cast

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _phone(browser: Any, base: str, username: str, language: str) -> Any:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": "wasit_language", "value": language, "url": base}])
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


@pytest.mark.parametrize("language", ["en", "ar", "fa"])
def test_round_and_minutes_pages_fit_a_phone(live_server: Any, browser: Any, cast: Cast,  # noqa: F811
                                             language: str) -> None:
    january = cast.rounds[1]
    mediator = _phone(browser, live_server.url, "om-lead", language)
    party = _phone(browser, live_server.url, "us-member", language)
    for page, path in ((mediator, f"/rounds/{january.pk}/"), (mediator, f"/rounds/{january.pk}/minutes/"),
                       (mediator, f"/rounds/{cast.rounds[2].pk}/"), (party, f"/rounds/{january.pk}/")):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("html").get_attribute("dir") == ("ltr" if language == "en" else "rtl")
        # The page's own content (the masthead is the base template's business).
        width = page.evaluate("document.querySelector('main').scrollWidth")
        outside = page.evaluate("""[...document.querySelectorAll('main *')].filter(e =>
            e.getBoundingClientRect().right > 390.5 || e.getBoundingClientRect().left < -0.5)
            .map(e => e.tagName + '.' + e.className + ' ' + (e.id || e.name || '')).slice(-5)""")
        assert width <= 390 and not outside, f"{path} in {language}: {width} px, {outside}"
    party.goto(f"{live_server.url}/rounds/{january.pk}/")
    assert "Iran heard your request" in party.locator("main").inner_text()
    mediator.context.close()
    party.context.close()
