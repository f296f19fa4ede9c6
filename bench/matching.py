"""Speed of the sealed-offer matcher (``wasit.engine.matching.find_match``).

Run from the repository root with the project's virtualenv:

    .venv/bin/python bench/matching.py [--instances 10] [--repeats 3]

For 2, 3, 5 and 10 parties with 20 live offers each over a menu of 50 moves (a third of
them with a unit), it builds ``--instances`` random pools (seeds 0, 1, ...) and times
``find_match`` on each (the best of ``--repeats`` calls, to shed the noise of a shared
machine; pool validation is timed apart). Instances:

* every offer gives 1-3 moves (quantities 0-100) and requires 1-3 moves of other parties;
  70% of the requirements name a (party, move) that one of that party's offers gives, the
  rest any (party, move), and a bounded quantity requirement asks for at least a random
  amount; 20% of the offers are ``partial_ok=False``;
* in even seeds a match is planted: a ring of offers (one from each of half the parties,
  at least two) each giving its own move and requiring the next one's, all partial_ok.

So some instances have a planted match, some a chance one, some none. The table gives,
per size, the median and worst time, the sizes of the matches found and the search nodes
visited. Target: under 100 ms for 10 parties.

A second table (skip it with ``--no-stress``) shows the exponential worst case the module
docstring states: random 3-SAT formulas at the satisfiability threshold (4.26 clauses per
variable) encoded as pools by that docstring's reduction (1 + variables + clauses
parties, 2 or 3 offers each), one call each under a 10 s budget.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from wasit.engine import Budget  # noqa: E402  (after the sys.path tweak above)
from wasit.engine.errors import MatchingTooLargeError  # noqa: E402
from wasit.engine.matching import (  # noqa: E402
    Match,
    Menu,
    Move,
    Offer,
    Pool,
    Quantity,
    Requirement,
    find_match,
)

SIZES = (2, 3, 5, 10)
OFFERS_PER_PARTY = 20
N_MOVES = 50
TARGET_MS_10 = 100.0
TARGETED = 0.9  # share of requirements naming a move that the named party offers somewhere


def instance(n_parties: int, seed: int) -> tuple[Menu, tuple[Offer, ...]]:
    """A random menu and offers as described in the module docstring."""
    rng = random.Random(seed * 1000 + n_parties)
    moves = [Move(f"m{j:02d}", ("USD", "weeks", "%")[j % 3] if j % 3 == 0 else None)
             for j in range(N_MOVES)]
    units = {m.id: m.unit for m in moves}
    parties = [f"P{p:02d}" for p in range(n_parties)]

    def amount() -> Quantity:
        return Quantity(rng.randint(0, 100))  # type: ignore[arg-type]  (int is accepted)

    gives: dict[str, list[dict[str, Quantity | None]]] = {p: [] for p in parties}
    for party in parties:
        for _ in range(OFFERS_PER_PARTY):
            chosen = rng.sample(moves, rng.randint(1, 3))
            gives[party].append({m.id: (amount() if m.unit else None) for m in chosen})

    offers: list[Offer] = []
    for party in parties:
        others = [p for p in parties if p != party]
        for k, given in enumerate(gives[party]):
            requires: dict[tuple[str, str], Requirement] = {}
            for _ in range(rng.choice((1, 1, 2, 3))):
                other = rng.choice(others)
                if rng.random() < TARGETED:
                    move_id = rng.choice(sorted(rng.choice(gives[other])))
                else:
                    move_id = rng.choice(moves).id
                low = None
                if units[move_id] is not None and rng.random() < 0.5:
                    low = Quantity(rng.randint(0, 50))  # type: ignore[arg-type]
                requires[(other, move_id)] = Requirement(other, move_id, at_least=low)
            offers.append(Offer(f"{party}-{k:02d}", party, given, tuple(requires.values()),
                                partial_ok=rng.random() >= 0.1))
    if seed % 2 == 0:
        ring = rng.sample(parties, max(2, n_parties // 2))
        for k, party in enumerate(ring):
            nxt = ring[(k + 1) % len(ring)]
            mine = f"m{(7 * k) % N_MOVES:02d}"
            theirs = f"m{(7 * ((k + 1) % len(ring))) % N_MOVES:02d}"
            # Replace the party's last offer so that it still has 20 live offers.
            offers = [o for o in offers if o.id != f"{party}-{OFFERS_PER_PARTY - 1:02d}"]
            offers.append(Offer(
                f"{party}-ring", party, {mine: amount() if units[mine] else None},
                (Requirement(nxt, theirs),),
            ))
    return Menu(tuple(moves)), tuple(offers)


def sat_pool(n_vars: int, seed: int) -> Pool:
    """A random 3-SAT formula at the threshold, as a pool (the docstring's reduction)."""
    rng = random.Random(seed)
    clauses = [[(v, rng.random() < 0.5) for v in rng.sample(range(n_vars), 3)]
               for _ in range(round(4.26 * n_vars))]
    moves = [Move("hub")] + [Move(f"x{v}{b}") for v in range(n_vars) for b in "TF"]
    moves += [Move(f"c{c}") for c in range(len(clauses))]
    offers = [Offer("hub", "H", {"hub": None},
                    tuple(Requirement(f"C{c:03d}", f"c{c}") for c in range(len(clauses))))]
    for v in range(n_vars):
        for b in "TF":
            offers.append(Offer(f"V{v:03d}{b}", f"V{v:03d}", {f"x{v}{b}": None},
                                (Requirement("H", "hub"),)))
    for c, clause in enumerate(clauses):
        for k, (v, value) in enumerate(clause):
            offers.append(Offer(f"C{c:03d}-{k}", f"C{c:03d}", {f"c{c}": None},
                                (Requirement(f"V{v:03d}", f"x{v}{'T' if value else 'F'}"),)))
    return Pool(Menu(tuple(moves)), tuple(offers))


def stress(instances: int) -> None:
    print()
    print("worst case: 3-SAT at the threshold encoded as pools, one call each, 10 s budget")
    print(f"{'variables':>9} {'parties':>7} {'median ms':>9} {'worst ms':>8} "
          f"{'matched/none/refused':>20} {'nodes max':>9}")
    for n_vars in (15, 20, 25):
        times, outcomes, nodes = [], [0, 0, 0], []
        for seed in range(instances):
            pool = sat_pool(n_vars, seed)
            started = time.perf_counter()
            try:
                match = find_match(pool, budget=Budget(seconds=10))
            except MatchingTooLargeError:
                outcomes[2] += 1
            else:
                outcomes[0 if match.found else 1] += 1
                nodes.append(match.explored)
            times.append(time.perf_counter() - started)
        parties = 1 + n_vars + round(4.26 * n_vars)
        print(f"{n_vars:>9} {parties:>7} {statistics.median(times) * 1e3:>9.1f} "
              f"{max(times) * 1e3:>8.1f} {'/'.join(map(str, outcomes)):>20} "
              f"{max(nodes, default=0):>9}")


def timed(pool: Pool, repeats: int) -> tuple[float, Match]:
    best = float("inf")
    result = find_match(pool)
    for _ in range(repeats):
        started = time.perf_counter()
        result = find_match(pool)
        best = min(best, time.perf_counter() - started)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-stress", action="store_true", help="skip the worst-case table")
    args = parser.parse_args(argv)
    print(f"Python {platform.python_version()} on {platform.machine()}, "
          f"{args.instances} instances per size, best of {args.repeats} calls each")
    print(f"{'parties':>7} {'offers':>6} {'median ms':>9} {'worst ms':>8} {'validate ms':>11} "
          f"{'match sizes (per seed)':<32} {'nodes median/max':>16}")
    worst_10 = 0.0
    for n in SIZES:
        times, sizes, nodes, checks = [], [], [], []
        for seed in range(args.instances):
            menu, offers = instance(n, seed)
            started = time.perf_counter()
            pool = Pool(menu, offers)
            checks.append(time.perf_counter() - started)
            seconds, match = timed(pool, args.repeats)
            times.append(seconds)
            sizes.append(len(match.offers))
            nodes.append(match.explored)
        if n == 10:
            worst_10 = max(times)
        print(f"{n:>7} {n * OFFERS_PER_PARTY:>6} {statistics.median(times) * 1e3:>9.1f} "
              f"{max(times) * 1e3:>8.1f} {statistics.median(checks) * 1e3:>11.1f} "
              f"{' '.join(map(str, sizes)):<32} "
              f"{int(statistics.median(nodes)):>8}/{max(nodes):<7}")
    if not args.no_stress:
        stress(args.instances)
    verdict = "met" if worst_10 * 1e3 < TARGET_MS_10 else "MISSED"
    print(f"target: worst 10-party time under {TARGET_MS_10:.0f} ms: {verdict} "
          f"({worst_10 * 1e3:.1f} ms)")
    return 0 if verdict == "met" else 1


if __name__ == "__main__":
    raise SystemExit(main())
