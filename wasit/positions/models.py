"""Positions of each party per agenda issue across rounds, and the mediators' position map.

Every row here is append-only but `RedLineBar`: a change of position is a new
`PositionVersion`, a change of the mediators' view a new `Assessment`. The
texts are a party's (or the mediators') secrets, so they are sealed at rest;
each is stored as `{language: text}` in the languages its author wrote.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wasit.agenda.models import AgendaIssue
from wasit.caucus.models import Message, Room
from wasit.secrecy.fields import SealedJSONField
from wasit.talks.models import Party, Round, Talks

PRIORITY_MIN, PRIORITY_MAX = 1, 5

# The fields a party writes, in the order pages show them (and name a change).
TEXT_FIELDS = ("demand", "offer", "red_line", "notes")


class PositionVersion(models.Model):
    """One saved version of one party's position on one agenda issue.

    Versions run 1, 2, 3... per (issue, party); the highest is the position
    in force. `applies_from` is the round from which the party holds it
    (None: from the start of the talks).
    """

    talks = models.ForeignKey(Talks, on_delete=models.PROTECT, related_name="+")
    issue = models.ForeignKey(AgendaIssue, on_delete=models.PROTECT, related_name="position_versions")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="position_versions")
    version = models.PositiveIntegerField()
    applies_from = models.ForeignKey(Round, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    demand = SealedJSONField(default=dict)
    offer = SealedJSONField(default=dict)
    red_line = SealedJSONField(default=dict)
    notes = SealedJSONField(default=dict)
    priority = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["issue_id", "party_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "party", "version"], name="one_position_version_number"),
            models.CheckConstraint(condition=models.Q(priority__gte=PRIORITY_MIN, priority__lte=PRIORITY_MAX),
                                   name="position_priority_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"position v{self.version} of party {self.party_id} on issue {self.issue_id}"


class RedLineBar(models.Model):
    """A party's request that the mediators not read its red lines (its head decides).

    One row per party once asked; absent means the mediators read them.
    """

    party = models.OneToOneField(Party, on_delete=models.PROTECT, related_name="red_line_bar")
    barred = models.BooleanField(default=False)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"red lines of party {self.party_id}: {'barred' if self.barred else 'open'}"


class Gap(models.TextChoices):
    WIDE = "wide", _("Wide")
    NARROWING = "narrowing", _("Narrowing")
    BRIDGEABLE = "bridgeable", _("Bridgeable")
    AGREED = "agreed", _("Agreed")


class Assessment(models.Model):
    """One version of the mediators' private reading of the gap on one agenda issue."""

    talks = models.ForeignKey(Talks, on_delete=models.PROTECT, related_name="+")
    issue = models.ForeignKey(AgendaIssue, on_delete=models.PROTECT, related_name="assessments")
    version = models.PositiveIntegerField()
    gap = models.CharField(max_length=16, choices=Gap.choices)
    note = SealedJSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["issue_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "version"], name="one_assessment_version_number"),
        ]

    def __str__(self) -> str:
        return f"assessment v{self.version} of issue {self.issue_id}"


class PositionRelay(models.Model):
    """A position version a mediator turned into a message in a room: the message's provenance.

    The mediators' business alone; the room sees only the message.
    """

    talks = models.ForeignKey(Talks, on_delete=models.PROTECT, related_name="+")
    position = models.ForeignKey(PositionVersion, on_delete=models.PROTECT, related_name="relays")
    message = models.OneToOneField(Message, on_delete=models.PROTECT, related_name="+")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["position_id", "id"]

    def __str__(self) -> str:
        return f"position {self.position_id} relayed as message {self.message_id}"
