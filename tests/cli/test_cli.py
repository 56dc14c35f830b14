"""The command line as a user meets it: exit codes, Chinese messages, files written or not."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, FIXTURES, listing, write
from docx import Document

from drafter.cli import cli

GOOD = """\
outline: efficiency-mobilization
place:
  name: 青石镇
  level: 镇
meeting:
  theme: 发扬实干精神，推动机关效能建设上台阶
  date: 2026-03-15
speaker:
  name: 王明
  title: 镇党委书记
"""


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def assert_user_error(result, *fragments):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("错误: ")
    for f in fragments:
        assert f in result.output, result.output


# Each broken input: the spec text, and what the message must say (file:line, field, hint).
BROKEN = {
    "malformed-yaml": (
        GOOD.replace("  level: 镇", " level: 镇"),
        ["spec.yaml:4:2:", "YAML 格式错误", "第4行第2列"],
    ),
    "missing-field": (
        GOOD.replace("  date: 2026-03-15\n", ""),
        ["spec.yaml:5:", "缺少必填字段 meeting.date", "提示: 例如：meeting.date: 2026-03-15"],
    ),
    "unknown-key": (
        GOOD.replace("  name: 王明", "  nmae: 王明"),
        ["spec.yaml:9:", "未知字段 speaker.nmae", "是不是 speaker.name？"],
    ),
    "unknown-key-wrong-level": (
        GOOD + "date: 2026-03-15\n",
        ["spec.yaml:11:", "未知字段 date", "是不是 meeting.date？"],
    ),
    "unknown-outline": (
        GOOD.replace("efficiency-mobilization", "efficency-mobilization"),
        ["spec.yaml:1:", "未知的提纲 efficency-mobilization", "是不是 efficiency-mobilization？"],
    ),
    "unknown-level": (
        GOOD.replace("level: 镇", "level: 州"),
        ["spec.yaml:4:", "place.level 是未知的层级“州”", "可用的层级：乡、镇、街道、县、区、市"],
    ),
    "control-char-escaped": (
        GOOD.replace("发扬实干精神", '"发扬\\v实干精神').replace("上台阶\n", '上台阶"\n'),
        ["spec.yaml:6:", "meeting.theme 含有不允许的控制字符 U+000B"],
    ),
    "control-char-raw": (
        GOOD.replace("发扬实干精神", "发扬\x0b实干精神"),
        ["spec.yaml:6:", "控制字符 U+000B"],
    ),
    "wrong-type": (
        GOOD.replace("date: 2026-03-15", "date: 下周一"),
        ["spec.yaml:7:", "字段 meeting.date 应为日期", "文字“下周一”"],
    ),
    "list-expected": (
        GOOD + "goals: 提高效率\n",
        ["spec.yaml:11:", "字段 goals 应为列表"],
    ),
    "duplicate-key": (
        GOOD + "place:\n  name: 又一个\n",
        ["spec.yaml:11:", "重复的键"],
    ),
    "python-tag": (
        GOOD + "goals: !!python/object/apply:os.system [echo hi]\n",
        ["spec.yaml:11:", "不允许的"],
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_spec_exits_2_with_chinese_message_and_writes_nothing(case, in_tmp):
    text, fragments = BROKEN[case]
    write(in_tmp / "spec.yaml", text)
    before = listing(in_tmp)
    result = run("draft", "spec.yaml")
    assert_user_error(result, *fragments)
    assert listing(in_tmp) == before


def test_existing_output_is_not_overwritten_without_force(in_tmp):
    write(in_tmp / "spec.yaml", GOOD)
    write(in_tmp / "out.docx", "precious")
    result = run("draft", "spec.yaml", "-o", "out.docx")
    assert_user_error(result, "输出文件已存在：out.docx", "--force")
    assert (in_tmp / "out.docx").read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in in_tmp.iterdir()) == ["out.docx", "spec.yaml"]

    result = run("draft", "spec.yaml", "-o", "out.docx", "--force")
    assert result.exit_code == 0, result.output
    assert Document(str(in_tmp / "out.docx")).paragraphs[0].text.startswith("在青石镇")


def test_default_output_name_is_the_title_in_the_current_folder(in_tmp):
    write(in_tmp / "spec.yaml", GOOD)
    result = run("draft", "spec.yaml")
    assert result.exit_code == 0, result.output
    out = in_tmp / "在青石镇机关效能建设动员大会上的讲话.docx"
    assert out.is_file()
    assert "已写入：在青石镇机关效能建设动员大会上的讲话.docx" in result.output
    assert "讲话约" in result.output and "分钟" in result.output
    # No temp files left behind by the atomic write.
    assert sorted(p.name for p in in_tmp.iterdir()) == ["spec.yaml", out.name]


def test_markdown_draft_edited_by_hand_becomes_docx(in_tmp):
    write(in_tmp / "spec.yaml", GOOD)
    assert run("draft", "spec.yaml", "--format", "md", "-o", "d.md").exit_code == 0
    md = (in_tmp / "d.md").read_text(encoding="utf-8")
    assert md.startswith("# 在青石镇机关效能建设动员大会上的讲话\n")
    edited = md.replace("同志们：\n", "同志们：\n\n今天的会很重要，我先说一句。\n", 1)
    write(in_tmp / "d.md", edited)
    result = run("draft", "d.md", "-o", "final.docx")
    assert result.exit_code == 0, result.output
    texts = [p.text for p in Document(str(in_tmp / "final.docx")).paragraphs]
    assert texts[0] == "在青石镇机关效能建设动员大会上的讲话"
    assert "今天的会很重要，我先说一句。" in texts


def test_markdown_to_stdout_and_seed_changes_wording(in_tmp):
    write(in_tmp / "spec.yaml", GOOD)
    a = run("draft", "spec.yaml", "-f", "md", "-o", "-", "--seed", "1").output
    b = run("draft", "spec.yaml", "-f", "md", "-o", "-", "--seed", "2").output
    again = run("draft", "spec.yaml", "-f", "md", "-o", "-", "--seed", "1").output
    assert a.startswith("# 在青石镇")
    assert a == again
    assert a != b
    assert list(in_tmp.iterdir()) == [in_tmp / "spec.yaml"]


def test_txt_output(in_tmp):
    write(in_tmp / "spec.yaml", GOOD)
    assert run("draft", "spec.yaml", "-o", "d.txt").exit_code == 0
    lines = (in_tmp / "d.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "在青石镇机关效能建设动员大会上的讲话"
    assert "同志们：" in lines
    assert any(ln.startswith("\u3000\u3000一、") for ln in lines)


def test_unknown_output_suffix_is_refused(in_tmp):
    write(in_tmp / "spec.yaml", GOOD)
    assert_user_error(run("draft", "spec.yaml", "-o", "d.pdf"), "无法从文件名判断输出格式")


def test_missing_input_file(in_tmp):
    assert_user_error(run("draft", "nope.yaml"), "找不到讲话规格文件：nope.yaml")


def test_outlines_lists_the_library():
    result = run("outlines")
    assert result.exit_code == 0
    header, *rows = result.output.splitlines()
    assert header.split() == ["id", "名称", "场合", "层级", "字数"]
    assert any(r.split()[0] == "efficiency-mobilization" and "机关效能" in r for r in rows)
    assert all(re.search(r"\d+–\d+$", r) for r in rows)


def test_a_length_outside_the_outline_s_range_exits_2_and_says_the_range(tmp_path):
    result = run("draft", str(EXAMPLES / "qingshi-town.yaml"), "--length", "19000", "-o",
                 str(tmp_path / "a.md"))
    assert result.exit_code == 2
    assert "字，目标 19000 字不在范围内" in result.output and "drafter outlines" in result.output
    assert not (tmp_path / "a.md").exists()


def test_new_scaffolds_a_spec_that_drafts(in_tmp):
    result = run("new", "efficiency-mobilization")
    assert result.exit_code == 0
    text = result.output
    for field in ("outline:", "place:", "level:", "meeting:", "theme:", "date:", "speaker:",
                  "goals:", "deadline:", "seed:", "length:"):
        assert field in text, field
    assert "# " in text  # commented
    write(in_tmp / "new.yaml", text)
    result = run("draft", "new.yaml", "-o", "new.docx")
    assert result.exit_code == 0, result.output


def test_new_unknown_outline():
    assert_user_error(run("new", "nope"), "未知的提纲 nope")


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.output.startswith("drafter ")


def test_debug_shows_the_traceback(in_tmp):
    write(in_tmp / "spec.yaml", GOOD.replace("level: 镇", "level: 州"))
    result = CliRunner().invoke(cli, ["--debug", "draft", "spec.yaml"])
    assert result.exit_code != 0
    assert result.exception is not None and type(result.exception).__name__ == "DrafterError"


@pytest.mark.parametrize("name", ["qingshi-town.yaml", "yunxi-district.yaml"])
def test_examples_draft(name, in_tmp):
    shutil.copy(EXAMPLES / name, in_tmp / name)
    result = run("draft", name, "-o", "x.docx")
    assert result.exit_code == 0, result.output


def test_python_dash_m_runs_the_same_cli(tmp_path):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "drafter", "draft", "nope.yaml"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 2
    assert "找不到讲话规格文件：nope.yaml" in out.stderr and "Traceback" not in out.stderr


def test_readme_outline_example_drafts(in_tmp):
    """The minimal outline the README teaches works as printed."""
    import re

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    outline = re.search(r"```yaml\n(id: my-speech.*?)```", readme, re.S).group(1)
    write(in_tmp / "my-speech.yaml", outline)
    write(in_tmp / "s.yaml", "outline: my-speech.yaml\nplace: {name: 青石镇, level: 镇}\n"
          "meeting: {name: 工作会议, date: 2026-03-15}\nspeaker: {name: 王明}\n")
    result = run("draft", "s.yaml", "-f", "md", "-o", "-")
    assert result.exit_code == 0, result.output
    assert "## 一、抓好重点工作" in result.output
    assert "要突出抓好两个方面：" in result.output and "**二要转变工作作风。**" in result.output


def test_podium_layout_from_the_command_line(in_tmp):
    write(in_tmp / "spec.yaml", GOOD)
    result = run("draft", "spec.yaml", "-o", "podium.docx", "--layout", "podium")
    assert result.exit_code == 0, result.output
    doc = Document(str(in_tmp / "podium.docx"))
    assert doc.styles["Normal"].font.size.pt == 18
    assert doc.sections[0].page_width.mm == pytest.approx(210, abs=0.1)


def test_a_target_the_outline_cannot_meet_is_not_printed_as_met(in_tmp):
    write(in_tmp / "tiny.yaml", (FIXTURES / "mini-outline.yaml").read_text(encoding="utf-8"))
    write(in_tmp / "s.yaml", "outline: tiny.yaml\nplace: {name: 青石镇, level: 镇}\n"
          "meeting: {name: 动员大会, theme: 实干, date: 2026-03-15}\nspeaker: {name: 王明, title: 书记}\n")
    result = run("draft", "s.yaml", "--length", "9000", "-o", "a.md")
    assert result.exit_code == 0, result.output
    assert "目标 9000 字）" not in result.stdout and "，目标" not in result.stdout
    assert "注意：提纲在这一篇幅写不到目标 9000 字（差 -" in result.stderr
    result = run("draft", str(EXAMPLES / "qingshi-town.yaml"), "-o", "b.md")
    assert "，目标 3000 字，讲话约" in result.stdout and not result.stderr


def _east_asian_fonts(path) -> set[str]:
    import zipfile

    styles = zipfile.ZipFile(path).read("word/styles.xml").decode("utf-8")
    return set(re.findall(r'<w:rFonts[^>]*w:eastAsia="([^"]+)"', styles))


def test_fonts_every_windows_has_from_the_option_or_the_spec(in_tmp):
    spec = (EXAMPLES / "qingshi-town.yaml").read_text(encoding="utf-8")
    write(in_tmp / "a.yaml", spec)
    assert run("draft", "a.yaml", "-o", "gb.docx").exit_code == 0
    assert "仿宋_GB2312" in _east_asian_fonts(in_tmp / "gb.docx")
    assert run("draft", "a.yaml", "--fonts", "windows", "-o", "win.docx").exit_code == 0
    assert _east_asian_fonts(in_tmp / "win.docx") == {"仿宋", "楷体", "黑体", "宋体"}
    write(in_tmp / "b.yaml", spec + "fonts: windows\n")
    assert run("draft", "b.yaml", "-o", "spec.docx").exit_code == 0
    assert _east_asian_fonts(in_tmp / "spec.docx") == {"仿宋", "楷体", "黑体", "宋体"}
    write(in_tmp / "c.yaml", spec + "fonts: 方正\n")
    result = run("draft", "c.yaml", "-o", "bad.docx")
    line = len(spec.splitlines()) + 1
    assert_user_error(result, f"c.yaml:{line}", "字段 fonts 应为 gb2312 或 windows，实际是 方正")
    assert not (in_tmp / "bad.docx").exists()


def test_the_spec_knows_the_writer_s_font_sets():
    from drafter.batch.plan import FONTS
    from drafter.document.docx_parts import FONT_CHOICES as WRITER
    from drafter.spec.validate import FONT_CHOICES as SPEC

    assert SPEC == WRITER == FONTS


def test_the_writer_s_own_title_in_lines(in_tmp):
    spec = (EXAMPLES / "qingshi-town.yaml").read_text(encoding="utf-8")
    write(in_tmp / "a.yaml", spec + "title: [在青石镇机关效能建设, 动员大会上的讲话]\n")
    assert run("draft", "a.yaml", "-o", "a.docx").exit_code == 0
    assert Document(str(in_tmp / "a.docx")).paragraphs[0].text == "在青石镇机关效能建设\n动员大会上的讲话"
    md = run("draft", "a.yaml", "-o", "-", "-f", "md").output
    assert md.startswith("# 在青石镇机关效能建设\n# 动员大会上的讲话\n")
    write(in_tmp / "b.yaml", spec + "title: 在青石镇效能建设大会上的讲话\n")
    assert run("draft", "b.yaml", "-o", "-", "-f", "md").output.startswith("# 在青石镇效能建设大会上的讲话\n")
    write(in_tmp / "c.yaml", spec + "title: [在青石镇, '']\n")
    assert_user_error(run("draft", "c.yaml", "-o", "c.docx"), "字段 title 不能有空行")
    assert "# title:" in run("new", "efficiency-mobilization").output  # the outline's, until changed
