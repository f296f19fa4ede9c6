"""The mail outbox: every e-mail Wasit sends is a row here first.

An action enqueues its mail in its own transaction (`outbox.enqueue`), so a
mail exists if and only if the change it tells of committed; `wasit worker`
delivers it afterwards. Bodies are sealed at rest: an invitation's link is a
credential until it is used.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wasit.secrecy.fields import SealedTextField


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Delivered")
    FAILED = "failed", _("Failed")


class Mail(models.Model):
    """One e-mail to one address, rendered in the recipient's language when enqueued."""

    kind = models.CharField(max_length=40)
    to = models.EmailField(max_length=254)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="mails")
    talks_id = models.BigIntegerField(null=True, blank=True)
    language = models.CharField(max_length=8)
    subject = SealedTextField()
    text = SealedTextField()
    html = SealedTextField(blank=True, default="")
    status = models.CharField(max_length=8, choices=MailStatus.choices, default=MailStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    # While "sending": the worker that claimed it owns it until then. A worker
    # killed mid-send leaves the lease to run out; the next worker takes it.
    lease_until = models.DateTimeField(null=True, blank=True)
    # The same on every attempt, so a mail sent twice (after a crash) can be
    # recognised by the recipient's mail system and by an operator.
    message_id = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mail_due")]

    def __str__(self) -> str:
        return f"mail {self.pk} ({self.kind}) to {self.to}: {self.status}"


class MailLanguage(models.TextChoices):
    EN = "en", "English"
    AR = "ar", "العربية"
    FA = "fa", "فارسی"


class Preferences(models.Model):
    """What one user wants to hear about by e-mail, and in which language.

    Every notification is opt-in: without a row, or with a box unticked, no
    mail. Invitations and password resets are not notifications: they are
    always sent.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="mail_preferences")
    language = models.CharField(max_length=8, choices=MailLanguage.choices, default=MailLanguage.EN)
    relays = models.BooleanField(default=False, help_text=_("Something was relayed into my room."))
    rounds = models.BooleanField(default=False, help_text=_("A round I can see was postponed or rescheduled."))
    seats = models.BooleanField(default=False, help_text=_("I was given a seat at talks or removed from one."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"mail preferences of user {self.user_id}"
