from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wasit.audit import signing


class Command(BaseCommand):
    help = (
        "Make a new Ed25519 key the one that signs the event log's heads. The old private key is "
        "dropped; its public key stays in signing-keys.json so heads it signed still verify."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        keys = signing.rotate()
        self.stdout.write(f"new signing key {keys.primary} (fingerprint "
                          f"{signing.fingerprint(keys.public[keys.primary])}) signs from now on; "
                          f"{len(keys.public) - 1} older public key(s) kept")
