"""repeat: the same sentence twice in the body."""

from __future__ import annotations

import re

from drafter.checks.base import SENTENCE_END, Finding, para, table
from drafter.checks.document import Doc

_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() and _


def run(doc: Doc) -> list[Finding]:
    least = table()["repeat_min_chars"]
    seen: dict[str, int] = {}
    out = []
    for i in doc.body:
        for found in re.finditer(rf"[^{SENTENCE_END}]+[{SENTENCE_END}]?", doc.text(i)):
            sentence = found.group()
            key = _NOT_ALNUM.sub("", sentence)  # its letters and digits (str.isalnum)
            if len(key) < least:
                continue
            if key in seen:
                out.append(
                    Finding(
                        "repeat",
                        para(i),
                        "warning",
                        f"句子重复：前面“{_opening(doc.text(seen[key]))}”那一段已经说过",
                        sentence.strip()[:40],
                        found.start() + len(sentence) - len(sentence.lstrip()),
                        found.end(),
                    )
                )
            else:
                seen[key] = i
    return out


def _opening(text: str) -> str:
    """A paragraph's first words, as a writer finds it in Word (which numbers no paragraphs)."""
    return text[:12] + ("…" if len(text) > 12 else "")
