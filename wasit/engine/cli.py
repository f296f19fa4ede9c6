"""Command-line entry point of the package engine (no Django, no database, no files written).

``main(["frontier", DIR])`` loads a Genius folder and prints the frontier's size (distinct
utility vectors, one package shown for each) and the Nash, Kalai–Smorodinsky, egalitarian
and maximum-total packages in words with their utilities, stating the disagreement point
and the Kalai–Smorodinsky definition used. ``wasit engine ...`` runs this directly, before
any Django setup, so it needs no settings and creates no data folder.

Every run is bounded: ``--seconds`` and ``--memory-mb`` (default 10 s and 1024 MB) are the
budget; a domain too large for it is refused with the estimate and what would make it
tractable, or, with ``--approximate``, answered with a clearly labelled approximate frontier.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

from wasit.engine.budget import DEFAULT_MEMORY_BYTES, DEFAULT_SECONDS, Budget
from wasit.engine.errors import EngineError
from wasit.engine.frontier import pareto_frontier
from wasit.engine.genius import load_genius_folder
from wasit.engine.solutions import (
    DISAGREEMENT_RULES,
    KS_RULES,
    SOLUTION_NAMES,
    SOLUTION_TITLES,
    solve,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wasit engine", description="Wasit package engine.")
    commands = parser.add_subparsers(dest="command", required=True)
    frontier = commands.add_parser(
        "frontier", help="Pareto frontier and bargaining solutions of a Genius folder."
    )
    frontier.add_argument(
        "folder", help="folder with one Genius domain file and its utility spaces"
    )
    frontier.add_argument(
        "--seconds", type=float, default=DEFAULT_SECONDS,
        help=f"time budget in seconds (default {DEFAULT_SECONDS:g})",
    )
    frontier.add_argument(
        "--memory-mb", type=float, default=DEFAULT_MEMORY_BYTES / 2**20,
        help=f"memory budget in MB (default {DEFAULT_MEMORY_BYTES / 2**20:.0f})",
    )
    frontier.add_argument(
        "--approximate", action="store_true",
        help="when the exact frontier does not fit the budget, compute a labelled approximate "
        "one (epsilon-box thinning, with its error bound) instead of refusing",
    )
    frontier.add_argument(
        "--disagreement", choices=sorted(DISAGREEMENT_RULES), default="reservation",
        help="disagreement point: the reservation values (default), the worst outcome "
        "(Genius), or the larger of the two (NegMAS)",
    )
    frontier.add_argument(
        "--ks", choices=sorted(KS_RULES), default="normalised",
        help="Kalai-Smorodinsky definition: normalised (default) or min_spread (Genius)",
    )
    return parser


def _frontier(args: argparse.Namespace, out: TextIO) -> int:
    budget = Budget(seconds=args.seconds, memory_bytes=int(args.memory_mb * 2**20))
    loaded = load_genius_folder(args.folder)
    scenario = loaded.scenario
    domain = scenario.domain
    out.write(
        f"Domain {domain.name!r}: {len(domain.issues)} issues, {domain.size:,} packages, "
        f"parties: {', '.join(scenario.parties)}\n"
    )
    for profile in loaded.profiles:
        for note in profile.notes:
            out.write(f"  note ({profile.preferences.party}): {note}\n")
    started = time.perf_counter()
    frontier = pareto_frontier(scenario, budget=budget, approximate=args.approximate)
    elapsed = time.perf_counter() - started
    solutions = solve(scenario, frontier, disagreement=args.disagreement, ks=args.ks)
    kind = "Pareto frontier" if frontier.exact else "APPROXIMATE Pareto frontier"
    out.write(
        f"{kind}: {len(frontier):,} distinct utility vectors (one package shown for each; "
        f"computed in {elapsed * 1000:.1f} ms within a budget of {budget.describe()})\n"
    )
    if frontier.approximation is not None:
        out.write(f"  This frontier is {frontier.approximation.describe()}.\n")
    out.write(solutions.conventions() + "\n")
    if solutions.no_agreement_reason is not None:
        out.write(solutions.no_agreement_reason + "\n")
        return 0
    for name in SOLUTION_NAMES:
        point = solutions.as_dict()[name]
        if point is None:  # pragma: no cover - all exist when there is no reason
            continue
        utilities = ", ".join(
            f"{party} {u:.4f}" for party, u in zip(scenario.parties, point.utilities, strict=True)
        )
        out.write(f"\n{SOLUTION_TITLES[name]}: {utilities}\n")
        for line in domain.describe(point.package):
            out.write(f"  - {line}\n")
    return 0


def main(argv: list[str]) -> int:
    """Run the engine CLI with ``argv`` (without the program name); return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        if args.command == "frontier":
            return _frontier(args, sys.stdout)
    except EngineError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    return 1  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
