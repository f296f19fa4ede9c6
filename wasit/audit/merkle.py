"""The Merkle tree over the event digests (RFC 9162 hashing: leaf 0x00, node 0x01).

The verifier builds the whole tree with `pymerkle` (a maintained RFC 9162
implementation with inclusion and consistency proofs). The writer cannot
rebuild the tree for every event, so it keeps the tree's *frontier*: the
roots of its maximal perfect subtrees, at most one per bit of the size.
Appending a leaf and computing the root from it costs O(log n) hashes; a
test checks that it gives pymerkle's root at every size.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from pymerkle import InmemoryTree  # type: ignore[import-untyped]

# (height, digest) of each maximal perfect subtree, left to right.
Frontier = list[tuple[int, bytes]]


def leaf_data(event_hash: str) -> bytes:
    """What the tree stores for one event: its chain digest (which covers its content)."""
    return bytes.fromhex(event_hash)


def _leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def extend(frontier: Frontier, event_hashes: Iterable[str]) -> Frontier:
    out = list(frontier)
    for h in event_hashes:
        height, digest = 0, _leaf(leaf_data(h))
        while out and out[-1][0] == height:
            _h, left = out.pop()
            digest, height = _node(left, digest), height + 1
        out.append((height, digest))
    return out


def root(frontier: Frontier) -> bytes:
    if not frontier:
        return hashlib.sha256(b"").digest()
    digest = frontier[-1][1]
    for _height, left in reversed(frontier[:-1]):
        digest = _node(left, digest)
    return digest


def dump_frontier(frontier: Frontier) -> list[list[int | str]]:
    return [[height, digest.hex()] for height, digest in frontier]


def load_frontier(data: list[list[int | str]]) -> Frontier:
    return [(int(height), bytes.fromhex(str(digest))) for height, digest in data]


def tree(event_hashes: Iterable[str]) -> InmemoryTree:
    """The whole tree, for verification and proofs."""
    t = InmemoryTree(algorithm="sha256")
    for h in event_hashes:
        t.append_entry(leaf_data(h))
    return t


def root_at(t: InmemoryTree, size: int) -> bytes:
    result: bytes = t.get_root(size)
    return result
