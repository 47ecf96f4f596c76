"""Traditional copies read as simplified (rules/script.py): one character for one, nothing else touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools import traditional_table
from yaodian.rules.script import TABLE, is_traditional, phrases, table, to_simplified

RULES = Path(__file__).resolve().parent.parent / "yaodian" / "rules"
TRADITIONAL = sorted(table())
SIMPLIFIED = sorted(set(table().values()))
# GB 2312 characters (simplified text's own) that are converted all the same: OpenCC maps them and
# their simplified readings are right in traditional text; a rule must not use them (checked below).
SHARED = set("乾吒夥後徵拚捱摺於榘菸薹袷醣麴麽")


@pytest.mark.parametrize("traditional, simplified", [
    ("每季度召開", "每季度召开"),
    ("3萬畝", "3万亩"),
    ("個", "个"),
    ("國務院辦公廳", "国务院办公厅"),
    ("工作要點", "工作要点"),
    ("年底前完成", "年底前完成"),
    ("每季度至少召開一次專題會議，", "每季度至少召开一次专题会议，"),
    ("（一）加強理論武裝", "（一）加强理论武装"),
    ("全年開展培訓不少於12次", "全年开展培训不少于12次"),
    ("1.5萬人次參加培訓。", "1.5万人次参加培训。"),
    ("國務院辦公廳關於印發2026年政務公開工作要點的通知", "国务院办公厅关于印发2026年政务公开工作要点的通知"),
    ("計劃於6月底前完成驗收", "计划于6月底前完成验收"),
    ("水利局下半年工作計畫", "水利局下半年工作计划"),  # a word from traditional_phrases.tsv
    ("規畫建設", "规划建设"),
    ("畫冊", "画册"),  # 畫 alone stays 画
    ("薴", "苎"),  # a chain in OpenCC (薴 → 苧 → 苎), followed to its end
])
def test_converts(traditional, simplified):
    assert to_simplified(traditional) == simplified


@pytest.mark.parametrize("text", [
    "", "年底前完成", "每季度召开一次专题会议", "国务院办公厅关于印发2026年政务公开工作要点的通知",
    "市委某部2026年意识形态工作要点", "全年开展培训不少于12次，覆盖率达到100%。", "3万亩", "个",
    "Q3 2025: 100% done (see p. 12).", "，。、；：？！“”‘’（）《》【】〔〕—…·", "\u3000\u3000正文段落。\xa0",
    "0123456789", "０１２３４５６７８９", "一二三四五六七八九十百千万亿两〇", "①②③ⅠⅡⅢ", "— 2 —",
    "著力推进", "狼藉", "瞭望",  # OpenCC keeps these characters as they are
])
def test_leaves_unchanged(text):
    assert to_simplified(text) == text


def test_no_rule_uses_a_character_that_is_converted():
    """A rule is matched against converted text: a converted character in it could never match."""
    for path in sorted(RULES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert to_simplified(text) == text, f"{path.name}: {sorted({c for c in text if c in table()})}"


def test_the_only_gb2312_characters_converted_are_the_known_ones():
    hanzi = bytes(b for hi in range(0xB0, 0xF8) for lo in range(0xA1, 0xFF) for b in (hi, lo))
    gb2312 = set(hanzi.decode("gb2312", errors="ignore"))  # rows B0-F7: the 6,763 hanzi (D7FA-D7FE unused)
    assert len(gb2312) == 6_763
    assert {c for c in gb2312 if to_simplified(c) != c} == SHARED


def test_the_table_is_one_character_for_one_with_its_source_named():
    text = (RULES / TABLE).read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    for needed in ("OpenCC", "TSCharacters.txt", "Apache License 2.0", "tools/traditional_table.py"):
        assert needed in header
    assert 2_500 < len(table()) < 5_000
    for key, value in table().items():
        assert len(key.encode()) == len(value.encode()), key  # UTF-8 (and UTF-16) offsets kept too
        assert value not in table(), key


def test_is_traditional():
    for text in ("每季度召開", "3萬畝", "國務院辦公廳", "工作要點", "國務院辦公廳關於印發2026年政務公開工作要點的通知"):
        assert is_traditional(text), text
    for text in ("年底前完成", "每季度召开", "国务院办公厅关于印发2026年政务公开工作要点的通知", "", "abc 123", "乾坤"):
        assert not is_traditional(text), text


def test_the_generator_selects_one_for_one():
    dictionary = "# comment\n\n個\t个\n藉\t藉 借\n勣\t𪟝 绩\n㗲\t𠵾\n薴\t苧\n苧\t苎\n鍊\t炼 链 𫔀\n"
    mapping, log = traditional_table.select(traditional_table.parse(dictionary))
    assert mapping == {"個": "个", "勣": "绩", "薴": "苎", "苧": "苎", "鍊": "炼"}
    assert log["identity"] == ["藉"] and log["dropped (plane)"] == ["㗲→𠵾"] and log["chained"] == ["薴→苧→苎"]


mixed = st.text(alphabet=st.sampled_from(TRADITIONAL + SIMPLIFIED + list("ab 12，。、\u3000")))


@given(st.one_of(st.text(), mixed))
def test_length_and_every_other_character_are_kept(text):
    out = to_simplified(text)
    assert len(out) == len(text)
    assert len(out.encode("utf-8")) == len(text.encode("utf-8"))
    assert all(o == t or (t in table() and o == table()[t]) for o, t in zip(out, text, strict=True))


@given(st.one_of(st.text(), mixed))
def test_converting_twice_is_converting_once(text):
    once = to_simplified(text)
    assert to_simplified(once) == once


@given(st.text(alphabet=st.sampled_from(SIMPLIFIED + list("年底前完成召开一次会议 12，。"))))
def test_simplified_text_is_unchanged(text):
    assert to_simplified(text) == text
    assert not is_traditional(text)


def test_the_phrase_table_keeps_lengths_and_converts_into_simplified():
    for word, simplified in phrases().items():
        assert len(word) == len(simplified) and is_traditional(word, share=0.01)
        assert to_simplified(simplified) == simplified
