"""The access matrix of the single negotiating text's pages: entry points, cells and request bodies.

Merged into `matrix.py`'s tables; see there for the objects in URLs and the
cell values. Objects (`tests/cast_texts.py`): {text}, with {text_shared}
(version 1, shared with both parties), {text_us_version} (version 2, shared
with the US alone) and {text_draft} (version 3, shared with nobody).

Decisions written here:
- a party knows a text once a version was shared with it, and reads only the
  versions shared with it: version 2 is 404 for Iran, the draft 404 for both;
- only the mediators edit, share and set a text (a party 403 at a text it
  reads, 404 for a version it may not see); the board is theirs (403);
- a party's negotiators (head, members) mark stances on the latest version
  shared with their party: the US on version 2 (302), Iran on version 1;
  the US on version 1 gets 403 (superseded); observers, interpreters and the
  mediators 403;
- only a party's head signs off (the others 403); version 1 is not agreed,
  so the heads' sign-off is refused for that reason (400, a form error);
- an export is allowed wherever the version may be read.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.access.cells import US_ONLY, row
from tests.personas import PASSWORD, Cast

ENTRY_POINTS: dict[str, tuple[str, str, str]] = {
    "texts list page": ("GET", "/talks/{talks}/texts/", "texts:list"),
    "new text form": ("POST", "/talks/{talks}/texts/new/", "texts:create"),
    "text page": ("GET", "/texts/{text}/", "texts:text"),
    "text page, US version": ("GET", "/texts/{text}/?version=2", "texts:text"),
    "text page, draft": ("GET", "/texts/{text}/?version=3", "texts:text"),
    "edit clause form": ("POST", "/texts/{text}/clauses/", "texts:edit_clause"),
    "text settings form": ("POST", "/texts/{text}/settings/", "texts:settings"),
    "text board page": ("GET", "/texts/{text}/board/", "texts:board"),
    "text board grid fragment": ("GET", "/texts/{text}/board/?part=grid&version=1", "texts:board"),
    "compare text versions page": ("GET", "/texts/{text}/compare/?a=1&b=2", "texts:compare"),
    "share draft version form": ("POST", "/texts/versions/{text_draft}/share/", "texts:share"),
    "US stances form": ("POST", "/texts/versions/{text_us_version}/stances/", "texts:stances"),
    "IR stances form": ("POST", "/texts/versions/{text_shared}/stances/", "texts:stances"),
    "sign-off form": ("POST", "/texts/versions/{text_shared}/sign-off/", "texts:sign_off"),
    "export shared version PDF": ("GET", "/texts/versions/{text_shared}/export.pdf?lang=ar", "texts:export"),
    "export US version DOCX": ("GET", "/texts/versions/{text_us_version}/export.docx?lang=side",
                               "texts:export"),
    "export draft PDF": ("GET", "/texts/versions/{text_draft}/export.pdf?lang=en", "texts:export"),
}

BY_KIND: dict[str, dict[str, object]] = {
    "texts list page": row(m=200, party=200),
    "new text form": row(m=302, party=403),
    "text page": row(m=200, party=200),
    "text page, US version": row(m=200, **US_ONLY),
    "text page, draft": row(m=200, party=404),
    "edit clause form": row(m=302, party=403),
    "text settings form": row(m=302, party=403),
    "text board page": row(m=200, party=403),
    "text board grid fragment": row(m=200, party=403),
    "compare text versions page": row(m=200, **US_ONLY),
    "share draft version form": row(m=302, party=404),
    "US stances form": row(m=403, us=302, uso=403, ir=404, iri=404, iro=404),
    "IR stances form": row(m=403, us=403, uso=403, ir=302, iri=403, iro=403),
    "sign-off form": row(m=403, party=403, ush=400, irh=400),
    "export shared version PDF": row(m=200, party=200),
    "export US version DOCX": row(m=200, **US_ONLY),
    "export draft PDF": row(m=200, party=404),
}


def _keys(c: Cast, name: str) -> list[str]:
    return [clause["key"] for clause in c.extras[name][0].clauses]


def _stances(c: Cast, name: str) -> dict[str, object]:
    first, second = _keys(c, name)[:2]
    return {f"{first}-stance": "accept", f"{second}-stance": "reserve",
            f"{second}-comment": "Pending instructions."}


# Bodies of the entry points that change something (the matrix posts them).
BODIES: dict[str, Callable[[Cast], dict[str, object]]] = {
    "new text form": lambda c: {"title_en": "Minute on prisoners", "kind": "minute", "authoritative_language": "en",
                                "parties": [c.parties["us"].pk, c.parties["ir"].pk], "number": "1",
                                "body_en": "Prisoners are exchanged."},
    "edit clause form": lambda c: {"clause": _keys(c, "text_draft")[0],
                                   f"c-{_keys(c, 'text_draft')[0]}-base_version": "3",
                                   f"c-{_keys(c, 'text_draft')[0]}-number": "1",
                                   f"c-{_keys(c, 'text_draft')[0]}-body_en": "The parties refrain from all attacks."},
    "text settings form": lambda c: {"share_open_count": "on"},
    "share draft version form": lambda c: {"parties": [c.parties["us"].pk]},
    "US stances form": lambda c: _stances(c, "text_us_version"),
    "IR stances form": lambda c: _stances(c, "text_shared"),
    "sign-off form": lambda c: {"password": PASSWORD},
}

# Routes that show nothing of any talks and need no row.
PUBLIC_URL_NAMES: set[str] = set()
