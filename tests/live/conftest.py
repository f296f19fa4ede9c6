from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live.server import Deployment, Server, drop_postgres, fresh_postgres_url

USERS = ("om-lead", "us-head", "us-observer", "ir-head")


def _postgres_base() -> str | None:
    base = os.environ.get("DATABASE_URL", "")
    return base if base.startswith("postgres") else None


@pytest.fixture(scope="session")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """The Muscat demo with API tokens, prepared once; each test gets a copy."""
    base = _postgres_base()
    url = fresh_postgres_url(base) if base else None
    template = Deployment(tmp_path_factory.mktemp("template") / "data", url)
    template.prepare(*USERS)
    yield template
    if url and base:
        drop_postgres(url, base)


@pytest.fixture
def deployment(prepared: Deployment, tmp_path: Path) -> Iterator[Deployment]:
    base = _postgres_base()
    data = tmp_path / "data"
    shutil.copytree(prepared.data_dir, data)
    url = None
    if base and prepared.database_url:
        import psycopg

        name = f"wasit_live_{uuid.uuid4().hex[:10]}"
        template = prepared.database_url.rsplit("/", 1)[1]
        with psycopg.connect(base.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        url = base.rsplit("/", 1)[0] + "/" + name
    yield Deployment(data, url, dict(prepared.tokens))
    if url and base:
        drop_postgres(url, base)


@pytest.fixture
def server(deployment: Deployment) -> Iterator[Server]:
    server = Server(deployment).start()
    yield server
    server.stop()


@pytest.fixture
def rooms(server: Server, deployment: Deployment) -> dict[str, int]:
    status, body = server.call("GET", "/api/v1/talks/1/rooms", deployment.tokens["om-lead"])
    assert status == 200
    codes = {1: "us", 2: "ir"}
    return {codes.get(room["party_id"], room["kind"]): room["id"] for room in body}
