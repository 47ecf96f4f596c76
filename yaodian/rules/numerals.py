"""Chinese and Arabic numerals to integers and back, driven by rules/numerals.yaml.

Section numbers (一、… 十二、) need it now; the commitments stage reuses it for counts
(两次, 十二次). Anything that is not wholly a numeral returns None rather than a guess.
Word's list numbering and the layout renderer write numbers out the other way (to_chinese).
"""

from __future__ import annotations

from functools import cache

from yaodian import rules


def to_int(text: str) -> int | None:
    """The value of `text` if it is entirely one numeral, else None."""
    if text.isascii() and text.isdigit():
        return int(text)
    data = rules.table("numerals")
    digits, multipliers = data["digits"], data["multipliers"]
    if not text or any(ch not in digits and ch not in multipliers for ch in text):
        return None
    if all(ch in digits for ch in text):  # positional: 五 → 5, 二〇二六 → 2026
        return int("".join(str(digits[ch]) for ch in text))
    total, section, pending = 0, 0, None
    for ch in text:
        if ch in digits:
            if pending not in (None, 0):
                return None  # two digits in a row ("十五五") is not one numeral
            pending = digits[ch]
        else:
            unit = multipliers[ch]
            if unit == 10000:
                total += (section + (pending or 0)) * unit
                section = 0
            else:
                section += (1 if pending is None else pending) * unit
            pending = None
    return total + section + (pending or 0)


def to_chinese(n: int) -> str:
    """`n` in Chinese counting, the inverse of to_int: 1 一, 10 十, 11 十一, 20 二十, 105 一百零五, 10000 一万.

    Each digit is written in the first spelling rules/numerals.yaml lists for it (二, not 两;
    零, not 〇), with one 零 for each gap inside the number. Negative numbers stay in Arabic
    digits: no list or plan counts below zero.
    """
    if n < 0:
        return str(n)
    digits, units, myriad = _writing()
    high, low = divmod(n, myriad[0])
    if high:
        gap = digits[0] if 0 < low < myriad[0] // 10 else ""
        return to_chinese(high) + myriad[1] + (gap + _below_myriad(low) if low else "")
    text = _below_myriad(n)
    return text[1:] if 10 <= n < 20 else text  # 十一, not 一十一, at the head of a number


def _below_myriad(n: int) -> str:
    """0 <= n < 10000 in Chinese digits and units, one 零 for each gap inside the number."""
    digits, units, _ = _writing()
    if n == 0:
        return digits[0]
    parts, gap = [], False
    for value, unit in units:
        digit = n // value % 10
        if digit == 0:
            gap = gap or bool(parts)
            continue
        parts.append((digits[0] if gap else "") + digits[digit] + unit)
        gap = False
    return "".join(parts)


@cache
def _writing() -> tuple[dict[int, str], tuple[tuple[int, str], ...], tuple[int, str]]:
    """From rules/numerals.yaml: each digit's first spelling, the units below the myriad from
    the largest down (with 1 and no unit last), and the myriad (10000, 万)."""
    data = rules.table("numerals")
    digits: dict[int, str] = {}
    for ch, value in data["digits"].items():
        digits.setdefault(value, ch)
    by_value = sorted(((value, ch) for ch, value in data["multipliers"].items()), reverse=True)
    return digits, (*by_value[1:], (1, "")), by_value[0]
