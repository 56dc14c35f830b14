"""Plain text ⇄ Speech: one block a line, body paragraphs indented with two full-width spaces."""

from __future__ import annotations

import re

from drafter.document.markdown import SALUTATION, front_kind
from drafter.document.speech import FRONT_KINDS, Block, Run, Speech

INDENT = "\u3000\u3000"
# Heading markers by level: 一、 （一） 1. （1）. A marked line is a heading only when it is short
# and ends without a full stop; otherwise it is a paragraph that starts with a number.
_HEADINGS = (
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^\d+[.．、]")),
    (4, re.compile(r"^[（(]\d+[）)]")),
)
MAX_HEADING = 40


def heading_level(line: str) -> int:
    if len(line) > MAX_HEADING or line.endswith(("。", "！", "？", "；")):
        return 0
    return next((lvl for lvl, rx in _HEADINGS if rx.match(line)), 0)


def parse(text: str, path=None) -> Speech:
    """A speech as plain text → Speech. The first line is the title; short centred-style lines
    before the salutation are the subtitle, speaker and date. A page saved from a web site
    (page furniture, a flattened speech) is read as drafter.document.webpage reads it: the
    furniture goes, the title is the line shaped like one, lost paragraph breaks come back.
    Every block's source is its line in the file (1-based)."""
    lines = _page_lines(text)
    speech = Speech()
    if not lines:
        return speech
    first, *rest = lines
    speech.blocks.append(Block("title", [Run(first[1])], source=first[0]))
    body = False
    for number, line in rest:
        kind, level = _kind(line, body)
        body = body or kind not in FRONT_KINDS
        speech.blocks.append(Block(kind, [Run(line)], level, source=number))
    return speech


def _kind(line: str, body: bool) -> tuple[str, int]:
    if not body and SALUTATION.match(line):
        return "salutation", 0
    if not body and len(line) <= MAX_HEADING and not heading_level(line) \
            and not line.endswith("。"):
        return front_kind(line), 0
    level = heading_level(line)
    return ("heading", level) if level else ("paragraph", 0)


def _page_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of the title and the speech's paragraphs."""
    lines = text.splitlines()
    plain = [(i, s) for i, ln in enumerate(lines, 1) if (s := ln.strip().strip("\u3000").strip())]
    if not plain:
        return []
    from drafter.document.webpage import looks_like_page, read_page
    from drafter.document.webpage.chinese import to_simplified

    # A Traditional page is read in Simplified (its furniture and title are recognised by
    # Simplified words) and reported in its own characters.
    simple, converted = to_simplified("\n".join(lines))
    page = read_page(simple)
    if not looks_like_page(page):
        return plain
    own = _own_characters(lines, simple.split("\n")) if converted else None
    pieces = ([page.pieces[page.title]] if page.title is not None else []) + \
        [p for p in page.speech if not p.gap]
    return [(p.line, own(p.line, p.text) if own else p.text) for p in pieces]


def _own_characters(lines: list[str], simple: list[str]):
    """Piece text of the converted page → the same span of the page as written (OpenCC's
    tables keep the length of almost every phrase; where one did not, the converted text)."""
    from drafter.document.webpage import squeeze

    def own(number: int, text: str) -> str:
        written, converted = squeeze(lines[number - 1]), squeeze(simple[number - 1])
        at = converted.find(text)
        if at < 0 or len(written) != len(converted):
            return text
        return written[at:at + len(text)]

    return own


def dumps(speech: Speech) -> str:
    out = []
    for b in speech.blocks:
        if b.kind in ("title", "subtitle", "speaker", "date", "salutation"):
            out.append(b.text)
            if b.kind in ("title", "date"):
                out.append("")
        else:
            out.append(INDENT + b.text)
    return "\n".join(out).rstrip("\n") + "\n"
