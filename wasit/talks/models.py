"""Talks, the parties at them, who sits in which delegation, and the rounds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wasit.talks.localized import Localized, LocalizedField, content_languages


def _text(max_length: int = 200) -> models.CharField[str, str]:
    return models.CharField(max_length=max_length, blank=True, default="")


class TalksStatus(models.TextChoices):
    PREPARING = "preparing", _("In preparation")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CONCLUDED = "concluded", _("Concluded")


class Talks(models.Model):
    """One mediated negotiation between two or more parties."""

    title_i18n = LocalizedField()
    description_i18n = LocalizedField()
    mediator_org_i18n = LocalizedField()
    # The languages its content is written in, in the mediators' order.
    languages = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=TalksStatus.choices, default=TalksStatus.PREPARING)
    created_at = models.DateTimeField(auto_now_add=True)
    # Settings the lead mediator edits.
    heads_may_invite = models.BooleanField(
        default=False, help_text=_("Heads of delegation may invite members to their own delegation."))
    require_two_factor = models.BooleanField(
        default=False, help_text=_("Everyone seated at these talks must use two-factor log-in."))

    title = Localized()
    description = Localized()
    mediator_org = Localized()

    class Meta:
        verbose_name = _("talks")
        verbose_name_plural = _("talks")
        ordering = ["id"]
        # Granted by an operator to a user who is not one: "may open talks".
        permissions = [("open_talks", "May open talks")]

    def __str__(self) -> str:
        return self.title or f"talks {self.pk}"

    @property
    def content_languages(self) -> list[str]:
        return list(self.languages) or list(content_languages())


class Party(models.Model):
    """A side at the talks; its delegation sits in its own caucus room."""

    talks = models.ForeignKey(Talks, on_delete=models.PROTECT, related_name="parties")
    code = models.SlugField(max_length=32)
    name_i18n = LocalizedField()

    name = Localized()

    class Meta:
        ordering = ["talks_id", "id"]
        constraints = [models.UniqueConstraint(fields=["talks", "code"], name="party_code_unique_in_talks")]

    def __str__(self) -> str:
        return self.name or self.code


class Role(models.TextChoices):
    LEAD_MEDIATOR = "lead_mediator", _("Lead mediator")
    CO_MEDIATOR = "co_mediator", _("Co-mediator")
    HEAD = "head", _("Head of delegation")
    MEMBER = "member", _("Delegation member")
    EXPERT = "expert", _("Expert")
    COUNSEL = "counsel", _("Counsel")
    NOTE_TAKER = "note_taker", _("Note-taker")
    INTERPRETER = "interpreter", _("Interpreter")
    OBSERVER = "observer", _("Observer")


MEDIATOR_ROLES = frozenset({Role.LEAD_MEDIATOR, Role.CO_MEDIATOR})


class Membership(models.Model):
    """A person's seat at the talks: on the mediator team, or in one delegation."""

    talks = models.ForeignKey(Talks, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    title = _text()
    active = models.BooleanField(default=True)
    # Set while a seat is suspended (inactive, to be reinstated with the same
    # role and delegation); None for a seat that is active or was removed.
    suspended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["talks_id", "party_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["talks", "user"], name="one_seat_per_person_per_talks"),
            # A mediator belongs to no party; everyone else belongs to exactly one.
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=["lead_mediator", "co_mediator"], party__isnull=True)
                    | (~models.Q(role__in=["lead_mediator", "co_mediator"]) & models.Q(party__isnull=False))
                ),
                name="mediators_have_no_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"

    @property
    def is_mediator(self) -> bool:
        return self.role in MEDIATOR_ROLES


class RoundFormat(models.TextChoices):
    PROXIMITY = "proximity", _("Proximity (separate rooms)")
    DIRECT = "direct", _("Direct (one room)")
    LISTENING = "listening", _("Listening only")


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class Round(models.Model):
    """A round of talks at a venue on given dates."""

    talks = models.ForeignKey(Talks, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveIntegerField()
    title_i18n = LocalizedField()
    venue_i18n = LocalizedField()
    agenda_i18n = LocalizedField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    format = models.CharField(max_length=16, choices=RoundFormat.choices)
    status = models.CharField(max_length=16, choices=RoundStatus.choices, default=RoundStatus.PLANNED)
    status_reason = models.TextField(blank=True, default="")
    rescheduled_to = models.DateField(null=True, blank=True)
    # An IANA zone name (e.g. "Asia/Muscat"): dates are the venue's.
    time_zone = models.CharField(max_length=64, default="UTC")
    # Raised by every change of its dates or status, so that calendar apps
    # reading the feed (iCalendar SEQUENCE) move the event they already hold.
    sequence = models.PositiveIntegerField(default=0)

    title = Localized()
    venue = Localized()
    agenda = Localized()

    class Meta:
        ordering = ["talks_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["talks", "number"], name="round_number_unique_in_talks"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="round_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"round {self.number}"
