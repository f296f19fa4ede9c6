from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from wasit.cli.checks import require_migrated


class Command(BaseCommand):
    help = (
        "Serve Wasit with uvicorn, a production ASGI server. "
        "--workers N starts N processes (use PostgreSQL for more than one)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
        parser.add_argument("--workers", type=int, default=1, help="number of server processes (default 1)")

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}")
        if not 1 <= workers <= 64:
            raise CommandError(f"--workers must be between 1 and 64, not {workers}")
        if workers > 1 and connection.vendor != "postgresql":
            # Live events reach other processes through PostgreSQL NOTIFY; with
            # SQLite each process would only hear its own writes.
            raise CommandError("--workers above 1 needs PostgreSQL: set DATABASE_URL")
        require_migrated()
        serve(host=host, port=port, workers=workers)


def serve(*, host: str, port: int, workers: int) -> None:
    import uvicorn

    uvicorn.run(
        "wasit.config.asgi:application",
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=False,
        lifespan="off",
        # Live streams never end by themselves: on SIGTERM, give requests two
        # seconds, then end the streams still open (browsers reconnect).
        timeout_graceful_shutdown=2,
    )
