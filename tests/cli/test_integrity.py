"""Export, offline verification, kept heads, backup and restore: as an operator runs them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.live.server import Deployment, drop_postgres, fresh_postgres_url


@pytest.fixture
def demo(sqlite_demo: Deployment) -> Deployment:
    return sqlite_demo


def _export(demo: Deployment, path: Path) -> list[dict]:  # type: ignore[type-arg]
    demo.run("export", str(path))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _write(path: Path, lines: list[dict]) -> Path:  # type: ignore[type-arg]
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in lines), encoding="utf-8")
    return path


def _verify_fails(demo: Deployment, *args: str) -> str:
    with pytest.raises(RuntimeError) as failed:
        demo.run("verify", *args)
    return str(failed.value)


def test_an_untouched_export_verifies_offline_and_names_its_head(demo: Deployment, tmp_path: Path) -> None:
    lines = _export(demo, tmp_path / "log.jsonl")
    header = lines[0]
    assert header["format"] == "wasit-export" and header["events"] > 20
    assert any("row" in line and line["row"]["model"] == "talks.round" for line in lines)
    out = demo.run("verify", "--export", str(tmp_path / "log.jsonl"))
    assert out.startswith(f"ok: {header['events']} event(s), head {header['head']}")
    assert (tmp_path / "log.jsonl").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("tamper", ["edit", "delete", "reorder", "insert"])
def test_every_kind_of_tampering_with_an_export_is_named(demo: Deployment, tmp_path: Path, tamper: str) -> None:
    lines = _export(demo, tmp_path / "log.jsonl")
    events = [i for i, line in enumerate(lines) if "event" in line]
    target = events[5]
    if tamper == "edit":
        lines[target]["event"]["payload"]["title"] = "forged"
    elif tamper == "delete":
        del lines[target]
    elif tamper == "reorder":
        lines[target], lines[target + 1] = lines[target + 1], lines[target]
    else:
        forged = json.loads(json.dumps(lines[target]))
        forged["event"]["kind"] = "talks.opened"
        lines.insert(target, forged)
    error = _verify_fails(demo, "--export", str(_write(tmp_path / "bad.jsonl", lines)))
    assert "chain broken after 5 good event(s)" in error


def test_a_kept_head_detects_removal_of_the_newest_events(demo: Deployment, tmp_path: Path) -> None:
    import sqlite3

    head = demo.run("verify").split("head ")[1].strip()
    assert demo.run("verify", "--head", head).startswith("ok")
    with sqlite3.connect(demo.data_dir / "wasit.sqlite3") as db:
        db.execute("DELETE FROM audit_event WHERE id = (SELECT MAX(id) FROM audit_event)")
        db.execute("DELETE FROM audit_head WHERE size = (SELECT MAX(size) FROM audit_head)")
    # The signed head in the witness file (outside the database) still covers the deleted event.
    assert "the last event was deleted" in _verify_fails(demo)
    assert "without reaching the kept head" in _verify_fails(demo, "--head", head)


def test_malformed_export_and_head_get_one_clear_error(demo: Deployment, tmp_path: Path) -> None:
    (tmp_path / "junk").write_text("not json\n")
    assert "not a Wasit export" in _verify_fails(demo, "--export", str(tmp_path / "junk"))
    assert "64 lowercase hexadecimal" in _verify_fails(demo, "--head", "abc")


def _backup_and_restore(demo: Deployment, tmp_path: Path, target: Deployment) -> None:
    head = demo.run("verify").split("head ")[1].strip()
    out = demo.run("backup", str(tmp_path / "backup"))
    assert head in out
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["head"] == head
    restored = target.run("restore", str(tmp_path / "backup"))
    assert f"head {head}" in restored
    assert target.run("verify").split("head ")[1].strip() == head
    # The restored deployment works: the demo logins are still there.
    assert "Loaded" not in target.run("demo", "--no-serve")


def test_backup_restores_into_an_empty_data_folder_and_verifies(demo: Deployment, tmp_path: Path) -> None:
    target = Deployment(tmp_path / "restored", None)
    target.data_dir.mkdir()
    (target.data_dir / "demo-logins.json").write_text((demo.data_dir / "demo-logins.json").read_text())
    _backup_and_restore(demo, tmp_path, target)
    assert (target.data_dir / "secret_key").read_text() == (demo.data_dir / "secret_key").read_text()


def test_restore_refuses_a_database_that_is_not_empty(demo: Deployment, tmp_path: Path) -> None:
    demo.run("backup", str(tmp_path / "backup"))
    with pytest.raises(RuntimeError) as refused:
        demo.run("restore", str(tmp_path / "backup"))
    assert "not empty" in str(refused.value)


def test_backup_and_restore_on_postgresql(tmp_path: Path) -> None:
    from tests.skips import skip_or_fail

    base = os.environ.get("WASIT_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
    try:
        source_url, target_url = fresh_postgres_url(base), fresh_postgres_url(base)
    except Exception as exc:  # noqa: BLE001
        skip_or_fail(f"no PostgreSQL at {base}: {exc}")
    try:
        source = Deployment(tmp_path / "data", source_url)
        source.prepare()
        target = Deployment(tmp_path / "restored", target_url)
        target.data_dir.mkdir()
        (target.data_dir / "demo-logins.json").write_text((source.data_dir / "demo-logins.json").read_text())
        _backup_and_restore(source, tmp_path, target)
    finally:
        drop_postgres(source_url, base)
        drop_postgres(target_url, base)
