"""A smoke run of bench/bench.py: it runs end to end and prints its tables. Only labels are
checked, never a time or a ratio: the machine running the tests may be busy. The `check`
section (bench/check_speed.py) is left out: even its quick run starts jieba a dozen times."""

from __future__ import annotations

import runpy

from conftest import ROOT


def test_bench_quick_run(capsys):
    module = runpy.run_path(str(ROOT / "bench" / "bench.py"))
    assert module["main"](["--quick", "--variants", "4",
                           "--only", "document", "batch", "cold", "corpus"]) == 0
    out = capsys.readouterr().out
    assert "drafter（本项目）起草+检查+写" in out and "相对 drafter" in out
    assert "drafter 仅写 .docx（to_bytes）" in out and "drafter 分项" in out
    assert "drafter batch 4 篇" in out and "篇/秒" in out and "最大的工作进程" in out
    assert "冷启动" in out
    assert "examples/qingshi-town.yaml" in out and "import docx, jinja2, yaml, click" in out
    assert "drafter draft / 仅导入（中位数之比）" in out and "目标 ≤ 1.2×" in out
    assert "起草路径导入的重模块" in out
    assert "查重索引" in out and "无索引 / 有索引" in out
