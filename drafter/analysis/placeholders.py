"""Placeholders: blanks a writer meant to fill (XX, ××, ***, 某某, 【待补】 …).

The patterns are the caller's data (check's careful ones in data/checks.yaml, extract's plain ones
in data/extract.yaml); finding them and grouping the ones that stand close together is here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

Patterns = tuple[re.Pattern, ...]


@lru_cache(maxsize=8)
def compile_patterns(patterns: tuple[str, ...]) -> Patterns:
    return tuple(re.compile(p) for p in patterns)


def find(text: str, patterns: Patterns, start: int = 0, end: int | None = None) -> list[re.Match]:
    """Every placeholder in text[start:end], pattern by pattern."""
    end = len(text) if end is None else end
    return [m for rx in patterns for m in rx.finditer(text, start, end)]


def in_order(text: str, patterns: Patterns) -> list[re.Match]:
    """Every placeholder in text order."""
    return sorted(find(text, patterns), key=lambda m: (m.start(), m.end()))


def groups(
    text: str, patterns: Patterns, gap: int, breaks: Iterable[str]
) -> list[tuple[int, int, list[str]]]:
    """Placeholders closer than gap characters, with no sentence break (any of breaks) between
    them, as one (start, end, distinct tokens): ×起×人，…×批次×起×人 is one blank to fill."""
    ends = set(breaks)
    merged: list[list[int]] = []
    for s, e in sorted((m.start(), m.end()) for m in find(text, patterns)):
        if merged and s - merged[-1][1] <= gap and not ends.intersection(text[merged[-1][1] : s]):
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e, _tokens(text, patterns, s, e)) for s, e in merged]


def _tokens(text: str, patterns: Patterns, start: int, end: int) -> list[str]:
    return list(dict.fromkeys(m.group(0) for m in find(text, patterns, start, end)))
