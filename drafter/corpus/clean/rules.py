"""The corpus cleaner's part of data/cleaning.yaml: metadata, site names, genres (the mojibake
weights are read by drafter.analysis.mojibake).
(The shape of page furniture is read by drafter.document.webpage from the same file.)"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from drafter.document.webpage import table, table_error


@dataclass(frozen=True)
class Rules:
    date: re.Pattern
    source: re.Pattern
    url: re.Pattern
    generic_sources: frozenset[str]
    title_separators: re.Pattern
    site_words: tuple[str, ...]
    site_line_max_len: int
    level_title_weight: int
    title_unit: re.Pattern
    genres: tuple[tuple[re.Pattern, str], ...]
    default_genre: str


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The compiled table of data/cleaning.yaml."""
    d = table()
    try:
        return _compile(d)
    except (re.error, KeyError, TypeError, ValueError) as e:
        raise table_error(e) from e


def _compile(d: dict) -> Rules:
    return Rules(
        date=re.compile(d["meta"]["date"]),
        source=re.compile(d["meta"]["source"]),
        url=re.compile(d["meta"]["url"]),
        generic_sources=frozenset(d["generic_sources"]),
        title_separators=re.compile(d["title_separators"]),
        site_words=tuple(d["site_words"]),
        site_line_max_len=int(d["site_line_max_len"]),
        level_title_weight=int(d["level_title_weight"]),
        title_unit=re.compile(d["title_unit"]),
        genres=tuple((re.compile(p), g) for p, g in d["genres"]),
        default_genre=d["default_genre"],
    )
