"""CLI: parses options, calls the API, prints results and errors; no drafting logic here."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from drafter import __version__
from drafter.cli.zh import ChineseCommand, ChineseGroup, ChineseHelp
from drafter.errors import DrafterError

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
SPEC_SUFFIXES = (".yaml", ".yml")


# Commands that live in their own modules, imported only when used so start-up stays light.
_LAZY = {
    "corpus": ("drafter.cli.corpus", "corpus"),
    "extract": ("drafter.cli.extract", "extract"),
    "check": ("drafter.cli.check", "check"),
    "batch": ("drafter.cli.batch", "batch"),
    "preview": ("drafter.cli.preview", "preview"),
}


# click's own words (usage, help sections, command-line mistakes) in Chinese: see zh.py.
_ChineseHelp = ChineseHelp
_Command = ChineseCommand


class _Group(ChineseGroup):
    def list_commands(self, ctx: click.Context) -> list[str]:
        from importlib.util import find_spec

        lazy = [name for name, (module, _) in _LAZY.items() if find_spec(module)]
        return [*super().list_commands(ctx), *lazy]

    def get_command(self, ctx: click.Context, name: str):
        if name in _LAZY:
            from importlib import import_module

            module, attr = _LAZY[name]
            try:
                return getattr(import_module(module), attr)
            except ModuleNotFoundError:
                return None
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DrafterError as e:
            if ctx.meta.get("debug"):
                raise
            click.echo(f"错误: {e.format()}", err=True)
            ctx.exit(e.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="drafter",
                      message="%(prog)s %(version)s", help="显示版本并退出。")
@click.option("--debug", is_flag=True, help="出错时显示完整的调用栈（给开发者看）。")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """drafter：根据 YAML 讲话规格起草讲话稿，输出符合 GB/T 9704-2012 格式的 .docx。

    \b
    常用：
      drafter outlines                         列出提纲
      drafter new efficiency-mobilization > a.yaml   生成规格模板
      drafter draft a.yaml                     起草并输出 .docx
      drafter draft a.yaml --format md -o a.md 输出可编辑的 Markdown 草稿
      drafter draft a.md -o 定稿.docx          把改好的草稿转成 .docx
    """
    ctx.meta["debug"] = debug


@cli.command("outlines")
def outlines_cmd() -> None:
    """列出提纲库中的提纲：id、名称、场合、节数。"""
    from drafter.drafting import outline

    rows = [("id", "名称", "场合", "节数")]
    for oid, path in outline.library().items():
        o = outline.load(path)
        rows.append((oid, o.name, o.occasion, str(len(o.sections))))
    widths = [max(_width(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        click.echo("  ".join(_pad(c, w) for c, w in zip(r, widths, strict=False)) + "  " + r[3])


def _width(s: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))


@cli.command("new")
@click.argument("outline_id", metavar="提纲ID")
@click.option("-o", "--output", metavar="文件", type=click.Path(dir_okay=False, path_type=Path),
              help="写入文件（默认输出到屏幕）。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
def new_cmd(outline_id: str, output: Path | None, force: bool) -> None:
    """生成一个带注释的讲话规格模板，注释写明提纲用到的每个字段。"""
    from drafter.drafting.outline import find
    from drafter.drafting.starter import starter_spec

    text = starter_spec(find(outline_id))
    if output is None:
        click.echo(text, nl=False)
        return
    from drafter.document.output import atomic_write

    atomic_write(output, text.encode("utf-8"), force=force)
    click.echo(f"已写入：{output}", err=True)


@cli.command("draft")
@click.argument("source", metavar="输入文件", type=click.Path(path_type=Path))
@click.option("-o", "--output", metavar="文件",
              help="输出文件；默认用标题作文件名，放在当前文件夹。md/txt 可用 - 输出到屏幕。")
@click.option("-f", "--format", "fmt", type=click.Choice(["docx", "md", "txt"]),
              help="输出格式（默认按 -o 的扩展名，否则 docx）。")
@click.option("--seed", type=click.IntRange(min=0), help="变体编号，覆盖规格里的 seed。")
@click.option("--length", type=click.IntRange(300, 20000), help="目标字数，覆盖规格里的 length。")
@click.option("--layout", type=click.Choice(["gb", "podium"]), default="gb", show_default=True,
              help="版式：gb 公文版（GB/T 9704，三号字，每页 22 行 × 28 字）；"
                   "podium 讲台版（小二号字，行距 36 磅，便于照稿宣读）。")
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件。")
def draft_cmd(source: Path, output: str | None, fmt: str | None, seed: int | None,
              length: int | None, layout: str, force: bool) -> None:
    """起草讲话稿。输入是讲话规格（.yaml），或改过的草稿（.md/.txt/.docx）。"""
    from drafter import api

    if output and output != "-" and fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".")
        fmt = suffix if suffix in api.FORMATS else None
        if fmt is None:
            raise DrafterError(
                f"无法从文件名判断输出格式：{output}", hint="用 .docx、.md 或 .txt 结尾，或加 --format"
            )
    fmt = fmt or "docx"
    author = subject = ""
    if source.suffix.lower() in SPEC_SUFFIXES:
        result = api.draft(source, seed=seed, length=length)
        speech = result.speech
        author = result.spec.values["speaker"]["name"] or ""
        subject = result.spec.values["meeting"]["name"] or ""
    else:
        if seed is not None or length is not None:
            raise DrafterError("--seed 和 --length 只用于讲话规格（.yaml）", source)
        speech = api.read_speech(source)
        result = None
    if output == "-":
        if fmt == "docx":
            raise DrafterError("docx 不能输出到屏幕", hint="用 -o 文件名.docx")
        sys.stdout.write(api.to_bytes(speech, fmt).decode("utf-8"))
        return
    path = Path(output) if output else Path(_filename(speech.title) + "." + fmt)
    api.write(speech, path, fmt, force=force, author=author, subject=subject, layout=layout)
    count = speech.char_count()
    minutes = count / api.CHARS_PER_MINUTE
    line = f"已写入：{path}（{count} 字"
    if result is not None and result.target:
        line += f"，目标 {result.target} 字"
    line += f"，讲话约 {minutes:.0f} 分钟，按每分钟 {api.CHARS_PER_MINUTE} 字计）"
    click.echo(line)


def _filename(title: str) -> str:
    from drafter.document.output import fit_name

    return fit_name(_UNSAFE.sub("", title).strip(" .")) or "讲话稿"


def main() -> None:
    try:
        cli(prog_name="drafter")
    except Exception as e:  # a bug in drafter, not the user's mistake: no English traceback
        if "--debug" in sys.argv[1:]:
            raise
        click.echo(f"错误: drafter 内部错误（{type(e).__name__}）\n"
                   "提示: 加 --debug 重新运行可看到调用栈，请连同输入文件一起报告", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
