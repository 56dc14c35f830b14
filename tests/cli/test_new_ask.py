"""`drafter new OUTLINE --ask`: one question per field, answers typed on standard input, each
checked as `drafter draft` checks a spec; the spec written at the end, never over a file."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from docx import Document

from drafter.cli import cli
from drafter.drafting.outline import find
from drafter.drafting.starter import questions
from drafter.spec.source import load_yaml

OUTLINE = "efficiency-mobilization"
REQUIRED = {"place.name": ["云溪镇"], "place.level": ["镇"], "meeting.theme": ["提效能、优服务"],
            "meeting.date": ["2026-04-08"], "speaker.name": ["李华"]}
DEFAULT_FILE = "云溪镇机关效能建设动员大会.yaml"


def typed(outline_id: str = OUTLINE, **answers: list[str]) -> str:
    """Standard input for the questions in order: the lines given per field (dots written as
    __), Enter for every other one (which ends a list at once)."""
    given = {**REQUIRED, **{k.replace("__", "."): v for k, v in answers.items()}}
    lines: list[str] = []
    for name, _ in questions(find(outline_id)):
        lines += given.get(name, [""])
    return "\n".join(lines) + "\n"


def ask(*args: str, input: str):
    return CliRunner().invoke(cli, ["new", OUTLINE, "--ask", *args], input=input)


def read(path) -> dict:
    return load_yaml(path).data


def test_answers_become_a_spec_that_drafts(in_tmp):
    result = ask(input=typed(goals=["树牢大局意识", "on", "12:30", "a: b", ""],
                             meeting__before=["宣读了实施方案", ""], speaker__title=["镇长"]))
    assert result.exit_code == 0, result.output
    assert f"已写入：{DEFAULT_FILE}\n下一步：drafter draft {DEFAULT_FILE}" in result.output
    assert "为提纲“机关效能建设动员大会讲话”填写讲话规格" in result.output
    data = read(in_tmp / DEFAULT_FILE)
    assert data["outline"] == OUTLINE
    assert data["place"] == {"name": "云溪镇", "level": "镇"}
    assert data["meeting"]["date"] == dt.date(2026, 4, 8)
    assert data["goals"] == ["树牢大局意识", "on", "12:30", "a: b"]  # text, as typed
    assert data["speaker"] == {"name": "李华", "title": "镇长"}
    assert "parent" not in data["place"]  # skipped: left commented out, with its example
    assert "  # parent: 临川县" in (in_tmp / DEFAULT_FILE).read_text(encoding="utf-8")
    drafted = CliRunner().invoke(cli, ["draft", DEFAULT_FILE, "-o", "d.docx"])
    assert drafted.exit_code == 0, drafted.output
    text = "\n".join(p.text for p in Document(str(in_tmp / "d.docx")).paragraphs)
    assert text.startswith("在云溪镇机关效能建设动员大会上的讲话") and "李华" in text


def test_a_bad_answer_is_asked_again_with_draft_s_message(in_tmp):
    result = ask(input=typed(place__level=["州", "镇"], meeting__date=["3月5日", "2026年3月5日"],
                             length=["99999", "2800"], fonts=["song", "windows"]))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "错误: 字段 place.level 是未知的层级“州”\n提示: 可用的层级：乡、镇、街道" in out
    assert "错误: 字段 meeting.date 应为日期（如 2026-03-15），实际是文字“3月5日”" in out
    assert "错误: 字段 length 应在 300–20000 之间，实际是 99999" in out
    assert "错误: 字段 fonts 应为 gb2312 或 windows，实际是 song" in out
    assert out.count("place.level：") == 2 and out.count("length：") == 2
    data = read(in_tmp / DEFAULT_FILE)
    assert data["place"]["level"] == "镇"
    assert data["meeting"]["date"] == dt.date(2026, 3, 5)  # written as a date
    assert data["length"] == 2800 and data["fonts"] == "windows"  # a number, not "2800"


def test_a_length_the_outline_cannot_write_is_refused_as_draft_refuses_it(in_tmp):
    result = ask(input=typed(length=["19000", ""]))
    assert result.exit_code == 0, result.output
    assert "目标 19000 字不在范围内" in result.output
    assert "length" not in read(in_tmp / DEFAULT_FILE)


def test_a_level_or_role_the_outline_is_not_written_for_is_asked_again(in_tmp):
    # campaign-years is not written for a 局; "null" is no role: draft refused both, later.
    result = CliRunner().invoke(cli, ["new", "campaign-years", "--ask"], input=typed(
        "campaign-years", place__level=["局", "镇"], speaker__role=["null", "书记"]))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "层级：乡 镇 街道 县 区 市 开发区（县级市写 市" in out  # the outline's own levels
    assert ("错误: 提纲 campaign-years（“N个年”活动动员大会讲话）是为乡、镇、街道、县、区、市、开发区写的，"
            "不适用于层级“局”") in out
    assert "错误: 字段 speaker.role 未知：null\n提示: 可用：书记、行政、副职、其他" in out
    written = next(in_tmp.glob("*.yaml"))
    drafted = CliRunner().invoke(cli, ["draft", str(written), "-o", "d.docx"])
    assert drafted.exit_code == 0, drafted.output


def test_enter_keeps_the_default_and_skips_an_optional_field(in_tmp):
    result = ask(input=typed())
    assert result.exit_code == 0, result.output
    assert "meeting.name [机关效能建设动员大会]：" in result.output
    assert "seed [1]：" in result.output
    data = read(in_tmp / DEFAULT_FILE)
    assert data["meeting"]["name"] == "机关效能建设动员大会" and data["seed"] == 1
    assert "goals 第1项 [树牢大局意识，克服各自为战、推诿扯皮的倾向；" in result.output
    assert data["goals"] == find(OUTLINE).fields["goals"].default  # a list's default, kept
    assert "problems" not in data and "deadline" not in data and "title" not in data


def test_a_required_field_cannot_be_skipped(in_tmp):
    result = ask(input=typed(place__name=["", "  ", "云溪镇"]))
    assert result.exit_code == 0, result.output
    assert result.output.count("错误: 缺少必填字段 place.name（地名全称）") == 2
    assert read(in_tmp / DEFAULT_FILE)["place"]["name"] == "云溪镇"


def test_a_list_is_one_item_per_line_and_each_item_is_checked(in_tmp):
    result = ask(input=typed(goals=["第一条", "第二条", ""], problems=["慢", "梗", ""],
                             place__words=["leaders 镇党委", "leaderz: 镇党委", "leaders：镇党委、镇政府", ""],
                             title=["在云溪镇, 效能建设大会上的讲话", "第二行", ""]))
    assert result.exit_code == 0, result.output
    assert "错误: 每项写成“键: 值”" in result.output
    assert "错误: 未知字段 place.words.leaderz\n提示: 是不是 leaders？" in result.output
    data = read(in_tmp / DEFAULT_FILE)
    assert data["goals"] == ["第一条", "第二条"] and data["problems"] == ["慢", "梗"]
    assert data["place"]["words"] == {"leaders": "镇党委、镇政府"}
    assert data["title"] == ["在云溪镇, 效能建设大会上的讲话", "第二行"]


def test_a_table_is_asked_key_by_key(in_tmp):
    rows = ["城南污水厂", "土建完成七成", "要素制约", "冷链物流园", "", "手续卡壳", ""]
    result = CliRunner().invoke(cli, ["new", "project-review", "--ask", "-o", "p.yaml"],
                                input=typed("project-review", projects=["", *rows]))
    assert result.exit_code == 0, result.output
    assert "错误: 缺少必填字段 projects" in result.output  # Enter at once: required
    assert "projects 第2项 progress：" in result.output
    assert read(in_tmp / "p.yaml")["projects"] == [
        {"name": "城南污水厂", "progress": "土建完成七成", "remark": "要素制约"},
        {"name": "冷链物流园", "remark": "手续卡壳"}]
    assert CliRunner().invoke(cli, ["draft", "p.yaml", "-f", "md", "-o", "p.md"]).exit_code == 0


def test_an_existing_file_is_refused_before_any_question(in_tmp):
    (in_tmp / "s.yaml").write_text("mine\n", encoding="utf-8")
    result = ask("-o", "s.yaml", input=typed())
    assert result.exit_code == 2
    assert result.output.startswith("错误: ") and "place.name：" not in result.output
    assert (in_tmp / "s.yaml").read_text(encoding="utf-8") == "mine\n"
    result = ask("-o", "s.yaml", "--force", input=typed())
    assert result.exit_code == 0 and read(in_tmp / "s.yaml")["place"]["name"] == "云溪镇"


def test_the_default_file_name_is_never_one_that_exists(in_tmp):
    (in_tmp / DEFAULT_FILE).write_text("mine\n", encoding="utf-8")
    result = ask(input=typed())
    assert result.exit_code == 0, result.output
    second = DEFAULT_FILE.replace(".yaml", "-2.yaml")
    assert f"下一步：drafter draft {second}" in result.output
    assert (in_tmp / DEFAULT_FILE).read_text(encoding="utf-8") == "mine\n"
    assert read(in_tmp / second)["place"]["name"] == "云溪镇"


def test_end_of_input_stops_and_writes_nothing(in_tmp):
    result = ask(input="云溪镇\n镇\n")
    assert result.exit_code == 1
    assert "已中止：没有写入任何文件。" in result.output
    assert list(in_tmp.iterdir()) == []
