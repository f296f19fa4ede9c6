"""Speed benchmark of Wasit's package engine against NegMAS 0.16 (Pareto frontier).

Run from the repository root with the project's virtualenv:

    .venv/bin/python bench/engine.py            # measure, check, print, update docs
    .venv/bin/python bench/engine.py --no-write # do not touch docs/benchmarks.md

NegMAS is AGPL-licensed, so it is *not* a project dependency: this script creates its own
virtualenv ``bench/.venv-negmas`` (``pip install negmas==0.16.0``) on first use and runs
``bench/engine_negmas.py`` there as a subprocess. Both tools get the very same utility terms
(Wasit's integer grid, handed to NegMAS as integer-valued floats, so its float sums are
exact), and the frontiers (sets of distinct utility vectors) must be identical before any
time is reported.

Timings, the same policy on both sides (``engine_negmas.median_time``): one warm-up call
whose result is the frontier that is compared, then at least 3 timed calls and more while
they add up to less than 1 s (at most 201); the median is reported. NegMAS times
``negmas.preferences.pareto_frontier(ufuns, issues=...)`` on utility functions built
beforehand; Wasit times ``pareto_frontier(scenario)`` on a scenario built beforehand (its
per-issue integer tables and pruned option lists are cached on the scenario by the warm-up
call). Neither includes XML parsing or process start. The "cold" column also times Wasit's
first call on a fresh scenario, which includes building those per-issue tables.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

sys.path.insert(0, str(REPO_ROOT / "bench"))

from engine_negmas import BUDGET_S, MAX_RUNS, MIN_RUNS, median_time  # noqa: E402

from wasit.engine import (  # noqa: E402  (after the sys.path tweak above)
    Domain,
    Issue,
    Preferences,
    Scenario,
    load_genius_folder,
    pareto_frontier,
)

NEGMAS_VENV = REPO_ROOT / "bench" / ".venv-negmas"
NEGMAS_HELPER = REPO_ROOT / "bench" / "engine_negmas.py"
NEGMAS_VERSION = "0.16.0"
DOCS = REPO_ROOT / "docs" / "benchmarks.md"
SECTION = "## Package engine"
COMMAND = ".venv/bin/python bench/engine.py"

SPEEDUP_TARGET = 100.0
# Absolute time targets (seconds) by domain-name prefix.
TIME_TARGETS = {"random 8x5": 0.050, "ampo_city": 0.050, "random 20x6": 1.0, "random 12x6": 10.0}


WHERE_THE_TIME_GOES = """\
Where the time goes. NegMAS is timed warm here (median of repeats, like Wasit). On the
domains that miss 100×, NegMAS itself needs well under 10 ms (0.1–8 ms in the runs of
2026-11-25), so 100× would leave Wasit about 1 to 80 µs per call; Wasit takes 10–60 µs on the
two-party ones and about 0.4–0.6 ms on zoning_plan (9 parties). Small merge steps run in
plain Python on packed integers (two parties) or tuples (three or more), and issue options
that cannot be in a frontier package (dominated within their issue, or a later duplicate)
are pruned once per scenario; what is left is the interpreter's floor. Returning a
`Frontier` (two small NumPy arrays and the dataclass) costs about 1.5 µs by itself, more
than the 1.1–2.7 µs that 100× on laptop allows. Each candidate costs about 0.1–0.3 µs (add,
sort, sweep), and itex_cypress has about 65 candidates after pruning, against a 5–12 µs
budget. zoning_plan is bound by its last merge step: 212 candidates of which 180 are
non-dominated, so almost every pair has to be compared on 9 utilities, about 0.2–0.3 ms in
NumPy against a 50–75 µs budget. Only caching results between calls (which would time a
dictionary lookup, not the engine) or a compiled kernel could close that gap. Where NegMAS
needs more than ~10 ms, Wasit is a few hundred to tens of thousands of times faster, and the
absolute targets are met with a wide margin. Timings on this shared 2-core machine move by up
to 2× between sessions (the same code measured random 4x5 at 13–17 µs in one session and
28–36 µs in the next); the ratios of one run are what counts.
"""


@dataclass
class Row:
    name: str
    packages: int
    parties: int
    frontier: int
    wasit_s: float
    cold_s: float
    negmas_s: float | None = None
    same: bool | None = None


def random_scenario(n_issues: int, n_options: int, n_parties: int, seed: int) -> Scenario:
    """Uniform random weights (normalised) and values, reservation 0."""
    rng = np.random.default_rng(seed)
    domain = Domain(
        tuple(Issue(f"i{k}", tuple(f"o{j}" for j in range(n_options))) for k in range(n_issues))
    )
    profiles = tuple(
        Preferences.with_normalised_weights(
            f"p{p}", rng.random(n_issues).tolist(), rng.random((n_issues, n_options)).tolist(), 0.0
        )
        for p in range(n_parties)
    )
    return Scenario(domain, profiles)


def genius_dir() -> Path:
    configured = os.environ.get("WASIT_GENIUS_DOMAINS")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "genius-domains"


def wasit_vectors(scenario: Scenario) -> set[tuple[int, ...]]:
    """Wasit's frontier as a set of utility vectors (this first call is also the warm-up)."""
    return {tuple(int(u) for u in row) for row in pareto_frontier(scenario).grid}


def time_wasit(scenario: Scenario) -> float:
    """Median time of ``pareto_frontier(scenario)``, same repetition policy as NegMAS's.

    The scenario has been used once (warm-up), so its per-issue integer tables and pruned
    option lists (built once per scenario, like NegMAS's utility-function objects, which
    are built before its timing too) are already there.
    """
    return median_time(lambda: pareto_frontier(scenario))


def time_wasit_cold(scenario: Scenario) -> float:
    """Median time of the first ``pareto_frontier`` call on a fresh copy of the scenario.

    Includes building the integer tables and the pruned option lists; the copy itself
    (construction and validation) is made outside the timed region. Same policy constants.
    """
    times: list[float] = []
    while len(times) < MIN_RUNS or (len(times) < MAX_RUNS and sum(times) < BUDGET_S):
        fresh = Scenario(scenario.domain, scenario.profiles)
        started = time.perf_counter()
        pareto_frontier(fresh)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def ensure_negmas() -> Path:
    python = NEGMAS_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {NEGMAS_VENV} with negmas=={NEGMAS_VERSION} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(NEGMAS_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", f"negmas=={NEGMAS_VERSION}"], check=True
        )
    return python


def run_negmas(scenarios: dict[str, Scenario]) -> dict[str, dict[str, object]]:
    python = ensure_negmas()
    request = {
        "domains": [
            {"name": name, "tables": [t.tolist() for t in sc.integer_tables()]}
            for name, sc in scenarios.items()
        ]
    }
    done = subprocess.run(
        [str(python), str(NEGMAS_HELPER)],
        input=json.dumps(request),
        capture_output=False,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    result: dict[str, dict[str, object]] = json.loads(done.stdout)
    return result


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def fmt_ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 0.001:
        return f"{seconds * 1000:.4f}"
    return f"{seconds * 1000:,.2f}" if seconds < 1 else f"{seconds * 1000:,.0f}"


def target_for(row: Row) -> float | None:
    for prefix, limit in TIME_TARGETS.items():
        if row.name.startswith(prefix):
            return limit
    return None


def verdicts(row: Row) -> list[str]:
    """Targets missed by this row (empty when all met)."""
    missed: list[str] = []
    limit = target_for(row)
    if limit is not None and row.wasit_s > limit:
        missed.append(f"{row.name}: {row.wasit_s:.3f} s > {limit} s")
    if row.negmas_s is not None:
        if row.same is not True:
            missed.append(f"{row.name}: frontiers differ")
        elif row.negmas_s / row.wasit_s < SPEEDUP_TARGET:
            missed.append(f"{row.name}: speed-up {row.negmas_s / row.wasit_s:.0f}x < 100x")
    return missed


def table(rows: list[Row]) -> str:
    lines = [
        "| domain | packages | parties | frontier | Wasit (ms) | NegMAS (ms) | speed-up | "
        "same frontier | target | Wasit cold (ms) | cold speed-up |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|",
    ]
    for row in rows:
        speedup = f"{row.negmas_s / row.wasit_s:,.0f}×" if row.negmas_s is not None else "—"
        cold = f"{row.negmas_s / row.cold_s:,.0f}×" if row.negmas_s is not None else "—"
        same = {True: "yes", False: "NO", None: "—"}[row.same]
        limit = target_for(row)
        goals = []
        if limit is not None:
            goals.append(f"< {limit * 1000:,.0f} ms")
        if row.negmas_s is not None:
            goals.append("≥ 100×")
        status = ("met: " if not verdicts(row) else "MISSED: ") + ", ".join(goals) if goals else "—"
        lines.append(
            f"| {row.name} | {row.packages:,} | {row.parties} | {row.frontier:,} | "
            f"{fmt_ms(row.wasit_s)} | {fmt_ms(row.negmas_s)} | {speedup} | {same} | {status} | "
            f"{fmt_ms(row.cold_s)} | {cold} |"
        )
    return "\n".join(lines)


def write_docs(markdown: str) -> None:
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n"
    start = text.find(SECTION + "\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + markdown
    else:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + markdown + ("" if end == -1 else text[end:])
    DOCS.write_text(text.rstrip("\n") + "\n")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument("--no-negmas", action="store_true", help="time Wasit only")
    args = parser.parse_args(argv)

    compared: dict[str, Scenario] = {}
    for k, m in ((4, 5), (6, 6), (8, 5)):
        for seed in range(3):
            compared[f"random {k}x{m} seed {seed}"] = random_scenario(k, m, 2, seed)
    folder = genius_dir()
    if folder.is_dir():
        for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
            compared[sub.name] = load_genius_folder(sub).scenario
    else:
        print(f"warning: no Genius domains at {folder}; set WASIT_GENIUS_DOMAINS", file=sys.stderr)
    wasit_only: dict[str, Scenario] = {}
    for seed in range(3):
        wasit_only[f"random 20x6 seed {seed}"] = random_scenario(20, 6, 2, seed)
    for seed in range(3):
        wasit_only[f"random 12x6 3 parties seed {seed}"] = random_scenario(12, 6, 3, seed)

    negmas = {} if args.no_negmas else run_negmas(compared)
    rows: list[Row] = []
    for name, scenario in {**compared, **wasit_only}.items():
        vectors = wasit_vectors(scenario)
        same: bool | None = None
        if name in negmas:
            theirs = {tuple(v) for v in negmas[name]["frontier"]}  # type: ignore[attr-defined]
            same = theirs == vectors  # checked before Wasit is timed
        seconds = time_wasit(scenario)
        row = Row(
            name,
            scenario.domain.size,
            scenario.n_parties,
            len(vectors),
            seconds,
            time_wasit_cold(scenario),
            same=same,
        )
        if name in negmas:
            row.negmas_s = float(negmas[name]["seconds"])  # type: ignore[arg-type]
        rows.append(row)
        print(f"  wasit {name}: {seconds * 1000:.3f} ms", file=sys.stderr, flush=True)

    import numpy  # noqa: PLC0415  (version only)

    facts = (
        f"- CPU: {cpu_model()} ({os.cpu_count()} logical cores)\n"
        f"- Python {platform.python_version()}, NumPy {numpy.__version__}, "
        f"NegMAS {NEGMAS_VERSION if negmas else '(not run)'} in its own virtualenv\n"
        f"- Measured {time.strftime('%Y-%m-%d')}"
    )
    missed = [m for row in rows for m in verdicts(row)]
    markdown = (
        f"{SECTION}\n\n"
        "Exact Pareto frontier, Wasit's `wasit.engine.pareto_frontier` versus NegMAS 0.16's "
        "`negmas.preferences.pareto_frontier`, on the same utilities (Wasit's integer grid, "
        "handed to NegMAS as exact integer-valued floats). Random domains: k issues × m options, "
        "uniform random weights and values, seeds 0–2, two parties unless stated. Genius "
        "domains: the ten in `../shared/genius-domains` (not in the repository), read with "
        'Genius\'s semantics. "same frontier" compares the sets of distinct utility vectors. '
        "Timing, identical for both tools: one warm-up call (its frontier is the one compared), "
        "then the median of at least 3 and up to 201 calls (as many as fit in 1 s), on "
        "utilities already in memory (NegMAS's utility-function objects and Wasit's scenario are "
        "built before timing; no XML parsing or process start). Wasit cold: the first call on a "
        "fresh copy of the scenario, i.e. including the per-issue integer tables and pruned "
        "option lists that later calls reuse; the speed-up target is judged on the warm "
        "column, like NegMAS's own warm timing.\n\n"
        f"Reproduce from the repository root: `{COMMAND}`\n\n"
        f"{facts}\n\n{table(rows)}\n\n"
        + (
            "All targets met.\n"
            if not missed
            else "Targets missed:\n"
            + "".join(f"- {m}\n" for m in missed)
            + "\n"
            + WHERE_THE_TIME_GOES
        )
    )
    print(markdown)
    if not args.no_write:
        write_docs(markdown)
        print(f"updated {DOCS.relative_to(REPO_ROOT)}", file=sys.stderr)
    return 0 if not missed else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
