"""Queries of the hot path, compiled by the ORM once and run with fresh values every time.

Building and compiling a queryset costs the single writer thread more than
running it (a post's token lookup, its re-check under the chain lock, a
relay's mail recipients: about a third of the writer's time, measured with
py-spy). A `Prepared` query is written as an ordinary queryset, compiled the
first time it runs with a stand-in value for each parameter, and afterwards
executed as that SQL with the real values put where the stand-ins were; the
rows pass through the same converters the ORM would apply. Only the SQL text
is remembered, never an answer.

Parameters must reach the SQL unchanged (`field=value` lookups on integers
and strings); a stand-in the compiled query does not carry exactly once is a
programming error, raised on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler

_INT_STAND_IN = -1_987_654_321  # no id is negative; within every integer field's range


def _stand_in(kind: type, index: int) -> object:
    if kind is int:
        return _INT_STAND_IN - index
    if kind is str:
        return f"\x00wasit-prepared-{index}\x00"
    raise TypeError(f"a prepared query takes int or str parameters, not {kind.__name__}")


class Prepared:
    """`build(**parameters)` as SQL compiled once per process (which talks to one database)."""

    def __init__(self, build: Callable[..., QuerySet[Any]], **parameters: type) -> None:
        self.build = build
        self.using = "default"
        self.parameters = parameters
        self._compiled: tuple[str, list[object], list[str | None], SQLCompiler, Any] | None = None
        self._lock = threading.Lock()

    def _compile(self) -> tuple[str, list[object], list[str | None], SQLCompiler, Any]:
        stand_ins = {name: _stand_in(kind, i) for i, (name, kind) in enumerate(self.parameters.items())}
        compiler = self.build(**stand_ins).query.get_compiler(using=self.using)
        sql, params = compiler.as_sql()
        by_value = {value: name for name, value in stand_ins.items()}
        slots = [by_value.get(p) if isinstance(p, int | str) else None for p in params]
        for name in stand_ins:
            if slots.count(name) != 1:
                raise ValueError(f"prepared query: parameter {name!r} appears {slots.count(name)} times")
        converters = compiler.get_converters([col for col, _ann, _alias in compiler.select])
        return sql, list(params), slots, compiler, converters

    def rows(self, **values: object) -> list[tuple[Any, ...]]:
        """The query's rows for these values, as the ORM's `values_list` would give them."""
        compiled = self._compiled
        if compiled is None:
            with self._lock:
                compiled = self._compiled = self._compiled or self._compile()
        sql, constants, slots, compiler, converters = compiled
        params: list[Any] = [values[slot] if slot is not None else constant for slot, constant in zip(slots, constants, strict=True)]
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        if converters:
            return [tuple(row) for row in compiler.apply_converters(fetched, converters)]
        return [tuple(row) for row in fetched]

    def first(self, **values: object) -> tuple[Any, ...] | None:
        found = self.rows(**values)
        return found[0] if found else None
