"""CLI: `drafter new` — a commented starter spec for an outline."""

from __future__ import annotations

from pathlib import Path

import click

from drafter.cli.zh import ChineseCommand


@click.command("new", cls=ChineseCommand)
@click.argument("outline_id", metavar="提纲")
@click.option("-o", "--output", metavar="文件", type=click.Path(dir_okay=False, path_type=Path),
              help="写入文件（默认输出到屏幕）。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
def new_cmd(outline_id: str, output: Path | None, force: bool) -> None:
    """生成一个带注释的讲话规格模板，注释写明提纲用到的每个字段。

    提纲写库里的 id 或名称（前几个字也行，如“机关效能”），或提纲文件的路径。
    """
    from drafter.drafting.outline import find
    from drafter.drafting.starter import starter_spec

    text = starter_spec(find(outline_id))
    if output is None:
        click.echo(text, nl=False)
        return
    from drafter.document.output import atomic_write

    atomic_write(output, text.encode("utf-8"), force=force)
    click.echo(f"已写入：{output}", err=True)
