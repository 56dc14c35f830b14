"""CLI: `drafter draft` — a spec (or an edited draft) → .docx, .md or .txt."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from drafter.cli.zh import ChineseCommand
from drafter.errors import DrafterError
from drafter.spec import SPEC_SUFFIXES

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@click.command("draft", cls=ChineseCommand)
@click.argument("source", metavar="输入文件", type=click.Path(path_type=Path))
@click.option("-o", "--output", metavar="文件",
              help="输出文件；默认用标题作文件名，放在当前文件夹。md/txt 可用 - 输出到屏幕。")
@click.option("-f", "--format", "fmt", type=click.Choice(["docx", "md", "txt"]),
              help="输出格式（默认按 -o 的扩展名，否则 docx）。")
@click.option("--seed", type=click.IntRange(min=0), help="变体编号，覆盖规格里的 seed。")
@click.option("--length", type=click.IntRange(300, 20000), help="目标字数，覆盖规格里的 length。")
@click.option("--layout", metavar="gb|podium|版式.yaml", default="gb", show_default=True,
              help="版式：gb 公文版（GB/T 9704，三号字，每页 22 行 × 28 字）；podium 讲台版（小二号字，"
                   "行距 36 磅，便于照稿宣读）；或本单位的版式文件（.yaml：每页行数、每行字数、页码样式、"
                   "字体，见 docs/format.md）。")
@click.option("--fonts", type=click.Choice(["gb2312", "windows"]),
              help="字体：gb2312 公文字体（仿宋_GB2312、方正小标宋简体，默认）；windows 用 Windows "
                   "自带的仿宋、楷体、黑体、宋体。覆盖规格里的 fonts。")
@click.option("--reference-doc", "reference", metavar="模板.docx", type=click.Path(path_type=Path),
              help="单位自己的 Word 模板：用它的样式、页面设置、页眉页脚（红头）排版。")
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件。")
def draft_cmd(source: Path, output: str | None, fmt: str | None, seed: int | None,
              length: int | None, layout: str, fonts: str | None, reference: Path | None,
              force: bool) -> None:
    """起草讲话稿。输入是讲话规格（.yaml），或改过的草稿（.md/.txt/.docx）。"""
    from drafter import api

    fmt = _format(output, fmt)
    options = {"layout": api.layout(layout), "fonts": fonts, "author": "", "subject": ""}
    if source.suffix.lower() in SPEC_SUFFIXES:
        result = api.draft(source, seed=seed, length=length)
        speech, values = result.speech, result.spec.values
        options.update(author=values["speaker"]["name"] or "",
                       subject=values["meeting"]["name"] or "", fonts=fonts or values.get("fonts"))
        given = values.get("reference_doc")
        reference = reference or (source.parent / given if given else None)
    else:
        if seed is not None or length is not None:
            raise DrafterError("--seed 和 --length 只用于讲话规格（.yaml）", source)
        speech, result = _read_draft(source), None
        _remove_bidi(speech)
    if output == "-":
        if fmt == "docx":
            raise DrafterError("docx 不能输出到屏幕", hint="用 -o 文件名.docx")
        sys.stdout.write(api.to_bytes(speech, fmt).decode("utf-8"))
        return
    path = Path(output) if output else Path(_filename(speech.title) + "." + fmt)
    if reference is not None and fmt == "docx":
        _, missing = api.write_on_template(speech, path, reference, force=force, **options)
        if missing:
            click.echo(f"单位模板里没有这些样式，用了 drafter 自己的：{'、'.join(missing)}", err=True)
    else:
        api.write(speech, path, fmt, force=force, **options)
    _report(path, speech, result)


def _format(output: str | None, fmt: str | None) -> str:
    """The output format: as given, else by the output file's extension, else docx."""
    from drafter import api

    if output and output != "-" and fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".")
        fmt = suffix if suffix in api.FORMATS else None
        if fmt is None:
            raise DrafterError(
                f"无法从文件名判断输出格式：{output}", hint="用 .docx、.md 或 .txt 结尾，或加 --format"
            )
    return fmt or "docx"


def _report(path: Path, speech, result) -> None:
    from drafter import api

    count = speech.char_count()
    minutes = count / api.CHARS_PER_MINUTE
    click.echo(f"已写入：{path}（{count} 字{_against_target(result, count)}，讲话约 {minutes:.0f} 分钟，"
               f"按每分钟 {api.CHARS_PER_MINUTE} 字计）")
    if result is not None and result.target and abs(count - result.target) > result.target / 10:
        click.echo(f"注意：提纲在这一篇幅写不到目标 {result.target} 字（差 {count - result.target:+d} 字）；"
                   "换一个目标字数，或在提纲里增减 more: 展开和 when: {length: …} 的条目", err=True)


def _against_target(result, count: int) -> str:
    """The target is named only when the draft meets it (within 10%)."""
    if result is None or not result.target or abs(count - result.target) > result.target / 10:
        return ""
    return f"，目标 {result.target} 字"


def _filename(title: str) -> str:
    from drafter.document.output import fit_name

    return fit_name(_UNSAFE.sub("", title).strip(" .")) or "讲话稿"


def _read_draft(source: Path):
    """An edited draft. A .docx may hold what drafter cannot lay out (tables, pictures, notes,
    tracked changes): its text is kept where it can be, and the writer is told what was kept
    only approximately or left out, never silently."""
    from drafter import api

    if source.suffix.lower() != ".docx":
        return api.read_speech(source)
    from drafter.document.docx_reader import read_docx_report

    speech, report = read_docx_report(source)
    report.relayout(speech)
    for warning in report.warnings():
        click.echo(f"警告: {warning}", err=True)
    return speech


def _remove_bidi(speech) -> None:
    """Direction controls (U+202E…) reorder what Word shows, so a sentence can read backwards
    or hide text; an edited draft loses them, and the writer is told."""
    from drafter.text.chars import BIDI

    removed = speech.strip_characters(BIDI)
    if removed:
        click.echo(f"警告: 删除了 {removed} 个文字方向控制字符（如 U+202E），"
                   "它们会让文字在 Word 里倒序或隐藏显示", err=True)
