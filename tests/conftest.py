from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.live.server import Deployment
from tests.personas import Cast, CastIds, build_cast


@pytest.fixture(scope="session")
def _committed_cast(django_db_setup: None, django_db_blocker: Any) -> CastIds:
    """The Muscat cast, built and committed once per test run (per worker).

    Building it through the actions costs about a tenth of a second; a
    thousand tests paid that each. Session fixtures run before a test's
    transaction opens, so this commit is outside every test's rollback.
    """
    with django_db_blocker.unblock():
        return CastIds.of(build_cast())


@pytest.fixture(scope="session")
def _cast_snapshot(_committed_cast: CastIds, django_db_blocker: Any) -> bytes:
    """The committed cast's objects, pickled once: a test unpickles its own copy
    (0.1 ms) instead of reading them back (7 ms, about twenty queries), and
    whatever a test changes in its objects stays with that test."""
    with django_db_blocker.unblock():
        return pickle.dumps(_committed_cast.load())


@pytest.fixture
def cast(_committed_cast: CastIds, _cast_snapshot: bytes, db: None) -> Cast:
    if _committed_cast.present():
        loaded: Cast = pickle.loads(_cast_snapshot)  # noqa: S301 (made by this process)
        return loaded
    # A transactional test flushed the tables: build a private cast, rolled back with the test.
    return build_cast()


@pytest.fixture
def client_for(cast: Cast) -> Callable[[str | None], Client]:
    """A logged-in HTTP client for a persona; None gives an anonymous client."""

    def make(persona: str | None) -> Client:
        client = Client(enforce_csrf_checks=False)
        if persona is not None:
            client.force_login(cast.user(persona), backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


def pytest_report_header(config: pytest.Config) -> list[str]:
    url = os.environ.get("DATABASE_URL", "")
    db = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    return [f"wasit database: {db}", f"CI: {os.environ.get('CI', 'false')}"]


@pytest.fixture(autouse=True)
def _english_to_begin_with() -> None:
    """Django's LocaleMiddleware leaves the last request's language active in its thread:
    a test that asked for an Arabic page must not make the next test's refusals Arabic."""
    from django.utils import translation

    translation.activate("en")


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Room ids are reused after a test's rollback; cached audiences must not outlive it."""
    from wasit.caucus.queries import forget_rooms
    from wasit.live.auth import viewer_cache
    from wasit.live.hub import hub
    from wasit.policy.audience import room_audience

    def forget() -> None:
        room_audience.cache_clear()
        viewer_cache.clear()
        forget_rooms()
        hub.forget_seat_changes()  # event ids, and so seat changes, are reused after a rollback

    forget()
    yield
    forget()


@pytest.fixture(autouse=True)
def _own_witness(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The witness file records what was committed; tests share one committed cast and then
    diverge (rolled back, or flushed), so each test gets a witness of its own."""
    from wasit.audit import heads

    monkeypatch.setattr(heads, "witness_path", lambda: tmp_path / "witness.jsonl")


@pytest.fixture(scope="session")
def _sqlite_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Deployment:
    """`wasit demo --no-serve` once per worker, into a SQLite data folder."""
    template = Deployment(tmp_path_factory.mktemp("sqlite-demo") / "data", None)
    template.prepare()
    return template


@pytest.fixture
def sqlite_demo(_sqlite_demo_template: Deployment, tmp_path: Path) -> Deployment:
    """A fresh copy of the loaded SQLite demo (modes kept), for commands that change it."""
    data = tmp_path / "data"
    shutil.copytree(_sqlite_demo_template.data_dir, data)
    return Deployment(data, None)


# Modules whose module-scoped fixture is expensive (a served deployment, a
# browser) run in two xdist groups each (`--dist loadgroup`): each of the two
# workers builds the fixture once and runs half the tests, where one group
# left one worker running them all while the other had finished.
_ONE_WORKER_MODULES = ("tests/fuzz/test_api_fuzz.py", "tests/browser/")


# Tests that never use the suite's database: the pure engine, static checks,
# and the CLI tests, which run `wasit` on SQLite data folders of their own (or,
# for the one PostgreSQL backup test, on databases they create) whatever
# DATABASE_URL says. The PostgreSQL phase of `make test` leaves them to the
# SQLite phase instead of running the same thing twice.
_SAME_ON_EVERY_DATABASE = ("tests/engine/", "tests/i18n/", "tests/architecture/", "tests/cli/", "tests/dates/",
                           "tests/test_docs.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.fspath)
        if any(part in path for part in _SAME_ON_EVERY_DATABASE):
            item.add_marker(pytest.mark.same_on_every_database)
        for module in _ONE_WORKER_MODULES:
            if module in path and item.get_closest_marker("xdist_group") is None:
                item.add_marker(pytest.mark.xdist_group(_group_of(module, path)))
                break


def _group_of(module: str, path: str) -> str:
    """Two groups per expensive module, so that the two workers share it (each builds its fixture once).

    The browser tests split by file, the fuzz cases by operation (`tests/fuzz/test_api_fuzz.py`).
    """
    if module == "tests/browser/":
        files = sorted(p.name for p in (Path(__file__).parent / "browser").glob("test_*.py"))
        name = path.rsplit("/", 1)[-1]
        return f"browser-{files.index(name) % 2 if name in files else 0}"
    return "fuzz-0"
