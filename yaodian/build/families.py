"""Which files must be reconciled together: a corpus cut into families, each assembled alone.

`reconcile` works across files: an outline in one file is linked to its body in another, a
plan told in two files is kept once, two plans from one template are noted. Holding every
file's drafts at once does not scale to a national corpus, and it need not: files interact
only through their plans' headings. So the run keeps of each file only its drafts' headings
(`Heads`, a few hundred bytes a plan), links bodies to outlines on them with reconcile's own
rule, and cuts the corpus into families: files whose drafts are linked belong together,
packed in file order into batches of a few files. Each batch is assembled alone, with
`reconcile`. Copies and look-alikes cannot be told before plans are built, so a batch
reports its plans' headings (as digests), and batches whose plans are related are assembled
again together (`together`): the result is the one a single reconcile over every file
would give, plan for plan.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import NamedTuple

from yaodian.build.identity import MIN_SHARED
from yaodian.build.reconcile import pair
from yaodian.build.segment import Segmented

DIGEST = 8  # bytes of a heading's digest


class Head(NamedTuple):
    no: int
    heading: str


@dataclass(frozen=True)
class Heads:
    """The headings of one outline or body: what linking looks at (duck-types a DocDraft)."""

    source: str
    kind: str
    sections: tuple[Head, ...]
    items: tuple[Head, ...]


def heads(seg: Segmented | None) -> tuple[Heads, ...]:
    """The outlines' and bodies' headings of one file (none for a file that could not be read)."""
    if seg is None:
        return ()
    return tuple(Heads(seg.source, d.kind, tuple(Head(s.no, s.heading) for s in d.sections),
                       tuple(Head(i.no, i.heading) for i in d.items))
                 for d in seg.docs if d.kind in ("outline", "body"))


def families(names: list[str], drafts: list[Heads], sizes: dict[str, int], budget: int) -> list[list[str]]:
    """The files `names` (in order) in batches of up to `budget` bytes (`sizes`) to assemble
    alone: files whose bodies link to each other's outlines are in one batch, whatever its size."""
    parent = {name: name for name in names}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    outlines = [d for d in drafts if d.kind == "outline"]
    bodies = [d for d in drafts if d.kind == "body"]
    for body, outline in pair(bodies, outlines):
        a, b = sorted((root(body.source), root(outline.source)))
        parent[b] = a
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(root(name), []).append(name)
    batches: list[list[str]] = []
    filled = 0
    for group in groups.values():  # in the order of each family's first file
        size = sum(sizes[name] for name in group)
        if batches and filled + size <= budget:
            batches[-1] += group
            filled += size
        else:
            batches.append(list(group))
            filled = size
    return batches


def together(headings: list[tuple[int, bytes]], n_batches: int) -> list[list[int]]:
    """Batches (by position) to assemble together, every batch once, in order: those whose plans
    could be copies or look-alikes of each other's. `headings`: (batch, the plan's headings as
    `digest`s) of every plan the batches kept. Plans are related when one's headings equal the
    other's, or begin them (at least MIN_SHARED headings): a superset of what `reconcile` joins
    (copies of one year, by compatible issuers; look-alikes), so nothing related is apart."""
    parent = list(range(n_batches))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def unite(a: int, b: int) -> None:
        a, b = sorted((root(a), root(b)))
        parent[b] = a

    first: dict[bytes, int] = {}
    for batch, digests in headings:
        if digests in first:
            unite(first[digests], batch)
        first.setdefault(digests, batch)
    for batch, digests in headings:
        for k in range(MIN_SHARED, len(digests) // DIGEST):
            shorter = first.get(digests[:k * DIGEST])
            if shorter is not None:
                unite(shorter, batch)
    groups: dict[int, list[int]] = {}
    for k in range(n_batches):
        groups.setdefault(root(k), []).append(k)
    return list(groups.values())


def digest(headings: list[str]) -> bytes:
    """A plan's headings as DIGEST bytes each: equal and prefix relations kept, text dropped."""
    return b"".join(hashlib.blake2b(h.encode("utf-8"), digest_size=DIGEST).digest() for h in headings)
