"""The manifest of a batch is kept on disk while the batch runs (not in the parent's memory) and
written in cell order at the end; many failures are summed up, not listed by the thousand."""

from __future__ import annotations

import csv
import json

from click.testing import CliRunner
from conftest import write

from drafter.batch import run_plan
from drafter.batch.manifest import ROWS_NAME
from drafter.cli import cli

PLAN = """\
base:
  outline: efficiency-mobilization
  place: {{name: 青石镇, level: 镇}}
  meeting: {{theme: 发扬实干精神，推动机关效能建设上台阶, date: 2026-03-15}}
  speaker: {{name: 王明, title: 书记}}
matrix:
  place.level: {levels}
  seed: {seeds}
name: "{{place.level}}-{{seed}}"
"""


def test_each_row_is_on_disk_when_its_cell_is_done_and_the_manifest_is_in_cell_order(tmp_path):
    out = tmp_path / "out"
    plan = write(tmp_path / "plan.yaml", PLAN.format(levels="[县, 州]", seeds="[2, 1]"))
    on_disk = []

    def progress(row):
        lines = (out / ROWS_NAME).read_text(encoding="utf-8").splitlines()
        on_disk.append((row["cell"], json.loads(lines[-1])["cell"], len(lines)))

    summary = run_plan(plan, out, jobs=2, progress=progress)
    assert sorted(c for c, _, _ in on_disk) == [1, 2, 3, 4]
    assert all(cell == last for cell, last, _ in on_disk)
    assert [n for _, _, n in on_disk] == [1, 2, 3, 4]
    assert (summary.done, summary.kept, summary.failed) == (2, 0, 2)
    assert not (out / ROWS_NAME).exists()
    with (out / "manifest.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [(r["cell"], r["place.level"], r["seed"], r["status"]) for r in rows] == [
        ("1", "县", "2", "完成"), ("2", "县", "1", "完成"), ("3", "州", "2", "失败"),
        ("4", "州", "1", "失败")]
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [r["cell"] for r in data] == [1, 2, 3, 4]
    assert data[0]["inputs"] == {"place.level": "县", "seed": 2} and "_sentences" not in data[0]
    assert (out / "manifest.json").read_text(encoding="utf-8") == json.dumps(
        data, ensure_ascii=False, indent=2)


def test_many_failed_cells_are_listed_fifty_at_most(tmp_path):
    out = tmp_path / "out"
    plan = write(tmp_path / "plan.yaml",
                 PLAN.format(levels="[州]", seeds=list(range(1, 53))))
    result = CliRunner().invoke(cli, ["batch", str(plan), "-o", str(out), "-j", "1"],
                                catch_exceptions=False)
    assert result.exit_code == 1
    listed = [ln for ln in result.output.splitlines() if ln.startswith("第") and "失败" in ln]
    assert len(listed) == 50
    assert listed[0].startswith("第1格（place.level=州，seed=1）失败：")
    assert listed[-1].startswith("第50格（place.level=州，seed=50）失败：")
    assert "……另有 2 格失败，原因见清单的 error 列" in result.output
    assert "完成 0 篇，跳过已存在 0 篇，失败 52 篇" in result.output
    with (out / "manifest.csv").open(encoding="utf-8-sig") as f:
        assert sum(1 for r in csv.DictReader(f) if "未知的层级" in r["error"]) == 52
