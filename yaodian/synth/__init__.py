"""Synthetic plans: the sample's plans recombined and rendered in the genre's layouts.

Entry: `write_corpus(tables, docs, out_dir, seed) -> list[Path]` (`yaodian synth`).

    corpus.py     new plans recombined from a release's items, written as files
    render.py     one plan in any of the genre's layouts and formats (text encodings, a
                  web page, a Word file): the layout-proof tests and `yaodian synth` use it
"""

from __future__ import annotations

from yaodian.synth.corpus import write_corpus

__all__ = ["write_corpus"]
