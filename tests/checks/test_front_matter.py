"""A cleaned corpus file's front matter: what the cleaner took off the page still reaches the
checks (the page's other titles), and the front matter itself is never read as speech."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import write

from drafter import api
from drafter.cli import cli

PAGE = """---
title: 2026年青石镇安全生产工作会议讲话
page_titles:
- {other}
level: 镇
---

# 2026年青石镇安全生产工作会议讲话

同志们：

今天召开全镇安全生产工作会议，部署今年的工作。
"""


def dates(path) -> list[dict]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--select", "D", str(path)])
    return json.loads(result.output)


def test_a_title_the_cleaner_removed_still_shows_a_year_conflict(tmp_path):
    path = write(tmp_path / "000.md", PAGE.format(other="2025年青石镇安全生产工作会议讲话"))
    [row] = dates(path)
    assert row["code"] == "D101" and row["location"]["line"] == 8
    assert row["message"].startswith("年份与网页上的另一处标题不一致：标题是2026年，网页上是“2025年")
    assert (row["start"], row["end"]) == (0, 4)


def test_the_same_year_or_another_title_is_no_conflict(tmp_path):
    same = write(tmp_path / "a.md", PAGE.format(other="2026年青石镇安全生产工作会议讲话"))
    other = write(tmp_path / "b.md", PAGE.format(other="2025年全市安全生产工作会议讲话汇编"))
    assert dates(same) == [] and dates(other) == []


def test_front_matter_is_not_speech_and_keeps_line_numbers(tmp_path):
    path = write(tmp_path / "c.md", PAGE.format(other="x"))
    speech = api.read_speech(path)
    assert speech.meta["level"] == "镇"
    assert [b.source for b in speech.blocks][:2] == [8, 10]
    assert all("page_titles" not in b.text for b in speech.blocks)


def test_front_matter_yaml_cannot_read_is_only_skipped(tmp_path):
    path = write(tmp_path / "d.md", "---\ntitle: [未闭合\n---\n\n# 标题\n\n同志们：\n\n正文。\n")
    speech = api.read_speech(path)
    assert speech.meta == {} and speech.title == "标题"
