"""bench/tamper.py: every tampering it tries is detected and its first bad event named, on
SQLite in the suite's SQLite phase and on PostgreSQL in its PostgreSQL phase."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_every_tampering_is_detected_and_named() -> None:
    url = os.environ.get("DATABASE_URL", "")
    label, extra = ("sqlite", [])
    if url.startswith("postgres"):
        # The bench makes its own databases beside the suite's, on the same server.
        label, extra = ("postgresql", ["--postgres", url, "--postgres-only"])
    done = subprocess.run([sys.executable, str(REPO / "bench" / "tamper.py"), *extra],
                          capture_output=True, text=True, timeout=900, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "all detected and named"
    assert sum(1 for line in lines if line.startswith(f"{label:<10} named")) >= 16, done.stdout
