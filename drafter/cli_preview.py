"""CLI: `drafter preview` — see a speech as LibreOffice lays it out."""

from __future__ import annotations

from pathlib import Path

import click

from .cli import SPEC_SUFFIXES, _Command


@click.command("preview", cls=_Command)
@click.argument("source", metavar="输入文件", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF 文件（默认：输入文件名改为 .pdf，放在当前文件夹）。")
@click.option("--png", is_flag=True, help="同时输出每页的 PNG 图片（需要 pdftoppm）。")
@click.option("--layout", type=click.Choice(["gb", "podium"]), default="gb", show_default=True,
              help="版式：gb 公文版；podium 讲台版。")
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件。")
def preview(source: Path, output: Path | None, png: bool, layout: str, force: bool) -> None:
    """用 LibreOffice 把讲话规格（.yaml）、草稿（.md/.txt）或 .docx 转成 PDF 预览。"""
    from . import api
    from .preview import preview as make_preview
    from .preview import soffice

    if soffice() is None:  # say so before drafting anything
        from .errors import DrafterError
        from .preview import INSTALL_HINT

        raise DrafterError("找不到 LibreOffice（soffice），无法生成预览", hint=INSTALL_HINT)
    if source.suffix.lower() == ".docx":
        from .source import read_file

        data = read_file(source)
    else:
        if source.suffix.lower() in SPEC_SUFFIXES:
            speech = api.draft(source).speech
        else:
            speech = api.read_speech(source)
        data = api.to_bytes(speech, "docx", layout=layout)
    out = output or Path(source.stem + ".pdf")
    for path in make_preview(data, out, png=png, force=force):
        click.echo(f"已写入：{path}")
