"""Architecture rules, checked by machine rather than by review."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WASIT = ROOT / "wasit"

THIN_LAYERS = ["api", "cli", "web"]
WRITE_PATTERNS = [
    re.compile(r"\.objects\.(create|update|delete|bulk_create|get_or_create|update_or_create)\("),
    re.compile(r"\.save\("),
    re.compile(r"\.delete\(\)"),
]


def _thin_files() -> list[Path]:
    files = [p for layer in THIN_LAYERS for p in (WASIT / layer).rglob("*.py")]
    files += list(WASIT.glob("*/views.py")) + list(WASIT.glob("*/forms.py"))
    return files


def test_views_api_and_cli_never_write_models() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in _thin_files()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(p.search(line) for p in WRITE_PATTERNS)
    ]
    assert not offenders, "write through an action instead:\n" + "\n".join(offenders)


def test_views_and_api_never_query_models_directly() -> None:
    """Reads go through a `queries` module, which asks the policy."""
    pattern = re.compile(r"\b[A-Z][A-Za-z]+\.objects\b")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in [*WASIT.glob("*/views.py"), *(WASIT / "api").rglob("*.py")]
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not offenders, offenders


def test_only_the_audit_log_creates_events() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in WASIT.rglob("*.py")
        if "Event.objects.create" in path.read_text(encoding="utf-8") and path.name != "log.py"
    ]
    assert not offenders


def test_engine_imports_neither_django_nor_the_rest_of_wasit() -> None:
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports")], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    code = ("import sys, wasit.engine; bad = sorted(m for m in sys.modules if m.startswith('django')"
            " or (m.startswith('wasit.') and not m.startswith('wasit.engine'))); print(bad); "
            "sys.exit(1 if bad else 0)")
    imported = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert imported.returncode == 0, imported.stdout + imported.stderr


def test_domain_models_stay_out_of_the_admin() -> None:
    """The admin would write around the actions and read around the policy."""
    assert not list(WASIT.rglob("admin.py"))


def test_import_linter_keeps_the_layers_and_finds_no_cycle() -> None:
    """The apps' layers, each app's inner layers and acyclic packages are all checked, and kept."""
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True)
    out = " ".join(result.stdout.split())
    for contract in ("Apps in layers", "Inside each domain app", "No import cycles inside a package"):
        assert f"{contract}" in out, out
    assert "BROKEN" not in out and result.returncode == 0, result.stdout


def test_the_log_never_imports_the_policy_above_it() -> None:
    """The audience is computed by the policy and handed to the log, not fetched by it."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (WASIT / "audit").rglob("*.py")
        if re.search(r"^\s*(from wasit(\.policy| import policy)|import wasit\.policy)", path.read_text(encoding="utf-8"), re.M)
    ]
    assert not offenders
