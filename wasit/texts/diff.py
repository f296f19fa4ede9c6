"""Word-level comparison of two wordings, in any script.

Uses the standard library's `difflib.SequenceMatcher` (maintained with
Python, no dependency) over tokens split at white space only: Arabic
diacritics and Persian's zero-width non-joiner (as in "می‌شود") stay inside
their word, where a split on `\\w` would cut words apart.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

_TOKENS = re.compile(r"\s+|\S+")

Op = Literal["same", "added", "removed"]


@dataclass(frozen=True)
class Piece:
    op: Op
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """`old` → `new` as runs of kept, removed and added text (white space kept as written)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return [p for p in pieces if p.text]
