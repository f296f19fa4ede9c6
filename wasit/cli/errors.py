"""Turn setup failures into one clear line instead of a traceback."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def friendly_errors(*, settings_phase: bool = False) -> Iterator[None]:
    """`settings_phase`: also turn ValueError (a malformed DATABASE_URL) into one line."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError, InterfaceError, OperationalError

    try:
        yield
    except (OperationalError, InterfaceError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.stderr.write(f"wasit: cannot use the database: {first}\n")
        raise SystemExit(2) from None
    except DatabaseError as exc:
        sys.stderr.write(f"wasit: database error: {str(exc).strip().splitlines()[0]}\n")
        raise SystemExit(2) from None
    except (ImproperlyConfigured, ValueError) as exc:
        if isinstance(exc, ValueError) and not settings_phase:
            raise
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.stderr.write(f"wasit: configuration error: {message}\n")
        raise SystemExit(2) from None
