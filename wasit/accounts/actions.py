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
