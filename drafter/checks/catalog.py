"""The rules `drafter check` knows (data/rules.yaml): code, name, module, default severity,
whether --fix may repair it, and how a selector (--select, --ignore, drafter.toml) names them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from drafter.errors import DrafterError
from drafter.resources import DATA_DIR

DATA = DATA_DIR / "rules.yaml"
SEVERITIES = ("error", "warning", "info")
# Names that select a whole family, as a writer would say it.
GROUPS = {"context": "X", "ALL": ""}
# The rules a generated draft is held to (batch, the library's audit and tests): every family
# but O (overlap needs a corpus) and F (jieba costs ~0.2 s a draft, 50 times the rest, and a
# generated draft's names come only from its own spec).
DRAFT_RULES = ("C", "T", "P", "N", "L", "D", "R", "S", "X")
_PREFIX = re.compile(r"[A-Z]\d{0,3}")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    module: str
    severity: str
    fix: bool
    summary: str
    context: tuple[str, ...] = ()
    options: tuple[tuple[str, str], ...] = ()  # option name → key path in data/checks.yaml


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    from drafter.checks.yaml_data import load_yaml

    rows = load_yaml(DATA)["rules"]
    return tuple(
        Rule(r["code"], r["name"], r["module"], r["severity"], bool(r["fix"]), r["summary"],
             tuple(r.get("context", ())), tuple((r.get("options") or {}).items()))
        for r in rows
    )


@lru_cache(maxsize=1)
def by_name() -> dict[str, Rule]:
    return {r.name: r for r in rules()}


@lru_cache(maxsize=1)
def by_context_id() -> dict[str, Rule]:
    """A context rule's id (data/context_rules.yaml) → the rule that reports it."""
    return {cid: r for r in rules() for cid in r.context}


def code_of(name: str) -> str:
    rule = by_name().get(name)
    return rule.code if rule else ""


def resolve(selectors: Iterable[str], where: str = "") -> set[str]:
    """Selectors → rule names. A selector is a code (C201), a code prefix (C2, C, X1), a rule
    name (placeholder), a group (context, ALL). An unknown one is the user's error."""
    out: set[str] = set()
    for raw in selectors:
        sel = str(raw).strip()
        if sel in by_name():
            out.add(sel)
            continue
        prefix = GROUPS.get(sel, sel.upper() if _PREFIX.fullmatch(sel.upper()) else None)
        hits = {r.name for r in rules() if prefix is not None and r.code.startswith(prefix)}
        if not hits:
            raise DrafterError(
                f"{where}未知的检查项：{sel}",
                hint="写规则代码（如 C201）、代码前缀（如 C、X1）或规则名（如 placeholder）；"
                "全部规则见 docs/checks.md",
            )
        out |= hits
    return out
