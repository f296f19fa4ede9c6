"""A prepared query answers as its queryset would, from the data of the moment, with bound values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from tests.personas import Cast
from wasit.caucus.models import Room, RoomKind
from wasit.db.prepared import Prepared
from wasit.talks.models import Party

pytestmark = pytest.mark.django_db


def _room_state(room_id: int) -> QuerySet[Any]:
    return Room.objects.filter(pk=room_id).values_list("closed_at", "talks__status")


def test_the_answer_follows_the_data_not_the_first_call(cast: Cast) -> None:
    room = Room.objects.filter(kind=RoomKind.CAUCUS).select_related("talks").first()
    assert room is not None and room.closed_at is None
    query = Prepared(_room_state, room_id=int)
    assert query.first(room_id=room.pk) == (None, room.talks.status)

    closed = timezone.now().replace(microsecond=0)
    Room.objects.filter(pk=room.pk).update(closed_at=closed)
    state = query.first(room_id=room.pk)
    assert state is not None
    # The ORM's converters ran: a datetime, not SQLite's text.
    assert isinstance(state[0], dt.datetime) and state[0] == closed
    assert query.first(room_id=room.pk + 10_000) is None


def test_each_call_binds_its_own_values(cast: Cast) -> None:
    names = Prepared(lambda code: Party.objects.filter(code=code).values_list("code").order_by("pk"), code=str)
    codes = list(Party.objects.values_list("code", flat=True)[:2])
    assert len(codes) == 2
    assert [names.rows(code=c) for c in codes] == [[(c,)] for c in codes]
    # A value is bound, never spliced into the SQL.
    assert names.rows(code="x' OR '1'='1") == []


def test_a_parameter_the_query_does_not_use_is_refused_on_first_use(cast: Cast) -> None:
    unused = Prepared(lambda room_id, other: Room.objects.filter(pk=room_id).values_list("pk"),
                      room_id=int, other=int)
    with pytest.raises(ValueError, match="'other' appears 0 times"):
        unused.rows(room_id=1, other=2)
