"""Rounds scheduled before the history existed get their first step from the log:
"planned", at the time and by the author of their `talks.round_scheduled` event."""

from django.db import migrations


def backfill(apps, schema_editor):
    Round = apps.get_model("talks", "Round")
    RoundStep = apps.get_model("talks", "RoundStep")
    Event = apps.get_model("audit", "Event")
    scheduled = {}
    for event in Event.objects.filter(kind="talks.round_scheduled").only("payload", "created_at", "actor_id"):
        scheduled.setdefault(event.payload.get("round_id"), event)
    for r in Round.objects.filter(steps__isnull=True):
        event = scheduled.get(r.pk)
        RoundStep.objects.create(
            round=r, kind="planned", at=event.created_at if event else r.starts_at,
            by_id=event.actor_id if event else None, starts_at=r.starts_at, ends_at=r.ends_at,
            sequence=r.sequence)


class Migration(migrations.Migration):

    dependencies = [
        ('talks', '0008_round_steps'),
        ('audit', '0003_seal_existing_payloads'),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
