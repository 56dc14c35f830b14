"""Dates in speech text: full dates (2026年3月15日, 2026-03-15, 二〇二六年三月十五日), years
(2026年, 2025年度) and deadlines (6月底前, 2025年6月30日前). Every date pattern of drafter is here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from drafter.text.cn import cn_int, digits_int

YEAR = r"(?:19|20)\d{2}"
_YEAR = rf"({YEAR})(年度|年)"
# A year and its unit: group 1 the year, group 2 年 or 年度.
YEARS = re.compile(_YEAR)
# The same inside running text, where a year must stand alone: not the tail of a longer number
# (12026年, 1.2019年) and not followed by a digit (2026年3 is no year).
BOUNDED_YEARS = re.compile(rf"(?<![\d.]){_YEAR}(?!\d)")


def _ymd(space: str) -> str:
    return rf"({YEAR}){space}年{space}(\d{{1,2}}){space}月{space}(\d{{1,2}}){space}日"


# A date line as speeches print it: （2026年3月15日）, spaced out by some editors, or 2026-03-15.
_DATE_LINE = re.compile(_ymd(r"\s*") + rf"|({YEAR})-(\d{{1,2}})-(\d{{1,2}})")
_UPPER_DATE = re.compile(
    r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月"
    r"([一二三四五六七八九十]{1,3})日"
)
# A full date in running text (groups: year, month, day), not the tail of a longer number.
WRITTEN_DATES = re.compile(rf"(?<![\d.]){_ymd('')}")
_DEADLINE = re.compile(
    rf"(?:({YEAR})年)?(\d{{1,2}})月(?:(\d{{1,2}})日|(底|末|中旬|上旬|下旬|份))?(以前|之前|前)"
)
# A five-year plan by name (十四五): it dates a speech.
PLAN_PERIODS = re.compile(r"十[一二三四五六七八九]五")


def parse_date(text: str) -> dt.date | None:
    """（2026年3月15日）, 2026-03-15 or 二〇二六年三月十五日 in a line → a date."""
    m = _DATE_LINE.search(text)
    try:
        if m:
            y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
            return dt.date(y, mo, d)
        m = _UPPER_DATE.search(text)
        if m:
            return dt.date(digits_int(m.group(1)), cn_int(m.group(2)), cn_int(m.group(3)))
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class Deadline:
    """A deadline in the text: 6月底前 (month 6, no day), 2025年6月30日前 (with year and day)."""

    start: int
    end: int
    text: str
    year: int | None
    month: int
    day: int | None
    part: str | None  # 底, 末, 上旬, 中旬, 下旬 or 份
    before: str  # 前, 以前 or 之前


def deadlines(text: str) -> list[Deadline]:
    """Every deadline: a month (with an optional year and a day or part of it) and 前."""
    out = []
    for m in _DEADLINE.finditer(text):
        year, month, day, part, before = m.groups()
        out.append(
            Deadline(
                m.start(), m.end(), m.group(0), int(year) if year else None, int(month),
                int(day) if day else None, part, before,
            )
        )
    return out


def month_deadlines(text: str) -> list[Deadline]:
    """The deadlines a speech repeats year after year: a month and 前 with no year before it
    (6月底前, 3月15日前; not 2025年6月前, 6月份前 or 6月以前)."""
    return [
        d for d in deadlines(text)
        if d.year is None and d.part != "份" and d.before == "前"
        and not (d.start and (text[d.start - 1].isdecimal() or text[d.start - 1] == "年"))
    ]
