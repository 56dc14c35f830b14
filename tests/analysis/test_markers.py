"""drafter.analysis.markers: numbering markers read by check's table and by extract."""

from __future__ import annotations

import pytest

from drafter.analysis import markers
from drafter.checks import table

FAMILIES = markers.families_from_table(table()["families"])
HEADINGS = markers.headings_from_table(table()["outline_markers"])


def found(text: str) -> list[tuple[str, int, str]]:
    return [(m.family.id, m.value, m.text) for m in markers.find(text, FAMILIES)]


def test_inline_markers_in_text_order():
    text = "一是抓学习；二是抓作风。第一，统一思想。其二，明确任务。①甲②乙。首先，甲。最后，乙。"
    assert found(text) == [
        ("是", 1, "一是"), ("是", 2, "二是"), ("第", 1, "第一"), ("其", 2, "其二"),
        ("①", 1, "①"), ("①", 2, "②"), ("首先", 1, "首先"), ("首先", markers.LAST, "最后"),
    ]


@pytest.mark.parametrize("text", ["统一是前提。", "争第一。", "第一要务。", "十四五要抓好。", "四五是常数。"])
def test_words_and_non_numbers_are_no_markers(text):
    assert found(text) == []


def test_headings_by_level():
    assert markers.match_start("（三）强化督查", HEADINGS.values()).value == 3
    assert markers.match_start("12.明确责任", HEADINGS.values()).family.id == "3"
    assert markers.match_start("一二季度", HEADINGS.values()) is None


def test_render_writes_markers_back():
    by_id = {f.id: f for f in FAMILIES}
    assert [by_id[i].render(3) for i in ("是", "第", "①", "（1）")] == ["三是", "第三", "③", "（3）"]
    assert by_id["首先"].render(2) == "其次" and by_id["首先"].render(4) == "第四"
    assert [HEADINGS[k].render(2) for k in (1, 2, 3, 4)] == ["二、", "（二）", "2.", "（2）"]


def test_extract_reading_asks_for_a_clause_start():
    inline = [markers.EXTRACT_INLINE["是"]]
    assert [m.value for m in markers.find("甲。一是乙，二是丙", inline)] == [1, 2]
    assert markers.find("统一是前提", inline) == []


def test_extract_headings_carry_their_text():
    m = markers.match_start("（二）强化督查", markers.EXTRACT_HEADINGS)
    assert (m.family.id, m.value, m.match.group(2)) == ("H2", 2, "强化督查")
    assert markers.match_start("一、", markers.EXTRACT_HEADINGS) is None


def test_inline_sequences():
    seqs = markers.inline_sequences("主要有三种：一是甲。二是乙。三是丙。另：①丁②戊")
    assert [(s.family, len(s)) for s in seqs] == [("是", 3), ("①", 2)]
    assert markers.inline_sequences("一是甲。三是丙。") == []
    steps = markers.inline_sequences("首先，甲；其次，乙；最后，丙。一方面，丁；另一方面，戊。")
    assert [(s.family, len(s)) for s in steps] == [("首先", 3), ("一方面", 2)]
