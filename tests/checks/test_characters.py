"""What check shows of a checked file is safe on a terminal, invisible characters are findings,
and one enormous paragraph is checked in seconds."""

from __future__ import annotations

import subprocess
import sys
import time

from conftest import write


def check(path, *args):
    return subprocess.run([sys.executable, "-m", "drafter", "check", str(path), *args],
                          capture_output=True, text=True, timeout=120)


def test_direction_and_control_characters_are_reported_and_never_printed_raw(tmp_path):
    path = write(tmp_path / "b.md",
                 "# 标题\n\n同志们：\n\n正文\u202e倒序\u202c文字XX，还有\x1b]0;pwned\x07标题。\n")
    run = check(path)
    assert run.returncode == 1
    assert "[characters] 有看不见的文字方向控制字符 U+202E" in run.stdout
    assert "[characters] 有看不见的控制字符 U+001B" in run.stdout
    assert "\x1b" not in run.stdout and "\u202e" not in run.stdout and "\x07" not in run.stdout
    assert "\\u202e" in run.stdout and "\\u001b" in run.stdout


def test_one_paragraph_of_a_hundred_thousand_characters_is_checked_in_seconds(tmp_path):
    text = "我们要把各项工作落到实处，推动经济社会高质量发展" * 4200
    path = write(tmp_path / "big.md", "# 标题\n\n同志们：\n\n" + text + "。\n")
    start = time.perf_counter()
    run = check(path)
    assert run.returncode in (0, 1), run.stderr
    assert time.perf_counter() - start < 30  # a guard against the segmenter's superlinear runs
