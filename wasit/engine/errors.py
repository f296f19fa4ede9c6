"""Exceptions raised by the package engine.

Every error the engine raises on bad input derives from :class:`EngineError`, so a
caller (the Django views, the CLI) can catch one class and show ``str(error)``, which is
always a sentence meant for a human.
"""

from __future__ import annotations


class EngineError(ValueError):
    """Base class of every error the engine raises on bad input or impossible requests."""


class DomainError(EngineError):
    """The negotiation domain is malformed (no issues, an issue with no options, ...)."""


class PreferencesError(EngineError):
    """A party's preferences are malformed (weights, values or reservation value)."""


class WeightSumError(PreferencesError):
    """The issue weights do not sum to one (the engine refuses instead of normalising)."""


class ValueRangeError(PreferencesError):
    """A weight, value or reservation value lies outside [0, 1] or is not a finite number."""


class ShapeMismatchError(PreferencesError):
    """The preferences do not have one weight per issue and one value per option."""


class DomainTooLargeError(EngineError):
    """The exact computation does not fit its budget; carries the estimates behind the refusal.

    ``estimated_size`` is the estimated number of frontier points (or of candidates or
    packages, as the message says), ``limit`` the limit that was hit (``None`` for a time or
    memory budget) and ``estimated_seconds`` the estimated time of the whole computation
    when one could be made.
    """

    def __init__(
        self,
        message: str,
        *,
        estimated_size: int,
        limit: int | None = None,
        estimated_seconds: float | None = None,
    ) -> None:
        super().__init__(message)
        self.estimated_size = estimated_size
        self.limit = limit
        self.estimated_seconds = estimated_seconds


class AdjustedWinnerError(EngineError):
    """The point allocations given to Adjusted Winner are malformed."""


class ProposalError(EngineError):
    """A proposal (package) does not fit the domain."""


class GeniusFormatError(EngineError):
    """A Genius XML file is malformed, hostile, or uses a feature the importer lacks."""


class OfferError(EngineError):
    """A menu of moves, a sealed conditional offer or a pool of offers is malformed."""


class MatchingTooLargeError(DomainTooLargeError):
    """The exact match search did not finish within its budget.

    ``estimated_size`` is the number of ways of choosing at most one offer per party (what
    a plain enumeration would visit); the search explored far fewer before giving up.
    """


class BidError(EngineError):
    """A blind bid, or the terms of a round of blind bids, is malformed."""


class CommitmentError(EngineError):
    """A commitment, a nonce or a commitments file is malformed (not: a digest that fails)."""
