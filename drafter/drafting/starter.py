"""Starter specs for `drafter new`: every field an outline uses, with its meaning as a comment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from drafter.drafting.outline import Outline
from drafter.spec.validate import TYPES, FieldSpec, merged_fields


def _scalar(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value)
    # Quote what YAML would read as something else (numbers, dates, yes/no, leading symbols).
    if s[:1] in "{[&*!|>'\"%@`#-?:," or s.lower() in ("yes", "no", "true", "false", "null"):
        return '"' + s.replace('"', '\\"') + '"'
    return s


def _comment(fs: FieldSpec) -> str:
    parts = [fs.help or TYPES[fs.type]]
    parts.append("必填" if fs.required else "可选")
    return "  # " + "，".join(parts)


def starter_spec(outline: Outline) -> str:
    fields = merged_fields(outline.fields)
    lines = [
        f"# 讲话规格：{outline.name}（提纲 {outline.id}）",
        "# 改好后运行：drafter draft 本文件.yaml",
        "# 字段说明见 docs/spec.md；以 # 开头的行是注释，去掉 # 即可启用。",
        "",
    ]
    groups: dict[str, list[tuple[str, FieldSpec]]] = {}
    for name, fs in fields.items():
        head, _, sub = name.partition(".")
        groups.setdefault(head, []).append((sub, fs))
    for head, subs in groups.items():
        if subs[0][0]:  # a group such as place: with sub-fields
            lines.append(f"{head}:")
            for sub, fs in subs:
                lines += _field(sub, fs, indent="  ", outline_id=outline.id)
        else:
            lines += _field(head, subs[0][1], indent="", outline_id=outline.id)
    return "\n".join(lines) + "\n"


def _field(name: str, fs: FieldSpec, indent: str, outline_id: str) -> list[str]:
    value = fs.default if fs.default is not None else fs.example
    if name == "outline":
        value = outline_id
    # Shown commented out: a file the writer has to make first (a unit's template), and a title
    # of the writer's own (the outline's fits the meeting until then).
    active = fs.required or (value is not None and fs.type not in ("path", "lines"))
    prefix = indent if active else indent + "# "
    if value is None:
        value = [] if fs.type == "list" else ""
    if isinstance(value, list):
        out = [f"{prefix}{name}:{_comment(fs)}"]
        for v in value:
            if isinstance(v, dict):  # a table row: its keys one per line under the dash
                rows = [f"{k}: [{', '.join(map(_scalar, x))}]" if isinstance(x, list)
                        else f"{k}: {_scalar(x)}" for k, x in v.items()]
                out.append(f"{prefix}  - {rows[0]}")
                out += [f"{prefix}    {r}" for r in rows[1:]]
            else:
                out.append(f"{prefix}  - {_scalar(v)}")
        if not value:
            out.append(f"{indent}#   - 一条")
        return out
    if isinstance(value, dict):
        out = [f"{prefix}{name}:{_comment(fs)}"]
        out += [f"{prefix}  {k}: {_scalar(v)}" for k, v in value.items()]
        return out
    return [f"{prefix}{name}: {_scalar(value)}{_comment(fs)}"]
