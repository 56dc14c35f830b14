"""`drafter outlines check`: an outline drafted over its context grid, each finding with the
file:line or the cell (and, with --specs, the spec) that reproduces it; exit 0 clean, 1 on
findings, 2 when the outline cannot be read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import FIXTURES

from drafter import api
from drafter.checks.context_rules import find
from drafter.cli import cli
from drafter.drafting.context import build
from drafter.drafting.render import _body
from drafter.spec.source import Source

CLEAN = FIXTURES / "audit-outline.yaml"


def run(*args):
    return CliRunner().invoke(cli, ["outlines", "check", *args], catch_exceptions=False)


def outline(tmp_path, old: str = "", new: str = "") -> str:
    text = CLEAN.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "我的提纲.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


def line_of(path: str, fragment: str) -> int:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if fragment in ln)


def test_a_clean_outline_passes_and_the_figures_are_printed(tmp_path):
    result = run(outline(tmp_path), "--seeds", "2")
    assert result.exit_code == 0, result.output
    assert "提纲 audit-ok（检查用提纲）：试写" in result.output
    assert "最相近的一对 0%" in result.output  # every sentence has two alternatives
    assert re.search(r"篇幅（目标→写到）：300→\d+–\d+，380→\d+–\d+", result.output)
    assert result.output.rstrip().endswith("没有发现问题")


def test_an_unused_field_is_named_with_its_line(tmp_path):
    path = outline(tmp_path, "  tasks:", "  budget: {type: str, example: 100万元}\n  tasks:")
    result = run(path, "--seeds", "2")
    assert result.exit_code == 1
    assert f"[字段] 我的提纲.yaml:{line_of(path, 'budget:')} 字段 budget 声明了" in result.output


def test_a_template_error_names_the_file_and_line(tmp_path):
    path = outline(tmp_path, "把{{ t }}抓实。", "把{{ tt.name }}抓实。")
    result = run(path, "--seeds", "2")
    assert result.exit_code == 1
    # The sentence's key line (lead:), its alternatives on the line below.
    assert f"[错误] 我的提纲.yaml:{line_of(path, 'tt.name') - 1} 句子用到了未定义的变量 tt" in (
        result.output)


def test_a_context_slip_is_reported_with_the_cell_and_its_spec_reproduces_it(tmp_path):
    path = outline(tmp_path, "{text: 今天召开这次会议，", "{text: 春节刚过，今天召开这次会议，")
    specs = tmp_path / "复现"
    result = run(path, "--seeds", "2", "--specs", str(specs))
    assert result.exit_code == 1
    assert "[场景] [" in result.output and "不能说“春节刚过”" in result.output
    assert "场景：镇 · 2026-07-15（年中） · 书记 · 种子" in result.output
    written = sorted(specs.glob("audit-ok-*.yaml"))
    assert written and f"复现问题的讲话规格：{len(written)} 个" in result.output
    # Each written spec drafts (by path, from its own folder) into the problem it stands for.
    slips = 0
    for spec_path in written:
        data = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        assert data["outline"] == str((tmp_path / "我的提纲.yaml").resolve())
        drafted = api.draft(Source(spec_path, data))
        body = _body(drafted.markdown).replace("**", "")
        slips += bool(find(body, build(drafted.spec), drafted.spec.place, {}))
    assert slips == len(written)
    again = run(path, "--seeds", "2", "--specs", str(specs))  # never over a file already there
    assert "复现问题的讲话规格：0 个" in again.output


def test_seeds_that_say_the_same_sentences_are_reported(tmp_path):
    text = CLEAN.read_text(encoding="utf-8")
    path = tmp_path / "same.yaml"
    # The one-line choices reduced to their first alternative: seeds 1 and 2 say those alike.
    path.write_text(re.sub(r'one_of: \[("[^"]*"|[^,\]]*), [^\]]*\]', r"\1", text),
                    encoding="utf-8")
    result = run(str(path), "--seeds", "2")
    assert result.exit_code == 1
    shares = re.findall(r"\[变体\] 种子1与种子2有 (\d+)% 的句子相同（上限 15%）", result.output)
    assert shares and all(int(x) > 15 for x in shares)


def test_a_length_the_outline_cannot_reach_is_reported(tmp_path):
    result = run(outline(tmp_path, "lengths: [300, 380]", "lengths: [300, 900]"), "--seeds", "2")
    assert result.exit_code == 1
    assert re.search(r"\[篇幅\] 目标 900 字，写出 \d+ 字（允许 ±10%）", result.output)


@pytest.mark.parametrize(("ref", "message"), [
    ("没有这个提纲", "未知的提纲 没有这个提纲"),
    ("missing.yaml", "找不到提纲文件：missing.yaml"),
])
def test_an_outline_that_cannot_be_read_exits_2(tmp_path, ref, message):
    result = run(ref)
    assert result.exit_code == 2 and message in result.output


def test_a_library_outline_is_named_by_id_or_by_its_chinese_name(in_tmp):
    result = CliRunner().invoke(cli, ["new", "机关效能"], catch_exceptions=False)
    assert result.exit_code == 0 and "outline: efficiency-mobilization" in result.output
    result = CliRunner().invoke(cli, ["new", "转变作风打造一流机关形象专项活动动员会讲话"])
    assert result.exit_code == 0 and "outline: work-style-campaign" in result.output
    spec = in_tmp / "s.yaml"
    spec.write_text(result.output.replace("outline: work-style-campaign", "outline: 转变作风"),
                    encoding="utf-8")
    assert api.draft(spec).outline.id == "work-style-campaign"


def test_levels_that_say_the_same_sentences_are_reported(tmp_path):
    text = CLEAN.read_text(encoding="utf-8")
    path = tmp_path / "flat.yaml"
    path.write_text(re.sub(r", when: \{level: [镇县]\}\}", "}", text), encoding="utf-8")
    result = run(str(path), "--seeds", "2")
    assert result.exit_code == 1
    assert re.search(r"\[层级\] 镇和县的讲话有 \d+% 的句子相同（上限 60%）", result.output)
