"""人民币大写 and 元 text (domain/kernel/money.py): the official examples, the programme's amounts, and the
reading back of every amount to the same number (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.kernel.money import DIGITS
from domain.kernel.money import daxie
from domain.kernel.money import yuan

WAN = 1_000_000


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        # 《正确填写票据和结算凭证的基本规定》's examples, in the canonical variant (the optional 零 written)
        (140_950, "人民币壹仟肆佰零玖元伍角"),
        (600_714, "人民币陆仟零柒元壹角肆分"),
        (168_032, "人民币壹仟陆佰捌拾元零叁角贰分"),
        (10_700_053, "人民币壹拾万零柒仟元零伍角叁分"),
        (1_640_902, "人民币壹万陆仟肆佰零玖元零贰分"),
        (32_504, "人民币叁佰贰拾伍元零肆分"),
        # the programme's amounts (HRB 第四条)
        (18 * WAN, "人民币壹拾捌万元整"),
        (50 * WAN, "人民币伍拾万元整"),
        (1020 * WAN, "人民币壹仟零贰拾万元整"),
        (15_000 * WAN, "人民币壹亿伍仟万元整"),
        (0, "人民币零元整"),
        (5, "人民币伍分"),
        (50, "人民币伍角"),
        (100_000_000_100, "人民币壹拾亿零壹元整"),
    ],
)
def test_daxie(fen: int, text: str) -> None:
    assert daxie(fen) == text


def test_yuan_text() -> None:
    assert (yuan(12_345_67), yuan(5), yuan(-150)) == ("12,345.67", "0.05", "-1.50")


def read_back(text: str) -> int:
    """A small reader of the canonical form, to check that the writing loses nothing."""
    assert text.startswith("人民币")
    body = text[3:].removesuffix("整")
    units = {"拾": 10, "佰": 100, "仟": 1000}
    total = section = digit = 0
    fen = 0
    for ch in body:
        if ch in DIGITS:
            digit = DIGITS.index(ch)
        elif ch in units:
            section += digit * units[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        elif ch == "亿":
            total = (total + section + digit) * 100_000_000
            section = digit = 0
        elif ch == "元":
            total += section + digit
            section = digit = 0
        elif ch == "角":
            fen += digit * 10
            digit = 0
        elif ch == "分":
            fen += digit
            digit = 0
    return (total + section + digit) * 100 + fen


@given(st.integers(min_value=0, max_value=10**14 - 1))  # below 1万亿元: the reader here knows no 万亿
def test_daxie_reads_back_to_the_same_amount(fen: int) -> None:
    text = daxie(fen)
    assert "零零" not in text and not text.endswith("零")
    assert read_back(text) == fen
