"""Account changes. Django's auth does the hashing (argon2) and validation."""

from __future__ import annotations

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wasit import audit, policy
from wasit.accounts import events
from wasit.policy import ActionRefused, Viewer


@transaction.atomic
def create_user(
    actor: Viewer,
    *,
    username: str,
    password: str,
    display_name: str = "",
    is_operator: bool = False,
    check_password: bool = True,
) -> AbstractUser:
    """Create an account. Only operators (and the command line) may."""
    policy.require(actor, "open_talks")
    User = get_user_model()
    username = username.strip()
    if not username or len(username) > 150:
        raise ActionRefused(_("Give a user name of 1 to 150 characters."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise ActionRefused(_("That user name is taken."), field="username")
    user = User(username=username, first_name=display_name.strip()[:150],
                is_staff=is_operator, is_superuser=False)
    if check_password:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise ActionRefused(" ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save()
    audit.record(events.UserCreated(user_id=user.pk, username=username, is_operator=is_operator),
                 actor_id=actor.user_id)
    return user


@transaction.atomic
def issue_token(actor: Viewer, *, user_id: int, label: str) -> str:
    """Issue a bearer token for a user: the user themself, or an operator for anyone.

    Returns the token; only its digest is stored, so it cannot be shown again.
    """
    from wasit.accounts import tokens
    from wasit.accounts.models import APIToken

    if user_id != actor.user_id:
        policy.require(actor, "open_talks")
    label = label.strip()
    if not label or len(label) > 100:
        raise ActionRefused(_("Give the token a label of 1 to 100 characters."), field="label")
    if not get_user_model().objects.filter(pk=user_id, is_active=True).exists():
        raise ActionRefused(_("No such active user."), field="user")
    token = tokens.new_token()
    row = APIToken.objects.create(user_id=user_id, label=label, digest=tokens.digest(token))
    audit.record(events.TokenIssued(user_id=user_id, token_id=row.pk, label=label),
                 actor_id=actor.user_id)
    return token


@transaction.atomic
def enable_two_factor(actor: Viewer, *, secret: str, code: str) -> None:
    """Confirm an authenticator for oneself: the code proves the app holds the secret."""
    from django.utils import timezone

    from wasit.accounts import totp
    from wasit.accounts.models import TOTPDevice

    if actor.user_id is None:
        raise ActionRefused(_("Log in first."))
    step = totp.matching_step(secret, code)
    if step is None:
        raise ActionRefused(_("That code is not right. Check the time on your phone and try again."),
                            field="code")
    TOTPDevice.objects.update_or_create(user_id=actor.user_id, defaults={
        "secret": secret, "confirmed_at": timezone.now(), "last_step": step})
    audit.record(events.TwoFactorEnabled(user_id=actor.user_id), actor_id=actor.user_id)


@transaction.atomic
def check_second_factor(*, user_id: int, code: str) -> bool:
    """True once per valid code. Conditional update: a code cannot be replayed, even concurrently."""
    from wasit.accounts import totp
    from wasit.accounts.models import TOTPDevice

    device = TOTPDevice.objects.filter(user_id=user_id).first()
    if device is None:
        return False
    step = totp.matching_step(device.secret, code)
    if step is None:
        return False
    return TOTPDevice.objects.filter(pk=device.pk, last_step__lt=step).update(last_step=step) == 1


@transaction.atomic
def record_failed_login(*, username: str, address: str) -> None:
    """A wrong second-factor code counts as a failed log-in in the audit log."""
    audit.record(events.LoginFailed(username=username[:150], address=address[:64]), actor_id=None)
