"""Genius XML import: real ANAC domains (read in place, never copied) and hostile input."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from tests.engine.conftest import GENIUS_DOMAIN_NAMES
from wasit.engine import (
    GeniusFormatError,
    brute_force_frontier,
    load_genius_folder,
    pareto_frontier,
    parse_domain,
    parse_utility_space,
    solve,
)
from wasit.engine.solutions import best_rows

BRUTE_FORCE_LIMIT = 400_000
# Domains small enough to enumerate; ampo_city (1.94 M packages) is checked by
# its known frontier size above instead of by enumeration.
BRUTE_FORCE_DOMAINS = [n for n in GENIUS_DOMAIN_NAMES if n != "ampo_city"]

# Distinct utility vectors on the exact grid (PROVENANCE.md lists NegMAS's float counts,
# which differ for energy (210) and inheritance (16) by float-noise near-ties).
EXPECTED = {
    "ampo_city": (1_944_000, 2, 192),
    "energy": (390_625, 2, 204),
    "england_zimbabwe": (576, 2, 25),
    "inheritance": (2_187, 2, 15),
    "itex_cypress": (180, 2, 18),
    "laptop": (27, 2, 4),
    "politics": (23_040, 3, 124),
    "thompson": (3_125, 2, 25),
    "travel": (188_160, 2, 12),
    "zoning_plan": (448, 9, 180),
}


@pytest.mark.parametrize("name", GENIUS_DOMAIN_NAMES)
def test_genius_domain_loads_with_the_known_size_and_frontier(genius_root: Path, name: str) -> None:
    loaded = load_genius_folder(genius_root / name)
    size, parties, frontier_size = EXPECTED[name]
    assert loaded.scenario.domain.size == size
    assert loaded.scenario.n_parties == parties
    assert len(pareto_frontier(loaded.scenario)) == frontier_size


@pytest.mark.parametrize("name", BRUTE_FORCE_DOMAINS)
def test_genius_frontier_matches_brute_force_where_feasible(genius_root: Path, name: str) -> None:
    scenario = load_genius_folder(genius_root / name).scenario
    assert scenario.domain.size < BRUTE_FORCE_LIMIT
    merged = pareto_frontier(scenario)
    brute = brute_force_frontier(scenario)
    assert np.array_equal(merged.packages, brute.packages)
    assert np.array_equal(merged.grid, brute.grid)


@pytest.mark.parametrize(
    "name",
    [
        "england_zimbabwe",
        "itex_cypress",
        "laptop",
        "politics",
        "thompson",
        "inheritance",
        "zoning_plan",
    ],
)
def test_genius_solutions_match_brute_force(genius_root: Path, name: str) -> None:
    from wasit.engine import all_packages

    scenario = load_genius_folder(genius_root / name).scenario
    solutions = solve(scenario)
    packages, grid = all_packages(scenario)
    rows = best_rows(grid, packages, scenario.reservation_grid())
    assert rows is not None
    for key, point in solutions.as_dict().items():
        assert point is not None
        assert point.package == tuple(int(o) for o in packages[rows[key]])


def test_ampo_city_has_about_two_million_packages_and_a_fast_frontier(genius_root: Path) -> None:
    scenario = load_genius_folder(genius_root / "ampo_city").scenario
    assert scenario.domain.size == 1_944_000
    started = time.perf_counter()
    frontier = pareto_frontier(scenario)
    assert time.perf_counter() - started < 1.0  # about 1 ms in practice; generous for CI
    assert len(frontier) == 192


def test_issue_indexes_that_start_at_two_are_mapped_by_index(genius_root: Path) -> None:
    loaded = load_genius_folder(genius_root / "inheritance")
    domain = loaded.scenario.domain
    assert len(domain.issues) == 7  # no dummy issue for the missing index 1
    assert domain.issues[0].name == "house"
    janet = loaded.scenario.profiles[0]
    assert janet.party == "Janet"
    # house: Janet 18, Marty 1, unspecified 1 -> divided by the issue's largest (18).
    assert janet.values[0] == pytest.approx((1.0, 1 / 18, 1 / 18))
    assert janet.weights[0] == pytest.approx(0.2)


def test_genius_reading_divides_by_the_largest_evaluation_and_keeps_metadata(
    genius_root: Path,
) -> None:
    loaded = load_genius_folder(genius_root / "laptop")
    buyer = loaded.profiles[0]
    assert buyer.discount_factor == pytest.approx(0.42441038)
    assert buyer.reservation_in_file
    assert "the issue weights sum to 1.000051804171754, not 1" in " ".join(buyer.notes)
    assert buyer.preferences.weight_note in buyer.notes  # the importer uses Preferences' rule
    assert sum(buyer.preferences.weights) == pytest.approx(1.0)
    assert buyer.preferences.values[0] == pytest.approx((12 / 30, 20 / 30, 1.0))
    thompson = load_genius_folder(genius_root / "thompson").profiles[0]
    assert not thompson.reservation_in_file
    assert thompson.preferences.reservation == 0.0


DOMAIN_XML = """<negotiation_template><utility_space number_of_issues="2">
<objective index="0" name="root" type="objective" etype="objective">
  <issue index="7" name="price" type="discrete" etype="discrete" vtype="discrete">
    <item index="1" value="low"/><item index="2" value="high"/>
  </issue>
  <issue index="3" name="colour" type="discrete" etype="discrete" vtype="discrete">
    <item index="1" value="red"/><item index="2" value="blue"/><item index="3" value="green"/>
  </issue>
</objective></utility_space></negotiation_template>"""

SPACE_XML = """<utility_space><objective index="0" name="root">
  <issue index="3" name="colour" type="discrete">
    <item index="3" value="green" evaluation="2"/>
    <item index="1" value="red" evaluation="8"/>
    <item index="2" value="blue" evaluation="4"/>
  </issue>
  <issue index="7" name="price" type="discrete">
    <item index="1" value="low" evaluation="0"/><item index="2" value="high" evaluation="5"/>
  </issue>
  <weight index="3" value="0.25"/><weight index="7" value="0.75"/>
</objective><reservation value="0.3"/><discount_factor value="0.9"/></utility_space>"""


def test_issues_and_items_are_matched_by_index_and_value_not_position() -> None:
    profile = parse_utility_space(SPACE_XML, DOMAIN_XML, party="seller")
    prefs = profile.preferences
    assert prefs.weights == (0.75, 0.25)  # domain order: price, colour
    assert prefs.values == ((0.0, 1.0), (1.0, 0.5, 0.25))
    assert prefs.reservation == 0.3
    assert profile.discount_factor == 0.9
    assert profile.notes == ()


def test_a_folder_is_loaded_by_content_and_ordered_by_file_name(tmp_path: Path) -> None:
    (tmp_path / "zzz_domain.xml").write_text(DOMAIN_XML)
    (tmp_path / "b_seller.xml").write_text(SPACE_XML)
    (tmp_path / "a_buyer.xml").write_text(SPACE_XML.replace('value="0.75"', 'value="0.7500"'))
    (tmp_path / "notes.txt").write_text("ignored")
    loaded = load_genius_folder(tmp_path)
    assert loaded.domain_file == "zzz_domain.xml"
    assert loaded.scenario.parties == ("a_buyer", "b_seller")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<negotiation_template><utility_space>&lol2;</utility_space></negotiation_template>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<negotiation_template>&secret;</negotiation_template>"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_hostile_xml_is_refused_with_a_clear_error(text: str) -> None:
    with pytest.raises(GeniusFormatError, match="refused unsafe XML") as caught:
        parse_domain(text, "evil.xml")
    message = str(caught.value)
    assert message.startswith("evil.xml: refused unsafe XML: the file contains a document type")
    assert message.endswith(".")
    # No exception repr, and nothing the file itself declared (its system ids, paths).
    for echoed in ("Forbidden(", "system_id", "/etc/passwd", "lol"):
        assert echoed not in message


def test_a_weight_sum_the_importer_accepts_is_one_preferences_accept_too() -> None:
    """One rule: the same weights load from a Genius file and build Preferences alike."""
    slipped = SPACE_XML.replace('value="0.25"', 'value="0.2549"')  # sum 1.0049: a slip
    profile = parse_utility_space(slipped, DOMAIN_XML, party="p", source="space.xml")
    assert any("sum to 1.0049" in note and "divided" in note for note in profile.notes)
    refused = SPACE_XML.replace('value="0.25"', 'value="0.2649"')  # sum 1.0149: refused
    with pytest.raises(GeniusFormatError, match=r"space.xml: .*sum to 1.0149, not 1"):
        parse_utility_space(refused, DOMAIN_XML, party="p", source="space.xml")


@pytest.mark.parametrize(
    ("space", "message"),
    [
        ("<utility_space><issue", "malformed XML"),
        (SPACE_XML.replace('evaluation="8"', 'evaluation="-8"'), "negative evaluation"),
        (SPACE_XML.replace('evaluation="8"', 'evaluation="eight"'), "not a number"),
        (SPACE_XML.replace('<weight index="3" value="0.25"/>', ""), "no weight for issue 'colour'"),
        (SPACE_XML.replace('value="0.25"', 'value="0.5"'), "weights sum to 1.25"),
        (SPACE_XML.replace('value="green"', 'value="purple"'), "no evaluation for item"),
        (SPACE_XML.replace('name="colour" type', 'name="color" type'), "called 'color' here"),
        (
            SPACE_XML.replace(
                'type="discrete">\n    <item index="3"', 'type="real">\n    <item index="3"'
            ),
            "only discrete issues",
        ),
    ],
)
def test_malformed_utility_spaces_are_refused_with_a_clear_error(space: str, message: str) -> None:
    with pytest.raises(GeniusFormatError, match=message):
        parse_utility_space(space, DOMAIN_XML, party="p", source="space.xml")


def test_a_folder_without_a_domain_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_text(SPACE_XML)
    (tmp_path / "b.xml").write_text(SPACE_XML)
    with pytest.raises(GeniusFormatError, match="exactly one Genius domain file, found none"):
        load_genius_folder(tmp_path)
    with pytest.raises(GeniusFormatError, match="not a folder"):
        load_genius_folder(tmp_path / "missing")
