"""Spec: the user's YAML — loaded safely, every field validated, defaults from the outline."""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from drafter.errors import DrafterError
from drafter.spec.source import Source, close_matches, dotted, load_yaml
from drafter.text import places
from drafter.text.chars import BadCharacter, check_characters, normalize

# Integers in a spec are seeds, lengths and counts; longer ones are typing slips.
MAX_INT_DIGITS = 15

TYPES = {
    "str": "文字",
    "int": "整数",
    "date": "日期（如 2026-03-15）",
    "list": "列表（每项一行，以“- ”开头）",
    "level": "层级（乡、镇、街道、县、区、市等）",
    "map": "键值对",
    "table": "列表，每项是文字或“键: 值”",
    "path": "文件路径",
    "lines": "一行文字，或几行的列表",
}


@dataclass(frozen=True)
class FieldSpec:
    """One spec field: its type and, per outline, whether it is required, its default, an example."""

    type: str = "str"
    required: bool = False
    default: Any = None
    example: Any = None
    help: str = ""
    # For type "table": the keys each row may have; the first is required and a plain string
    # row stands for it (campaigns: [项目建设年] = [{name: 项目建设年}]).
    keys: tuple[str, ...] = ()


# The fields every spec has; names are fixed because other tools write specs.
CORE_FIELDS: dict[str, FieldSpec] = {
    "outline": FieldSpec(
        "str", True, example="efficiency-mobilization",
        help="提纲：库中的 id 或名称（drafter outlines 列出），或自己的提纲文件路径",
    ),
    "place.name": FieldSpec("str", True, example="青石镇", help="地名全称"),
    "place.level": FieldSpec(
        "level", True, example="镇",
        help="层级：乡 镇 街道 县 区 市 旗 开发区 局（县级市写 市，部门写 局）",
    ),
    "place.parent": FieldSpec("str", example="临川县", help="上级行政区；决定“上级”的称呼"),
    "place.words": FieldSpec("map", help="改写自称用词，如 leaders: 镇党委、镇政府"),
    "meeting.name": FieldSpec("str", True, example="机关效能建设动员大会", help="会议名称"),
    "meeting.theme": FieldSpec("str", example="发扬实干精神，推动机关效能建设上台阶", help="主题"),
    "meeting.date": FieldSpec("date", True, example=dt.date(2026, 3, 15), help="会议日期"),
    "meeting.before": FieldSpec(
        "list", example=["宣读了表彰决定", "有关负责同志对全年工作作了具体安排"],
        help="讲话之前会上已经进行的议程，讲话里的“刚才……”只提到这些",
    ),
    "speaker.name": FieldSpec("str", True, example="王明", help="讲话人姓名"),
    "speaker.title": FieldSpec("str", example="镇党委书记", help="讲话人职务"),
    "speaker.role": FieldSpec(
        "str", example="书记",
        help="讲话人角色，不填时由职务判断：书记（党组织主要负责人）、行政（镇长、县长、局长等）、"
             "副职、其他",
    ),
    "goals": FieldSpec("list", help="要实现的目标或要解决的问题，每条一句"),
    "seed": FieldSpec("int", default=1, example=1, help="变体编号：同一编号结果不变，换编号换说法"),
    "title": FieldSpec(
        "lines", example="在青石镇机关效能建设动员大会上的讲话",
        help="自己定的标题，代替提纲的标题；太长要回行时写成几行的列表，如 [在……暨, ……上的讲话]",
    ),
    "reference_doc": FieldSpec(
        "path", example="单位模板.docx",
        help="单位自己的 Word 模板（.docx，相对本文件）：用它的样式、页面、页眉页脚（红头）排版",
    ),
    "fonts": FieldSpec(
        "str", example="gb2312",
        help="字体：gb2312（仿宋_GB2312、方正小标宋简体等公文字体，默认）或 windows（Windows 自带的"
             "仿宋、楷体、黑体、宋体，电脑没装公文字体时用）",
    ),
    "length": FieldSpec("int", example=3000, help="目标字数（正文，不含空白），默认由提纲给出"),
}

MIN_LENGTH, MAX_LENGTH = 300, 20000
# The font sets of the .docx writer (document/docx_parts.FONT_SETS; a test keeps them equal).
FONT_CHOICES = ("gb2312", "windows")
_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


@dataclass
class Spec:
    """A validated spec: nested values with defaults filled, and the place vocabulary."""

    path: Path | None
    outline: str
    values: dict[str, Any]
    place: dict[str, str]
    seed: int = 1
    length: int | None = None
    lines: dict[tuple, int] = field(default_factory=dict, repr=False)
    # What the values were validated from, minus the seed (hashable), when validate() kept
    # it: drafts of one spec over seeds share what they compute from it (drafting/render.py).
    # None for a Spec built or changed otherwise.
    key: Any = field(default=None, compare=False, repr=False)

    def context(self) -> dict[str, Any]:
        """The variables an outline's templates see."""
        ctx = dict(self.values)
        ctx["place"] = self.place
        return ctx

    def with_seed(self, seed: int) -> Spec:
        return replace(self, seed=seed)


def read(path: Path | str) -> Source:
    """Load a spec file; it must be a mapping with an `outline` field."""
    return check_source(load_yaml(path, what="讲话规格文件"))


def check_source(src: Source) -> Source:
    """A loaded spec (from a file, or built by a batch plan) is a mapping naming its outline."""
    if not isinstance(src.data, dict):
        raise DrafterError(
            "讲话规格文件应为“字段: 值”的映射", src.path, 1,
            hint="参考 examples/ 下的示例，或运行 drafter new 生成一个",
        )
    ref = src.data.get("outline")
    if ref is None:
        raise src.error(
            "缺少必填字段 outline（提纲）", (),
            hint="写 outline: efficiency-mobilization；drafter outlines 列出全部提纲",
        )
    if not isinstance(ref, str) or not ref.strip():
        raise src.error("字段 outline 应为提纲 id 或文件路径（文字）", ("outline",))
    return src


def merged_fields(outline_fields: dict[str, FieldSpec]) -> dict[str, FieldSpec]:
    """Core fields, refined or extended by what the outline declares."""
    out = dict(CORE_FIELDS)
    for name, fs in outline_fields.items():
        base = out.get(name)
        if base is not None:
            fs = replace(
                fs,
                type=base.type,
                required=fs.required or base.required,
                help=fs.help or base.help,
                example=fs.example if fs.example is not None else base.example,
            )
            # A default makes a core field optional for this outline.
            if fs.default is not None:
                fs = replace(fs, required=False)
        out[name] = fs
    return out


# Specs validated lately, by their data minus the seed: a batch drafts one spec over many
# seeds, and validating it again is a tenth of a warm draft.
_VALIDATED: OrderedDict[tuple, tuple[dict, Spec]] = OrderedDict()
VALIDATED = 8
_PLAIN = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime})


def validate(src: Source, outline_fields: dict[str, FieldSpec]) -> Spec:
    """Check every field of a loaded spec against the schema; fill defaults. The same data
    with another seed (a plain non-negative integer) is validated once: the Spec returned
    then has its own copy of the values, as a fresh validation would."""
    key = _memo_key(src, outline_fields)
    if key is None:
        return _validate(src, outline_fields)
    seed = src.data.get("seed")
    hit = _VALIDATED.get(key)
    if hit is not None and hit[0] is outline_fields and type(seed) is int \
            and 0 <= seed < 10 ** MAX_INT_DIGITS:
        _touch(_VALIDATED, key)
        kept = hit[1]
        return replace(kept, values=_copy(kept.values), place=dict(kept.place), seed=seed,
                       lines=src.lines)
    spec = _validate(src, outline_fields)
    spec.key = key
    _VALIDATED[key] = (outline_fields, replace(spec, values=_copy(spec.values),
                                               place=dict(spec.place)))
    _trim(_VALIDATED, VALIDATED)
    return spec


def _touch(kept: OrderedDict, key: Any) -> None:
    try:
        kept.move_to_end(key)
    except KeyError:
        pass  # let go meanwhile by another thread (drafter serve drafts in threads)


def _trim(kept: OrderedDict, size: int) -> None:
    while len(kept) > size:
        try:
            kept.popitem(last=False)
        except KeyError:
            break  # emptied meanwhile by another thread


def _memo_key(src: Source, outline_fields: dict) -> tuple | None:
    """The spec's data minus its seed as a hashable value that tells apart what validation
    tells apart (1, 1.0 and True differ), or None when it holds anything else."""
    if not isinstance(src.data, dict):
        return None
    try:
        data = tuple((_frozen(k), _frozen(v)) for k, v in src.data.items() if k != "seed")
    except TypeError:
        return None
    return id(outline_fields), src.path, data


def _frozen(v: Any) -> Any:
    t = type(v)
    if t is str:
        return v
    if t in _PLAIN:
        return t, v
    if t is list:
        return t, tuple(map(_frozen, v))
    if t is dict:
        return t, tuple((_frozen(k), _frozen(x)) for k, x in v.items())
    raise TypeError(t)


def _copy(v: Any) -> Any:
    """The dicts and lists of validated values copied (what a caller might change in place);
    strings, dates and Facts are shared."""
    if type(v) is dict:
        return {k: _copy(x) for k, x in v.items()}
    if type(v) is list:
        return [_copy(x) for x in v]
    return v


def _validate(src: Source, outline_fields: dict[str, FieldSpec]) -> Spec:
    schema = merged_fields(outline_fields)
    groups = {name.split(".", 1)[0] for name in schema if "." in name}
    data = src.data
    values: dict[str, Any] = {}

    for key, value in data.items():
        key = str(key)
        if key in groups:
            if not isinstance(value, dict):
                raise src.error(
                    f"字段 {key} 应为下一级字段的映射，实际是{_kind(value)}", (key,),
                    hint=f"例如：\n{key}:\n  {_example_sub(schema, key)}",
                )
            for sub, subvalue in value.items():
                name = f"{key}.{sub}"
                if name not in schema:
                    raise _unknown(src, (key, sub), schema, [n for n in schema if n.startswith(key + ".")])
                _put(values, name, _convert(src, (key, sub), subvalue, schema[name]))
        elif key in schema:
            _put(values, key, _convert(src, (key,), value, schema[key]))
        else:
            raise _unknown(src, (key,), schema, list(schema))

    for name, fs in schema.items():
        if _get(values, name) is not None:
            continue
        if fs.required:
            path = tuple(name.split("."))
            example = _format_example(fs.example)
            raise src.error(
                f"缺少必填字段 {name}（{fs.help or TYPES[fs.type]}）", path[:-1],
                hint=f"例如：{name}: {example}" if example else None,
            )
        _put(values, name, _default(fs))

    place = values["place"]
    level = places.canonical_level(place["level"])
    vocab = places.vocabulary(place["name"], level, place.get("parent") or "", place.get("words"))
    values["place"] = {**place, "level": level}
    seed = values.pop("seed")
    length = values.pop("length")
    if length is not None and not MIN_LENGTH <= length <= MAX_LENGTH:
        raise src.error(
            f"字段 length 应在 {MIN_LENGTH}–{MAX_LENGTH} 之间，实际是 {length}", ("length",)
        )
    if seed < 0:
        raise src.error(f"字段 seed 应为非负整数，实际是 {seed}", ("seed",))
    if values.get("fonts") not in (None, *FONT_CHOICES):
        raise src.error(f"字段 fonts 应为 {' 或 '.join(FONT_CHOICES)}，实际是 {values['fonts']}",
                        ("fonts",), hint="gb2312：公文字体；windows：Windows 自带字体")
    return Spec(src.path, values.pop("outline"), values, vocab, seed, length, src.lines)


def _default(fs: FieldSpec) -> Any:
    if fs.default is None:
        return [] if fs.type in ("list", "table") else None
    if fs.type == "table":
        return [_row(fs, r) for r in fs.default]
    if fs.type == "list" and isinstance(fs.default, list):
        return [Fact(_clause(str(x))) for x in fs.default]  # as a writer's items read
    return list(fs.default) if isinstance(fs.default, list) else fs.default


def _row(fs: FieldSpec, row: Any) -> dict:
    """A table row as a mapping with every declared key (missing ones empty)."""
    if not isinstance(row, dict):
        row = {fs.keys[0]: row}
    return {k: row.get(k, [] if isinstance(row.get(k), list) else "") for k in fs.keys}


def _put(values: dict, name: str, value: Any) -> None:
    *parents, last = name.split(".")
    for p in parents:
        values = values.setdefault(p, {})
    values[last] = value


def _get(values: dict, name: str) -> Any:
    for p in name.split("."):
        if not isinstance(values, dict) or p not in values:
            return None
        values = values[p]
    return values


def _kind(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {value}"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, dt.date):
        return f"日期 {value}"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    return f"文字“{value}”"


def _format_example(example: Any) -> str:
    if example is None:
        return ""
    if isinstance(example, dt.date):
        return example.isoformat()
    if isinstance(example, list):
        return "\n" + "\n".join(f"  - {e}" for e in example)
    return str(example)


def _example_sub(schema: dict[str, FieldSpec], group: str) -> str:
    subs = [(n.split(".", 1)[1], fs) for n, fs in schema.items() if n.startswith(group + ".")]
    return "\n  ".join(f"{s}: {_format_example(fs.example)}" for s, fs in subs if fs.example)


def _unknown(src: Source, path: tuple, schema: dict, candidates: list[str]) -> DrafterError:
    name = dotted(path)
    last = str(path[-1])
    guesses = close_matches(name, candidates, n=1, cutoff=0.6)
    if not guesses:
        # A field written at the wrong level: `date` for meeting.date.
        guesses = [n for n in schema if n.rsplit(".", 1)[-1] == last and n != name][:1]
    if not guesses:
        guesses = close_matches(last, [n.rsplit(".", 1)[-1] for n in candidates], n=1)
        guesses = [n for n in candidates if n.rsplit(".", 1)[-1] in guesses][:1]
    hint = f"是不是 {guesses[0]}？" if guesses else None
    known = "、".join(sorted({c.split('.')[-1] if len(path) > 1 else c.split('.')[0] for c in candidates}))
    hint = (hint + " " if hint else "") + f"可用的字段：{known}"
    return src.error(f"未知字段 {name}", path, hint=hint)


@dataclass
class _Value:
    """One spec value on its way to its field's type; `wrong()` is the message for a value
    of the wrong kind, with the outline's example."""

    src: Source
    path: tuple
    value: Any
    fs: FieldSpec

    @property
    def name(self) -> str:
        return dotted(self.path)

    def wrong(self) -> DrafterError:
        example = _format_example(self.fs.example)
        return self.src.error(
            f"字段 {self.name} 应为{TYPES[self.fs.type]}，实际是{_kind(self.value)}", self.path,
            hint=f"例如：{self.name}: {example}" if example else None,
        )


def _convert(src: Source, path: tuple, value: Any, fs: FieldSpec) -> Any:
    if value is None:
        if fs.required:
            raise src.error(f"字段 {dotted(path)} 不能为空", path)
        return _default(fs)
    return _CONVERTERS[fs.type](_Value(src, path, value, fs))


def _to_str(v: _Value) -> str:
    if isinstance(v.value, (bool, list, dict)):
        raise v.wrong()
    text = _text(v.src, v.path, v.value)
    if not text and v.fs.required:  # blank, or only invisible characters
        raise v.src.error(f"字段 {v.name} 不能为空", v.path)
    return text


def _to_level(v: _Value) -> str:
    if not isinstance(v.value, str):
        raise v.wrong()
    level = _text(v.src, v.path, v.value)
    if places.canonical_level(level) is None:
        known = places.level_names()
        guess = close_matches(level, list(places.aliases()), n=1, cutoff=0.5)
        hint = (f"是不是 {guess[0]}？" if guess else "") + "可用的层级：" + "、".join(known)
        raise v.src.error(f"字段 {v.name} 是未知的层级“{level}”", v.path, hint=hint)
    return level


def _to_int(v: _Value) -> int:
    if isinstance(v.value, bool):
        raise v.wrong()
    value = v.value
    if isinstance(value, str):
        digits = value.strip()
        # ASCII only: "²" and "③" are digits to str.isdigit but not to int().
        if not (digits.isascii() and digits.isdigit()):
            raise v.wrong()
        value = int(digits[:MAX_INT_DIGITS + 1])
    if not isinstance(value, int):
        raise v.wrong()
    if abs(value) >= 10 ** MAX_INT_DIGITS:
        raise v.src.error(f"字段 {v.name} 的数字太大（最多 {MAX_INT_DIGITS} 位）", v.path)
    return value


def _to_date(v: _Value) -> dt.date:
    if isinstance(v.value, dt.datetime):
        return v.value.date()
    if isinstance(v.value, dt.date):
        return v.value
    if isinstance(v.value, str):
        m = _DATE_RE.match(v.value)
        if m:
            try:
                return dt.date(*map(int, m.groups()))
            except ValueError:
                pass
    raise v.wrong()


def _to_list(v: _Value) -> list[str]:
    if isinstance(v.value, str):
        raise v.src.error(
            f"字段 {v.name} 应为{TYPES[v.fs.type]}，实际是一段文字", v.path,
            hint=f"写成：\n{v.name}:\n  - 第一条\n  - 第二条",
        )
    if not isinstance(v.value, list):
        raise v.wrong()
    out = []
    for i, item in enumerate(v.value):
        path = v.path + (i,)
        if isinstance(item, dict):
            fact = _fact(v.src, path, item)
        elif isinstance(item, (bool, list)) or item is None:
            raise v.src.error(
                f"字段 {dotted(path)} 应为一句文字，实际是{_kind(item)}", path,
                hint="要补充细节时写成：\n  - text: 产业带动能力还不强\n    detail: [具体情况]",
            )
        else:
            fact = Fact(_clause(_text(v.src, path, item)))
        if fact:
            out.append(fact)
    return out


class Fact(str):
    """A writer's item (an achievement, a problem, a goal) as a clause without end punctuation;
    `detail` holds the sentences the writer added about it, which outlines develop."""

    detail: tuple[str, ...] = ()


_CLAUSE_END = "。；;，,、.!！?？ 　"


def _clause(text: str) -> str:
    """A list item is a clause sentences are built around: its own end mark would double
    (“增长7.5%。。”)."""
    return text.rstrip(_CLAUSE_END)


def _fact(src: Source, path: tuple, item: dict) -> Fact:
    for key in item:
        if key not in ("text", "detail"):
            raise src.error(f"未知字段 {dotted(path + (key,))}", path + (key,),
                            hint="列表的一项可写 text:（这一条）和 detail:（补充的具体情况）")
    if "text" not in item:
        raise src.error(f"字段 {dotted(path)} 缺少 text:", path)
    fact = Fact(_clause(_text(src, path + ("text",), item["text"])))
    detail = item.get("detail") or []
    detail = detail if isinstance(detail, list) else [detail]
    sentences = []
    for j, d in enumerate(detail):
        if isinstance(d, (dict, list, bool)) or d is None:
            raise src.error(f"字段 {dotted(path + ('detail', j))} 应为一句文字", path + ("detail", j))
        sentence = _text(src, path + ("detail", j), d).rstrip(_CLAUSE_END)
        if sentence:
            sentences.append(sentence + "。")
    fact.detail = tuple(sentences)
    return fact


def _to_table(v: _Value) -> list[dict]:
    if not isinstance(v.value, list):
        raise v.wrong()
    return [_table_row(v.src, v.path + (i,), row, v.fs) for i, row in enumerate(v.value)]


def _to_map(v: _Value) -> dict[str, str]:
    if not isinstance(v.value, dict):
        raise v.wrong()
    out = {}
    for k, item in v.value.items():
        if v.path == ("place", "words") and k not in places.WORD_KEYS:
            guess = close_matches(str(k), places.WORD_KEYS, n=1)
            raise v.src.error(
                f"未知字段 {v.name}.{k}", v.path + (k,),
                hint=(f"是不是 {guess[0]}？" if guess else "")
                + "可改写的用词：" + "、".join(places.WORD_KEYS),
            )
        if isinstance(item, (bool, list, dict)) or item is None:
            raise v.src.error(f"字段 {v.name}.{k} 应为文字，实际是{_kind(item)}", v.path + (k,))
        out[str(k)] = _text(v.src, v.path + (k,), item)
    return out


def _table_row(src: Source, path: tuple, row: Any, fs: FieldSpec) -> dict:
    if not isinstance(row, dict):
        if isinstance(row, (list, bool)) or row is None:
            raise src.error(
                f"字段 {dotted(path)} 应为文字或“键: 值”，实际是{_kind(row)}", path,
                hint="可用的键：" + "、".join(fs.keys),
            )
        row = {fs.keys[0]: row}
    out: dict[str, Any] = {}
    for k, v in row.items():
        if k not in fs.keys:
            guess = close_matches(str(k), fs.keys, n=1)
            raise src.error(
                f"未知字段 {dotted(path + (k,))}", path + (k,),
                hint=(f"是不是 {guess[0]}？" if guess else "") + "可用的键：" + "、".join(fs.keys),
            )
        if isinstance(v, list):
            out[k] = [_text(src, path + (k, j), x) for j, x in enumerate(v)
                      if not isinstance(x, (dict, list, bool)) and x is not None]
        elif isinstance(v, (dict, bool)) or v is None:
            raise src.error(f"字段 {dotted(path + (k,))} 应为文字或列表，实际是{_kind(v)}",
                            path + (k,))
        else:
            out[k] = _text(src, path + (k,), v)
    if not out.get(fs.keys[0]):
        raise src.error(f"字段 {dotted(path)} 缺少 {fs.keys[0]}", path)
    return _row(fs, out)


def _text(src: Source, path: tuple, value: Any) -> str:
    s = value.isoformat() if isinstance(value, dt.date) else str(value)
    try:
        s = normalize(s, allow_newline=True, strict=True)
    except BadCharacter as e:
        raise src.error(
            f"字段 {dotted(path)} 含有不允许的{e.what} U+{ord(e.char):04X}"
            f"（第{e.index + 1}个字符）",
            path, hint="删除该字符；文字里不能有换行、制表符以外的控制字符，也不能有改变文字"
            "显示顺序的双向控制符（常随复制粘贴混入）",
        ) from None
    # A value is one run of text: line breaks inside it are joined (no space between Chinese).
    return _LINEBREAK.sub(lambda m: " " if _latin_seam(s, m) else "", s)


# U+2028/U+2029 too: Python's splitlines() (the .txt reader) would split a paragraph there.
_LINEBREAK = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def _latin_seam(s: str, m: re.Match) -> bool:
    before = s[m.start() - 1] if m.start() else ""
    after = s[m.end()] if m.end() < len(s) else ""
    return before.isascii() and before.isalnum() and after.isascii() and after.isalnum()


def _to_lines(v: _Value) -> str:
    """A text of one or more lines (a title the writer breaks): lines joined by a line break."""
    lines = v.value if isinstance(v.value, list) else [v.value]
    if not lines or any(isinstance(x, (bool, list, dict)) or x is None for x in lines):
        raise v.wrong()
    out = [_text(v.src, v.path, x).strip() for x in lines]
    if not all(out):
        raise v.src.error(f"字段 {v.name} 不能有空行", v.path)
    return "\n".join(out)


def _to_path(v: _Value) -> str:
    """A file name as written: no punctuation made full-width (模板.docx stays 模板.docx)."""
    if not isinstance(v.value, str) or not v.value.strip():
        raise v.wrong()
    try:
        check_characters(v.value, strict=True)
    except BadCharacter as e:
        raise v.src.error(f"字段 {v.name} 含有不允许的{e.what} U+{ord(e.char):04X}", v.path,
                          hint="删除该字符") from None
    return v.value.strip()


_CONVERTERS = {
    "str": _to_str, "level": _to_level, "int": _to_int, "date": _to_date, "list": _to_list,
    "table": _to_table, "map": _to_map, "path": _to_path, "lines": _to_lines,
}
