"""Model fields whose values are sealed in the database and open in Python.

The column holds `wsc1:<key id>:<nonce + ciphertext>`; the table and column
names are the AES-GCM associated data, so a sealed value moved to another
column does not open. Lookups on these columns cannot work (equal texts seal
differently): Wasit filters and sorts on ids and times, never on these.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.db import models

from wasit.secrecy.keys import is_sealed, keyring

if TYPE_CHECKING:
    _JSONBase = models.TextField[Any, Any]
else:
    _JSONBase = models.TextField


class _Sealed:
    def context(self) -> bytes:
        model = self.model  # type: ignore[attr-defined]
        return f"{model._meta.db_table}.{self.column}".encode()  # type: ignore[attr-defined]

    def seal_text(self, text: str) -> str:
        return keyring().seal(text, context=self.context())

    def open_text(self, value: str) -> str:
        # A value written before sealing (or by hand) is returned as it is;
        # the event chain, not this field, is what detects an edit.
        return keyring().open(value, context=self.context()) if is_sealed(value) else value


class SealedTextField(_Sealed, models.TextField):  # type: ignore[type-arg]
    description = "Text sealed with AES-GCM at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else self.open_text(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or is_sealed(value):
            return value
        return self.seal_text(str(value))


class SealedJSONField(_Sealed, _JSONBase):
    """JSON, sealed. Python sees the decoded value, the database a sealed string."""

    description = "JSON sealed with AES-GCM at rest"
    # For django-stubs: Python sees any JSON value, not the sealed string.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return json.loads(self.open_text(value))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(self.open_text(value))
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        if is_sealed(value):
            return value
        return self.seal_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)


def seal_existing(model: Any, *field_names: str) -> None:
    """For data migrations: re-save each row so plaintext written before sealing gets sealed."""
    for obj in model._default_manager.all().iterator(chunk_size=500):
        model._default_manager.filter(pk=obj.pk).update(
            **{name: getattr(obj, name) for name in field_names})
