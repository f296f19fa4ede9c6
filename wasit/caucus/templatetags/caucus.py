from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wasit.caucus.text import INVISIBLE_CONTROLS

register = template.Library()


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
    return mark_safe("".join(out))  # noqa: S308 (every character was escaped above)


@register.filter
def get_item(mapping: dict[int, str], key: int) -> str:
    return mapping.get(key, "")


@register.filter
def attr_event_id(item: object) -> int:
    return int(getattr(item, "event_id", 0))
