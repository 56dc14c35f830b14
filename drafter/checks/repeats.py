"""repeat: the same sentence twice in the body."""

from __future__ import annotations

import re

from drafter.checks.base import SENTENCE_END, Finding, para, table
from drafter.checks.document import Doc


def run(doc: Doc) -> list[Finding]:
    least = table()["repeat_min_chars"]
    seen: dict[str, int] = {}
    out = []
    for i in doc.body:
        for sentence in re.findall(rf"[^{SENTENCE_END}]+[{SENTENCE_END}]?", doc.text(i)):
            key = "".join(ch for ch in sentence if ch.isalnum())
            if len(key) < least:
                continue
            if key in seen:
                out.append(
                    Finding(
                        "repeat",
                        para(i),
                        "warning",
                        f"句子重复：与段落{para(seen[key])}的一句相同",
                        sentence.strip()[:40],
                    )
                )
            else:
                seen[key] = i
    return out
