"""Data migration: seal what was stored in plaintext before sealing existed."""

from typing import Any

from django.db import migrations

from wasit.secrecy.fields import seal_existing


def seal(apps: Any, schema_editor: Any) -> None:
    seal_existing(apps.get_model("audit", "Event"), 'payload')


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_sealed_payload")]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
