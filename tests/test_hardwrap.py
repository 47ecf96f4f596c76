"""The margin of a hard-wrapped file, and when indentation tells paragraph starts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from yaodian.ingest.hardwrap import at_margin, display_width, indents_open_paragraphs, margin
from yaodian.synth.render import hard_wrap

PARAGRAPH = "坚持以习近平新时代中国特色社会主义思想为指导,每月开展1次集中学习,全年不少于12次。" * 3


def test_display_width_counts_cjk_and_full_width_as_two():
    assert [display_width(t) for t in ("abc", "学习", "（1）", "　　", "1次")] == [3, 4, 5, 4, 3]


@given(columns=st.integers(min_value=30, max_value=160))
def test_a_paragraph_wrapped_at_any_width_shows_that_margin(columns):
    lines = hard_wrap(PARAGRAPH * 4, columns)
    right = margin(lines)
    assert right is not None and columns - 2 <= right <= columns  # a band: lines end at the width or just short
    assert all(at_margin(line, right) for line in lines[:-1])


def test_a_few_lines_left_whole_do_not_hide_the_margin():
    lines = hard_wrap(PARAGRAPH * 4, 40) + ["抄送:市委办公室,市人大常委会办公室,市政府办公室,市政协办公室。"]
    assert margin(lines) == 39


def test_paragraphs_on_one_line_each_are_not_wrapped():
    assert margin([PARAGRAPH, "一、加强学习", PARAGRAPH[:50], PARAGRAPH[:70]]) is None


def test_headings_of_equal_length_are_not_a_wrap():
    headings = ["　　1.深化理论铸魂,凝聚思想共识", "　　2.强化阵地管理,守好主责主业", "　　3.健全工作机制,压实工作责任"]
    paragraphs = [PARAGRAPH[:n] for n in range(40, 160, 10)]
    assert margin(headings * 4 + paragraphs) is None


def test_short_equal_lines_are_a_list_not_a_wrap():
    assert margin(["一、甲部分", "二、乙部分", "三、丙部分", "四、丁部分"]) is None


def test_indentation_tells_paragraph_starts_only_when_some_lines_are_not_indented():
    assert indents_open_paragraphs(["　　一、加强学习", "续行", "　　二、压实责任"])
    assert not indents_open_paragraphs(["　　一、加强学习", "　　续行"])
    assert not indents_open_paragraphs(["一、加强学习", "续行"])
