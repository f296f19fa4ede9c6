"""`wasit engine frontier DIR` runs the engine's command line through `wasit`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LAPTOP = "/work/shared/genius-domains/laptop"
WASIT = Path(sys.executable).parent / "wasit"


def test_wasit_engine_frontier_prints_the_frontier_and_the_solutions(tmp_path: Path) -> None:
    result = subprocess.run([str(WASIT), "engine", "frontier", LAPTOP], capture_output=True, text=True,
                            env={"WASIT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Pareto frontier: 4 distinct utility vectors" in result.stdout
    assert "Nash bargaining:" in result.stdout and "Laptop: HP" in result.stdout


def test_wasit_engine_reports_a_missing_folder_with_a_failing_status(tmp_path: Path) -> None:
    result = subprocess.run([str(WASIT), "engine", "frontier", str(tmp_path / "nowhere")],
                            capture_output=True, text=True,
                            env={"WASIT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 2
    assert "not a folder" in result.stderr
