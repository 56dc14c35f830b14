"""placeholder: blanks a writer was meant to fill (XX, ××, 【待补】 …), close ones as one finding."""

from __future__ import annotations

from drafter.analysis.placeholders import compile_patterns, groups
from drafter.checks.base import SENTENCE_END, Finding, excerpt, para, table
from drafter.checks.document import Doc
from drafter.checks.quick import any_first


def run(doc: Doc) -> list[Finding]:
    patterns = compile_patterns(tuple(p["pattern"] for p in table()["placeholders"]))
    gap = table()["placeholder_merge_gap"]
    quick = any_first(patterns)  # the characters a placeholder starts with (X, ×, 某, 【 …)
    out = []
    for i, b in enumerate(doc.blocks):
        if quick is not None and not quick.search(b.text):
            continue
        for s, e, tokens in groups(b.text, patterns, gap, SENTENCE_END):
            shown = "、".join(f"“{t}”" for t in tokens)
            out.append(
                Finding(
                    "placeholder",
                    para(i),
                    "error",
                    f"未替换的占位符{shown}：请换成实际内容",
                    excerpt(b.text, s, e),
                    s,
                    e,
                )
            )
    return out
