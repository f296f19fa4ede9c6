"""The engine's CLI entry point, and the rule that the engine imports no Django/wasit code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.engine.test_engine_genius import DOMAIN_XML, SPACE_XML
from wasit.engine.cli import main

ENGINE_DIR = Path(__file__).resolve().parents[2] / "wasit" / "engine"


def test_cli_frontier_prints_size_and_the_four_solutions_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "domain.xml").write_text(DOMAIN_XML)
    (tmp_path / "a.xml").write_text(SPACE_XML)
    flipped = SPACE_XML.replace(
        'evaluation="0"/><item index="2" value="high" evaluation="5"',
        'evaluation="5"/><item index="2" value="high" evaluation="0"',
    )
    (tmp_path / "b.xml").write_text(flipped.replace('"0.3"', '"0.1"'))
    assert main(["frontier", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Pareto frontier:" in out
    for title in ("Nash bargaining", "Kalai–Smorodinsky", "Egalitarian", "Maximum total utility"):
        assert title in out
    assert "price: " in out and "colour: " in out


def test_cli_reports_engine_errors_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["frontier", str(tmp_path / "nowhere")]) == 2
    assert "error:" in capsys.readouterr().err
    assert main([]) == 2  # argparse usage error


def test_cli_on_a_real_genius_domain(genius_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frontier", str(genius_root / "ampo_city")]) == 0
    assert "Pareto frontier: 192 distinct utility vectors" in capsys.readouterr().out


def test_engine_imports_neither_django_nor_other_wasit_modules() -> None:
    offenders = []
    for path in sorted(ENGINE_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top == "django" or (top == "wasit" and not name.startswith("wasit.engine")):
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []
