from __future__ import annotations

import re
import unicodedata

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wasit import policy
from wasit.caucus.models import Relay
from wasit.caucus.text import INVISIBLE_CONTROLS
from wasit.policy import Viewer

register = template.Library()


_WORD = re.compile(r"\w+")
_LOOKALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def _scripts(word: str) -> set[str]:
    found: set[str] = set()
    for ch in word:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            found.update(s for s in _LOOKALIKE_SCRIPTS if name.startswith(s))
    return found


def mixes_lookalike_scripts(text: str) -> bool:
    """A word mixing Latin, Cyrillic and Greek letters (`pаypal` with a Cyrillic а) is a spoof."""
    return any(len(_scripts(w)) > 1 for w in _WORD.findall(text))


@register.filter
def show_controls(text: str) -> SafeString:
    """Escape a message and show invisible direction controls as visible marks.

    The control itself is not emitted, so it cannot reorder the text around
    it; the stored text and the audit log keep it exactly.
    """
    out: list[str] = []
    for ch in str(text):
        name = INVISIBLE_CONTROLS.get(ch)
        if name is None:
            out.append(escape(ch))
        else:
            out.append(f'<span class="ctl" title="U+{ord(ch):04X}">[{name}]</span>')
    if mixes_lookalike_scripts(str(text)):
        out.append('<span class="ctl" title="mixed scripts">[≠]</span>')
    return mark_safe("".join(out))  # noqa: S308 (every character was escaped above)


@register.filter
def get_item(mapping: dict[int, str], key: int) -> str:
    return mapping.get(key, "")


@register.filter
def attr_event_id(item: object) -> int:
    return int(getattr(item, "event_id", 0))


@register.filter
def sees_relay_mode(viewer: Viewer | None, relay: Relay) -> bool:
    """`{% if viewer|sees_relay_mode:relay %}`: the policy's answer, as `relay_json` asks it."""
    return viewer is not None and policy.can(viewer, "see_relay_mode", relay).allowed
