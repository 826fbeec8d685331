"""Parse numbers written in digits or Chinese numerals.

>>> parse_number("二十七")
Decimal('27')
>>> parse_number("1,234.5")
Decimal('1234.5')
>>> parse_number("一百二十")
Decimal('120')
>>> parse_number("两千零五")
Decimal('2005')
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)


def parse_chinese(text: str) -> int:
    """Return the value of a Chinese numeral such as 三百二十七 or 一九九八.

    Raises:
        ValueError: ``text`` is not a Chinese numeral.
    """
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if all(ch in DIGITS for ch in text) and len(text) > 1:  # 二〇二一: read digit by digit
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, section, number = 0, 0, 0
    for ch in text:
        if ch in DIGITS:
            number = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (number or 1) * SMALL_UNITS[ch]
            number = 0
        else:
            section += number
            total += (section or 1) * BIG_UNITS[ch]
            section, number = 0, 0
    return total + section + number


def parse_number(text: str) -> Decimal:
    """Return the value of a number in digits (thousands commas allowed) or Chinese numerals,
    with 点 as the decimal point (十一点一 = 11.1).

    >>> parse_number("十一点一")
    Decimal('11.1')

    Raises:
        ValueError: ``text`` is neither.
    """
    cleaned = text.replace(",", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        pass
    whole, point, fraction = cleaned.partition("点")
    if not point:
        return Decimal(parse_chinese(cleaned))
    if not fraction or any(ch not in DIGITS for ch in fraction):
        raise ValueError(f"not a number: {text!r}")
    return Decimal(f"{parse_chinese(whole) if whole else 0}.{''.join(str(DIGITS[ch]) for ch in fraction)}")
