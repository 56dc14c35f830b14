"""What every rule module uses: Finding, the data table (data/checks.yaml) and how a finding
points into the text."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from drafter.resources import DATA_DIR

DATA = DATA_DIR / "checks.yaml"
SENTENCE_END = "。！？；!?;"


@dataclass(frozen=True)
class Finding:
    """One thing a check found. rule is the rule's name (data/rules.yaml gives its code);
    paragraph is 1-based over speech.blocks (段落N), None when the finding is about the whole
    speech (length, overall overlap); start and end, when known, are the offsets of the offending
    words in that paragraph's text, so the finding can be quoted, marked and located."""

    rule: str
    paragraph: int | None
    severity: str
    message: str
    excerpt: str = ""
    start: int | None = None
    end: int | None = None
    # A mechanical repair (--fix): the text that replaces paragraph[start:end]. Only rules marked
    # fix: true in data/rules.yaml set it.
    fix: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """data/checks.yaml: the patterns and word lists of every rule."""
    import yaml

    with DATA.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def excerpt(text: str, start: int, end: int, context: int = 6) -> str:
    return text[max(0, start - context) : end + context].strip()


def para(i: int | None) -> int | None:
    """A block index as the paragraph number a finding shows (段落N, from 1)."""
    return None if i is None else i + 1
