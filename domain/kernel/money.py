"""Money at the edges: 分 as 元 text and as 人民币大写 (the capitalised form of finance documents).

Amounts are integer 分 everywhere; these render them for people. 大写 follows 中国人民银行《支付结算办法》
附件《正确填写票据和结算凭证的基本规定》 in one canonical form of the variants it allows: the optional 零
is always written, a leading ten is 壹拾, 元 (not 圆), 整 only after 元 when nothing follows.
A library (``cn2an``) picks the other variant and no 人民币 prefix; documents need one form, so it is ours.
"""

from __future__ import annotations

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")  # within a group of four digits
GROUPS = ("", "万", "亿", "万亿")  # 10^0, 10^4, 10^8, 10^12


def yuan(fen: int) -> str:
    """``1234567`` -> ``12,345.67`` (元, two decimals, thousands separated)."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def _whole(n: int) -> str:
    """The 元 part, digit by digit from the highest: a run of zeros before a non-zero digit is one 零 (the
    optional one included: 壹拾万零柒仟), and a group of four closes with 万/亿 when it holds a non-zero digit."""
    out = ""
    zero = in_group = False
    digits = str(n)
    for i, ch in enumerate(digits):
        position = len(digits) - 1 - i
        d = int(ch)
        if d == 0:
            zero = bool(out)
        else:
            out += ("零" if zero else "") + DIGITS[d] + PLACES[position % 4]
            zero, in_group = False, True
        if position % 4 == 0 and position and in_group:
            out += GROUPS[position // 4]
            in_group = False
    return out


def daxie(fen: int) -> str:
    """人民币大写 of a non-negative amount in 分: ``18_000_000`` -> ``人民币壹拾捌万元整``."""
    if not 0 <= fen < 10**18:
        msg = f"大写 is written for amounts from 0 to below 万万亿 元, got {fen} 分"
        raise ValueError(msg)
    whole, rest = divmod(fen, 100)
    jiao, cents = divmod(rest, 10)
    text = _whole(whole) + "元" if whole else ""
    if not rest:
        return f"人民币{text or '零元'}整"
    if jiao:
        # the 元 digit is 0 and 角 is not: the optional 零, always written
        text += ("零" if text and whole % 10 == 0 else "") + DIGITS[jiao] + "角"
    if cents:
        text += ("零" if text and not jiao else "") + DIGITS[cents] + "分"
    return f"人民币{text}"
