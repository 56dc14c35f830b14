"""numbering: headings (一、 （一） 1. （1）) and inline lists (一是, 第一, ① …) whose numbers
repeat, skip or run backwards."""

from __future__ import annotations

import re

import drafter.checks.units as units
from drafter.analysis.markers import LAST, Family
from drafter.checks.base import Finding, excerpt, para, table
from drafter.checks.document import LEVEL_NAMES, Doc, ParagraphMarker, headings


class _Stream:
    """One family's list state within a section. A "1" opens a list (nested lists stack); a value
    that continues an outer list closes the inner ones."""

    def __init__(self, family: Family) -> None:
        self.family = family
        self.cur = 0
        self.cur_text = ""
        self.stack: list[tuple[int, str]] = []
        self.last: ParagraphMarker | None = None

    def feed(self, m: ParagraphMarker) -> tuple[str, str] | None:
        """(kind, message) of a problem, or None."""
        fam, v, last = self.family, m.value, self.last
        self.last = m
        problem = None
        if v == LAST:
            self.cur, self.cur_text = LAST, m.text
            return None
        if self.cur == LAST and v != 1:
            problem = ("order", f"“{self.cur_text}”之后又出现“{m.text}”")
        elif v == self.cur + 1:
            pass
        elif v == 1:
            if (
                last is not None
                and last.value == 1
                and (not fam.nests or (m.lead and last.lead and m.block != last.block))
            ):
                problem = ("repeat", f"“{last.text}”之后又是“{m.text}”")
            else:
                self.stack.append((self.cur, self.cur_text))
        else:
            for k in range(len(self.stack) - 1, -1, -1):
                if v == self.stack[k][0] + 1:
                    del self.stack[k:]
                    break
            else:
                if self.cur == 0:
                    if fam.start_gap:
                        problem = ("gap", f"“{m.text}”前面没有“{fam.render(1)}”")
                elif v == self.cur:
                    problem = ("repeat", f"“{self.cur_text}”之后又是“{m.text}”")
                elif v > self.cur + 1:
                    missing = "、".join(f"“{fam.render(k)}”" for k in range(self.cur + 1, v))
                    problem = ("gap", f"“{self.cur_text}”之后是“{m.text}”，缺少{missing}")
                else:
                    problem = ("order", f"“{self.cur_text}”之后是“{m.text}”")
        self.cur, self.cur_text = v, m.text
        return problem


_PROBLEM = {"repeat": "编号重复", "gap": "编号跳号", "order": "编号顺序不对"}


def _span(text: str, marker: str) -> tuple[int | None, int | None]:
    """Where a heading's marker (一、) stands in its paragraph."""
    at = text.find(marker)
    return (at, at + len(marker)) if at >= 0 else (None, None)


def run(doc: Doc) -> list[Finding]:
    out = []
    counters = {1: (0, ""), 2: (0, ""), 3: (0, ""), 4: (0, "")}
    streams: dict[str, _Stream] = {}
    outline, markers = doc.outline, doc.markers
    for i in doc.body:
        if i in outline:
            lvl, v, text = outline[i]
            problem = _heading_problem(lvl, v, text, *counters[lvl])
            if problem:
                out.append(
                    Finding(
                        "numbering",
                        para(i),
                        "error",
                        f"{LEVEL_NAMES[lvl]}标题{_PROBLEM[problem[0]]}：{problem[1]}",
                        doc.text(i)[:20],
                        *_span(doc.text(i), text),
                    )
                )
            counters[lvl] = (v, text)
            for lower in range(lvl + 1, 5):
                counters[lower] = (0, "")
            streams = {}  # inline lists start again under every heading
        for m in markers.get(i, ()):
            stream = streams.get(m.family.id)
            if stream is None:
                stream = streams[m.family.id] = _Stream(m.family)
            if _goes_on_from_heading(m, stream, counters[1][0]):
                stream.cur, stream.cur_text = counters[1]  # 一、… then 第二，…: one sequence
            problem = stream.feed(m)
            if problem:
                out.append(
                    Finding(
                        "numbering",
                        para(i),
                        "error",
                        f"{_PROBLEM[problem[0]]}：{problem[1]}",
                        excerpt(doc.text(i), m.pos, m.end, 8),
                        m.pos,
                        m.end,
                    )
                )
    return out + one_item_lists(doc)


def _goes_on_from_heading(m: ParagraphMarker, stream: _Stream, heading: int) -> bool:
    """A paragraph led by 第二， right after the heading 一、 goes on with its numbers (pages
    mix 一、 and 第二， at one level)."""
    return m.lead and m.family.id == "第" and stream.cur == 0 and m.value == heading + 1 > 1


def _heading_problem(lvl: int, v: int, text: str, cur: int, cur_text: str
                     ) -> tuple[str, str] | None:
    """(kind, message) when heading number v of a level does not follow cur, else None."""
    show = headings()[lvl].render
    if v == cur + 1:
        return None
    if v == 1 and cur >= 2 and lvl > 1:
        return None  # a second list at a lower level under the same heading
    if cur == 0:
        return ("gap", f"“{text}”前面没有“{show(1)}”")
    if v == cur:
        return ("repeat", f"“{cur_text}”之后又是“{text}”")
    if v > cur + 1:
        missing = "、".join(f"“{show(k)}”" for k in range(cur + 1, v))
        return ("gap", f"“{cur_text}”之后是“{text}”，缺少{missing}")
    return ("order", f"“{cur_text}”之后是“{text}”")


def one_item_lists(doc: Doc) -> list[Finding]:
    """N102: a list whose first marker (一是, 一要, 第一, 其一, 首先) is never followed by a second
    in its section, and phrases that announce a single item (体现在一个方面)."""
    wanted = set(table()["one_item_families"])
    out = []
    lists: dict[str, list[list]] = {}  # family → open lists as [first marker, items so far]
    repeated: set[str] = set()  # families whose "1" came twice: N101 reports that slip
    phrases = table()["one_item_phrases"]
    # Unit by unit when the cache is on (checks/units.py): no phrase holds a 。 or looks around.
    said = doc.hits("one-item", _phrases_in, phrases) if units.active() else None
    outline, markers = doc.outline, doc.markers
    for i in doc.body:
        if i in outline:
            out += _close_lists(doc, lists, repeated)
            lists, repeated = {}, set()
        for m in markers.get(i, ()):
            if m.family.id in wanted and not _prose(doc, m):
                _feed_list(doc, lists.setdefault(m.family.id, []), m, repeated, out)
        if said is not None and i not in said:
            continue  # no unit of it says 体现在一个方面 or the like
        text = doc.text(i)
        found = (_phrases_in(text, phrases) if said is None else
                 [(w, s + u, e + u) for u, hits in said[i] for w, s, e in hits])
        for words, s, e in found:
            out.append(Finding("one-item-list", para(i), "warning",
                               f"“{words}”：只有一项，不必列举", excerpt(text, s, e), s, e))
    return out + _close_lists(doc, lists, repeated)


def _phrases_in(text: str, phrases: str) -> tuple[tuple[str, int, int], ...]:
    return tuple((k.group(), k.start(), k.end()) for k in re.finditer(phrases, text))


def _prose(doc: Doc, m: ParagraphMarker) -> bool:
    """A 首先 that starts no list: inside a paragraph, or before 我代表, 向大家 …."""
    after = table()["one_item_prose"].get(m.family.id)
    if after is None or m.value != 1:
        return False
    text = doc.text(m.block)
    return not m.lead or re.match(after, text[m.end:]) is not None or text[m.end - 1] == "是"


def _feed_list(doc: Doc, stack: list[list], m: ParagraphMarker, repeated: set[str],
               out: list[Finding]) -> None:
    """Count marker m into the open lists of its family (nested lists stack)."""
    fam = m.family.id
    if m.value == 1:
        if stack and not m.family.nests:
            repeated.add(fam)
        stack.append([m, 1])
    elif m.value == LAST:
        if stack:
            stack[-1][1] = max(stack[-1][1], 2)
    else:
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][1] == m.value - 1:
                out += _close_lists(doc, {fam: stack[k + 1:]}, repeated)
                del stack[k + 1:]
                stack[k][1] = m.value
                return
        if stack:
            stack[-1][1] = max(stack[-1][1], m.value)


def _close_lists(doc: Doc, lists: dict[str, list[list]], repeated: set[str]
                 ) -> list[Finding]:
    out = []
    for fam, stack in lists.items():
        if fam in repeated:
            continue
        for first, items in stack:
            if items == 1:
                out.append(Finding(
                    "one-item-list", para(first.block), "warning",
                    f"有“{first.text}”却没有“{first.family.render(2)}”：只有一项的列举，"
                    f"补上后面几项，或去掉“{first.text}”",
                    excerpt(doc.text(first.block), first.pos, first.end, 8), first.pos, first.end))
    return out
