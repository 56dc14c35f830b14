"""Paragraph breaks a page lost: restored before heading markers (一、 （一） 第一，) that follow a
sentence end and continue their family's count, and — on a flattened page, a whole speech on one
line or a few — before 一是 items, around the salutation and after the title."""

from __future__ import annotations

from itertools import pairwise

from drafter.document.webpage.rules import PageRules


def _number(s: str) -> int:
    from drafter.text.cn import cn_int

    try:
        return cn_int(s)
    except ValueError:
        return 0


def _cuts(line: str, families: dict, last: dict[str, int]) -> list[int]:
    """Where markers start a paragraph: a marker after a sentence end whose number is 1 or
    continues the last one of its family (so an inline 首先…其次…第三 stays whole)."""
    events: list[tuple[int, str, int]] = []
    for family, (at_start, after_end) in families.items():
        m = at_start.match(line)
        if m:
            last[family] = _number(m.group(1))
        events += [(m.start(), family, _number(m.group(1))) for m in after_end.finditer(line)]
    cuts = []
    for pos, family, n in sorted(events):
        if n == 1 or last.get(family) == n - 1:
            cuts.append(pos)
            last[family] = n
    return cuts


def is_flat(line: str, r: PageRules) -> bool:
    """A line holding what should be many paragraphs: very long, or two headings in it."""
    if len(line) >= r.flat_line_chars:
        return True
    return len(_cuts(line, r.breaks, {})) >= 2


def split_line(line: str, r: PageRules, last: dict[str, int]) -> list[str]:
    """One line → its paragraphs. `last` carries the families' counts from line to line."""
    flat = is_flat(line, r)
    cuts = _cuts(line, r.breaks, last)
    if flat:
        cuts += _cuts(line, r.flat_breaks, last)
        m = r.flat_title_end.match(line)
        if m and r.title_shape.search(m.group(1)):
            cuts.append(m.end())
        cuts += [m.start() for m in r.salutation_mid.finditer(line)]
        cuts += [m.end() for m in r.flat_break_words.finditer(line)]
    bounds = [0, *sorted(set(cuts)), len(line)]
    parts = [p for a, b in pairwise(bounds) if (p := line[a:b].strip())]
    out: list[str] = []
    for part in parts:
        m = r.salutation.match(part)
        out += [m.group(1), m.group(2).strip()] if m else _heading_body(part, r)
    return out


def _heading_body(part: str, r: PageRules) -> list[str]:
    """一、找准差距 对照… → the heading and its body: a marker at the start, then the first space
    within heading_space_max characters, no sentence end before it."""
    if not any(at_start.match(part) for at_start, _ in r.breaks.values()):
        return [part]
    space = part.find(" ", 0, r.heading_space_max + 1)
    if space < 0 or any(c in part[:space] for c in "。！？；"):
        return [part]
    return [part[:space], part[space + 1:].strip()]

