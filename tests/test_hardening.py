"""Ordinary mistakes and hostile paths from the second attack on drafter's inputs: each ends in
drafter's own Chinese message and exit 2, nothing written or replaced, no traceback."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, write

from drafter.batch import windows_reserved
from drafter.batch.folder import folder_lock
from drafter.cli import cli

SPEC = (EXAMPLES / "qingshi-town.yaml").read_text(encoding="utf-8")
PLAN = "base: {base}\nmatrix:\n  {key}: {values}\nname: \"{name}\"\n"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def spec_with(tmp_path: Path, field: str, value: str) -> Path:
    lines = [ln for ln in SPEC.splitlines() if not ln.startswith(f"{field}:")]
    return write(tmp_path / "s.yaml", "\n".join([*lines, f"{field}: {value}", ""]))


def refused(result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    assert fragment in result.output, result.output
    assert "Traceback" not in result.output and "内部错误" not in result.output


@pytest.mark.parametrize(("value", "fragment"), [
    ('"²"', "应为整数"), ('"③"', "应为整数"), ('"' + "9" * 5000 + '"', "数字太大"),
    ("9" * 3000, "数字太"),
])
def test_numbers_a_writer_could_type_are_drafter_s_errors(tmp_path, value, fragment):
    refused(run("draft", str(spec_with(tmp_path, "seed", value)), "-o", str(tmp_path / "a.md")),
            fragment)
    assert not (tmp_path / "a.md").exists()


def test_an_outline_path_longer_than_a_file_name_can_be(tmp_path):
    refused(run("draft", str(spec_with(tmp_path, "outline", "a" * 300 + ".yaml"))),
            "找不到提纲文件")


def test_a_file_that_is_not_an_outline_is_not_quoted(tmp_path):
    write(tmp_path / "secret.yaml", "admin:$6$saltsalt$hashhashhash:20000:0:99999:7:::\n")
    result = run("draft", str(spec_with(tmp_path, "outline", "secret.yaml")))
    # Named where the spec names it (its file and the outline: line), never quoted.
    refused(result, "字段 outline 指向的 secret.yaml 不是提纲文件：没有 title: 和 sections:")
    assert re.search(r"\.yaml:\d+: 字段 outline", result.output), result.output
    assert "saltsalt" not in result.output and "admin" not in result.output


def test_an_output_name_longer_than_the_file_system_allows(tmp_path):
    out = tmp_path / ("长" * 100 + ".docx")
    refused(run("draft", str(EXAMPLES / "qingshi-town.yaml"), "-o", str(out)), "文件名太长")


def test_force_never_replaces_what_is_not_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    refused(run("draft", str(EXAMPLES / "qingshi-town.yaml"), "-o", str(fifo), "--force"),
            "不是普通文件")
    assert fifo.is_fifo()


def test_force_may_replace_a_regular_file_through_a_link(tmp_path):
    real = write(tmp_path / "real.md", "旧稿")
    (tmp_path / "link.md").symlink_to(real)
    result = run("draft", str(EXAMPLES / "qingshi-town.yaml"), "-o", str(tmp_path / "link.md"),
                 "--force")
    assert result.exit_code == 0, result.output
    assert "青石镇" in (tmp_path / "link.md").read_text(encoding="utf-8")


def _plan(tmp_path: Path, key: str = "seed", values: str = "[1, 2]", name: str = "{seed}") -> Path:
    write(tmp_path / "base.yaml", SPEC)
    return write(tmp_path / "plan.yaml", PLAN.format(base="base.yaml", key=key, values=values,
                                                     name=name))


def test_a_matrix_field_inside_a_plain_value_is_refused_on_load(tmp_path):
    refused(run("batch", str(_plan(tmp_path, "place.name.x", "[a, b]")), "-o",
                str(tmp_path / "out")), "place.name 是一个值")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("target", ["file", "device", "long"])
def test_batch_output_must_be_a_folder_it_can_make(tmp_path, target):
    out = {"file": write(tmp_path / "afile", "x"), "device": Path("/dev/full"),
           "long": tmp_path / ("a" * 300)}[target]
    result = run("batch", str(_plan(tmp_path)), "-o", str(out))
    refused(result, "输出")
    if target == "file":
        assert out.read_text() == "x"


@pytest.mark.parametrize(("name", "reserved"), [
    ("CON .x", True), ("AUX .y", True), ("COM¹", True), ("LPT0", True), ("nul..txt", True),
    ("con", True), ("Conin$", True), ("COM10", False), ("CONSOLE", False), ("con-1", False),
    ("青石镇-1", False),
])
def test_windows_reserved_names_after_windows_normalisation(name, reserved):
    assert windows_reserved(name) is reserved


def test_reserved_names_are_refused_before_drafting(tmp_path):
    refused(run("batch", str(_plan(tmp_path, name="COM¹")), "-o", str(tmp_path / "out")),
            "系统保留名")


def test_a_second_batch_into_the_same_folder_exits_2_naming_the_first(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with folder_lock(out):
        result = run("batch", str(_plan(tmp_path)), "-o", str(out))
    refused(result, f"进程 {os.getpid()}")
    assert sorted(p.name for p in out.iterdir()) == []
    assert run("batch", str(_plan(tmp_path)), "-o", str(out), "-j", "1").exit_code == 0


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_workers_end_within_a_second_of_their_batch(tmp_path):
    plan = _plan(tmp_path, values=str(list(range(1, 400))))
    proc = subprocess.Popen([sys.executable, "-m", "drafter", "batch", str(plan), "-o",
                             str(tmp_path / "out"), "-j", "2"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((tmp_path / "out").glob("*.docx"))) < 4:
        time.sleep(0.02)
    workers = _children(proc.pid)
    assert workers, "the batch should have started its workers"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(1.0)
    assert not [w for w in workers if _alive(w)]


@pytest.mark.parametrize("encoding", ["ascii", "gbk"])
def test_a_console_that_cannot_show_a_character_gets_a_question_mark_not_a_crash(
        tmp_path, encoding):
    draft = write(tmp_path / "e.md", "# 标题😀\n\n同志们：\n\n正文😀XX。\n")  # check quotes it
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    for args in (["draft", str(EXAMPLES / "qingshi-town.yaml"), "--format", "txt", "-o", "-"],
                 ["check", str(draft)], ["draft", str(draft), "--format", "md", "-o", "-"]):
        proc = subprocess.run([sys.executable, "-m", "drafter", *args], env=env,
                              capture_output=True, timeout=60)
        assert proc.returncode in (0, 1), proc.stderr
        assert b"Traceback" not in proc.stderr and b"Error" not in proc.stderr
        if encoding == "gbk" and args[1] == str(draft):  # the emoji; (on an ASCII stream
            assert "?" in proc.stdout.decode("gbk")      # click itself falls back to UTF-8)
    if encoding == "gbk":  # the notice itself is readable on a GBK console
        assert "显示不了部分字符" in proc.stderr.decode("gbk")


def test_direction_controls_are_removed_from_an_edited_draft_with_a_warning(tmp_path):
    draft = write(tmp_path / "b.md", "# 标题\n\n同志们：\n\n正文\u202e倒序\u202c文字。\n")
    proc = subprocess.run([sys.executable, "-m", "drafter", "draft", str(draft), "-o",
                           str(tmp_path / "b.docx")], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "删除了 2 个文字方向控制字符" in proc.stderr
    back = run("draft", str(tmp_path / "b.docx"), "--format", "txt", "-o", "-").output
    assert "正文倒序文字。" in back and "\u202e" not in back
