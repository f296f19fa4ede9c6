"""Sealed conditional offers: the largest match, checked against brute-force enumeration."""

from __future__ import annotations

import itertools
import random
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wasit.engine import Budget
from wasit.engine.errors import EngineError, MatchingTooLargeError, OfferError
from wasit.engine.matching import (
    MAX_PARTIES,
    Menu,
    Move,
    Offer,
    Pool,
    Quantity,
    Requirement,
    find_match,
    match_problems,
    quantity,
)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MENU = Menu(
    (
        Move("restrain-red-sea"),  # restrain allied groups from attacking shipping
        Move("press-gaza-ceasefire"),
        Move("release-funds", "USD"),
        Move("pause-enrichment", "weeks"),
    )
)


def iran_offer(**changes: object) -> Offer:
    fields: dict[str, object] = {
        "id": "iran-1",
        "party": "Iran",
        "gives": {"restrain-red-sea": None},
        "requires": (Requirement("United States", "press-gaza-ceasefire"),),
    }
    fields.update(changes)
    return Offer(**fields)  # type: ignore[arg-type]


def us_offer(**changes: object) -> Offer:
    fields: dict[str, object] = {
        "id": "us-1",
        "party": "United States",
        "gives": {"press-gaza-ceasefire": None},
        "requires": (Requirement("Iran", "restrain-red-sea"),),
    }
    fields.update(changes)
    return Offer(**fields)  # type: ignore[arg-type]


# An offer nobody meets: the United States gives no funds.
QATAR = Offer(
    "qatar-1",
    "Qatar",
    {"release-funds": quantity("6000000000", "USD")},
    (Requirement("United States", "release-funds", at_least=quantity(1)),),
)


def test_red_sea_restraint_against_gaza_ceasefire_matches_and_the_third_offer_stays_out() -> None:
    """The source scenario: each side's offer is the other's condition, so both are revealed;
    a third offer whose condition nobody meets stays sealed."""
    match = find_match(Pool(MENU, (QATAR, us_offer(), iran_offer())))
    assert match.found
    assert match.offer_ids == ("iran-1", "us-1")
    assert match.parties == ("Iran", "United States")
    assert "qatar-1" not in match.offer_ids


def test_an_offer_whose_condition_is_not_offered_matches_nothing() -> None:
    lonely_iran = iran_offer(requires=(Requirement("United States", "release-funds"),))
    match = find_match(Pool(MENU, (lonely_iran, us_offer())))
    assert not match.found and match.offer_ids == ()


def test_an_all_parties_offer_refuses_a_match_that_leaves_a_party_with_a_live_offer_out() -> None:
    """partial_ok=False: Iran joins only a match of every party with a live offer; Qatar's
    offer cannot be met, so no match includes every party and nothing is revealed."""
    strict_iran = iran_offer(partial_ok=False)
    assert not find_match(Pool(MENU, (strict_iran, us_offer(), QATAR))).found
    # Without Qatar's offer in the pool, the two parties are all the parties.
    assert find_match(Pool(MENU, (strict_iran, us_offer()))).offer_ids == ("iran-1", "us-1")


def test_quantity_bounds_are_inclusive_and_a_quantity_below_them_does_not_match() -> None:
    menu = Menu((Move("pause-enrichment", "weeks"), Move("release-funds", "USD")))

    def pool(weeks: str) -> Pool:
        iran = Offer("iran-1", "Iran", {"pause-enrichment": quantity(weeks)},
                     (Requirement("United States", "release-funds", at_least=quantity(100)),))
        us = Offer("us-1", "United States", {"release-funds": quantity(100)},
                   (Requirement("Iran", "pause-enrichment", quantity(12), quantity(52)),))
        return Pool(menu, (iran, us))

    assert find_match(pool("12")).found
    assert find_match(pool("52.0")).found
    assert not find_match(pool("11.99")).found
    assert not find_match(pool("52.01")).found


def test_the_largest_match_wins_over_a_smaller_one() -> None:
    """A three-party ring beats a pair, although the pair's offer of X comes first by id."""
    menu = Menu((Move("a"), Move("b"), Move("a2"), Move("b2"), Move("c")))
    offers = (
        Offer("x-pair", "X", {"a": None}, (Requirement("Y", "b"),)),
        Offer("y-pair", "Y", {"b": None}, (Requirement("X", "a"),)),
        Offer("x-ring", "X", {"a2": None}, (Requirement("Z", "c"),)),
        Offer("y-ring", "Y", {"b2": None}, (Requirement("X", "a2"),)),
        Offer("z-ring", "Z", {"c": None}, (Requirement("Y", "b2"),)),
    )
    pool = Pool(menu, offers)
    match = find_match(pool)
    assert match.offer_ids == ("x-ring", "y-ring", "z-ring")
    assert match_problems(pool, match.offer_ids) == ()
    # Without Z, the pair is the largest match.
    assert find_match(Pool(menu, offers[:4])).offer_ids == ("x-pair", "y-pair")


def test_among_equally_large_matches_the_smaller_offer_id_of_the_first_party_wins() -> None:
    iran_b = iran_offer(id="iran-b")
    iran_a = iran_offer(id="iran-a", gives={"restrain-red-sea": None, "pause-enrichment": quantity(4)})
    match = find_match(Pool(MENU, (iran_b, us_offer(), iran_a)))
    assert match.offer_ids == ("iran-a", "us-1")


def test_match_problems_names_what_is_wrong() -> None:
    pool = Pool(MENU, (iran_offer(), us_offer(), QATAR))
    assert match_problems(pool, ["iran-1", "us-1"]) == ()
    assert match_problems(pool, ["iran-1"]) == (
        "offer 'iran-1' needs an offer of United States",
    )
    assert any("qatar-1" in p for p in match_problems(pool, ["iran-1", "us-1", "qatar-1"]))
    assert match_problems(pool, ["nope"]) == ("offer 'nope' is not in the pool",)


# ---- bad input: a clear error before any search ----------------------------------------


def test_an_offer_requiring_a_move_of_its_own_party_is_refused() -> None:
    with pytest.raises(OfferError, match="requires move 'press-gaza-ceasefire' of Iran itself"):
        iran_offer(requires=(Requirement("Iran", "press-gaza-ceasefire"),))


@pytest.mark.parametrize(
    ("gives", "message"),
    [
        ({"release-funds": Quantity(Decimal(5), "EUR")}, "counted in USD, not in EUR"),
        ({"restrain-red-sea": quantity(1)}, "carries no quantity"),
        ({"release-funds": None}, "without saying how much"),
        ({"unknown-move": None}, "'unknown-move', which is not on the menu"),
    ],
)
def test_a_quantity_that_does_not_fit_the_menu_is_refused(gives: dict[str, object], message: str) -> None:
    with pytest.raises(OfferError, match=message):
        Pool(MENU, (iran_offer(gives=gives), us_offer()))


def test_a_bound_in_the_wrong_unit_is_refused() -> None:
    wrong = iran_offer(requires=(
        Requirement("United States", "release-funds", at_least=quantity(5, "EUR")),
    ))
    with pytest.raises(OfferError, match="counted in USD, not in EUR"):
        Pool(MENU, (wrong,))


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1", "negative"),
        ("NaN", "finite"),
        ("Infinity", "finite"),
        (0.5, "exact number"),
        (float("nan"), "exact number"),
        (True, "exact number"),
        ("12 weeks", "not a number"),
        ("1" * 100, "100 characters"),
        ("1.234567890123456789", "19 significant digits"),
        ("1e18", "out of range"),
        ("1e-999999999", "out of range"),
    ],
)
def test_bad_quantities_are_refused_with_a_sentence(amount: object, message: str) -> None:
    with pytest.raises(OfferError, match=message):
        Quantity(amount, "weeks")  # type: ignore[arg-type]
    with pytest.raises(OfferError, match=message):
        iran_offer(gives={"pause-enrichment": amount})


def test_duplicate_ids_empty_offers_and_impossible_bounds_are_refused() -> None:
    with pytest.raises(OfferError, match="Two offers have the id 'iran-1'"):
        Pool(MENU, (iran_offer(), iran_offer()))
    with pytest.raises(OfferError, match="lists move 'a' twice"):
        Menu((Move("a"), Move("a", "USD")))
    with pytest.raises(OfferError, match="requires nothing"):
        iran_offer(requires=())
    with pytest.raises(OfferError, match="gives no move"):
        iran_offer(gives={})
    with pytest.raises(OfferError, match="no quantity can meet it"):
        Requirement("Iran", "pause-enrichment", quantity(10), quantity(9))
    with pytest.raises(OfferError, match="twice"):
        iran_offer(requires=(Requirement("United States", "press-gaza-ceasefire"),) * 2)


def test_a_pool_of_more_parties_than_the_matcher_takes_is_refused() -> None:
    menu = Menu((Move("m"),))
    offers = tuple(Offer(f"o{k}", f"P{k}", {"m": None}, (Requirement(f"P{k + 1}", "m"),))
                   for k in range(MAX_PARTIES + 1))
    with pytest.raises(OfferError, match=f"offers from {MAX_PARTIES + 1} parties"):
        Pool(menu, offers)


def test_quantities_are_exact_and_normalised() -> None:
    assert quantity("2.50").amount == Decimal("2.5")
    assert str(quantity("1E+3").amount) == "1000"
    assert str(quantity("-0").amount) == "0"
    assert quantity("0.1").amount + quantity("0.2").amount == Decimal("0.3")


def sat_pool(clauses: list[list[tuple[int, bool]]], n_vars: int) -> Pool:
    """The 3-SAT reduction of the module docstring: a match exists iff the formula holds.

    Party V<v> offers "x<v> true" or "x<v> false", each needing the hub; party C<c> has one
    offer per literal of clause c, needing the variable offer that makes it true; the hub's
    single offer needs some offer of every clause party.
    """
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


def random_clauses(n_vars: int, n_clauses: int, seed: int) -> list[list[tuple[int, bool]]]:
    rng = random.Random(seed)
    return [[(v, rng.random() < 0.5) for v in rng.sample(range(n_vars), 3)]
            for _ in range(n_clauses)]


@pytest.mark.parametrize("seed", range(12))
def test_the_sat_reduction_matches_exactly_when_the_formula_is_satisfiable(seed: int) -> None:
    """The hardness argument of the module docstring, checked on small random formulas
    (5 variables, 22 clauses: near the satisfiability threshold, both outcomes occur)."""
    clauses = random_clauses(5, 22, seed)
    satisfiable = any(
        all(any(bits[v] == value for v, value in clause) for clause in clauses)
        for bits in itertools.product((False, True), repeat=5)
    )
    match = find_match(sat_pool(clauses, 5))
    assert match.found == satisfiable
    if satisfiable:  # every party is in: hub, 5 variables, 22 clauses
        assert len(match.offers) == 1 + 5 + 22


def test_a_search_that_overruns_its_budget_is_refused_within_it() -> None:
    """A hard, unsatisfiable formula (30 variables, 127 clauses; about 8 s to prove it has
    no match on the 2-core development machine) under a 0.2 s budget."""
    pool = sat_pool(random_clauses(30, 127, 5), 30)
    started = time.perf_counter()
    with pytest.raises(MatchingTooLargeError, match="did not finish within 0.2 s") as refused:
        find_match(pool, budget=Budget(seconds=0.2))
    assert time.perf_counter() - started < 0.6
    assert refused.value.estimated_size > 10**20
    assert isinstance(refused.value, EngineError)


# ---- property tests against brute force -------------------------------------------------

PARTIES = ("A", "B", "C", "D")
BOUNDS = (None, Decimal(0), Decimal(1), Decimal(2), Decimal(3))
LOOSE = (None, None, *BOUNDS)  # requirement bounds: often none


@st.composite
def pools(draw: st.DrawFn) -> Pool:
    """2-4 parties (names shuffled), at most 3 offers each, at most 5 moves, coarse amounts.

    Gives are drawn first; most requirements then name a (party, move) that some offer
    gives, so that matches (and near misses on bounds, partial choices and one offer per
    party) are common; a few name anything, a party without offers included.
    """
    n_parties = draw(st.integers(2, 4))
    parties = draw(st.permutations(PARTIES))[:n_parties]
    n_moves = draw(st.integers(1, 5))
    moves = [Move(f"m{j}", "u" if j % 2 == 0 else None) for j in range(n_moves)]
    drafts: list[tuple[str, dict[str, Quantity | None]]] = []
    for party in parties:
        for _ in range(draw(st.integers(0, 3))):
            given = draw(st.lists(st.sampled_from(moves), min_size=1, max_size=2, unique=True))
            drafts.append((party, {
                m.id: (None if m.unit is None else Quantity(draw(st.sampled_from(BOUNDS[1:]))))
                for m in given
            }))
    units = {m.id: m.unit for m in moves}
    offered = sorted({(party, move) for party, gives in drafts for move in gives})
    anything = [(p, m.id) for p in PARTIES for m in moves]
    offers: list[Offer] = []
    for k, (party, gives) in enumerate(drafts):
        likely = [key for key in offered if key[0] != party]
        targeted = draw(st.integers(0, 9)) > 0  # nine requirements in ten name a given move
        if likely and targeted:
            source = st.sampled_from(likely)
        else:
            source = st.sampled_from([key for key in anything if key[0] != party])
        size = draw(st.sampled_from((1, 1, 1, 2)))
        keys = draw(st.lists(source, min_size=1, max_size=size, unique=True))
        requires = []
        for other, move in keys:
            low = high = None
            if units[move] is not None:
                a, b = draw(st.sampled_from(LOOSE)), draw(st.sampled_from(LOOSE))
                if a is not None and b is not None and a > b:
                    a, b = b, a
                low = None if a is None else Quantity(a)
                high = None if b is None else Quantity(b)
            requires.append(Requirement(other, move, low, high))
        # Ids drawn so that id order and creation order differ.
        offers.append(Offer(f"o{draw(st.integers(0, 9))}-{k}", party, gives, tuple(requires),
                            draw(st.integers(0, 3)) > 0))
    return Pool(Menu(tuple(moves)), tuple(offers))


def brute_is_match(pool: Pool, chosen: list[Offer]) -> bool:
    """The definition, read literally."""
    parties_in = [o.party for o in chosen]
    if not chosen or len(set(parties_in)) != len(parties_in):
        return False
    everyone = {o.party for o in pool.offers}
    for offer in chosen:
        if not offer.partial_ok and set(parties_in) != everyone:
            return False
        for r in offer.requires:
            met = False
            for other in chosen:
                if other.party == r.party and r.move_id in other.gives:
                    q = other.gives[r.move_id]
                    amount = None if q is None else q.amount
                    low = None if r.at_least is None else r.at_least.amount
                    high = None if r.at_most is None else r.at_most.amount
                    if amount is None:
                        met = met or (low is None and high is None)
                    else:
                        met = met or ((low is None or amount >= low)
                                      and (high is None or amount <= high))
            if not met:
                return False
    return True


def brute_force(pool: Pool) -> tuple[str, ...]:
    """Every choice of at most one offer per party, in the documented tie-break order."""
    parties = sorted({o.party for o in pool.offers})
    choices = [sorted((o for o in pool.offers if o.party == p), key=lambda o: o.id) + [None]
               for p in parties]
    best: tuple[str, ...] = ()
    for combo in itertools.product(*choices):
        chosen = [o for o in combo if o is not None]
        if len(chosen) > len(best) and brute_is_match(pool, chosen):
            best = tuple(o.id for o in chosen)
    return best


@FAST
@given(pools())
def test_the_matcher_finds_exactly_the_brute_force_match(pool: Pool) -> None:
    """Same size, same offers (the tie-break is part of the definition), and a valid match."""
    match = find_match(pool)
    expected = brute_force(pool)
    assert len(match.offers) == len(expected)
    assert match.offer_ids == expected
    if match.found:
        assert brute_is_match(pool, list(match.offers))
        assert match_problems(pool, match.offer_ids) == ()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pools(), st.randoms(use_true_random=False))
def test_the_order_offers_are_listed_in_does_not_change_the_match(pool: Pool, rng: object) -> None:
    offers = list(pool.offers)
    rng.shuffle(offers)  # type: ignore[attr-defined]
    assert find_match(Pool(pool.menu, tuple(offers))) == find_match(pool)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pools(), st.data())
def test_match_problems_agrees_with_the_definition(pool: Pool, data: st.DataObject) -> None:
    if not pool.offers:
        return
    chosen = data.draw(st.lists(st.sampled_from(pool.offers), min_size=1, max_size=4, unique=True))
    valid = brute_is_match(pool, chosen)
    assert (match_problems(pool, [o.id for o in chosen]) == ()) == valid
