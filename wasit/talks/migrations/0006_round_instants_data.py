"""A round's dates were the venue's: local midnight of the first day to local
midnight after the last (an exclusive end, as iCalendar's all-day events)."""

import datetime as dt
import zoneinfo

from django.db import migrations


def _zone(name):
    try:
        return zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return dt.UTC


def dates_to_instants(apps, schema_editor):
    Round = apps.get_model("talks", "Round")
    for r in Round.objects.all().only("pk", "starts_on", "ends_on", "time_zone"):
        zone = _zone(r.time_zone)
        start = dt.datetime.combine(r.starts_on, dt.time(), tzinfo=zone)
        end = dt.datetime.combine(r.ends_on + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        Round.objects.filter(pk=r.pk).update(starts_at=start.astimezone(dt.UTC),
                                             ends_at=end.astimezone(dt.UTC), all_day=True)


def instants_to_dates(apps, schema_editor):
    Round = apps.get_model("talks", "Round")
    for r in Round.objects.all().only("pk", "starts_at", "ends_at", "time_zone"):
        zone = _zone(r.time_zone)
        first = r.starts_at.astimezone(zone).date()
        last = max(first, (r.ends_at - dt.timedelta(microseconds=1)).astimezone(zone).date())
        Round.objects.filter(pk=r.pk).update(starts_on=first, ends_on=last)


class Migration(migrations.Migration):

    dependencies = [
        ('talks', '0005_round_instants'),
    ]

    operations = [
        migrations.RunPython(dates_to_instants, instants_to_dates),
    ]
