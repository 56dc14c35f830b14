"""drafter batch: a plan's cells drafted in parallel, one manifest, failures isolated."""

from __future__ import annotations

import csv
import json

from click.testing import CliRunner
from conftest import EXAMPLES, write
from docx import Document

from drafter.cli import cli

PLAN = """\
base:
  outline: efficiency-mobilization
  place: {{name: 青石镇, level: 镇}}
  meeting: {{theme: 发扬实干精神，推动机关效能建设上台阶, date: 2026-03-15}}
  speaker: {{name: 王明, title: 书记}}
matrix:
  place.level: {levels}
  seed: [1, 2]
name: "{name}"
"""


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def plan(tmp_path, levels="[镇, 县]", name="{place.level}-{seed}"):
    return write(tmp_path / "plan.yaml", PLAN.format(levels=levels, name=name))


def manifest(out):
    with (out / "manifest.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    return rows, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_every_cell_is_drafted_in_parallel_with_a_manifest(tmp_path):
    out = tmp_path / "out"
    result = run("batch", str(plan(tmp_path)), "-o", str(out), "-j", "2")
    assert result.exit_code == 0, result.output
    assert "完成 4 篇，跳过已存在 0 篇，失败 0 篇" in result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["manifest.csv", "manifest.json", "县-1.docx", "县-2.docx", "镇-1.docx",
                     "镇-2.docx"]
    rows, data = manifest(out)
    assert [(r["cell"], r["place.level"], r["seed"], r["status"]) for r in rows] == [
        ("1", "镇", "1", "完成"), ("2", "镇", "2", "完成"), ("3", "县", "1", "完成"),
        ("4", "县", "2", "完成")]
    assert all(2500 <= int(r["characters"]) <= 3500 for r in rows)
    assert data[0]["inputs"] == {"place.level": "镇", "seed": 1}
    county = [p.text for p in Document(str(out / "县-1.docx")).paragraphs]
    assert any("我县" in t for t in county) and not any("我镇" in t for t in county)


def test_a_bad_cell_is_reported_and_the_others_finish(tmp_path):
    out = tmp_path / "out"
    result = run("batch", str(plan(tmp_path, levels="[州, 镇]")), "-o", str(out), "-j", "2")
    assert result.exit_code == 1
    assert "完成 2 篇，跳过已存在 0 篇，失败 2 篇" in result.output
    assert "第1格（place.level=州，seed=1）失败" in result.output
    assert "未知的层级“州”" in result.output
    assert (out / "镇-1.docx").is_file() and not (out / "州-1.docx").exists()
    rows, _ = manifest(out)
    assert [r["status"] for r in rows] == ["失败", "失败", "完成", "完成"]
    assert "未知的层级" in rows[0]["error"] and rows[2]["error"] == ""


def test_resume_skips_good_outputs_and_redoes_missing_or_broken_ones(tmp_path):
    out = tmp_path / "out"
    p = plan(tmp_path)
    assert run("batch", str(p), "-o", str(out), "-j", "1").exit_code == 0
    (out / "镇-2.docx").unlink()
    (out / "县-1.docx").write_bytes(b"half a file")
    kept = (out / "镇-1.docx").stat().st_mtime_ns
    result = run("batch", str(p), "-o", str(out), "--resume", "-j", "2")
    assert result.exit_code == 0, result.output
    assert "完成 2 篇，跳过已存在 2 篇，失败 0 篇" in result.output
    assert (out / "镇-1.docx").stat().st_mtime_ns == kept
    assert Document(str(out / "县-1.docx")).paragraphs[0].text.startswith("在青石镇")


def test_existing_outputs_are_not_overwritten_without_force(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    write(out / "镇-1.docx", "mine")
    result = run("batch", str(plan(tmp_path)), "-o", str(out), "-j", "1")
    assert result.exit_code == 1
    assert "输出文件已存在" in result.output
    assert (out / "镇-1.docx").read_text(encoding="utf-8") == "mine"
    assert run("batch", str(plan(tmp_path)), "-o", str(out), "--force").exit_code == 0
    assert (out / "镇-1.docx").read_bytes()[:2] == b"PK"


def test_plan_errors_exit_2_before_any_drafting(tmp_path):
    out = tmp_path / "out"
    result = run("batch", str(plan(tmp_path, name="{place.nmae}")), "-o", str(out))
    assert result.exit_code == 2 and "name 里的 {place.nmae} 在规格中没有对应的值" in result.output
    result = run("batch", str(plan(tmp_path, name="同一个")), "-o", str(out))
    assert result.exit_code == 2 and "输出文件名相同：同一个" in result.output
    assert not out.exists()


def test_names_cannot_leave_the_output_folder(tmp_path):
    out = tmp_path / "out"
    for pattern in ("../{seed}", "/tmp/{seed}", "sub/{seed}", "C:{seed}", ".{seed}"):
        p = write(tmp_path / "plan.yaml", PLAN.format(levels="[镇]", name=pattern))
        result = run("batch", str(p), "-o", str(out))
        assert result.exit_code == 2, pattern
        assert "name 不能含路径" in result.output
    p = write(tmp_path / "plan.yaml", PLAN.format(levels="[镇]", name="con"))
    result = run("batch", str(p), "-o", str(out))
    assert result.exit_code == 2 and "系统保留名" in result.output
    assert not out.exists()
    # A value with a slash in it is data: it is made safe, not followed.
    p = write(tmp_path / "plan.yaml", PLAN.format(levels="[镇]", name="{place.name}-{seed}")
              .replace("name: 青石镇", "name: 青石镇/../../x"))
    result = run("batch", str(p), "-o", str(out), "-j", "1")
    assert result.exit_code == 0, result.output
    assert sorted(x.name for x in out.iterdir() if x.suffix == ".docx") == [
        "青石镇_____x-1.docx", "青石镇_____x-2.docx"]


def test_kill_9_leaves_only_complete_files_and_resume_finishes(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    p = write(tmp_path / "plan.yaml", PLAN.format(levels="[镇, 县, 区]", name="{place.level}-{seed}")
              .replace("seed: [1, 2]", f"seed: {list(range(1, 21))}"))
    proc = subprocess.Popen([sys.executable, "-m", "drafter", "batch", str(p), "-o", str(out),
                             "-j", "2"], start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.docx"))) < 8:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    written = list(out.glob("*.docx"))
    assert 0 < len(written) < 60
    for f in written:  # every file that exists is whole
        assert Document(str(f)).paragraphs[0].text.startswith("在青石镇")
    result = run("batch", str(p), "-o", str(out), "--resume", "-j", "2")
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.docx"))) == 60
    assert not list(out.glob(".*.tmp"))


def test_the_shipped_example_plan_loads():
    from drafter.batch import load_plan

    loaded = load_plan(EXAMPLES / "plan.yaml")
    assert len(loaded.cells) == 9
    assert loaded.cells[0].name == "青石镇-1" and loaded.cells[-1].name == "东湖镇-3"


def test_plan_layout(tmp_path):
    out = tmp_path / "out"
    p = write(tmp_path / "plan.yaml", PLAN.format(levels="[镇]", name="{seed}") + "layout: podium\n")
    assert run("batch", str(p), "-o", str(out), "-j", "2").exit_code == 0
    assert Document(str(out / "1.docx")).styles["Normal"].font.size.pt == 18
    p.write_text(p.read_text(encoding="utf-8").replace("podium", "big"), encoding="utf-8")
    result = run("batch", str(p), "-o", str(out))
    assert result.exit_code == 2 and "layout 应为 gb（公文版）、podium（讲台版）或版式文件 .yaml" in result.output


def test_every_draft_is_checked(tmp_path, monkeypatch):
    """A finding of drafter check lands in the cell's manifest row."""
    from drafter import batch, checks
    from drafter.checks import catalog

    assert catalog.resolve(batch.BATCH_RULES) == set(checks.RULES) - {"name", "overlap"}
    real = checks.check

    def leaky(speech, **kw):
        speech.blocks[-1].runs[-1].text += "请XX同志落实。"
        return real(speech, **kw)

    monkeypatch.setattr(checks, "check", leaky)
    out = tmp_path / "out"
    assert run("batch", str(plan(tmp_path, levels="[镇]")), "-o", str(out), "-j", "1").exit_code == 0
    rows, _ = manifest(out)
    assert all("[placeholder]" in r["findings"] and "XX" in r["findings"] for r in rows)


def test_long_place_names_make_short_enough_file_names(tmp_path):
    out = tmp_path / "out"
    p = write(tmp_path / "plan.yaml", PLAN.format(levels="[镇]", name="{place.name}-{seed}")
              .replace("name: 青石镇", "name: " + "青" * 150 + "镇"))
    result = run("batch", str(p), "-o", str(out), "-j", "1")
    assert result.exit_code == 0, result.output
    names = [x.name for x in out.glob("*.docx")]
    assert len(names) == 2 and all(len(n.encode()) <= 185 for n in names)


def test_matrix_size_is_bounded(tmp_path):
    values = list(range(1000))
    p = write(tmp_path / "plan.yaml", PLAN.format(levels=str(values), name="{place.level}-{seed}")
              .replace("seed: [1, 2]", f"seed: {values}"))
    result = run("batch", str(p), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "超过上限 100000" in result.output


DISTINCT = """\
base:
  outline: efficiency-mobilization
  place: {{name: 青石镇, level: 镇}}
  meeting: {{theme: 发扬实干精神，推动机关效能建设上台阶, date: 2026-03-15}}
  speaker: {{name: 王明, title: 书记}}
  seed: 7
matrix:
  place.name: [青石镇, 白沙镇, 东湖镇]
{extra}name: "{{place.name}}"
"""


def test_distinct_gives_every_cell_its_own_seed_and_the_manifest_says_how_alike(tmp_path):
    out = tmp_path / "out"
    path = write(tmp_path / "plan.yaml", DISTINCT.format(extra="distinct: true\n"))
    result = run("batch", str(path), "-o", str(out), "-j", "1")
    assert result.exit_code == 0, result.output
    rows, data = manifest(out)
    texts = {r["place.name"]: "\n".join(p.text for p in Document(r["path"]).paragraphs)
             for r in rows}
    openings = {t.split("同志们：")[1].strip().split("。")[0] for t in texts.values()}
    assert len(openings) == 3  # seeds 7, 8, 9: three different first sentences
    for r in rows:
        assert r["most_alike"] in {"1", "2", "3"} and r["most_alike"] != r["cell"]
        assert 0 <= int(r["identical"].rstrip("%")) <= 100
    worst = max(rows, key=lambda r: int(r["identical"].rstrip("%")))
    assert (f"最相近的两篇：第{worst['cell']}格与第{worst['most_alike']}格，"
            f"相同的句子占 {worst['identical']}") in result.output
    assert "_sentences" not in data[0]

    same = tmp_path / "same"
    path = write(tmp_path / "plan2.yaml", DISTINCT.format(extra=""))
    run("batch", str(path), "-o", str(same), "-j", "1")
    rows, _ = manifest(same)
    assert {r["identical"] for r in rows} == {"100%"}  # one seed, three places: one speech


def test_distinct_with_seeds_in_the_matrix_is_refused(tmp_path):
    path = write(tmp_path / "plan.yaml", DISTINCT.format(extra="  seed: [1, 2]\ndistinct: true\n"))
    result = run("batch", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "distinct: true 时每一格的种子由 drafter 分配，matrix 里不能再给 seed" in result.output
    assert "plan.yaml:10" in result.output


def test_a_plan_can_ask_for_the_fonts_every_windows_has(tmp_path):
    import re
    import zipfile

    out = tmp_path / "out"
    path = write(tmp_path / "plan.yaml", DISTINCT.format(extra="fonts: windows\n"))
    assert run("batch", str(path), "-o", str(out), "-j", "1").exit_code == 0
    styles = zipfile.ZipFile(out / "青石镇.docx").read("word/styles.xml").decode("utf-8")
    assert set(re.findall(r'<w:rFonts[^>]*w:eastAsia="([^"]+)"', styles)) == {"仿宋", "楷体", "黑体",
                                                                            "宋体"}
    bad = write(tmp_path / "bad.yaml", DISTINCT.format(extra="fonts: 方正\n"))
    result = run("batch", str(bad), "-o", str(tmp_path / "o2"))
    assert result.exit_code == 2 and "fonts 应为 gb2312（公文字体）或 windows" in result.output


def test_a_plan_lays_every_cell_on_the_unit_s_template(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "document"))
    from unit_template import MASTHEAD, build

    build(tmp_path / "模板.docx")
    out = tmp_path / "out"
    path = write(tmp_path / "plan.yaml", DISTINCT.format(extra="reference_doc: 模板.docx\n"))
    result = run("batch", str(path), "-o", str(out), "-j", "1")
    assert result.exit_code == 0, result.output
    rows, _ = manifest(out)
    for r in rows:
        assert Document(r["path"]).sections[0].header.paragraphs[0].text == MASTHEAD
        assert "[模板] 缺少样式，用了 drafter 的：称呼（Salutation）" in r["findings"]
