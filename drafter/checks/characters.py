"""characters: invisible characters that change what a reader sees — direction controls
(U+202E turns the rest of a line backwards) and control characters pasted in from elsewhere."""

from __future__ import annotations

import re

from drafter.checks.base import Finding, para
from drafter.checks.document import Doc
from drafter.errors import visible
from drafter.text.chars import BIDI

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI)) + "]")


def run(doc: Doc) -> list[Finding]:
    out = []
    for i in range(len(doc.blocks)):
        text = doc.text(i)
        for m in _CONTROL.finditer(text):
            what = "文字方向控制字符" if m.group() in BIDI else "控制字符"
            out.append(Finding(
                "characters", para(i), "error",
                f"有看不见的{what} U+{ord(m.group()):04X}，会让文字倒序、隐藏或乱码，请删除",
                visible(text[max(0, m.start() - 8):m.end() + 8]),
                m.start(), m.end(), fix="",
            ))
    return out
