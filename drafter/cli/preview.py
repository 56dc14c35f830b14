"""CLI: `drafter preview` — see a speech as LibreOffice lays it out (registered in cli/__init__.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from drafter.cli.zh import ChineseCommand
from drafter.spec import SPEC_SUFFIXES

if TYPE_CHECKING:
    from drafter.document.speech import Speech


@click.command("preview", cls=ChineseCommand)
@click.argument("source", metavar="输入文件", type=click.Path(path_type=Path))
@click.option("-o", "--output", metavar="文件.pdf", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF 文件（默认：输入文件名改为 .pdf，放在当前文件夹）。")
@click.option("--png", is_flag=True,
              help="同时把每页存为 PNG 图片：文件-1.png、文件-2.png……（需要 pdftoppm）。")
@click.option("--layout", metavar="gb|podium|版式.yaml", default="gb", show_default=True,
              help="版式：gb 公文版；podium 讲台版；或本单位的版式文件（.yaml）。")
@click.option("--fonts", type=click.Choice(["gb2312", "windows"]),
              help="字体：gb2312 公文字体（默认）；windows 用 Windows 自带的仿宋、楷体、黑体、宋体。")
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件。")
def preview(source: Path, output: Path | None, png: bool, layout: str, fonts: str | None,
            force: bool) -> None:
    """用 LibreOffice 把讲话规格（.yaml）、草稿（.md/.txt）或 .docx 转成 PDF，看打印出来的版面。

    需要安装 LibreOffice；没有授权的公文字体时，用自带的字体映射（Noto CJK、AR PL）代替。
    预览不联网：输入的文字先由 drafter 按所选版式重新写成 .docx，再交给 LibreOffice，
    原文件里的图片、链接、宏和原有排版都不会带进预览。

    \b
    例：
      drafter preview qingshi.yaml            → qingshi.pdf
      drafter preview 定稿.docx --png         → 定稿.pdf、定稿-1.png、定稿-2.png……
    """
    from drafter.document.preview import preview as make_preview
    from drafter.document.preview import require_pdftoppm, require_soffice

    # Say what is missing before drafting anything.
    require_soffice()
    if png:
        require_pdftoppm()
    speech, author, subject = _speech(source)
    out = output or Path(source.stem + ".pdf")
    from drafter import api

    done = make_preview(speech, out, author=author, subject=subject, layout=api.layout(layout),
                        fonts=fonts, png=png, force=force)
    pages = f"（{done.pages} 页）" if done.pages else ""
    click.echo(f"已写入：{done.pdf}{pages}")
    if done.pngs:
        last = f" … {done.pngs[-1]}" if len(done.pngs) > 1 else ""
        click.echo(f"已写入 {len(done.pngs)} 张 PNG：{done.pngs[0]}{last}")
    if done.missing is None:
        click.echo("未核对 PDF 里的文字是否齐全：没有找到 pdftotext（poppler-utils）", err=True)
    elif done.missing:
        shown = "；".join(done.missing[:5]) + ("……" if len(done.missing) > 5 else "")
        click.echo(f"注意：PDF 里少了 {len(done.missing)} 处文字（【】里的字没有排出来）：{shown}",
                   err=True)


def _speech(source: Path) -> tuple[Speech, str, str]:
    """The speech to preview, with its author and subject: drafted from a spec, or read from a
    draft. A .docx is only read for its text, and only when it really is one."""
    from drafter import api
    from drafter.document.preview import require_docx

    if source.suffix.lower() in SPEC_SUFFIXES:
        result = api.draft(source)
        speaker, meeting = result.spec.values["speaker"], result.spec.values["meeting"]
        return result.speech, speaker["name"] or "", meeting["name"] or ""
    if source.suffix.lower() == ".docx":
        require_docx(source)
    return api.read_speech(source), "", ""
