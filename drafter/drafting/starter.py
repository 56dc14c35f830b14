"""Starter specs for `drafter new`: every field an outline uses, with its meaning as a comment.

The spec is written by ruamel.yaml's round-trip dumper under YAML 1.1 rules, the rules of the
spec reader (PyYAML, drafter/spec/source.py), so a value such as `on`, `12:30`, `0x1F`, `a: b`
or `#…` is quoted and reads back as the text written. ruamel is imported inside the functions
that dump: `drafter draft` never loads it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from drafter.drafting.outline import Outline
from drafter.spec.source import Source
from drafter.spec.validate import TYPES, FieldSpec, merged_fields, validate

# Shown (commented out) for a field that has neither a default nor an example.
_PLACEHOLDER = {"list": ["一条"], "table": ["一条"], "map": {}}
# What a required field without an example counts as while other answers are checked.
_STAND_IN = {"str": "一", "int": 1, "date": dt.date(2026, 1, 1), "list": ["一条"], "level": "镇",
             "map": {}, "table": ["一条"], "path": "一", "lines": "一"}
_STR_TAG = "tag:yaml.org,2002:str"
# What ruamel writes before a document when told the YAML version; the reader needs no
# directive (PyYAML reads 1.1 only) and a writer would only wonder what it is.
_DIRECTIVE = "%YAML 1.1\n---\n"
_LINE_BREAKS = re.compile(r"[\r\n\u0085\u2028\u2029]+")


@dataclass
class _Entry:
    """One field as the starter shows it: its value, and whether it is active or commented out."""

    head: str  # `place` of place.name, or the field's own name
    sub: str   # `name` of place.name, "" for a top-level field
    fs: FieldSpec
    value: Any
    active: bool

    @property
    def key(self) -> str:
        return self.sub or self.head


def starter_spec(outline: Outline, values: dict[str, Any] | None = None,
                 ref: str | None = None) -> str:
    """The commented starter spec of an outline.

    Without `values`, every field shows its default or example: active when the draft needs
    or can use it, commented out otherwise (a unit's template file, a title of the writer's
    own, a field whose default is to leave it out). With `values` (dotted name → value, as
    `drafter new --ask` collects them) those fields are written as given and every other
    optional field is commented out with its example. `ref` is how the spec names the outline
    (a path for one outside the library; its id by default)."""
    entries = [_entry(name, fs, ref or outline.id, values)
               for name, fs in merged_fields(outline.fields).items()]
    # A group's fields together, where the group first comes (an outline's meeting.host is
    # declared after the core fields but is written under meeting:).
    first: dict[str, int] = {}
    for e in entries:
        first.setdefault(e.head, len(first))
    entries.sort(key=lambda e: first[e.head])
    header = [
        f"讲话规格：{_one_line(outline.name)}（提纲 {_one_line(outline.id)}）",
        "改好后运行：drafter draft 本文件.yaml",
        "字段说明见 docs/spec.md；以 # 开头的行是注释，去掉 # 即可启用。",
    ]
    root, trailing = _document(entries, header)
    text = _dump(root)
    return text + "".join(f"{' ' * indent}# {line}\n" for indent, line in trailing)


def _entry(name: str, fs: FieldSpec, ref: str, values: dict[str, Any] | None) -> _Entry:
    head, _, sub = name.partition(".")
    empty_default = fs.default in ([], "", {})
    value = fs.default if fs.default is not None and not empty_default else fs.example
    if name == "outline":
        value = ref
    if values is not None and name in values:
        return _Entry(head, sub, fs, values[name], True)
    if values is not None:
        active = fs.required
    else:
        # Commented out: a file the writer has to make first (a unit's template), a title of
        # the writer's own (the outline's fits the meeting until then), and a field the
        # outline leaves out by default (its example would change the speech).
        active = fs.required or (
            value is not None and not empty_default and fs.type not in ("path", "lines")
        )
    if (value is None or value == []) and not (active and fs.required):
        value = _PLACEHOLDER.get(fs.type, "")  # shown commented out, to show the shape
        active = False
    return _Entry(head, sub, fs, value, active)


def _one_line(text: str) -> str:
    """A help text or name from an outline inside a comment: a line break would end it."""
    return _LINE_BREAKS.sub(" ", str(text))


def _comment(fs: FieldSpec) -> str:
    parts = [_one_line(fs.help or TYPES[fs.type]), "必填" if fs.required else "可选"]
    return "# " + "，".join(parts)


def _document(entries: list[_Entry], header: list[str]) -> tuple[Any, list[tuple[int, str]]]:
    """The active fields as a CommentedMap, each with its help as an end-of-line comment; the
    commented-out fields as comment lines before the next key written, or, after the last one,
    returned as (indent, line) pairs to follow the document."""
    from ruamel.yaml.comments import CommentedMap

    root = CommentedMap()
    root.yaml_set_start_comment("\n".join(header) + "\n\n")
    live_groups = {e.head for e in entries if e.sub and e.active}
    pending: list[tuple[int, str]] = []
    seen_groups: set[str] = set()
    for e in entries:
        indent = 2 if e.sub else 0
        if e.sub and e.head not in live_groups:  # a group with nothing active: all commented
            if e.head not in seen_groups:
                pending.append((0, f"{e.head}:"))
        elif e.active:
            parent = root
            if e.sub:
                if e.head not in root:
                    root[e.head] = CommentedMap()
                    _attach(root, e.head, pending)
                parent = root[e.head]
            parent[e.key] = _node(e.value)
            parent.yaml_add_eol_comment(_comment(e.fs), e.key, column=0)
            _attach(parent, e.key, pending)
        if e.sub:
            seen_groups.add(e.head)
        if not e.active:
            pending += [(indent, line) for line in _fragment(e).splitlines()]
    return root, pending


def _attach(parent: Any, key: str, pending: list[tuple[int, str]]) -> None:
    """Comment lines waiting for the next key go before `key`, each at its own indent."""
    for indent, line in pending:
        parent.yaml_set_comment_before_after_key(key, before=line, indent=indent)
    pending.clear()


def _fragment(e: _Entry) -> str:
    """A commented-out field as the YAML it becomes once its # are removed: the same dumper
    writes it, so uncommenting it gives a value that reads back as shown."""
    from ruamel.yaml.comments import CommentedMap

    one = CommentedMap()
    one[e.key] = _node(e.value)
    one.yaml_add_eol_comment(_comment(e.fs), e.key, column=0)
    return _dump(one)


def _node(value: Any, flow: bool = False) -> Any:
    """A value as ruamel's round-trip types: lists inside a list item's mapping (a detail:
    under text:) stay on one line, [a, b], as writers see them in the examples."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _node(v, flow=flow)
        return out
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(_node(v, flow=True) if isinstance(v, dict) else _node(v, flow)
                           for v in value)
        if flow:
            seq.fa.set_flow_style()
        return seq
    return value


def _dump(data: Any) -> str:
    import io

    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue().removeprefix(_DIRECTIVE)


def _yaml() -> Any:
    """ruamel's round-trip dumper set to YAML 1.1: it then quotes yes/no/on/off, 12:30 (a
    base-60 number in 1.1) and 0x1F as the reader would take them. A new one per dump: a
    YAML object keeps its emitter while dumping, and the web page drafts in threads."""
    from ruamel.yaml import YAML

    out = YAML(typ="rt")
    out.version = (1, 1)
    out.allow_unicode = True
    out.width = 1 << 30  # never fold a long value over two lines
    out.indent(mapping=2, sequence=4, offset=2)
    out.Representer = _representer()
    return out


@functools.cache
def _representer() -> type:
    """ruamel's round-trip representer, with two more rules for text: a value with a line
    break goes in double quotes, and a value PyYAML would resolve as something else than text
    when written plain (ruamel's 1.1 table and PyYAML's may differ at the edges) is quoted."""
    from ruamel.yaml.representer import RoundTripRepresenter

    class Representer(RoundTripRepresenter):
        pass

    def text(representer: Any, value: str) -> Any:
        style = None
        if _LINE_BREAKS.search(value):
            # Escaped (\n, \N, \L, \P) in double quotes: between single quotes ruamel writes
            # U+0085 as it is, and PyYAML folds it into a space.
            style = '"'
        elif _pyyaml_reads_otherwise(value):
            style = "'"
        return representer.represent_scalar(_STR_TAG, value, style=style)

    Representer.add_representer(str, text)
    return Representer


def _pyyaml_reads_otherwise(value: str) -> bool:
    import yaml

    return yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False)) != _STR_TAG


def questions(outline: Outline) -> list[tuple[str, FieldSpec]]:
    """The fields `drafter new --ask` asks for, in the starter's order (outline is given)."""
    asked = [(n, fs) for n, fs in merged_fields(outline.fields).items() if n != "outline"]
    if outline.levels:  # the outline's own levels, not every level drafter knows
        asked = [(n, dataclasses.replace(fs, help=levels_help(fs.help, outline.levels))
                  if n == "place.level" else fs) for n, fs in asked]
    return asked


def levels_help(text: str, levels: tuple[str, ...]) -> str:
    """层级：乡 镇 … 局（县级市写 市…） with the list cut to levels."""
    head, sep, rest = text.partition("（")
    label = head.partition("：")[0] or "层级"
    return f"{label}：{' '.join(levels)}{sep}{rest}"


def answer(outline: Outline, answers: dict[str, Any], name: str, value: Any) -> Any:
    """Check one answer as `drafter draft` checks the spec: the fields answered so far, this
    one, and the starter's own values for the rest, validated together (a length out of the
    outline's range, an unknown level or font fails here with draft's message). Raises
    DrafterError; returns the value to write: a number or date as such, text as typed.
    `value` None is a field left out."""
    base = {}
    for n, fs in merged_fields(outline.fields).items():
        e = _entry(n, fs, outline.id, None)
        if e.active:
            # A required field without an example stands in with a value of its type, so an
            # answer is never refused for a field not asked yet.
            base[n] = _STAND_IN[fs.type] if e.value is None else e.value
    flat = {**base, **answers, name: value}
    if value is None:
        del flat[name]
    data: dict[str, Any] = {}
    for key, v in flat.items():
        head, _, sub = key.partition(".")
        if sub:
            data.setdefault(head, {})[sub] = v
        else:
            data[head] = v
    spec = validate(Source(None, data), outline.fields)
    if value is None:
        return None
    if name == "length":
        from drafter.drafting import render

        render.check_length(outline, spec.length)
    if name in ("place.level", "speaker.title", "speaker.role"):
        _check_fit(outline, spec)
    if name in ("seed", "length"):
        return getattr(spec, name)
    checked = spec.values
    for part in name.split("."):
        checked = checked[part]
    return checked if isinstance(checked, (int, dt.date)) else value


def _check_fit(outline: Outline, spec: Any) -> None:
    """The speaker's role is one drafter knows, and the outline is written for this level and
    role: what `drafter draft` refuses later, said at the question (deadlines are left to the
    draft: the goals may not be answered yet)."""
    from drafter.drafting import context
    from drafter.drafting.outline import check_fit

    context.check_role(spec)
    speaker = spec.values["speaker"]
    ctx = dataclasses.replace(context.make(spec.place["level"], None),
                              role=context.speaker_role(speaker))
    check_fit(outline, ctx, spec)
