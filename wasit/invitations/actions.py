"""Every change to invitations, and the seat changes of the people page, passes through here.

Each action checks the policy, takes the chain lock before any check a
concurrent request could race, re-reads its row, writes, and records one
event, in one transaction. The invitation mail is queued in the same
transaction (`notifications.outbox`), so a refused action sends nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wasit import audit, policy
from wasit.accounts import actions as accounts
from wasit.invitations import events
from wasit.invitations.models import Invitation
from wasit.invitations.queries import digest
from wasit.notifications import outbox
from wasit.policy import SYSTEM, ActionRefused, Viewer
from wasit.talks import actions as talks_actions
from wasit.talks import events as talks_events
from wasit.talks.models import MEDIATOR_ROLES, Membership, Party, Role, Talks

# Characters that reorder the text around them: a title is shown beside names
# in both directions, and an override could make it read as something else.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
LANGUAGES = ("en", "ar", "fa")


class InvitationInvalid(ActionRefused):
    """The link is expired, used, withdrawn or unknown: one answer for all four."""

    def __init__(self) -> None:
        super().__init__(_("This invitation link is not valid."), field="token")


def base_url() -> str:
    return str(getattr(settings, "WASIT_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def link_for(token: str) -> str:
    return base_url() + reverse("invitations:accept", kwargs={"token": token})


def _hours() -> float:
    return float(getattr(settings, "WASIT_INVITATION_HOURS", 72))


def _language(language: str | None) -> str:
    lang = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return lang if lang in LANGUAGES else "en"


def _check_email(email: str) -> str:
    email = email.strip()
    try:
        EmailValidator()(email)
    except ValidationError:
        raise ActionRefused(_("That is not a valid e-mail address."), field="email") from None
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def _check_title(title: str) -> str:
    title = title.strip()
    if any(ch in BIDI_CONTROLS for ch in title):
        raise ActionRefused(_("The title may not contain text-direction control characters."), field="title")
    if len(title) > 200:
        raise ActionRefused(_("The title is too long (at most 200 characters)."), field="title")
    return title


def _check_seat(actor: Viewer, talks: Talks, role: str, party: Party | None) -> Role:
    if role not in Role.values:
        raise ActionRefused(_("Unknown role."), field="role")
    seat_role = Role(role)
    seat = actor.seat(talks.pk)
    if seat_role == Role.LEAD_MEDIATOR:
        policy.require(actor, "appoint_lead", talks,
                       message=_("Only the lead mediator or an operator may seat a lead mediator."))
    is_mediator = seat_role in MEDIATOR_ROLES
    if not actor.system and not actor.is_operator and seat is not None and not seat.is_mediator:
        # A head (the policy let them invite): their own delegation, never the mediator team.
        if is_mediator or party is None or party.pk != seat.party_id:
            raise ActionRefused(_("You may invite only into your own delegation."), field="party")
    if is_mediator and party is not None:
        raise ActionRefused(_("A mediator belongs to no party."), field="party")
    if not is_mediator and party is None:
        raise ActionRefused(_("A delegation member must belong to a party."), field="party")
    if party is not None and party.talks_id != talks.pk:
        raise ActionRefused(_("That party is not at these talks."), field="party")
    return seat_role


def _send(invitation: Invitation, token: str, language: str, inviter: str) -> None:
    invitation.mail = outbox.enqueue(
        kind="invitation", to=invitation.email, template="invitations/mail/invitation",
        context={"talks": invitation.talks, "invitation": invitation, "link": link_for(token),
                 "inviter": inviter, "hours": int(_hours())},
        language=language, talks_id=invitation.talks_id)


@transaction.atomic
def invite(
    actor: Viewer,
    talks: Talks,
    *,
    email: str,
    role: str,
    party: Party | None = None,
    title: str = "",
    language: str | None = None,
) -> tuple[Invitation, str]:
    """Invite an e-mail address to a seat; returns the invitation and its link (shown once).

    Mediators invite to any seat (a lead mediator's only the lead mediator or
    an operator); a head into their own delegation while the talks allow it.
    """
    policy.require(actor, "invite", talks)
    seat_role = _check_seat(actor, talks, role, party)
    email = _check_email(email)
    title = _check_title(title)
    audit.lock_chain()  # the two checks below then see every committed seat and invitation
    seated = Membership.objects.filter(talks=talks, user__email__iexact=email)
    if seated.filter(active=True).exists():
        raise ActionRefused(_("Someone with this address already has a seat at these talks."), field="email")
    if seated.filter(suspended_at__isnull=False).exists():
        raise ActionRefused(_("Someone with this address has a suspended seat here: reinstate it instead."),
                            field="email")
    if Invitation.objects.filter(talks=talks, email__iexact=email, accepted_at__isnull=True,
                                 revoked_at__isnull=True, expires_at__gt=timezone.now()).exists():
        raise ActionRefused(_("This address already has a pending invitation: resend it instead."),
                            field="email")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        talks=talks, email=email, role=seat_role.value, party=party, title=title, digest=digest(token),
        created_by_id=actor.user_id, expires_at=timezone.now() + dt.timedelta(hours=_hours()))
    _send(invitation, token, _language(language), actor.name)
    invitation.save(update_fields=["mail"])
    audit.record(events.InvitationSent(talks_id=talks.pk, invitation_id=invitation.pk,
                                       party_id=invitation.party_id, role=invitation.role, email=email),
                 actor_id=actor.user_id)
    return invitation, link_for(token)


def _still_open(invitation: Invitation) -> None:
    invitation.refresh_from_db()
    if invitation.accepted_at is not None:
        raise ActionRefused(_("This invitation has been accepted already."), field="invitation")
    if invitation.revoked_at is not None:
        raise ActionRefused(_("This invitation has been withdrawn already."), field="invitation")


@transaction.atomic
def revoke_invitation(actor: Viewer, invitation: Invitation) -> Invitation:
    """Withdraw an invitation not yet used: its link stops working at once."""
    policy.require(actor, "manage", invitation)
    audit.lock_chain()
    _still_open(invitation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(events.InvitationRevoked(talks_id=invitation.talks_id, invitation_id=invitation.pk,
                                          party_id=invitation.party_id), actor_id=actor.user_id)
    return invitation


@transaction.atomic
def resend_invitation(actor: Viewer, invitation: Invitation, *,
                      language: str | None = None) -> tuple[Invitation, str]:
    """Send an invitation again with a new link and a new expiry; the old link stops working."""
    policy.require(actor, "manage", invitation)
    audit.lock_chain()
    _still_open(invitation)
    token = secrets.token_urlsafe(32)
    invitation.digest = digest(token)
    invitation.expires_at = timezone.now() + dt.timedelta(hours=_hours())
    _send(invitation, token, _language(language), actor.name)
    invitation.save(update_fields=["digest", "expires_at", "mail"])
    audit.record(events.InvitationResent(talks_id=invitation.talks_id, invitation_id=invitation.pk,
                                         party_id=invitation.party_id), actor_id=actor.user_id)
    return invitation, link_for(token)


def _claim(token: str) -> Invitation:
    """Under the chain lock: the invitation the token opens, still pending, or `InvitationInvalid`."""
    audit.lock_chain()
    found = (Invitation.objects.select_related("talks", "party")
             .filter(digest=digest(token) if token else "-").first())
    if found is None or not found.is_pending:
        raise InvitationInvalid
    return found


def _seat(invitation: Invitation, user: AbstractUser, *, new_account: bool) -> Membership:
    # The invitee acts on the inviter's authority, checked when the invitation was made.
    seat = talks_actions.seat_member(SYSTEM, invitation.talks, user_id=user.pk, role=Role(invitation.role),
                                     party=invitation.party, title=invitation.title)
    # Conditional: a second accept of the same link changes nothing.
    if not Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True,
                                     revoked_at__isnull=True).update(accepted_at=timezone.now(),
                                                                     accepted_by=user):
        raise InvitationInvalid
    audit.record(events.InvitationAccepted(talks_id=invitation.talks_id, invitation_id=invitation.pk,
                                           party_id=invitation.party_id, user_id=user.pk,
                                           new_account=new_account), actor_id=user.pk)
    return seat


@transaction.atomic
def accept_with_new_account(token: str, *, username: str, password: str,
                            display_name: str = "") -> tuple[Membership, AbstractUser]:
    """Use a link with a new account (its password checked by Django's validators)."""
    invitation = _claim(token)
    if get_user_model().objects.filter(email__iexact=invitation.email, is_active=True).exists():
        raise ActionRefused(_("An account with this address exists already: log in to accept."),
                            field="username")
    user = accounts.create_user(SYSTEM, username=username, password=password,
                                display_name=display_name, email=invitation.email)
    return _seat(invitation, user, new_account=True), user


@transaction.atomic
def accept_as(viewer: Viewer, token: str) -> Membership:
    """Use a link with the account one is logged in with."""
    if viewer.user_id is None:
        raise ActionRefused(_("Log in first."))
    invitation = _claim(token)
    user = get_user_model().objects.get(pk=viewer.user_id)
    if not user.email:
        user.email = invitation.email
        user.save(update_fields=["email"])
    return _seat(invitation, user, new_account=False)


# --- seats --------------------------------------------------------------------


def _lead_count(talks_id: int) -> int:
    return Membership.objects.filter(talks_id=talks_id, role=Role.LEAD_MEDIATOR, active=True).count()


def _seat_payload(m: Membership) -> dict[str, Any]:
    return {"talks_id": m.talks_id, "membership_id": m.pk, "user_id": m.user_id,
            "party_id": m.party_id, "role": m.role}


@transaction.atomic
def change_seat_role(actor: Viewer, membership: Membership, *, role: str) -> Membership:
    """Another role in the same place: within a delegation, or lead / co-mediator.

    A mediator's seat and a delegation seat are not interchangeable, nor one
    delegation's for another's: remove the seat and invite again.
    """
    policy.require(actor, "manage_seat", membership)
    if role not in Role.values:
        raise ActionRefused(_("Unknown role."), field="role")
    new = Role(role)
    if new == Role.LEAD_MEDIATOR:
        policy.require(actor, "appoint_lead", membership.talks)
    audit.lock_chain()
    membership.refresh_from_db()
    if not membership.active:
        raise ActionRefused(_("This person no longer has a seat at these talks."), field="seat")
    if membership.is_mediator != (new in MEDIATOR_ROLES):
        raise ActionRefused(_("A mediator's seat and a delegation seat are not interchangeable: "
                              "remove the seat and invite again."), field="role")
    previous = membership.role
    if previous == new:
        return membership
    if previous == Role.LEAD_MEDIATOR and _lead_count(membership.talks_id) <= 1:
        raise ActionRefused(_("The talks need a lead mediator: appoint another one first."), field="role")
    membership.role = new.value
    membership.save(update_fields=["role"])
    audit.record(talks_events.MemberRoleChanged(**_seat_payload(membership), previous_role=previous),
                 actor_id=actor.user_id)
    return membership


@transaction.atomic
def suspend_seat(actor: Viewer, membership: Membership) -> Membership:
    """Suspend a seat: the person sees nothing of the talks (pages, API, tokens, streams) until reinstated."""
    policy.require(actor, "manage_seat", membership)
    audit.lock_chain()
    membership.refresh_from_db()
    if not membership.active:
        raise ActionRefused(_("This seat is not active."), field="seat")
    if membership.role == Role.LEAD_MEDIATOR and _lead_count(membership.talks_id) <= 1:
        raise ActionRefused(_("The talks need a lead mediator: appoint another one first."), field="seat")
    membership.active = False
    membership.suspended_at = timezone.now()
    membership.save(update_fields=["active", "suspended_at"])
    audit.record(events.SeatSuspended(**_seat_payload(membership)), actor_id=actor.user_id)
    return membership


@transaction.atomic
def reinstate_seat(actor: Viewer, membership: Membership) -> Membership:
    """Give a suspended seat back, with its role and delegation."""
    policy.require(actor, "manage_seat", membership)
    audit.lock_chain()
    membership.refresh_from_db()
    if membership.active or membership.suspended_at is None:
        raise ActionRefused(_("This seat is not suspended."), field="seat")
    if not get_user_model().objects.filter(pk=membership.user_id, is_active=True).exists():
        raise ActionRefused(_("This account is deactivated."), field="seat")
    membership.active = True
    membership.suspended_at = None
    membership.save(update_fields=["active", "suspended_at"])
    audit.record(events.SeatReinstated(**_seat_payload(membership)), actor_id=actor.user_id)
    return membership


@transaction.atomic
def remove_seat(actor: Viewer, membership: Membership) -> Membership:
    """Take a seat away (active or suspended), at once everywhere.

    The last lead mediator cannot be removed. The row is kept, inactive, for the record.
    """
    policy.require(actor, "manage_seat", membership)
    audit.lock_chain()
    membership.refresh_from_db()
    if not membership.active and membership.suspended_at is None:
        raise ActionRefused(_("This person no longer has a seat at these talks."), field="seat")
    if (membership.active and membership.role == Role.LEAD_MEDIATOR
            and _lead_count(membership.talks_id) <= 1):
        raise ActionRefused(_("The last lead mediator cannot be removed: appoint another one first."),
                            field="seat")
    membership.active = False
    membership.suspended_at = None
    membership.save(update_fields=["active", "suspended_at"])
    audit.record(talks_events.MemberUnseated(**_seat_payload(membership)), actor_id=actor.user_id)
    return membership
