"""Chinese numerals, ordinal markers, counts, dates and list joins: the filters outlines use."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence, Sized

DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")
_BIG_UNITS = ("", "万", "亿")
# The "〇" style used in dates written out in full (二〇二六年).
_DATE_DIGITS = "〇一二三四五六七八九"


def _below_10000(n: int) -> str:
    """0 < n < 10000, with 零 for inner gaps (一千零五) and no leading 一 dropped."""
    out = []
    digits = f"{n:04d}"
    zero_pending = False
    started = False
    for i, ch in enumerate(digits):
        d = int(ch)
        unit = _SMALL_UNITS[3 - i]
        if d == 0:
            if started:
                zero_pending = True
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(DIGITS[d] + unit)
        started = True
    return "".join(out)


def cn(n: int) -> str:
    """Integer as Chinese numerals: 3→三, 10→十, 12→十二, 20→二十, 105→一百零五, 10000→一万."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"cn() needs an int, got {type(n).__name__}")
    if n < 0:
        return "负" + cn(-n)
    if n == 0:
        return "零"
    if n >= 10**12:
        raise ValueError("number too large for Chinese numerals")
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = []
    zero_pending = False
    for idx in range(len(groups) - 1, -1, -1):
        g = groups[idx]
        if g == 0:
            zero_pending = bool(out)
            continue
        # A group below 1000 after a higher group needs 零 (一万零五百).
        if out and (zero_pending or g < 1000):
            out.append("零")
        zero_pending = False
        out.append(_below_10000(g) + _BIG_UNITS[idx])
    text = "".join(out)
    # 10–19 read as 十, 十一 … at the very start, not 一十.
    if text.startswith("一十"):
        text = text[1:]
    return text


_ONES = {c: i for i, c in enumerate("一二三四五六七八九", 1)}


def cn_int(s: str) -> int:
    """The number of a list marker or a count, the inverse of cn() below 100: 一 → 1, 十 → 10,
    十二 → 12, 二十三 → 23, 两 → 2, "7" → 7. Anything else is no single number (四五 is "four
    or five", 十四五 a plan's name): ValueError."""
    if s.isdecimal():
        return int(s)
    if s == "两":
        return 2
    if "十" not in s:
        if s in _ONES:
            return _ONES[s]
        raise ValueError(f"not a Chinese numeral: {s!r}")
    tens, _, ones = s.partition("十")
    if (tens and tens not in _ONES) or (ones and ones not in _ONES):
        raise ValueError(f"not a Chinese numeral: {s!r}")
    return (_ONES[tens] if tens else 1) * 10 + (_ONES[ones] if ones else 0)


def digits_int(s: str) -> int:
    """A number written digit by digit, as date_upper() writes a year: 二〇二六 → 2026."""
    values = {c: i for i, c in enumerate(_DATE_DIGITS)} | {"零": 0}
    if not s or any(c not in values for c in s):
        raise ValueError(f"not Chinese digits: {s!r}")
    return int("".join(str(values[c]) for c in s))


def count_cn(value: int | Sized) -> str:
    """A count before a measure word: 2 is 两 (两个方面), other numbers as cn()."""
    n = value if isinstance(value, int) else len(value)
    return "两" if n == 2 else cn(n)


def ordinal(n: int, style: str = "一、") -> str:
    """The n-th numbering marker in a style: 一、 （一） 1. （1） 一是 一要 第一 (any pattern
    containing 一 or 1)."""
    if n < 1:
        raise ValueError("ordinals start at 1")
    if "一" in style:
        return style.replace("一", cn(n), 1)
    if "1" in style:
        return style.replace("1", str(n), 1)
    raise ValueError(f"unknown numbering style: {style!r}")


def _as_date(value: object) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    raise TypeError(f"expected a date, got {type(value).__name__}")


def date_cn(value: object) -> str:
    """2026年3月15日."""
    d = _as_date(value)
    return f"{d.year}年{d.month}月{d.day}日"


def date_upper(value: object) -> str:
    """二〇二六年三月十五日 — the year digit by digit, month and day as numbers."""
    d = _as_date(value)
    year = "".join(_DATE_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{cn(d.month)}月{cn(d.day)}日"


def year_cn(value: object) -> str:
    """2026年."""
    return f"{_as_date(value).year}年"


def quarter_cn(value: object) -> str:
    """第一季度 … 第四季度."""
    return f"第{cn((_as_date(value).month - 1) // 3 + 1)}季度"


def _last_of_month(d: _dt.date) -> bool:
    # Not calendar.monthrange: importing calendar (and locale) costs a cold start 1 ms.
    return d == _dt.date.max or (d + _dt.timedelta(days=1)).day == 1


def before(value: object, reference: object | None = None) -> str:
    """A deadline as speeches say it: 6月底前 (month end), 6月15日前; the year is added when it
    differs from the reference date's (the meeting date)."""
    d = _as_date(value)
    prefix = ""
    if reference is not None and _as_date(reference).year != d.year:
        prefix = f"{d.year}年"
    if _last_of_month(d):
        return f"{prefix}{d.month}月底前"
    return f"{prefix}{d.month}月{d.day}日前"


def join_cn(items: Sequence[str], last: str = "和") -> str:
    """甲、乙和丙; a single item alone; never a trailing 、. Quoted names stand side by side
    without 、 (“项目年”“作风年”和“环境年”), as the punctuation standard GB/T 15834 has it."""
    items = [str(i) for i in items if str(i)]
    if not items:
        return ""
    out = items[0]
    for before, item in zip(items[:-2], items[1:-1], strict=True):
        out += ("" if before.endswith("”") and item.startswith("“") else "、") + item
    return out + (last + items[-1] if len(items) > 1 else "")


def enum(items: Sequence[str], style: str = "一是", sep: str = "；") -> str:
    """一是甲；二是乙；三是丙 — each item led by its marker; trailing punctuation of an item is
    dropped so the separators stay single."""
    parts = []
    for i, item in enumerate(items, 1):
        text = str(item).rstrip("。；;，,")
        parts.append(ordinal(i, style) + text)
    return sep.join(parts)


def quote(text: object) -> str:
    """“text”, unless already quoted."""
    s = str(text)
    if s.startswith("“") and s.endswith("”"):
        return s
    return f"“{s}”"
