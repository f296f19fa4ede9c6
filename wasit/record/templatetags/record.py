"""`{% receipt_link talks %}`: the download of the member's receipt, on the talks page."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("record/_receipt.html")
def receipt_link(talks: Any) -> dict[str, Any]:
    return {"talks": talks}
