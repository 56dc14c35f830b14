"""How alike two drafts are: the share of sentences one says word for word as the other.

What is compared is the outline's wording, not the writer's: a sentence that is mostly the
spec's own values (a detail line, an achievement as written) is the same in every variant by
design and is left out. Punctuation, spaces and Markdown marks are not compared."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

MIN_CHARS = 10  # shorter sentences (“同志们”, “一是抓落实”) are formulas, not wording
_SENTENCE = re.compile(r"[^。！？；!?;\n]+")
_HEADING = re.compile(r"^#+ .*$", re.M)


_NOT_COMPARED = re.compile(r"[\W_]+")


def _kept(s: str) -> str:
    # strip(s)[0] (letters and digits, CJK included) at C speed: \w less _ is exactly the
    # characters of category L* and N*, checked over every code point.
    return _NOT_COMPARED.sub("", s)


def sentences(markdown_text: str, values: Iterable[str] = ()) -> set[str]:
    """The outline's own sentences of a draft body (as compared characters, the values taken
    out: the same sentence about 青石镇 and about 白沙镇 is the same wording)."""
    marks = sorted({_kept(v) for v in values if len(_kept(v)) >= 2}, key=len, reverse=True)
    out = set()
    for m in _SENTENCE.finditer(_HEADING.sub("", markdown_text)):
        own = _kept(m.group())
        for v in marks:
            own = own.replace(v, "")
        if len(own) >= MIN_CHARS:
            out.add(own)
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


def spec_strings(*values: Any) -> set[str]:
    """Every string in a spec's values (lists, mappings, a list item's detail lines)."""
    out: set[str] = set()

    def walk(v: Any) -> None:
        if isinstance(v, str):
            out.add(v)
            for x in getattr(v, "detail", ()):  # a list item's own lines (spec.Fact)
                walk(x)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)

    for v in values:
        walk(v)
    return out


def fingerprint(markdown_text: str, values: Iterable[str] = ()) -> list[int]:
    """The outline's own sentences as stable 64-bit hashes (the same in every process, so
    workers can send them to the parent of a batch)."""
    return sorted(int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big")
                  for s in sentences(markdown_text, values))


def most_alike(prints: dict[int, list[int]]) -> dict[int, tuple[int, float]]:
    """For each draft, the other draft it shares the largest share of sentences with, through an
    index of sentence → drafts (drafts that share nothing are never compared)."""
    holders: dict[int, list[int]] = defaultdict(list)
    for k, fp in prints.items():
        for h in set(fp):
            holders[h].append(k)
    out: dict[int, tuple[int, float]] = {}
    for k, fp in prints.items():
        shared = Counter(o for h in set(fp) for o in holders[h] if o != k)
        best = (0, 0.0)
        for other, n in shared.items():
            share = n / max(1, min(len(set(fp)), len(set(prints[other]))))
            if share > best[1] or (share == best[1] and other < best[0]):
                best = (other, share)
        out[k] = best
    return out
