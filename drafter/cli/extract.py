"""CLI: `drafter extract` — a speech file → an outline skeleton under outlines/ (registered in
drafter/cli/__init__.py). Options and messages only; the work is drafter.corpus.extract's."""

from __future__ import annotations

from pathlib import Path

import click

from drafter.cli.zh import ChineseCommand


@click.command("extract", cls=ChineseCommand)
@click.argument("source", metavar="讲话文件", type=click.Path(path_type=Path))
@click.option("-o", "--output", metavar="文件",
              help="写入的提纲文件（默认 outlines/<id>.yaml；写 - 则输出到屏幕）。")
@click.option("--id", "outline_id", metavar="ID", help="提纲 id（默认取输出文件名或讲话文件名）。")
@click.option("--level", metavar="层级",
              help="原文的层级（乡、镇、街道、县、区、市……），默认从自称自动判断。")
@click.option("--force", is_flag=True, help="覆盖已存在的提纲文件。")
def extract(source: Path, output: str | None, outline_id: str | None, level: str | None,
            force: bool) -> None:
    """把一篇讲话（可以是从网页复制的文本）提取成可复用的提纲骨架。

    \b
    先按 drafter corpus clean 的规则清理原文，再识别开头、一级标题（一、）、
    （一）、1.、一是/一要/第一 等条目和结尾；“我乡”“全乡”等自称改为变量，
    年份改为日期表达式，“四个方面”改为随条目数变化的数量词。
    无法参数化的人名、地名、占位符和原文序号错误列为警告，请逐条核对。

    \b
    例：
      drafter extract 范文.txt                 写入 outlines/范文.yaml
      drafter extract 范文.txt -o -            输出到屏幕
      drafter extract 范文.txt --id my-speech  写入 outlines/my-speech.yaml
    """
    from drafter.corpus.extract import extract_file, summary
    from drafter.document.output import atomic_write

    to_screen = output == "-"
    if outline_id is None and output and not to_screen:
        outline_id = Path(output).stem
    result = extract_file(source, id=outline_id, level=level)
    if to_screen:
        click.echo(result.outline_yaml, nl=False)
        click.echo(summary(result), err=True)
        return
    path = Path(output) if output else Path("outlines") / f"{result.id}.yaml"
    atomic_write(path, result.outline_yaml.encode("utf-8"), force=force)
    click.echo(summary(result))
    click.echo(f"已写入：{path}")
