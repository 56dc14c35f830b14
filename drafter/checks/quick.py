"""A quick test before a slow pattern: the characters any match of a regex must begin with, read
from the regex's parsed form. A pattern that opens with a lookbehind or an alternation is tried
at every character of a paragraph; the set of its first characters is found with one scan at C
speed, so a paragraph holding none of them is skipped and the findings are the same."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

try:
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = tuple(op for op in (sre.MAX_REPEAT, sre.MIN_REPEAT,
                               getattr(sre, "POSSESSIVE_REPEAT", None)) if op is not None)


@lru_cache(maxsize=128)
def first_chars(pattern: re.Pattern) -> re.Pattern | None:
    """A character class any match of pattern starts with, or None when it cannot be told
    (the pattern may match nothing, starts with any character, ignores case …)."""
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        if parsed.getwidth()[0] == 0:
            return None
        items = _first(parsed)
        return re.compile("[" + "".join(map(_shown, items)) + "]") if items else None
    except (ValueError, TypeError, re.error):  # something this reading does not know
        return None


def any_first(patterns: Iterable[re.Pattern]) -> re.Pattern | None:
    """One class for several patterns (a paragraph none of them can match is skipped)."""
    classes = [first_chars(p) for p in patterns]
    if not classes or any(c is None for c in classes):
        return None
    return _union(tuple(c.pattern for c in classes if c is not None))


@lru_cache(maxsize=32)
def _union(classes: tuple[str, ...]) -> re.Pattern:
    return re.compile("[" + "".join(c[1:-1] for c in classes) + "]")


def _first(seq: Any) -> list | None:
    """The (op, value) items of the first character a sequence consumes; None: unknown."""
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            return [(op, av)]
        if op is sre.IN:
            return None if any(o in (sre.NEGATE, sre.CATEGORY) for o, _ in av) else list(av)
        if op is sre.SUBPATTERN:
            sub = av[-1]
            if av[1] & re.IGNORECASE:
                return None
            lo, hi = sub.getwidth()
            if hi == 0:
                continue
            return _first(sub) if lo > 0 else None
        if op is sre.BRANCH:
            alternatives = av[1]
            if all(a.getwidth()[1] == 0 for a in alternatives):
                continue  # (?:^|(?<=…)): nothing consumed, the next item starts the match
            if any(a.getwidth()[0] == 0 for a in alternatives):
                return None
            out: list = []
            for a in alternatives:
                items = _first(a)
                if items is None:
                    return None
                out += items
            return out
        if op in _REPEATS:
            lo, _, item = av
            return _first(item) if lo > 0 and item.getwidth()[0] > 0 else None
        return None
    return None


def _shown(item: tuple) -> str:
    op, av = item
    if op is sre.LITERAL:
        return re.escape(chr(av))
    if op is sre.RANGE:
        return f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}"
    raise ValueError(op)
