"""The hot path keeps open caucus rooms in memory; a room closed elsewhere is still refused.

Another process (a second `wasit serve --workers` process) closes a room or
concludes the talks by writing the row; this process's copy of the room is
then a moment old. The post is refused all the same, under the chain lock,
and a room reopened elsewhere takes posts at once.
"""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from tests.live.test_pipeline import call, token_of
from tests.personas import Cast
from wasit.caucus.models import Message, Room
from wasit.talks.models import Talks

pytestmark = pytest.mark.django_db(transaction=True)


def _post(cast: Cast, token: str, text: str) -> int:
    reply = call("POST", f"/api/v1/rooms/{cast.rooms['us'].pk}/messages", token=token,
                 body=json.dumps({"text": text}).encode())
    return reply.status


def _said(cast: Cast, text: str) -> bool:
    return text in [m.text for m in Message.objects.filter(room=cast.rooms["us"])]


def test_a_room_closed_by_another_process_refuses_posts_though_this_one_kept_it_open(cast: Cast) -> None:
    token = token_of(cast, "us_head")
    assert _post(cast, token, "While the room is open") == 201  # the hot path now holds the room
    Room.objects.filter(pk=cast.rooms["us"].pk).update(closed_at=timezone.now())  # "another process"
    assert _post(cast, token, "After it was closed") == 403
    assert not _said(cast, "After it was closed")
    Room.objects.filter(pk=cast.rooms["us"].pk).update(closed_at=None)
    assert _post(cast, token, "Open again") == 201


def test_talks_concluded_by_another_process_refuse_the_parties_at_once(cast: Cast) -> None:
    token = token_of(cast, "us_head")
    assert _post(cast, token, "Before the end") == 201
    Talks.objects.filter(pk=cast.talks.pk).update(status="concluded")
    assert _post(cast, token, "After the end") == 403
    assert not _said(cast, "After the end")


def test_a_room_seen_closed_is_not_kept_so_reopening_it_elsewhere_takes_effect_at_once(cast: Cast) -> None:
    token = token_of(cast, "us_head")
    Room.objects.filter(pk=cast.rooms["us"].pk).update(closed_at=timezone.now())
    assert _post(cast, token, "Into the closed room") == 403
    Room.objects.filter(pk=cast.rooms["us"].pk).update(closed_at=None)
    assert _post(cast, token, "Into the reopened room") == 201
    assert _said(cast, "Into the reopened room")
