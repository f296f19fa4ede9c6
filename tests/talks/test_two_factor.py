"""Two-factor log-in with an authenticator app (TOTP), and the operator's requirement."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.test.utils import override_settings

from tests.personas import PASSWORD, Cast
from wasit.accounts import totp
from wasit.accounts.actions import enable_two_factor
from wasit.policy import ActionRefused, viewer_for

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _enable(cast: Cast, persona: str) -> None:
    enable_two_factor(viewer_for(cast.user(persona)), secret=SECRET,
                      code=totp.code_at(SECRET, time.time() - 30))


def test_password_alone_does_not_log_in_once_an_authenticator_is_set(cast: Cast) -> None:
    _enable(cast, "mediator")
    client = Client()
    response = client.post("/accounts/login/", {"username": "om-lead", "password": PASSWORD})
    assert response["Location"] == "/accounts/login/code/"
    assert client.get("/").status_code == 302, "not logged in yet"
    response = client.post("/accounts/login/code/", {"code": "000000"})
    assert response.status_code == 400 and "not right" in response.content.decode()
    response = client.post("/accounts/login/code/", {"code": totp.code_at(SECRET, time.time())})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_code_cannot_be_used_twice(cast: Cast) -> None:
    _enable(cast, "mediator")
    code = totp.code_at(SECRET, time.time())
    for expected in (302, 400):
        client = Client()
        client.post("/accounts/login/", {"username": "om-lead", "password": PASSWORD})
        assert client.post("/accounts/login/code/", {"code": code}).status_code == expected


def test_five_wrong_codes_end_the_attempt(cast: Cast) -> None:
    _enable(cast, "mediator")
    client = Client()
    client.post("/accounts/login/", {"username": "om-lead", "password": PASSWORD})
    for _ in range(4):
        assert client.post("/accounts/login/code/", {"code": "123456"}).status_code == 400
    assert client.post("/accounts/login/code/", {"code": "123456"}).status_code == 429
    response = client.post("/accounts/login/code/", {"code": totp.code_at(SECRET, time.time())})
    assert response["Location"] == "/accounts/login/", "the password must be given again"


def test_a_wrong_confirmation_code_sets_nothing_up(cast: Cast) -> None:
    from wasit.accounts.models import TOTPDevice

    with pytest.raises(ActionRefused):
        enable_two_factor(viewer_for(cast.user("us_head")), secret=SECRET, code="111111")
    assert not TOTPDevice.objects.exists()


def test_operator_can_require_mediators_to_set_up_a_second_factor(
    cast: Cast, client_for: object
) -> None:
    with override_settings(WASIT_REQUIRE_2FA_FOR_MEDIATORS=True):
        mediator = client_for("mediator")  # type: ignore[operator]
        response = mediator.get(f"/talks/{cast.talks.pk}/")
        assert response.status_code == 302 and response["Location"] == "/accounts/two-factor/"
        page = mediator.get("/accounts/two-factor/")
        secret = page.context["secret"]
        assert mediator.post("/accounts/two-factor/", {"code": totp.code_at(secret, time.time())}).status_code == 200
        assert mediator.get(f"/talks/{cast.talks.pk}/").status_code == 200
        # Parties are not held to the mediators' rule.
        assert client_for("us_head").get(f"/talks/{cast.talks.pk}/").status_code == 200  # type: ignore[operator]
