"""`wasit talks create` and `wasit talks list`: for operators who script."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.personas import Cast
from tests.setup.conftest import log_length
from wasit.talks.models import Membership, Talks


def talks(*args: str) -> str:
    out = io.StringIO()
    call_command("talks", *args, stdout=out)
    return out.getvalue()


def test_create_opens_talks_with_the_named_lead(cast: Cast) -> None:
    out = talks("create", "--title-en", "Water talks", "--title-ar", "محادثات المياه", "--org-en", "Swiss FDFA",
                "--lead", cast.user("co_mediator").get_username(), "--status", "active", "--languages", "en,ar")
    created = Talks.objects.latest("id")
    assert f"opened talks {created.pk}" in out
    assert created.title_i18n == {"en": "Water talks", "ar": "محادثات المياه"} and created.status == "active"
    assert created.languages == ["en", "ar"]
    lead = Membership.objects.get(talks=created, role="lead_mediator")
    assert lead.user_id == cast.user("co_mediator").pk


def test_list_shows_every_talks_with_its_lead(cast: Cast) -> None:
    lines = talks("list").splitlines()
    assert any(line.startswith(f"{cast.talks.pk}\tactive\t") and line.endswith("om-lead") for line in lines)
    rows = [json.loads(line) for line in talks("list", "--json").splitlines()]
    assert {r["id"] for r in rows} >= {cast.talks.pk, cast.other_talks.pk}


@pytest.mark.parametrize(("args", "says"), [
    (["--title-en", "T", "--org-en", "O", "--lead", "nobody"], "no active user"),
    (["--title-en", "T", "--org-en", "O", "--lead", "om-lead", "--status", "paused"], "Unknown status"),
    (["--title-en", "T\u202e", "--org-en", "O", "--lead", "om-lead"], "text-direction"),
    (["--org-en", "O", "--lead", "om-lead"], "--title-*"),
    (["--title-en", "T", "--org-en", "O", "--lead", "om-lead", "--languages", "en,xx"], "Unknown language"),
])
def test_bad_input_is_one_clear_error_and_nothing_changes(cast: Cast, args: list[str], says: str) -> None:
    before = (Talks.objects.count(), log_length())
    with pytest.raises(CommandError) as error:
        talks("create", *args)
    assert says in str(error.value) and "\n" not in str(error.value)
    assert (Talks.objects.count(), log_length()) == before


def test_the_wasit_command_answers_one_line_and_a_non_zero_status(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["WASIT_DATA_DIR"] = str(tmp_path)
    wasit = [sys.executable, "-m", "wasit.cli.main"]
    subprocess.run([*wasit, "migrate", "-v0"], env=env, check=True, capture_output=True, timeout=300)
    result = subprocess.run([*wasit, "talks", "create", "--title-en", "T", "--org-en", "O", "--lead", "ghost"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == ["CommandError: no active user 'ghost': create the account first"]
    assert "talks" in subprocess.run([*wasit, "--help"], env=env, capture_output=True, text=True).stdout
