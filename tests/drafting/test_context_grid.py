"""Drafts fit their context: over every outline × level × season × speaker role × seed, no
context rule (drafter/data/context_rules.yaml) fires, every 3,000-character draft addresses its
own subordinate units, and a 镇 and a 市 draft of one seed are different speeches, not the same
sentences with other place words."""

from __future__ import annotations

import re
from functools import cache

import pytest
from grid import DATES, ROLES, SEEDS, cell_spec, draft, levels_of

from drafter.batch import BATCH_RULES
from drafter.checks import check
from drafter.checks.context_rules import find
from drafter.drafting import outline as outline_mod
from drafter.drafting.context import build
from drafter.drafting.render import _body
from drafter.errors import DrafterError

OUTLINES = sorted(outline_mod.library())
MAX_SHARED = 0.6  # share of identical sentences between the 镇 and 市 drafts of one seed


_levels = levels_of


CELLS = [(oid, lv, season, role, seed) for oid in OUTLINES for lv in _levels(oid)
         for season in DATES for role in ROLES for seed in SEEDS]


@cache
def _draft(oid, level, season, role, seed):
    return draft(cell_spec(oid, level, DATES[season], role, seed))


@pytest.mark.parametrize(("oid", "level", "season", "role", "seed"), CELLS)
def test_no_context_rule_fires(oid, level, season, role, seed):
    try:
        result = _draft(oid, level, season, role, seed)
    except DrafterError as e:
        if "不适用于讲话人" in e.message:
            pytest.skip("the outline is not written for this speaker")
        raise
    body = _body(result.markdown).replace("**", "").replace("\\", "")
    scope = {**result.spec.context()}
    hits = find(body, build(result.spec), result.spec.place, scope)
    assert not hits, "\n".join(
        f"[{h.rule}] {h.message}：…{body[max(0, h.start - 15):h.end + 15]}…" for h in hits)
    # And `drafter check` (every rule a batch runs) finds nothing in drafter's own draft.
    found = [f for f in check(result.speech, level=level, meeting_date=DATES[season],
                              rules=BATCH_RULES) if f.severity != "info"]
    assert not found, [(f.rule, f.message, f.excerpt) for f in found]


def _sentences(markdown: str, place: dict) -> set[str]:
    text = _body(markdown).replace("**", "")
    for word in sorted({v for v in place.values() if isinstance(v, str) and v}, key=len,
                       reverse=True):
        text = text.replace(word, "＊")
    return {s for s in re.split(r"(?<=[。！？；])", text) if len(s.strip()) > 6}


@pytest.mark.parametrize("oid", [o for o in OUTLINES if {"镇", "市"} <= set(_levels(o))])
@pytest.mark.parametrize("seed", SEEDS)
def test_town_and_city_drafts_are_different_speeches(oid, seed):
    town = _draft(oid, "镇", "年中", "party", seed)
    city = _draft(oid, "市", "年中", "party", seed)
    a, b = _sentences(town.markdown, town.spec.place), _sentences(city.markdown, city.spec.place)
    shared = len(a & b) / max(1, min(len(a), len(b)))
    assert shared < MAX_SHARED, f"{oid}: {shared:.0%} of sentences are the same"
