"""CLI: the `drafter` group and its entry point. Each command lives in its own module here
(draft, new, outlines, batch, check, corpus, extract, preview) and is imported only when run;
commands parse options, call the API and print results — no drafting logic."""

from __future__ import annotations

import sys

import click

from drafter import __version__
from drafter.cli.zh import ChineseGroup
from drafter.errors import DrafterError

# Commands that live in their own modules, imported only when used so start-up stays light.
_LAZY = {
    "outlines": ("drafter.cli.outlines", "outlines_cmd"),
    "new": ("drafter.cli.new", "new_cmd"),
    "draft": ("drafter.cli.draft", "draft_cmd"),
    "corpus": ("drafter.cli.corpus", "corpus"),
    "extract": ("drafter.cli.extract", "extract"),
    "check": ("drafter.cli.check", "check"),
    "batch": ("drafter.cli.batch", "batch"),
    "preview": ("drafter.cli.preview", "preview"),
    "serve": ("drafter.cli.serve", "serve_cmd"),
}


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


def main() -> None:
    from drafter.cli import console

    console.setup()
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
