"""Synthetic plans: the sample's plans recombined and rendered in the genre's layouts.

Entry: `write_corpus(tables, docs, out_dir, seed, shape, formats) -> list[Path]` (`yaodian synth`).

    corpus.py     new plans of any shape recombined from a release's plans, in random layouts
    render.py     one plan in any of the genre's layouts and formats (text encodings, a
                  web page, a Word file): the layout-proof tests and `yaodian synth` use it
"""

from __future__ import annotations

from yaodian.synth.corpus import FORMATS, parse_shape, write_corpus

__all__ = ["FORMATS", "parse_shape", "write_corpus"]
