"""Spec loading: types, defaults, normalization, levels and their words."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import write

from drafter import api
from drafter.errors import DrafterError

BASE = """\
outline: efficiency-mobilization
place: {name: 青石镇, level: 镇}
meeting: {theme: 发扬实干精神, date: 2026-03-15}
speaker: {name: 王明}
"""


def load(tmp_path, text):
    spec, _ = api.load_spec(write(tmp_path / "s.yaml", text))
    return spec


def test_defaults_come_from_the_outline(tmp_path):
    spec = load(tmp_path, BASE)
    assert spec.values["meeting"]["name"] == "机关效能建设动员大会"
    assert spec.values["goals"]  # the outline's default goals
    assert spec.values["deadline"] is None
    assert spec.seed == 1 and spec.length is None


@pytest.mark.parametrize("text", ["2026-06-30", "2026/6/30", "2026年6月30日", "2026.06.30"])
def test_date_spellings(tmp_path, text):
    spec = load(tmp_path, BASE + f"deadline: '{text}'\n")
    assert spec.values["deadline"] == dt.date(2026, 6, 30)


def test_impossible_date_is_an_error(tmp_path):
    with pytest.raises(DrafterError) as e:
        load(tmp_path, BASE + "deadline: '2026-02-30'\n")
    assert e.value.line == 5 and "deadline 应为日期" in e.value.message


def test_strings_are_normalized_once_on_load(tmp_path):
    spec = load(tmp_path, BASE.replace("发扬实干精神", '"  发扬实干精神,推动效能(建设)上台阶\\u200b  "'))
    assert spec.values["meeting"]["theme"] == "发扬实干精神，推动效能（建设）上台阶"
    spec = load(tmp_path, BASE + "goals:\n  - |\n    第一行\n    第二行\n")
    assert spec.values["goals"] == ["第一行第二行"]


@pytest.mark.parametrize("level,self_word,leaders,upper", [
    ("乡", "我乡", "乡党委、乡政府", "县委、县政府"),
    ("街道", "我街道", "街道党工委、办事处", "区委、区政府"),
    ("县", "我县", "县委、县政府", "市委、市政府"),
    ("县级市", "我市", "市委、市政府", "省委、省政府"),
    ("旗", "我旗", "旗委、旗政府", "盟委、行署"),
    ("开发区", "我区", "党工委、管委会", "市委、市政府"),
    ("局", "我局", "局党组", "县委、县政府"),
])
def test_level_words(tmp_path, level, self_word, leaders, upper):
    spec = load(tmp_path, BASE.replace("level: 镇", f"level: {level}"))
    assert (spec.place["self"], spec.place["leaders"], spec.place["upper"]) == (
        self_word, leaders, upper)


def test_parent_sets_the_upper_level_and_words_override(tmp_path):
    spec = load(tmp_path, BASE.replace("level: 镇}", "level: 镇, parent: 江州市}"))
    assert spec.place["upper"] == "市委、市政府"
    assert spec.place["short"] == "青石"
    spec = load(tmp_path, BASE.replace(
        "level: 镇}", "level: 局, words: {self: 我委, leaders: 委党组}}"))
    assert spec.place["self"] == "我委" and spec.place["leaders"] == "委党组"


def test_unknown_word_key_is_an_error(tmp_path):
    with pytest.raises(DrafterError) as e:
        load(tmp_path, BASE.replace("level: 镇}", "level: 镇, words: {slef: 我委}}"))
    assert "place.words.slef" in e.value.message and "是不是 self" in e.value.hint


@pytest.mark.parametrize("text,message", [
    ("seed: -1\n", "seed 应为非负整数"),
    ("seed: abc\n", "seed 应为整数"),
    ("length: 50\n", "length 应在 300–20000 之间"),
    ("seed: true\n", "seed 应为整数，实际是布尔值"),
])
def test_numbers_are_checked(tmp_path, text, message):
    with pytest.raises(DrafterError) as e:
        load(tmp_path, BASE + text)
    assert message in e.value.message
    assert e.value.line == 5


def test_spec_must_be_a_mapping(tmp_path):
    with pytest.raises(DrafterError) as e:
        load(tmp_path, "- a\n- b\n")
    assert "映射" in e.value.message


def test_group_must_be_a_mapping(tmp_path):
    with pytest.raises(DrafterError) as e:
        load(tmp_path, BASE.replace("speaker: {name: 王明}", "speaker: 王明"))
    assert e.value.line == 4 and "speaker 应为下一级字段的映射" in e.value.message
    assert "name: 王明" in e.value.hint


def test_outline_by_path_relative_to_the_spec(tmp_path, mini_outline):
    (tmp_path / "my").mkdir()
    (tmp_path / "my" / "o.yaml").write_bytes(mini_outline.read_bytes())
    spec = load(tmp_path, BASE.replace("efficiency-mobilization", "my/o.yaml"))
    assert spec.outline == "my/o.yaml"


def test_alias_bomb_is_refused_quickly(tmp_path):
    rows = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    rows += [f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]" for i in range(1, 9)]
    with pytest.raises(DrafterError) as e:
        load(tmp_path, "\n".join(rows) + "\n")
    assert "过大" in e.value.message
