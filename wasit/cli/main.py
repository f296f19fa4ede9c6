"""The `wasit` command: a thin front over Django's management commands.

Each subcommand maps to one management command in
`wasit/cli/management/commands/`; its `--help` is that command's help.
"""

from __future__ import annotations

import os
import sys

# subcommand -> (management command, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("demo", "Load the Muscat talks (first run only), print the logins and serve on 127.0.0.1."),
    "serve": ("serve", "Serve Wasit with the ASGI server (uvicorn); --workers N for several processes."),
    "worker": ("worker", "Send queued mail with retries (and run background tasks) until stopped; --once to drain."),
    "check": ("wasit_check", "Check the configuration, the data folder and the database, with clear messages."),
    "verify": ("verify", "Walk the event log's hash chain and report the first broken link."),
    "export": ("export", "Write the event log and its rows as JSON Lines, for offline verification."),
    "backup": ("backup", "Take a consistent online backup of the database and keys into a folder."),
    "restore": ("restore", "Restore a backup into an empty data folder and database, then verify it."),
    "rotate-key": ("rotate_key", "Re-seal every sealed value under a new encryption key (resumable)."),
    "rotate-signing-key": ("rotate_signing_key", "Sign new heads of the event log with a new key; old heads still verify."),
    "migrate": ("migrate", "Create or update the database tables."),
    "token": ("token", "Issue an API token (`wasit token USERNAME`), list (`--list`) or revoke (`--revoke`) them."),
    "talks": ("talks", "Open talks (`wasit talks create --title-en ... --org-en ... --lead USERNAME`) or list them."),
    "invite": ("invite", "Invite an e-mail address to a seat: `wasit invite EMAIL --talks ID --role ROLE`."),
    "createsuperuser": ("createsuperuser", "Create an operator account (asks for a password)."),
    "commitments": ("commitments", "Check a revealed match's commitments file offline: `wasit commitments verify FILE`."),
    "engine": ("engine", "Run the package engine on a Genius domain folder: `wasit engine frontier DIR`."),
}


def _usage() -> str:
    lines = ["usage: wasit <command> [options]", "",
             "Wasit: a self-hosted platform for indirect, mediated negotiation.", "", "commands:"]
    lines += [f"  {name:<16} {text}" for name, (_cmd, text) in SUBCOMMANDS.items()]
    lines += ["", "`wasit <command> --help` explains one command.",
              "Settings come from the environment: WASIT_DATA_DIR, DATABASE_URL, ... (docs/settings.md)."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    name, rest = args[0], args[1:]
    if name not in SUBCOMMANDS:
        sys.stderr.write(f"wasit: unknown command {name!r}\n\n{_usage()}\n")
        return 2
    if name == "engine":
        # The engine is pure Python: no settings, no database, no data folder created.
        from wasit.engine.cli import main as engine_main

        return engine_main(rest)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wasit.config.settings")
    # Only a server keeps PostgreSQL connections in a pool; a command connects once.
    os.environ.setdefault("WASIT_DB_POOL", "1" if name in {"serve", "demo"} else "0")
    if name == "verify" and any(a == "--export" or a.startswith("--export=") for a in rest):
        os.environ["WASIT_OFFLINE"] = "1"  # reads one file; creates nothing in the data folder
    if name == "commitments":
        os.environ["WASIT_OFFLINE"] = "1"  # reads one file; creates nothing in the data folder
    from wasit.cli.errors import friendly_errors

    with friendly_errors(settings_phase=True):
        import django

        django.setup()
    with friendly_errors():
        from django.core.management import execute_from_command_line

        execute_from_command_line(["wasit", SUBCOMMANDS[name][0], *rest])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
