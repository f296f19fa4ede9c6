"""Generated docs are current, and every setting a deployment can change is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_events_doc_is_generated_from_the_event_classes() -> None:
    from wasit.audit.docs import render

    assert (ROOT / "docs" / "events.md").read_text(encoding="utf-8") == render(), \
        "docs/events.md is stale: run `make docs-events`"


def test_every_environment_setting_is_documented() -> None:
    source = (ROOT / "wasit" / "config").glob("*.py")
    names = set()
    for path in source:
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r'environ(?:\.get)?\(\s*"([A-Z_]+)"', text))
        names |= set(re.findall(r'_env_bool\(\s*"([A-Z_]+)"', text))
        names |= set(re.findall(r'environ\["([A-Z_]+)"\]', text))
    documented = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = sorted(n for n in names if f"`{n}`" not in documented)
    assert not missing, f"settings missing from docs/settings.md: {missing}"


def test_architecture_doc_names_every_package() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    packages = sorted(p.name for p in (ROOT / "wasit").iterdir()
                      if p.is_dir() and (p / "__init__.py").exists())
    missing = [p for p in packages if f"wasit/{p}/" not in doc]
    assert not missing, f"docs/architecture.md does not explain: {missing}"
