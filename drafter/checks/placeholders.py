"""placeholder: blanks a writer was meant to fill (XX, ××, 【待补】 …), close ones as one finding."""

from __future__ import annotations

import re

import drafter.checks.units as units
from drafter.analysis.placeholders import compile_patterns, groups
from drafter.checks.base import SENTENCE_END, Finding, excerpt, para, table
from drafter.checks.document import Doc
from drafter.checks.quick import any_first


def run(doc: Doc) -> list[Finding]:
    patterns = compile_patterns(tuple(p["pattern"] for p in table()["placeholders"]))
    gap = table()["placeholder_merge_gap"]
    quick = any_first(patterns)  # the characters a placeholder starts with (X, ×, 某, 【 …)
    # The blocks one of whose units holds a character a placeholder starts with (then the
    # paragraph is read whole: a bracketed blank may hold a 。).
    starts = doc.hits("placeholder-start", _starts, quick) if units.active() and quick else None
    out = []
    for i, b in enumerate(doc.blocks):
        if starts is not None:
            if i not in starts:
                continue
            found = units.memo("placeholders").get((doc.text(i), gap), groups, doc.text(i),
                                                   patterns, gap, SENTENCE_END)
        elif quick is not None and not quick.search(b.text):
            continue
        else:
            found = groups(b.text, patterns, gap, SENTENCE_END)
        for s, e, tokens in found:
            shown = "、".join(f"“{t}”" for t in tokens)
            out.append(
                Finding(
                    "placeholder",
                    para(i),
                    "error",
                    f"未替换的占位符{shown}：请换成实际内容",
                    excerpt(doc.text(i), s, e),
                    s,
                    e,
                )
            )
    return out


def _starts(text: str, quick: re.Pattern) -> bool:
    return quick.search(text) is not None
