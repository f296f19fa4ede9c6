"""`wasit rotate-key`: re-seal every sealed value under a new key, resumably.

1. A new key is added to the keyring and made primary (written atomically):
   from then on every new value is sealed with it.
2. Rows still sealed with an older key (or not sealed at all) are re-sealed
   in batches, each batch its own transaction; an interruption loses
   nothing, and running the command again carries on with the same key.
3. When no row is left under an older key, the older keys are dropped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from django.apps import apps
from django.db import connection, transaction

from wasit.secrecy import keys
from wasit.secrecy.fields import _Sealed

BATCH = 500


def sealed_columns() -> Iterator[tuple[str, str, str, Any]]:
    """(table, primary-key column, column, field) of every sealed field."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, _Sealed):
                pk = model._meta.pk
                assert pk is not None and pk.column is not None and field.column is not None  # noqa: S101
                yield model._meta.db_table, pk.column, field.column, field


def _reseal_batch(table: str, pk: str, column: str, field: Any, ring: keys.Keyring) -> int:
    q = connection.ops.quote_name
    prefix = f"{keys.PREFIX}:{ring.primary}:%"
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"SELECT {q(pk)}, {q(column)} FROM {q(table)} "  # noqa: S608 (names from the models)
                    f"WHERE {q(column)} IS NOT NULL AND {q(column)} NOT LIKE %s ORDER BY {q(pk)} LIMIT %s",
                    [prefix, BATCH])
        rows = cur.fetchall()
        context = field.context()
        for row_pk, value in rows:
            plain = ring.open(value, context=context) if keys.is_sealed(value) else str(value)
            cur.execute(f"UPDATE {q(table)} SET {q(column)} = %s WHERE {q(pk)} = %s",  # noqa: S608
                        [ring.seal(plain, context=context), row_pk])
    return len(rows)


def rotate(*, progress: Callable[[str], None] = print, max_batches: int | None = None) -> dict[str, Any]:
    """Rotate, or finish a rotation an interruption left half done."""
    import os

    if os.environ.get("WASIT_ENCRYPTION_KEYS"):
        raise ValueError("the keys come from WASIT_ENCRYPTION_KEYS: rotate them there")
    ring = keys.keyring()
    if len(ring.keys) == 1:
        new = keys.new_key_id(ring.keys)
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        ring = keys.Keyring(primary=new, keys={**ring.keys, new: AESGCM.generate_key(bit_length=256)})
        keys.write_keyring(ring)
        progress(f"new key {new} is now primary")
    else:
        progress(f"continuing the rotation to key {ring.primary}")
    resealed, batches = 0, 0
    for table, pk, column, field in sealed_columns():
        while True:
            if max_batches is not None and batches >= max_batches:
                return {"primary": ring.primary, "resealed": resealed, "finished": False}
            count = _reseal_batch(table, pk, column, field, ring)
            batches += 1
            resealed += count
            if count < BATCH:
                break
        progress(f"{table}.{column}: done")
    # A server that had not yet reloaded the keyring may have sealed a value
    # with the old key in the meantime: wait out its reload, then look again.
    time.sleep(keys.RELOAD_SECONDS * 2)
    for table, pk, column, field in sealed_columns():
        resealed += _reseal_batch(table, pk, column, field, ring)
    keys.write_keyring(keys.Keyring(primary=ring.primary, keys={ring.primary: ring.keys[ring.primary]}))
    progress(f"older keys dropped; {resealed} value(s) re-sealed under {ring.primary}")
    return {"primary": ring.primary, "resealed": resealed, "finished": True}
