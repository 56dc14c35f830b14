"""The Speech of a draft drafter rendered itself, without markdown-it (a fifth of a cold
`drafter draft` is importing and building that parser).

templates/frame.md.j2 writes a narrow subset: `#` title lines, a `>` block, one line per
paragraph, `##`/`###` headings, a paragraph led by `**…**`, and backslash escapes. A draft that
stays inside it is read here; anything else (an outline sentence holding a line break, a `*` or
`_` of its own, a line that could open a list…) returns None and goes through
document/markdown.parse, which is the reference: tests/drafting/test_cold_start.py checks that
both give the same Speech over the outline grid.
"""

from __future__ import annotations

import re
from functools import lru_cache

from drafter.document.markdown import SALUTATION, _is_cjk, front_kind
from drafter.document.speech import Block, Run, Speech

_HEADING = re.compile(r"(#{1,6}) (.*)")
# A line whose start could open a block other than a paragraph: a list item, a quote, a code
# fence, a heading, indentation, a table or a thematic break.
_BLOCK_START = re.compile(r"[-+=>#`~|_\s]|\d{1,9}[.)](?:\s|$)|\*(?!\*[^*\s])")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def parse(text: str) -> Speech | None:
    """The Speech markdown.parse would give for `text`, or None when it is not sure."""
    speech = Speech()
    seen_body = False
    in_front = False
    prev = ""
    for number, line in enumerate(text.split("\n"), 1):
        if not line:
            prev = line
            continue
        if line[0].isspace() or line[-1].isspace() or "\r" in line or "\x00" in line:
            return None  # (what str.strip() would take off)
        if prev and not (prev.startswith(">") and line.startswith(">")) and not (
                prev.startswith("#") and line.startswith("#")):
            return None  # a paragraph over several lines (or a lazy continuation)
        prev = line
        heading = _HEADING.fullmatch(line) if line[0] == "#" else None
        if heading:
            content = heading[2]
            runs = _inline(content)
            if runs is None or content.endswith("#") or not content or content != content.strip():
                return None
            level = len(heading[1])
            if level == 1 and not speech.first("title"):
                speech.blocks.append(Block("title", runs, source=number))
            elif level == 1 and len(speech.blocks) == 1:
                title = speech.blocks[0]
                title.runs = [Run(title.text + "\n" + "".join(r.text for r in runs))]
            elif level == 1:
                return None
            else:
                speech.blocks.append(Block("heading", runs, max(1, min(4, level - 1)), number))
                seen_body = True
            continue
        if line.startswith("> ") and not seen_body and (in_front or not _after_quote(speech)):
            runs = _inline(line[2:])
            if runs is None or "*" in line or _BLOCK_START.match(line[2:]) \
                    or line[2:] != line[2:].strip():
                return None  # a bold run may pair across the block's lines
            in_front = True
            t = "".join(r.text for r in runs).strip()
            if t:
                speech.blocks.append(Block(front_kind(t), [Run(t)], source=number))
            continue
        in_front = False
        parts = _paragraph(line)
        if parts is None:
            return None
        runs = [Run(text, bold) for text, bold in parts]
        if not seen_body and SALUTATION.match(plain := "".join(r.text for r in runs).strip()):
            speech.blocks.append(Block("salutation", [Run(plain)], source=number))
        else:
            speech.blocks.append(Block("paragraph", runs, source=number))
        seen_body = True
    return speech if speech.first("title") else None


@lru_cache(maxsize=1 << 12)
def _paragraph(line: str) -> tuple[tuple[str, bool], ...] | None:
    """The runs (text, bold) of a line read as a paragraph; None when it could open another
    block or _inline() is not sure. Kept per line: drafts of one spec share many."""
    if _BLOCK_START.match(line):
        return None
    parts = _parts(line)
    return None if parts is None else tuple(parts)


def _after_quote(speech: Speech) -> bool:
    """A second `>` block after the first was closed: markdown-it reads it too, but drafter
    never writes one."""
    return any(b.kind in ("subtitle", "speaker", "date") for b in speech.blocks)


def _inline(source: str) -> list[Run] | None:
    """Runs of one line: escapes resolved, and `**lead**` at its start bold; None for any
    other `*` or `_`, or a bold whose edges CommonMark's CJK-aware flanking could read
    otherwise."""
    parts = _parts(source)
    return None if parts is None else [Run(text, bold) for text, bold in parts]


def _parts(source: str) -> list[tuple[str, bool]] | None:
    """_inline()'s runs as (text, bold): a paragraph's are kept (_paragraph) and made Runs
    once."""
    if "\\" not in source:  # no escapes: the characters are the source's (most lines)
        if "_" in source:
            return None
        if "*" not in source:
            return [(source, False)] if source else []
        stars, at = [], source.find("*")
        while at >= 0 and len(stars) < 5:  # _bold() wants exactly four
            stars.append(at)
            at = source.find("*", at + 1)
        return _bold(source, source, stars)
    chars: list[str] = []
    stars: list[int] = []  # positions in `chars` where an unescaped * stood
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\" and i + 1 < n and source[i + 1] in _ASCII_PUNCT:
            chars.append(source[i + 1])
            i += 2
            continue
        if ch == "\\" and i + 1 == n:
            return None  # a hard break
        if ch == "_":
            return None
        if ch == "*":
            stars.append(len(chars))
        chars.append(ch)
        i += 1
    if not stars:
        return [("".join(chars), False)] if chars else []
    return _bold(source, chars, stars)


def _bold(source: str, chars: list[str] | str, stars: list[int]
          ) -> list[tuple[str, bool]] | None:
    """The runs of a line with unescaped `*` at `stars`: only a leading `**lead**` is read."""
    if len(stars) != 4 or stars[:2] != [0, 1] or stars[3] != stars[2] + 1 or stars[2] < 3:
        return None
    lead, rest = chars[2:stars[2]], chars[stars[3] + 1:]
    first, last = lead[0], lead[-1]
    # The opening run follows the line's start; the closing one must close whatever follows.
    if first.isspace() or last.isspace() or not (_is_cjk(last) or last.isalnum()) \
            or _escaped_edge(source):
        return None
    if type(lead) is not str:
        lead, rest = "".join(lead), "".join(rest)
    return [(lead, True), (rest, False)] if rest else [(lead, True)]


def _escaped_edge(source: str) -> bool:
    """An escape right before the closing ** changes what flanks it: not handled here."""
    end = source.index("**", 2)
    return source[end - 2:end - 1] == "\\"
