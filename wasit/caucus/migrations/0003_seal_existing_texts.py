"""Data migration: seal what was stored in plaintext before sealing existed."""

from typing import Any

from django.db import migrations

from wasit.secrecy.fields import seal_existing


def seal(apps: Any, schema_editor: Any) -> None:
    seal_existing(apps.get_model("caucus", "Message"), 'text')
    seal_existing(apps.get_model("caucus", "Translation"), 'text')
    seal_existing(apps.get_model("caucus", "Relay"), 'text')
    seal_existing(apps.get_model("caucus", "Withholding"), 'reason')


class Migration(migrations.Migration):
    dependencies = [("caucus", "0002_sealed_texts")]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
