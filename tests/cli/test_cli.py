"""The `wasit` command, run as a user runs it: in a subprocess, from a fresh data folder."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

WASIT = [sys.executable, "-m", "wasit.cli.main"]


def run(args: list[str], data: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    full_env.update({"WASIT_DATA_DIR": str(data), **env})
    return subprocess.run([*WASIT, *args], capture_output=True, text=True, env=full_env, timeout=120)


def test_help_lists_every_command(tmp_path: Path) -> None:
    out = run(["--help"], tmp_path).stdout
    for command in ("demo", "serve", "check", "verify", "createsuperuser"):
        assert f"  {command} " in out


def test_each_subcommand_explains_itself(tmp_path: Path) -> None:
    assert "Muscat" in run(["demo", "--help"], tmp_path).stdout
    assert "--workers" in run(["serve", "--help"], tmp_path).stdout
    assert "hash chain" in run(["verify", "--help"], tmp_path).stdout


def test_unknown_command_is_one_clear_line(tmp_path: Path) -> None:
    result = run(["frobnicate"], tmp_path)
    assert result.returncode == 2 and "unknown command 'frobnicate'" in result.stderr


def test_demo_loads_once_then_reuses_the_data(tmp_path: Path) -> None:
    first = run(["demo", "--no-serve", "--port", "8765"], tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Loaded the Muscat talks." in first.stdout
    # The pending invitation's link points where the demo serves, not at a default port.
    assert "http://127.0.0.1:8765/invitations/" in first.stdout, first.stdout
    assert "om-lead" in first.stdout and "us-head" in first.stdout and "ir-member" in first.stdout
    for private in ("secret_key", "keys.json", "wasit.sqlite3", "demo-logins.json"):
        assert (tmp_path / private).stat().st_mode & 0o077 == 0, private
    second = run(["demo", "--no-serve"], tmp_path)
    assert second.returncode == 0 and "Loaded" not in second.stdout
    assert first.stdout.split("role")[1] == second.stdout.split("role")[1], "the same logins"
    with sqlite3.connect(tmp_path / "wasit.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT COUNT(*) FROM talks_talks").fetchone()[0] == 1
    checked = run(["check"], tmp_path)
    assert checked.returncode == 0 and "all checks passed" in checked.stdout
    assert run(["verify"], tmp_path).stdout.startswith("ok: ")


def test_verify_names_the_tampered_event(tmp_path: Path) -> None:
    assert run(["demo", "--no-serve"], tmp_path).returncode == 0
    with sqlite3.connect(tmp_path / "wasit.sqlite3") as db:
        db.execute("UPDATE audit_event SET payload = '{}' WHERE id = 4")
    result = run(["verify"], tmp_path)
    assert result.returncode != 0
    assert "event 4" in result.stderr


def _one_clear_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_malformed_database_url_is_one_clear_line(tmp_path: Path) -> None:
    line = _one_clear_line(run(["check"], tmp_path, DATABASE_URL="nonsense://what"))
    assert line.startswith("wasit: configuration error")


def test_unreachable_database_is_one_clear_line(tmp_path: Path) -> None:
    url = "postgres://nobody@127.0.0.1:9/none"
    line = _one_clear_line(run(["verify"], tmp_path, DATABASE_URL=url))
    assert line.startswith("wasit: cannot use the database")
    checked = run(["check"], tmp_path, DATABASE_URL=url)
    assert checked.returncode != 0
    assert "FAIL  database (postgresql) unreachable" in checked.stdout


def test_unusable_data_folder_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    line = _one_clear_line(run(["check"], blocker / "data"))
    assert "data folder" in line


def test_out_of_range_port_is_refused(tmp_path: Path) -> None:
    result = run(["serve", "--port", "70000"], tmp_path)
    assert result.returncode != 0 and "--port must be between 1 and 65535" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_over_http(tmp_path: Path) -> None:
    assert run(["demo", "--no-serve"], tmp_path).returncode == 0
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["WASIT_DATA_DIR"] = str(tmp_path)
    server = subprocess.Popen([*WASIT, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as r:  # noqa: S310
                    body = r.read().decode()
                    assert r.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert 'name="username"' in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:  # noqa: S310
            assert r.read() == b'{"status": "ok"}'
    finally:
        server.terminate()
        server.wait(timeout=10)
