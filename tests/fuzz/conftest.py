from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator

import pytest

from tests.fuzz.deploy import GROUPS, Fuzzed, prepare
from tests.live.server import Deployment, Server, drop_postgres, fresh_postgres_url


def _postgres_base() -> str | None:
    base = os.environ.get("DATABASE_URL", "")
    return base if base.startswith("postgres") else None


def _copy_database(base: str, template_url: str) -> str:
    import psycopg

    name = f"wasit_fuzz_{uuid.uuid4().hex[:10]}"
    template = template_url.rsplit("/", 1)[1]
    with psycopg.connect(base.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return base.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    """The test cast, prepared once and served from two copies: the parties' and the mediators'."""
    base = _postgres_base()
    root = tmp_path_factory.mktemp("fuzz")
    template = Deployment(root / "template", fresh_postgres_url(base) if base else None)
    template.data_dir.mkdir()
    databases = [template.database_url] if template.database_url else []
    servers: dict[str, Server] = {}
    try:
        tokens, ids = prepare(template)
        logs = {}
        for group in GROUPS:
            data = root / group
            shutil.copytree(template.data_dir, data)
            url = _copy_database(base, template.database_url) if base and template.database_url else None
            if url:
                databases.append(url)
            logs[group] = root / f"{group}.log"
            servers[group] = Server(Deployment(data, url), log=logs[group]).start()
        fuzzed = Fuzzed(servers=servers, tokens=tokens, ids=ids, logs=logs)
        yield fuzzed
        print("\nfuzz: requests per persona and status:")
        for persona, statuses in fuzzed.statuses.items():
            print(f"  {persona:<15} {sum(statuses.values()):>5}  {dict(sorted(statuses.items()))}")
    finally:
        for server in servers.values():
            server.stop()
        for url in databases:
            if base and url:
                drop_postgres(url, base)
