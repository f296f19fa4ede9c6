"""The calendar and digits dates are shown in, for whoever is reading now.

A context variable, like Django's active language: the middleware sets it
for each request (`DisplayMiddleware`), the mail renderer for each
recipient (`for_user`), and the template filters (`wasit_dates`) read it.
What it holds is resolved when first asked, so a page or a mail that shows
no date costs no query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

from wasit.dates import Calendar, Digits, native_digits


@dataclass(frozen=True)
class Display:
    """How one reader sees dates: a calendar, and Western or their language's own digits."""

    calendar: Calendar = Calendar.GREGORIAN
    native_digits: bool = False

    def digits(self, language: str) -> Digits:
        """The digits in `language`: a choice of "native" writes Persian ones in Persian, Arabic in Arabic."""
        return native_digits(language) if self.native_digits else Digits.WESTERN


DEFAULT = Display()

_current: ContextVar[Callable[[], Display] | None] = ContextVar("wasit_display", default=None)


def current() -> Display:
    """The reader's display; Gregorian with Western digits when nobody set one."""
    resolve = _current.get()
    return resolve() if resolve is not None else DEFAULT


def of_user(user_id: int | None) -> Display:
    """What a user chose (one query); the default without a choice."""
    if user_id is None:
        return DEFAULT
    from wasit.schedule.models import DisplayPreferences

    row = DisplayPreferences.objects.filter(user_id=user_id).values_list("calendar", "digits").first()
    if row is None:
        return DEFAULT
    calendar, digits = row
    return Display(calendar=Calendar(calendar), native_digits=digits == "native")


@contextmanager
def using(resolve: Callable[[], Display]) -> Iterator[None]:
    """Dates inside the block are shown as `resolve()` says (asked once, at the first date)."""
    token = _current.set(cache(resolve))
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def for_user(user_id: int | None) -> Iterator[None]:
    """Dates inside the block are shown as the user chose: for a mail to them, or their page."""
    with using(lambda: of_user(user_id)):
        yield
