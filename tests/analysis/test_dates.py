"""drafter.analysis.dates: date lines, years, full dates and deadlines in speech text."""

from __future__ import annotations

import datetime as dt

import pytest

from drafter.analysis import dates


@pytest.mark.parametrize(
    "line, date",
    [
        ("（2026年3月15日）", dt.date(2026, 3, 15)),
        ("（2026 年 3 月 15 日）", dt.date(2026, 3, 15)),
        ("2026-03-15", dt.date(2026, 3, 15)),
        ("二〇二六年三月十五日", dt.date(2026, 3, 15)),
        ("（2026年2月30日）", None),
        ("镇党委书记 王明", None),
    ],
)
def test_parse_date(line, date):
    assert dates.parse_date(line) == date


def test_years_and_bounded_years():
    text = "2025年度总结，12026年不是年份，2026年3是半截，2027年"
    assert [m.group(0) for m in dates.YEARS.finditer(text)] == [
        "2025年度", "2026年", "2026年", "2027年"]
    assert [m.group(0) for m in dates.BOUNDED_YEARS.finditer(text)] == ["2025年度", "2027年"]


def test_written_dates():
    text = "2026年3月15日召开，v1.2026年3月1日不算。"
    assert [m.groups() for m in dates.WRITTEN_DATES.finditer(text)] == [("2026", "3", "15")]


def test_deadlines():
    found = dates.deadlines("6月底前完成，2025年6月30日前验收，12月份以前结束。")
    assert [(d.text, d.year, d.month, d.day, d.part, d.before) for d in found] == [
        ("6月底前", None, 6, None, "底", "前"),
        ("2025年6月30日前", 2025, 6, 30, None, "前"),
        ("12月份以前", None, 12, None, "份", "以前"),
    ]
    assert dates.deadlines("六月底前，6月的工作") == []


def test_month_deadlines_leave_out_dated_and_loose_ones():
    text = "6月底前完成，3月15日前上报，2025年6月前验收，6月份前结束，6月以前办结。"
    assert [d.text for d in dates.month_deadlines(text)] == ["6月底前", "3月15日前"]


def test_plan_periods():
    assert [m.group(0) for m in dates.PLAN_PERIODS.finditer("“十四五”时期，十五年来")] == ["十四五"]
