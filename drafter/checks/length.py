"""length: the number of characters and how long reading the speech takes."""

from __future__ import annotations

import drafter.checks.units as units
from drafter.checks.base import Finding
from drafter.checks.document import Doc
from drafter.document.speech import CHARS_PER_MINUTE


def speaking_time(chars: int) -> str:
    """How long reading takes, as users see it: 约 13 分钟 (at CHARS_PER_MINUTE)."""
    minutes = chars / CHARS_PER_MINUTE
    return "不到 1 分钟" if minutes < 1 else f"约 {minutes:.0f} 分钟"


def run(doc: Doc) -> list[Finding]:
    # speech.char_count(), from the texts Doc has joined once
    n = sum(len("".join(doc.texts[i].split())) for i in doc.body) if units.active() \
        else doc.speech.char_count()
    if n == 0:
        return [Finding("length", None, "error", "没有正文：文件里只有标题或是空的")]
    return [
        Finding(
            "length",
            None,
            "info",
            f"全文 {n} 字，讲话{speaking_time(n)}（按每分钟 {CHARS_PER_MINUTE} 字计）",
        )
    ]
