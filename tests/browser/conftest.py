from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.skips import skip_or_fail

CHROMIUM = os.environ.get("WASIT_CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in the test thread; Django's
# guard against sync database calls from async code must be told it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


# Per module, not per session: while Playwright runs, its event loop is the
# running loop of this thread, and the tests a worker runs after the browser
# tests (asyncio.run, ASGI drivers) need that thread free of it.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        skip_or_fail(f"no Chromium at {CHROMIUM}: `apt-get install chromium` to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()
