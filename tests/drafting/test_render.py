"""Rendering: stable choices, counts from lists, escaping of spec values, length fitting."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES, write

from drafter import api
from drafter.drafting.render import choose
from drafter.errors import DrafterError

SPEC = """\
outline: mini-outline.yaml
place: {{name: {name}, level: {level}}}
meeting: {{theme: "{theme}", date: 2026-03-15}}
speaker: {{name: 王明, title: 书记}}
deadline: 2026-06-30
"""


def spec(tmp_path, name="青石镇", level="镇", theme="发扬实干精神", extra=""):
    shutil.copy(FIXTURES / "mini-outline.yaml", tmp_path / "mini-outline.yaml")
    return write(tmp_path / "s.yaml", SPEC.format(name=name, level=level, theme=theme) + extra)


def test_choice_depends_only_on_seed_and_key():
    assert choose(5, "opening/0/0", 3) == choose(5, "opening/0/0", 3)
    picks = {choose(seed, "opening/0/0", 3) for seed in range(50)}
    assert picks == {0, 1, 2}
    assert choose(5, "x", 1) == 0


def test_counts_follow_the_lists(tmp_path):
    md = api.draft(spec(tmp_path, extra="goals: [甲, 乙, 丙]\n")).markdown
    assert "重点解决好三个方面的问题：一是甲；二是乙；三是丙。" in md
    assert "主要表现在两个方面：" in md
    assert "下面，我讲两点意见。" in md
    md = api.draft(spec(tmp_path, extra="goals: [甲, 乙]\n")).markdown
    assert "两个方面的问题：一是甲；二是乙。" in md


def test_place_words_follow_the_level(tmp_path):
    md = api.draft(spec(tmp_path, name="云溪区", level="区")).markdown
    assert "我区的发展事关全区干部群众！" in md
    assert "镇" not in md.replace("青石镇", "")
    md = api.draft(spec(tmp_path, name="城关街道", level="街道")).markdown
    assert "我街道的发展事关全街道干部群众！" in md


def test_deadline_is_written_as_speeches_say_it(tmp_path):
    assert "力争6月底前开工。" in api.draft(spec(tmp_path)).markdown
    path = spec(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("deadline: 2026-06-30\n", ""),
                    encoding="utf-8")
    assert "尽快开工。" in api.draft(path).markdown


@pytest.mark.parametrize("theme", ["**加粗**", "# 标题", "[链接](x)", "a_b_c", "竖线|表格", "- 列表"])
def test_spec_values_cannot_change_structure(tmp_path, theme):
    path = spec(tmp_path, theme=theme)
    result = next(r for r in (api.draft(path, seed=s) for s in range(20))
                  if f"“{theme}”" in r.speech.text)
    para = next(b for b in result.speech.blocks if "动员大会" in b.text and b.kind == "paragraph")
    assert f"“{theme}”" in para.text
    assert not any(r.bold for r in para.runs)
    assert [b.kind for b in result.speech.blocks].count("heading") == 3


def test_length_fitting_adds_whole_elaborations(tmp_path):
    short = api.draft(spec(tmp_path), length=300)
    assert "这是展开一。" in short.markdown  # below target: every elaboration helps
    assert "展开慢。" in short.markdown


def test_undefined_variable_in_outline_names_the_line(tmp_path):
    shutil.copy(FIXTURES / "mini-outline.yaml", tmp_path / "mini-outline.yaml")
    outline = tmp_path / "mini-outline.yaml"
    outline.write_text(
        outline.read_text(encoding="utf-8").replace("{{ place.party }}", "{{ place.boss }}"),
        encoding="utf-8",
    )
    s = write(tmp_path / "s.yaml", SPEC.format(name="青石镇", level="镇", theme="x"))
    with pytest.raises(DrafterError) as e:
        for seed in range(10):
            api.draft(s, seed=seed)
    assert e.value.path.endswith("mini-outline.yaml")
    assert e.value.line == 15
    assert "未定义的变量" in e.value.message and "boss" in e.value.message


def test_template_reaching_for_internals_is_refused(tmp_path):
    shutil.copy(FIXTURES / "mini-outline.yaml", tmp_path / "mini-outline.yaml")
    outline = tmp_path / "mini-outline.yaml"
    outline.write_text(
        outline.read_text(encoding="utf-8").replace(
            "点意见。", "点意见。{{ place.__class__.__mro__ }}"),
        encoding="utf-8",
    )
    s = write(tmp_path / "s.yaml", SPEC.format(name="青石镇", level="镇", theme="x"))
    with pytest.raises(DrafterError) as e:
        api.draft(s)
    assert "不允许" in e.value.message or "未定义" in e.value.message


CAMPAIGN_SPEC = """\
outline: campaign-outline.yaml
place: {name: 临川县, level: 县}
meeting: {name: 动员大会, date: 2026-03-15}
speaker: {name: 王明}
"""


def campaign(tmp_path, extra=""):
    shutil.copy(FIXTURES / "campaign-outline.yaml", tmp_path / "campaign-outline.yaml")
    return write(tmp_path / "c.yaml", CAMPAIGN_SPEC + extra)


def test_items_repeat_for_each_element_of_a_spec_list(tmp_path):
    extra = """campaigns:
  - name: 项目建设年
    measures: [抓签约, 抓开工, 抓投产]
  - 作风建设年
  - {name: 环境优化年, measures: [优审批, 强服务]}
"""
    result = api.draft(campaign(tmp_path, extra))
    md = result.markdown
    assert result.speech.title == "在临川县“三个年”活动动员大会上的讲话"
    assert "今年开展“项目建设年、作风建设年和环境优化年”三项活动。" in md
    headings = [b.text for b in result.speech.blocks if b.kind == "heading"]
    assert headings[0] == "一、扎实开展“三个年”活动"
    assert "**（一）扎实开展“项目建设年”活动。**" in md
    assert "**（三）扎实开展“环境优化年”活动。**" in md
    assert "**一是抓签约。**" in md and "**三是抓投产。**" in md and "**二是强服务。**" in md
    assert "三项措施" in md or "三件事" in md or "三条举措" in md


def test_default_table_rows_and_plain_string_rows(tmp_path):
    md = api.draft(campaign(tmp_path)).markdown
    assert "今年开展“项目建设年和作风建设年”两项活动。" in md


def test_select_keeps_the_items_the_spec_names(tmp_path):
    md = api.draft(campaign(tmp_path, "problems: [虚, 慢]\n")).markdown
    assert "**一是慢。**" in md and "**二是虚。**" in md and "梗。" not in md


def test_select_with_an_unknown_key_names_the_spec_line(tmp_path):
    with pytest.raises(DrafterError) as e:
        api.draft(campaign(tmp_path, "problems: [快]\n"))
    assert e.value.line == 5 and "“快”不是本提纲的条目" in e.value.message
    assert "慢、梗、虚" in e.value.hint


def test_table_rows_reject_unknown_keys(tmp_path):
    with pytest.raises(DrafterError) as e:
        api.draft(campaign(tmp_path, "campaigns:\n  - {name: 甲, measure: [a]}\n"))
    assert e.value.line == 6 and "未知字段 campaigns[1].measure" in e.value.message
    assert "是不是 measures" in e.value.hint


def test_copies_of_a_repeated_item_say_different_sentences(tmp_path):
    extra = "campaigns: [甲年, 乙年, 丙年]\n"
    for seed in range(1, 8):
        md = api.draft(campaign(tmp_path, extra), seed=seed).markdown
        said = [line.split("活动。**", 1)[1] for line in md.splitlines()
                if line.startswith("**（") and "活动。**" in line]
        assert len(said) == 3 and len(set(said)) == 3, (seed, said)
