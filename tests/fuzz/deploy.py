"""The fuzz run's deployment: the test cast in a data folder, served twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.live.server import Deployment, Server

ROOT = Path(__file__).resolve().parents[2]

# Mediators carry words between rooms by design: they get their own copy.
GROUP_OF = {"mediator": "mediators", "co_mediator": "mediators"}
GROUPS = ("parties", "mediators")


def group_of(persona: str) -> str:
    return GROUP_OF.get(persona, "parties")


@dataclass
class Fuzzed:
    servers: dict[str, Server]
    tokens: dict[str, str]
    ids: dict[str, list[int]]
    logs: dict[str, Path]
    statuses: dict[str, Counter[int]] = field(default_factory=dict)

    def count(self, persona: str, status: int) -> None:
        self.statuses.setdefault(persona, Counter())[status] += 1

    def server_errors(self) -> str:
        """What the servers wrote to stderr: the traceback behind a 500."""
        return "\n".join(f"--- {group} ---\n{path.read_text(errors='replace')[-4000:]}"
                         for group, path in self.logs.items() if path.exists() and path.stat().st_size)


def env_for(deployment: Deployment) -> dict[str, str]:
    env = deployment.env()
    # The subprocesses import the same code as this process.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def prepare(deployment: Deployment) -> tuple[dict[str, str], dict[str, list[int]]]:
    """Migrate, build the cast, issue tokens: tokens and ids, as `tests.fuzz.prepare` prints them."""
    result = subprocess.run([sys.executable, "-m", "tests.fuzz.prepare"], env=env_for(deployment),
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"preparing the fuzz data failed: {result.stderr}")
    out = json.loads(result.stdout.strip().splitlines()[-1])
    return out["tokens"], out["ids"]
