"""Commitments: items → every frequency, count and deadline in their text, normalized.

Entry: `commitment_rows(items: list[dict], documents: list[dict]) -> list[dict]`, the rows
of the `commitments` table (the contract is ../shared/spec/commitments.md).

    lexicon.py    the rule tables compiled into one scanner of the text
    extract.py    hits read into tokens, grouped per clause into commitments; derived columns
    activity.py   the phrase of a commitment's clause that names what it is about

Takes the items and documents rows from yaodian.build.
"""

from __future__ import annotations

from yaodian.commitments.extract import commitment_rows

__all__ = ["commitment_rows"]
