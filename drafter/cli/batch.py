"""CLI: `drafter batch` — many variants from one plan."""

from __future__ import annotations

import heapq
import sys
from pathlib import Path

import click

from drafter.cli.zh import ChineseCommand
from drafter.errors import DrafterError

SHOWN_FAILURES = 50  # failed cells listed on the terminal; the manifest has them all


@click.command("batch", cls=ChineseCommand)
@click.argument("plan", metavar="计划文件", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", metavar="文件夹", type=click.Path(path_type=Path),
              default=Path("batch-out"), show_default=True, help="输出文件夹。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="并行进程数（默认：CPU 核数）。")
@click.option("--resume", is_flag=True, help="跳过已生成且能读回的文件，只做剩下的。")
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件。")
@click.option("--against", metavar="语料文件夹", type=click.Path(path_type=Path),
              help="每篇都与这个文件夹里的语料查重（有 drafter corpus index 建的索引时用索引）。")
def batch(plan: Path, out_dir: Path, jobs: int | None, resume: bool, force: bool,
          against: Path | None) -> None:
    """按计划批量起草：基础规格 × 矩阵（地点、提纲、种子……），每格一篇，并行生成。

    \b
    计划文件示例（examples/plan.yaml）：
      base: qingshi-town.yaml
      matrix:
        place.name: [青石镇, 白沙镇, 东湖镇]
        seed: [1, 2, 3]
      name: "{place.name}-{seed}"
    输出文件夹里有每篇讲话稿和清单 manifest.csv / manifest.json。
    """
    from drafter import batch as batch_mod

    loaded = batch_mod.load_plan(plan)
    if against is not None and not against.exists():
        raise DrafterError(f"找不到语料文件夹：{against}", against,
                           hint="--against 指定范文所在的文件夹（如 corpus/）或它的索引文件")
    total = len(loaded.cells)
    failed: list[tuple[int, int, dict]] = []  # the first SHOWN_FAILURES by cell, as a heap
    with click.progressbar(length=total, label=f"起草 {total} 篇", file=sys.stderr,
                           show_pos=True) as bar:
        def progress(row: dict) -> None:
            bar.update(1)
            if row["error"]:
                kept = {k: row[k] for k in ("cell", "inputs", "error")}
                heapq.heappush(failed, (-row["cell"], id(kept), kept))
                if len(failed) > SHOWN_FAILURES:
                    heapq.heappop(failed)

        summary = batch_mod.run_plan(loaded, out_dir, jobs=jobs, resume=resume, force=force,
                                     against=against, progress=progress)
    if summary.corpus_note:
        click.echo(f"注意：{summary.corpus_note}", err=True)
    for row in sorted((r for _, _, r in failed), key=lambda r: r["cell"]):
        inputs = "，".join(f"{k}={v.get('name', v) if isinstance(v, dict) else v}"
                          for k, v in row["inputs"].items())
        click.echo(f"第{row['cell']}格（{inputs}）失败：{row['error']}", err=True)
    if summary.failed > len(failed):
        click.echo(f"……另有 {summary.failed - len(failed)} 格失败，原因见清单的 error 列", err=True)
    click.echo(f"完成 {summary.done} 篇，跳过已存在 {summary.kept} 篇，失败 {summary.failed} 篇；"
               f"清单：{out_dir / 'manifest.csv'}")
    alike = summary.alike
    if alike:
        click.echo(f"最相近的两篇：第{alike['cell']}格与第{alike['most_alike']}格，"
                   f"相同的句子占 {alike['identical']}（清单的 most_alike、identical 两列）")
    if summary.failed:
        raise SystemExit(1)
