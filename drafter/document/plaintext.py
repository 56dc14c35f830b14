"""Plain text ⇄ Speech: one block a line, body paragraphs indented with two full-width spaces."""

from __future__ import annotations

import re

from drafter.document.markdown import SALUTATION, front_kind
from drafter.document.speech import Block, Run, Speech

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
    before the salutation are the subtitle, speaker and date."""
    lines = [ln.strip().strip("\u3000").strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    speech = Speech()
    if not lines:
        return speech
    speech.blocks.append(Block("title", [Run(lines[0])]))
    body = False
    for line in lines[1:]:
        if not body and SALUTATION.match(line):
            speech.blocks.append(Block("salutation", [Run(line)]))
            body = True
        elif not body and len(line) <= MAX_HEADING and not heading_level(line) \
                and not line.endswith("。"):
            speech.blocks.append(Block(front_kind(line), [Run(line)]))
        else:
            body = True
            level = heading_level(line)
            if level:
                speech.blocks.append(Block("heading", [Run(line)], level))
            else:
                speech.blocks.append(Block("paragraph", [Run(line)]))
    return speech


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
