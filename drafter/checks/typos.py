"""Common typos (T101: 布署 → 部署, 一股作气 → 一鼓作气) and variant forms (T102: 笔划 → 笔画, by
《第一批异形词整理表》), from the published lists vendored in data/typos.yaml (its header names the
sources, versions and licences). A form is reported only where jieba puts a word boundary on both
sides of it, so a form that straddles two words (确定单位 holds 定单) is left alone."""

from __future__ import annotations

import re
from functools import lru_cache

from drafter.checks.base import Finding, excerpt, para
from drafter.checks.document import Doc
from drafter.resources import DATA_DIR

DATA = DATA_DIR / "typos.yaml"


@lru_cache(maxsize=1)
def lists() -> tuple[dict[str, str], dict[str, str], re.Pattern]:
    """(typos, variants, a pattern finding any form of either), longest forms first."""
    import yaml

    with DATA.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    typos, variants = data["typos"], data["variants"]
    forms = sorted({*typos, *variants}, key=len, reverse=True)
    return typos, variants, re.compile("|".join(map(re.escape, forms)))


def run(doc: Doc) -> list[Finding]:
    typos, variants, rx = lists()
    out = []
    for i, b in enumerate(doc.blocks):
        hits = list(rx.finditer(b.text))
        if not hits:
            continue
        for m in hits:
            if not _stands_alone(b.text, m.start(), m.end()):
                continue
            word = m.group()
            if word in typos:
                f = Finding("typo", para(i), "warning", f"“{word}”疑为错别字，应为“{typos[word]}”",
                            excerpt(b.text, m.start(), m.end()), m.start(), m.end())
            else:
                f = Finding("variant-form", para(i), "info",
                            f"“{word}”是异形词，推荐写作“{variants[word]}”（《第一批异形词整理表》）",
                            excerpt(b.text, m.start(), m.end()), m.start(), m.end())
            out.append(f)
    return out


# Characters either side of a hit that are segmented with it: enough for the words around it,
# and the cost stays the same in a paragraph of any length.
WINDOW = 16


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether jieba's dictionary segmentation puts a word boundary at both ends of the hit."""
    from drafter.analysis.names import segmenter

    lo = max(0, start - WINDOW)
    cuts, pos = {lo}, lo
    for w in segmenter().cut(text[lo:end + WINDOW], HMM=False):
        pos += len(w)
        cuts.add(pos)
    return start in cuts and end in cuts
