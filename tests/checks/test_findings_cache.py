"""The findings cache (drafter/checks/units.py) changes no finding: over the outline library's
grid (every outline × every level it allows × seeds), with a cache emptied before each draft and
with one warmed by the others, in a batch (level and date given) and as `drafter check` reads a
file (both inferred); over random paragraphs built to cut sentences where rules look across a
。; and a finding remembered from one speech points at the right words in another."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.batch.run import findings
from drafter.checks import check, units
from drafter.checks.catalog import DRAFT_RULES
from drafter.checks.report import quote_of
from drafter.document import plaintext
from drafter.drafting import outline as outline_mod
from drafter.errors import DrafterError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "drafting"))
from grid import DATES, ROLES, cell_spec, draft, levels_of  # noqa: E402

OUTLINES = sorted(outline_mod.library())
SEEDS = (1, 2, 3)
SEASONS = sorted(DATES)


@cache
def _drafts(oid: str) -> list[tuple[str, object]]:
    """(cell, draft) for every level the outline allows × seed; the season and the speaker's
    role change with the seed, so deadlines and seasonal words are read in several dates."""
    out = []
    for level in levels_of(oid):
        for seed in SEEDS:
            season, role = SEASONS[seed % len(SEASONS)], sorted(ROLES)[seed % len(ROLES)]
            try:
                result = draft(cell_spec(oid, level, DATES[season], role, seed))
            except DrafterError:
                continue  # a cell the outline declines: the grid tests say which
            out.append((f"{oid} {level} {season} {role} 种子{seed}", result))
    return out


def _checks(result) -> tuple:
    """What a batch and `drafter check` say of a draft: the findings given its level and date,
    the manifest's column, and the findings with both inferred from the text."""
    return (check(result.speech, level=result.spec.place["level"],
                  meeting_date=result.spec.values["meeting"]["date"], rules=DRAFT_RULES),
            findings(result), check(result.speech))


def _plain(result) -> tuple:
    with units.disabled():
        return _checks(result)


@pytest.mark.parametrize("oid", OUTLINES)
def test_the_same_findings_with_a_fresh_cache(oid):
    for cell, result in _drafts(oid):
        units.clear()
        assert _checks(result) == _plain(result), cell


@pytest.mark.parametrize("oid", OUTLINES)
def test_the_same_findings_with_a_cache_warmed_by_other_drafts(oid):
    units.clear()
    cells = _drafts(oid)
    for _, result in cells[::-1]:  # every draft's units seen once, most of them in other drafts
        _checks(result)
    for cell, result in cells:
        assert _checks(result) == _plain(result), cell


def test_the_grid_is_drafted():
    assert sum(len(_drafts(oid)) for oid in OUTLINES) >= 3 * len(OUTLINES)


# --- a remembered finding in another speech --------------------------------------------------

TITLE = "在青石镇春季工作推进会上的讲话"
FRONT = ("镇党委书记 周立新", "（2026年3月15日）", "同志们：")
SLIPS = "各村要对进行了表彰的先进个人加强宣传，我乡要布署到位。"


def _speech(*body: str):
    return plaintext.parse("\n".join([TITLE, *FRONT, *body]))


def _pointed(sp, found) -> list[tuple[str, str, str]]:
    return [(f.code, sp.blocks[f.paragraph - 1].text[f.start:f.end], f.excerpt) for f in found]


def test_a_remembered_sentence_is_reported_where_it_stands_in_another_speech():
    units.clear()
    first = _speech("一、总体要求", SLIPS + "今年要抓好三件事。")
    second = _speech("一、总体要求", "全镇上下干劲很足。", "二、重点工作",
                     "这项工作很重要。" + SLIPS)
    found_first = check(first, level="镇", rules=DRAFT_RULES)
    found_second = check(second, level="镇", rules=DRAFT_RULES)
    slips = {"P104": "对进行了表彰", "L101": "我乡", "T101": "布署"}
    for sp, found, paragraph, start in ((first, found_first, 6, 0),
                                        (second, found_second, 8, len("这项工作很重要。"))):
        at = {f.code: f for f in found if f.code in slips}
        assert sorted(at) == sorted(slips)
        for code, words in slips.items():
            f = at[code]
            assert (f.paragraph, f.start) == (paragraph, start + SLIPS.index(words))
            assert sp.blocks[paragraph - 1].text[f.start:f.end] == words
    # The quotes are cut from each speech's own paragraph, not from the remembered sentence.
    assert "今年要" in next(f for f in found_first if f.code == "T101").excerpt
    assert "很重要" in next(f for f in found_second if f.code == "P104").excerpt
    with units.disabled():
        assert check(second, level="镇", rules=DRAFT_RULES) == found_second
    typo = next(f for f in found_second if f.code == "T101")
    assert quote_of(typo, second.blocks[7].text).plain() == "各村要对进行了表彰的先进个人加强宣传，我乡要〖布署〗到位。"


# --- random paragraphs ---------------------------------------------------------------------------

# Pieces that put slips, marks and list markers right before and after a 。 (where units are cut)
# and around it, so a rule that read across a cut would differ.
PIECES = ("。", "；", "！", "，", "、", "“", "”", "（", "）", "(", ")", "\"", "’", " ", "：",
          "对进行了表彰", "向表示感谢", "同志宣读了", "增长%", "在年的基础上", "我乡", "全县", "乡镇",
          "一是", "二是", "三是", "第一，", "第三，", "首先，", "其次，", "（1）", "（2）", "①", "②",
          "讲三点意见：", "抓好两个方面", "甲、乙、丙等三本账", "6月底前", "2025年3月前", "要确保",
          "布署", "笔划", "XX", "某某", "紧密团结在", "周围", "各县（市、区）", "年底前", "工作",
          "全镇上下", "发展", "一个方面", "体现在", "2023年", "这些问题很重要必须解决好", "..", "。。")

paragraphs = st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraphs, min_size=1, max_size=5), st.sampled_from(["镇", "县", None]),
       st.booleans())
def test_random_paragraphs_have_the_same_findings(body, level, heading):
    sp = _speech(*(["一、工作回顾"] if heading else []), *body)
    date = "2026-07-15" if level else None
    with units.disabled():
        plain = check(sp, level=level, meeting_date=date, rules=DRAFT_RULES)
    assert check(sp, level=level, meeting_date=date, rules=DRAFT_RULES) == plain


# --- mojibake: the quick test never hides a repair -------------------------------------------

HANZI = "中华人民共和国会议工作部署全面推进高质量发展同志们要抓好落实"


def _web_1252(raw: bytes) -> str:
    """Bytes as a browser reads Windows-1252: its five undefined bytes as control characters."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
                   for b in raw)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=HANZI + "，。、“”（）12ab", min_size=1, max_size=30))
def test_a_paragraph_the_quick_test_passes_over_has_no_repair(text):
    from drafter.analysis.mojibake import repair
    from drafter.checks.encoding import may_repair

    raw = text.encode("utf-8")
    for garbled in (text, raw.decode("gb18030", "replace"), raw.decode("latin-1"),
                    _web_1252(raw), text.encode("gb18030").decode("utf-8", "replace")):
        assert may_repair(garbled) or repair(garbled) is None, garbled


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="。一a，“", max_size=8), max_size=6))
def test_the_context_rules_units_are_the_body_cut_as_one_text(texts):
    """The context rules read the body's paragraphs joined by line breaks; their units are
    gathered from the paragraphs' own, and must be those of the joined text."""
    from types import SimpleNamespace

    from drafter.checks.context import _body_units

    doc = SimpleNamespace(texts=texts, body=list(range(len(texts))),
                          units=lambda i: units.split(texts[i]))
    assert _body_units(doc) == units.split("\n".join(texts), lines=True)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=HANZI + "烫屯锟斤拷芯，。、“”（）12ab?éА\x81", min_size=1, max_size=40))
def test_a_paragraph_mojibake_passes_over_has_none(text):
    """encoding.run skips a paragraph that starts with a common hanzi and none of whose units
    holds a weighed character or garbage word: garbled() must find nothing in it."""
    from drafter.analysis.mojibake import weighs
    from drafter.checks.encoding import _plain_start, garbled, may_repair

    for candidate in (text, "会" + text):
        if _plain_start(candidate):
            assert not may_repair(candidate), candidate
            if not any(weighs(u) for _, u in units.split(candidate)):
                assert garbled(candidate) == [], candidate


def test_marks_of_what_units_gave_never_change_a_finding(monkeypatch):
    """Doc.hits skips the units that gave nothing to a rule before (units.seen): with
    tables so small they drop units all the time, after marks are forgotten, and drafts
    checked in a row, the findings are those of the rules run without the cache."""
    results = [result for oid in OUTLINES[:3] for _, result in _drafts(oid)[:2]]
    plain = [_plain(r) for r in results]
    units.clear()
    monkeypatch.setattr(units, "UNITS", 8)
    for round_ in range(3):
        if round_ == 2:
            units.forget_marks()
        assert [_checks(r) for r in results] == plain
    assert any(m[1] for m in units._SEEN.values())  # the marks were used
    units.clear()


def test_a_sentence_said_twice_is_found_whether_or_not_the_body_repeats_any():
    """repeats.run answers "no sentence twice" from the units' keys at once; a speech that
    does say one twice (in one paragraph, across two, after a heading) still gets its
    findings, the same as without the cache."""
    said = "我们要把全镇的安全生产工作抓紧抓实抓出成效。"
    cases = [_speech("一、总体要求", "今年要抓好三件事。" + said, "二、重点工作", said),
             _speech(said + "同志们要记住。" + said),
             _speech("一、总体要求", "今年要抓好三件事。", "二、重点工作", said)]
    for sp in cases:
        with units.disabled():
            plain = check(sp, rules=["repeat"])
        assert check(sp, rules=["repeat"]) == plain
        assert check(sp, rules=["repeat"]) == plain  # warm
    assert [len(check(sp, rules=["repeat"])) for sp in cases] == [1, 1, 0]


def test_no_garbage_word_can_be_cut_between_units():
    """mojibake.weighs() is asked unit by unit: a garbage word holding a 。 could straddle two."""
    from drafter.analysis.mojibake import weights

    assert "。" not in weights().words.pattern


def test_marking_units_waits_for_another_thread_s_marking():
    """units.mark or-s bits into shared records: it runs under the lock, so a drafter serve
    thread cannot lose another's "found" bit (Doc.hits would then skip that unit's finding)."""
    import threading

    units.clear()
    unit = "要把责任扛起来。"
    with units._BITS_LOCK:
        worker = threading.Thread(target=units.mark, args=([unit], 3, [("found",)]))
        worker.start()
        worker.join(0.2)
        assert worker.is_alive()  # waiting for the lock
    worker.join(5)
    assert not worker.is_alive()
    assert units.seen([unit])[1:] == (1 << 3, [(0, 1 << 3)])
    units.clear()
