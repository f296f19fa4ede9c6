"""Sealed conditional offers: the largest set of live offers that fit together.

Data model
----------
* :class:`Move`: an entry of the mediators' menu, an id and, for a move that carries a
  quantity (an amount, a percentage, a number of weeks), its unit.
* :class:`Offer`: one party's sealed conditional offer: the moves it *gives* (a quantity
  for a move with a unit, ``None`` for a move without), the moves it *requires* of named
  other parties (:class:`Requirement`, with optional inclusive bounds ``at_least`` and
  ``at_most`` on the quantity) and ``partial_ok``. An offer gives at least one move and
  requires at least one (an offer with no condition has nothing to seal).
* :class:`Pool`: the menu and the live offers, checked against each other. Expired and
  withdrawn offers are the caller's business: they are simply not in the pool.

Quantities are :class:`decimal.Decimal` (exact): ``int``, ``str`` and ``Decimal`` are
accepted; floats are refused (``0.1`` is not exact), and so are NaN, infinities, negative
numbers and absurd ones (more than :data:`MAX_DIGITS` significant digits, or a magnitude of
10^18 or more, or a non-zero one below 10^-18).

Definition of a match
---------------------
Let P be the set of parties with at least one offer in the pool. A *match* is a non-empty
set M of offers of the pool such that

1. M holds at most one offer per party;
2. for every offer o in M and every requirement (q, m, at_least, at_most) of o, M holds an
   offer of party q that gives move m, with a quantity x such that at_least <= x <= at_most
   (a missing bound is no bound; a move without a unit has no bounds);
3. if an offer in M has ``partial_ok=False``, M holds an offer of *every* party in P: such
   an offer joins only a match of all the parties with a live offer in the pool, not one
   among a subset of them.

No offer may require a move of its own party (refused when the offer is built), so every
match involves at least two parties.

The matcher returns a *largest* match (most offers, i.e. most parties). Tie-break among
the largest: compare matches party by party, parties in the order of their names (Python
string order); for one party, an offer with a smaller id comes first, and any offer comes
before no offer of that party. The first match in that order is returned.

The problem and its complexity
------------------------------
Choosing at most one offer per party under the implications "o is chosen => the offer
chosen for party q is one of those meeting o's requirements on q" is a constraint
satisfaction problem. Deciding whether *any* match exists is NP-complete (membership is
the check above; hardness by reduction from 3-SAT: one party per variable with a "true"
and a "false" offer, one party per clause with one offer per literal requiring the
variable's offer that makes it true, and a hub party whose single offer requires some offer
of every clause party, while each variable's offers require the hub's). So finding the
largest match is NP-hard: the engine solves it exactly, with a search that visits at worst
prod_p (k_p + 1) choices (k_p offers of party p), O(R * prod_p (k_p + 1)) time for R
requirements in all, and that pruning makes fast on pools of the sizes talks produce
(``bench/matching.py``: 10 parties x 20 offers over 50 moves).

Algorithm
---------
1. For each offer and each party it requires something of, the offers of that party that
   meet *all* those requirements, as a bit mask.
2. Fixpoint pruning (arc consistency): an offer that, for some party, has no compatible
   offer left is removed; a ``partial_ok=False`` offer is removed as soon as some party of
   P has no offer left; a party that must make an offer passes on what all its remaining
   offers need (those parties must make one too, among the compatible offers); repeated
   until nothing changes.
3. Depth-first branch and bound: parties in name order, each party's offers in id order,
   then "no offer"; after every choice the fixpoint runs again on the choices left (an offer
   chosen restricts the parties it requires to the compatible offers and forbids them "no
   offer"; "no offer" removes every offer that requires that party). A branch is cut when
   the offers chosen plus the parties that can still contribute one cannot beat the best
   match found. The search order is the tie-break order, so the first largest match found
   is the one returned and only strictly larger ones replace it. Pruning removes only
   choices that cannot be part of any match extending the current ones, so the result is
   exact (property tests compare it with brute-force enumeration).

The search runs within a :class:`~wasit.engine.budget.Budget`; past its deadline it
refuses with :class:`MatchingTooLargeError` rather than answer late. A pool of more than
:data:`MAX_PARTIES` parties is refused (the search recurses once per party).
"""

from __future__ import annotations

import decimal
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType

from wasit.engine.budget import Budget, Clock
from wasit.engine.errors import EngineError, MatchingTooLargeError, OfferError

#: At most this many significant digits in a quantity or a bid (an 18-digit integer fits a
#: 64-bit one, and no treaty counts weeks or dollars beyond that).
MAX_DIGITS = 18

#: Quantities and bids must be smaller than 10**MAX_MAGNITUDE (and, when non-zero, at least
#: 10**-MAX_MAGNITUDE) in absolute value.
MAX_MAGNITUDE = 18

#: Longest string accepted as a number, checked before parsing it.
MAX_NUMBER_CHARS = 64

#: Most parties a pool may have (talks have a handful; the search recurses once per party).
MAX_PARTIES = 500

#: The clock is read every this many search nodes.
_CLOCK_EVERY = 64


def exact_decimal(
    value: object,
    what: str,
    *,
    error: type[EngineError] = OfferError,
    allow_negative: bool = False,
) -> Decimal:
    """``value`` as a normalised, finite :class:`Decimal`, or ``error`` with a sentence.

    ``what`` names the number in the message ("Offer 'o1': the quantity of 'funds'").
    Accepts ``int``, ``str`` and ``Decimal``; refuses floats, booleans, NaN, infinities,
    negative numbers (unless ``allow_negative``) and absurd ones (see :data:`MAX_DIGITS`).
    The result has no trailing zeros (``Decimal("2.50")`` becomes ``Decimal("2.5")``) and
    zero has no sign.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise error(
            f"{what} must be an exact number (an integer, a decimal string such as '12.5' "
            f"or a Decimal), not the {type(value).__name__} {value!r}."
        )
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_NUMBER_CHARS:
            raise error(f"{what} is {len(text)} characters long; it is not a plausible number.")
        try:
            number = Decimal(text)
        except decimal.InvalidOperation:
            raise error(f"{what} is not a number: {text[:MAX_NUMBER_CHARS]!r}.") from None
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    else:
        raise error(f"{what} must be a number, not a {type(value).__name__}.")
    if not number.is_finite():
        raise error(f"{what} must be a finite number, not {number}.")
    if number.is_signed() and not number.is_zero() and not allow_negative:
        raise error(f"{what} is negative ({number}); it must be zero or more.")
    if number.is_zero():
        return Decimal(0)
    # Magnitude first, from the exponent alone: "1e999999999" must not be expanded.
    if number.adjusted() >= MAX_MAGNITUDE or number.adjusted() < -MAX_MAGNITUDE:
        raise error(
            f"{what} is out of range: numbers must lie below 10^{MAX_MAGNITUDE} and, "
            f"unless zero, at or above 10^-{MAX_MAGNITUDE} in size."
        )
    significant = len("".join(map(str, number.as_tuple().digits)).rstrip("0"))
    if significant > MAX_DIGITS:
        raise error(
            f"{what} has {significant} significant digits; at most {MAX_DIGITS} are accepted."
        )
    return plain_decimal(number)


def plain_decimal(value: Decimal) -> Decimal:
    """``value`` without trailing zeros after the point and without an exponent above 0.

    Exact (no rounding, whatever the digits): ``2.50`` -> ``2.5``, ``1E+3`` -> ``1000``,
    ``-0`` -> ``0``. Equal values get equal ``str()``, which the commitments rely on.
    """
    if value.is_zero():
        return Decimal(0)
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(f"{value} is not a finite number")
    while exponent < 0 and len(digits) > 1 and digits[-1] == 0:
        digits = digits[:-1]
        exponent += 1
    if exponent > 0:
        digits = digits + (0,) * exponent
        exponent = 0
    return Decimal((sign, digits, exponent))


def _check_name(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise OfferError(f"{what} must be a non-empty string, got {value!r}.")
    return value


@dataclass(frozen=True)
class Move:
    """A move of the menu: its id and, if it carries a quantity, the quantity's unit."""

    id: str
    unit: str | None = None

    def __post_init__(self) -> None:
        _check_name(self.id, "A move's id")
        if self.unit is not None:
            _check_name(self.unit, f"The unit of move {self.id!r}")


@dataclass(frozen=True)
class Quantity:
    """An exact amount, with its unit (``None``: the unit of the move it is given for)."""

    amount: Decimal
    unit: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", exact_decimal(self.amount, "A quantity"))
        if self.unit is not None:
            _check_name(self.unit, "A quantity's unit")


def quantity(amount: Decimal | int | str, unit: str | None = None) -> Quantity:
    """A :class:`Quantity` from an ``int``, a decimal string or a ``Decimal``."""
    return Quantity(exact_decimal(amount, "A quantity"), unit)


def _as_quantity(value: object, what: str) -> Quantity:
    if isinstance(value, Quantity):
        return value
    return Quantity(exact_decimal(value, what), None)


@dataclass(frozen=True)
class Requirement:
    """Move ``move_id`` required of ``party``, its quantity within the inclusive bounds."""

    party: str
    move_id: str
    at_least: Quantity | None = None
    at_most: Quantity | None = None

    def __post_init__(self) -> None:
        _check_name(self.party, "A requirement's party")
        _check_name(self.move_id, "A requirement's move")
        what = f"The requirement of move {self.move_id!r} of {self.party!r}"
        low = None if self.at_least is None else _as_quantity(self.at_least, f"{what}: at_least")
        high = None if self.at_most is None else _as_quantity(self.at_most, f"{what}: at_most")
        object.__setattr__(self, "at_least", low)
        object.__setattr__(self, "at_most", high)
        if low is not None and high is not None:
            if low.unit is not None and high.unit is not None and low.unit != high.unit:
                raise OfferError(f"{what} gives its bounds in two units ({low.unit}, {high.unit}).")
            if low.amount > high.amount:
                raise OfferError(
                    f"{what} asks for at least {low.amount} and at most {high.amount}: "
                    "no quantity can meet it."
                )

    def admits(self, given: Quantity | None) -> bool:
        """Whether a move given with quantity ``given`` meets this requirement."""
        if given is None:
            return self.at_least is None and self.at_most is None
        if self.at_least is not None and given.amount < self.at_least.amount:
            return False
        return self.at_most is None or given.amount <= self.at_most.amount


@dataclass(frozen=True)
class Offer:
    """One party's sealed conditional offer (see the module docstring for the rules).

    ``gives`` maps move ids to the quantity given (``None`` for a move without a unit);
    it is kept read-only and sorted by move id. ``requires`` lists what the offer needs of
    other parties, at most one requirement per (party, move).
    """

    id: str
    party: str
    gives: Mapping[str, Quantity | None] = field(hash=False)
    requires: tuple[Requirement, ...]
    partial_ok: bool = True

    def __post_init__(self) -> None:
        _check_name(self.id, "An offer's id")
        _check_name(self.party, f"The party of offer {self.id!r}")
        who = f"Offer {self.id!r} of {self.party}"
        if not isinstance(self.partial_ok, bool):
            raise OfferError(f"{who}: partial_ok must be True or False.")
        if not self.gives:
            raise OfferError(f"{who} gives no move; an offer gives at least one.")
        gives: dict[str, Quantity | None] = {}
        for move_id in sorted(self.gives):
            _check_name(move_id, f"{who}: a move's id")
            given = self.gives[move_id]
            gives[move_id] = (
                None if given is None else _as_quantity(given, f"{who}: the quantity of {move_id!r}")
            )
        object.__setattr__(self, "gives", MappingProxyType(gives))
        requires = tuple(self.requires)
        if not requires:
            raise OfferError(
                f"{who} requires nothing of anyone; a sealed offer is conditional, so it "
                "requires at least one move of another party."
            )
        seen: set[tuple[str, str]] = set()
        for requirement in requires:
            if not isinstance(requirement, Requirement):
                raise OfferError(f"{who}: every requirement must be a Requirement.")
            if requirement.party == self.party:
                raise OfferError(
                    f"{who} requires move {requirement.move_id!r} of {self.party} itself; an "
                    "offer can require moves only of other parties."
                )
            key = (requirement.party, requirement.move_id)
            if key in seen:
                raise OfferError(
                    f"{who} requires move {requirement.move_id!r} of {requirement.party} twice; "
                    "state one requirement with both bounds."
                )
            seen.add(key)
        object.__setattr__(self, "requires", requires)


@dataclass(frozen=True)
class Menu:
    """The moves the mediators defined (ids unique)."""

    moves: tuple[Move, ...]

    def __post_init__(self) -> None:
        moves = tuple(self.moves)
        object.__setattr__(self, "moves", moves)
        duplicates = sorted(i for i, n in Counter(m.id for m in moves).items() if n > 1)
        if duplicates:
            raise OfferError(f"The menu lists move {duplicates[0]!r} twice; move ids are unique.")

    @cached_property
    def _by_id(self) -> dict[str, Move]:
        return {move.id: move for move in self.moves}

    def move(self, move_id: str, who: str) -> Move:
        """The move with this id, or :class:`OfferError` naming ``who`` used an unknown one."""
        try:
            return self._by_id[move_id]
        except KeyError:
            raise OfferError(f"{who} names move {move_id!r}, which is not on the menu.") from None

    def _unit(self, given: Quantity | None, move: Move, what: str) -> Quantity | None:
        if move.unit is None:
            if given is not None:
                raise OfferError(
                    f"{what}: move {move.id!r} carries no quantity, but {given.amount} was given."
                )
            return None
        if given is None:
            return None
        if given.unit is not None and given.unit != move.unit:
            raise OfferError(
                f"{what}: move {move.id!r} is counted in {move.unit}, not in {given.unit}."
            )
        return Quantity(given.amount, move.unit)

    def check(self, offer: Offer) -> Offer:
        """The offer with every unit filled in from the menu, or :class:`OfferError`.

        Refuses an unknown move, a quantity for a move without a unit (or none for a move
        with one, where the offer gives it) and a quantity in another unit than the move's.
        Commit to the checked offer: its canonical form states every unit.
        """
        who = f"Offer {offer.id!r} of {offer.party}"
        gives: dict[str, Quantity | None] = {}
        for move_id, given in offer.gives.items():
            move = self.move(move_id, who)
            if move.unit is not None and given is None:
                raise OfferError(
                    f"{who} gives move {move_id!r} without saying how much ({move.unit})."
                )
            gives[move_id] = self._unit(given, move, who)
        requires = []
        for requirement in offer.requires:
            move = self.move(requirement.move_id, who)
            what = f"{who}, requirement of {requirement.move_id!r} of {requirement.party}"
            requires.append(
                Requirement(
                    requirement.party,
                    requirement.move_id,
                    self._unit(requirement.at_least, move, what),
                    self._unit(requirement.at_most, move, what),
                )
            )
        return Offer(offer.id, offer.party, gives, tuple(requires), offer.partial_ok)


@dataclass(frozen=True)
class Pool:
    """A menu and the live offers (ids unique), every offer checked against the menu.

    ``offers`` are the checked offers (units filled in, see :meth:`Menu.check`), in the
    order given. Every validation error is raised here, before any search.
    """

    menu: Menu
    offers: tuple[Offer, ...]

    def __post_init__(self) -> None:
        offers = tuple(self.menu.check(offer) for offer in self.offers)
        duplicates = sorted(i for i, n in Counter(o.id for o in offers).items() if n > 1)
        if duplicates:
            raise OfferError(f"Two offers have the id {duplicates[0]!r}; offer ids are unique.")
        n_parties = len({offer.party for offer in offers})
        if n_parties > MAX_PARTIES:
            raise OfferError(
                f"The pool has offers from {n_parties} parties; the matcher takes at most "
                f"{MAX_PARTIES}."
            )
        object.__setattr__(self, "offers", offers)

    @property
    def parties(self) -> tuple[str, ...]:
        """The parties with at least one offer in the pool, in name order."""
        return tuple(sorted({offer.party for offer in self.offers}))

    def offer(self, offer_id: str) -> Offer:
        """The offer with this id (``KeyError`` if there is none)."""
        for offer in self.offers:
            if offer.id == offer_id:
                return offer
        raise KeyError(offer_id)


@dataclass(frozen=True)
class Match:
    """The largest match of a pool: its offers in party-name order (empty if none fits).

    ``explored`` counts the search nodes visited (for the benchmark; not part of equality).
    """

    offers: tuple[Offer, ...]
    explored: int = field(default=0, compare=False)

    @property
    def found(self) -> bool:
        """Whether any offers fit together."""
        return bool(self.offers)

    @property
    def offer_ids(self) -> tuple[str, ...]:
        """The ids of the matched offers, in party-name order."""
        return tuple(offer.id for offer in self.offers)

    @property
    def parties(self) -> tuple[str, ...]:
        """The parties of the matched offers, in name order."""
        return tuple(offer.party for offer in self.offers)


def match_problems(pool: Pool, offer_ids: Iterable[str]) -> tuple[str, ...]:
    """Why the given offers are not a match of the pool (empty when they are one).

    A direct reading of the definition, independent of the search: a caller can re-check a
    match before revealing it.
    """
    ids = list(offer_ids)
    problems: list[str] = []
    try:
        chosen = [pool.offer(i) for i in ids]
    except KeyError as missing:
        return (f"offer {missing.args[0]!r} is not in the pool",)
    if not chosen:
        return ("a match holds at least one offer",)
    by_party: dict[str, Offer] = {}
    for offer in chosen:
        if offer.party in by_party:
            problems.append(f"{offer.party} has two offers in it")
        by_party[offer.party] = offer
    for offer in chosen:
        for requirement in offer.requires:
            other = by_party.get(requirement.party)
            if other is None:
                problems.append(f"offer {offer.id!r} needs an offer of {requirement.party}")
            elif requirement.move_id not in other.gives or not requirement.admits(
                other.gives[requirement.move_id]
            ):
                problems.append(
                    f"offer {offer.id!r} needs {requirement.move_id!r} of {requirement.party}, "
                    f"which offer {other.id!r} does not give as required"
                )
        if not offer.partial_ok and set(by_party) != set(pool.parties):
            problems.append(f"offer {offer.id!r} joins only a match of every party")
    return tuple(problems)


@dataclass
class _Search:
    """The pool compiled to bit masks, and the state of the branch and bound."""

    offers: list[list[Offer]]  # per party (name order), sorted by id
    needs: list[list[dict[int, int]]]  # [p][i]: required party -> mask of compatible offers
    strict: list[int]  # per party: mask of its partial_ok=False offers
    dependents: list[list[tuple[int, int]]]  # [q]: the (p, i) requiring something of q
    clock: Clock
    hopeless: list[tuple[int, int]]  # the (p, i) requiring a move of a party without offers
    best: list[tuple[int, int]] = field(default_factory=list)  # (party, offer) chosen
    best_size: int = 0
    explored: int = 0
    ceiling: int = 0

    def propagate(self, masks: list[int], none_ok: list[bool], queue: set[int]) -> bool:
        """Remove choices without support until nothing changes; False on a dead end.

        ``queue`` holds the parties whose choices changed. Three rules, to a fixpoint:
        an offer none of whose compatible offers of some party is left goes; when a party
        is left with no offer, every ``partial_ok=False`` offer goes; when a party must
        make an offer, a party that all its remaining offers require must make one too,
        among the offers compatible with at least one of them.
        """
        strict_gone = False
        while queue:
            q = queue.pop()
            if masks[q] == 0:
                if not none_ok[q]:
                    return False
                if not strict_gone:  # party q makes no offer: no all-party match any more
                    strict_gone = True
                    for p, mask in enumerate(self.strict):
                        if masks[p] & mask:
                            masks[p] &= ~mask
                            if masks[p] == 0 and not none_ok[p]:
                                return False
                            queue.add(p)
            for p, i in self.dependents[q]:
                bit = 1 << i
                if masks[p] & bit and not self.needs[p][i][q] & masks[q]:
                    masks[p] &= ~bit
                    if masks[p] == 0 and not none_ok[p]:
                        return False
                    queue.add(p)
            if not none_ok[q] and not self.force(masks, none_ok, q, queue):
                return False
        return True

    def force(self, masks: list[int], none_ok: list[bool], q: int, queue: set[int]) -> bool:
        """Party ``q`` must make one of its remaining offers: pass on what all of them need."""
        remaining = [i for i in range(masks[q].bit_length()) if masks[q] >> i & 1]
        if not remaining:
            return False
        rows = [self.needs[q][i] for i in remaining]
        if (masks[q] & self.strict[q]) == masks[q] and any(none_ok):
            for r in range(len(masks)):  # every remaining offer needs every party
                if none_ok[r]:
                    none_ok[r] = False
                    queue.add(r)
                    if masks[r] == 0:
                        return False
        for r in set(rows[0]).intersection(*rows[1:]):
            union = 0
            for row in rows:
                union |= row[r]
            if masks[r] & ~union or none_ok[r]:
                masks[r] &= union
                none_ok[r] = False
                queue.add(r)
                if masks[r] == 0:
                    return False
        return True

    def choose(self, masks: list[int], none_ok: list[bool], p: int, i: int) -> bool:
        """Fix offer ``i`` for party ``p`` and propagate; False on a dead end."""
        masks[p] = 1 << i
        none_ok[p] = False
        return self.propagate(masks, none_ok, {p})

    def search(self, p: int, masks: list[int], none_ok: list[bool], chosen: list[tuple[int, int]]) -> None:
        self.explored += 1
        if self.explored % _CLOCK_EVERY == 1 and self.clock.remaining() <= 0:
            raise _OutOfTime
        bound = len(chosen) + sum(1 for q in range(p, len(masks)) if masks[q])
        if bound <= self.best_size:
            return
        if p == len(masks):
            self.best, self.best_size = list(chosen), len(chosen)
            return
        remaining = masks[p]
        i = 0
        while remaining:
            if remaining & 1:
                next_masks, next_none = list(masks), list(none_ok)
                if self.choose(next_masks, next_none, p, i):
                    chosen.append((p, i))
                    self.search(p + 1, next_masks, next_none, chosen)
                    chosen.pop()
                    if self.best_size == self.ceiling:
                        return
            remaining >>= 1
            i += 1
        if none_ok[p]:
            next_masks, next_none = list(masks), list(none_ok)
            if masks[p]:
                next_masks[p] = 0
                if not self.propagate(next_masks, next_none, {p}):
                    return
            self.search(p + 1, next_masks, next_none, chosen)


class _OutOfTime(Exception):
    """The search's deadline passed (turned into MatchingTooLargeError)."""


def _compile(pool: Pool, clock: Clock) -> _Search:
    parties = list(pool.parties)
    index = {party: p for p, party in enumerate(parties)}
    offers = [
        sorted((o for o in pool.offers if o.party == party), key=lambda o: o.id) for party in parties
    ]
    needs: list[list[dict[int, int]]] = []
    dependents: list[list[tuple[int, int]]] = [[] for _ in parties]
    hopeless: list[tuple[int, int]] = []
    for p, own in enumerate(offers):
        rows: list[dict[int, int]] = []
        for i, offer in enumerate(own):
            row: dict[int, int] = {}
            for requirement in offer.requires:
                q = index.get(requirement.party)
                if q is None:  # a party without offers: nothing can meet it
                    hopeless.append((p, i))
                    continue
                compatible = 0
                for j, other in enumerate(offers[q]):
                    if requirement.move_id in other.gives and requirement.admits(
                        other.gives[requirement.move_id]
                    ):
                        compatible |= 1 << j
                row[q] = row.get(q, -1) & compatible  # -1: all bits, before the first one
            rows.append(row)
            for q in row:
                dependents[q].append((p, i))
        needs.append(rows)
    strict = [
        sum(1 << i for i, offer in enumerate(own) if not offer.partial_ok) for own in offers
    ]
    return _Search(offers, needs, strict, dependents, clock, hopeless)


def find_match(pool: Pool, *, budget: Budget | None = None) -> Match:
    """The largest match of the pool, by the definition and tie-break of the module docstring.

    Returns an empty :class:`Match` when no offers fit together. Raises
    :class:`MatchingTooLargeError` if the exact search does not finish within ``budget``
    (default: :class:`Budget`'s 10 s).
    """
    clock = (budget or Budget()).start()
    state = _compile(pool, clock)
    n = len(state.offers)
    masks = [(1 << len(own)) - 1 for own in state.offers]
    none_ok = [True] * n
    for p, i in state.hopeless:
        masks[p] &= ~(1 << i)
    if not state.propagate(masks, none_ok, set(range(n))):
        return Match((), state.explored)  # pragma: no cover  (every none_ok is True here)
    state.ceiling = sum(1 for mask in masks if mask)
    try:
        state.search(0, masks, none_ok, [])
    except _OutOfTime:
        size = 1
        for own in state.offers:
            size *= len(own) + 1
        spelled = f"{size:,}" if size < 10**12 else f"about 10^{len(str(size)) - 1}"
        raise MatchingTooLargeError(
            f"The exact search for a match of {len(pool.offers)} offers from {n} parties did "
            f"not finish within {clock.budget.describe()} ({state.explored:,} choices "
            f"explored of up to {spelled}); fewer live offers per party would make it "
            "tractable.",
            estimated_size=size,
        ) from None
    return Match(tuple(state.offers[p][i] for p, i in state.best), state.explored)

