"""Backups, restored databases and keys are private; `wasit check` notices when they are not."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest

from tests.live.server import WASIT, Deployment


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def demo(sqlite_demo: Deployment) -> Deployment:
    return sqlite_demo


def test_backup_folder_and_files_and_restored_database_are_private(demo: Deployment, tmp_path: Path) -> None:
    demo.run("backup", str(tmp_path / "backup"))
    assert _mode(tmp_path / "backup") == 0o700
    for path in (tmp_path / "backup").iterdir():
        assert _mode(path) == 0o600, path
    target = Deployment(tmp_path / "restored", None)
    target.data_dir.mkdir(mode=0o700)
    target.run("restore", str(tmp_path / "backup"))
    for name in ("wasit.sqlite3", "secret_key", "keys.json"):
        assert _mode(target.data_dir / name) == 0o600, name


@pytest.mark.parametrize("name", ["wasit.sqlite3", "keys.json"])
def test_check_fails_on_a_readable_database_or_key(demo: Deployment, name: str) -> None:
    (demo.data_dir / name).chmod(0o644)
    result = subprocess.run([*WASIT, "check"], env=demo.env(), capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert f"FAIL  {demo.data_dir / name} is readable by group or others (mode 644)" in result.stdout
    assert f"chmod 600 {demo.data_dir / name}" in result.stdout


def test_offline_verification_creates_nothing_where_it_runs(demo: Deployment, tmp_path: Path) -> None:
    demo.run("export", str(tmp_path / "log.jsonl"))
    elsewhere = Deployment(tmp_path / "no-data-here", None)
    out = elsewhere.run("verify", "--export", str(tmp_path / "log.jsonl"))
    assert out.startswith("ok: ")
    assert not elsewhere.data_dir.exists()
    (tmp_path / "empty").mkdir(mode=0o700)
    Deployment(tmp_path / "empty", None).run("verify", f"--export={tmp_path / 'log.jsonl'}")
    assert list((tmp_path / "empty").iterdir()) == []
