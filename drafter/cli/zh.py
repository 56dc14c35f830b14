"""click's own words in Chinese: the usage line, the help's sections and defaults, and every
mistake click finds on the command line (unknown option, missing value, bad choice, …).

Click words these in English and keeps the specifics (which option, which value) in its
exception objects, so the mistakes are re-worded where the command knows its own parameters
(parse_args, resolve_command) and printed by main; no English string of click's is edited.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
import unicodedata

import click

# Raised for `drafter` or `drafter corpus` with nothing after them (click ≥ 8.2): it carries
# the help text, which is already Chinese.
_NO_ARGS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


class UsageProblem(click.UsageError):
    """A command-line mistake in drafter's own words."""

    def __init__(self, message: str, ctx: click.Context | None, hint: str | None = None) -> None:
        super().__init__(message, ctx)
        self.hint = hint or (f"用 {ctx.command_path} -h 查看用法" if ctx is not None else None)


def report(e: click.ClickException) -> str:
    """What the user reads for a click exception: 错误, the usage line, 提示."""
    ctx = getattr(e, "ctx", None)
    if isinstance(e, UsageProblem):
        message, hint = e.message, e.hint
    elif isinstance(e, click.UsageError):
        message, hint = "命令行有误", UsageProblem("", ctx).hint
    elif isinstance(e, click.FileError):
        message, hint = f"无法打开文件：{e.ui_filename}", None
    else:
        message, hint = "命令没有完成", None
    lines = [f"错误: {message}"]
    if ctx is not None:
        lines.append(ctx.get_usage())
    if hint:
        lines.append(f"提示: {hint}")
    return "\n".join(lines)


# A line break between two characters that are not ASCII (Chinese text, full-width marks).
_CJK_BREAK = re.compile(r"(?<=[^\x00-\x7f])[ \t]*\n[ \t]*(?=[^\x00-\x7f])")
# What a line is cut into: an ASCII word, a run of spaces, or one other character.
_PIECES = re.compile(r"[\x21-\x7e]+|\s+|.")
# Marks that may not open a line: they hang at the end of the line before, as in print.
_NO_LINE_START = set("，。、；：？！）》」』”’】〕…—")
# … and marks that may not end one: they move down with what they open.
_NO_LINE_END = set("（《「『“‘【〔[(")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """A help paragraph in lines of at most width columns (a Chinese character is two): lines
    break between Chinese characters or at spaces, never inside an English word, before a
    closing mark or after an opening one. Click's own wrapping counts characters and breaks
    only at spaces."""
    pieces: list[str] = []  # the current line, piece by piece
    lines = []
    for piece in _PIECES.findall(" ".join(_CJK_BREAK.sub("", text).split())):
        if pieces and _width("".join(pieces) + piece) > width:
            while pieces and pieces[-1].isspace():
                pieces.pop()
            # What may not end a line moves down with the piece that may not start one.
            keep = len(pieces)
            while keep > 1 and (pieces[keep - 1][-1] in _NO_LINE_END
                                or [*pieces, piece][keep][0] in _NO_LINE_START):
                keep -= 1
            lines.append("".join(pieces[:keep]).rstrip())
            pieces = pieces[keep:]
            if piece.isspace() and not pieces:
                continue
        pieces.append(piece)
    last = "".join(pieces).rstrip()
    return [*lines, last] if last else lines


def write_help(formatter: click.HelpFormatter, text: str) -> None:
    """Help text into formatter, paragraph by paragraph; one marked \\b is kept as written."""
    indent = " " * formatter.current_indent
    width = max(formatter.width - formatter.current_indent, 20)
    for i, para in enumerate(text.split("\n\n")):
        if i:
            formatter.write("\n")
        lines = para.splitlines()[1:] if para.startswith("\b") else wrap(para, width)
        formatter.write("".join(f"{indent}{line}\n" for line in lines))


def write_dl(formatter: click.HelpFormatter, rows: list[tuple[str, str]], col_max: int = 30
             ) -> None:
    """Options or commands as two columns, measured in columns on screen (click counts
    characters, so a Chinese metavar pushes its help out of line) and wrapped by wrap()."""
    indent = formatter.current_indent
    first_col = min(max((_width(a) for a, _ in rows), default=0), col_max) + 2
    text_width = max(formatter.width - indent - first_col, 20)
    for term, text in rows:
        formatter.write(" " * indent + term)
        lines = wrap(text, text_width) if text else []
        if not lines:
            formatter.write("\n")
            continue
        pad = first_col - _width(term)
        formatter.write(" " * pad if pad >= 2 else "\n" + " " * (indent + first_col))
        formatter.write(("\n" + " " * (indent + first_col)).join(lines) + "\n")


def _range(t: click.IntRange | click.FloatRange) -> str:
    """A range in words: 不小于 0, 300 到 20000."""
    low = f"{'大于' if t.min_open else '不小于'} {t.min}"
    high = f"{'小于' if t.max_open else '不大于'} {t.max}"
    if t.min is not None and t.max is not None:
        return f"{t.min} 到 {t.max}" if not (t.min_open or t.max_open) else f"{low}、{high}"
    return low if t.min is not None else high


def _expected(t: click.ParamType) -> str:
    """What a value of type t must be, to follow 应为."""
    if isinstance(t, click.Choice):
        return "、".join(map(str, t.choices)) + " 之一"
    if isinstance(t, click.IntRange):
        return f"{_range(t)} 的整数"
    if isinstance(t, click.FloatRange):
        return f"{_range(t)} 的数"
    if isinstance(t, click.types.IntParamType):
        return "整数"
    if isinstance(t, click.types.FloatParamType):
        return "数"
    return "合适的值"


def _path_problem(t: click.Path, value: str) -> str:
    if os.path.isdir(value) and not t.dir_okay:
        return "是一个文件夹，这里应为文件"
    if os.path.isfile(value) and not t.file_okay:
        return "是一个文件，这里应为文件夹"
    if not os.path.exists(value):
        return "不存在"
    if t.readable and not os.access(value, os.R_OK):
        return "没有读取权限"
    if t.writable and not os.access(value, os.W_OK):
        return "没有写入权限"
    return "不能使用"


def _name(param: click.Parameter) -> str:
    if isinstance(param, click.Option):
        return "选项 " + "/".join(param.opts)
    return (param.metavar or param.human_readable_name).rstrip(".…")  # 文件... → 文件


def _bad_value(param: click.Parameter, value: object) -> str:
    if isinstance(param.type, click.Path) and isinstance(value, str):
        return f"{_name(param)}：“{value}”{_path_problem(param.type, value)}"
    expected = _expected(param.type)
    space = " " if expected[:1].isascii() else ""  # 应为 gb、podium 之一; 应为不小于 0 的整数
    given = f"，实际是“{value}”" if isinstance(value, str) else ""
    return f"{_name(param)} 应为{space}{expected}{given}"


def _help_record(param: click.Option, ctx: click.Context) -> tuple[str, str] | None:
    """click's left column (-o, --output 文件) with the help and its extras worded in Chinese."""
    record = param.get_help_record(ctx)
    if record is None:
        return None
    extra = param.get_help_extra(ctx) if hasattr(param, "get_help_extra") else {}
    notes = []
    if "default" in extra:
        notes.append(f"默认：{extra['default']}")
    if "range" in extra:
        notes.append(_range(param.type))
    if "required" in extra:
        notes.append("必填")
    text = param.help or ""
    if notes:
        text = f"{text}  [{'；'.join(notes)}]" if text else f"[{'；'.join(notes)}]"
    return record[0], text


# Metavars for options that name none, by type (click would print INTEGER RANGE, PATH, TEXT).
_METAVARS = ((click.types.IntParamType, "整数"), (click.types.FloatParamType, "数"),
             (click.Path, "路径"))


class ChineseHelp:
    """Mixin for click.Command and click.Group: help, usage and command-line mistakes in
    Chinese, and main() printing them (and Ctrl-C) without click's English frame."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)
        for p in self.params:
            if (isinstance(p, click.Option) and p.metavar is None and not p.is_flag
                    and not p.count and not isinstance(p.type, click.Choice)):
                p.metavar = next((m for cls, m in _METAVARS if isinstance(p.type, cls)), "文字")

    def get_help_option(self, ctx: click.Context):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示帮助并退出。"
        return option

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = inspect.cleandoc(self.help or "").partition("\f")[0]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                write_help(formatter, text)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="用法：")

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        args = [p for p in self.get_params(ctx) if isinstance(p, click.Argument)]
        if any(getattr(a, "help", None) is not None for a in args):  # click ≥ 8.5 only
            with formatter.section("参数"):
                write_dl(formatter, [a.get_help_record(ctx) for a in args])

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [_help_record(p, ctx) for p in self.get_params(ctx) if isinstance(p, click.Option)]
        rows = [r for r in rows if r is not None]
        if rows:
            with formatter.section("选项"):
                write_dl(formatter, rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        raw = list(args)  # click's parser consumes the list it is given
        strict = not ctx.allow_extra_args
        ctx.allow_extra_args = True  # extra arguments are reported below, in Chinese
        try:
            rest = super().parse_args(ctx, args)
        except (_NO_ARGS_HELP, UsageProblem):
            raise
        except click.UsageError as e:
            raise self._reword(e, ctx, raw) from e
        finally:
            ctx.allow_extra_args = not strict
        if strict and rest and not ctx.resilient_parsing:
            raise UsageProblem(f"多余的参数：{' '.join(rest)}", ctx)
        return rest

    def _reword(self, e: click.UsageError, ctx: click.Context, raw: list[str]) -> UsageProblem:
        if isinstance(e, click.NoSuchOption):
            message = f"未知的选项 {e.option_name}"
            if e.possibilities:
                message += f"，是不是 {'、'.join(sorted(e.possibilities))}？"
        elif isinstance(e, click.BadOptionUsage):
            param = next((p for p in self.get_params(ctx)
                          if e.option_name in (*p.opts, *p.secondary_opts)), None)
            if isinstance(param, click.Option) and (param.is_flag or param.count):
                message = f"选项 {e.option_name} 是开关，后面不能带值"
            else:
                message = f"选项 {e.option_name} 后面缺少{getattr(param, 'metavar', None) or '值'}"
        elif isinstance(e, click.MissingParameter) and e.param is not None:
            message = f"缺少{_name(e.param)}"
        elif isinstance(e, click.BadParameter) and e.param is not None:
            message = _bad_value(e.param, self._given(ctx, raw, e.param))
        else:
            message = "命令行有误"
        return UsageProblem(message, ctx)

    def _given(self, ctx: click.Context, raw: list[str], param: click.Parameter) -> object:
        """The value the user gave param: click's exception keeps only its English sentence,
        so the command line is parsed again (parsing has no side effects; conversion does)."""
        try:
            opts, _, _ = self.make_parser(ctx).parse_args(list(raw))
        except Exception:  # the parser is click-internal: without it, no value is quoted
            return None
        value = opts.get(param.name)
        if isinstance(value, (list, tuple)):  # nargs=-1: the first value that fails
            value = next((v for v in value if _fails(param, v, ctx)), None)
        return value

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except _NO_ARGS_HELP as e:  # `drafter` alone: the (Chinese) help, as click prints it
            click.echo(e.format_message(), err=True)
            code = e.exit_code
        except click.ClickException as e:
            click.echo(report(e), err=True)
            code = e.exit_code
        except click.Abort:  # Ctrl-C, or end of input at a prompt
            click.echo("已中止。", err=True)
            code = 1
        sys.exit(code if isinstance(code, int) else 0)


def _fails(param: click.Parameter, value: object, ctx: click.Context) -> bool:
    try:
        param.type.convert(value, param, ctx)
    except click.BadParameter:
        return True
    return False


class ChineseCommand(ChineseHelp, click.Command):
    pass


class ChineseGroup(ChineseHelp, click.Group):
    command_class = ChineseCommand

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0]
        if (self.get_command(ctx, name) is None and not name.startswith("-")
                and not ctx.resilient_parsing):
            from difflib import get_close_matches

            known = self.list_commands(ctx)
            close = get_close_matches(name, known)
            message = f"未知的命令 {name}" + (f"，是不是 {'、'.join(close)}？" if close else "")
            raise UsageProblem(message, ctx, hint="可用的命令：" + "、".join(known))
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(n, c) for n in self.list_commands(ctx)
                if (c := self.get_command(ctx, n)) is not None and not c.hidden]
        if rows:
            limit = formatter.width - 6 - max(len(n) for n, _ in rows)
            with formatter.section("命令"):
                write_dl(formatter, [(n, c.get_short_help_str(limit)) for n, c in rows])
