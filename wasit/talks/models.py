"""Talks, the parties at them, who sits in which delegation, and the rounds."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wasit.secrecy.fields import SealedTextField
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
    """A round of talks at a venue, from one instant to another.

    The instants are stored in UTC; `time_zone` is the venue's, and the
    dates people read (`starts_on`, `ends_on`) are the venue's local dates.
    A round without times (`all_day`) runs from local midnight on its first
    day to local midnight after its last: like iCalendar, the end is
    exclusive.
    """

    talks = models.ForeignKey(Talks, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveIntegerField()
    title_i18n = LocalizedField()
    venue_i18n = LocalizedField()
    # A short note beside the round's agenda (formerly the free-text agenda);
    # the agenda itself is the ordered list of agenda issues (`RoundAgendaItem`).
    note_i18n = LocalizedField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    all_day = models.BooleanField(default=True)
    format = models.CharField(max_length=16, choices=RoundFormat.choices)
    status = models.CharField(max_length=16, choices=RoundStatus.choices, default=RoundStatus.PLANNED)
    status_reason = models.TextField(blank=True, default="")
    # The venue's local date the round was put off to (a postponement may give none).
    rescheduled_to = models.DateField(null=True, blank=True)
    # An IANA zone name (e.g. "Asia/Muscat"): the venue's.
    time_zone = models.CharField(max_length=64, default="UTC")
    # Raised by every change of its dates or status, so that calendar apps
    # reading the feed (iCalendar SEQUENCE) move the event they already hold.
    sequence = models.PositiveIntegerField(default=0)

    title = Localized()
    venue = Localized()
    note = Localized()

    class Meta:
        ordering = ["talks_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["talks", "number"], name="round_number_unique_in_talks"),
            models.CheckConstraint(condition=models.Q(ends_at__gte=models.F("starts_at")),
                                   name="round_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return f"round {self.number}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_starts_at(self) -> dt.datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_ends_at(self) -> dt.datetime:
        return self.ends_at.astimezone(self.zone)

    @property
    def starts_on(self) -> dt.date:
        """The venue's local date the round starts on."""
        return self.local_starts_at.date()

    @property
    def ends_on(self) -> dt.date:
        """The venue's local date of its last day (the stored end is exclusive)."""
        last = (self.ends_at - dt.timedelta(microseconds=1)).astimezone(self.zone).date()
        return max(last, self.starts_on)

    @property
    def starts_time(self) -> dt.time | None:
        """The venue's local start time; None for a round given by dates alone."""
        return None if self.all_day else self.local_starts_at.time()

    @property
    def ends_time(self) -> dt.time | None:
        return None if self.all_day else self.local_ends_at.time()

    @property
    def is_closed(self) -> bool:
        return self.status in (RoundStatus.HELD, RoundStatus.CANCELLED)

    @property
    def is_listening(self) -> bool:
        return self.format == RoundFormat.LISTENING


class StepKind(models.TextChoices):
    PLANNED = "planned", _("Planned")
    EDITED = "edited", _("Edited")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    POSTPONED = "postponed", _("Postponed")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")
    AGENDA = "agenda", _("Agenda set")


class AskedBy(models.TextChoices):
    NOBODY = "", _("Not recorded")
    MEDIATORS = "mediators", _("The mediators")
    PARTY = "party", _("A party")


class RoundStep(models.Model):
    """One step in a round's history, written by the action that took it.

    Append-only: the actions create steps and never change or delete one.
    Every member of the talks reads a round's history.
    """

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(max_length=16, choices=StepKind.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+")
    reason = models.TextField(blank=True, default="")
    asked_by = models.CharField(max_length=16, choices=AskedBy.choices, blank=True, default="")
    asked_by_party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    new_date = models.DateField(null=True, blank=True)
    # The round's instants and sequence after this step, for the record.
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    sequence = models.PositiveIntegerField()
    # What an edit changed (field names), e.g. ["venue", "time_zone"].
    changed = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["round_id", "id"]

    def __str__(self) -> str:
        return f"{self.round} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("a round's history is append-only")
        super().save(*args, **kwargs)

    @property
    def starts_on(self) -> dt.date:
        """The round's first local day after this step (read with `select_related("round")`)."""
        return self.starts_at.astimezone(self.round.zone).date()

    @property
    def ends_on(self) -> dt.date:
        last = (self.ends_at - dt.timedelta(microseconds=1)).astimezone(self.round.zone).date()
        return max(last, self.starts_on)

    @property
    def asked_by_label(self) -> str:
        if self.asked_by == AskedBy.PARTY and self.asked_by_party is not None:
            return str(self.asked_by_party)
        return str(self.get_asked_by_display()) if self.asked_by else ""


class RoundAgendaItem(models.Model):
    """An agenda issue of the talks on one round's agenda, at its place (1, 2, 3...).

    Set by the mediators, shared with every party. The issue is named by
    string: the agenda app sits above the talks in the layers.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="agenda_items")
    issue = models.ForeignKey("agenda.AgendaIssue", on_delete=models.PROTECT, related_name="round_items")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["round_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "issue"], name="round_agenda_issue_once"),
            models.UniqueConstraint(fields=["round", "position"], name="round_agenda_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round} #{self.position}"


class RoundMinutes(models.Model):
    """The mediators' own record of a round: for the mediators alone, sealed at rest.

    `version` counts the saves: an edit made on an older version is refused
    as stale rather than overwriting a colleague's.
    """

    round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="minutes")
    text = SealedTextField(blank=True, default="")
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")

    def __str__(self) -> str:
        return f"minutes of {self.round}"


class PartySummary(models.Model):
    """A summary of a round the mediators write for one party, sealed at rest.

    Seen by the mediators, and by that party's delegation once shared
    (`shared_at`); never by another party.
    """

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="party_summaries")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="round_summaries")
    text = SealedTextField(blank=True, default="")
    version = models.PositiveIntegerField(default=0)
    shared_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["round_id", "party_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "party"], name="one_summary_per_party_and_round"),
        ]

    def __str__(self) -> str:
        return f"summary of {self.round} for {self.party}"
