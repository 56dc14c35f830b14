"""overlap: passages shared with the corpus (--against), the share of the draft they make, and
sentences that say a corpus sentence again with a few words swapped (near-paraphrase)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from drafter.checks.base import Finding, para, table
from drafter.checks.document import Doc


def build_index(against: Any) -> Any:
    """What a draft is compared with: a corpus folder's persistent index when it has one
    (drafter corpus index; its .stale says, in Chinese, when files changed since), an index
    file itself, else an OverlapIndex of the folder or of a list of corpus documents (built
    ones pass). Batch calls this once and passes the result as `against` to every check."""
    from drafter.corpus.overlap import OverlapIndex

    if isinstance(against, OverlapIndex) or hasattr(against, "paraphrases"):
        return against
    if isinstance(against, str | Path):
        from drafter.corpus.index import open_corpus

        return open_corpus(against) or OverlapIndex.from_folder(against)
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
    shared, shown = _shared(index, text, starts, limits)
    stale = getattr(index, "stale", None)
    return ([Finding("overlap", None, "info", stale)] if stale else []) + shared + _near(
        index, text, starts, limits, shown)


def _block_at(starts: list[tuple[int, int]], offset: int) -> int:
    return max((s for s in starts if s[0] <= offset), default=starts[0])[1]


def _shared(index: Any, text: str, starts: list, limits: dict) -> tuple[list[Finding], list]:
    """Documents the draft shares too much with, and the long passages (also returned as
    compared characters, so no sentence inside them is reported again as a paraphrase)."""
    from drafter.text.chars import strip

    out, shown = [], []
    for r in index.compare(text):
        name = f"语料 {r.doc_id}《{r.title}》"
        if r.ratio > limits["ratio"]:
            out.append(Finding("overlap", None, "warning",
                               f"与{name}重合 {r.ratio:.0%}（超过 {limits['ratio']:.0%}）"))
        long = [p for p in r.passages if p.length >= limits["passage"]][: limits["max_passages"]]
        for p in long:
            shown.append(strip(p.text)[0])
            out.append(Finding("overlap", para(_block_at(starts, p.draft_offset)), "warning",
                               f"与{name}有一段 {p.length} 字相同", _clip(p.text)))
    return out, shown


def _near(index: Any, text: str, starts: list, limits: dict, shown: list[str]) -> list[Finding]:
    """Near-paraphrased sentences, but not those already shown inside a shared passage."""
    from drafter.text.chars import strip

    found = [n for n in index.paraphrases().compare(text)
             if not any(strip(n.draft_sentence)[0] in p for p in shown)]
    out = [Finding("overlap", para(_block_at(starts, n.draft_offset)), "warning",
                   f"与语料 {n.doc_id}《{n.title}》的一句近似改写（相似度 {n.similarity:.0%}）："
                   f"“{_clip(n.doc_sentence)}”", _clip(n.draft_sentence))
           for n in found[: limits["max_near"]]]
    if len(found) > limits["max_near"]:
        out.append(Finding("overlap", None, "warning",
                           f"另有 {len(found) - limits['max_near']} 句近似改写未列出"
                           "（drafter corpus overlap 列出全部）"))
    return out


def _clip(s: str, width: int = 40) -> str:
    flat = " ".join(s.split())
    return flat if len(flat) <= width else flat[: width - 2] + "……"
