"""`drafter check`'s context rule: the table the outline library is tested with, applied to a
speech someone wrote — level and institution, the speaker's role, the season, formulas."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import write

from drafter.cli import cli

SPEECH = "# 在东湖街道{meeting}上的讲话\n\n> {title} 王明\n> （{date}）\n\n同志们：\n\n{body}\n"


def check(tmp_path, body, *, title="街道党工委书记", date="2026年12月28日", meeting="工作会议",
          level=None):
    path = write(tmp_path / "s.md", SPEECH.format(meeting=meeting, title=title, date=date,
                                                  body=body))
    args = ["check", str(path)] + (["--level", level] if level else [])
    return CliRunner().invoke(cli, args, catch_exceptions=False)


@pytest.mark.parametrize(("body", "message"), [
    ("我们召开街道政府全体会议。", "街道没有政府"),
    ("春节刚过，各项工作千头万绪。", "不能说“春节刚过”"),
    ("年底前要全部完成。", "12 月的会议稿里写“年底前”"),
    ("让我们紧密团结在街道党工委周围。", "只用于党中央"),
    ("在街道党工委的坚强领导下，我们干成了几件大事。", "书记讲话不说本级党委"),
    ("会上，我们对进行了隆重表彰。", "句子缺了对象"),
])
def test_wording_that_does_not_fit_is_reported(tmp_path, body, message):
    result = check(tmp_path, body)
    assert result.exit_code == 1, result.output
    assert " X1" in result.output or " P104" in result.output, result.output
    assert message in result.output


@pytest.mark.parametrize(("body", "kwargs"), [
    ("春节刚过，各项工作千头万绪。", {"date": "2027年2月22日"}),
    ("年底前要全部完成。", {"date": "2026年11月10日"}),
    ("在区委的坚强领导下，我们干成了几件大事。", {}),
    ("在街道党工委的坚强领导下，我们干成了几件大事。", {"title": "街道办事处主任"}),
    ("让我们更加紧密地团结在以习近平同志为核心的党中央周围。", {}),
])
def test_the_same_words_in_their_right_context_are_not(tmp_path, body, kwargs):
    result = check(tmp_path, body, **kwargs)
    assert " X1" not in result.output, result.output


def test_a_bureau_speech_is_read_as_a_bureau_s(tmp_path):
    result = check(tmp_path, "这件事事关全局，大家要有全局意识。", title="局党组书记",
                   meeting="教育局工作会议")
    assert "X106" in result.output and "局机关的讲话里“全局”会被读成“整个局”" in result.output


PAGE = "{title}\n{speaker}\n（2026年1月8日）\n同志们：\n{body}\n"


@pytest.mark.parametrize(("title", "speaker", "body", "code"), [
    # A speaker line typed without a space still names the post.
    ("在望江县经济工作会议上的讲话", "县委书记唐卫东", "在县委的坚强领导下，全县稳中有进。", "X108"),
    # The speech's own place fills {place.name}: 枫林乡 + 乡.
    ("在枫林乡人居环境整治会议上的讲话", "乡党委书记  周平", "让枫林乡乡的每一个村都干净整洁。", "X113"),
    ("在枫林乡水利建设会议上的讲话", "乡长  周平", "县直有关部门要加强技术指导。", "X103"),
    # A bureau the title names, with no speaker line at all.
    ("在安平市交通运输局工作会议上的讲话", "", "各科室要立足服从服务全局。", "X106"),
])
def test_context_from_a_page_someone_typed(tmp_path, title, speaker, body, code):
    path = write(tmp_path / "p.txt", PAGE.format(title=title, speaker=speaker, body=body))
    result = CliRunner().invoke(cli, ["check", "--select", "X", str(path)])
    assert f" {code} " in result.output, result.output


@pytest.mark.parametrize(("title", "body"), [
    ("在枫林乡水利建设会议上的讲话", "我们要积极争取县直有关部门的支持。"),
    ("在安平市交通工作会议上的讲话", "各单位要立足服从服务全局。"),  # a 市 meeting: 全局 is the whole
    ("在全市工作大局中谋划交通工作的讲话", "各单位要立足服从服务全局。"),
])
def test_context_from_a_page_not_reported(tmp_path, title, body):
    path = write(tmp_path / "p.txt", PAGE.format(title=title, speaker="", body=body))
    result = CliRunner().invoke(cli, ["check", "--select", "X", str(path)])
    assert " X1" not in result.output, result.output
