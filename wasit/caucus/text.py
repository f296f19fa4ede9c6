"""What a message text may contain, and how invisible controls are shown."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from wasit.policy import ActionRefused

MAX_MESSAGE_CHARS = 8000
MAX_REASON_CHARS = 2000

# C0 controls other than tab, newline and carriage return, and DEL: never
# part of a message; NUL in particular breaks PostgreSQL text columns.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Direction controls and other invisible characters that can make text read
# differently from how it is stored (Trojan Source, CVE-2021-42574). Stored
# exactly; shown as visible marks.
INVISIBLE_CONTROLS = {
    "\u200b": "ZWSP", "\u200e": "LRM", "\u200f": "RLM",
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI", "\ufeff": "BOM",
    "\u061c": "ALM",
}


def clean_text(text: object, *, field: str = "text", limit: int = MAX_MESSAGE_CHARS,
               required: bool = True) -> str:
    """Validate a user-written text; return it unchanged or raise `ActionRefused`."""
    if not isinstance(text, str):
        raise ActionRefused(_("The text must be a string."), field=field)
    if required and not text.strip():
        raise ActionRefused(_("Write something first: the text is empty."), field=field)
    if len(text) > limit:
        raise ActionRefused(
            _("The text is too long: %(length)d characters, at most %(limit)d.")
            % {"length": len(text), "limit": limit}, field=field)
    if _FORBIDDEN.search(text):
        raise ActionRefused(_("The text contains control characters that cannot be stored."),
                            field=field)
    return text


def has_invisible_controls(text: str) -> bool:
    return any(ch in INVISIBLE_CONTROLS for ch in text)
