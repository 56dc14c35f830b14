"""Originality and variety of the library: over every outline × level × seed, no 6-character
phrase said three times in one draft (outside the writer's own values and place words), and at
most 1% of a draft's sentences near-paraphrase the shipped corpus (drafter/corpus/paraphrase)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import pytest
from grid import DATES, cell_spec, draft
from test_context_grid import OUTLINES, _levels

from drafter.corpus.clean import load_corpus
from drafter.corpus.overlap import strip
from drafter.corpus.paraphrase import ParaphraseIndex, sentences
from drafter.drafting.render import _body
from drafter.resources import resource_dir

GRAM = 6
# Titles and forms of address a speech names as often as it needs to.
FORMULAS = ("主要负责同志",)
MAX_NEAR = 0.01
CELLS = [(oid, lv, seed, length) for oid in OUTLINES for lv in _levels(oid)[::2]
         for seed in (1, 2) for length in (3000, 5000)]


@lru_cache(maxsize=1)
def _index() -> ParaphraseIndex:
    index = ParaphraseIndex()
    for doc in load_corpus(resource_dir("corpus")):
        index.add(doc.id, doc.title, doc.text)
    return index


def _values(spec) -> set[str]:
    """The writer's own words and the place words: repeating them is not the outline's doing."""
    out: set[str] = set()

    def walk(v):
        if isinstance(v, str):
            out.add(strip(v)[0])
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)
            for x in getattr(v, "detail", ()):
                walk(x)

    walk(spec.values)
    walk(spec.place)
    return {v for v in out if v}


@pytest.mark.parametrize(("oid", "level", "seed", "length"), CELLS)
def test_no_phrase_three_times_and_no_near_paraphrase(oid, level, seed, length):
    result = draft(cell_spec(oid, level, DATES["年中"], "party", seed, length))
    body = _body(result.markdown).replace("**", "")
    text, _ = strip(re.sub(r"^#+ .*$", "", body, flags=re.M))
    for value in sorted(_values(result.spec) | set(FORMULAS), key=len, reverse=True):
        text = text.replace(value, "|")  # addressing 各村（社区） again is no repeated phrase
    grams = Counter(text[i:i + GRAM] for i in range(len(text) - GRAM + 1))
    repeated = [g for g, n in grams.items() if n >= 3 and "|" not in g]
    assert not repeated, f"said three times: {repeated[:5]}"
    near = _index().compare(body)
    assert len(near) <= MAX_NEAR * len(sentences(body)), [
        (n.draft_sentence, n.doc_sentence) for n in near]


@pytest.mark.parametrize(("oid", "level"), [(o, lv) for o in OUTLINES for lv in _levels(o)])
def test_the_ends_of_an_outline_s_range_are_met_at_every_level_without_bare_leads(oid, level):
    from drafter.drafting import outline as outline_mod

    low, high = outline_mod.load(outline_mod.library()[oid]).lengths
    for target in (low, high):
        result = draft(cell_spec(oid, level, DATES["年中"], "party", 1, target))
        assert abs(result.length - target) <= target * 0.1, (target, result.length)
        bare = [p for p in _body(result.markdown).split("\n\n")
                if re.fullmatch(r"\*\*[^*]+\*\*", p.strip())]
        assert not bare, f"bold leads with no body at {target}: {bare[:2]}"
