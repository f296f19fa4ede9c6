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
    email: str = "",
) -> AbstractUser:
    """Create an account. Only operators (and the command line) may."""
    policy.require(actor, "open_talks")
    User = get_user_model()
    username = username.strip()
    if not username or len(username) > 150:
        raise ActionRefused(_("Give a user name of 1 to 150 characters."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise ActionRefused(_("That user name is taken."), field="username")
    user = User(username=username, first_name=display_name.strip()[:150], email=email.strip()[:254],
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


@transaction.atomic
def revoke_token(actor: Viewer, *, token_id: int) -> None:
    """Revoke an API token: its owner, or an operator for anyone's. Refused at once on every door.

    A token that is not the actor's (and the actor no operator) is "not found".
    """
    from django.utils import timezone

    from wasit.accounts.models import APIToken

    row = APIToken.objects.filter(pk=token_id).first() if 0 < token_id < 2**63 else None
    if row is None or (row.user_id != actor.user_id and not policy.can(actor, "manage_accounts")):
        raise policy.NotFound
    # Conditional update: of two revocations at once, one records the event.
    if not APIToken.objects.filter(pk=row.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
        raise ActionRefused(_("This token is already revoked."), field="token")
    audit.record(events.TokenRevoked(user_id=row.user_id, token_id=row.pk, label=row.label),
                 actor_id=actor.user_id)


def _account(user_id: int) -> AbstractUser:
    user = get_user_model().objects.filter(pk=user_id).first() if 0 < user_id < 2**63 else None
    if user is None:
        raise policy.NotFound
    return user


@transaction.atomic
def set_account_active(actor: Viewer, *, user_id: int, active: bool) -> AbstractUser:
    """Deactivate an account (its sessions, tokens and streams end at once) or reactivate it.

    Only operators may, and never for their own account.
    """
    policy.require(actor, "manage_accounts")
    user = _account(user_id)
    if user.pk == actor.user_id:
        raise ActionRefused(_("You cannot deactivate your own account."), field="user")
    if not get_user_model().objects.filter(pk=user.pk, is_active=not active).update(is_active=active):
        raise ActionRefused(_("This account is already active.") if active
                            else _("This account is already deactivated."), field="user")
    user.is_active = active
    event = events.UserReactivated(user_id=user.pk) if active else events.UserDeactivated(user_id=user.pk)
    audit.record(event, actor_id=actor.user_id)
    return user


OPEN_TALKS = ("talks", "open_talks")


@transaction.atomic
def set_may_open_talks(actor: Viewer, *, user_id: int, granted: bool) -> AbstractUser:
    """Grant or withdraw the "may open talks" permission. Only operators may."""
    from django.contrib.auth.models import Permission

    policy.require(actor, "manage_accounts")
    user = _account(user_id)
    permission = Permission.objects.get(content_type__app_label=OPEN_TALKS[0], codename=OPEN_TALKS[1])
    # Under the chain lock, read afresh: asking for what already holds (a second
    # click, two operators at once) changes nothing and records nothing.
    audit.lock_chain()
    if user.user_permissions.filter(pk=permission.pk).exists() == granted:
        return user
    if granted:
        user.user_permissions.add(permission)
    else:
        user.user_permissions.remove(permission)
    audit.record(events.OpenTalksGranted(user_id=user.pk, granted=granted), actor_id=actor.user_id)
    return user
