"""Data migration: seal what was stored in plaintext before sealing existed."""

from typing import Any

from django.db import migrations

from wasit.secrecy.fields import seal_existing


def seal(apps: Any, schema_editor: Any) -> None:
    seal_existing(apps.get_model("accounts", "TOTPDevice"), 'secret')


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_sealed_totp_secret")]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
