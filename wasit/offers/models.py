"""Sealed conditional offers, revealed only on a match, and blind bids.

The mediators put `Move`s on a menu (shared with every party). A party
submits a `SealedOffer`: the moves it gives and those it requires of other
parties, sealed at rest, with a commitment (`digest`) every member sees and
a `nonce` that only the submitting delegation (and the mediators, when the
talks' `OfferSettings` say so) can read. When live offers fit together the
engine's match reveals them all at once (`OfferMatch`). A `BidContest` is
the numeric special case: two sealed figures per round (`BlindBid`), of
which only the outcome is ever shown.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wasit.agenda.models import AgendaIssue
from wasit.secrecy.fields import SealedJSONField, SealedTextField
from wasit.talks.models import Party, Talks

DEFAULT_LIVE_OFFERS = 1
DEFAULT_RESUBMIT_SECONDS = 600


class OfferSettings(models.Model):
    """The talks' choices for sealed offers; absent means the defaults below."""

    talks = models.OneToOneField(Talks, on_delete=models.PROTECT, related_name="offer_settings")
    # The issue's default: the mediators see only that an offer exists, not what it says.
    mediators_see_sealed = models.BooleanField(default=False)
    live_offers_per_party = models.PositiveSmallIntegerField(default=DEFAULT_LIVE_OFFERS)
    # The least time between two submissions of one party (against probing).
    resubmit_seconds = models.PositiveIntegerField(default=DEFAULT_RESUBMIT_SECONDS)
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"offer settings of talks {self.talks_id}"


class Move(models.Model):
    """An entry of the mediators' menu: what a party could do ("restrain allied groups at sea")."""

    talks = models.ForeignKey(Talks, on_delete=models.PROTECT, related_name="offer_moves")
    issue = models.ForeignKey(AgendaIssue, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The party that would make the move; none: any party.
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # `{language: text}`; not sealed: the menu is shared with every party.
    text = models.JSONField(default=dict)
    # For a move with a quantity ("weeks", "USD", "%"); empty for one without.
    unit = models.CharField(max_length=32, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["talks_id", "id"]

    def __str__(self) -> str:
        return f"move {self.pk} of talks {self.talks_id}"


class OfferStatus(models.TextChoices):
    LIVE = "live", _("Live")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")
    REVEALED = "revealed", _("Revealed")


class OfferMatch(models.Model):
    """Offers that fit together, revealed at once; `package` is the combined text per language."""

    talks = models.ForeignKey(Talks, on_delete=models.PROTECT, related_name="offer_matches")
    package = SealedJSONField(default=dict)
    party_ids: Any = models.JSONField(default=list)
    revealed_at = models.DateTimeField()

    class Meta:
        ordering = ["talks_id", "id"]

    def __str__(self) -> str:
        return f"match {self.pk} of talks {self.talks_id}"


class SealedOffer(models.Model):
    """One party's sealed conditional offer. Content and nonce sealed; the digest is for everyone."""

    talks = models.ForeignKey(Talks, on_delete=models.PROTECT, related_name="sealed_offers")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    # The engine's canonical form (`commitment.offer_to_json`): `gives` and `requires`.
    gives: Any = SealedJSONField(default=dict)
    requires: Any = SealedJSONField(default=list)
    nonce = SealedTextField(blank=True)
    # The party's own words on the offer, sealed with it and revealed with it; not part of the commitment.
    note = SealedTextField(blank=True)
    digest = models.CharField(max_length=64)
    partial_ok = models.BooleanField(default=True)
    expires_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=OfferStatus.choices, default=OfferStatus.LIVE)
    ended_at = models.DateTimeField(null=True, blank=True)
    match = models.ForeignKey(OfferMatch, null=True, blank=True, on_delete=models.PROTECT, related_name="offers")

    class Meta:
        ordering = ["talks_id", "id"]
        indexes = [models.Index(fields=["talks", "status"], name="offers_live_by_talks")]

    def __str__(self) -> str:
        return f"offer {self.pk} of party {self.party_id}"


class BidRule(models.TextChoices):
    MIDPOINT = "midpoint", _("Midpoint")
    DEMAND = "demand", _("The demand")
    OFFER = "offer", _("The offer")


class BidContest(models.Model):
    """Rounds of blind bids between a claimant (demands) and a respondent (offers)."""

    talks = models.ForeignKey(Talks, on_delete=models.PROTECT, related_name="bid_contests")
    title = models.JSONField(default=dict)
    claimant = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    respondent = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    unit = models.CharField(max_length=32, blank=True)
    gap_percent = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    gap_amount = models.CharField(max_length=64, blank=True)
    rule = models.CharField(max_length=16, choices=BidRule.choices, default=BidRule.MIDPOINT)
    rounds = models.PositiveSmallIntegerField(default=3)
    current_round = models.PositiveSmallIntegerField(default=1)
    settled = models.BooleanField(default=False)
    # The settlement amount (a decimal string), once settled: seen by both sides and the mediators.
    amount = models.CharField(max_length=64, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["talks_id", "id"]

    def __str__(self) -> str:
        return f"bid contest {self.pk} of talks {self.talks_id}"


class BlindBid(models.Model):
    """One side's sealed figure for one round; only that side's delegation ever reads it."""

    contest = models.ForeignKey(BidContest, on_delete=models.PROTECT, related_name="bids")
    round_number = models.PositiveSmallIntegerField()
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    figure = SealedTextField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["contest_id", "round_number", "party_id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "round_number", "party"], name="one_bid_per_round_and_party"),
        ]

    def __str__(self) -> str:
        return f"bid of party {self.party_id} in round {self.round_number} of contest {self.contest_id}"
