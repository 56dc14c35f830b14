"""The context grid an outline is checked over: its declared levels × meeting dates across the
year × speaker roles × seeds, and the spec that reproduces each cell. The base values are the
outline's own starter spec (what `drafter new` writes), so a writer's outline is checked the
same way as the library's."""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

# A place for each level, as a writer there would name it.
PLACES = {
    "乡": "水口乡", "镇": "青石镇", "街道": "东湖街道", "县": "临川县", "区": "云溪区",
    "市": "江州市", "局": "临川县教育局", "开发区": "江州高新区", "旗": "白音旗",
}
# Rank of a level: the audit compares the lowest and the highest an outline declares.
RANK = {"乡": 0, "镇": 0, "街道": 0, "县": 1, "区": 1, "旗": 1, "局": 1, "开发区": 1, "市": 2}
PARENT = {"局": "临川县"}  # a department speaks for its county
# Meeting dates across the year: after the Spring Festival, mid-year, the year's end.
DATES = {"春节后": dt.date(2027, 2, 22), "年中": dt.date(2026, 7, 15),
         "岁末": dt.date(2026, 12, 28)}
ROLES = {"party": "书记", "exec": "行政"}
SPEAKER = "王明"


@dataclass(frozen=True)
class Cell:
    """One point of the grid; `lists` sets a list field to a number of items."""

    level: str
    season: str = "年中"
    role: str = "party"
    seed: int = 1
    length: int | None = None
    lists: tuple[tuple[str, int], ...] = ()

    def describe(self) -> str:
        parts = [self.level, f"{DATES[self.season].isoformat()}（{self.season}）",
                 ROLES[self.role], f"种子{self.seed}"]
        if self.length:
            parts.append(f"{self.length}字")
        parts += [f"{name} {n} 项" for name, n in self.lists]
        return " · ".join(parts)

    def with_(self, **changes: Any) -> Cell:
        return replace(self, **changes)


@dataclass
class Grid:
    """An outline's grid: where it is, its base spec and the levels and roles it declares."""

    outline_ref: str   # what a spec's `outline:` says to reach it
    base: dict          # the starter's values
    levels: list[str]
    roles: list[str]
    examples: dict[str, list] = field(default_factory=dict)  # list field → example items

    def spec(self, cell: Cell) -> dict:
        spec = copy.deepcopy(self.base)
        spec["outline"] = self.outline_ref
        spec["place"] = {"name": PLACES[cell.level], "level": cell.level}
        if cell.level in PARENT:
            spec["place"]["parent"] = PARENT[cell.level]
        spec["meeting"] = {**(spec.get("meeting") or {}), "date": DATES[cell.season]}
        if re.search(r"\d{4}", str(spec["meeting"].get("name", ""))):
            del spec["meeting"]["name"]  # "2027年…大会" belongs to one date, like a deadline
        spec["speaker"] = {"name": SPEAKER, "title": speaker_title(cell.level, cell.role)}
        spec.pop("deadline", None)  # a deadline belongs to one meeting date
        spec["seed"] = cell.seed
        spec.pop("length", None)  # the outline's own default, unless the cell sets one
        if cell.length:
            spec["length"] = cell.length
        for name, n in cell.lists:
            spec[name] = list_items(self.examples.get(name, []), n)
        return spec


def speaker_title(level: str, role: str) -> str:
    from drafter.text import places

    row = places.table()[level]
    return row["party_head"] if role == "party" else row["exec_head"]


def list_items(examples: list, n: int) -> list:
    """n items from the field's examples; past them, numbered copies (a test of counts and
    markers, not of wording)."""
    if not examples:
        return []
    out = []
    for i in range(n):
        item = copy.deepcopy(examples[i % len(examples)])
        if i >= len(examples) and isinstance(item, str):
            item = f"{item}（{i + 1}）"
        out.append(item)
    return out


def grid_of(outline: Any) -> Grid:
    """The grid of a loaded outline, with its starter spec as the base values."""
    import yaml

    from drafter.drafting.context import expand_levels, role_key
    from drafter.drafting.starter import starter_spec

    base = yaml.safe_load(starter_spec(outline)) or {}
    allowed = expand_levels(outline.levels) if outline.levels else set(PLACES)
    roles = [r for r in ROLES
             if not outline.roles or r in {role_key(x) for x in outline.roles}]
    examples = {name: list(fs.example or fs.default or [])
                for name, fs in outline.fields.items() if fs.type in ("list", "table")}
    for s in outline.sections:  # a select field names items by key: those of its fullest line
        if s.select in examples:
            fullest = max((s, *s.lines), key=lambda body: len(body.items))
            examples[s.select] = [it.key for it in fullest.items]
    from drafter.drafting.outline import library

    # A library outline is named by id, as a writer's spec would; another by its full path.
    shipped = outline.path and library().get(outline.id) == Path(outline.path)
    ref = outline.id if shipped or not outline.path else str(Path(outline.path).resolve())
    return Grid(ref, base, [lv for lv in PLACES if lv in allowed], roles, examples)
