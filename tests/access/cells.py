"""The persona kinds and the `row()` helper of the access matrix (see `matrix.py`)."""

from __future__ import annotations

PERSONAS = [
    "mediator", "co_mediator",
    "us_head", "us_member", "us_observer",
    "ir_head", "ir_member", "ir_interpreter", "ir_observer",
    "outsider", "operator", "anonymous",
]

# Kinds of persona that the matrix tells apart.
M = "mediator"
MC = "co-mediator"               # as a mediator, except where only the lead decides
USH = "US head"                  # us_head: as a speaking member, except where only the head decides
US = "US speaking member"        # us_member
USO = "US observer"
IRH = "IR head"                  # ir_head: as a speaking member, except where only the head decides
IR = "IR speaking member"        # ir_member
IRI = "IR interpreter"
IRO = "IR observer"
OUT = "no seat"                  # the outsider
OP = "operator"                  # no seat either: runs the platform, not the talks
A = "anonymous"

KIND_OF = {
    "mediator": M, "co_mediator": MC,
    "us_head": USH, "us_member": US, "us_observer": USO,
    "ir_head": IRH, "ir_member": IR, "ir_interpreter": IRI, "ir_observer": IRO,
    "outsider": OUT, "operator": OP, "anonymous": A,
}

PARTY = (USH, US, USO, IRH, IR, IRI, IRO)


def row(*, m: object, mc: object = None, party: object = None, ush: object = None, us: object = None,
        uso: object = None, irh: object = None, ir: object = None, iri: object = None, iro: object = None,
        out: object = 404, op: object = None, anon: object = "login") -> dict[str, object]:
    """A row; `party` fills every party kind not given on its own, `m` the co-mediator's
    unless `mc` is given, `out` the operator's unless `op` is given (the operator holds no
    seat: at the talks it is an outsider; only the platform's own pages tell them apart).
    A head gets what its party's speaking members get (`us`, `ir`) unless `ush`/`irh` is given:
    only a few decisions are the head's alone."""
    cells: dict[str, object] = {M: m, MC: m if mc is None else mc, OUT: out,
                                OP: out if op is None else op, A: anon}
    for kind, value in ((US, us), (USO, uso), (IR, ir), (IRI, iri), (IRO, iro)):
        cells[kind] = value if value is not None else party
    cells[USH] = ush if ush is not None else cells[US]
    cells[IRH] = irh if irh is not None else cells[IR]
    assert all(v is not None for v in cells.values()), cells  # noqa: S101
    return cells


API = {"anon": 401}
US_ONLY = {"us": 200, "uso": 200, "ir": 404, "iri": 404, "iro": 404}
IR_ONLY = {"us": 404, "uso": 404, "ir": 200, "iri": 200, "iro": 200}
