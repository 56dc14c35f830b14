"""`drafter check FOLDER`: every speech in a folder checked in one call, each file's output, a
total line, the exit status and the JSON rows."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import write

from drafter.cli import cli

TITLE = "在青石镇机关效能建设动员大会上的讲话"
CLEAN = "\n\n".join([f"# {TITLE}", "同志们：", "今天召开动员大会，部署机关效能建设工作。"])
DIRTY = "\n".join([TITLE, "镇党委书记 王明", "同志们：", "刚才，XX同志宣读了决定。"])


def run(*args: str):
    return CliRunner().invoke(cli, ["check", *args])


def folder(in_tmp):
    """讲话/ with two speeches (one in a subfolder) and what is not a speech."""
    top = in_tmp / "讲话"
    (top / "二月").mkdir(parents=True)
    (top / ".git").mkdir()
    write(top / "b.txt", DIRTY)
    write(top / "二月" / "a.md", CLEAN)
    for name in ("~$b.docx", "b.批注.docx", "notes.pdf", ".hidden.txt", ".git/x.md"):
        write(top / name, "不是讲话")
    return top


def test_a_folder_is_checked_file_by_file_with_a_total(in_tmp):
    folder(in_tmp)
    result = run("讲话")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        "讲话/b.txt:第4行: P101 [placeholder] 未替换的占位符“XX”：请换成实际内容",
        "    刚才，〖XX〗同志宣读了决定。",
        "讲话/b.txt: 共 17 字，讲话不到 1 分钟（按每分钟 230 字计）；错误 1 处，警告 0 处",
        "讲话/二月/a.md: 共 24 字，讲话不到 1 分钟（按每分钟 230 字计）；未发现问题",
        "合计：检查 2 个文件，1 个有错误或警告，0 个读不了",
    ]


def test_clean_folder_exits_0_and_files_named_twice_are_checked_once(in_tmp):
    top = folder(in_tmp)
    (top / "b.txt").unlink()
    result = run("讲话", "讲话/二月/a.md")
    assert result.exit_code == 0, result.output
    assert result.output.count("a.md: 共 24 字") == 1
    assert "合计" not in result.output  # one file: its own line says it all


def test_empty_folder_and_unreadable_file_exit_2_the_rest_is_checked(in_tmp):
    top = folder(in_tmp)
    (in_tmp / "空").mkdir()
    (top / "坏.docx").write_bytes(b"not a zip")
    result = run("空", "讲话")
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[0] == "错误: 空: 文件夹里没有讲话稿（.docx、.md、.txt）"
    assert "错误: 讲话/坏.docx: 不是有效的 .docx 文件" in lines
    assert lines[-1] == "合计：检查 3 个文件，1 个有错误或警告，1 个读不了"


def test_json_lists_every_file_of_the_folder(in_tmp):
    folder(in_tmp)
    result = run("--format", "json", "讲话")
    assert result.exit_code == 1
    rows = json.loads(result.output)
    assert [(r["file"], r["code"]) for r in rows] == [
        ("讲话/b.txt", "P101"), ("讲话/b.txt", "S101"), ("讲话/二月/a.md", "S101")]


def test_output_file_needs_a_single_speech(in_tmp):
    folder(in_tmp)
    result = run("--format", "docx", "-o", "x.docx", "讲话")
    assert result.exit_code == 2
    assert "-o 只能配一个文件" in result.output
