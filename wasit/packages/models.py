"""The talks' negotiation domain, each party's private scores, and proposed packages.

A domain is a snapshot: redefining it creates a new row, and the latest one is the
talks' current domain. Issues and options are stored as JSON, each title in up to
three languages (``{"en": ..., "ar": ..., "fa": ...}``); a package is a list of option
indexes, one per issue, in the domain's issue order. Score versions are never changed
or deleted: each save is a new row, and the latest per party is the one in force.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wasit.caucus.models import Message
from wasit.secrecy.fields import SealedJSONField, SealedTextField
from wasit.talks.models import Party, Talks


class DomainSource(models.TextChoices):
    AGENDA = "agenda", _("Defined from the agenda")
    GENIUS = "genius", _("Imported from a Genius file")


class NegotiationDomain(models.Model):
    """The issues on the table and the options for each."""

    talks = models.ForeignKey(Talks, on_delete=models.PROTECT, related_name="negotiation_domains")
    name = models.CharField(max_length=200, blank=True, default="")
    source = models.CharField(max_length=16, choices=DomainSource.choices)
    # [{"title": {"en": ..., "ar": ..., "fa": ...}, "options": [{"en": ...}, ...]}, ...]
    issues = models.JSONField()
    scores_hidden_from_mediators = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["talks_id", "id"]

    def __str__(self) -> str:
        return self.name or f"domain {self.pk}"


class ScoreVersion(models.Model):
    """One saved version of one party's private scores of one domain."""

    domain = models.ForeignKey(NegotiationDomain, on_delete=models.PROTECT, related_name="scores")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="score_versions")
    version = models.PositiveIntegerField()
    raw_weights = SealedJSONField()   # as entered
    weights = SealedJSONField()       # normalised to sum to one
    values = SealedJSONField()        # values[i][j]: option j of issue i, in [0, 1]
    reservation = models.FloatField()
    normalised = models.BooleanField(default=False)
    note = SealedTextField(blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["domain_id", "party_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "party", "version"],
                                    name="one_score_version_number_per_party"),
        ]

    def __str__(self) -> str:
        return f"scores v{self.version} of party {self.party_id}"


class Proposal(models.Model):
    """A package the mediators drafted; shared with the parties once the mediators choose."""

    domain = models.ForeignKey(NegotiationDomain, on_delete=models.PROTECT, related_name="proposals")
    package = SealedJSONField()
    label = models.CharField(max_length=32, default="custom")
    message = models.ForeignKey(Message, null=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["domain_id", "id"]

    def __str__(self) -> str:
        return f"proposal {self.pk}"
