"""`drafter check`'s rule codes, --select/--ignore, the project file (drafter.toml,
[tool.drafter.check]) and --fix."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from click.testing import CliRunner
from conftest import write

from drafter.checks import catalog
from drafter.cli import cli

TITLE = "在青石镇机关效能建设动员大会上的讲话"
FRONT = ("镇党委书记  王明", "（2026年3月15日）", "同志们：")
# A placeholder (P101), a skipped number (N101), a direction control (C101, fixable) and a
# sentence said twice (R101).
BODY = ("刚才，XX同志宣读了表彰决定。", "一是慢。", "三是散。",
        "今天\u202e召开会议，部署机关效能建设工作。",
        "抓落实是最好的表态，结果是最硬的检验。", "抓落实是最好的表态，结果是最硬的检验。")
TEXT = "\n".join([TITLE, *FRONT, *BODY]) + "\n"


def run(*args: str, cwd=None):
    return CliRunner().invoke(cli, ["check", *args], catch_exceptions=False)


def codes(result) -> list[str]:
    return [r["code"] for r in json.loads(result.output)]


@pytest.fixture
def speech_file(in_tmp):
    return write(in_tmp / "讲话.txt", TEXT)


def test_every_rule_has_a_unique_code_and_name():
    rules = catalog.rules()
    assert len({r.code for r in rules}) == len({r.name for r in rules}) == len(rules)
    assert all(r.severity in catalog.SEVERITIES for r in rules)


def test_findings_carry_their_code(speech_file):
    assert codes(run("--format", "json", str(speech_file))) == [
        "P101", "N101", "C101", "R101", "S101"]


@pytest.mark.parametrize(("args", "expected"), [
    (["--select", "P101"], ["P101"]),
    (["--select", "placeholder,N"], ["P101", "N101"]),
    (["--select", "C", "--select", "R"], ["C101", "R101"]),
    (["--ignore", "N101", "--ignore", "repeat"], ["P101", "C101", "S101"]),
    (["--select", "P,N", "--ignore", "N101"], ["P101"]),
])
def test_select_and_ignore(speech_file, args, expected):
    assert codes(run("--format", "json", *args, str(speech_file))) == expected


def test_an_unknown_rule_is_refused_before_any_file(speech_file):
    result = run("--select", "Z9", str(speech_file))
    assert result.exit_code == 2
    assert "未知的检查项：Z9" in result.output and "C201" in result.output


def test_the_project_file_chooses_rules_severity_and_options(in_tmp, speech_file):
    write(in_tmp / "drafter.toml", '[check]\nignore = ["N"]\n\n[check.rules.R101]\n'
          'severity = "error"\n\n[check.rules.placeholder]\nseverity = "info"\n')
    rows = json.loads(run("--format", "json", str(speech_file)).output)
    assert [(r["code"], r["severity"]) for r in rows] == [
        ("P101", "info"), ("C101", "error"), ("R101", "error"), ("S101", "info")]
    # The run's --select replaces the file's choice; its --ignore adds to the file's.
    assert codes(run("--format", "json", "--select", "N", str(speech_file))) == ["N101"]
    assert codes(run("--format", "json", "--ignore", "P", str(speech_file))) == [
        "C101", "R101", "S101"]


def test_an_option_tunes_a_rule(in_tmp, speech_file):
    write(in_tmp / "drafter.toml", "[check.rules.repeat]\nmin-chars = 40\n")
    assert "R101" not in codes(run("--format", "json", str(speech_file)))


def test_the_project_file_is_found_above_the_checked_file(in_tmp):
    write(in_tmp / "pyproject.toml", '[project]\nname = "x"\n\n[tool.drafter.check]\n'
          'select = ["P"]\n')
    (in_tmp / "材料" / "三月").mkdir(parents=True)
    inner = write(in_tmp / "材料" / "三月" / "讲话.txt", TEXT)
    assert codes(run("--format", "json", str(inner))) == ["P101"]
    # --config names another file; a folder without one uses every rule.
    other = write(in_tmp / "其他.toml", '[check]\nselect = ["N"]\n')
    assert codes(run("--format", "json", "--config", str(other), str(inner))) == ["N101"]


@pytest.mark.parametrize(("toml", "message"), [
    ("[check]\nselect = [\"P\" \"N\"]\nignore = []\n", "drafter.toml：第2行：不是有效的 TOML 文件"),
    ("[check]\nselect = [\"P\"\n", "drafter.toml：第2行：不是有效的 TOML 文件"),
    ("[check]\nselekt = [\"P\"]\n", "drafter.toml：第2行：字段 selekt 不对：不认识这个字段"),
    ("[check]\nselect = \"P\"\n", "drafter.toml：第2行：字段 select 不对：应是一组规则代码或名称"),
    ("[check]\nignore = [\"Q1\"]\n", "drafter.toml：第2行：ignore：未知的检查项：Q1"),
    ("[check.rules.R101]\nseverity = \"fatal\"\n",
     "drafter.toml：第2行：字段 severity 不对：应是 error、warning 或 info"),
    ("[check.rules.R101]\nmax = 3\n", "规则 R101 repeat 没有这个选项；可用：severity、min-chars"),
    ("[check.rules.nothing]\n", "drafter.toml：第1行：字段 nothing 不对"),
])
def test_a_bad_project_file_is_named_with_its_line(in_tmp, speech_file, toml, message):
    write(in_tmp / "drafter.toml", toml)
    result = run(str(speech_file))
    assert result.exit_code == 2
    assert message in result.output, result.output
    assert "Traceback" not in result.output


def test_without_fix_nothing_is_touched(speech_file):
    before = speech_file.read_bytes()
    run(str(speech_file))
    assert speech_file.read_bytes() == before


def test_fix_repairs_what_is_mechanical_and_reports_what_is_left(speech_file):
    result = run("--fix", str(speech_file))
    assert speech_file.read_text(encoding="utf-8") == TEXT.replace("\u202e", "")
    lines = result.output.splitlines()
    assert lines[0] == f"{speech_file}: 已改正 1 处（C101 1 处）"
    assert not any("C101" in line for line in lines[1:])
    assert any("P101" in line for line in lines) and result.exit_code == 1


def test_fix_honours_the_selection(speech_file):
    run("--fix", "--ignore", "C101", str(speech_file))
    assert speech_file.read_text(encoding="utf-8") == TEXT


def test_fix_in_markdown_keeps_the_markup(in_tmp):
    md = write(in_tmp / "讲话.md", f"# {TITLE}\n\n同志们：\n\n**一是\u202e慢。**这是第一条。\n")
    run("--fix", str(md))
    assert md.read_text(encoding="utf-8") == f"# {TITLE}\n\n同志们：\n\n**一是慢。**这是第一条。\n"


def _docx(*paragraphs: tuple[str, ...]) -> bytes:
    """A .docx whose paragraphs are split into the given runs, as Word splits them."""
    import docx

    d = docx.Document()
    for runs in paragraphs:
        p = d.add_paragraph()
        for i, text in enumerate(runs):
            p.add_run(text).bold = i % 2 == 1
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_fix_in_a_docx_edits_only_the_text(in_tmp):
    path = in_tmp / "讲话.docx"
    path.write_bytes(_docx((TITLE,), ("同志们：",), ("今天", "\u202e召开", "会议。"),
                           ("刚才，XX同志宣读了决定。",)))
    before = zipfile.ZipFile(path)
    result = run("--fix", str(path))
    assert "已改正 1 处（C101 1 处）" in result.output
    after = zipfile.ZipFile(path)
    assert [i.filename for i in after.infolist()] == [i.filename for i in before.infolist()]
    for info in before.infolist():
        if info.filename != "word/document.xml":
            assert after.read(info.filename) == before.read(info.filename)
    import docx

    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert texts[2] == "今天召开会议。"
    assert [r.bold for r in docx.Document(str(path)).paragraphs[2].runs] == [False, True, False]
    assert "P101" in result.output  # still there: not mechanical


def test_fix_leaves_words_it_cannot_place_for_certain(in_tmp):
    # The same words twice with the same surroundings: which one the finding means is unknown
    # in the document, so neither is changed and the writer is told.
    path = in_tmp / "讲话.docx"
    data = _docx((TITLE,), ("同志们：",), ("甲\u202e乙",), ("甲\u202e乙",))
    path.write_bytes(data)
    result = run("--fix", str(path))
    assert path.read_bytes() == data
    assert result.output.count("没有自动改正") == 2


def test_every_code_has_a_section_in_the_docs():
    from pathlib import Path

    docs = (Path(__file__).parents[2] / "docs" / "checks.md").read_text(encoding="utf-8")
    missing = [r.code for r in catalog.rules() if r.code not in docs]
    assert not missing, f"docs/checks.md 没有写这些规则：{missing}"


def test_every_rule_is_reported_by_its_module():
    import importlib
    import inspect

    for rule in catalog.rules():
        module = importlib.import_module(f"drafter.checks.{rule.module}")
        source = inspect.getsource(module)
        assert f'"{rule.name}"' in source or rule.context, (rule.code, rule.module)


def test_every_finding_points_at_its_words():
    """Findings are quoted with their words marked and placed in the file: every rule gives the
    offsets, on pages full of slips (the evaluation set) and on the raw seed pages."""
    from pathlib import Path

    from drafter import api, checks

    root = Path(__file__).parents[2]
    pages = [*root.glob("tests/fixtures/messy/*/page.txt"), *root.glob("corpus/raw/*.txt")]
    seen = set()
    for page in pages:
        speech = api.read_speech(page)
        for f in checks.check(speech, rules=["ALL"]):
            if f.paragraph is None:
                continue
            seen.add(f.code)
            text = speech.blocks[f.paragraph - 1].text
            assert f.start is not None and f.end is not None, (page.name, f)
            assert 0 <= f.start <= f.end <= len(text), (page.name, f)
    assert len(seen) >= 15  # the pages exercise most rules


def test_no_english_from_the_segmenter_reaches_the_writer(in_tmp):
    # 丰富多采 is a variant form: the typo rule loads jieba to see it stands alone.
    import subprocess
    import sys

    path = write(in_tmp / "讲话.txt", "\n".join([TITLE, "同志们：", "群众文化生活丰富多采。"]))
    done = subprocess.run([sys.executable, "-m", "drafter", "check", str(path)],
                          capture_output=True, text=True, encoding="utf-8")
    assert "T102" in done.stdout
    assert done.stderr == ""
