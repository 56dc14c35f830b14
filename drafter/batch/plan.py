"""A batch plan: a base spec × a matrix of values → one cell per combination, each with a
safe, distinct file name."""

from __future__ import annotations

import copy
import itertools
import math
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

from drafter.document.output import fit_name
from drafter.errors import DrafterError
from drafter.spec.layout import is_layout_file, load_layout
from drafter.spec.source import Source, load_yaml

PLAN_KEYS = ("base", "matrix", "name", "format", "layout", "distinct", "fonts", "reference_doc")
FONTS = ("gb2312", "windows")
LAYOUTS = ("gb", "podium")
FORMATS = ("docx", "md", "txt")
_FIELD = re.compile(r"\{([^{}]+)\}")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
# Names Windows will not create, whatever the extension: the devices, with the digits 0–9 and
# the superscripts ¹²³ that Windows also reads as port numbers.
_PORTS = "0123456789¹²³"
_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$",
             *(f"com{d}" for d in _PORTS), *(f"lpt{d}" for d in _PORTS)}
# Manifest columns after the cell number and one column per matrix field.
MAX_CELLS = 100_000
MANIFEST_COLUMNS = ("path", "status", "characters", "minutes", "most_alike", "identical",
                    "findings", "error")
# Up to this many cells, the manifest says for each draft which other draft it is most alike
# and what share of sentences they share (the index this takes grows with the batch).
MAX_COMPARED = 2_000


@dataclass
class Cell:
    index: int
    inputs: dict[str, Any]  # matrix field → value, as the plan gave it
    name: str


@dataclass
class Plan:
    path: Path
    base_path: Path  # where relative outline paths in the spec are resolved from
    base: dict[str, Any]
    base_lines: dict[tuple, int]
    matrix: dict[str, list]
    name: str
    format: str = "docx"
    layout: str = "gb"
    distinct: bool = False  # every cell its own seed: base seed, base seed + 1, …
    fonts: str | None = None  # None: each cell's spec says (fonts:), else gb2312
    reference_doc: Path | None = None  # a unit's Word template every .docx is laid out on
    cells: Sequence[Cell] = ()

    def cell_data(self, cell: Cell) -> dict[str, Any]:
        """The whole spec of a cell, built when its job is sent (not kept for every cell, so a
        plan of 10,000 cells costs no more memory than one of 1,000)."""
        data = copy.deepcopy(self.base)
        for key, value in cell.inputs.items():
            _assign(data, key, copy.deepcopy(value))
        if self.distinct:
            # Consecutive seeds differ wherever an outline offers a choice (drafting/render).
            data["seed"] = int(self.base.get("seed") or 1) + cell.index - 1
        return data


def load_plan(path: Path | str) -> Plan:
    src = load_yaml(path, what="批量计划文件")
    data = src.data
    if not isinstance(data, dict):
        raise DrafterError("批量计划应为“键: 值”的映射", src.path, 1,
                           hint="见 examples/plan.yaml：base、matrix、name")
    for key in data:
        if key not in PLAN_KEYS:
            raise src.error(f"批量计划中未知的键 {key}", (key,),
                            hint="可用的键：" + "、".join(PLAN_KEYS))
    base_path, base, base_lines = _base(src)
    matrix = data.get("matrix") or {}
    if not isinstance(matrix, dict):
        raise src.error("matrix 应为“字段: [值, 值, …]”的映射", ("matrix",),
                        hint="例如：\nmatrix:\n  seed: [1, 2, 3]")
    for key, values in matrix.items():
        if not isinstance(values, list) or not values:
            raise src.error(f"matrix.{key} 应为至少一个值的列表", ("matrix", key),
                            hint=f"例如：{key}: [值1, 值2]")
        _check_matrix_key(src, base, str(key))
    fmt = data.get("format", "docx")
    if fmt not in FORMATS:
        raise src.error(f"format 应为 {'、'.join(FORMATS)} 之一，实际是 {fmt}", ("format",))
    layout = data.get("layout", "gb")
    if isinstance(layout, str) and is_layout_file(layout):
        layout = str(src.path.parent / layout)
        load_layout(layout)  # a mistake in it stops the plan before any cell runs
    elif layout not in LAYOUTS:
        raise src.error(f"layout 应为 gb（公文版）、podium（讲台版）或版式文件 .yaml，实际是 {layout}",
                        ("layout",))
    pattern = data.get("name") or "-".join("{" + k + "}" for k in matrix) or "{place.name}"
    if not isinstance(pattern, str):
        raise src.error("name 应为文件名样式，如 {place.name}-{seed}", ("name",))
    literal = _FIELD.sub("", pattern)
    if re.search(r"[\\/:]|\.\.", literal) or literal.startswith("."):
        raise src.error(
            f"name 不能含路径（/、\\、:、..）或以 . 开头：{pattern}", ("name",),
            hint="输出都写在 -o 指定的文件夹里，name 只写文件名，如 {place.name}-{seed}",
        )
    total = 1
    for values in matrix.values():
        total *= len(values)
    if total > MAX_CELLS:
        raise src.error(f"矩阵共 {total} 格，超过上限 {MAX_CELLS}", ("matrix",),
                        hint="分成几个计划文件分别运行")
    distinct = data.get("distinct", False)
    if not isinstance(distinct, bool):
        raise src.error("distinct 应为 true 或 false", ("distinct",))
    if distinct and "seed" in matrix:
        raise src.error("distinct: true 时每一格的种子由 drafter 分配，matrix 里不能再给 seed",
                        ("distinct",), hint="去掉 matrix 里的 seed，或去掉 distinct")
    if distinct and not _is_int(base.get("seed", 1)):
        raise src.error("distinct: true 时基础规格的 seed 应为整数", ("base",))
    fonts = data.get("fonts")
    if fonts not in (None, *FONTS):
        raise src.error(f"fonts 应为 gb2312（公文字体）或 windows（Windows 自带字体），实际是 {fonts}",
                        ("fonts",))
    reference = data.get("reference_doc")
    if reference is not None and (not isinstance(reference, str) or not reference.strip()):
        raise src.error("reference_doc 应为单位模板 .docx 的路径（相对计划文件）", ("reference_doc",))
    plan = Plan(src.path, base_path, base, base_lines, matrix, pattern, fmt, layout, distinct,
                fonts, src.path.parent / reference if reference else None)
    plan.cells = _cells(src, base, matrix, pattern)
    return plan


class Cells(Sequence[Cell]):
    """A plan's cells, each made when it is asked for: one per combination of matrix values, in
    order, with its file name (a plan of 100,000 cells keeps none of them in memory)."""

    def __init__(self, base: dict, matrix: dict, pattern: str) -> None:
        self.base, self.matrix, self.pattern = base, matrix, pattern
        self.total = math.prod(len(v) for v in matrix.values())

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator[Cell]:
        for i, combo in enumerate(itertools.product(*self.matrix.values()), 1):
            yield self._cell(i, combo)

    @overload
    def __getitem__(self, index: int) -> Cell: ...
    @overload
    def __getitem__(self, index: slice) -> list[Cell]: ...

    def __getitem__(self, index: int | slice) -> Cell | list[Cell]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.total))]
        if index < 0:
            index += self.total
        if not 0 <= index < self.total:
            raise IndexError(index)
        combo, rest = [], index
        for values in reversed(list(self.matrix.values())):  # the last field varies fastest
            rest, k = divmod(rest, len(values))
            combo.append(values[k])
        return self._cell(index + 1, tuple(reversed(combo)))

    def _cell(self, i: int, combo: tuple) -> Cell:
        inputs = dict(zip(self.matrix, combo, strict=True))
        return Cell(i, inputs, safe_name(_format_name(self.pattern, _Overlay(self.base, inputs))))


def _cells(src: Source, base: dict, matrix: dict, pattern: str) -> Cells:
    """The plan's cells, every name checked: known fields, no reserved name, no two the same.
    The names are not kept: a repeated one is found by its hash, then looked up again."""
    cells = Cells(base, matrix, pattern)
    seen = _Hashes(len(cells))
    for i, combo in enumerate(itertools.product(*matrix.values()), 1):
        try:
            name = cells._cell(i, combo).name
        except KeyError as e:
            raise src.error(f"name 里的 {{{e.args[0]}}} 在规格中没有对应的值", ("name",),
                            hint="用 matrix 或 base 里的字段，如 {place.name}、{seed}") from None
        if windows_reserved(name):
            raise src.error(f"第{i}格的输出文件名 {name} 是系统保留名，Windows 无法创建",
                            ("name",), hint="在 name 里加上前缀，如 讲话-{seed}")
        if not seen.add(hash(name.lower())):
            first = next(c.index for c in cells if c.name.lower() == name.lower())
            if first < i:
                raise src.error(f"第{i}格与第{first}格的输出文件名相同：{name}", ("name",),
                                hint="在 name 里加入区分它们的字段，如 {seed}")
    return cells


class _Hashes:
    """A set of 64-bit hashes in one array (open addressing): 20 bytes a cell, where a Python set
    of ints takes ~90 (9 MiB at 100,000 cells, the whole of the parent's growth)."""

    def __init__(self, size: int) -> None:
        self.mask = (1 << max(4, (2 * size).bit_length())) - 1
        self.slots = array("q", [0]) * (self.mask + 1)

    def add(self, key: int) -> bool:
        """Add key; False when it was there already."""
        key = key or 1  # 0 marks an empty slot
        i = key & self.mask
        while self.slots[i]:
            if self.slots[i] == key:
                return False
            i = (i + 1) & self.mask
        self.slots[i] = key
        return True


def _base(src: Source) -> tuple[Path, dict, dict]:
    base = src.data.get("base")
    if isinstance(base, dict):
        lines = {k[1:]: v for k, v in src.lines.items() if k and k[0] == "base"}
        return src.path, base, lines
    if isinstance(base, str):
        path = (src.path.parent / base) if not Path(base).is_absolute() else Path(base)
        base_src = load_yaml(path, what="基础规格文件")
        if not isinstance(base_src.data, dict):
            raise DrafterError("基础规格应为“字段: 值”的映射", path, 1)
        return path, base_src.data, base_src.lines
    raise src.error("base 应为基础规格文件的路径，或直接写出的规格", ("base",),
                    hint="例如 base: qingshi-town.yaml")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_matrix_key(src: Source, base: dict, key: str) -> None:
    """A matrix field may go inside a group of the spec (place.name), not inside a value."""
    data: Any = base
    parts = key.split(".")
    for depth, part in enumerate(parts[:-1], 1):
        data = data.get(part) if isinstance(data, dict) else None
        if data is not None and not isinstance(data, dict):
            inside = ".".join(parts[:depth])
            raise src.error(f"matrix.{key}：基础规格里的 {inside} 是一个值，不能再往下分",
                            ("matrix", key), hint=f"改成 {inside}: [值1, 值2]")


def _assign(data: dict, key: str, value: Any) -> None:
    *parents, last = key.split(".")
    for p in parents:
        nxt = data.get(p)
        if not isinstance(nxt, dict):
            nxt = data[p] = {}
        data = nxt
    data[last] = value


class _Overlay:
    """The base spec seen through one cell's matrix values, without copying it."""

    def __init__(self, base: dict, inputs: dict) -> None:
        self.base, self.inputs = base, inputs

    def get(self, key: str) -> Any:
        for k, v in self.inputs.items():
            if key == k:
                return v
            if key.startswith(k + "."):
                return _lookup(v, key[len(k) + 1:])
        for k, v in self.inputs.items():  # a field inside a group the matrix sets part of
            if k.startswith(key + "."):
                merged = dict(_lookup_raw(self.base, key) or {})
                _assign(merged, k[len(key) + 1:], v)
                return merged
        return _lookup_raw(self.base, key)


def _lookup_raw(data: Any, key: str) -> Any:
    for part in key.split("."):
        if not isinstance(data, dict) or part not in data:
            raise KeyError(key)
        data = data[part]
    return data


def _lookup(data: Any, key: str) -> Any:
    if isinstance(data, _Overlay):
        data = data.get(key)
        key = ""
    for part in filter(None, key.split(".")):
        if not isinstance(data, dict) or part not in data:
            raise KeyError(key)
        data = data[part]
    if isinstance(data, dict):  # a group in the matrix, e.g. place: name it by its name
        data = data.get("name", "-".join(str(v) for v in data.values()))
    return data


def _format_name(pattern: str, data: dict) -> str:
    # Each value is cut on its own, so a long place name cannot push {seed} out of the name.
    return _FIELD.sub(lambda m: fit_name(str(_lookup(data, m.group(1).strip())), 60), pattern)


def windows_reserved(name: str) -> bool:
    """Whether Windows refuses the name: it reads only up to the first dot, and drops trailing
    spaces and dots first ("CON .x" and "aux..docx" are the devices too)."""
    return name.split(".")[0].rstrip(" ").lower() in _RESERVED


def safe_name(name: str) -> str:
    """A file name from spec values: characters no file system takes (a place name with a
    slash) become _, so a value can never lead out of the output folder."""
    name = _UNSAFE.sub("_", name).strip(" .").replace("..", "_")
    return fit_name(name) or "讲话稿"
