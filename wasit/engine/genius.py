"""Import of Genius (TU Delft / ANAC) XML negotiation domains and utility spaces.

Reading (Genius's own semantics, ``EvaluatorDiscrete`` and ``AdditiveUtilitySpace``):

* the domain file (root ``negotiation_template``, or a ``utility_space`` without weights)
  lists the issues and their items; issue ``index`` attributes need not start at 1;
* a utility-space file gives, per issue, an ``evaluation`` per item and a ``weight``
  (``<weight index=...>`` refers to the issue *index*, not to its position). Issues are
  matched to the domain by index, and their names must agree; items are matched by their
  ``value`` text, never by position;
* an item's value is its evaluation divided by the largest evaluation of its issue
  (Genius's per-issue normalisation); an issue whose evaluations are all 0 has value 0
  everywhere (Genius would divide by zero; this is recorded in ``notes``);
* utility = Σ weight × value. Weights follow the engine's one weight rule
  (:class:`~wasit.engine.domain.Preferences`): a sum within ``WEIGHT_SUM_TOLERANCE`` (0.01)
  of 1 is a rounding slip and is divided out (real files are off by rounding, e.g.
  Laptop's sum is 1.0000518; Genius instead clips utilities at 1), which ``notes`` records;
  a sum further from 1 is refused;
* ``<reservation value=...>`` is the reservation value; when the file has none, Genius's
  default 0 is used and ``reservation_in_file`` is False (the caller can see it was not
  explicit); ``<discount_factor value=...>`` is kept as read (``None`` when absent).

Security: parsing goes through ``defusedxml`` with DTDs forbidden, so entity expansion
("billion laughs") and external entities are refused; files over ``MAX_FILE_BYTES`` are
refused before parsing. Every problem raises :class:`GeniusFormatError` with the file name.
"""

from __future__ import annotations

import math

# Only for the Element type and ParseError; all parsing goes through defusedxml below.
import xml.etree.ElementTree as ET  # noqa: S405
from dataclasses import dataclass
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)

from wasit.engine.domain import Domain, Issue, Preferences, Scenario
from wasit.engine.errors import EngineError, GeniusFormatError

#: Refuse XML files larger than this (Genius files are a few kilobytes).
MAX_FILE_BYTES = 5_000_000


@dataclass(frozen=True)
class GeniusProfile:
    """One imported utility space: the preferences plus what the file said about them."""

    preferences: Preferences
    source: str
    reservation_in_file: bool
    discount_factor: float | None
    notes: tuple[str, ...]


@dataclass(frozen=True)
class GeniusScenario:
    """An imported Genius folder: the scenario and, per party, its import details."""

    scenario: Scenario
    domain_file: str
    profiles: tuple[GeniusProfile, ...]


@dataclass(frozen=True)
class _IssueSpec:
    index: int
    name: str
    items: tuple[str, ...]


_UNSAFE: dict[type[DefusedXmlException], str] = {
    DTDForbidden: "a document type declaration (<!DOCTYPE ...>)",
    EntitiesForbidden: "an entity declaration (<!ENTITY ...>)",
    ExternalReferenceForbidden: "a reference to an external file or address",
}


def _words(items: list[str] | list[int]) -> str:
    """``['a', 'b']`` as ``'a', 'b'`` (a sentence, not a Python list)."""
    return ", ".join(repr(item) if isinstance(item, str) else str(item) for item in items)


def _parse(text: str | bytes, source: str) -> ET.Element:
    """Parse XML safely; every failure becomes a GeniusFormatError naming ``source``."""
    if len(text) > MAX_FILE_BYTES:
        raise GeniusFormatError(f"{source}: file is larger than {MAX_FILE_BYTES:,} bytes.")
    try:
        root = SafeET.fromstring(text, forbid_dtd=True)
    except DefusedXmlException as error:
        # The exception's repr echoes the file's own declarations (system ids, paths):
        # name the construct in words instead.
        what = _UNSAFE.get(type(error), "a construct that could read other files")
        raise GeniusFormatError(
            f"{source}: refused unsafe XML: the file contains {what}, which Genius files "
            "never need (DTDs, entities and external references are not allowed)."
        ) from None
    except ET.ParseError as error:
        raise GeniusFormatError(f"{source}: malformed XML ({error}).") from None
    if not isinstance(root, ET.Element):  # pragma: no cover - defusedxml always returns one
        raise GeniusFormatError(f"{source}: no XML root element.")
    return root


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise GeniusFormatError(f"{path.name}: file is larger than {MAX_FILE_BYTES:,} bytes.")
        return path.read_bytes()
    except OSError as error:
        raise GeniusFormatError(f"{path}: cannot be read: {error.strerror}") from None


def _int_attr(element: ET.Element, name: str, source: str) -> int:
    raw = element.get(name)
    if raw is None:
        raise GeniusFormatError(f"{source}: <{element.tag}> has no {name!r} attribute.")
    try:
        return int(raw.strip())
    except ValueError:
        raise GeniusFormatError(
            f"{source}: <{element.tag}> has {name}={raw!r}, which is not an integer."
        ) from None


def _float_attr(element: ET.Element, name: str, source: str) -> float:
    raw = element.get(name)
    if raw is None:
        raise GeniusFormatError(f"{source}: <{element.tag}> has no {name!r} attribute.")
    try:
        value = float(raw.strip())
    except ValueError:
        raise GeniusFormatError(
            f"{source}: <{element.tag}> has {name}={raw!r}, which is not a number."
        ) from None
    if not math.isfinite(value):
        raise GeniusFormatError(f"{source}: <{element.tag}> has a non-finite {name} ({raw!r}).")
    return value


def _issue_kind(issue: ET.Element) -> str:
    for attr in ("type", "vtype", "etype"):
        kind = issue.get(attr)
        if kind is not None and kind.strip().lower() != "discrete":
            return kind
    return "discrete"


def _issues(root: ET.Element, source: str) -> list[_IssueSpec]:
    specs: list[_IssueSpec] = []
    for issue in root.iter("issue"):
        name = (issue.get("name") or "").strip()
        index = _int_attr(issue, "index", source)
        kind = _issue_kind(issue)
        if kind != "discrete":
            raise GeniusFormatError(
                f"{source}: issue {name!r} is of type {kind!r}; only discrete issues are supported."
            )
        items = tuple((item.get("value") or "").strip() for item in issue.findall("item"))
        if not items:
            raise GeniusFormatError(f"{source}: issue {name!r} has no items.")
        if any(not item for item in items):
            raise GeniusFormatError(f"{source}: issue {name!r} has an item without a value.")
        specs.append(_IssueSpec(index=index, name=name, items=items))
    if not specs:
        raise GeniusFormatError(f"{source}: no <issue> elements found.")
    indexes = [spec.index for spec in specs]
    if len(set(indexes)) != len(indexes):
        raise GeniusFormatError(f"{source}: two issues share the same index.")
    return specs


def parse_domain(text: str | bytes, source: str = "domain") -> Domain:
    """Parse a Genius domain (template) file into a :class:`Domain` (issues in file order)."""
    root = _parse(text, source)
    specs = _issues(root, source)
    name = ""
    for objective in root.iter("objective"):
        name = objective.get("name") or ""
        break
    try:
        return Domain(
            issues=tuple(Issue(name=s.name or f"issue {s.index}", options=s.items) for s in specs),
            name=name,
        )
    except EngineError as error:
        raise GeniusFormatError(f"{source}: {error}") from None


def _domain_specs(text: str | bytes, source: str) -> list[_IssueSpec]:
    return _issues(_parse(text, source), source)


def parse_utility_space(
    text: str | bytes,
    domain_text: str | bytes,
    *,
    party: str,
    source: str = "utility space",
    domain_source: str = "domain",
) -> GeniusProfile:
    """Parse one Genius utility-space file against its domain file (Genius's reading)."""
    domain_specs = _domain_specs(domain_text, domain_source)
    root = _parse(text, source)
    own = {spec.index: spec for spec in _issues(root, source)}
    notes: list[str] = []

    evaluations: dict[int, dict[str, float]] = {}
    for issue in root.iter("issue"):
        index = _int_attr(issue, "index", source)
        table: dict[str, float] = {}
        for item in issue.findall("item"):
            value = (item.get("value") or "").strip()
            evaluation = _float_attr(item, "evaluation", source)
            if evaluation < 0:
                raise GeniusFormatError(
                    f"{source}: item {value!r} of issue {own[index].name!r} has a negative "
                    f"evaluation ({evaluation})."
                )
            table[value] = evaluation
        evaluations[index] = table

    weights_by_index: dict[int, float] = {}
    for weight in root.iter("weight"):
        index = _int_attr(weight, "index", source)
        weight_value = _float_attr(weight, "value", source)
        if weight_value < 0:
            raise GeniusFormatError(
                f"{source}: issue index {index} has a negative weight ({weight_value})."
            )
        weights_by_index[index] = weight_value

    weights: list[float] = []
    values: list[tuple[float, ...]] = []
    for spec in domain_specs:
        if spec.index not in own:
            raise GeniusFormatError(
                f"{source}: no evaluations for issue {spec.name!r} (index {spec.index})."
            )
        if own[spec.index].name and spec.name and own[spec.index].name != spec.name:
            raise GeniusFormatError(
                f"{source}: issue index {spec.index} is called {own[spec.index].name!r} here but "
                f"{spec.name!r} in {domain_source}."
            )
        if spec.index not in weights_by_index:
            raise GeniusFormatError(
                f"{source}: no weight for issue {spec.name!r} (index {spec.index})."
            )
        table = evaluations[spec.index]
        missing = [item for item in spec.items if item not in table]
        if missing:
            raise GeniusFormatError(
                f"{source}: issue {spec.name!r} has no evaluation for item(s) {_words(missing)}."
            )
        extra = sorted(set(table) - set(spec.items))
        if extra:
            raise GeniusFormatError(
                f"{source}: issue {spec.name!r} evaluates item(s) {_words(extra)} that {domain_source} "
                "does not list."
            )
        top = max(table[item] for item in spec.items)
        if top == 0:
            notes.append(f"issue {spec.name!r}: all evaluations are 0, so its values are all 0")
            values.append(tuple(0.0 for _ in spec.items))
        else:
            values.append(tuple(table[item] / top for item in spec.items))
        weights.append(weights_by_index[spec.index])
    unknown = sorted(set(own) - {spec.index for spec in domain_specs})
    if unknown:
        raise GeniusFormatError(f"{source}: issue index(es) {_words(unknown)} are not in {domain_source}.")

    reservation = 0.0
    reservation_in_file = False
    for element in root.iter("reservation"):
        reservation = _float_attr(element, "value", source)
        reservation_in_file = True
    if not reservation_in_file:
        notes.append("no reservation value in the file; Genius's default 0 is used")
    discount: float | None = None
    for element in root.iter("discount_factor"):
        discount = _float_attr(element, "value", source)

    try:
        preferences = Preferences(
            party=party, weights=tuple(weights), values=tuple(values), reservation=reservation
        )
    except EngineError as error:
        raise GeniusFormatError(f"{source}: {error}") from None
    if preferences.weight_note is not None:
        notes.append(preferences.weight_note)
    return GeniusProfile(
        preferences=preferences,
        source=source,
        reservation_in_file=reservation_in_file,
        discount_factor=discount,
        notes=tuple(notes),
    )


def _is_domain_file(root: ET.Element) -> bool:
    if root.tag == "negotiation_template":
        return True
    # A utility space without weights or evaluations is a bare domain description.
    has_weights = next(root.iter("weight"), None) is not None
    has_evaluations = any(item.get("evaluation") is not None for item in root.iter("item"))
    return root.tag == "utility_space" and not has_weights and not has_evaluations


def load_genius_folder(folder: str | Path) -> GeniusScenario:
    """Load a Genius folder: exactly one domain file plus two or more utility-space files.

    Files are classified by content (see ``_is_domain_file``), not by name. Parties are
    named after the template's ``<agent name=... utility_space=...>`` entries when present,
    otherwise after the file stem; they are ordered by the template's agent order, then by
    file name.
    """
    path = Path(folder)
    if not path.is_dir():
        raise GeniusFormatError(f"{path}: not a folder.")
    files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".xml" and p.is_file())
    domains: list[tuple[Path, bytes, ET.Element]] = []
    spaces: list[tuple[Path, bytes]] = []
    for file in files:
        data = _read(file)
        root = _parse(data, file.name)
        if _is_domain_file(root):
            domains.append((file, data, root))
        elif root.tag == "utility_space":
            spaces.append((file, data))
    if len(domains) != 1:
        found = ", ".join(d[0].name for d in domains) or "none"
        raise GeniusFormatError(f"{path}: expected exactly one Genius domain file, found {found}.")
    domain_path, domain_data, domain_root = domains[0]
    if len(spaces) < 2:
        raise GeniusFormatError(
            f"{path}: expected at least two utility-space files, found {len(spaces)}."
        )
    agents = {
        (agent.get("utility_space") or "").strip(): (agent.get("name") or "").strip()
        for agent in domain_root.iter("agent")
    }
    agent_order = list(agents)

    def order(item: tuple[Path, bytes]) -> tuple[int, str]:
        name = item[0].name
        return (agent_order.index(name) if name in agents else len(agent_order), name)

    domain = parse_domain(domain_data, domain_path.name)
    profiles: list[GeniusProfile] = []
    for file, data in sorted(spaces, key=order):
        party = agents.get(file.name) or file.stem
        profiles.append(
            parse_utility_space(
                data, domain_data, party=party, source=file.name, domain_source=domain_path.name
            )
        )
    names = [p.preferences.party for p in profiles]
    if len(set(names)) != len(names):
        raise GeniusFormatError(f"{path}: two utility spaces resolve to the same party name.")
    # Template objectives are often just called "root": the folder name says more.
    domain = Domain(issues=domain.issues, name=path.name)
    scenario = Scenario(domain=domain, profiles=tuple(p.preferences for p in profiles))
    return GeniusScenario(scenario=scenario, domain_file=domain_path.name, profiles=tuple(profiles))
