"""Run the whole suite again on PostgreSQL, or say clearly why not.

`make test` calls this after the SQLite run. Without a reachable server the
skip is printed in one line; under CI=true it is a failure instead.
"""

from __future__ import annotations

import os
import subprocess
import sys

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test"


def reachable(url: str) -> str | None:
    """None if a connection succeeds, else the reason it did not."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 (any failure is a reason to report)
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def main() -> int:
    url = os.environ.get("WASIT_TEST_POSTGRES_URL", DEFAULT_URL)
    problem = reachable(url)
    if problem is not None:
        if os.environ.get("CI", "").lower() == "true":
            print(f"FAILED: the PostgreSQL suite needs {url}: {problem}", file=sys.stderr)
            return 1
        print(f"SKIPPED: the whole PostgreSQL suite: no server at {url} ({problem}). "
              "Set WASIT_TEST_POSTGRES_URL to run it. The fuzz cases of that phase run on SQLite instead.")
        return subprocess.call([sys.executable, "-m", "pytest", "-m", "fuzz_in_postgres_phase",
                                "-p", "no:cacheprovider", "-n", os.environ.get("TEST_WORKERS", "auto"),
                                "--dist", "loadgroup", "tests/fuzz"])
    env = {**os.environ, "DATABASE_URL": url}
    # Browser tests exercise the pages, not the database: once, on SQLite, is enough.
    workers = os.environ.get("TEST_WORKERS", "auto")
    # So are the tests that never touch DATABASE_URL's database (`same_on_every_database`).
    print("PostgreSQL phase: every test but the browser tests and those marked same_on_every_database "
          "or fuzz_in_sqlite_phase (they ran in the SQLite phase).")
    return subprocess.call([sys.executable, "-m", "pytest", "-m",
                            "not browser and not same_on_every_database and not fuzz_in_sqlite_phase",
                            "-p", "no:cacheprovider",
                            "-n", workers, "--dist", "loadgroup", "--ignore=tests/faults"], env=env)


if __name__ == "__main__":
    raise SystemExit(main())
