"""The data migration turns a round's venue dates into UTC instants, and back."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Any

migration = importlib.import_module("wasit.talks.migrations.0006_round_instants_data")


@dataclass
class Row:
    pk: int
    time_zone: str
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    all_day: bool = False


class Rows:
    """Just enough of a manager for the migration's loop: all().only(), filter(pk=).update()."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = {r.pk: r for r in rows}
        self._pk: int | None = None

    def all(self) -> Rows:
        return self

    def only(self, *_fields: str) -> list[Row]:
        return list(self.rows.values())

    def filter(self, pk: int) -> Rows:
        self._pk = pk
        return self

    def update(self, **values: Any) -> None:
        assert self._pk is not None
        for name, value in values.items():
            setattr(self.rows[self._pk], name, value)


class Apps:
    def __init__(self, rows: Rows) -> None:
        self.model = type("Round", (), {"objects": rows})

    def get_model(self, _app: str, _name: str) -> Any:
        return self.model


def test_dates_become_local_midnights_in_utc_and_come_back_unchanged() -> None:
    rows = Rows([Row(1, "Asia/Muscat", dt.date(2024, 1, 10), dt.date(2024, 1, 10)),
                 Row(2, "America/Los_Angeles", dt.date(2024, 3, 9), dt.date(2024, 3, 11)),  # DST begins
                 Row(3, "Not/AZone", dt.date(2024, 5, 14), dt.date(2024, 5, 14))])
    migration.dates_to_instants(Apps(rows), None)
    muscat, la, broken = rows.rows[1], rows.rows[2], rows.rows[3]
    assert (muscat.starts_at, muscat.ends_at, muscat.all_day) == (
        dt.datetime(2024, 1, 9, 20, 0, tzinfo=dt.UTC), dt.datetime(2024, 1, 10, 20, 0, tzinfo=dt.UTC), True)
    assert (la.starts_at, la.ends_at) == (dt.datetime(2024, 3, 9, 8, 0, tzinfo=dt.UTC),
                                          dt.datetime(2024, 3, 12, 7, 0, tzinfo=dt.UTC))
    assert broken.starts_at == dt.datetime(2024, 5, 14, tzinfo=dt.UTC)  # an unreadable zone is read as UTC
    for row in rows.rows.values():
        row.starts_on = row.ends_on = None
    migration.instants_to_dates(Apps(rows), None)
    assert [(r.starts_on, r.ends_on) for r in rows.rows.values()] == [
        (dt.date(2024, 1, 10), dt.date(2024, 1, 10)), (dt.date(2024, 3, 9), dt.date(2024, 3, 11)),
        (dt.date(2024, 5, 14), dt.date(2024, 5, 14))]
