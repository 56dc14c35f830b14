"""drafter.analysis.levels: a level's words, where they stand, and guessing a speech's level."""

from __future__ import annotations

from drafter.analysis import levels

RANKS = {"乡": 1, "镇": 1, "街道": 1, "县": 2, "区": 2, "市": 3}
PROTECT = ("乡镇", "城镇", "市场")


def test_level_words():
    assert levels.level_words("镇", ("self", "all", "party")) == {
        "我镇": "self", "全镇": "all", "镇党委": "party"}


def test_place_level():
    assert levels.place_level("青石镇") == "镇" and levels.place_level("城关街道") == "街道"
    assert levels.place_level("青石") is None


def test_foreign_words():
    words = levels.foreign_words("乡", ("self",))
    assert "我镇" in words and "我县" in words and "我乡" not in words
    # 开发区 holds 区: a 区 speech's own words, not another level's.
    assert levels.foreign_words("区", ("party",)) == levels.foreign_words("开发区", ("party",))
    assert "党工委" not in levels.foreign_words("区", ("party",))


def test_word_spans_skip_protected_phrases():
    assert levels.word_spans("全镇上下，乡镇干部", "全镇", PROTECT) == [(0, 2)]
    assert levels.word_spans("城镇化和全市场", "全市", PROTECT) == []
    assert levels.word_spans("全市场", "全市") == [(0, 2)]


def test_guess_level():
    kinds = dict.fromkeys(("self", "all"), 1)
    assert levels.guess_level([("在全县大会上", 5), ("我镇要努力。", 1)], kinds) == "县"
    assert levels.guess_level([("在大会上", 5), ("我镇要努力，全镇要行动。", 1)], kinds) == "镇"
    assert levels.guess_level([("讲话", 1)], kinds) is None


def test_infer_level():
    assert levels.infer_level("", "", ["青石镇", "临川县"], RANKS) == ("镇", "title")
    assert levels.infer_level("在全县大会上", "我镇", [], RANKS) == ("县", "title")
    assert levels.infer_level("讲话", "我镇全镇，我县", [], RANKS) == ("镇", "body")
    assert levels.infer_level("讲话", "乡镇干部", [], RANKS, PROTECT) == (None, "")
