"""The talks' agenda: the issues on the table, in the mediators' order."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wasit.talks.localized import Localized, LocalizedField
from wasit.talks.models import Talks


class AgendaIssue(models.Model):
    """One issue on the talks' agenda (e.g. "Red Sea shipping"), shared with every party.

    Positions run 1, 2, 3... per talks, with no gap: withdrawn issues keep
    theirs. An issue is withdrawn, never deleted, because the rounds' agendas,
    the parties' positions and the offers made on it point at it.
    """

    talks = models.ForeignKey(Talks, on_delete=models.PROTECT, related_name="agenda_issues")
    position = models.PositiveIntegerField()
    title_i18n = LocalizedField()
    description_i18n = LocalizedField()
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    title = Localized()
    description = Localized()

    class Meta:
        verbose_name = _("agenda issue")
        verbose_name_plural = _("agenda issues")
        ordering = ["talks_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["talks", "position"], name="agenda_position_unique_in_talks"),
        ]

    def __str__(self) -> str:
        return self.title or f"agenda issue {self.pk}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
