"""Originality and variety of the library (tests/drafting/variety.py measures): two seeds of
one spec are two speeches (at most 15% identical sentences between any two of seeds 1–10, at
every level an outline declares); no 6-character phrase said three times in one draft (outside
the writer's own values and place words); at most 1% of a draft's sentences near-paraphrase
the shipped corpus; 1,500, 3,000, 5,000 and 8,000 characters (and both ends of an outline's
range) met within 10% with no bare lead.
The run ends with the library table (conftest.py prints it)."""

from __future__ import annotations

import re

import pytest
from grid import DATES, cell_spec, draft, levels_of
from variety import SEASONS, TARGETS, near_paraphrases, repeated_phrases, worst_pair

from drafter.analysis import similarity
from drafter.drafting import outline as outline_mod
from drafter.drafting.render import _body

OUTLINES = sorted(outline_mod.library())
MAX_IDENTICAL = 0.15
MAX_NEAR = 0.01
CELLS = [(oid, lv, seed, length) for oid in OUTLINES for lv in levels_of(oid)[::2]
         for seed in (1, 2) for length in (3000, 5000, 8000)
         if length <= outline_mod.load(outline_mod.library()[oid]).lengths[1]]


@pytest.mark.parametrize(("oid", "level", "season"), [
    (oid, lv, SEASONS[i % len(SEASONS)]) for oid in OUTLINES
    for i, lv in enumerate(levels_of(oid))])
def test_two_seeds_are_two_speeches(oid, level, season):
    share, cell = worst_pair(oid, level, season)
    assert share <= MAX_IDENTICAL, f"{cell}：{share:.0%} 的句子相同"


@pytest.mark.parametrize(("oid", "level", "seed", "length"), CELLS)
def test_no_phrase_three_times_and_no_near_paraphrase(oid, level, seed, length):
    result = draft(cell_spec(oid, level, DATES["年中"], "party", seed, length))
    repeated = repeated_phrases(result)
    assert not repeated, f"said three times: {repeated[:5]}"
    near = near_paraphrases(result)
    body = _body(result.markdown)
    assert len(near) <= MAX_NEAR * len(similarity.sentences(body)), [
        (n.draft_sentence, n.doc_sentence) for n in near]


@pytest.mark.parametrize(("oid", "level"), [(o, lv) for o in OUTLINES for lv in levels_of(o)])
def test_targets_and_ends_of_an_outline_s_range_are_met_at_every_level_without_bare_leads(oid, level):
    low, high = outline_mod.load(outline_mod.library()[oid]).lengths
    for target in sorted({low, high} | {t for t in TARGETS if low <= t <= high}):
        result = draft(cell_spec(oid, level, DATES["年中"], "party", 1, target))
        assert abs(result.length - target) <= target * 0.1, (target, result.length)
        bare = [p for p in _body(result.markdown).split("\n\n")
                if re.fullmatch(r"\*\*[^*]+\*\*", p.strip())]
        assert not bare, f"bold leads with no body at {target}: {bare[:2]}"
