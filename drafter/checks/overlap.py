"""overlap: passages shared with the corpus (--against), and the share of the draft they make."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from drafter.checks.base import Finding, para, table
from drafter.checks.document import Doc


def build_index(against: Any) -> Any:
    """An OverlapIndex from a corpus folder or a list of corpus documents (built ones pass)."""
    from drafter.corpus.overlap import OverlapIndex

    if isinstance(against, OverlapIndex):
        return against
    if isinstance(against, str | Path):
        return OverlapIndex.from_folder(against)
    return OverlapIndex.from_corpus(list(against))


def run(doc: Doc) -> list[Finding]:
    if doc.against is None:
        return []
    limits = table()["overlap"]
    index = build_index(doc.against)
    # The body as drafter.corpus.overlap.body_text joins it, with where each block starts in it.
    text = "\n".join(doc.text(i) for i in doc.body)
    starts, pos = [], 0
    for i in doc.body:
        starts.append((pos, i))
        pos += len(doc.text(i)) + 1
    out = []
    for r in index.compare(text):
        name = f"语料 {r.doc_id}《{r.title}》"
        if r.ratio > limits["ratio"]:
            out.append(
                Finding(
                    "overlap",
                    None,
                    "warning",
                    f"与{name}重合 {r.ratio:.0%}（超过 {limits['ratio']:.0%}）",
                )
            )
        long = [p for p in r.passages if p.length >= limits["passage"]]
        for p in long[: limits["max_passages"]]:
            i = max((s for s in starts if s[0] <= p.draft_offset), default=starts[0])[1]
            flat = " ".join(p.text.split())
            shown = flat if len(flat) <= 40 else flat[:38] + "……"
            out.append(
                Finding("overlap", para(i), "warning", f"与{name}有一段 {p.length} 字相同", shown)
            )
    return out
