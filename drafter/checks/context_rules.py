"""The context rules (data/context_rules.yaml): wording that does not fit a speech's level,
institution, speaker, season or list sizes. The library's tests and `drafter check` read the
same table."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from drafter.checks.yaml_data import load_yaml
from drafter.drafting.context import Context, holds
from drafter.resources import DATA_DIR

DATA = DATA_DIR / "context_rules.yaml"
_PLACE_WORD = re.compile(r"\{place\.(\w+)\}")
# Conditions on spec fields: unknown when a speech is checked without its spec.
_SPEC_KEYS = {"has", "lacks", "one", "many", "topic"}


@dataclass(frozen=True)
class Hit:
    rule: str
    message: str
    start: int
    end: int


@lru_cache(maxsize=1)
def rules() -> list[dict[str, Any]]:
    return load_yaml(DATA)["rules"]


def find(text: str, ctx: Context, place: Mapping[str, str],
         scope: Mapping[str, Any] | None = None, dated: bool = True) -> list[Hit]:
    """Every place in `text` (a speech's body) where a rule fits the context and fires. Without
    the spec (`scope` None: a speech someone wrote) rules on spec fields and the library's own
    rules are left out; without a date (`dated` False), rules on the time of year."""
    hits = []
    for rule in active(ctx, scope, dated):
        hits.extend(_outermost(_fire(rule, text, place)))
    return sorted(hits, key=lambda h: h.start)


def active(ctx: Context, scope: Mapping[str, Any] | None = None, dated: bool = True
           ) -> list[dict[str, Any]]:
    """The rules find() tries in this context, in the table's order."""
    out = []
    for rule in rules():
        cond = rule.get("when") or {}
        if scope is None and (_needs_spec(cond) or rule.get("library_only")):
            continue
        if not dated and _needs(cond, {"phase"}):
            continue
        if holds(cond, ctx, scope or {}):
            out.append(rule)
    return out


def _outermost(hits: list[Hit]) -> list[Hit]:
    """One finding per place: a hit inside or overlapping a longer one of the same rule
    (在镇党委的坚强领导下 / 镇党委的坚强领导) is the same slip."""
    kept: list[Hit] = []
    for h in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if kept and h.start < kept[-1].end:
            continue
        kept.append(h)
    return kept


def _needs_spec(cond: Mapping[str, Any]) -> bool:
    return _needs(cond, _SPEC_KEYS)


def _needs(cond: Mapping[str, Any], keys: set[str]) -> bool:
    return any(k in keys or (k == "not" and _needs(v, keys)) for k, v in cond.items())


def _fill(template: str, place: Mapping[str, str]) -> str | None:
    missing = [m for m in _PLACE_WORD.findall(template) if not place.get(m)]
    if missing:
        return None
    return _PLACE_WORD.sub(lambda m: str(place[m.group(1)]), template)


def _fire(rule: dict[str, Any], text: str, place: Mapping[str, str]) -> list[Hit]:
    message = _fill(rule["message"], place) or rule["message"]
    if "require" in rule:
        word = _fill(rule["require"], place)
        chars = len("".join(text.split()))
        if word and chars >= rule.get("min_chars", 0) and word not in text:
            return [Hit(rule["id"], message, 0, 0)]
        return []
    if "pattern" in rule:
        return [Hit(rule["id"], message, m.start(), m.end())
                for m in re.finditer(rule["pattern"], text)]
    out = []
    for template in rule["words"]:
        word = _fill(template, place)
        if word:
            out.extend(Hit(rule["id"], message, m.start(), m.end())
                       for m in re.finditer(re.escape(word), text))
    return out
