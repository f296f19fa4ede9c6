"""The agenda's JSON API: localised texts as objects, strict bodies, the same policy as the page."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.personas import Cast
from wasit.agenda.models import AgendaIssue
from wasit.audit.models import Event

Clients = Callable[[str | None], Client]


def post(client: Client, url: str, body: object) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def issue_at(cast: Cast, position: int) -> AgendaIssue:
    return AgendaIssue.objects.get(talks=cast.talks, position=position)


def snapshot(cast: Cast) -> tuple[object, ...]:
    rows = AgendaIssue.objects.filter(talks=cast.talks).order_by("pk")
    return (list(rows.values_list("pk", "position", "title_i18n", "description_i18n", "withdrawn_at")),
            Event.objects.count())


def test_every_member_lists_the_agenda_in_order_with_every_language(cast: Cast, client_for: Clients) -> None:
    response = client_for("ir_interpreter").get(f"/api/v1/talks/{cast.talks.pk}/agenda")
    assert response.status_code == 200
    issues = response.json()
    assert [i["position"] for i in issues] == list(range(1, len(issues) + 1))
    assert issues[1]["title"] == {"en": "Red Sea shipping", "ar": "الملاحة في البحر الأحمر",
                                  "fa": "کشتیرانی در دریای سرخ"}
    assert issues[-1]["withdrawn"] is True and issues[-1]["withdrawn_at"]
    one = client_for("us_observer").get(f"/api/v1/agenda/{issues[0]['id']}").json()
    assert one == issues[0]


def test_a_mediator_adds_edits_moves_withdraws_and_restores(cast: Cast, client_for: Clients) -> None:
    client = client_for("co_mediator")
    added = post(client, f"/api/v1/talks/{cast.talks.pk}/agenda",
                 {"title": {"en": "Prisoner releases", "ar": "الإفراج عن السجناء"},
                  "description": {"en": "Who, and when."}})
    assert added.status_code == 201
    issue = added.json()
    url = f"/api/v1/agenda/{issue['id']}"
    edited = post(client, url, {"description": {"fa": "چه کسی و چه زمانی."}}).json()
    assert edited["title"] == issue["title"] and edited["description"] == {"fa": "چه کسی و چه زمانی."}
    moved = post(client, f"{url}/move", {"position": 1}).json()
    assert moved["position"] == 1 and issue_at(cast, 1).pk == issue["id"]
    assert post(client, f"{url}/withdraw", {}).json()["withdrawn"] is True
    assert post(client, f"{url}/restore", {}).json()["withdrawn"] is False


@pytest.mark.parametrize(("path", "body", "status"), [
    ("add", {"title": {"en": "Shipping"}, "colour": "red"}, 422),
    ("add", {"title": {"en": 5}}, 422),
    ("add", {"title": "Shipping"}, 422),
    ("add", {}, 422),
    ("add", {"title": {}}, 400),
    ("add", {"title": {"de": "Schifffahrt"}}, 400),
    ("add", {"title": {"en": "Ship\u2067ping"}}, 400),
    ("add", {"title": {"en": "Nul\u0000"}}, 400),
    ("edit", {"title": {"en": "Shipping"}, "position": 1}, 422),
    ("edit", {"title": {"en": ""}}, 400),
    ("move", {"position": "2"}, 422),
    ("move", {"position": True}, 422),
    ("move", {"position": 0}, 400),
    ("move", {"position": 2**70}, 400),
    ("move", {"position": 2, "by": "me"}, 422),
    ("restore", {}, 400),
])
def test_bad_input_gets_a_clear_error_and_changes_nothing(
    cast: Cast, client_for: Clients, path: str, body: object, status: int
) -> None:
    client = client_for("mediator")
    issue = issue_at(cast, 2)
    url = {"add": f"/api/v1/talks/{cast.talks.pk}/agenda", "edit": f"/api/v1/agenda/{issue.pk}",
           "move": f"/api/v1/agenda/{issue.pk}/move", "restore": f"/api/v1/agenda/{issue.pk}/restore"}[path]
    before = snapshot(cast)
    response = post(client, url, body)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert snapshot(cast) == before


def test_a_body_that_is_not_json_is_400(cast: Cast, client_for: Clients) -> None:
    client = client_for("mediator")
    before = snapshot(cast)
    response = client.post(f"/api/v1/talks/{cast.talks.pk}/agenda", data=b'{"title": ',
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"]
    assert snapshot(cast) == before


def test_a_party_member_gets_403_whatever_the_body_and_an_outsider_404(cast: Cast, client_for: Clients) -> None:
    issue = issue_at(cast, 1)
    party, outsider = client_for("us_head"), client_for("outsider")
    before = snapshot(cast)
    for url in (f"/api/v1/talks/{cast.talks.pk}/agenda", f"/api/v1/agenda/{issue.pk}",
                f"/api/v1/agenda/{issue.pk}/move", f"/api/v1/agenda/{issue.pk}/withdraw"):
        for body in ({"title": {"en": "Ours"}}, {"position": 2}, {"nonsense": True}):
            assert post(party, url, body).status_code == 403, url
            response = post(outsider, url, body)
            assert (response.status_code, response.json()) == (404, {"detail": "Not found."}), url
    assert snapshot(cast) == before
    assert outsider.get(f"/api/v1/talks/{cast.talks.pk}/agenda").status_code == 404
    assert outsider.get(f"/api/v1/agenda/{issue.pk}").status_code == 404


def test_the_openapi_schema_describes_the_bodies_and_forbids_extra_fields(client_for: Clients, cast: Cast) -> None:
    schema = client_for("mediator").get("/api/v1/openapi.json").json()
    add = schema["paths"]["/api/v1/talks/{talks_id}/agenda"]["post"]
    body = add["requestBody"]["content"]["application/json"]["schema"]
    assert body["additionalProperties"] is False and body["required"] == ["title"]
    assert {"201", "400", "403", "404"} <= set(add["responses"])
