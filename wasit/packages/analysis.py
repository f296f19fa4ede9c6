"""The package engine applied to stored domains and scores; no database access here.

Everything the pages and the API compute from a domain and the parties' scores goes
through these functions, so a page and its API route cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language

from wasit.engine import (
    SOLUTION_NAMES,
    Domain,
    DomainTooLargeError,
    Issue,
    Preferences,
    Scenario,
    distance_to_frontier,
    pareto_frontier,
    solve,
)

Title = Mapping[str, str]

#: Frontier computations stop (with a message) beyond this many candidates in one step.
MAX_CANDIDATES = 2_000_000

#: The pages list at most this many frontier rows; the API returns them all.
TABLE_ROWS = 200

# The solutions marked on the chart (the maximum total is listed, not marked).
CHART_SOLUTIONS = ("nash", "kalai_smorodinsky", "egalitarian")


def local(title: Title) -> str:
    """A title in the active language, falling back to English, Arabic, then Persian."""
    active = (get_language() or "en")[:2]
    for lang in (active, "en", "ar", "fa"):
        text = title.get(lang, "")
        if text:
            return text
    return ""


def engine_domain(issues: Sequence[Mapping[str, Any]], name: str = "") -> Domain:
    """The stored issues as an engine domain (positions stand in for names)."""
    return Domain(
        issues=tuple(
            Issue(name=f"issue {i + 1}", options=tuple(str(j) for j in range(len(issue["options"]))))
            for i, issue in enumerate(issues)
        ),
        name=name,
    )


def describe(issues: Sequence[Mapping[str, Any]], package: Sequence[int]) -> list[tuple[str, str]]:
    """The package in words, in the active language: (issue, chosen option) per issue."""
    out = []
    for issue, option in zip(issues, package, strict=True):
        options: Sequence[Title] = issue["options"]
        out.append((local(issue["title"]), local(options[option])))
    return out


def utility(weights: Sequence[float], values: Sequence[Sequence[float]], package: Sequence[int]) -> float:
    """One party's additive utility of a package: the sum of weight × value per issue."""
    return math.fsum(w * row[o] for w, row, o in zip(weights, values, package, strict=True))


@dataclass(frozen=True)
class PreferenceLine:
    """One issue of a party's scores in plain words: its share and options best first."""

    issue: str
    weight: float
    ranked: list[tuple[str, float]]
    # Consecutive pairs: (better, worse, equal?) for "you prefer A to B".
    pairs: list[tuple[str, str, bool]]


def preview(issues: Sequence[Mapping[str, Any]], weights: Sequence[float],
            values: Sequence[Sequence[float]]) -> list[PreferenceLine]:
    """The scores as sentences: issues by importance, options by preference."""
    lines = []
    for issue, weight, row in zip(issues, weights, values, strict=True):
        options: Sequence[Title] = issue["options"]
        ranked = sorted(((local(o), v) for o, v in zip(options, row, strict=True)),
                        key=lambda item: -item[1])
        pairs = [(a, b, math.isclose(va, vb)) for (a, va), (b, vb) in zip(ranked, ranked[1:], strict=False)]
        lines.append(PreferenceLine(local(issue["title"]), weight, ranked, pairs))
    lines.sort(key=lambda line: -line.weight)
    return lines


@dataclass(frozen=True)
class Point:
    """A package with every party's utility, and where it sits on the chart."""

    package: list[int]
    words: list[tuple[str, str]]
    utilities: list[float]
    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True)
class Analysis:
    """The engine's outputs for a domain and every party's latest scores."""

    parties: list[str]
    frontier: list[Point]
    solutions: dict[str, Point | None]
    no_agreement_reason: str | None
    proposal: Point | None
    proposal_pareto_optimal: bool | None
    proposal_uniform_improvement: float | None
    reservations: list[float]
    too_large: str | None = None
    chart: dict[str, object] = field(default_factory=dict)


# The chart's drawing area, in SVG user units.
CHART_SIZE = 400
CHART_PAD = 50


def _xy(utilities: Sequence[float]) -> tuple[float, float]:
    span = CHART_SIZE - 2 * CHART_PAD
    return (round(CHART_PAD + utilities[0] * span, 2),
            round(CHART_SIZE - CHART_PAD - utilities[1] * span, 2))


def analyse(issues: Sequence[Mapping[str, Any]], parties: Sequence[str],
            profiles: Sequence[tuple[Sequence[float], Sequence[Sequence[float]], float]],
            proposal: Sequence[int] | None) -> Analysis:
    """Frontier, solutions and the proposal's position for two or more parties' scores."""
    domain = engine_domain(issues)
    scenario = Scenario(domain=domain, profiles=tuple(
        Preferences(party=name, weights=tuple(w), values=tuple(tuple(r) for r in v), reservation=res)
        for name, (w, v, res) in zip(parties, profiles, strict=True)
    ))
    two = len(parties) == 2

    def point(package: Sequence[int], utilities: Sequence[float]) -> Point:
        us = [round(u, 6) for u in utilities]
        x, y = _xy(us) if two else (0.0, 0.0)
        return Point(list(package), describe(issues, package), us, x, y)

    reservations = [p[2] for p in profiles]
    try:
        frontier = pareto_frontier(scenario, max_candidates=MAX_CANDIDATES)
    except DomainTooLargeError as error:
        return Analysis(list(parties), [], {}, None, None, None, None, reservations, too_large=str(error))
    utilities = frontier.utilities.tolist()
    points = [point(frontier.package(r), utilities[r]) for r in range(len(frontier))]
    solved = solve(scenario, frontier)
    solutions = {
        name: (point(s.package, s.utilities) if (s := solved.as_dict()[name]) is not None else None)
        for name in SOLUTION_NAMES
    }
    proposed = optimal = improvement = None
    if proposal is not None:
        distance = distance_to_frontier(scenario, frontier, proposal)
        proposed = point(distance.package, distance.utilities)
        optimal = distance.is_pareto_optimal
        improvement = round(distance.uniform_improvement, 6)
    chart = _chart(points, solutions, proposed, reservations) if two else {}
    return Analysis(list(parties), points, solutions, solved.no_agreement_reason, proposed, optimal,
                    improvement, reservations, chart=chart)


def _marker(kind: str, point: Point) -> dict[str, object]:
    """One marked point: a ring (Nash), a square (Kalai–Smorodinsky), a diamond
    (egalitarian) or a cross (the current proposal); shapes, not only colours, tell them apart."""
    x, y, r = point.x, point.y, 7
    return {
        "kind": kind, "x": x, "y": y, "r": r,
        "left": round(x - r, 2), "top": round(y - r, 2), "side": 2 * r,
        "diamond": f"{x},{round(y - r - 1, 2)} {round(x + r + 1, 2)},{y} {x},{round(y + r + 1, 2)} "
                   f"{round(x - r - 1, 2)},{y}",
        "cross": f"M{round(x - r, 2)},{round(y - r, 2)} L{round(x + r, 2)},{round(y + r, 2)} "
                 f"M{round(x - r, 2)},{round(y + r, 2)} L{round(x + r, 2)},{round(y - r, 2)}",
        "point": point,
    }


def _chart(points: list[Point], solutions: Mapping[str, Point | None], proposal: Point | None,
           reservations: Sequence[float]) -> dict[str, object]:
    """Everything the SVG template draws, in user units (no arithmetic left to the template)."""
    end = CHART_SIZE - CHART_PAD
    res_x, res_y = _xy(reservations)
    ticks = [t / 4 for t in range(5)]
    markers = [_marker(name, p) for name in CHART_SOLUTIONS if (p := solutions.get(name)) is not None]
    if proposal is not None:
        markers.append(_marker("proposal", proposal))
    return {
        "size": CHART_SIZE, "pad": CHART_PAD, "end": end,
        "polyline": " ".join(f"{p.x},{p.y}" for p in points),
        "res_x": res_x, "res_y": res_y,
        "xticks": [(f"{t:g}", _xy((t, 0))[0], end + 16) for t in ticks],
        "yticks": [(f"{t:g}", CHART_PAD - 8, round(_xy((0, t))[1] + 4, 2)) for t in ticks],
        "xlabel": (CHART_SIZE / 2, CHART_SIZE - 8),
        "ylabel": (14, CHART_SIZE / 2),
        "points": points,
        "markers": markers,
    }
