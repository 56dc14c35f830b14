"""CLI: `drafter outlines` — the outline library as a table a writer can scan — and
`drafter outlines check` — an outline drafted over its context grid and measured (drafter/audit)."""

from __future__ import annotations

from pathlib import Path

import click

from drafter.cli.zh import ChineseGroup

SHOWN = 5  # findings shown per kind; the rest are counted


@click.group("outlines", cls=ChineseGroup, invoke_without_command=True)
@click.pass_context
def outlines_cmd(ctx: click.Context) -> None:
    """列出提纲库中的提纲：id、名称、场合、适用层级、篇幅范围。

    \b
    常用：
      drafter outlines                           列出提纲库
      drafter outlines check 我的提纲.yaml        检查自己写的提纲（写提纲时用）
    """
    if ctx.invoked_subcommand is None:
        _table()


def _table() -> None:
    from drafter.drafting import outline

    rows = [("id", "名称", "场合", "层级", "字数")]
    for oid, path in outline.library().items():
        o = outline.load_stored(path.resolve())  # the per-user cache: 10 outlines in ms, not 5 s
        levels = "、".join(o.levels) if o.levels else "各级"
        rows.append((oid, o.name, o.occasion, levels, f"{o.lengths[0]}–{o.lengths[1]}"))
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for r in rows:
        click.echo("  ".join(_pad(c, w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1])


@outlines_cmd.command("check")
@click.argument("refs", metavar="提纲...", nargs=-1, required=True)
@click.option("--seeds", type=click.IntRange(2, 50), default=None, metavar="N",
              help="比较变体和篇幅时写几个种子（默认 10）。")
@click.option("--specs", "specs_dir", metavar="文件夹", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="把能复现每个问题的讲话规格写进这个文件夹（已有的文件不覆盖）。")
@click.pass_context
def check_cmd(ctx: click.Context, refs: tuple[str, ...], seeds: int | None,
              specs_dir: Path | None) -> None:
    """在各种场景下试写提纲，报告问题。

    提纲可以是库里的 id 或名称（前几个字也行），或提纲文件的路径。按提纲声明的层级 × 全年的会议日期
    × 讲话人角色 × 列表长度 × 种子逐一试写，报告：不合场景的说法和 drafter check 的问题、模板或字段
    错误（文件:行）、两个种子相同句子的占比、各目标字数写到多少、与语料近似的句子、一篇里说了三次的
    短语、声明了却没用到的字段。每个问题附上复现它的场景；--specs 把这些场景写成讲话规格。

    \b
    退出码：0 没有问题，1 有问题，2 提纲读不了。
    """
    from drafter.audit import audit
    from drafter.drafting import outline as outline_mod

    outlines = [outline_mod.find(ref) for ref in refs]  # every ref readable before any work
    bad = 0
    for o in outlines:
        report = audit(o, seeds)
        _print_report(report)
        if specs_dir is not None and report.findings:
            _write_specs(report, specs_dir)
        bad += bool(report.findings)
    ctx.exit(1 if bad else 0)


def _print_report(report) -> None:
    from drafter.audit import thresholds

    o, limits = report.outline, thresholds()
    click.echo(f"提纲 {o.id}（{o.name}）：试写 {report.drafted} 篇")
    if report.worst[1]:
        click.echo(f"  两个种子相同的句子：平均 {report.mean:.0%}，最相近的一对 {report.worst[0]:.0%}"
                   f"（{report.worst[1]}；上限 {limits['max_identical']:.0%}）")
    if report.lengths:
        reached = "，".join(f"{t}→{a}–{b}" for t, (a, b) in report.lengths.items())
        click.echo(f"  篇幅（目标→写到）：{reached}")
    click.echo(f"  与语料近似的句子：最多占 {report.near:.1%}（上限 {limits['max_near']:.0%}）；"
               f"说了三次的短语：{report.repeated} 个")
    if not report.findings:
        click.echo("  没有发现问题")
        return
    click.echo(f"  发现 {len(report.findings)} 个问题：")
    groups: dict[str, list] = {}  # one problem in many cells is told once
    for f in report.findings:
        groups.setdefault(f.message, []).append(f)
    shown: dict[str, int] = {}
    for message, found in groups.items():
        kind = found[0].kind
        shown[kind] = shown.get(kind, 0) + 1
        if shown[kind] > SHOWN:
            continue
        first = found[0]
        where = f" {first.where}" if first.where else ""
        more = f"（另有 {len(found) - 1} 个场景）" if len(found) > 1 else ""
        click.echo(f"  [{KINDS[kind]}]{where} {message}")
        if first.excerpt:
            click.echo(f"      {first.excerpt}")
        if first.cell is not None:
            click.echo(f"      场景：{first.cell.describe()}{more}")
    hidden = {k: n - SHOWN for k, n in shown.items() if n > SHOWN}
    for kind, n in hidden.items():
        click.echo(f"  [{KINDS[kind]}] 另有 {n} 个不同的问题未列出")


KINDS = {"error": "错误", "context": "场景", "check": "检查", "list": "列表", "level": "层级",
         "variety": "变体",
         "length": "篇幅", "near": "近似", "repeat": "重复", "field": "字段"}


def _write_specs(report, folder: Path) -> None:
    """One spec per cell with a finding, named after the outline and the cell; never over a
    file already there."""
    import yaml

    from drafter.document.output import atomic_write

    folder.mkdir(parents=True, exist_ok=True)
    cells = list(dict.fromkeys(f.cell for f in report.findings if f.cell is not None))
    written = 0
    for i, cell in enumerate(cells, 1):
        path = folder / f"{report.outline.id}-{i:03d}.yaml"
        if path.exists():
            continue
        text = f"# {cell.describe()}\n" + yaml.safe_dump(
            report.grid.spec(cell), allow_unicode=True, sort_keys=False)
        atomic_write(path, text.encode("utf-8"))
        written += 1
    click.echo(f"  复现问题的讲话规格：{written} 个，写在 {folder}")


def _width(s: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))
