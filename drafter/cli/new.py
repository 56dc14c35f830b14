"""CLI: `drafter new` — a commented starter spec for an outline, or (--ask) one question per
field, each answer checked as `drafter draft` checks the spec, then written as the spec."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from drafter.cli.zh import ChineseCommand
from drafter.errors import DrafterError

# How a list answer ends, and what a skipped question means; said once before the questions.
_INTRO = ("为提纲“{name}”填写讲话规格，共 {count} 项。\n"
          "方括号 [ ] 里是默认值，直接回车保留；可选的项直接回车跳过；列表每行写一项，空行结束。"
          "按 Ctrl-C 放弃。")


@click.command("new", cls=ChineseCommand)
@click.argument("outline_id", metavar="提纲")
@click.option("-o", "--output", metavar="文件", type=click.Path(dir_okay=False, path_type=Path),
              help="写入文件（默认输出到屏幕；加 --ask 时默认写入“地名会议名称.yaml”）。")
@click.option("--ask", is_flag=True,
              help="逐项提问（显示说明、默认值和例子，每个回答当场检查），回答完写成规格文件。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
@click.pass_context
def new_cmd(ctx: click.Context, outline_id: str, output: Path | None, ask: bool,
            force: bool) -> None:
    """生成一个带注释的讲话规格模板，注释写明提纲用到的每个字段。

    提纲写库里的 id 或名称（前几个字也行，如“机关效能”），或提纲文件的路径。
    加 --ask 逐项回答问题，不用自己改 YAML 文件。
    """
    from drafter.document.output import atomic_write
    from drafter.drafting.outline import find
    from drafter.drafting.starter import starter_spec

    outline = find(outline_id)
    if ask:
        _ask(ctx, outline, output, force)
        return
    text = starter_spec(outline, ref=_outline_ref(outline, output))
    if output is None:
        click.echo(text, nl=False)
        return
    atomic_write(output, text.encode("utf-8"), force=force)
    click.echo(f"已写入：{output}", err=True)


def _outline_ref(outline, output: Path | None) -> str:
    """How the spec names its outline: the library id, or the outline file's path relative to
    the spec's folder (outline: paths are read relative to the spec)."""
    from drafter.drafting.outline import library

    shipped = library().get(outline.id)
    if outline.path is None or (shipped is not None and shipped.resolve() == outline.path):
        return outline.id
    folder = (output.resolve().parent if output is not None else Path.cwd())
    try:
        return Path(os.path.relpath(outline.path, folder)).as_posix()
    except ValueError:  # another drive on Windows
        return str(outline.path)


def _ask(ctx: click.Context, outline, output: Path | None, force: bool) -> None:
    from drafter.document.output import atomic_write, check_target
    from drafter.drafting.starter import questions, starter_spec

    if output is not None:
        check_target(output, force)  # before the questions, not after them
    fields = questions(outline)
    answers: dict[str, Any] = {"outline": _outline_ref(outline, output)}
    click.echo(_INTRO.format(name=outline.name, count=len(fields)))
    try:
        for number, (name, fs) in enumerate(fields, 1):
            click.echo(f"\n（{number}/{len(fields)}）" + _describe(name, fs))
            value = _ITEMS.get(fs.type, _ask_text)(outline, answers, name, fs)
            if value is not None:
                answers[name] = value
    except (click.Abort, KeyboardInterrupt):  # Ctrl-C, or the end of the input
        click.echo("\n已中止：没有写入任何文件。", err=True)
        ctx.exit(1)
    path = output or _free_name(answers, outline, force)
    text = starter_spec(outline, answers)
    atomic_write(path, text.encode("utf-8"), force=force)
    shown = f'"{path}"' if " " in str(path) else str(path)
    click.echo(f"\n已写入：{path}\n下一步：drafter draft {shown}")


# An answer drafter refused (its message is already printed): the question is asked again.
_BAD = object()


def _describe(name: str, fs) -> str:
    """What the writer reads before a question: the help, the field, an example, what Enter does."""
    from drafter.spec.validate import TYPES

    lines = [f"{fs.help or TYPES[fs.type]}（{name}，{'必填' if fs.required else '可选'}）"]
    if fs.example is not None:  # a table's rows are long: one is enough to show the shape
        lines.append(f"  例如：{_show(fs.example, 1 if fs.type == 'table' else 3)}")
    if fs.type in _ITEMS:
        what = {"table": f"每项依次回答 {'、'.join(fs.keys)}，第一个留空",
                "map": "每行写一项“键: 值”，空行",
                "lines": "写一行；要回行时每行写标题的一行，空行"}.get(fs.type, "每行写一项，空行")
        lines.append(f"  {what}结束。")
    if _default(fs) is None and not fs.required:
        lines.append("  不填直接回车跳过。")
    return "\n".join(lines)


def _show(value: Any, items: int = 3) -> str:
    import datetime as dt

    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return "，".join(f"{k}: {_show(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        shown = "；".join(_show(v) for v in value[:items])
        return shown + ("；……" if len(value) > items else "")
    return str(value)


def _default(fs) -> Any:
    """What Enter keeps: the outline's default, unless that is to leave the field out."""
    return None if fs.default in (None, "", [], {}) else fs.default


def _prompt(label: str) -> str:
    return click.prompt(label, default="", show_default=False, prompt_suffix="：").strip()


def _check(outline, answers: dict, name: str, value: Any) -> Any:
    """The answer as it will be written, or _BAD after printing drafter's message."""
    from drafter.drafting.starter import answer

    try:
        return answer(outline, answers, name, value)
    except DrafterError as e:
        click.echo(f"错误: {e.format()}", err=True)
        return _BAD


def _ask_text(outline, answers: dict, name: str, fs) -> Any:
    default = _default(fs)
    label = name + (f" [{_show(default)}]" if default is not None else "")
    while True:
        raw = _prompt(label)
        value = _check(outline, answers, name, raw or default)
        if value is not _BAD:
            return value


def _ask_items(outline, answers: dict, name: str, fs) -> Any:
    """A list, a table, a map or a title of several lines: one item per answer, each checked
    with those before it; an empty answer ends (on the first item it keeps the default)."""
    default = _default(fs)
    items: list = []
    while True:
        label = f"{name} 第{len(items) + 1}项"
        item = _read_item(fs, label + (f" [{_show(default)}]" if default and not items else ""))
        if item is _BAD:
            continue
        if item is not None:
            if _check(outline, answers, name, _collect(fs, [*items, item])) is not _BAD:
                items.append(item)
            continue
        value = _check(outline, answers, name, _collect(fs, items) if items else default)
        if value is not _BAD:
            return value


def _read_item(fs, label: str) -> Any:
    """One item: text; for a table a row asked key by key; for a map a “键: 值” line."""
    if fs.type == "table":
        row = {}
        for key in fs.keys:
            raw = _prompt(f"{label} {key}")
            if not raw and key == fs.keys[0]:
                return None
            if raw:
                row[key] = raw
        return row
    raw = _prompt(label)
    if fs.type != "map" or not raw:
        return raw or None
    key, colon, value = raw.replace("：", ":", 1).partition(":")
    if not colon or not key.strip():
        click.echo("错误: 每项写成“键: 值”，如 leaders: 镇党委、镇政府", err=True)
        return _BAD
    return {key.strip(): value.strip()}


def _collect(fs, items: list) -> Any:
    if fs.type == "map":
        return {k: v for item in items for k, v in item.items()}
    if fs.type == "lines" and len(items) == 1:
        return items[0]
    return list(items)


_ITEMS = {"list": _ask_items, "table": _ask_items, "map": _ask_items, "lines": _ask_items}


def _free_name(answers: dict, outline, force: bool) -> Path:
    """The default file: the place and meeting, as `drafter draft` names a draft after its title;
    an existing file gets -2, -3… rather than being replaced (unless --force)."""
    from drafter.cli.draft import _filename

    meeting = answers.get("meeting.name") or outline.name
    stem = _filename(f"{answers.get('place.name', '')}{meeting}")
    path = Path(stem + ".yaml")
    number = 1
    while path.exists() and not force:
        number += 1
        path = Path(f"{stem}-{number}.yaml")
    return path
