"""Invitations to a seat at the talks, sent by e-mail with a single-use link."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class Invitation(models.Model):
    """An offer of one seat (mediator team, or a role in one delegation) to an e-mail address.

    Only the SHA-256 of the link's token is stored; the token itself is in
    the mail alone. Resending replaces the digest, so the old link stops
    working.
    """

    talks = models.ForeignKey("talks.Talks", on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=16)
    party = models.ForeignKey("talks.Party", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="invitations")
    title = models.CharField(max_length=200, blank=True, default="")
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="invitations_sent")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="invitations_accepted")
    revoked_at = models.DateTimeField(null=True, blank=True)
    mail = models.ForeignKey("notifications.Mail", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")

    class Meta:
        ordering = ["talks_id", "id"]
        indexes = [models.Index(fields=["talks", "email"], name="invitation_talks_email")]

    def __str__(self) -> str:
        return f"invitation {self.pk} of {self.email} ({self.role})"

    @property
    def status(self) -> InvitationStatus:
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.revoked_at is not None:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @property
    def is_pending(self) -> bool:
        return self.status == InvitationStatus.PENDING

    def get_role_label(self) -> str:
        from wasit.talks.models import Role

        return str(Role(self.role).label) if self.role in Role.values else self.role

    def get_status_display(self) -> str:
        return str(self.status.label)
