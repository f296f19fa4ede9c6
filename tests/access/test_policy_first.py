"""Policy first: the body of a request never changes whether the answer is 403, 404 or 400.

A persona who may not see an object, or may not act on it, gets the matrix's
403 or 404 whatever it sends: a valid body, an empty one or a malformed one.
Otherwise the answer to a bad body would tell an outsider that the object exists.
"""

from __future__ import annotations

import pytest

from tests.access.asgi import call
from tests.access.conftest import CredentialsFor
from tests.access.matrix import ENTRY_POINTS, FAST_PATH, PERSONAS, expected
from tests.access.test_matrix import BODIES, _url
from tests.personas import Cast

WRITES = [e for e, (method, _t, _n) in ENTRY_POINTS.items() if method in ("POST", "PUT")]
# A body of each kind: valid (the matrix's own), empty, and one that parses as nothing.
MALFORMED = {"api": b'{"text": ', "form": b"\xff\xfe%zz=&=&&"}
FORM = b"application/x-www-form-urlencoded"

def _bodies(entry_point: str, cast: Cast) -> dict[str, tuple[object, bytes | None]]:
    api = ENTRY_POINTS[entry_point][1].startswith("/api/")
    return {
        "valid": (BODIES[entry_point](cast) if entry_point in BODIES else {}, None),
        "empty": (b"", None if api else FORM),
        "malformed": (MALFORMED["api"], None) if api else (MALFORMED["form"], FORM),
    }


def _refused(entry_point: str) -> list[object]:
    kinds = ["session", "token"] if entry_point in FAST_PATH else ["session"]
    return [pytest.param(entry_point, persona, kind) for persona in PERSONAS for kind in kinds
            if expected(persona, entry_point) in (403, 404)]


@pytest.mark.parametrize(("entry_point", "persona", "credentials"),
                         [case for e in WRITES for case in _refused(e)])
def test_a_refused_write_gets_the_same_status_whatever_the_body(
    cast: Cast, app: None, credentials_for: CredentialsFor, entry_point: str, persona: str,
    credentials: str,
) -> None:
    method, template, _name = ENTRY_POINTS[entry_point]
    url, creds = _url(template, cast), credentials_for(persona, credentials)
    got = {name: call(method, url, creds, body, content_type=kind).status_code
           for name, (body, kind) in _bodies(entry_point, cast).items()}
    want = expected(persona, entry_point)
    assert got == {"valid": want, "empty": want, "malformed": want}


def _elsewhere(entry_point: str) -> list[object]:
    kinds = ["session", "token"] if entry_point in FAST_PATH else ["session"]
    return [pytest.param(entry_point, kind) for kind in kinds]


# Writes on no talks' object (one's own tokens, the platform's accounts) have no "other talks".
IN_TALKS = [e for e in WRITES if "{" in ENTRY_POINTS[e][1]]


@pytest.mark.parametrize(("entry_point", "credentials"), [case for e in IN_TALKS for case in _elsewhere(e)])
def test_a_write_to_another_talks_is_404_whatever_the_body(
    cast: Cast, app: None, credentials_for: CredentialsFor, entry_point: str, credentials: str
) -> None:
    method, template, _name = ENTRY_POINTS[entry_point]
    url, creds = _url(template, cast, other=True), credentials_for("mediator", credentials)
    got = {name: call(method, url, creds, body, content_type=kind).status_code
           for name, (body, kind) in _bodies(entry_point, cast).items()}
    assert got == {"valid": 404, "empty": 404, "malformed": 404}
