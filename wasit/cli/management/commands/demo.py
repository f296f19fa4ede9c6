from __future__ import annotations

import json
import os
import secrets
import threading
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from wasit.demo import muscat


def _passwords_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-logins.json"


def _new_passwords() -> dict[str, str]:
    # Random per data folder: a demo left running on a shared host is not
    # open to anyone who has read this source.
    return {p.username: "-".join(secrets.token_hex(3) for _ in range(3)) for p in muscat.PERSONAS}


class Command(BaseCommand):
    help = (
        "Prepare the database, load the Muscat talks on the first run, print the address and "
        "one login per role, then serve on 127.0.0.1. Later runs reuse the data folder."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
        parser.add_argument("--no-serve", action="store_true", help="prepare and print, do not serve")

    def handle(self, *args: Any, port: int, no_serve: bool, **options: Any) -> None:
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}")
        if "WASIT_BASE_URL" not in os.environ:
            # Links in the demo's mail (and the invitation printed below) point where it serves.
            settings.WASIT_BASE_URL = f"http://127.0.0.1:{port}"
        call_command("migrate", interactive=False, verbosity=0)
        logins_path = _passwords_file()
        if muscat.find_existing() is None:
            passwords = _new_passwords()
            talks = muscat.load(passwords, check_passwords=False)
            invitation_link = muscat.invite_newcomer(talks)
            fd = os.open(logins_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(passwords, fh, indent=1)
            self.stdout.write("Loaded the Muscat talks.")
            self.stdout.write(f"A pending invitation (Iran's legal counsel, mail in Persian): {invitation_link}")
        elif not logins_path.exists():
            raise CommandError(f"the demo data exists but {logins_path} is gone; run `make demo-reset`")
        passwords = json.loads(logins_path.read_text(encoding="utf-8"))
        address = f"http://127.0.0.1:{port}/"
        self.stdout.write("")
        self.stdout.write(f"Wasit is at {address}  (Arabic, English, Persian: pick in the top bar)")
        self.stdout.write("")
        self.stdout.write(f"{'role':<34} {'user name':<16} password")
        for p in muscat.PERSONAS:
            self.stdout.write(f"{p.display_name:<34} {p.username:<16} {passwords[p.username]}")
        self.stdout.write("")
        self.stdout.write(f"Data folder: {settings.DATA_DIR}  (make demo-reset starts over)")
        from wasit.notifications.delivery import describe_sink

        self.stdout.write(f"Mail goes to {describe_sink()}  (the worker runs beside the server)")
        if no_serve:
            return
        from wasit.cli.management.commands.serve import serve
        from wasit.notifications.worker import MailWorker

        self.stdout.write("Press Ctrl+C to stop.")
        self.stdout.flush()
        # The mail worker runs in a thread of this process: uvicorn handles
        # Ctrl+C and SIGTERM, and when it returns the worker is stopped too.
        worker = MailWorker()
        thread = threading.Thread(target=worker.run_forever, name="wasit-worker", daemon=True)
        thread.start()
        try:
            serve(host="127.0.0.1", port=port, workers=1)
        finally:
            worker.stop()
            thread.join(timeout=10)
