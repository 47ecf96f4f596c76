"""Traditional characters read as simplified, one character for one, so simplified rules match.

Plans are published in simplified characters, and every rule table beside this file is
written in them; but copies on mirror sites come in traditional characters (每季度召開,
3萬畝, 國務院辦公廳), where no rule matches. Rather than doubling every pattern and word list,
a line is matched through `to_simplified(line)` while the tables keep the original text.
That only works if a match's offsets in the converted line are its offsets in the original:
so the conversion is strictly one character for one (a str.translate over single characters;
no phrase-level conversion that could change lengths), and also keeps the UTF-8 width. A few
words whose characters convert wrong one by one (計畫 → 计划, not 计画) are replaced first,
from traditional_phrases.tsv, each by a simplified word of the same length.

The mapping is data, traditional.tsv beside this file, generated from OpenCC's
TSCharacters.txt (Apache-2.0) by tools/traditional_table.py; OpenCC is not needed at run
time. Where OpenCC lists several simplified candidates the first is taken; a few characters
are also in use in simplified text (乾, 於, 後, 徵, 夥 ...) and are converted anyway, which is
harmless for matching as long as no rule uses them (tests/test_script.py checks the rules).
Characters OpenCC keeps as they are (著, 藉, 瞭) stay unconverted.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

TABLE = "traditional.tsv"
PHRASES = "traditional_phrases.tsv"  # words that convert wrong character by character (計畫 → 计划)
# CJK Unified Ideographs, Extension A, Compatibility Ideographs, and planes 2 and 3 (ideographs only)
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


@cache
def table() -> dict[str, str]:
    """traditional.tsv as {traditional: simplified}; a malformed line is an error, not a skip."""
    mapping = _pairs(TABLE, lambda key, value, seen: len(key) == len(value) == 1 and key != value and key not in seen,
                     "not one new traditional character and its simplified one")
    chained = sorted(value for value in mapping.values() if value in mapping)
    if chained:  # converting twice must be converting once
        raise ValueError(f"{TABLE}: targets that are themselves converted: {''.join(chained)}")
    return mapping


@cache
def phrases() -> dict[str, str]:
    """traditional_phrases.tsv as {traditional word: simplified word}, both of one length."""
    return _pairs(PHRASES, lambda key, value, seen: len(key) == len(value) >= 2,
                  "not a word and its simplified form of the same length")


def _pairs(name: str, valid, wanted: str) -> dict[str, str]:
    """A tab-separated table beside this file as a dict; `#` lines are comments."""
    text = resources.files("yaodian.rules").joinpath(name).read_text(encoding="utf-8")
    mapping: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("\t")
        if not sep or not valid(key, value, mapping):
            raise ValueError(f"{name}:{n}: {wanted}: {line!r}")
        mapping[key] = value
    return mapping


@cache
def _translation() -> dict[int, int]:
    return {ord(key): ord(value) for key, value in table().items()}


@cache
def _traditional_only() -> frozenset[str]:
    """Converted characters that simplified text does not use: those outside GB 2312."""
    only = set()
    for key in table():
        try:
            key.encode("gb2312")
        except UnicodeEncodeError:
            only.add(key)
    return frozenset(only)


@cache
def _any_traditional() -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(sorted(table()))) + "]")


def to_simplified(text: str) -> str:
    """`text` with each traditional character replaced by its simplified one; same length, all else unchanged.
    Text with no traditional character (nearly all of it) is returned as it is, after one scan."""
    if not _any_traditional().search(text):
        return text
    for word, simplified in phrases().items():
        text = text.replace(word, simplified)
    return text.translate(_translation())


def is_traditional(text: str, share: float = 0.05) -> bool:
    """Whether at least `share` of the CJK characters in `text` (and at least one) are traditional-only.

    A cheap test for "this copy is in traditional characters": text written the same in both
    scripts (年底前完成) is not traditional, and neither is text without CJK characters.
    """
    cjk = _CJK.findall(text)
    only = _traditional_only()
    found = sum(ch in only for ch in cjk)
    return found > 0 and found >= share * len(cjk)
