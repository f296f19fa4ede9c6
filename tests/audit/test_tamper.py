"""bench/tamper.py on SQLite: every tampering it tries is detected and its first bad event named."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_every_tampering_is_detected_and_named() -> None:
    done = subprocess.run([sys.executable, str(REPO / "bench" / "tamper.py")], capture_output=True, text=True,
                          timeout=900, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "all detected and named"
    assert sum(1 for line in lines if line.startswith("sqlite     named")) >= 16
