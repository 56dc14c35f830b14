"""Drafts of one spec over seeds share what they compute from the spec (validated values, the
renderer's context, memo results, parsed lines): each must read exactly as a draft made with
every such cache empty, whatever was drafted before it."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import operator

import pytest
from grid import DATES, EXAMPLES, cell_spec, levels_of

from drafter import api
from drafter.drafting import memo, outline, render, to_speech
from drafter.spec import validate
from drafter.spec.source import Source


def clear_caches() -> None:
    """What a new process starts without (content-keyed compile caches aside)."""
    validate._VALIDATED.clear()
    render._SETTINGS.clear()
    memo._contexts.clear()
    render._order.cache_clear()
    to_speech._paragraph.cache_clear()
    outline._listing.cache_clear()


def seen(result: api.Result) -> tuple:
    """Everything a writer gets from a draft: the Markdown and every block of the Speech."""
    blocks = [(b.kind, b.level, b.source, [(r.text, r.bold) for r in b.runs])
              for b in result.speech.blocks]
    return result.markdown, blocks, result.length, result.target


def draft(data: dict) -> api.Result:
    return api.draft(Source(EXAMPLES / "grid.yaml", copy.deepcopy(data)))


def cold(data: dict) -> tuple:
    clear_caches()
    return seen(draft(data))


def specs() -> list[dict]:
    """One cell per library outline (its first level, mid-year, a party secretary)."""
    return [cell_spec(oid, levels_of(oid)[0], DATES["年中"], "party", 1)
            for oid in sorted(outline.library())]


def test_seeds_drafted_in_a_row_read_as_drafted_alone():
    for data in specs():
        warm = {}
        clear_caches()
        for seed in range(1, 6):
            warm[seed] = seen(draft({**data, "seed": seed}))
        for seed, got in warm.items():
            assert got == cold({**data, "seed": seed}), (data["outline"], seed)


def test_another_spec_drafted_in_between_leaves_no_trace():
    cells = specs()
    clear_caches()
    warm = []
    for seed in (3, 4):
        for data in cells:  # each outline's spec follows another outline's
            warm.append((data, seed, seen(draft({**data, "seed": seed}))))
    for data, seed, got in warm:
        assert got == cold({**data, "seed": seed}), (data["outline"], seed)


@pytest.mark.parametrize("change", [
    lambda d: d["meeting"].update(name="全县重点项目推进会"),
    lambda d: d["place"].update(name="石桥镇"),
    lambda d: d["meeting"].update(date=dt.date(2026, 12, 28)),
    lambda d: d.update(length=2000),
])
def test_a_changed_value_with_the_same_seed_is_drafted_anew(change):
    data = cell_spec("efficiency-mobilization", "镇", DATES["年中"], "party", 7)
    changed = copy.deepcopy(data)
    change(changed)
    clear_caches()
    before = seen(draft(data))
    after = seen(draft(changed))
    assert after != before
    assert after == cold(changed)
    assert seen(draft(data)) == before  # and the first spec again, after the second


def test_changing_a_drafted_result_does_not_change_the_next_draft():
    data = cell_spec("efficiency-mobilization", "镇", DATES["年中"], "party", 2)
    clear_caches()
    first = draft(data)
    first.spec.values["meeting"]["name"] = "改过的会议"
    first.spec.values["goals"].append("改过的目标")
    first.spec.place["name"] = "改过镇"
    again = seen(draft(data))
    assert "改过" not in again[0]
    assert again == cold(data)


def test_a_spec_changed_after_validation_is_drafted_as_it_now_reads():
    data = cell_spec("efficiency-mobilization", "镇", DATES["年中"], "party", 2)
    clear_caches()
    spec, _ = api.load_spec(Source(EXAMPLES / "grid.yaml", copy.deepcopy(data)))
    api.draft(spec)
    spec.values["meeting"]["name"] = "全镇项目建设推进会"
    got = api.draft(spec)
    assert "全镇项目建设推进会" in got.markdown
    changed = copy.deepcopy(data)
    changed["meeting"]["name"] = "全镇项目建设推进会"
    assert seen(got)[:2] == cold(changed)[:2]


LINES_OUTLINE = """\
id: lines-test
name: 测试思路
length: 600
title: 在{{ place.name }}{{ meeting.name }}上的讲话
sections:
  - kind: opening
    paragraphs:
      - text:
          - one_of: ["下面，我讲{{ headings|count_cn }}点意见。", "我讲{{ headings|count_cn }}个方面的意见。"]
  - kind: problems
    heading: 正视差距
    paragraphs: [主要问题有这样几个。]
    lines:
      - id: a
      - id: b
        heading: ""
        paragraphs: [问题不少，这里不专门讲。]
  - kind: directives
    heading: 抓好重点
    paragraphs: ["要抓好{{ headings|count_cn }}件事里的这一件。"]
    lines:
      - id: c
      - id: d
        heading: 突出重点
        paragraphs: ["这是第{{ headings|length }}部分。"]
      - id: e
        paragraphs: [只说一句。]
  - kind: closing
    paragraphs: ["同志们，{{ place.self }}的发展靠大家！"]
"""


def test_sentences_that_count_the_headings_follow_the_lines_argued(tmp_path):
    """A sentence reading `headings` depends on the lines the seed argues elsewhere: what a
    section keeps for the next seeds must not carry one seed's count into another's."""
    (tmp_path / "lines-outline.yaml").write_text(LINES_OUTLINE, encoding="utf-8")
    data = {"outline": "lines-outline.yaml", "place": {"name": "青石镇", "level": "镇"},
            "meeting": {"name": "动员大会", "date": dt.date(2026, 3, 15)},
            "speaker": {"name": "王明", "title": "镇党委书记"}}

    def drafted(seed: int) -> tuple:
        return seen(api.draft(Source(tmp_path / "s.yaml", {**data, "seed": seed})))

    clear_caches()
    warm = {seed: drafted(seed) for seed in range(1, 25)}
    counts = {m for md, *_ in warm.values() for m in ("一点", "两点", "一个", "两个") if m in md}
    assert len(counts) >= 3  # the lines argued change how many headings there are
    for seed, got in warm.items():
        clear_caches()
        assert got == drafted(seed), seed


@pytest.mark.parametrize("length", [1500, 5000])
def test_drafts_refitted_to_their_length_read_as_drafted_alone(length):
    """A seed that misses its target is drafted again as for a longer or shorter speech: what
    those drafts keep (settings per scale, the same gates drafting alike) changes nothing."""
    for oid in ("campaign-years", "safety-production", "project-review"):
        data = cell_spec(oid, levels_of(oid)[0], DATES["岁末"], "exec", 1, length)
        clear_caches()
        warm = {seed: seen(draft({**data, "seed": seed})) for seed in range(1, 9)}
        for seed, got in warm.items():
            assert got == cold({**data, "seed": seed}), (oid, length, seed)


@pytest.mark.parametrize("oid", ["campaign-years", "safety-production", "project-review"])
def test_scales_between_two_length_gates_draft_alike(oid, monkeypatch):
    """The gates of `when: {length: N}` see a scale only through `length >= N`: a draft at any
    scale reads as one at the scale's gate (the refits rely on it to skip drafting twice)."""
    data = cell_spec(oid, levels_of(oid)[0], DATES["年中"], "party", 3)
    spec, found = api.load_spec(Source(EXAMPLES / "grid.yaml", data))
    scales = sorted({max(1, n + d) for n in render._gates(found) for d in (-1, 0, 1)})

    def at(scale: int) -> str:
        return render._Renderer(found, spec, 3000, scale).render().markdown

    kept = {scale: at(scale) for scale in scales}
    monkeypatch.setattr(render, "_gated", lambda scale, gates: scale)  # the scale as it is
    clear_caches()
    assert {scale: at(scale) for scale in scales} == kept
    assert len(set(kept.values())) > 1  # the gates do change the draft


def _greedy_codebook(counts: tuple, block: int) -> list:
    """The codebook as render.py first built it: each word the hashed candidate farthest
    from those already chosen (nearest first, then the sum)."""
    book: list = []
    prefix = hashlib.blake2b("\x1f".join(map(str, ("code", counts, block, ""))).encode(),
                             digest_size=8)
    for k in range(render.CODE_BLOCK):
        best, best_key = None, None
        for c in range(render.CODE_CANDIDATES):
            word = tuple(render._hash_tail(prefix, f"{k}\x1f{c}\x1f{j}") % n
                         for j, n in enumerate(counts))
            gaps = [sum(map(operator.ne, word, other)) for other in book]
            key = (min(gaps, default=len(counts)), sum(gaps))
            if best_key is None or key > best_key:
                best, best_key = word, key
        book.append(best)
    return book


@pytest.mark.parametrize("counts, block", [
    ((3, 3, 3, 3, 3, 3), 0), ((3, 3, 2, 3, 3, 3), 7), ((2,), 0), ((5, 2, 7, 3), 9),
    ((300, 2), 1), ((2,) * 40, 3), ((4,) * 70, 2), ((1, 1, 2), 3), ((12, 11, 2, 9), 3331),
])
def test_the_lines_each_seed_argues_are_those_the_greedy_code_picks(counts, block):
    """Which line of each section a seed argues (render.codeword) must not change with how the
    codebook is computed: the same seed drafts the same speech from one version to the next."""
    assert render._build_codebook(counts, block) == _greedy_codebook(counts, block)
