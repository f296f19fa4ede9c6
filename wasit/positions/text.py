"""What a position's and an assessment's texts may hold.

Each text is `{language: text}` in the content languages. Line breaks are
kept; C0 controls and the bidirectional embedding and override controls are
refused, as in the agenda: in a map read side by side in Arabic, Persian and
English they could make one party's words read as another's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext as _

from wasit.policy import ActionRefused
from wasit.talks.localized import LocalText, content_languages

MAX_TEXT = 4000

_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_local(raw: object, *, field: str, required: bool = False) -> dict[str, str]:
    """The text as stored (`{language: text}`, blanks dropped), or `ActionRefused` naming `field`."""
    if raw is None:
        raw = {}
    if isinstance(raw, str):
        raise ActionRefused(_("Give the text per language, e.g. {\"en\": \"...\"}."), field=field)
    if not isinstance(raw, Mapping) or not all(isinstance(v, str) for v in raw.values()):
        raise ActionRefused(_("Give the text per language, e.g. {\"en\": \"...\"}."), field=field)
    # A browser sends a line break as CRLF but counts it as one character.
    text = LocalText({str(k): v.replace("\r\n", "\n") for k, v in raw.items()})
    unknown = text.unknown_languages()
    if unknown:
        raise ActionRefused(_("Texts can be written in %(languages)s, not %(unknown)s.")
                            % {"languages": ", ".join(content_languages()), "unknown": ", ".join(unknown)},
                            field=field)
    for value in text.values():
        if len(value) > MAX_TEXT:
            raise ActionRefused(_("At most %(limit)d characters, please.") % {"limit": MAX_TEXT}, field=field)
        if _BIDI_CONTROLS.search(value):
            raise ActionRefused(_("Remove the invisible text-direction characters."), field=field)
        if _CONTROLS.search(value):
            raise ActionRefused(_("Remove the control characters."), field=field)
    if required and text.is_empty():
        raise ActionRefused(_("Write the demand in at least one language."), field=field)
    return dict(text)
