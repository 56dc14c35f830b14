"""The rules and how they run: RULES (their order in the output), the rule → module map, check().

Adding a rule: write checks/<family>.py with run(doc) → list[Finding] (doc is a
checks.document.Doc; shared detectors come from drafter.analysis), put its patterns and words in
data/checks.yaml, add its name to RULES and RUNS here, and describe it in docs/checks.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import Any

from drafter.checks.base import Finding
from drafter.checks.characters import run as characters
from drafter.checks.context import run as context
from drafter.checks.counts import run as count
from drafter.checks.dates import run as date
from drafter.checks.document import Doc
from drafter.checks.length import run as length
from drafter.checks.names import run as name
from drafter.checks.numbering import run as numbering
from drafter.checks.overlap import run as overlap
from drafter.checks.placeholders import run as placeholder
from drafter.checks.repeats import run as repeat
from drafter.checks.self_reference import run as self_reference
from drafter.document.speech import Speech
from drafter.errors import DrafterError

RULES = (
    "characters",
    "placeholder",
    "numbering",
    "count",
    "self-reference",
    "date",
    "repeat",
    "length",
    "context",
    "overlap",
    "name",
)
SEVERITIES = ("error", "warning", "info")
RUNS: dict[str, Callable[[Doc], list[Finding]]] = {
    "characters": characters,
    "placeholder": placeholder,
    "numbering": numbering,
    "count": count,
    "self-reference": self_reference,
    "date": date,
    "repeat": repeat,
    "length": length,
    "context": context,
    "overlap": overlap,
    "name": name,
}


def check(
    speech: Speech,
    *,
    level: str | None = None,
    meeting_date: dt.date | str | None = None,
    against: Any = None,
    rules: Collection[str] | None = None,
) -> list[Finding]:
    """Every finding on a speech, in paragraph order (whole-speech findings last).

    level: the speech's administrative level (镇, 县 …; aliases as in a spec), else inferred from
    the title and the self-references. meeting_date: a date or "2026-03-15", else the date line.
    against: a corpus folder, a list of corpus documents or a built OverlapIndex, for 查重.
    rules: run only these (names in RULES)."""
    unknown = set(rules or ()) - set(RULES)
    if unknown:
        raise DrafterError(
            f"未知的检查项：{'、'.join(sorted(unknown))}", hint="可用：" + "、".join(RULES)
        )
    doc = Doc(speech, normalize_level(level), to_date(meeting_date), against)
    out: list[Finding] = []
    for rule in RULES:
        if rules is None or rule in rules:
            out += RUNS[rule](doc)
    order = {r: i for i, r in enumerate(RULES)}
    out.sort(key=lambda f: (f.paragraph is None, f.paragraph or 0, order[f.rule]))
    return out


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
