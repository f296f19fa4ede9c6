"""Hidden and missing look the same: same status, same headers, same bytes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.personas import Cast

HEADERS_THAT_VARY = {"Set-Cookie", "Date"}


def _same(a: object, b: object) -> None:
    assert a.status_code == b.status_code == 404  # type: ignore[attr-defined]
    assert a.content == b.content  # type: ignore[attr-defined]
    ha = {k: v for k, v in a.headers.items() if k not in HEADERS_THAT_VARY}  # type: ignore[attr-defined]
    hb = {k: v for k, v in b.headers.items() if k not in HEADERS_THAT_VARY}  # type: ignore[attr-defined]
    assert ha == hb


@pytest.mark.parametrize("template", ["/talks/{}/", "/rounds/{}/", "/api/v1/talks/{}", "/api/v1/rounds/{}",
                                      "/api/v1/talks/{}/seats", "/api/v1/talks/{}/rounds"])
def test_outsider_gets_the_same_404_for_hidden_and_missing(
    cast: Cast, client_for: Callable[[str | None], Client], template: str
) -> None:
    client = client_for("outsider")
    hidden_id = cast.rounds[0].pk if "rounds" in template.split("{")[0] else cast.talks.pk
    _same(client.get(template.format(hidden_id)), client.get(template.format(987654)))


def test_party_gets_the_same_404_for_another_talks_and_a_missing_one(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    client = client_for("us_head")
    _same(client.get(f"/talks/{cast.other_talks.pk}/"), client.get("/talks/987654/"))


# A page answers 404 for any id; the API answers 422 for a path parameter that is not a
# whole number (its schema says so) and 404 for a whole number that names nothing.
@pytest.mark.parametrize(("bad_id", "api_status"), [
    ("-1", 404), ("0", 404), ("99999999999999999999999", 404), ("abc", 422), ("1.5", 422)])
def test_absurd_ids_get_a_clean_404_not_a_server_error(
    cast: Cast, client_for: Callable[[str | None], Client], bad_id: str, api_status: int
) -> None:
    client = client_for("mediator")
    for template in ("/talks/{}/", "/rounds/{}/"):
        assert client.get(template.format(bad_id)).status_code == 404
    for template in ("/api/v1/talks/{}", "/api/v1/rounds/{}"):
        assert client.get(template.format(bad_id)).status_code == api_status
