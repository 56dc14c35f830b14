"""The outline library: every outline drafts well for every level, varies by seed, meets length
targets, and stays original against the corpus."""

from __future__ import annotations

import itertools
import re
from functools import cache, lru_cache

import pytest
import yaml
from conftest import EXAMPLES, ROOT
from test_levels import NAMES, foreign_words

from drafter import api
from drafter.drafting import outline
from drafter.text import places

LEVELS = ["乡", "镇", "街道", "县", "区", "市"]
OUTLINES = sorted(outline.library())


@cache
def example_for(outline_id: str) -> dict:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("outline") == outline_id:
            return data
    raise AssertionError(f"no example in examples/ uses outline {outline_id}")


def spec_file(tmp_path, outline_id: str, level: str | None = None, **changes):
    data = example_for(outline_id)
    data = {**data, "place": dict(data["place"])}
    if level:
        data["place"] = {"name": NAMES[level], "level": level}
        data["speaker"] = {"name": "王明", "title": "主要负责同志"}
    data.update(changes)
    path = tmp_path / f"{outline_id}-{level}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def body(result) -> str:
    return "".join(b.text for b in result.speech.body)


def grams(text: str, n: int = 4) -> set[str]:
    return {text[i:i + n] for i in range(len(text) - n + 1)}


@pytest.mark.parametrize("outline_id", OUTLINES)
def test_every_outline_has_an_example_and_a_golden_draft(outline_id):
    example_for(outline_id)
    stems = [p.stem for p in EXAMPLES.glob("*.yaml")
             if yaml.safe_load(p.read_text(encoding="utf-8")).get("outline") == outline_id]
    assert any((ROOT / "tests" / "golden" / f"{s}.md").is_file() for s in stems)


def _written_for(outline_id: str) -> list[str]:
    from drafter.drafting.context import expand_levels

    declared = outline.load(outline.library()[outline_id]).levels
    return [lv for lv in LEVELS if not declared or lv in expand_levels(declared)]


@pytest.mark.parametrize(("outline_id", "level"),
                         [(o, lv) for o in OUTLINES for lv in _written_for(o)])
def test_renders_for_every_level_with_its_own_words(tmp_path, outline_id, level):
    path = spec_file(tmp_path, outline_id, level)
    own = places.table()[level]
    foreign = foreign_words(level)
    for seed in range(1, 11):
        result = api.draft(path, seed=seed)
        text = result.speech.text.replace(NAMES[level], "")
        found = sorted(w for w in foreign if w in text)
        assert not found, f"{outline_id} {level} seed {seed}: {found}"
        for bad in ("的的", "。。", "，，", "、、", "、。", "，。", "；。", "XX", "××", "某某",
                    "None", "{{", "}}", own["all"] * 2, own["self"] + own["party"],
                    own["self"] + own["self"][-1]):
            assert bad not in text, f"{outline_id} {level} seed {seed}: {bad!r}"
        assert text.count("“") == text.count("”"), f"{outline_id} {level} seed {seed}"
        assert text.count("（") == text.count("）"), f"{outline_id} {level} seed {seed}"


@pytest.mark.parametrize("outline_id", OUTLINES)
def test_seeds_give_distinct_drafts(tmp_path, outline_id):
    path = spec_file(tmp_path, outline_id)
    texts = [body(api.draft(path, seed=s)) for s in range(1, 11)]
    assert len(set(texts)) == 10
    worst = 0.0
    for a, b in itertools.combinations([grams(t) for t in texts], 2):
        worst = max(worst, len(a & b) / len(a | b))
    assert worst <= 0.5, f"{outline_id}: pairwise 4-gram Jaccard up to {worst:.2f}"


@pytest.mark.parametrize("outline_id", OUTLINES)
@pytest.mark.parametrize("target", [1500, 3000, 5000])
def test_length_targets_within_ten_percent(tmp_path, outline_id, target):
    path = spec_file(tmp_path, outline_id)
    for seed in (1, 2, 3):
        result = api.draft(path, seed=seed, length=target)
        assert abs(result.length - target) <= target * 0.1, (
            f"{outline_id} seed {seed}: {result.length} for a target of {target}")


@pytest.mark.parametrize("outline_id", OUTLINES)
def test_count_words_match_their_lists(tmp_path, outline_id):
    """Every “N点意见” announces the level-1 headings that follow."""
    path = spec_file(tmp_path, outline_id)
    numbers = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
    for seed in range(1, 6):
        result = api.draft(path, seed=seed)
        headings = [b for b in result.speech.blocks if b.kind == "heading" and b.level == 1]
        for m in re.finditer("讲([一两二三四五六七八])(点|个方面的?)(意见|要求)", result.speech.text):
            assert numbers[m.group(1)] == len(headings), (outline_id, seed, m.group(0))


@lru_cache(maxsize=1)
def corpus_index():
    from drafter.corpus.clean import load_corpus
    from drafter.corpus.overlap import OverlapIndex

    return OverlapIndex.from_corpus(load_corpus(ROOT / "corpus"))


@pytest.mark.parametrize("outline_id", OUTLINES)
def test_original_against_the_corpus(tmp_path, outline_id):
    """Shared 8-gram ratio ≤ 10% and no shared passage of 25+ characters, at full length."""
    from drafter.corpus.overlap import body_text

    for level in ("乡", "区"):
        path = spec_file(tmp_path, outline_id, level)
        for seed in range(1, 6):
            speech = api.draft(path, seed=seed, length=5000).speech
            for r in corpus_index().compare(body_text(speech)):
                assert r.ratio <= 0.10, (outline_id, level, seed, r.doc_id, r.ratio)
                longest = max((p.length for p in r.passages), default=0)
                assert longest < 25, (outline_id, level, seed, r.doc_id, r.passages[0].text)
