"""drafter.analysis.placeholders: blanks found in text order and grouped when close together."""

from __future__ import annotations

from drafter.analysis import placeholders

PATTERNS = placeholders.compile_patterns(("[XxＸｘ]{2,}", "×+", r"\*{2,}", "某某"))


def test_in_order():
    found = placeholders.in_order("请××同志和XX同志发言，某某负责。", PATTERNS)
    assert [m.group(0) for m in found] == ["××", "XX", "某某"]


def test_nothing_to_fill():
    assert placeholders.in_order("请王明同志发言，某些单位负责。", PATTERNS) == []


def test_close_blanks_are_one_group():
    text = "查处问题×起×人，其中×批次。另：XX负责。"
    assert placeholders.groups(text, PATTERNS, 10, "。") == [(4, 12, ["×"]), (17, 19, ["XX"])]


def test_a_sentence_end_splits_groups():
    text = "×起。×人"
    assert [g[:2] for g in placeholders.groups(text, PATTERNS, 10, "。")] == [(0, 1), (3, 4)]
    assert [g[:2] for g in placeholders.groups(text, PATTERNS, 10, "")] == [(0, 4)]
