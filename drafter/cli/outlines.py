"""CLI: `drafter outlines` — the outline library as a table a writer can scan."""

from __future__ import annotations

import click

from drafter.cli.zh import ChineseCommand


@click.command("outlines", cls=ChineseCommand)
def outlines_cmd() -> None:
    """列出提纲库中的提纲：id、名称、场合、适用层级、篇幅范围。"""
    from drafter.drafting import outline

    rows = [("id", "名称", "场合", "层级", "字数")]
    for oid, path in outline.library().items():
        o = outline.load(path)
        levels = "、".join(o.levels) if o.levels else "各级"
        rows.append((oid, o.name, o.occasion, levels, f"{o.lengths[0]}–{o.lengths[1]}"))
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for r in rows:
        click.echo("  ".join(_pad(c, w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1])


def _width(s: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))
