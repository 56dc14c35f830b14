"""drafter.text.cn: the numerals, markers, dates and joins that outlines put into a speech.

The numeral tests check cn() against a reference parser written here from the reading rules
(not from cn's code): a misplaced or missing 零 or a dropped unit reads as a different number.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.text.cn import (
    before,
    cn,
    cn_int,
    count_cn,
    date_cn,
    date_upper,
    digits_int,
    enum,
    join_cn,
    ordinal,
    quarter_cn,
    year_cn,
)

DIGIT = {ch: i for i, ch in enumerate("零一二三四五六七八九")}
SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
BIG_UNIT = (("亿", 10**8), ("万", 10**4))
ALLOWED = set(DIGIT) | set(SMALL_UNIT) | {"万", "亿"}


def _section(text: str, first: bool) -> int:
    """One group below 10000 ("三千零五", "十二", "零五百"). Strict where a lax reading would
    hide a wrong numeral: a bare digit only at the very end and only after 十 or 零 (so 一百五
    is rejected, not read as 105), units strictly falling, 十 without a digit only at the start
    of the whole numeral, no doubled or trailing 零, and a group after 万 either starts at 千
    or starts with 零 (so 一万五 is rejected, not read as 10005)."""
    if not text:
        raise ValueError("empty group")
    if first and text[0] == "零":
        raise ValueError("leading 零")
    if not first and text[0] != "零" and (len(text) < 2 or text[1] != "千"):
        raise ValueError(f"group after a big unit must start at 千 or with 零: {text!r}")
    value, last_unit, prev_zero, i = 0, 10_000, False, 0
    while i < len(text):
        ch = text[i]
        if ch == "零":
            if prev_zero:
                raise ValueError("零零")
            prev_zero, i = True, i + 1
            continue
        if ch == "十" and first and i == 0:
            digit, unit, i = 1, 10, i + 1
        elif ch in DIGIT:
            digit, i = DIGIT[ch], i + 1
            if i < len(text) and text[i] in SMALL_UNIT:
                unit, i = SMALL_UNIT[text[i]], i + 1
            else:
                unit = 1
                if i != len(text):
                    raise ValueError(f"bare digit not at the end: {text!r}")
                if not (prev_zero or last_unit in (10, 10_000)):
                    raise ValueError(f"ambiguous bare digit: {text!r}")
        else:
            raise ValueError(f"unexpected {ch!r} in {text!r}")
        if unit >= last_unit:
            raise ValueError(f"units not falling in {text!r}")
        value += digit * unit
        last_unit, prev_zero = unit, False
    if prev_zero:
        raise ValueError("trailing 零")
    return value


def parse_cn(text: str) -> int:
    """Chinese numeral → int (零 … 九千九百九十九万九千九百九十九, 亿 too)."""
    if text == "零":
        return 0
    total, rest, first = 0, text, True
    for char, value in BIG_UNIT:
        if char in rest:
            head, rest = rest.split(char, 1)
            total += _section(head, first) * value
            first = False
    if rest:
        total += _section(rest, first)
    elif first:
        raise ValueError("empty numeral")
    return total


def zeros_read(n: int) -> int:
    """How many 零 the school rule reads for n: zeros at the end of each 4-digit group are
    silent; every other run of zeros is read once."""
    s = str(n)
    s = s.zfill((len(s) + 3) // 4 * 4)
    groups = [s[i : i + 4] for i in range(0, len(s), 4)]
    groups[0] = groups[0].lstrip("0")
    return sum(len(re.findall("0+", g.rstrip("0"))) for g in groups)


def test_reference_parser_rejects_wrong_numerals():
    # The parser is the oracle, so it must not accept the mistakes it is there to catch.
    wrong = ("一百五", "一万五", "一千零零五", "一百零", "一十十", "五五", "百", "零五", "二十零")
    for bad in wrong:
        with pytest.raises(ValueError):
            parse_cn(bad)
    assert parse_cn("一万") == 10_000
    assert parse_cn("十万零一十") == 100_010
    assert parse_cn("一千万一千") == 10_001_000
    assert zeros_read(10_001_000) == 0 and zeros_read(10_500) == 1 and zeros_read(1_010) == 1


@pytest.mark.parametrize(
    "n, text",
    [
        (0, "零"), (2, "二"), (10, "十"), (12, "十二"), (20, "二十"), (105, "一百零五"),
        (110, "一百一十"), (1010, "一千零一十"), (9999, "九千九百九十九"), (10000, "一万"),
        (10001, "一万零一"), (100000, "十万"),
        (10500, "一万零五百"), (100010, "十万零一十"), (10_001_000, "一千万一千"),
        (99_999_999, "九千九百九十九万九千九百九十九"),
    ],
)
def test_cn_examples(n, text):
    assert cn(n) == text


@settings(max_examples=400)
@given(st.integers(0, 99_999_999))
def test_cn_reads_back_as_the_same_number(n):
    text = cn(n)
    assert parse_cn(text) == n
    assert set(text) <= ALLOWED
    assert "零零" not in text
    assert not text.endswith("零") or n == 0
    assert text.count("零") == (zeros_read(n) if n else 1)
    assert not text.startswith("一十")


@given(st.integers(0, 99_999))
def test_cn_small_numbers_read_back(n):
    # The range where speeches live (counts, years of service, 万元) gets its own share.
    assert parse_cn(cn(n)) == n


@pytest.mark.parametrize("n", range(10, 20))
def test_cn_teens_start_with_shi(n):
    assert cn(n).startswith("十")
    assert cn(n) == "十" + ("" if n == 10 else "零一二三四五六七八九"[n - 10])


@pytest.mark.parametrize("n", range(1, 100))
def test_cn_int_reads_cn_back(n):
    assert cn_int(cn(n)) == n


def test_cn_int_examples():
    assert [cn_int(s) for s in ("两", "7", "12", "一十")] == [2, 7, 12, 10]


@pytest.mark.parametrize("s", ["", "四五", "十四五", "十十", "两十", "零", "一百", "二三是"])
def test_cn_int_rejects_what_is_no_single_number(s):
    with pytest.raises(ValueError):
        cn_int(s)


def test_digits_int():
    assert digits_int("二〇二六") == 2026 and digits_int("一九九零") == 1990
    with pytest.raises(ValueError):
        digits_int("二十")


def test_cn_rejects_non_integers():
    with pytest.raises(TypeError):
        cn(1.5)
    with pytest.raises(TypeError):
        cn(True)


@given(st.integers(0, 10**6))
def test_count_cn(n):
    assert count_cn(n) == ("两" if n == 2 else cn(n))


@given(st.lists(st.text(max_size=3), max_size=30))
def test_count_cn_of_a_list(items):
    assert count_cn(items) == ("两" if len(items) == 2 else cn(len(items)))


def test_count_cn_examples():
    assert count_cn(2) == "两"
    assert count_cn(["甲", "乙"]) == "两"
    assert count_cn(3) == "三"
    assert count_cn(12) == "十二"
    assert count_cn(["甲"]) == "一"


STYLES = ["一、", "（一）", "1.", "（1）", "一是", "一要", "第一"]


@given(st.integers(1, 9999), st.sampled_from(STYLES))
def test_ordinal_marker_reads_back(n, style):
    marker = ordinal(n, style)
    numeral = "一" if "一" in style else "1"
    prefix, suffix = style.split(numeral, 1)
    assert marker.startswith(prefix) and marker.endswith(suffix)
    middle = marker[len(prefix) : len(marker) - len(suffix)]
    if numeral == "一":
        assert parse_cn(middle) == n
    else:
        assert middle == str(n)


def test_ordinal_examples():
    assert ordinal(1) == "一、"
    assert ordinal(3, "（一）") == "（三）"
    assert ordinal(11, "1.") == "11."
    assert ordinal(2, "（1）") == "（2）"
    assert ordinal(10, "一是") == "十是"
    assert ordinal(4, "一要") == "四要"
    assert ordinal(12, "第一") == "第十二"


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("n", [0, -1])
def test_ordinal_below_one_raises(style, n):
    with pytest.raises(ValueError):
        ordinal(n, style)


dates = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
UPPER_DIGITS = "〇一二三四五六七八九"


@given(dates)
def test_date_cn_and_year_cn(d):
    assert date_cn(d) == f"{d.year}年{d.month}月{d.day}日"
    assert year_cn(d) == f"{d.year}年"
    # A datetime (YAML gives one for "2026-03-15 09:00") reads as its date.
    assert date_cn(dt.datetime(d.year, d.month, d.day, 9, 30)) == date_cn(d)


@given(dates)
def test_date_upper_reads_back(d):
    text = date_upper(d)
    m = re.fullmatch(r"([〇一二三四五六七八九]{4})年(.+)月(.+)日", text)
    assert m, text
    year = int("".join(str(UPPER_DIGITS.index(c)) for c in m.group(1)))
    assert dt.date(year, parse_cn(m.group(2)), parse_cn(m.group(3))) == d
    assert m.group(2) == cn(d.month) and m.group(3) == cn(d.day)


def test_date_upper_examples():
    assert date_upper(dt.date(2026, 3, 15)) == "二〇二六年三月十五日"
    assert date_upper(dt.date(2000, 10, 1)) == "二〇〇〇年十月一日"
    assert date_upper(dt.date(2019, 12, 31)) == "二〇一九年十二月三十一日"


@given(dates)
def test_quarter_cn(d):
    expected = {1: "一", 2: "一", 3: "一", 4: "二", 5: "二", 6: "二",
                7: "三", 8: "三", 9: "三", 10: "四", 11: "四", 12: "四"}[d.month]
    assert quarter_cn(d) == f"第{expected}季度"


def _is_month_end(d: dt.date) -> bool:
    return (d + dt.timedelta(days=1)).month != d.month


@given(dates, dates)
def test_before(d, ref):
    text = before(d)
    if _is_month_end(d):
        assert text == f"{d.month}月底前"
    else:
        assert text == f"{d.month}月{d.day}日前"
    with_ref = before(d, ref)
    assert with_ref == (text if ref.year == d.year else f"{d.year}年{text}")
    assert before(d, d) == text


def test_before_examples():
    assert before(dt.date(2026, 6, 30)) == "6月底前"
    assert before(dt.date(2026, 6, 15)) == "6月15日前"
    assert before(dt.date(2024, 2, 29)) == "2月底前"
    assert before(dt.date(2026, 2, 28)) == "2月底前"
    assert before(dt.date(2024, 2, 28)) == "2月28日前"
    assert before(dt.date(2027, 3, 31), dt.date(2026, 9, 1)) == "2027年3月底前"
    assert before(dt.date(2026, 3, 31), dt.date(2026, 9, 1)) == "3月底前"


# Items as outlines pass them: names of places, units, tasks. No 、 or 和 inside, so the
# separators in the result can be counted.
item_text = st.text(alphabet="甲乙丙丁镇村社区科技农业教育卫生abcXYZ123（）·", min_size=1,
                    max_size=8)


@given(st.lists(item_text, max_size=8))
def test_join_cn(items):
    text = join_cn(items)
    n = len(items)
    if n == 0:
        assert text == ""
        return
    assert not text.startswith("、") and not text.endswith("、")
    if n == 1:
        assert text == items[0]
        return
    assert text.count("、") == n - 2
    assert text.count("和") == 1
    assert text == "、".join(items[:-1]) + "和" + items[-1]
    assert join_cn(items, "或") == "、".join(items[:-1]) + "或" + items[-1]


@given(st.lists(st.one_of(item_text, st.just("")), max_size=8))
def test_join_cn_skips_empty_items(items):
    kept = [i for i in items if i]
    text = join_cn(items)
    assert text == join_cn(kept)
    assert "、、" not in text and not text.startswith(("、", "和")) and not text.endswith("、")


def test_join_cn_examples():
    assert join_cn(["甲", "乙", "丙"]) == "甲、乙和丙"
    assert join_cn(["“项目年”", "“作风年”", "“环境年”"]) == "“项目年”“作风年”和“环境年”"
    assert join_cn(["“项目年”", "作风", "“环境年”"]) == "“项目年”、作风和“环境年”"
    assert join_cn(["甲", "乙"]) == "甲和乙"
    assert join_cn(["甲"]) == "甲"
    assert join_cn([]) == ""
    assert join_cn(["甲", "", "丙"]) == "甲和丙"


enum_core = st.tuples(
    st.text(alphabet="加强领导落实责任，。、“”abc123", max_size=10),
    st.sampled_from("组织服务建设"),
).map("".join)
enum_item = st.tuples(enum_core, st.sampled_from(["", "。", "；", ";", "，", "。；", "；。"]))


@given(st.lists(enum_item, min_size=1, max_size=12))
def test_enum(pairs):
    items = [core + tail for core, tail in pairs]
    text = enum(items, "一是")
    assert text.startswith("一是")
    assert text.count("；") == len(items) - 1
    assert "。；" not in text and "；；" not in text and not text.endswith(("。", "；"))
    parts = text.split("；")
    assert parts == [ordinal(i, "一是") + core for i, (core, _) in enumerate(pairs, 1)]


def test_enum_examples():
    assert enum(["抓学习。", "抓落实；", "抓督查"]) == "一是抓学习；二是抓落实；三是抓督查"
    assert enum(["甲", "乙"], "一要", "，") == "一要甲，二要乙"
    assert enum([]) == ""
