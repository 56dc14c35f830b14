"""What every rule module uses: Finding, the data table (data/checks.yaml) and how a finding
points into the text."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from drafter.checks.yaml_data import load_yaml
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

    @property
    def code(self) -> str:
        """The rule's stable code (data/rules.yaml), e.g. P101."""
        from drafter.checks.catalog import code_of

        return code_of(self.rule)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, **asdict(self)}


# The table as a project file tunes it for the current check (config.py), else data/checks.yaml.
_TUNED: ContextVar[dict[str, Any] | None] = ContextVar("tuned", default=None)


def table() -> dict[str, Any]:
    """data/checks.yaml: the patterns and word lists of every rule, with the options of the
    project file (drafter.toml) applied while a check runs."""
    return _TUNED.get() or _data()


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return load_yaml(DATA)


@contextmanager
def tuned(options: tuple[tuple[tuple[str, ...], Any], ...]) -> Iterator[None]:
    """Run the rules with these options (key path in checks.yaml → value) set."""
    if not options:
        yield
        return
    merged = copy.deepcopy(_data())
    for path, value in options:
        node = merged
        for key in path[:-1]:
            node = node.setdefault(key, {})
        old = node.get(path[-1])
        # A list option adds to the shipped list (allow one more name, keep 习近平 allowed).
        node[path[-1]] = [*old, *value] if isinstance(old, list) and isinstance(value, list) \
            else value
    token = _TUNED.set(merged)
    try:
        yield
    finally:
        _TUNED.reset(token)


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence(s) holding text[start:end): from after the previous sentence
    end to the next one (included)."""
    a = max((text.rfind(ch, 0, start) for ch in SENTENCE_END), default=-1) + 1
    ends = [k for ch in SENTENCE_END if (k := text.find(ch, max(end, start + 1) - 1)) >= 0]
    b = min(ends) + 1 if ends else len(text)
    return a, max(b, end)


def excerpt(text: str, start: int, end: int, context: int = 6) -> str:
    return text[max(0, start - context) : end + context].strip()


def para(i: int | None) -> int | None:
    """A block index as the paragraph number a finding shows (段落N, from 1)."""
    return None if i is None else i + 1
