"""Step: the speech's paragraphs as units — headings (一、 （一） 1. （1）), list-led paragraphs
(一是, 一要, 第一) and plain paragraphs; lost line breaks restored."""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.analysis import markers
from drafter.corpus.extract.base import sentences

SALUTATION = re.compile(r"^[^。，！？]{0,30}(同志们|朋友们|来宾们|领导)[：:]$")


@dataclass
class Unit:
    kind: str  # P, H1, H2, H3, H4, E
    text: str  # heading text / the text after a list marker / the paragraph
    para: int  # 1-based paragraph number in the cleaned text
    family: str = ""
    n: int = 0
    punct: str = ""
    body: str = ""  # text after a run-in heading


def _heading_split(rest: str) -> tuple[str, str]:
    """A heading line may carry its first paragraph (run-in): the heading is its first sentence."""
    sents = sentences(rest)
    if len(sents) <= 1:
        return rest.strip(), ""
    return sents[0].strip(), rest[len(sents[0]):].strip()


def classify(text: str, para: int) -> Unit:
    m = markers.match_start(text, markers.EXTRACT_HEADINGS)
    if m:
        head, body = _heading_split(m.match.group(2))
        return Unit(m.family.id, head, para, m.family.id, m.value, body=body)
    m = markers.match_start(text, markers.EXTRACT_LEADS.values())
    if m and m.family.id == "第":
        return Unit("E", m.match.group(3), para, "第", m.value, m.match.group(2))
    if m:
        return Unit("E", m.match.group(2), para, m.family.id, m.value)
    return Unit("P", text, para)


def _markers(text: str, family: str) -> list[tuple[int, int, int]]:
    """(start, end, number) of the family's markers that open a sentence or clause."""
    return [(m.start, m.end, m.value) for m in markers.find(text, [markers.EXTRACT_INLINE[family]])]


def split_e(unit: Unit) -> list[Unit]:
    """A paragraph led by 一是 may hold 二是, 三是 … too: one unit per item. A list nested in it
    (restarting at 一是) is skipped over, so 二是 inside that list is not taken for the next."""
    cur, inner, cuts = unit.n, None, []
    for start, end, n in _markers(unit.text, unit.family):
        if inner is not None and n == inner + 1:
            inner = n
        elif n == 1:
            inner = 1
        elif n == cur + 1:
            cuts.append((start, end, n))
            cur, inner = n, None
    if not cuts:
        return [unit]
    out, pos, number = [], 0, unit.n
    for start, end, n in cuts:
        out.append(Unit("E", unit.text[pos:start], unit.para, unit.family, number, unit.punct))
        pos, number = end, n
    out.append(Unit("E", unit.text[pos:], unit.para, unit.family, number, unit.punct))
    return out


def title_like(line: str) -> bool:
    return (len(line) <= 60 and not any(c in line for c in "。！？")
            and not SALUTATION.match(line) and classify(line, 0).kind == "P")


_CLOSING_BREAK = re.compile(r"(?<=[。！？])\s*(?=同志们[，！])")


def rebreak(paragraph: str) -> list[str]:
    """A paragraph holding several headings (a page that lost its line breaks) → one paragraph
    per heading, and the closing 同志们，… on its own."""
    if len(paragraph) < 120:
        return [paragraph]
    cuts: set[int] = {m.start() for m in _CLOSING_BREAK.finditer(paragraph)}
    for family, needs_end in markers.BREAKS:
        # Markers that are no number (（十四五）) count towards "a run", though none is cut at.
        found = [(m.start(1) if needs_end else m.start(), family.value(m.group(1)))
                 for m in family.rx.finditer(paragraph)]
        if not needs_end and len(found) < 2:
            continue  # a lone （一） or 1. inside a sentence is text
        last = 0
        for pos, n in found:
            if n is None:
                continue
            if n == 1 or n == last + 1:
                if pos > 0:
                    cuts.add(pos)
                last = n
    bounds = [0, *sorted(cuts), len(paragraph)]
    return [p for a, b in zip(bounds, bounds[1:], strict=False)
            if (p := paragraph[a:b].strip())]
