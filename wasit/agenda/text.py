"""What an agenda issue's title and description may hold.

Titles are one line; descriptions may have line breaks. Neither may carry
bidirectional embedding or override controls (U+202A-U+202E, U+2066-U+2069):
in a list shown to both parties in Arabic, Persian and English, they could
make one text read as another.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from wasit.policy import ActionRefused
from wasit.talks.localized import LocalText, content_languages

MAX_TITLE = 200
MAX_DESCRIPTION = 4000

_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# C0 controls and DEL; a description keeps tabs and line breaks.
_TITLE_CONTROLS = re.compile("[\x00-\x1f\x7f]")
_DESCRIPTION_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_title(title: LocalText) -> LocalText:
    """The title, or `ActionRefused` (field "title"): at least one known language, one line."""
    _check(title, "title", MAX_TITLE, _TITLE_CONTROLS)
    if title.is_empty():
        raise ActionRefused(_("Give the issue a title in at least one language."), field="title")
    return title


def clean_description(description: LocalText) -> LocalText:
    """The description (may be empty), or `ActionRefused` (field "description")."""
    # A browser sends a line break as CRLF but counts it as one character.
    description = LocalText({k: v.replace("\r\n", "\n") for k, v in description.items()})
    _check(description, "description", MAX_DESCRIPTION, _DESCRIPTION_CONTROLS)
    return description


def _check(text: LocalText, field: str, limit: int, controls: re.Pattern[str]) -> None:
    unknown = text.unknown_languages()
    if unknown:
        raise ActionRefused(_("Texts can be written in %(languages)s, not %(unknown)s.")
                            % {"languages": ", ".join(content_languages()), "unknown": ", ".join(unknown)},
                            field=field)
    for value in text.values():
        if len(value) > limit:
            raise ActionRefused(_("At most %(limit)d characters, please.") % {"limit": limit}, field=field)
        if _BIDI_CONTROLS.search(value):
            raise ActionRefused(_("Remove the invisible text-direction characters."), field=field)
        if controls.search(value):
            raise ActionRefused(_("Remove the control characters."), field=field)
