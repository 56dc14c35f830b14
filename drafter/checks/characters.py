"""characters: invisible characters that change what a reader sees — direction controls
(U+202E turns the rest of a line backwards) and control characters pasted in from elsewhere."""

from __future__ import annotations

import re

import drafter.checks.units as units
from drafter.checks.base import Finding, para
from drafter.checks.document import Doc
from drafter.errors import visible
from drafter.text.chars import BIDI

_C1 = re.compile("[\x80-\x9f]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI)) + "]")


def _controls(text: str) -> bool:
    return _CONTROL.search(text) is not None


def run(doc: Doc) -> list[Finding]:
    from drafter.checks.encoding import garbled

    if units.active() and not doc.hits("controls", _controls):
        return []  # no unit of any paragraph holds one
    out = []
    for i in range(len(doc.blocks)):
        text = doc.text(i)
        # C1 controls inside mojibake are bytes of the garbled text (要 read as Windows-1252
        # ends in U+0081): mojibake (C102) reports them, and deleting them would spoil its repair.
        lost = [(s, e) for s, e, _ in garbled(text)] if _C1.search(text) else []
        for m in _CONTROL.finditer(text):
            if _C1.match(m.group()) and any(s <= m.start() < e for s, e in lost):
                continue
            what = "文字方向控制字符" if m.group() in BIDI else "控制字符"
            out.append(Finding(
                "characters", para(i), "error",
                f"有看不见的{what} U+{ord(m.group()):04X}，会让文字倒序、隐藏或乱码，请删除",
                visible(text[max(0, m.start() - 8):m.end() + 8]),
                m.start(), m.end(), fix="",
            ))
    return out
