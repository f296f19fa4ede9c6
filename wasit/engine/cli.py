"""Command-line entry point of the package engine (no Django needed).

``main(["frontier", DIR])`` loads a Genius folder and prints the frontier size and the
Nash, Kalai–Smorodinsky, egalitarian and maximum-total packages in words with their
utilities. The Django command ``wasit engine frontier DIR`` delegates here.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

from wasit.engine.errors import EngineError
from wasit.engine.frontier import pareto_frontier
from wasit.engine.genius import load_genius_folder
from wasit.engine.solutions import SOLUTION_NAMES, SOLUTION_TITLES, solve


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wasit engine", description="Wasit package engine.")
    commands = parser.add_subparsers(dest="command", required=True)
    frontier = commands.add_parser(
        "frontier", help="Pareto frontier and bargaining solutions of a Genius folder."
    )
    frontier.add_argument(
        "folder", help="folder with one Genius domain file and its utility spaces"
    )
    return parser


def _frontier(folder: str, out: TextIO) -> int:
    loaded = load_genius_folder(folder)
    scenario = loaded.scenario
    started = time.perf_counter()
    frontier = pareto_frontier(scenario)
    elapsed = time.perf_counter() - started
    solutions = solve(scenario, frontier)
    domain = scenario.domain
    out.write(
        f"Domain {domain.name!r}: {len(domain.issues)} issues, {domain.size:,} packages, "
        f"parties: {', '.join(scenario.parties)}\n"
    )
    for profile in loaded.profiles:
        for note in profile.notes:
            out.write(f"  note ({profile.preferences.party}): {note}\n")
    out.write(f"Pareto frontier: {len(frontier)} packages (computed in {elapsed * 1000:.1f} ms)\n")
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
            return _frontier(args.folder, sys.stdout)
    except EngineError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    return 1  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
