"""The single negotiating text: one draft held by the mediators, clause by clause.

A `NegotiatingText` is saved as `TextVersion`s, each a complete, immutable
list of clauses (sealed at rest: the drafts are the mediators' secrets). A
mediator shares a version with some or all of the text's parties
(`VersionShare`); each party marks a `Stance` per clause of a version shared
with it, and when every party accepts every clause of one version, each
party's head confirms it (`SignOff`). The last sign-off freezes the text on
that version.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wasit.secrecy.fields import SealedJSONField
from wasit.talks.models import Party, Talks


class TextKind(models.TextChoices):
    FRAMEWORK = "framework", _("Framework")
    MINUTE = "minute", _("Agreed minute")
    PAPER = "paper", _("Working paper")


class NegotiatingText(models.Model):
    """A text the mediators hold for a talks: a framework, an agreed minute, a paper."""

    talks = models.ForeignKey(Talks, on_delete=models.PROTECT, related_name="texts")
    kind = models.CharField(max_length=16, choices=TextKind.choices, default=TextKind.FRAMEWORK)
    title = SealedJSONField(default=dict)
    # The language whose wording governs; the clauses' other languages are translations.
    authoritative_language = models.CharField(max_length=8)
    # Shared without any attribution of which party proposed which clause.
    non_paper = models.BooleanField(default=False)
    # Whether the parties may see how many clauses are still open (not accepted by all).
    share_open_count = models.BooleanField(default=False)
    # The parties whose acceptance makes the text agreed.
    parties = models.ManyToManyField(Party, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    # Set by the last head's sign-off: from then on the text is frozen.
    signed_version = models.OneToOneField("TextVersion", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["talks_id", "id"]

    def __str__(self) -> str:
        return f"text {self.pk} of talks {self.talks_id}"

    @property
    def is_signed(self) -> bool:
        return self.signed_version_id is not None


class TextVersion(models.Model):
    """One saved draft: the complete clause list, immutable once written.

    `clauses` is a list of `{"key", "number", "heading", "body",
    "alternatives", "proposed_by"}` (see `clauses.py`); `key` is a clause's
    identity across versions, so a stance can tell that its clause changed.
    """

    text = models.ForeignKey(NegotiatingText, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    clauses: Any = SealedJSONField(default=list)
    note = SealedJSONField(default=dict)
    # sha256 of the canonical form (`canonical.version_digest`): what a sign-off confirms.
    digest = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["text_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["text", "number"], name="one_text_version_number"),
        ]

    def __str__(self) -> str:
        return f"version {self.number} of text {self.text_id}"


class VersionShare(models.Model):
    """A version a mediator showed to one party. A party never sees the drafts in between."""

    version = models.ForeignKey(TextVersion, on_delete=models.PROTECT, related_name="shares")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField()

    class Meta:
        ordering = ["version_id", "party_id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="one_share_per_version_and_party"),
        ]

    def __str__(self) -> str:
        return f"version {self.version_id} shared with party {self.party_id}"


class StanceKind(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REJECT = "reject", _("Reject")
    # Ad referendum: pending instructions from the capital.
    RESERVE = "reserve", _("Reserve")


class Stance(models.Model):
    """One party's stance on one clause of one version; the comment is for the mediators only."""

    version = models.ForeignKey(TextVersion, on_delete=models.PROTECT, related_name="stances")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    clause_key = models.CharField(max_length=32)
    stance = models.CharField(max_length=8, choices=StanceKind.choices)
    comment = SealedJSONField(default=dict)
    # Language the party proposes for the clause, `{language: text}`; the mediators may adopt it.
    proposed = SealedJSONField(default=dict)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField()

    class Meta:
        ordering = ["version_id", "party_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party", "clause_key"], name="one_stance_per_clause"),
        ]

    def __str__(self) -> str:
        return f"{self.stance} by party {self.party_id} on {self.clause_key} of version {self.version_id}"


class SignOff(models.Model):
    """A party's head confirmed the agreed version (after re-entering the password, and TOTP if set)."""

    version = models.ForeignKey(TextVersion, on_delete=models.PROTECT, related_name="sign_offs")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()
    # The version's digest as the head confirmed it.
    digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["version_id", "party_id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="one_sign_off_per_party"),
        ]

    def __str__(self) -> str:
        return f"party {self.party_id} signed version {self.version_id}"
