"""NegMAS side of the engine benchmark; runs ONLY inside bench/.venv-negmas.

NegMAS is AGPL-licensed: it is never a Wasit dependency. ``bench/engine.py`` creates a
separate virtualenv for it and runs this script there as a subprocess.

Input (JSON on stdin): ``{"domains": [{"name": str, "tables": [[[int, ...], ...], ...]}]}``
where ``tables[i][j][p]`` is party p's utility term for option j of issue i, already on
Wasit's integer grid. The terms are given to NegMAS as integer-valued floats with weight 1;
every sum stays below 2**53, so NegMAS's float arithmetic is exact and both tools see the
very same utilities.

Output (JSON on stdout): ``{name: {"seconds": float, "frontier": [[int, ...], ...]}}`` with
the distinct frontier utility vectors sorted (from a first, warm-up call) and the median time
of ``pareto_frontier`` (which enumerates the outcomes, evaluates them and filters them) under
the repetition policy of :func:`median_time`, which ``bench/engine.py`` applies to Wasit too.
The utility functions are built before any timing, as Wasit's scenario is.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

# Repetition policy, identical in bench/engine.py (which imports it from here): after one
# warm-up call, at least MIN_RUNS timed calls, then more while the timed calls have used less
# than BUDGET_S seconds, at most MAX_RUNS; the median is reported.
MIN_RUNS = 3
MAX_RUNS = 201
BUDGET_S = 1.0


def median_time(call: Callable[[], object]) -> float:
    """Median wall time of ``call()`` under the repetition policy above (call warmed up)."""
    times: list[float] = []
    while len(times) < MIN_RUNS or (len(times) < MAX_RUNS and sum(times) < BUDGET_S):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def frontier_of(tables: list[list[list[int]]]) -> tuple[float, list[list[int]]]:
    # Imported here so that bench/engine.py can import median_time without NegMAS.
    from negmas.outcomes import make_issue  # noqa: PLC0415
    from negmas.preferences import LinearAdditiveUtilityFunction, pareto_frontier  # noqa: PLC0415
    from negmas.preferences.value_fun import TableFun  # noqa: PLC0415

    issues = [
        make_issue([f"o{j}" for j in range(len(t))], name=f"i{i}") for i, t in enumerate(tables)
    ]
    n_parties = len(tables[0][0])
    ufuns = [
        LinearAdditiveUtilityFunction(
            values=[TableFun({f"o{j}": float(row[p]) for j, row in enumerate(t)}) for t in tables],
            weights=[1.0] * len(tables),
            issues=issues,
            reserved_value=float("-inf"),
        )
        for p in range(n_parties)
    ]
    # Warm-up run: its result is the frontier compared with Wasit's; then the timed repeats.
    points, _ = pareto_frontier(ufuns, issues=issues)
    seconds = median_time(lambda: pareto_frontier(ufuns, issues=issues))
    vectors = sorted({tuple(int(round(u)) for u in point) for point in points})
    for point in points:  # integer-valued floats: anything else would be a reading mismatch
        assert all(float(u).is_integer() for u in point)
    return seconds, [list(v) for v in vectors]


def main() -> int:
    request = json.load(sys.stdin)
    result: dict[str, Any] = {}
    for domain in request["domains"]:
        seconds, frontier = frontier_of(domain["tables"])
        result[domain["name"]] = {"seconds": seconds, "frontier": frontier}
        print(f"  negmas {domain['name']}: {seconds:.3f} s", file=sys.stderr, flush=True)
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
