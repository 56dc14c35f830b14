"""No English sentence from a dependency reaches a user: for one bad input per source (Jinja,
python-docx/zipfile/lxml, YAML in the corpus, the file system, LibreOffice, batch, click's own
parsing) and for every command's help, the real command line answers in drafter's Chinese."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, listing, write

from drafter.cli import cli

# An English sentence: three or more ASCII words in a row.
ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,'-]+[A-Za-z]{2,}){2,}")
# What may be ASCII in drafter's messages: paths, file names, option names, command names, and
# the names of formats and tools. Each is cut out (and breaks a run of words) before ENGLISH.
ALLOWED = re.compile(r"""
    \S*[/\\]\S*                                                # paths; also GB/T, md/txt
  | [\w.-]+\.(?:ya?ml|md|txt|docx|pdf|png|csv|json)\b          # file names
  | (?<![\w-])--?[A-Za-z][\w-]*                                # option names
  | \b(?:drafter|draft|new|outlines|corpus|clean|overlap|extract|check|batch|preview)\b
  | \b(?:docx|md|txt|gb|podium|text|json|YAML|Markdown|LibreOffice|pdftoppm|PDF|PNG)\b
""", re.X)
# click's frame around its messages, none of which may show (Missing argument is two words).
CLICK_WORDS = re.compile(r"\b(?:Usage|Error|Try|Options|Commands|Missing|Invalid|Aborted|"
                         r"default|DEPRECATED)\b")


def english(text: str) -> list[str]:
    return ENGLISH.findall(ALLOWED.sub(" | ", text)) + CLICK_WORDS.findall(text)


# --- bad inputs ---------------------------------------------------------------------------

SPEC = """\
outline: mini-outline.yaml
place: {name: 青石镇, level: 镇}
meeting: {theme: 发扬实干精神, date: 2026-03-15}
speaker: {name: 王明, title: 书记}
"""
SENTENCE = "下面，我讲{{ headings|count_cn }}点意见。"


def sentence(text: str):
    """The mini outline with one sentence replaced, and a spec using it."""
    def setup(tmp: Path, monkeypatch) -> None:
        outline = (FIXTURES / "mini-outline.yaml").read_text(encoding="utf-8")
        assert SENTENCE in outline
        write(tmp / "mini-outline.yaml", outline.replace(SENTENCE, json.dumps(text)))
        write(tmp / "s.yaml", SPEC)
    return setup


def spec(tmp: Path, monkeypatch) -> None:
    sentence(SENTENCE)(tmp, monkeypatch)


def not_a_zip(tmp: Path, monkeypatch) -> None:
    (tmp / "bad.docx").write_bytes(b"PK\x03\x04 this is not a zip archive")


def broken_xml(tmp: Path, monkeypatch) -> None:
    with zipfile.ZipFile(tmp / "bad.docx", "w") as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
            'formats-package.relationships+xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>'))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'))
        z.writestr("word/document.xml", "<w:document><w:body><w:p>unclosed")


def folder(tmp: Path, monkeypatch) -> None:
    (tmp / "folder.docx").mkdir()


def a_file(tmp: Path, monkeypatch) -> None:
    spec(tmp, monkeypatch)
    write(tmp / "afile", "not a folder")


def corpus_bad_metadata(tmp: Path, monkeypatch) -> None:
    (tmp / "c").mkdir()
    write(tmp / "c" / "001.md", "---\ntitle: [unclosed\n---\n# 题目\n\n正文。\n")
    write(tmp / "d.md", "# 在青石镇大会上的讲话\n\n同志们：\n\n今天开会。\n")


def failing_soffice(tmp: Path, monkeypatch) -> None:
    """LibreOffice that converts nothing and says why in English."""
    spec(tmp, monkeypatch)
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    tool = bin_dir / "soffice"
    tool.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 0\n",
                    encoding="utf-8")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))


def buggy_batch(tmp: Path, monkeypatch) -> None:
    """A batch cell meeting a bug: Python's English must not reach the manifest."""
    def broken(*args, **kwargs):
        raise ValueError("could not convert the given value to a date")

    spec(tmp, monkeypatch)
    write(tmp / "plan.yaml", "base: s.yaml\nmatrix:\n  seed: [1]\nname: \"{seed}\"\n")
    monkeypatch.setattr("drafter.api.draft", broken)


def nothing(tmp: Path, monkeypatch) -> None:
    pass


posix_only = pytest.mark.skipif(os.name != "posix", reason="stand-in tools are shell scripts")

# id: (setup, arguments, exit code, drafter's message must contain)
CASES = {
    # Jinja, in an outline's sentence
    "jinja-syntax": (sentence("{{ place.name }"), ["draft", "s.yaml"], 2, "模板语法错误：这里不该出现“}”"),
    "jinja-unclosed-if": (sentence("{% if goals %}x"), ["draft", "s.yaml"], 2, "{% endif %}"),
    "jinja-unknown-tag": (sentence("{% foo %}"), ["draft", "s.yaml"], 2, "未知的标签“{% foo %}”"),
    "jinja-undefined": (sentence("{{ boss }}"), ["draft", "s.yaml"], 2, "未定义的变量 boss"),
    "jinja-no-attribute": (sentence("{{ place.boss }}"), ["draft", "s.yaml"], 2, "没有 boss"),
    "jinja-filter": (sentence("{{ place.name|date_cn }}"), ["draft", "s.yaml"], 2,
                     "过滤器 date_cn 用在了不合适的值上（应为日期）"),
    "jinja-python-error": (sentence("{{ 1 + place.name }}"), ["draft", "s.yaml"], 2, "渲染失败"),
    "jinja-assertion": (sentence("{{ goals|truncate(-1) }}"), ["draft", "s.yaml"], 2, "渲染失败"),
    # python-docx, zipfile, lxml
    "docx-not-a-zip": (not_a_zip, ["draft", "bad.docx", "-o", "x.md"], 2, "不是有效的 .docx"),
    "docx-broken-xml": (broken_xml, ["check", "bad.docx"], 2, "不是有效的 .docx"),
    "docx-a-folder": (folder, ["draft", "folder.docx", "-o", "x.md"], 2, "这是一个文件夹"),
    # the file system, YAML in the corpus, LibreOffice, batch
    "unwritable": (a_file, ["draft", "s.yaml", "-o", "afile/x.docx"], 2, "无法写入"),
    "corpus-metadata": (corpus_bad_metadata, ["corpus", "overlap", "d.md", "--corpus", "c"], 2,
                        "元数据 YAML 格式错误"),
    "libreoffice": (failing_soffice, ["preview", "s.yaml"], 2, "LibreOffice 没有生成"),
    "batch-bug": (buggy_batch, ["batch", "plan.yaml", "-o", "out", "-j", "1"], 1,
                  "drafter 内部错误（ValueError）"),
    # click
    "missing-option-value": (spec, ["draft", "s.yaml", "-o"], 2, "选项 -o 后面缺少文件"),
    "unknown-option": (spec, ["draft", "s.yaml", "--bogus"], 2, "未知的选项 --bogus"),
    "misspelt-option": (spec, ["draft", "s.yaml", "--forse"], 2, "是不是 --fonts、--force、--format？"),
    "bad-choice": (spec, ["draft", "s.yaml", "--fonts", "x"], 2,
                   "选项 --fonts 应为 gb2312、windows 之一，实际是“x”"),
    "bad-layout": (spec, ["draft", "s.yaml", "--layout", "x"], 2, "未知的版式：x"),
    "negative-seed": (spec, ["draft", "s.yaml", "--seed", "-1"], 2,
                      "选项 --seed 应为不小于 0 的整数，实际是“-1”"),
    "seed-not-a-number": (spec, ["draft", "s.yaml", "--seed", "abc"], 2, "实际是“abc”"),
    "length-out-of-range": (spec, ["draft", "s.yaml", "--length", "5"], 2, "300 到 20000"),
    "flag-with-value": (spec, ["draft", "s.yaml", "--force=yes"], 2, "选项 --force 是开关"),
    "extra-argument": (spec, ["draft", "s.yaml", "more.yaml"], 2, "多余的参数：more.yaml"),
    "no-argument": (nothing, ["draft"], 2, "缺少输入文件"),
    "no-files": (nothing, ["corpus", "clean"], 2, "缺少文件"),
    "unknown-command": (nothing, ["drat"], 2, "未知的命令 drat，是不是 draft？"),
    "unknown-subcommand": (nothing, ["corpus", "cleen"], 2, "是不是 clean？"),
    "file-for-folder": (folder, ["new", "efficiency-mobilization", "-o", "folder.docx"], 2,
                        "是一个文件夹，这里应为文件"),
    "range-minimum": (nothing, ["corpus", "overlap", "d.md", "--top", "0"], 2, "不小于 1 的整数"),
    "group-option": (nothing, ["--bogus"], 2, "未知的选项 --bogus"),
}


@pytest.mark.parametrize("case", [
    pytest.param(c, marks=posix_only) if c == "libreoffice" else c for c in CASES])
def test_each_failure_is_drafter_s_own_chinese(case, in_tmp, monkeypatch):
    setup, args, code, fragment = CASES[case]
    setup(in_tmp, monkeypatch)
    before = listing(in_tmp)
    result = CliRunner().invoke(cli, args, prog_name="drafter", catch_exceptions=False)
    out = result.output.replace(str(in_tmp), "")
    assert result.exit_code == code, out
    assert fragment in out, out
    assert out.startswith("错误: ") or "\n错误: " in out or "失败：" in out, out
    assert "Traceback" not in out
    assert english(out) == [], out
    if code == 2:
        assert listing(in_tmp) == before  # nothing written


def test_a_batch_bug_leaves_no_english_in_the_manifest(in_tmp, monkeypatch):
    buggy_batch(in_tmp, monkeypatch)
    CliRunner().invoke(cli, ["batch", "plan.yaml", "-o", "out", "-j", "1"])
    rows = json.loads((in_tmp / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert rows[0]["status"] == "失败"
    assert rows[0]["error"].startswith("drafter 内部错误（ValueError）")
    assert english(rows[0]["error"]) == []


# --- help ---------------------------------------------------------------------------------

HELP = [[], ["-h"], ["draft", "-h"], ["new", "-h"], ["outlines", "-h"], ["batch", "-h"],
        ["check", "-h"], ["extract", "-h"], ["preview", "-h"], ["corpus", "-h"],
        ["corpus", "clean", "-h"], ["corpus", "overlap", "-h"]]


@pytest.mark.parametrize("args", HELP, ids=lambda a: " ".join(a) or "none")
def test_help_is_chinese(args):
    result = CliRunner().invoke(cli, args, prog_name="drafter", catch_exceptions=False)
    assert result.exit_code == (2 if not args else 0)  # `drafter` alone: help, as an error
    assert result.output.startswith("用法：drafter")
    assert "选项:" in result.output and "显示帮助并退出。" in result.output
    assert english(result.output) == [], result.output


def test_defaults_and_ranges_in_help_are_chinese():
    out = CliRunner().invoke(cli, ["draft", "-h"], prog_name="drafter").output
    assert "[默认：gb]" in out and "--seed 整数" in out and "[不小于 0]" in out
    assert "[300 到 20000]" in out


# --- the real process: stderr for messages, nothing on stdout ------------------------------

@pytest.mark.parametrize("args", [["draft", "s.yaml", "--seed", "-1"], ["draft", "s.yaml"],
                                  ["drat"]])
def test_python_dash_m_prints_chinese_on_stderr_only(args, tmp_path, monkeypatch):
    sentence("{{ place.name }")(tmp_path, monkeypatch)
    proc = subprocess.run([sys.executable, "-m", "drafter", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("错误: ")
    assert english(proc.stderr.replace(str(tmp_path), "")) == [], proc.stderr
