"""Outline: a speech type's skeleton (outlines/*.yaml) — loaded, checked, and found by id."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from drafter import resources
from drafter.errors import DrafterError
from drafter.files import decode_text
from drafter.resources import resource_dir
from drafter.spec.source import Source, close_matches, dotted, load_yaml
from drafter.spec.validate import TYPES, FieldSpec
from drafter.text.chars import BadCharacter, normalize


@dataclass(frozen=True)
class Text:
    """A sentence: one string, or alternatives the seed picks from. `key` names it stably.
    An alternative may carry a condition (its place in `conditions`), and the whole sentence
    one (`when`): only the alternatives whose conditions hold are picked from."""

    alternatives: tuple[str, ...]
    key: str
    line: int | None = None
    conditions: tuple[Condition | None, ...] = ()
    when: Condition | None = None


# An outline that does not declare `lengths:` (what `drafter outlines check` measures) is not
# held to a range: any target the spec allows.
DEFAULT_LENGTHS = (300, 20000)

# A `when:` is a Jinja expression (`when: deadline`) or a mapping over the context
# (`when: {level: 县区, phase: 年末}`, drafting/context.py).
Condition = str | dict


@dataclass
class Paragraph:
    """A paragraph: its sentences, the elaborations fit() may add, and its condition."""

    text: list[Text]
    more: list[Text] = field(default_factory=list)
    when: Condition | None = None
    key: str = ""


@dataclass
class Item:
    """A numbered point (一是…): lead, text, elaborations, and points of its own."""

    key: str
    lead: Text | None
    text: list[Text]
    more: list[Text] = field(default_factory=list)
    marker: str = "一是"
    items: list[Item] = field(default_factory=list)
    when: Condition | None = None
    each: str | None = None  # an expression giving a list: the item repeats for each element
    as_: str = "it"  # the name each element takes inside the item


@dataclass
class Section:
    """A part of the speech, laid out by templates/<kind>.md.j2."""

    kind: str
    key: str
    heading: Text | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    marker: str = "一是"
    items: list[Item] = field(default_factory=list)
    after: list[Paragraph] = field(default_factory=list)
    when: Condition | None = None
    select: str | None = None  # a spec field listing which items (by key) to keep
    # Lines of argument: alternative bodies (heading, paragraphs, items…) the seed picks one of,
    # so two seeds argue a section differently, not only in other words.
    lines: list[Section] = field(default_factory=list)


@dataclass
class Outline:
    """A speech type's skeleton, as read from outlines/<id>.yaml."""

    id: str
    name: str
    path: Path | None
    title: Text
    sections: list[Section]
    occasion: str = ""
    summary: str = ""
    taken_from: list[str] = field(default_factory=list)
    length: int = 3000
    lengths: tuple[int, int] = DEFAULT_LENGTHS  # the range of targets it can meet within ±10%
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    subtitle: Text | None = None
    salutation: str = "同志们："
    levels: tuple[str, ...] = ()  # the levels (and groups) it is written for; () for any
    roles: tuple[str, ...] = ()   # the speaker roles it is written for; () for any


NOT_AN_OUTLINE = "不是提纲文件：没有 title: 和 sections:"
TOP_KEYS = (
    "id", "name", "occasion", "summary", "taken_from", "length", "fields",
    "title", "subtitle", "salutation", "sections", "levels", "roles", "lengths",
)
FIELD_KEYS = ("type", "required", "default", "example", "help", "keys")
SECTION_KEYS = (
    "kind", "id", "heading", "paragraphs", "marker", "items", "after", "when", "select", "lines",
)
LINE_KEYS = ("id", "when", "heading", "paragraphs", "marker", "items", "after")
PARAGRAPH_KEYS = ("text", "more", "when")
ITEM_KEYS = ("key", "lead", "text", "more", "marker", "items", "when", "each", "as")
MARKERS = ("一、", "（一）", "1.", "（1）", "一是", "一要", "第一", "第一，", "首先")


def kinds() -> list[str]:
    """Section kinds: one template each under templates/."""
    return sorted(p.name.removesuffix(".md.j2") for p in resource_dir("templates").glob("*.md.j2")
                  if not p.name.startswith("_") and p.name != "frame.md.j2")


class _Values:
    """Typed values of an outline's YAML (mappings, strings, names, sentences Jinja must
    accept), each failure naming the file, line and key."""

    def __init__(self, src: Source) -> None:
        self.src = src

    def fail(self, message: str, path: tuple, hint: str | None = None) -> DrafterError:
        return self.src.error(message, path, hint)

    def mapping(self, value: Any, path: tuple, allowed: tuple[str, ...], what: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(f"{dotted(path) or '提纲'} 应为{what}（“键: 值”的映射）", path)
        for key in value:
            if key not in allowed:
                guess = close_matches(str(key), allowed, n=1)
                hint = (f"是不是 {guess[0]}？" if guess else "") + "可用的键：" + "、".join(allowed)
                raise self.fail(f"提纲中未知的键 {dotted(path + (key,))}", path + (key,), hint)
        return value

    def string(self, value: Any, path: tuple, template: bool = True) -> str:
        if isinstance(value, (bool, list, dict)) or value is None:
            raise self.fail(f"{dotted(path)} 应为文字", path)
        s = value.isoformat() if isinstance(value, dt.date) else str(value)
        try:
            s = normalize(s, strict=True)
        except BadCharacter as e:
            message = f"{dotted(path)} 含有不允许的{e.what} U+{ord(e.char):04X}"
            raise self.fail(message, path) from None
        if template:
            self.check_template(s, path)
        return s

    def check_template(self, s: str, path: tuple, expression: bool = False) -> None:
        """A sentence (or a when:/each: expression) must parse and stay inside what sandbox.py
        allows; outlines are shared, so this is where untrusted Jinja is stopped."""
        from drafter.drafting.environment import text_env
        from drafter.drafting.sandbox import check

        problem = check(text_env(), s, expression)
        if problem:
            hint = ("检查 {{ }} 和 {% %} 是否成对" if problem.startswith("模板语法错误")
                    else "句子里只能用 docs/outlines.md 列出的变量、过滤器和 {% if %}")
            raise self.fail(f"{dotted(path)}：{problem}", path, hint=hint)

    def when(self, value: Any, path: tuple) -> Condition | None:
        """A condition: a mapping over the context, or a Jinja expression."""
        if isinstance(value, dict):
            from drafter.drafting.context import check_condition

            problem = check_condition(value)
            if problem:
                raise self.fail(f"{dotted(path)}：{problem}", path, hint="写法见 docs/outlines.md“条件”")
            return value
        return self.expression(value, path)

    def expression(self, value: Any, path: tuple) -> str | None:
        if value is None:
            return None
        s = self.string(value, path, template=False)
        self.check_template(s, path, expression=True)
        return s

    def names(self, value: Any, path: tuple, known: list[str], what: str) -> tuple[str, ...]:
        values = value if isinstance(value, list) else [] if value is None else [value]
        for i, v in enumerate(values):
            if str(v) not in known:
                raise self.fail(f"{dotted(path)} 里未知的{what}“{v}”", path + (i,),
                                hint="可用：" + "、".join(known))
        return tuple(map(str, values))

    def marker(self, value: Any, path: tuple) -> str:
        if value is None:
            return "一是"
        s = self.string(value, path, template=False)
        if "一" not in s and "1" not in s:
            raise self.fail(
                f"{dotted(path)} 不是序号样式：“{s}”", path, hint="可用：" + " ".join(MARKERS)
            )
        return s

    def name(self, value: Any, path: tuple) -> str:
        s = self.string(value, path, template=False)
        if not s.isidentifier() or s.startswith("_"):
            raise self.fail(f"{dotted(path)} 应为变量名（字母、数字、下划线）：{s}", path)
        return s


class _Reader(_Values):
    """Walks the outline's YAML with its line map, turning it into dataclasses."""

    def text(self, value: Any, path: tuple, key: str) -> Text:
        line = self.src.line(path)
        if not isinstance(value, dict):
            return Text((self.string(value, path),), key, line)
        self.mapping(value, path, ("one_of", "text", "when"), "句子")
        when = self.when(value.get("when"), path + ("when",))
        if "text" in value and "one_of" not in value:
            return Text((self.string(value["text"], path + ("text",)),), key, line, (None,), when)
        alts = value.get("one_of")
        if not isinstance(alts, list) or not alts:
            raise self.fail(f"{dotted(path)}.one_of 应为至少一句的列表", path + ("one_of",))
        pairs = [self.alternative(a, path + ("one_of", i)) for i, a in enumerate(alts)]
        return Text(tuple(s for s, _ in pairs), key, line, tuple(c for _, c in pairs), when)

    def alternative(self, value: Any, path: tuple) -> tuple[str, Condition | None]:
        """One of a sentence's alternatives: text, or {text: …, when: …}."""
        if not isinstance(value, dict):
            return self.string(value, path), None
        self.mapping(value, path, ("text", "when"), "说法")
        if "text" not in value:
            raise self.fail(f"{dotted(path)} 缺少 text:", path)
        return self.string(value["text"], path + ("text",)), self.when(value.get("when"),
                                                                       path + ("when",))

    def texts(self, value: Any, path: tuple, key: str) -> list[Text]:
        if value is None:
            return []
        if not isinstance(value, list):
            return [self.text(value, path, f"{key}/0")]
        return [self.text(v, path + (i,), f"{key}/{i}") for i, v in enumerate(value)]

    def paragraphs(self, value: Any, path: tuple, key: str) -> list[Paragraph]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(f"{dotted(path)} 应为段落的列表", path)
        out = []
        for i, p in enumerate(value):
            ppath, pkey = path + (i,), f"{key}/{i}"
            if isinstance(p, dict) and "one_of" not in p:
                self.mapping(p, ppath, PARAGRAPH_KEYS, "段落")
                out.append(Paragraph(
                    self.texts(p.get("text"), ppath + ("text",), pkey),
                    self.texts(p.get("more"), ppath + ("more",), pkey + "/more"),
                    self.when(p.get("when"), ppath + ("when",)),
                    pkey,
                ))
            else:
                out.append(Paragraph(self.texts(p, ppath, pkey), key=pkey))
        return out

    def items(self, value: Any, path: tuple, key: str) -> list[Item]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(f"{dotted(path)} 应为条目的列表", path)
        out, seen = [], set()
        for i, it in enumerate(value):
            ipath = path + (i,)
            self.mapping(it, ipath, ITEM_KEYS, "条目")
            ikey = str(it.get("key", i))
            if ikey in seen:
                raise self.fail(f"{dotted(ipath)} 的 key “{ikey}”重复", ipath + ("key",))
            seen.add(ikey)
            out.append(self.item(it, ipath, ikey, f"{key}/{ikey}"))
        return out

    def item(self, it: dict, ipath: tuple, ikey: str, full: str) -> Item:
        return Item(
            key=ikey,
            lead=self.text(it["lead"], ipath + ("lead",), full + "/lead") if "lead" in it else None,
            text=self.texts(it.get("text"), ipath + ("text",), full),
            more=self.texts(it.get("more"), ipath + ("more",), full + "/more"),
            marker=self.marker(it.get("marker"), ipath + ("marker",)),
            items=self.items(it.get("items"), ipath + ("items",), full),
            when=self.when(it.get("when"), ipath + ("when",)),
            each=self.expression(it.get("each"), ipath + ("each",)),
            as_=self.name(it.get("as", "it"), ipath + ("as",)),
        )

    def fields(self, value: Any, path: tuple) -> dict[str, FieldSpec]:
        if value is None:
            return {}
        self.mapping(value, path, tuple(value) if isinstance(value, dict) else (), "字段表")
        out = {}
        for name, spec in value.items():
            fpath = path + (name,)
            spec = self.mapping(spec or {}, fpath, FIELD_KEYS, "字段说明")
            ftype = spec.get("type", "str")
            if ftype not in TYPES:
                raise self.fail(
                    f"{dotted(fpath)}.type 未知：{ftype}", fpath + ("type",),
                    hint="可用：" + "、".join(TYPES),
                )
            keys = spec.get("keys") or []
            if ftype == "table" and (not isinstance(keys, list) or not keys):
                raise self.fail(
                    f"{dotted(fpath)} 是 table，需要 keys: 列出每行的键", fpath,
                    hint="例如 keys: [name, measures]",
                )
            out[str(name)] = FieldSpec(
                ftype, bool(spec.get("required", False)), spec.get("default"),
                spec.get("example"), str(spec.get("help", "")), tuple(map(str, keys)),
            )
        return out

    def lengths(self, value: Any, default: int) -> tuple[int, int]:
        if value is None:
            return DEFAULT_LENGTHS
        ok = (isinstance(value, list) and len(value) == 2
              and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
              and 0 < value[0] <= default <= value[1])
        if not ok:
            raise self.fail("lengths 应为 [最短, 最长] 两个整数，且包含 length", ("lengths",),
                            hint="例如 lengths: [1500, 8000]")
        return (value[0], value[1])

    def section(self, sec: Any, spath: tuple, known_kinds: list[str]) -> Section:
        self.mapping(sec, spath, SECTION_KEYS, "节")
        kind = sec.get("kind")
        if kind not in known_kinds:
            guess = close_matches(str(kind), known_kinds, n=1)
            raise self.fail(
                f"{dotted(spath)}.kind 未知：{kind}", spath + ("kind",),
                hint=(f"是不是 {guess[0]}？" if guess else "") + "可用：" + "、".join(known_kinds),
            )
        skey = str(sec.get("id", kind))
        out = self.body(sec, spath, kind, skey)
        out.select = self.name(sec["select"], spath + ("select",)) if sec.get("select") else None
        out.lines = self.lines(sec.get("lines"), spath + ("lines",), out)
        for line in out.lines:
            line.select = out.select
        return out

    def body(self, sec: dict, spath: tuple, kind: str, skey: str) -> Section:
        """What a section or one of its lines of argument says."""
        return Section(
            kind=kind,
            key=skey,
            heading=self.text(sec["heading"], spath + ("heading",), skey + "/heading")
            if sec.get("heading") else None,
            paragraphs=self.paragraphs(sec.get("paragraphs"), spath + ("paragraphs",), skey),
            marker=self.marker(sec.get("marker"), spath + ("marker",)),
            items=self.items(sec.get("items"), spath + ("items",), skey),
            after=self.paragraphs(sec.get("after"), spath + ("after",), skey + "/after"),
            when=self.when(sec.get("when"), spath + ("when",)),
        )

    def lines(self, value: Any, path: tuple, section: Section) -> list[Section]:
        """A section's lines of argument; each keeps the section's parts it does not give."""
        if value is None:
            return []
        if not isinstance(value, list) or not value:
            raise self.fail(f"{dotted(path)} 应为至少一种思路的列表", path)
        out, seen = [], set()
        for i, line in enumerate(value):
            lpath = path + (i,)
            self.mapping(line, lpath, LINE_KEYS, "思路")
            lid = str(line.get("id", i))
            if lid in seen:
                raise self.fail(f"{dotted(lpath)} 的 id “{lid}”重复", lpath + ("id",))
            seen.add(lid)
            body = self.body(line, lpath, section.kind, f"{section.key}/{lid}")
            for part in ("heading", "paragraphs", "marker", "items", "after"):
                if part not in line:
                    setattr(body, part, getattr(section, part))
            out.append(body)
        return out

    def outline(self) -> Outline:
        if not isinstance(self.src.data, dict) or not {"sections", "title"} & set(self.src.data):
            # Not an outline at all (a spec, or any file named .yaml): say so without quoting
            # what it holds, which could be anything on the machine.
            raise self.fail(f"这{NOT_AN_OUTLINE}", (),
                            hint="提纲的写法见 docs/outlines.md；规格文件里 outline: 写提纲的 id 或路径")
        data = self.mapping(self.src.data, (), TOP_KEYS, "提纲")
        for required in ("id", "name", "title", "sections"):
            if required not in data:
                raise self.fail(f"提纲缺少必需的键 {required}", ())
        sections, seen = [], set()
        known_kinds = kinds()
        if not isinstance(data["sections"], list) or not data["sections"]:
            raise self.fail("sections 应为至少一节的列表", ("sections",))
        for i, sec in enumerate(data["sections"]):
            section = self.section(sec, ("sections", i), known_kinds)
            if section.key in seen:
                raise self.fail(
                    f"{dotted(('sections', i))} 与前面的节重名（{section.key}）", ("sections", i),
                    hint="同一 kind 出现两次时，用 id: 区分",
                )
            seen.add(section.key)
            sections.append(section)
        length = data.get("length", 3000)
        if not isinstance(length, int) or isinstance(length, bool) or length <= 0:
            raise self.fail("length 应为正整数（目标字数）", ("length",))
        lengths = self.lengths(data.get("lengths"), length)
        taken = data.get("taken_from") or []
        return Outline(
            id=self.string(data["id"], ("id",), template=False),
            name=self.string(data["name"], ("name",), template=False),
            path=self.src.path,
            title=self.text(_title_lines(data["title"]), ("title",), "title"),
            subtitle=self.text(data["subtitle"], ("subtitle",), "subtitle")
            if data.get("subtitle") else None,
            salutation=self.string(data.get("salutation", "同志们："), ("salutation",), False),
            sections=sections,
            occasion=self.string(data.get("occasion", ""), ("occasion",), template=False),
            summary=self.string(data.get("summary", ""), ("summary",), template=False),
            taken_from=[str(t) for t in (taken if isinstance(taken, list) else [taken])],
            length=length,
            lengths=lengths,
            fields=self.fields(data.get("fields"), ("fields",)),
            levels=self.names(data.get("levels"), ("levels",), _level_names(), "层级"),
            roles=self.names(data.get("roles"), ("roles",), _role_names(), "讲话人角色"),
        )


def _title_lines(value: Any) -> Any:
    """A title given as lines (a list of strings) is one title with the writer's breaks."""
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    return value


def load(path: Path | str) -> Outline:
    src = load_yaml(path, what="提纲文件")
    return _Reader(src).outline()


@lru_cache(maxsize=64)
def _load_cached(path: Path, mtime: float) -> Outline:
    return load_stored(path)


def load_stored(path: Path) -> Outline:
    """load(path), through the per-user cache (drafter/cache.py): checking an outline's
    thousands of sentences is most of a cold `drafter draft`. The entry is keyed by the file's
    bytes and path; an outline that fails is never stored, so it fails as load() would."""
    from drafter import cache

    try:
        data = path.read_bytes()
    except OSError:
        return load(path)  # which says why, in Chinese
    key = hashlib.blake2b(data, digest_size=32).digest() + str(path).encode("utf-8", "replace")
    payload = cache.read("outlines", str(path), key)
    if payload is not None:
        outline = _unpickle(payload)
        if isinstance(outline, Outline):
            return outline
    outline = _Reader(load_yaml(path, decode_text(data, path), what="提纲文件")).outline()
    payload = pickle.dumps(outline, protocol=5)
    if isinstance(_unpickle(payload), Outline):  # only what a later run can read back
        cache.write("outlines", str(path), key, payload)
    return outline


# What a stored outline may be made of; anything else in the file means it is not ours.
_PICKLED = {
    "drafter.drafting.outline": {"Outline", "Section", "Item", "Paragraph", "Text"},
    "drafter.spec.validate": {"FieldSpec"},
    "pathlib": {"Path", "PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath"},
    "datetime": {"date", "datetime", "time", "timedelta", "timezone"},
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if name in _PICKLED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name}")


def _unpickle(payload: bytes) -> Any:
    try:
        return _Unpickler(io.BytesIO(payload)).load()
    except Exception:  # a damaged entry is only a miss
        return None


def _level_names() -> list[str]:
    from drafter.drafting.context import table
    from drafter.text import places

    return [*places.aliases(), *table()["groups"]]


def _role_names() -> list[str]:
    from drafter.drafting.context import role_names

    return role_names()


def library() -> Mapping[str, Path]:
    """Outline id → file, for the outlines shipped with drafter (read-only)."""
    folder = resource_dir("outlines")
    try:
        stamp = resources.stat(folder).st_mtime_ns  # a file added, removed or renamed changes it
    except OSError:
        return {p.stem: p for p in sorted(folder.glob("*.yaml"))}
    return _listing(folder, stamp)


@lru_cache(maxsize=4)
def _listing(folder: Path, stamp: int) -> Mapping[str, Path]:
    # Listing and sorting the folder was a twentieth of a warm draft.
    return MappingProxyType({p.stem: p for p in sorted(folder.glob("*.yaml"))})


def find(ref: str, base: Path | None = None, src: Source | None = None) -> Outline:
    """An outline by library id, or by a path (relative to the spec's folder)."""
    looks_like_path = ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref
    if looks_like_path:
        path = Path(ref).expanduser()
        if not path.is_absolute() and base is not None:
            path = base / path
        if not resources.is_file(path):  # False too for a name too long for the system
            raise DrafterError(
                f"找不到提纲文件：{ref}", src.path if src else None,
                src.line(("outline",)) if src else None,
            )
    else:
        lib = library()
        ref = _by_name(ref, lib)
        if ref not in lib:
            guess = close_matches(ref, list(lib), n=1)
            hint = (f"是不是 {guess[0]}？" if guess else "") + "可用的提纲（id 或名称）：" + "；".join(
                f"{oid}（{name}）" for oid, name in library_names(lib).items())
            raise DrafterError(
                f"未知的提纲 {ref}", src.path if src else None,
                src.line(("outline",)) if src else None, hint,
            )
        path = lib[ref]
    path = resources.resolve(path)
    try:
        return _load_cached(path, resources.stat(path).st_mtime)
    except DrafterError as e:
        if src is None or NOT_AN_OUTLINE not in e.message:
            raise
        # Any file can be named here (outline: /etc/passwd): say so where the spec names it.
        raise DrafterError(f"字段 outline 指向的 {ref} {NOT_AN_OUTLINE}", src.path,
                           src.line(("outline",)), e.hint) from None


def library_names(lib: Mapping[str, Path] | None = None) -> dict[str, str]:
    """Library outline id → its Chinese name."""
    lib = library() if lib is None else lib
    return {oid: _load_cached(resources.resolve(p), resources.stat(p).st_mtime).name
            for oid, p in lib.items()}


def _by_name(ref: str, lib: Mapping[str, Path]) -> str:
    """The id of the library outline a writer names by its Chinese name, or by the first
    characters of it (机关效能 → efficiency-mobilization); ref itself when none or several."""
    if ref in lib or not ref.strip():
        return ref
    names = library_names(lib)
    exact = [oid for oid, name in names.items() if name == ref]
    starts = [oid for oid, name in names.items() if name.startswith(ref)]
    found = exact or starts
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise DrafterError(f"“{ref}”可以指几个提纲", hint="请写全名或 id：" + "；".join(
            f"{oid}（{names[oid]}）" for oid in found))
    return ref


def check_fit(outline: Outline, ctx: Any, spec: Any) -> None:
    """An outline written for some levels or roles refuses the others, naming those that fit."""
    from drafter.drafting.context import expand_levels, role_key

    problems = []
    if outline.levels and ctx.level not in expand_levels(outline.levels):
        problems.append(("level", f"层级“{spec.place['level']}”", ("place", "level")))
    if outline.roles and ctx.role not in {role_key(r) for r in outline.roles}:
        problems.append(("role", "讲话人的角色", ("speaker", "title")))
    if not problems:
        return
    kind, what, key = problems[0]
    fitting = []
    for oid, path in library().items():
        path = path.resolve()
        other = _load_cached(path, path.stat().st_mtime)
        if kind == "level" and (not other.levels or ctx.level in expand_levels(other.levels)):
            fitting.append(f"{oid}（{other.name}）")
        if kind == "role" and (not other.roles or ctx.role in {role_key(r) for r in other.roles}):
            fitting.append(f"{oid}（{other.name}）")
    written = "、".join(outline.levels if kind == "level" else outline.roles)
    raise DrafterError(
        f"提纲 {outline.id}（{outline.name}）是为{written}写的，不适用于{what}",
        spec.path, spec.lines.get(key),
        hint=("适用的提纲：" + "；".join(fitting)) if fitting else "换一个提纲，或自己写一个",
    )
