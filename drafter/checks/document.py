"""The speech as the rules see it: Doc works out once what several rules need (body blocks,
headings and inline numbering markers, the level, the meeting date)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import drafter.checks.units as units
from drafter.analysis.dates import parse_date
from drafter.analysis.levels import infer_level
from drafter.analysis.markers import (
    LAST,
    Family,
    families_from_table,
    find,
    headings_from_table,
    match_start,
)
from drafter.analysis.names import TaggedNames, tagged_places
from drafter.checks.base import table
from drafter.document.speech import FRONT_KINDS, Speech

_EVERY_LEVEL = (1, 2, 3, 4)
# How messages name a heading level.
LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}


@lru_cache(maxsize=1)
def families() -> list[Family]:
    """The inline numbering families (一是, 一要, 第一, ①, 首先 …) of the table."""
    return families_from_table(table()["families"])


@lru_cache(maxsize=1)
def headings() -> dict[int, Family]:
    """The heading families by level (1: 一、, 2: （一）, 3: 1., 4: （1）) of the table."""
    return headings_from_table(table()["outline_markers"])


@lru_cache(maxsize=1)
def name_lists() -> TaggedNames:
    return TaggedNames.from_table(table()["names"])


def protected() -> tuple[str, ...]:
    """Phrases that hold a level word without naming a place (乡镇, 城镇, 市场)."""
    return tuple(table()["selfref_protect"])


def _places(front_text: str) -> list[str]:
    return [p for p, _ in tagged_places(front_text, name_lists(), loose=True)]


def _outline(text: str, wanted: tuple[int, ...]) -> tuple[int, int, str] | None:
    """(level, value, marker text) when text starts with a heading marker of these levels."""
    m = match_start(text.lstrip(), [headings()[lvl] for lvl in wanted])
    return (int(m.family.id), m.value, m.match.group(0)) if m else None


def _found_markers(text: str, start: int) -> tuple[tuple[Family, int, int, int, str], ...]:
    return tuple((k.family, k.value, k.start, k.end, k.text) for k in find(text, families(), start))


@dataclass
class ParagraphMarker:
    """A numbering marker in a paragraph: its family, value, whether it leads the paragraph
    (a list item per paragraph) or stands inside it, and where."""

    family: Family
    value: int
    lead: bool
    block: int
    pos: int
    end: int
    text: str


class Doc:
    """A speech with what several rules need worked out once: numbering markers, the level, the
    meeting date. against is the corpus to compare with (the overlap rule), if any."""

    def __init__(self, speech: Speech, level: str | None, meeting_date: dt.date | None,
                 against: Any = None) -> None:
        self.speech = speech
        self.declared_level = level
        self.meeting_date_given = meeting_date
        self.against = against
        self.blocks = speech.blocks
        # Block.text joins its runs at every call: once here for all the rules.
        self.texts = [b.text for b in self.blocks]
        self.body = [i for i, b in enumerate(self.blocks) if b.kind not in FRONT_KINDS]
        self.front_text = "\n".join(t for b, t in zip(self.blocks, self.texts, strict=True)
                                    if b.kind in FRONT_KINDS)
        self._found: dict[Hashable, dict[int, list[tuple[int, Any]]]] = {}

    def text(self, i: int) -> str:
        return self.texts[i]

    def units(self, i: int) -> list[tuple[int, str]]:
        """(offset, unit) of block i's units (checks/units.py)."""
        return self._splits[i]

    @cached_property
    def _splits(self) -> list[list[tuple[int, str]]]:
        # Cut once per speech for every rule (a cache across speeches paid more in keeping
        # and dropping paragraphs than the few that come again saved).
        return list(map(units.split, self.texts))

    @cached_property
    def every_unit(self) -> tuple[list[tuple[int, int]], list[str]]:
        """(block, offset) of every unit of the speech, in order, and the units (each the one
        object units.seen() keeps for its text)."""
        splits = self._splits
        places = [(i, u) for i, pieces in enumerate(splits) for u, _ in pieces]
        texts, asked, gave = units.seen([unit for pieces in splits for _, unit in pieces])
        self._marks = (asked, gave)  # (read with the units in one pass: Doc.hits uses them)
        return places, texts

    def found(self, i: int, key: Hashable, compute: Callable[..., Any], *args: Any
              ) -> list[tuple[int, Any]]:
        """(offset, what compute(unit, *args) found) for each unit of block i where it found
        something (checks/units.py)."""
        return self.hits(key, compute, *args).get(i, [])

    def hits(self, key: Hashable, compute: Callable[..., Any], *args: Any, dense: bool = False
             ) -> dict[int, list[tuple[int, Any]]]:
        """Block → found(block, …), for the blocks where a unit found something: every unit of
        the speech is asked once, and few give anything (dense: most do, then the units'
        marks would not narrow the search)."""
        by_block = self._found.get(key)
        if by_block is not None:
            return by_block
        by_block = self._found[key] = {}
        places, texts = self.every_unit
        kept = units.table(key)
        bit = None if dense else units.bit_of(key)
        if bit is not None and self._marks[0] >> bit & 1:  # every unit asked before
            flag = 1 << bit
            found = [(j, kept.get(texts[j], compute, texts[j], *args))
                     for j, bits in self._marks[1] if bits & flag]
        else:
            values = list(map(kept.data.get, texts))  # None: not asked yet (no rule gives None)
            if None in values:
                values = [kept.get(unit, compute, unit, *args) if value is None else value
                          for unit, value in zip(texts, values, strict=True)]
            if bit is not None:
                units.mark(texts, bit, values)
            found = [(j, values[j]) for j in itertools.compress(range(len(values)), values)]
        for j, value in found:
            if value:
                b, u = places[j]
                by_block.setdefault(b, []).append((u, value))
        return by_block

    @cached_property
    def outline(self) -> dict[int, tuple[int, int, str]]:
        """Block index → (level, value, marker text) for headings and paragraphs that start with
        一、 （一） 1. （1）."""
        out = {}
        cached = units.active()
        tables: dict[tuple[int, ...], units.Memo] = {}
        for i in self.body:
            b = self.blocks[i]
            if b.kind != "heading" and b.kind != "paragraph":
                continue
            wanted = (b.level,) if b.kind == "heading" and b.level else _EVERY_LEVEL
            if cached:
                # Kept with the first unit: the marker and the words its pattern looks at after
                # it hold no 。, so the pattern stops at the 。 that ends the unit, if not before.
                kept = tables.get(wanted)
                if kept is None:
                    kept = tables[wanted] = units.table(("outline", wanted))
                first = self.units(i)[0][1]
                found = kept.data.get(first, units.MISSING)
                if found is units.MISSING:
                    found = kept.get(first, _outline, self.texts[i], wanted)
            else:
                found = _outline(self.texts[i], wanted)
            if found:
                out[i] = found
        return out

    @cached_property
    def markers(self) -> dict[int, list[ParagraphMarker]]:
        """Block index → inline numbering markers (一是, 一要, 第一, ①, 首先 …) in text order. A 第三
        after 首先…其次 in the same section continues that list, not the 第一 list."""
        out: dict[int, list[ParagraphMarker]] = {}
        shou_cur = 0  # how far a 首先 list has got in the current section
        outline = self.outline
        # Paragraphs no unit of which holds a marker (most), known at once when cached.
        holding = self.hits("markers", _found_markers, 0) if units.active() else None
        for i in self.body:
            kind = self.blocks[i].kind
            if kind != "paragraph" and kind != "heading":
                continue
            if i in outline:
                shou_cur = 0
            if kind == "heading" or (holding is not None and i not in holding
                                     and i not in outline):
                continue
            kept: list[ParagraphMarker] = []
            for k in self._paragraph_markers(i):
                if k.family.id == "首先":
                    shou_cur = k.value
                elif k.family.id == "第" and 2 <= shou_cur < LAST and k.value == shou_cur + 1:
                    shou = next(f for f in families() if f.id == "首先")
                    k = ParagraphMarker(shou, k.value, k.lead, k.block, k.pos, k.end, k.text)
                    shou_cur = k.value
                kept.append(k)
            if kept:
                out[i] = kept
        return out

    def _paragraph_markers(self, i: int) -> list[ParagraphMarker]:
        """The inline markers of block i after its heading marker, if any."""
        text = self.text(i)
        skip = len(self.outline[i][2]) if i in self.outline else 0
        if units.active():
            return self._unit_markers(i, skip)
        return [
            ParagraphMarker(k.family, k.value, text[: k.start].strip() == "" or k.start == skip,
                            i, k.start, k.end, k.text)
            for k in find(text, families(), skip)
        ]

    def _unit_markers(self, i: int, skip: int) -> list[ParagraphMarker]:
        """_paragraph_markers unit by unit: no family's pattern holds a 。, their lookbehinds
        forbid a hanzi (a 。 before a unit is as good as none), and the one that must not stand
        at the start (（1）) cannot match the hanzi a unit starts with."""
        text = self.text(i)
        lead = len(text) - len(text.lstrip())  # a marker up to here leads the paragraph
        if skip:  # read from after the heading's marker (in the first unit: it holds no 。)
            found = [(u, units.found(("markers", local), unit, _found_markers, local))
                     for u, unit in self.units(i) for local in [max(0, skip - u)]]
        else:
            found = self.found(i, "markers", _found_markers, 0)
        return [ParagraphMarker(fam, value, s + u <= lead or s + u == skip, i, s + u, e + u, shown)
                for u, markers in found for fam, value, s, e, shown in markers]

    @cached_property
    def own_places(self) -> list[str]:
        """The places the title block names (在青石镇…): this speech's own."""
        if units.active():  # the same title block for every draft of a batch
            return list(units.memo("own-places").get(self.front_text, _places, self.front_text))
        return _places(self.front_text)

    @cached_property
    def level_info(self) -> tuple[str | None, str]:
        """(level, how it was found)."""
        if self.declared_level:
            return self.declared_level, "按指定的层级"
        body = "\n".join(self.text(i) for i in self.body)
        t = table()
        majority = t["level_majority"]
        level, where = infer_level(self.front_text, body, self.own_places, t["level_ranks"],
                                   protected(), t["level_title_chrome"],
                                   (majority["min_self"], majority["ratio"]))
        return level, {"title": "由标题推断", "body": "由正文用词推断"}.get(where, "")

    @cached_property
    def meeting_date(self) -> dt.date | None:
        return self.meeting_date_given or self.date_line

    @cached_property
    def date_line(self) -> dt.date | None:
        b = self.speech.first("date")
        return parse_date(b.text) if b else None
