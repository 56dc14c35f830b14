"""The context a speech is drafted for, computed once from the spec: the level and the groups
it belongs to, the speaker's role, the phase of the year and the years under review and being
planned. Outlines read it through `when:` conditions (docs/outlines.md) and a few variables;
data/context.yaml holds every name."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from drafter.errors import DrafterError
from drafter.resources import DATA_DIR
from drafter.spec.source import close_matches, dotted
from drafter.spec.validate import Spec
from drafter.text import places

# libyaml when PyYAML has it: the same safe data, 25x faster than the pure-Python loader
# (a tenth of a cold `drafter draft`).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DATA = DATA_DIR / "context.yaml"
# What a `when:` mapping may test; see holds().
CONDITION_KEYS = (
    "level", "role", "phase", "has", "lacks", "one", "many", "topic", "length", "not",
)
_POSTS = re.compile(r"[、，,；;\s]+")
SPRING_BEFORE, SPRING_AFTER = 25, 30  # days: what 春节前 / 春节后 cover


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    with DATA.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=_LOADER)


@dataclass(frozen=True)
class Context:
    """What a speech's `when:` conditions and sentences know of its occasion."""

    level: str                 # the canonical level (places.yaml)
    groups: frozenset[str]     # the level and every group that holds it
    role: str                  # party, exec, deputy or member
    date: dt.date
    phases: frozenset[str]
    review_year: int           # the year a review looks back on
    plan_year: int             # the year the speech plans for
    length: int = 0            # the target in characters (when: {length: N} holds from N up)

    def variables(self) -> dict[str, Any]:
        """What sentences may use besides the spec: {{ role }}, {{ years.plan }}…"""
        return {"role": self.role, "phase": sorted(self.phases),
                "years": {"review": self.review_year, "plan": self.plan_year}}


def build(spec: Spec) -> Context:
    level = places.canonical_level(spec.place["level"]) or spec.place["level"]
    date = spec.values["meeting"]["date"]
    _check_deadlines(spec, date)
    year_end = date.month in table()["year_end_months"]
    speaker = spec.values["speaker"]
    check_role(spec)
    return Context(
        level=level, groups=frozenset(level_groups(level)),
        role=speaker_role(speaker),
        date=date, phases=frozenset(phases_of(date)),
        review_year=date.year if year_end or date.month > 6 else date.year - 1,
        plan_year=date.year + 1 if year_end else date.year,
    )


def check_role(spec: Spec) -> None:
    """speaker.role, when given, is one of the roles drafter writes for."""
    role = spec.values["speaker"].get("role")
    if role and role not in role_names():
        raise DrafterError(f"字段 speaker.role 未知：{role}", spec.path,
                           spec.lines.get(("speaker", "role")),
                           hint="可用：书记、行政、副职、其他（不填时由职务判断）")


def make(level: str, date: dt.date | None, title: str = "") -> Context:
    """The context of a speech known only by its level, date and speaker line (drafter check):
    an unknown date leaves no phase, and the years are the date's own."""
    level = places.canonical_level(level) or level
    year = date.year if date else 0
    return Context(level=level, groups=frozenset(level_groups(level)),
                   role=speaker_role({"title": title}), date=date or dt.date.min,
                   phases=frozenset(phases_of(date)) if date else frozenset(),
                   review_year=year, plan_year=year)


def level_groups(level: str) -> set[str]:
    return {level, *(g for g, members in table()["groups"].items() if level in members)}


def expand_levels(names: Iterable[str]) -> set[str]:
    """Level names and group names → the canonical levels they stand for."""
    out = set()
    for name in names:
        out.update(table()["groups"].get(name) or [places.canonical_level(name) or name])
    return out


def speaker_role(speaker: Mapping[str, Any]) -> str:
    """party / exec / deputy / member: from speaker.role when given, else from the title."""
    roles = table()["roles"]
    given = speaker.get("role")
    if given:
        return next(r for r, rule in roles.items() if given in rule["names"])
    posts = [p for p in _POSTS.split(str(speaker.get("title") or "")) if p]
    for role, rule in roles.items():
        for post in posts:
            if "ends" in rule and post.endswith(tuple(rule["ends"])) and rule["not"] not in post:
                return role
            if "has" in rule and rule["has"] in post:
                return role
    return "member"


def role_names() -> list[str]:
    return [n for rule in table()["roles"].values() for n in rule["names"]]


def role_choices() -> list[str]:
    """One Chinese name per role (书记、行政、副职、其他), as a form offers them."""
    return [next(n for n in rule["names"] if not n.isascii()) for rule in table()["roles"].values()]


def phases_of(date: dt.date) -> set[str]:
    out = {name for name, months in table()["phases"].items() if date.month in months}
    festival = table()["spring_festival"].get(date.year)
    if festival is not None:
        days = (date - festival).days
        if -SPRING_BEFORE <= days < 0:
            out.add("春节前")
        elif 0 <= days < SPRING_AFTER:
            out.add("春节后")
    return out


def phase_names() -> list[str]:
    return [*table()["phases"], "春节前", "春节后"]


@lru_cache(maxsize=4096)
def topic_of(text: str) -> str:
    """What a writer's item is about: the topic whose word comes first in it, else 其他.
    Cached: a spec's items are asked about once per sentence that tests them, in every draft."""
    best = ("其他", len(text) + 1, 0)
    for topic, words in table()["topics"].items():
        for word in words:
            at = text.find(word)
            if at != -1 and (at, -len(word)) < (best[1], -best[2]):
                best = (topic, at, len(word))
    return best[0]


def _check_deadlines(spec: Spec, meeting: dt.date) -> None:
    """A deadline before the meeting cannot be asked for: the writer meant another year."""
    for key, value in _dated(spec.values):
        if value < meeting and key[-1].endswith("deadline"):
            raise DrafterError(
                f"字段 {dotted(key)} 的期限 {value.isoformat()} 早于会议日期 {meeting.isoformat()}",
                spec.path, spec.lines.get(key),
                hint="期限要在会议之后；若是明年的期限，改写年份",
            )


def _dated(values: Mapping[str, Any], prefix: tuple = ()) -> Iterable[tuple[tuple, dt.date]]:
    for k, v in values.items():
        if isinstance(v, Mapping):
            yield from _dated(v, prefix + (k,))
        elif isinstance(v, dt.date):
            yield prefix + (k,), v


def check_condition(cond: Mapping[str, Any]) -> str | None:
    """Why an outline's `when:` mapping cannot be used, in Chinese; None when it is fine."""
    for key, value in cond.items():
        if key not in CONDITION_KEYS:
            guess = close_matches(str(key), CONDITION_KEYS, n=1)
            return (f"条件里未知的键 {key}" + (f"（是不是 {guess[0]}？）" if guess else "")
                    + "；可用：" + "、".join(CONDITION_KEYS))
        if key == "length":
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                return "length: 后面应为正整数（目标字数达到多少时才写）"
            continue
        if key == "not":
            if not isinstance(value, Mapping):
                return "not: 后面应为一个条件（“键: 值”的映射）"
            problem = check_condition(value)
            if problem:
                return problem
            continue
        known = {"level": [*places.aliases(), *table()["groups"]], "role": role_names(),
                 "phase": phase_names(), "topic": [*table()["topics"], "其他"]}.get(key)
        for v in _as_list(value):
            if known is not None and v not in known:
                return f"条件 {key} 的值“{v}”未知；可用：" + "、".join(map(str, known))
    return None


def holds(cond: Mapping[str, Any], ctx: Context, scope: Mapping[str, Any],
          item: Any = None) -> bool:
    """Whether a checked `when:` mapping holds: every key must (values of one key: any)."""
    for key, value in cond.items():
        values = _as_list(value)
        if key == "not":
            ok = not holds(value, ctx, scope, item)
        elif key == "level":
            ok = bool(expand_levels(values) & ctx.groups) or bool(set(values) & ctx.groups)
        elif key == "role":
            ok = any(ctx.role == role_key(v) for v in values)
        elif key == "phase":
            ok = bool(set(values) & ctx.phases)
        elif key == "topic":
            ok = item is not None and topic_of(_words_of(item)) in values
        elif key == "length":
            ok = ctx.length >= value
        else:
            sizes = [_size(scope, v) for v in values]
            ok = {"has": all(s > 0 for s in sizes), "lacks": all(s == 0 for s in sizes),
                  "one": all(s == 1 for s in sizes), "many": all(s >= 2 for s in sizes)}[key]
        if not ok:
            return False
    return True


def _words_of(item: Any) -> str:
    """What an item says: a table row by its name (a campaign by 项目攻坚年), else its text."""
    if isinstance(item, Mapping):
        return str(item.get("name") or "".join(map(str, item.values())))
    return str(item)


def role_key(name: str) -> str:
    return next((r for r, rule in table()["roles"].items() if name in rule["names"]), name)


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _size(scope: Mapping[str, Any], path: str) -> int:
    """How many things a field (or an item's attribute, as in c.detail) holds."""
    value: Any = scope
    for part in str(path).split("."):
        value = value.get(part) if isinstance(value, Mapping) else getattr(value, part, None)
    if value is None or value == "":
        return 0
    return len(value) if isinstance(value, (list, tuple, dict)) else 1
