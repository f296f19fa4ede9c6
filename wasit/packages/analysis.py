"""The package engine applied to stored domains and scores; no database access here.

Everything the pages and the API compute from a domain and the parties' scores goes
through these functions, so a page and its API route cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from wasit.dates import with_digits
from wasit.engine import (
    APPROXIMATE_METHOD,
    SOLUTION_NAMES,
    Budget,
    Domain,
    DomainTooLargeError,
    Issue,
    Preferences,
    Scenario,
    distance_to_frontier,
    pareto_frontier,
    solve,
)
from wasit.schedule import display

Title = Mapping[str, str]

#: Frontier computations stop (with a message) beyond this many candidates in one step.
MAX_CANDIDATES = 2_000_000


def engine_budget() -> Budget:
    """The time and memory one frontier computation may take in a request (settings).

    The engine answers within it (exact frontier or a refusal with its estimate), so a
    request thread is never held for longer than this, whatever the domain.
    """
    seconds = float(getattr(settings, "WASIT_ENGINE_SECONDS", 2.0))
    megabytes = float(getattr(settings, "WASIT_ENGINE_MEMORY_MB", 512.0))
    return Budget(seconds=seconds, memory_bytes=int(megabytes * 2**20))

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
class Refusal:
    """Why the exact frontier was not computed: the engine's estimates and the budget."""

    #: Estimated frontier size; with ``limit``, the candidates of one merge step instead.
    estimated_size: int
    estimated_seconds: float | None
    limit: int | None
    budget: Budget
    #: Whether the approximate frontier was asked for (and refused too).
    approximate: bool
    #: The engine's own sentence (English, with its working), for the API and the logs.
    engine_message: str


@dataclass(frozen=True)
class Approximate:
    """How an approximate frontier was made: the engine's method and its error bound."""

    method: str
    #: Every exact frontier point has a listed package giving each party at most this less.
    error_bound: float


@dataclass(frozen=True)
class Analysis:
    """The engine's outputs for a domain and every party's latest scores."""

    parties: list[str]
    frontier: list[Point]
    solutions: dict[str, Point | None]
    no_agreement_reason: str | None
    proposal: Point | None
    # True only when no package beats the proposal; on an approximate frontier that cannot
    # be known (a thinned-away package might), so it is then None unless one listed does.
    proposal_pareto_optimal: bool | None
    proposal_uniform_improvement: float | None
    reservations: list[float]
    #: The refusal in the reader's words (estimate, and what would make it tractable).
    too_large: str | None = None
    refusal: Refusal | None = None
    #: Set when the frontier is approximate; ``approximate_note`` says so in words.
    approximation: Approximate | None = None
    approximate_note: str | None = None
    #: The mediator asked for the approximate frontier (it may still have come out exact).
    approximate_requested: bool = False
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
            proposal: Sequence[int] | None, *, approximate: bool = False) -> Analysis:
    """Frontier, solutions and the proposal's position for two or more parties' scores.

    Exact, or refused with the engine's estimate when the domain does not fit the budget;
    with ``approximate``, the engine's approximate frontier within the same budget (exact
    when no thinning was needed), labelled as such.
    """
    domain = engine_domain(issues)
    scenario = Scenario(domain=domain, profiles=tuple(
        Preferences(party=name, weights=tuple(w), values=tuple(tuple(r) for r in v), reservation=res)
        for name, (w, v, res) in zip(parties, profiles, strict=True)
    ))
    two = len(parties) == 2
    # Every option in words once: a frontier can list tens of thousands of packages, and
    # looking the language up for each of their issues would cost more than the engine.
    words = [[(local(issue["title"]), local(o)) for o in issue["options"]] for issue in issues]

    def point(package: Sequence[int], utilities: Sequence[float]) -> Point:
        us = [round(u, 6) for u in utilities]
        x, y = _xy(us) if two else (0.0, 0.0)
        return Point(list(package), [words[i][o] for i, o in enumerate(package)], us, x, y)

    reservations = [p[2] for p in profiles]
    budget = engine_budget()
    try:
        frontier = pareto_frontier(scenario, budget=budget, approximate=approximate,
                                   max_candidates=MAX_CANDIDATES)
    except DomainTooLargeError as error:
        refusal = Refusal(error.estimated_size, error.estimated_seconds, error.limit, budget,
                          approximate, str(error))
        return Analysis(list(parties), [], {}, None, None, None, None, reservations,
                        too_large=explain_refusal(refusal), refusal=refusal,
                        approximate_requested=approximate)
    approximation = None
    if frontier.approximation is not None:
        approximation = Approximate(frontier.approximation.method, frontier.approximation.error_bound)
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
        if optimal and approximation is not None:
            optimal = None  # no listed package beats it; a thinned-away one might
        improvement = round(distance.uniform_improvement, 6)
    chart = _chart(points, solutions, proposed, reservations) if two else {}
    return Analysis(list(parties), points, solutions, solved.no_agreement_reason, proposed, optimal,
                    improvement, reservations, approximation=approximation,
                    approximate_note=explain_approximation(approximation) if approximation else None,
                    approximate_requested=approximate, chart=chart)


# --- the refusal and the approximation in the reader's words ------------------------

#: The engine's methods in the reader's language (the engine's own words are English).
METHODS = {
    APPROXIMATE_METHOD: gettext_lazy(
        "ε-box thinning of the issue-by-issue merge (an additive ε-Pareto set, after "
        "Papadimitriou and Yannakakis)"),
}


def method_words(method: str) -> str:
    """How an approximate frontier was made, in the active language."""
    return str(METHODS.get(method, method))


def _native() -> bool:
    """Whether the reader writes numbers with their language's own digits."""
    return display.current().digits(get_language() or "en") != "western"


def number(value: float, *, grouping: bool = True, significant: int | None = None) -> str:
    """A number with the reader's digits (and, with them, the Arabic separators)."""
    text = f"{value:.{significant}g}" if significant else (f"{value:,.0f}" if grouping else f"{value:g}")
    if not _native():
        return text
    # The Arabic decimal and thousands separators go with Arabic-Indic and Persian digits.
    text = text.replace(",", "\u066c").replace(".", "\u066b")
    return with_digits(text, display.current().digits(get_language() or "en"))


def duration(seconds: float) -> str:
    """A rough duration in words, like the engine's ("about 3 minutes", "over a year")."""
    if seconds < 1:
        return _("under a second")
    if seconds > 365 * 86_400:
        return _("over a year")
    if seconds >= 2 * 86_400:
        n = round(seconds / 86_400)
        return ngettext("about %(n)s day", "about %(n)s days", n) % {"n": number(n)}
    if seconds >= 2 * 3_600:
        n = round(seconds / 3_600)
        return ngettext("about %(n)s hour", "about %(n)s hours", n) % {"n": number(n)}
    if seconds >= 2 * 60:
        n = round(seconds / 60)
        return ngettext("about %(n)s minute", "about %(n)s minutes", n) % {"n": number(n)}
    n = round(seconds)
    return ngettext("about %(n)s second", "about %(n)s seconds", n) % {"n": number(n)}


def explain_refusal(refusal: Refusal) -> str:
    """The estimate behind a refusal and what would make the domain tractable."""
    budget = {"seconds": number(refusal.budget.seconds, grouping=False),
              "megabytes": number(refusal.budget.memory_bytes / 2**20)}
    if refusal.limit is not None:
        estimate = _("Within the budget of %(seconds)s s and %(megabytes)s MB, one step of the "
                     "computation would weigh about %(size)s candidate packages, more than the "
                     "%(limit)s allowed.") % {
            **budget, "size": number(refusal.estimated_size), "limit": number(refusal.limit)}
    elif refusal.estimated_seconds is not None:
        estimate = _("It does not fit the budget of %(seconds)s s and %(megabytes)s MB: the "
                     "frontier would have about %(size)s packages, and computing it would take "
                     "%(time)s.") % {
            **budget, "size": number(refusal.estimated_size),
            "time": duration(refusal.estimated_seconds)}
    else:
        estimate = _("It does not fit the budget of %(seconds)s s and %(megabytes)s MB: the "
                     "frontier would have about %(size)s packages.") % {
            **budget, "size": number(refusal.estimated_size)}
    if refusal.approximate:
        remedy = _("To make it tractable: merge or drop issues that matter little to every "
                   "party, or offer fewer options per issue.")
    else:
        remedy = _("To make it tractable: merge or drop issues that matter little to every "
                   "party, offer fewer options per issue, or ask for the approximate frontier.")
    return f"{estimate} {remedy}"


def explain_approximation(approximation: Approximate) -> str:
    """What an approximate frontier is and how far from the exact one it may be."""
    return _("Approximate frontier, by %(method)s: every package on the exact frontier has one "
             "listed here that gives each party at most %(bound)s less. The listed packages are "
             "real, with their exact utilities; some may be bettered by packages left out.") % {
        "method": method_words(approximation.method),
        "bound": number(approximation.error_bound, significant=3)}


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
