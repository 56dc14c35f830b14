"""How alike two drafts are: the share of sentences one says word for word as the other.

What is compared is the outline's wording, not the writer's: a sentence that is mostly the
spec's own values (a detail line, an achievement as written) is the same in every variant by
design and is left out. Punctuation, spaces and Markdown marks are not compared."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable

MIN_CHARS = 10  # shorter sentences (“同志们”, “一是抓落实”) are formulas, not wording
_SENTENCE = re.compile(r"[^。！？；!?;\n]+")
_HEADING = re.compile(r"^#+ .*$", re.M)


def _kept(s: str) -> str:
    return "".join(ch for ch in s if unicodedata.category(ch)[0] in "LN")


def sentences(markdown_text: str, values: Iterable[str] = ()) -> set[str]:
    """The outline's own sentences of a draft body (as compared characters)."""
    marks = sorted({_kept(v) for v in values if len(_kept(v)) >= 2}, key=len, reverse=True)
    out = set()
    for m in _SENTENCE.finditer(_HEADING.sub("", markdown_text)):
        kept = _kept(m.group())
        own = kept
        for v in marks:
            own = own.replace(v, "")
        if len(own) >= MIN_CHARS:
            out.add(kept)
    return out


def identical_share(a: set[str], b: set[str]) -> float:
    """Sentences the two drafts share, over the shorter draft's sentences."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def pairwise(drafts: dict[str, set[str]]) -> list[tuple[str, str, float]]:
    """Every pair of drafts with its identical-sentence share, most alike first."""
    pairs = [(x, y, identical_share(drafts[x], drafts[y]))
             for x, y in itertools.combinations(drafts, 2)]
    return sorted(pairs, key=lambda p: -p[2])
