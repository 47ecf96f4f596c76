"""Chinese and Arabic numerals to integers, driven by rules/numerals.yaml.

Section numbers (一、… 十二、) need it now; the commitments stage reuses it for counts
(两次, 十二次). Anything that is not wholly a numeral returns None rather than a guess.
"""

from __future__ import annotations

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
