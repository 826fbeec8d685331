from decimal import Decimal

import pytest

from govkg.extract.text.numerals import parse_chinese, parse_number


@pytest.mark.parametrize("text, value", [
    ("十", 10), ("十六", 16), ("二十七", 27), ("一百一十二", 112), ("三百零五", 305),
    ("两千", 2000), ("一万二千", 12000), ("二〇二三", 2023), ("九十六", 96),
])
def test_numerals_chinese(text, value):
    assert parse_chinese(text) == value


@pytest.mark.parametrize("text, value", [
    ("1,234", Decimal("1234")), ("56.38", Decimal("56.38")), ("1,086.5", Decimal("1086.5")), ("二十七", Decimal(27)),
])
def test_numerals_any(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "十a"])
def test_numerals_reject(text):
    with pytest.raises(ValueError):
        parse_number(text)
