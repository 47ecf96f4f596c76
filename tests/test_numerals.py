"""Chinese numerals written out (to_chinese) and read back (to_int): each is the other's inverse."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yaodian.rules.numerals import to_chinese, to_int


@pytest.mark.parametrize("n, text", [
    (1, "一"), (2, "二"), (10, "十"), (11, "十一"), (20, "二十"), (24, "二十四"), (105, "一百零五"),
    (1200, "一千二百"), (10000, "一万"), (10010, "一万零一十"), (110000, "十一万"), (1000001, "一百万零一"),
])
def test_to_chinese_examples(n, text):
    assert to_chinese(n) == text


@given(st.integers(min_value=1, max_value=99_999_999))
def test_to_chinese_round_trips_through_to_int(n):
    assert to_int(to_chinese(n)) == n
