"""Step: the speech's paragraphs as units — headings (一、 （一） 1. （1）), list-led paragraphs
(一是, 一要, 第一) and plain paragraphs; lost line breaks restored."""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.analysis import markers
from drafter.corpus.extract.base import Notes, rules, sentences

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


def find_title(text: str, title: str) -> tuple[str, list[tuple[int, str]]]:
    """(title, the body's non-empty lines with their numbers). The title is the given one, else
    a first title-like line; title-like lines before the salutation are the title block (a
    speech title among them wins); the title repeated in the body is dropped."""
    lines = [ln.strip() for ln in text.replace("\r", "").split("\n")]
    numbered = [(i, ln) for i, ln in enumerate(lines, 1) if ln]
    if not title and numbered and title_like(numbered[0][1]):
        title = numbered.pop(0)[1]
    while numbered and title_like(numbered[0][1]) and len(numbered) > 1 and (
            SALUTATION.match(numbered[1][1]) or title_like(numbered[1][1])):
        head = numbered.pop(0)[1]
        if not re.search("讲话|发言|致辞", title) and re.search("讲话|发言|致辞", head):
            title = head
    numbered = [(i, ln) for i, ln in numbered if ln != title.strip()]
    return title.strip() or "讲话", numbered


def restore_paragraphs(numbered: list[tuple[int, str]], notes: Notes) -> list[tuple[int, str]]:
    """Paragraphs with lost line breaks restored (rebreak); their numbers follow the cleaned
    text. Where a line was cut, the cut is a guess: a warning says so."""
    paras: list[tuple[int, str]] = []
    rebroken = []
    for i, ln in numbered:
        parts = rebreak(ln)
        paras += [(i, part) for part in parts]
        if len(parts) > 1:
            rebroken.append(i)
    if rebroken:
        notes.add(f"正文第{'、'.join(map(str, rebroken))}段似乎丢失了换行：已在标题序号前分段，"
                  "但标题和正文之间的分界只能推测，请核对各级标题")
    return paras


def find_salutation(paras: list[tuple[int, str]]) -> tuple[str, list[tuple[int, str]]]:
    """(salutation, the paragraphs after it). Lines before the salutation are the title block
    (subtitle, speaker, date): the outline's frame writes its own."""
    for k, (_, p) in enumerate(paras[:4]):
        if SALUTATION.match(p):
            return p.replace(":", "："), paras[k + 1:]
    return "同志们：", paras


def split_units(paras: list[tuple[int, str]]) -> list[Unit]:
    """One unit a heading, list item or paragraph: a paragraph led by 一是 holding 二是 … is cut
    into its items, a level-1 heading's run-in text is the part's first paragraph."""
    units: list[Unit] = []
    for i, p in paras:
        u = classify(p, i)
        if u.kind == "E":
            units += split_e(u)
        elif u.kind == "H1" and u.body:
            units += [Unit("H1", u.text, i, "H1", u.n), Unit("P", u.body, i)]
        else:
            units.append(u)
    return units


def find_closing(units: list[Unit]) -> tuple[list[Unit], list[str]]:
    """(the units before the closing, the closing's paragraphs): the trailing paragraphs from
    the last one that starts with 同志们, else a last paragraph ending in "！"."""
    tail = len(units)
    while tail and units[tail - 1].kind == "P":
        tail -= 1
    starts = tuple(rules()["closing_starts"])
    trailing = units[tail:]
    first = next((k for k, u in enumerate(trailing) if u.text.startswith(starts)), None)
    if first is not None:
        return units[: tail + first], [u.text for u in trailing[first:]]
    if trailing and trailing[-1].text.rstrip().endswith(("！", "!")) and len(units) > 1:
        return units[:-1], [units[-1].text]
    return units, []
