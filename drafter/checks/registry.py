"""The rules and how they run: data/rules.yaml (via catalog) says which module reports each rule;
check() runs the modules the chosen rules need and returns their findings in paragraph order.

Adding a rule: give it a row in data/rules.yaml (a new code, never a reused one), write or extend
checks/<module>.py with run(doc) → list[Finding] (doc is a checks.document.Doc; shared detectors
come from drafter.analysis), put its patterns and words in data/checks.yaml, and describe it in
docs/checks.md under its code."""

from __future__ import annotations

import datetime as dt
import functools
import importlib
from collections.abc import Callable, Collection
from dataclasses import replace
from typing import Any

import drafter.checks.catalog as catalog
from drafter.checks.base import Finding, tuned
from drafter.checks.config import Settings
from drafter.checks.document import Doc
from drafter.document.speech import Speech
from drafter.errors import DrafterError

SEVERITIES = catalog.SEVERITIES
# Every rule's name, in the table's order (the order of findings within a paragraph).
RULES = tuple(r.name for r in catalog.rules())


def check(
    speech: Speech,
    *,
    level: str | None = None,
    meeting_date: dt.date | str | None = None,
    against: Any = None,
    rules: Collection[str] | None = None,
    settings: Settings | None = None,
) -> list[Finding]:
    """Every finding on a speech, in paragraph order (whole-speech findings last).

    level: the speech's administrative level (镇, 县 …; aliases as in a spec), else inferred from
    the title and the self-references. meeting_date: a date or "2026-03-15", else the date line.
    against: a corpus folder, a list of corpus documents or a built OverlapIndex, for 查重.
    rules: run only these (codes, code prefixes, names — as --select takes them).
    settings: a project file's choices (config.py); rules, when given, replaces its select."""
    settings = settings or Settings()
    if rules is not None:
        settings = replace(settings, select=_resolved(tuple(rules)))
    wanted, modules = _plan(settings.select, settings.ignore)
    doc = Doc(speech, normalize_level(level), to_date(meeting_date), against)
    out: list[Finding] = []
    with tuned(settings.options):
        for module in modules:
            out += [f for f in _runner(module)(doc) if f.rule in wanted]
    severity = dict(settings.severity)
    if severity:
        out = [_with_severity(f, severity.get(f.rule)) for f in out]
    out = _distinct(out)
    out.sort(key=lambda f: (f.paragraph is None, f.paragraph or 0, _ORDER[f.rule]))
    return out


_ORDER = {r: i for i, r in enumerate(RULES)}


@functools.lru_cache(maxsize=64)
def _plan(select: frozenset[str] | None, ignore: frozenset[str]
          ) -> tuple[frozenset[str], tuple[str, ...]]:
    """The rules a check runs and their modules in the order they run (a batch asks the same
    for every draft)."""
    wanted = Settings(select=select, ignore=ignore).enabled()
    return frozenset(wanted), tuple(dict.fromkeys(catalog.by_name()[n].module for n in wanted))


@functools.lru_cache(maxsize=64)
def _resolved(rules: tuple[str, ...]) -> frozenset[str]:
    """The rules selectors name (a batch asks for the same ones for every draft)."""
    return frozenset(catalog.resolve(rules))


@functools.cache
def _runner(module: str) -> Callable[[Doc], list[Finding]]:
    # Imported when first needed: a run of one rule does not load jieba for the names rule.
    return importlib.import_module(f"drafter.checks.{module}").run


def _distinct(found: list[Finding]) -> list[Finding]:
    """One finding per slip: a rule reported twice at the same words (a dedicated check and the
    context table's pattern for it) is kept once, the first (the dedicated one runs first)."""
    kept: list[Finding] = []
    spans: dict[tuple[str, int | None], list[tuple[int, int]]] = {}
    for f in found:
        key = (f.rule, f.paragraph)
        if f.start is not None and f.end is not None:
            if any(f.start < e and s < f.end for s, e in spans.get(key, [])):
                continue
            spans.setdefault(key, []).append((f.start, f.end))
        kept.append(f)
    return kept


def _with_severity(f: Finding, severity: str | None) -> Finding:
    if severity is None or severity == f.severity:
        return f
    return replace(f, severity=severity)


def normalize_level(level: str | None) -> str | None:
    """A level as a user writes it (镇, 街道办事处 …) → its key in data/places.yaml."""
    if level is None:
        return None
    from drafter.text.places import canonical_level, level_names

    found = canonical_level(level.strip())
    if found is None:
        raise DrafterError(f"未知的层级：{level}", hint="可用：" + "、".join(level_names()))
    return found


def to_date(value: dt.date | str | None) -> dt.date | None:
    """A date, or "2026-03-15" → a date."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as e:
        raise DrafterError(f"日期格式不对：{value}", hint="写成 2026-03-15") from e
