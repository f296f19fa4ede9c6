"""Data migration: seal what was stored in plaintext before sealing existed."""

from typing import Any

from django.db import migrations

from wasit.secrecy.fields import seal_existing


def seal(apps: Any, schema_editor: Any) -> None:
    seal_existing(apps.get_model("packages", "ScoreVersion"), 'raw_weights', 'weights', 'values', 'note')
    seal_existing(apps.get_model("packages", "Proposal"), 'package')


class Migration(migrations.Migration):
    dependencies = [("packages", "0002_sealed_scores")]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
