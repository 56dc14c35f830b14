"""The context model: roles from titles, phases from dates (the Spring Festival by its real
date), topics of a writer's items, conditions as outlines write them, outlines that refuse a
level they were not written for, deadlines before the meeting, and items with detail."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import write
from grid import cell_spec, draft

from drafter.drafting.context import check_condition, holds, phases_of, speaker_role, topic_of
from drafter.errors import DrafterError


@pytest.mark.parametrize(("title", "role"), [
    ("镇党委书记", "party"), ("党组书记、局长", "party"), ("县委书记", "party"),
    ("镇党委副书记、镇长", "exec"), ("县长", "exec"), ("街道办事处主任", "exec"),
    ("管委会主任", "exec"), ("副县长", "deputy"), ("镇党委副书记", "deputy"),
    ("组织委员", "member"), ("", "member"),
])
def test_the_role_comes_from_the_title(title, role):
    assert speaker_role({"title": title}) == role


def test_an_explicit_role_wins():
    assert speaker_role({"title": "县长", "role": "书记"}) == "party"


@pytest.mark.parametrize(("date", "inside", "outside"), [
    (dt.date(2026, 2, 25), {"春节后", "年初", "一季度"}, {"春节前", "年末"}),
    (dt.date(2026, 2, 10), {"春节前", "年初"}, {"春节后"}),  # 2026's festival is 17 February
    (dt.date(2027, 2, 22), {"春节后"}, set()),
    (dt.date(2026, 1, 20), {"年初"}, {"春节后", "春节前"}),
    (dt.date(2026, 12, 28), {"年末", "岁末", "四季度", "下半年"}, {"年初", "春节后"}),
    (dt.date(2026, 11, 20), {"年末"}, {"岁末"}),
    (dt.date(2026, 7, 15), {"年中", "汛期", "三季度"}, {"年末"}),
])
def test_phases_follow_the_date(date, inside, outside):
    phases = phases_of(date)
    assert inside <= phases and not outside & phases


@pytest.mark.parametrize(("text", "topic"), [
    ("招商引资的成效不够明显", "招商"), ("重点项目按计划开工", "项目"),
    ("营商环境进一步优化", "营商"), ("安全隐患排查还不够彻底", "安全"),
    ("老旧小区改造进展慢", "治理"), ("部分干部担当意识不强", "作风"), ("一切顺利", "其他"),
])
def test_the_topic_of_an_item_is_its_first_telling_word(text, topic):
    assert topic_of(text) == topic


@pytest.mark.parametrize(("cond", "problem"), [
    ({"level": "街道"}, None), ({"level": ["县区", "市"]}, None), ({"phase": "春节后"}, None),
    ({"not": {"role": "party"}}, None), ({"levle": "镇"}, "是不是 level"),
    ({"level": "村"}, "未知"), ({"phase": "夏天"}, "未知"), ({"not": "镇"}, "not:"),
])
def test_conditions_are_checked_when_the_outline_loads(cond, problem):
    found = check_condition(cond)
    assert (found is None) if problem is None else (problem in found)


def _ctx(level="镇", role="party", date=dt.date(2026, 7, 15)):
    from drafter.drafting.context import Context, level_groups

    return Context(level, frozenset(level_groups(level)), role, date,
                   frozenset(phases_of(date)), 2025, 2026)


def test_conditions_hold_as_documented():
    ctx = _ctx()
    assert holds({"level": "乡镇", "role": "书记"}, ctx, {})
    assert not holds({"level": "县区"}, ctx, {})
    assert holds({"not": {"level": "街道"}}, ctx, {})
    assert holds({"has": "goals", "one": "goals"}, ctx, {"goals": ["甲"]})
    assert holds({"many": "goals"}, ctx, {"goals": ["甲", "乙"]})
    assert holds({"lacks": "meeting.before"}, ctx, {"meeting": {"before": []}})
    assert holds({"topic": "项目"}, ctx, {}, item="项目储备不足")
    assert holds({"topic": "项目"}, ctx, {}, item={"name": "项目攻坚年", "measures": []})


def test_an_outline_refuses_a_level_it_was_not_written_for_and_names_others(tmp_path):
    outline = write(tmp_path / "o.yaml", """\
id: town-only
name: 乡镇专用
title: 在{{ place.name }}{{ meeting.name }}上的讲话
levels: [乡镇]
sections:
  - kind: opening
    paragraphs: ["今天开会。"]
""")
    spec = write(tmp_path / "s.yaml", f"""\
outline: {outline}
place: {{name: 东湖街道, level: 街道}}
meeting: {{name: 工作会议, date: 2026-07-15}}
speaker: {{name: 王明, title: 街道党工委书记}}
""")
    from drafter import api

    with pytest.raises(DrafterError) as e:
        api.draft(spec)
    assert "不适用于层级“街道”" in e.value.message and e.value.line == 2
    assert "适用的提纲" in e.value.hint


def test_a_deadline_before_the_meeting_is_refused_with_its_line():
    spec = cell_spec("efficiency-mobilization", "镇", dt.date(2026, 8, 10), "party", 1)
    spec["deadline"] = dt.date(2026, 6, 30)
    with pytest.raises(DrafterError) as e:
        draft(spec)
    assert "早于会议日期" in e.value.message


def test_a_deadline_in_the_meeting_s_month_is_this_month():
    from drafter.drafting.environment import text_env

    out = text_env().from_string("{{ d|before }}").render(
        d=dt.date(2026, 8, 31), meeting={"date": dt.date(2026, 8, 10)})
    assert out == "本月底前"


def test_a_writer_s_item_keeps_its_detail_and_loses_its_end_mark():
    from drafter.spec.source import Source
    from drafter.spec.validate import FieldSpec, validate

    src = Source(None, {"outline": "x", "place": {"name": "青石镇", "level": "镇"},
                        "meeting": {"name": "会", "date": dt.date(2026, 3, 1)},
                        "speaker": {"name": "王明"},
                        "goals": ["同比增长7.5%。", {"text": "项目储备不足；", "detail": ["只有6个"]}]})
    spec = validate(src, {"goals": FieldSpec("list")})
    goals = spec.values["goals"]
    assert goals == ["同比增长7.5%", "项目储备不足"]
    assert goals[1].detail == ("只有6个。",)
