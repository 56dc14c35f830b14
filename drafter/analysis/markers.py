"""Numbering markers: 一、 （一） 1. （1） before headings; 一是 一要 第一 其一 ① 首先 inside the text.

A Family is one way of numbering: its pattern (group 1 is the number), how its numbers read and
how a number is written back (三是, （三）, ③). find() reads every marker of some families in a
text, match_start() the marker a paragraph opens with. check's families are data
(data/checks.yaml, read by families_from_table and headings_from_table); extract's are below
(EXTRACT_HEADINGS, EXTRACT_LEADS, EXTRACT_INLINE, BREAKS): extract cuts a text at its markers, so
it asks more of one (a clause boundary before an inline marker, text after a heading) than check,
which only counts them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from drafter.text.cn import cn, cn_int

NUMERAL_CHARS = "一二三四五六七八九十"
NUMERAL = f"[{NUMERAL_CHARS}]{{1,3}}"
DIGITS = r"\d{1,2}"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
LAST = 99  # the value of 最后: it closes a list whatever its length


def expand(pattern: str) -> str:
    """A table's pattern with {n} (a Chinese numeral 一…二十) and {d} (one or two digits)."""
    return pattern.replace("{n}", NUMERAL).replace("{d}", DIGITS)


@dataclass(frozen=True, eq=False)
class Family:
    """One way of numbering. show writes a number back: {n} as a Chinese numeral, {d} in
    digits, {c} circled; a family of words (首先, 其次 … 最后) maps each word to its number."""

    id: str
    rx: re.Pattern
    show: str
    words: Mapping[str, int] = field(default_factory=dict)
    nests: bool = False  # a "1" after a "1" opens a nested list (一是…：一是…二是)
    start_gap: bool = True  # a list that starts above 1 is a gap (not for 其次 without 首先)

    def value(self, token: str) -> int | None:
        """The number a token stands for; None when it is no single number (十四五, 四五)."""
        if self.words:
            return self.words[token]
        if token in CIRCLED:
            return CIRCLED.index(token) + 1
        try:
            return cn_int(token)
        except ValueError:
            return None

    def render(self, value: int) -> str:
        """How this family writes its value-th marker: 三是, 第三, （3）, ③."""
        if self.words:
            return {v: w for w, v in self.words.items()}.get(value, f"第{cn(value)}")
        if "{c}" in self.show:
            return CIRCLED[value - 1] if value <= len(CIRCLED) else str(value)
        return self.show.replace("{n}", cn(value)).replace("{d}", str(value))


@dataclass(frozen=True, eq=False)
class Marker:
    """A marker found in a text: its family, value and span; match keeps the pattern's groups."""

    family: Family
    value: int
    start: int
    end: int
    match: re.Match = field(repr=False)

    @property
    def text(self) -> str:
        """The marker as written, without the punctuation after it: 三是, 第三."""
        return self.match.group(0).rstrip("，,、：:")


def find(text: str, families: Iterable[Family], start: int = 0) -> list[Marker]:
    """Every marker of the families from position start on, in text order. Of markers that
    overlap the first wins (at the same position, the family listed first)."""
    found = []
    for fam in families:
        for m in fam.rx.finditer(text, start):
            value = fam.value(m.group(1))
            if value is not None:
                found.append(Marker(fam, value, m.start(), m.end(), m))
    found.sort(key=lambda k: k.start)
    kept: list[Marker] = []
    for k in found:
        if not kept or k.start >= kept[-1].end:
            kept.append(k)
    return kept


def match_start(text: str, families: Iterable[Family]) -> Marker | None:
    """The marker text opens with: the first family that matches there with a number."""
    for fam in families:
        m = fam.rx.match(text)
        if m and (value := fam.value(m.group(1))) is not None:
            return Marker(fam, value, m.start(), m.end(), m)
    return None


# --- check's families: data/checks.yaml --------------------------------------------------------

# How check writes a heading's marker, by level.
HEADING_SHOWS = {1: "{n}、", 2: "（{n}）", 3: "{d}.", 4: "（{d}）"}


def families_from_table(rows: Iterable[Mapping]) -> list[Family]:
    """Inline families from a table: id, pattern, show, and optionally nests, start_gap and
    words (word → number, or "last" for the word that closes a list)."""
    out = []
    for f in rows:
        words = {w: (LAST if v == "last" else int(v)) for w, v in (f.get("words") or {}).items()}
        out.append(
            Family(
                f["id"],
                re.compile(expand(f["pattern"])),
                f["show"],
                words,
                bool(f.get("nests")),
                f.get("start_gap", True),
            )
        )
    return out


def headings_from_table(patterns: Mapping) -> dict[int, Family]:
    """Heading families by level (1: 一、, 2: （一）, 3: 1., 4: （1）) from level → pattern."""
    return {
        int(k): Family(str(k), re.compile(expand(v)), HEADING_SHOWS[int(k)])
        for k, v in patterns.items()
    }


# --- extract's families ------------------------------------------------------------------------

# At the start of the text or after the end of a sentence or clause (一是 after "。" or "：").
_CLAUSE_START = "(?<![^。；：！？，,;:!?])"

# A heading with its text (group 2), in the order extract tries them: （1） before 1..
EXTRACT_HEADINGS = (
    Family("H1", re.compile(rf"^({NUMERAL})[、．.]\s*(.+)$"), "{n}、"),
    Family("H2", re.compile(rf"^[（(]({NUMERAL})[）)]\s*(.+)$"), "（{n}）"),
    Family("H4", re.compile(rf"^[（(]({DIGITS})[）)]\s*(.+)$"), "（{d}）"),
    Family("H3", re.compile(rf"^({DIGITS})[.．、](?!\d)\s*(.+)$"), "{d}."),
)
# A paragraph led by a list marker; the text after it is the last group (第 keeps its
# punctuation in group 2).
EXTRACT_LEADS = {
    "是": Family("是", re.compile(rf"^({NUMERAL})是(.*)$"), "{n}是"),
    "要": Family("要", re.compile(rf"^({NUMERAL})要(.*)$"), "{n}要"),
    "第": Family("第", re.compile(rf"^第({NUMERAL})([，,、：:])(.*)$"), "第{n}"),
}
# The same markers inside a paragraph, where they must open a sentence or clause.
EXTRACT_INLINE = {
    "是": Family("是", re.compile(rf"{_CLAUSE_START}({NUMERAL})是"), "{n}是"),
    "要": Family("要", re.compile(rf"{_CLAUSE_START}({NUMERAL})要"), "{n}要"),
    "第": Family("第", re.compile(rf"{_CLAUSE_START}第({NUMERAL})[，,、]"), "第{n}"),
}
_STEPS = re.compile(rf"{_CLAUSE_START}(首先|其次|再次|第[三四五六]|最后)[，,]")
_ASPECTS = re.compile(r"(另一方面|一方面)[，,]?")
_EXTRACT_CIRCLED = re.compile(f"[{CIRCLED[:10]}]")

# Markers that start a paragraph on a page that lost its line breaks, and whether the marker
# needs a sentence end before it (its number is then group 1's position): 一、二季度 is no
# heading, but （一） and 1. may follow any character once they run in sequence inside the line.
BREAKS = (
    (Family("H1", re.compile(rf"(?<=[。！？；：”])\s*({NUMERAL})、"), "{n}、"), True),
    (Family("H2", re.compile(rf"[（(]({NUMERAL})[）)]"), "（{n}）"), False),
    (Family("H3", re.compile(rf"(?<![\d.])({DIGITS})[.．](?=[\u3400-\u9fff])"), "{d}."), False),
)


@dataclass
class Sequence:
    """A run of consecutive markers inside a paragraph (一是…二是…, 首先…其次…最后)."""

    family: str
    spans: list[tuple[int, int]]  # (start, end) of each marker

    @property
    def start(self) -> int:
        return self.spans[0][0]

    def __len__(self) -> int:
        return len(self.spans)


def inline_sequences(text: str) -> list[Sequence]:
    """Runs of consecutive markers (一是…二是…, 首先…其次…最后, 一方面…另一方面, ①…②) in
    a paragraph, in order of position; a run needs two markers at least."""
    seqs = [s for fam in EXTRACT_INLINE.values() for s in _numbered_runs(text, fam)]
    seqs += _step_runs(text) + _aspect_pairs(text) + _circled_runs(text)
    return sorted(seqs, key=lambda s: s.start)


def _numbered_runs(text: str, fam: Family) -> list[Sequence]:
    """一是 … 二是 … 三是: a 一 opens a run, the next number continues it."""
    seqs, cur, last = [], [], 0
    for m in find(text, [fam]):
        if m.value == 1:
            if len(cur) > 1:
                seqs.append(Sequence(fam.id, cur))
            cur, last = [(m.start, m.end)], 1
        elif cur and m.value == last + 1:
            cur.append((m.start, m.end))
            last = m.value
    if len(cur) > 1:
        seqs.append(Sequence(fam.id, cur))
    return seqs


def _step_runs(text: str) -> list[Sequence]:
    """首先 … 其次 … 最后: a 首先 opens a run, any later step continues it."""
    seqs, cur = [], []
    for m in _STEPS.finditer(text):
        if m.group(1) == "首先":
            if len(cur) > 1:
                seqs.append(Sequence("首先", cur))
            cur = [(m.start(), m.end())]
        elif cur:
            cur.append((m.start(), m.end()))
    if len(cur) > 1:
        seqs.append(Sequence("首先", cur))
    return seqs


def _aspect_pairs(text: str) -> list[Sequence]:
    aspects = list(_ASPECTS.finditer(text))
    return [
        Sequence("一方面", [(a.start(), a.end()), (b.start(), b.end())])
        for a, b in zip(aspects, aspects[1:], strict=False)
        if a.group(1) == "一方面" and b.group(1) == "另一方面"
    ]


def _circled_runs(text: str) -> list[Sequence]:
    seqs, run = [], []
    for m in _EXTRACT_CIRCLED.finditer(text):
        n = CIRCLED.index(m.group(0)) + 1
        if n == 1:
            if len(run) > 1:
                seqs.append(Sequence("①", run))
            run = [(m.start(), m.end())]
        elif run and n == len(run) + 1:
            run.append((m.start(), m.end()))
    if len(run) > 1:
        seqs.append(Sequence("①", run))
    return seqs
