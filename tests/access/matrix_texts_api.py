"""The access matrix of the single negotiating text's API: entry points, cells and request bodies.

Merged into `matrix.py`'s tables (the pages' rows are in `matrix_texts.py`);
see there for the cell values. Objects: {text}, the cast's framework text
(`tests/cast_texts.py`), whose version 1 was shared with both parties,
version 2 with the US alone, and version 3 is a draft nobody was shown.
Versions are named by number in the URLs.

Decisions written here:
- the mediators hold the text: they start it, save versions, change its
  settings, share versions and read the board; a party gets 403 for these
  where it knows the text (a version was shared with it), 404 for a draft
  it was never shown;
- a party reads only the versions shared with it: Iran gets 404 for the US
  version, exactly as for a missing one;
- stances are marked by the party's negotiators (head, members) on the
  latest version shared with the party: the US gets 403 on version 1 (it
  was shown version 2 since), observers and interpreters 403, the mediators
  403 (they read stances, never mark them);
- only a party's head signs off; version 1 is not agreed (Iran reserved a
  clause), so a head's sign-off with the right password is refused (400)
  and every other seat gets 403.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.access.cells import API, US_ONLY, row
from tests.personas import PASSWORD, Cast

ENTRY_POINTS: dict[str, tuple[str, str, str]] = {
    "API texts": ("GET", "/api/v1/talks/{talks}/texts", "list_texts"),
    "API start text": ("POST", "/api/v1/talks/{talks}/texts", "create_text"),
    "API text": ("GET", "/api/v1/texts/{text}", "get_text"),
    "API text version shared with both": ("GET", "/api/v1/texts/{text}/versions/1", "get_text_version"),
    "API text version shared with the US": ("GET", "/api/v1/texts/{text}/versions/2", "get_text_version"),
    "API text draft": ("GET", "/api/v1/texts/{text}/versions/3", "get_text_version"),
    "API save text version": ("POST", "/api/v1/texts/{text}/versions", "save_text_version"),
    "API text settings": ("POST", "/api/v1/texts/{text}/settings", "change_text_settings"),
    "API share text draft": ("POST", "/api/v1/texts/{text}/versions/3/share", "share_text_version"),
    "API stances on the US version": ("POST", "/api/v1/texts/{text}/versions/2/stances", "mark_text_stances"),
    "API stances on the version shared with both": ("POST", "/api/v1/texts/{text}/versions/1/stances",
                                                    "mark_text_stances"),
    "API text board": ("GET", "/api/v1/texts/{text}/board", "get_text_board"),
    "API sign off text version": ("POST", "/api/v1/texts/{text}/versions/1/sign-off", "sign_off_text_version"),
    "API compare text versions": ("GET", "/api/v1/texts/{text}/compare?a=1&b=2&lang=en", "compare_text_versions"),
}

BY_KIND: dict[str, dict[str, object]] = {
    "API texts": row(m=200, party=200, **API),
    "API start text": row(m=201, party=403, **API),
    "API text": row(m=200, party=200, **API),
    "API text version shared with both": row(m=200, party=200, **API),
    "API text version shared with the US": row(m=200, **US_ONLY, **API),
    "API text draft": row(m=200, party=404, **API),
    "API save text version": row(m=201, party=403, **API),
    "API text settings": row(m=200, party=403, **API),
    "API share text draft": row(m=200, party=404, **API),
    "API stances on the US version": row(m=403, us=200, uso=403, ir=404, iri=404, iro=404, **API),
    "API stances on the version shared with both": row(m=403, us=403, uso=403, ir=200, iri=403, iro=403,
                                                       **API),
    "API text board": row(m=200, party=403, **API),
    "API sign off text version": row(m=403, party=403, ush=400, irh=400, **API),
    "API compare text versions": row(m=200, **US_ONLY, **API),
}


def _keys(c: Cast, name: str) -> list[str]:
    return [clause["key"] for clause in c.extras[name][0].clauses]


def _draft_clauses(c: Cast) -> list[dict[str, object]]:
    clauses: list[dict[str, object]] = [{"key": k["key"], "number": k["number"], "body": k["body"]}
                                        for k in c.extras["text_draft"][0].clauses]
    clauses[0] = {**clauses[0], "body": {"en": "The parties refrain from any attack on each other's forces."}}
    return clauses


# Bodies of the entry points that change something (the matrix posts them).
BODIES: dict[str, Callable[[Cast], dict[str, object]]] = {
    "API start text": lambda c: {"title": {"ar": "محضر متفق عليه"}, "authoritative_language": "ar",
                                 "clauses": [{"number": "1", "body": {"ar": "تستمر المحادثات في مسقط."}}]},
    "API save text version": lambda c: {"base_version": 3, "clauses": _draft_clauses(c)},
    "API text settings": lambda c: {"non_paper": True, "share_open_count": True},
    "API share text draft": lambda c: {"party_ids": [c.parties["us"].pk]},
    "API stances on the US version": lambda c: {"stances": {_keys(c, "text_us_version")[0]: {
        "stance": "reserve", "comment": {"en": "Pending instructions."}}}},
    "API stances on the version shared with both": lambda c: {"stances": {_keys(c, "text_shared")[1]: {
        "stance": "accept"}}},
    "API sign off text version": lambda c: {"password": PASSWORD},
}

# Routes that show nothing of any talks and need no row.
PUBLIC_URL_NAMES: set[str] = set()
