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
CELL_1 = PLAN.split("matrix:")[0].replace("base:\n  ", "").replace("\n  ", "\n").format() + "seed: 1\n"


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


def test_against_a_corpus_every_draft_is_checked_for_overlap_and_a_stale_index_is_said_once(
        tmp_path):
    from drafter import api

    plan = write(tmp_path / "plan.yaml", PLAN.format(levels="[镇]", seeds="[1, 2]"))
    corpus = tmp_path / "范文"
    corpus.mkdir()
    first = api.draft(write(tmp_path / "cell1.yaml", CELL_1))  # the text cell 1 drafts
    write(corpus / "001.md", "---\ntitle: 去年的讲话\n---\n\n" + first.markdown)
    run = CliRunner().invoke
    assert run(cli, ["corpus", "index", str(corpus), "-j", "1"]).exit_code == 0
    out = tmp_path / "out"
    result = run(cli, ["batch", str(plan), "-o", str(out), "-j", "1", "--against", str(corpus)],
                 catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "注意" not in result.output
    with (out / "manifest.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert "[overlap] 与语料 001《去年的讲话》重合 100%" in rows[0]["findings"]
    write(corpus / "002.md", "---\ntitle: 新来的\n---\n\n新的一篇。\n")
    result = run(cli, ["batch", str(plan), "-o", str(out), "-j", "2", "--force",
                       "--against", str(corpus)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.count("注意：语料索引已过期") == 1
    assert "新增 1 篇" in result.output
    bare = tmp_path / "没有索引"
    bare.mkdir()
    (corpus / "001.md").rename(bare / "001.md")
    result = run(cli, ["batch", str(plan), "-o", str(out), "-j", "1", "--force",
                       "--against", str(bare)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"注意：语料文件夹 {bare} 没有查重索引" in result.output
    result = run(cli, ["batch", str(plan), "-o", str(out), "--against", str(tmp_path / "无")])
    assert result.exit_code == 2 and "找不到语料文件夹" in result.output

