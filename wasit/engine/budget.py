"""Time and memory budgets: every engine entry point answers within one.

A computation given a :class:`Budget` either finishes within it, or refuses with
:class:`~wasit.engine.errors.DomainTooLargeError`, which carries the estimated size and
time and says what would make the domain tractable. The refusal comes as early as the
estimate allows (often after a few milliseconds), and at the latest when the time runs out:
the engine checks the clock between NumPy calls, so it overruns by at most one call, and
it checks the memory a merge step needs *before* allocating it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from wasit.engine.errors import EngineError

#: The library's and the command line's default; the app uses its own settings
#: (``WASIT_ENGINE_SECONDS`` and ``WASIT_ENGINE_MEMORY_MB``, 2 s and 512 MB by default).
DEFAULT_SECONDS = 10.0
DEFAULT_MEMORY_BYTES = 1 << 30


@dataclass(frozen=True)
class Budget:
    """At most ``seconds`` of wall time and ``memory_bytes`` of working memory."""

    seconds: float = DEFAULT_SECONDS
    memory_bytes: int = DEFAULT_MEMORY_BYTES

    def __post_init__(self) -> None:
        if not (math.isfinite(self.seconds) and self.seconds > 0):
            raise EngineError(f"A time budget must be a positive number of seconds, not {self.seconds!r}.")
        if self.memory_bytes <= 0:
            raise EngineError(f"A memory budget must be a positive number of bytes, not {self.memory_bytes!r}.")

    def describe(self) -> str:
        """``"2 s and 512 MB"``: the budget in words."""
        return f"{self.seconds:g} s and {self.memory_bytes / 2**20:,.0f} MB"

    def start(self) -> Clock:
        """A clock running against this budget from now."""
        return Clock(self, time.perf_counter())


@dataclass(frozen=True)
class Clock:
    """A budget being spent: when it started and the deadline."""

    budget: Budget
    started: float

    @property
    def deadline(self) -> float:
        return self.started + self.budget.seconds

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def remaining(self) -> float:
        return self.deadline - time.perf_counter()


def duration(seconds: float) -> str:
    """A rough duration in words: ``"about 3 s"``, ``"about 40 minutes"``, ``"over a year"``."""
    if seconds < 1:
        return "under a second"
    for unit, size in (("days", 86_400), ("hours", 3_600), ("minutes", 60)):
        if seconds >= 2 * size:
            if unit == "days" and seconds > 365 * 86_400:
                return "over a year"
            return f"about {seconds / size:,.0f} {unit}"
    return f"about {seconds:,.0f} s"


def round_estimate(value: float) -> int:
    """An estimate rounded to two significant digits (it is an estimate, not a count)."""
    if value < 100:
        return max(0, round(value))
    digits = int(math.floor(math.log10(value))) - 1
    return int(round(value, -digits))
