"""drafter.analysis.names: people and places, tagged (check, jieba) and by pattern (extract)."""

from __future__ import annotations

from drafter.analysis import names
from drafter.checks import table
from drafter.corpus.extract import rules

TAGGED = names.TaggedNames.from_table(table()["names"])
PATTERN = names.PatternNames.from_rules(rules())


def test_tagged_places():
    assert [p for p, _ in names.tagged_places("要学习常州市的经验，临川县委也来了。", TAGGED)] == [
        "常州市", "临川县"]
    assert names.tagged_places("全市上下，开发区和本镇都要行动。", TAGGED) == []


def test_tagged_places_loose_reads_a_title():
    assert [p for p, _ in names.tagged_places("在青石镇机关效能建设动员大会上的讲话", TAGGED,
                                              loose=True)] == ["青石镇"]


def test_tagged_people():
    found = names.tagged_people("王波市长和薄书记作了部署。", TAGGED)
    assert [w for _, w, _ in found] == ["王波市长", "薄书记"]
    assert names.tagged_people("向区长汇报，市长热线。", TAGGED) == []


def test_speaker_names():
    assert "王明" in names.speaker_names("镇党委书记 王明")


def test_pattern_places():
    assert names.pattern_places("按照常州市的做法，柯城的发展很快。", PATTERN) == ["常州市", "柯城"]
    assert names.pattern_places("社区和城乡、市民、全县上下。", PATTERN) == []
    assert names.pattern_places("常州市来了。", PATTERN, exclude={"常州市"}) == []


def test_pattern_people():
    assert names.pattern_people("，王波市长指出，市委薄书记强调", PATTERN) == ["王波市长", "市委薄书记"]
    assert names.pattern_people("习近平总书记指出", PATTERN) == []


def test_own_name():
    assert names.own_name("在青石镇工作会议上的讲话", "镇", PATTERN) == "青石"
    assert names.own_name("在全镇工作会议上的讲话", "镇", PATTERN) == ""


def test_nameless_comrade():
    assert names.nameless_comrade("刚才，同志宣读了决定。")
    assert not names.nameless_comrade("刚才，王明同志宣读了决定。同志们，")
