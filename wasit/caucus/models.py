"""Rooms, what is said in them, and what the mediators carry between them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wasit.secrecy.fields import SealedTextField


class RoomKind(models.TextChoices):
    CAUCUS = "caucus", _("Caucus room")
    MEDIATORS = "mediators", _("Mediators' room")
    JOINT = "joint", _("Joint session")


class Room(models.Model):
    """A private room: one party's caucus, the mediators' own, or a joint session.

    A caucus room holds one delegation and the mediator team; a joint session
    holds everyone, and only while it is open.
    """

    talks = models.ForeignKey("talks.Talks", on_delete=models.PROTECT, related_name="rooms")
    kind = models.CharField(max_length=16, choices=RoomKind.choices)
    party = models.OneToOneField("talks.Party", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="caucus_room")
    opened_at = models.DateTimeField(default=timezone.now)
    open_until = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["talks_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="caucus", party__isnull=False)
                           | (~models.Q(kind="caucus") & models.Q(party__isnull=True))),
                name="caucus_rooms_belong_to_a_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} room {self.pk}"

    @property
    def label(self) -> str:
        from django.utils.translation import gettext

        if self.kind == RoomKind.CAUCUS and self.party is not None:
            return gettext("Caucus: %(party)s") % {"party": self.party.name}
        if self.kind == RoomKind.MEDIATORS:
            return gettext("Mediators' room")
        return gettext("Joint session %(number)d") % {"number": self.pk}

    def is_open(self, now: object | None = None) -> bool:
        if self.closed_at is not None:
            return False  # a joint session ended, or a caucus room the mediators closed
        if self.kind != RoomKind.JOINT:
            return True
        moment = now or timezone.now()
        return self.closed_at is None and (self.open_until is None or self.open_until > moment)  # type: ignore[operator]


class Message(models.Model):
    """What one person said in one room, exactly as typed."""

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = SealedTextField()
    reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    mediators_only = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    event_id = models.BigIntegerField(unique=True)

    class Meta:
        ordering = ["event_id"]
        indexes = [models.Index(fields=["room", "event_id"], name="caucus_message_room_event")]

    def __str__(self) -> str:
        return f"message {self.pk}"


class Translation(models.Model):
    """An interpreter's rendering of a message, shown beside the original."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="translations")
    language = models.CharField(max_length=8)
    text = SealedTextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["message_id", "id"]

    def __str__(self) -> str:
        return f"translation {self.pk} of message {self.message_id}"


class RelayMode(models.TextChoices):
    VERBATIM = "verbatim", _("Verbatim")
    PARAPHRASE = "paraphrase", _("Paraphrased")
    SUMMARY = "summary", _("Summarised")


class Relay(models.Model):
    """A message carried by a mediator into one other room.

    One row per destination room, so each room has its own receipts. The
    recipients see `text` and, if the mediator chose, the party it came from
    and the mode; never the source message or its author.
    """

    source = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="relays")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="relays_in")
    mode = models.CharField(max_length=16, choices=RelayMode.choices)
    text = SealedTextField()
    attributed = models.BooleanField(default=False)
    show_mode = models.BooleanField(default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    event_id = models.BigIntegerField(unique=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event_id"]
        indexes = [models.Index(fields=["room", "event_id"], name="caucus_relay_room_event")]

    def __str__(self) -> str:
        return f"relay {self.pk} of message {self.source_id} into room {self.room_id}"


class Withholding(models.Model):
    """A mediator's decision not to carry a message, with the reason, for the mediators."""

    message = models.OneToOneField(Message, on_delete=models.PROTECT, related_name="withholding")
    reason = SealedTextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"withholding of message {self.message_id}"
