"""The demo personas' calendars (`wasit/demo/muscat.py` calls this)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser


def load_display_preferences(users: dict[str, AbstractBaseUser]) -> None:
    """Who reads dates on which calendar, with which digits, in the demo."""
