"""Logging in: argon2 in production, throttling with a clear lockout page."""

from __future__ import annotations

from django.test import Client
from django.test.utils import override_settings

from tests.personas import PASSWORD, Cast


def _login(client: Client, username: str, password: str) -> object:
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_correct_password_logs_in(cast: Cast) -> None:
    client = Client()
    response = _login(client, "us-head", PASSWORD)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert client.get("/").status_code == 200


def test_wrong_password_gets_a_clear_message(cast: Cast) -> None:
    response = _login(Client(), "us-head", "wrong")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Please enter a correct username and password" in response.content.decode()  # type: ignore[attr-defined]


def test_repeated_failures_lock_the_account_with_a_clear_page(cast: Cast) -> None:
    client = Client()
    for _ in range(5):
        _login(client, "ir-head", "wrong")
    response = _login(client, "ir-head", PASSWORD)
    assert response.status_code == 429  # type: ignore[attr-defined]
    assert "Too many failed attempts" in response.content.decode()  # type: ignore[attr-defined]


def test_production_settings_hash_passwords_with_argon2(cast: Cast) -> None:
    from wasit.config import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        from wasit.accounts.actions import create_user
        from wasit.policy import SYSTEM

        user = create_user(SYSTEM, username="new-person", password="a long enough passphrase 42")
        assert user.password.startswith("argon2$")


def test_weak_password_is_refused_when_creating_an_account(cast: Cast) -> None:
    import pytest

    from wasit.accounts.actions import create_user
    from wasit.policy import SYSTEM, ActionRefused

    with pytest.raises(ActionRefused):
        create_user(SYSTEM, username="weak", password="123")


def test_log_in_log_out_and_failures_enter_the_audit_log(cast: Cast) -> None:
    from wasit.audit.models import Event

    before = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    client = Client()
    _login(client, "us-head", "wrong")
    _login(client, "us-head", PASSWORD)
    client.post("/accounts/logout/")
    these = Event.objects.filter(kind__startswith="accounts.log", id__gt=before)
    kinds = list(these.values_list("kind", "payload"))
    assert [k for k, _p in kinds] == ["accounts.login_failed", "accounts.logged_in", "accounts.logged_out"]
    assert kinds[0][1]["username"] == "us-head"
    assert "wrong" not in str(kinds), "the password tried is never recorded"
    assert all(e.audience == " operators " for e in these)


def test_password_reset_does_not_reveal_whether_an_account_exists(cast: Cast) -> None:
    from django.contrib.auth import get_user_model
    from django.core import mail

    user = get_user_model().objects.get(username="us-head")
    user.email = "head@us.example"
    user.save(update_fields=["email"])  # test set-up: accounts have no e-mail action yet
    known = Client().post("/accounts/password-reset/", {"email": "head@us.example"}, follow=True)
    unknown = Client().post("/accounts/password-reset/", {"email": "nobody@nowhere.example"}, follow=True)
    import re

    def without_tokens(body: bytes) -> bytes:  # CSRF tokens differ per response, by design
        return re.sub(rb'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', rb"\1", body)

    assert known.status_code == unknown.status_code == 200
    assert without_tokens(known.content) == without_tokens(unknown.content)
    from wasit.notifications import delivery
    from wasit.notifications.models import Mail

    # The reset mail waits in the outbox for the worker, like every mail; deliver it as the worker does.
    reset = Mail.objects.get(kind="password_reset")  # one: none for the unknown address
    assert reset.to == "head@us.example"
    delivery.deliver(reset.pk, lambda mail_id, when: None)
    assert len(mail.outbox) == 1 and "/accounts/password-reset/" in mail.outbox[0].body
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    client = Client()
    from urllib.parse import urlsplit

    form = client.get(urlsplit(link.strip()).path, follow=True)  # the link is absolute: WASIT_BASE_URL
    new = "a brand new passphrase 2024"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert done.status_code == 200 and "Password changed" in done.content.decode()
    assert _login(Client(), "us-head", new).status_code == 302  # type: ignore[attr-defined]
