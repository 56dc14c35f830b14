"""The Markdown draft: values escaped into it stay plain text, and a Speech survives
dumps → parse with its blocks, levels, texts and bold lead phrases."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.document.markdown import dumps, escape, parse
from drafter.document.speech import Block, Run, Speech
from drafter.drafting.environment import md_escape
from drafter.errors import DrafterError

DOC = "# 标题\n\n同志们：\n\n"

# ---------------------------------------------------------------------------------------------
# Escaping: a value dropped into a sentence cannot become Markdown syntax.

MARKDOWN_SYNTAX = list("*#_[]|\\`<>!~-+=.)(&:") + ["**", "__", "](", "![", "&amp;", "<b>"]
LINE_OPENERS = ["", "- ", "* ", "+ ", "1. ", "2) ", "123456789. ", "> ", "# ", "###### ",
                "---", "***", "===", "    ", "  - ", "\u3000- ", "| a | b |", "```", "[a]: /u"]


def _value(newlines: bool):
    chars = st.characters(blacklist_categories=("Cc", "Cs"))
    pieces = st.one_of(chars, chars, st.sampled_from(MARKDOWN_SYNTAX), st.just(" "))
    if newlines:
        pieces = st.one_of(pieces, st.sampled_from(["\n", "\r\n", "\n\n", "\n- ", "\n# ",
                                                    "\n1. ", "\n> ", "  \n", "\\\n"]))
    body = st.lists(pieces, max_size=25).map("".join)
    return st.tuples(st.sampled_from(LINE_OPENERS), body).map("".join)


def _single_plain_paragraph(doc: str) -> str:
    blocks = parse(doc).blocks
    assert [b.kind for b in blocks] == ["title", "salutation", "paragraph"], blocks
    runs = blocks[2].runs
    assert not any(r.bold for r in runs), runs
    return blocks[2].text


@settings(max_examples=300)
@given(_value(newlines=True))
def test_md_escape_keeps_a_value_plain_inside_a_sentence(value):
    flat = value.replace("\r", " ").replace("\n", " ")
    text = _single_plain_paragraph(DOC + "前文" + md_escape(value) + "后文\n")
    assert text == "前文" + flat + "后文"


@settings(max_examples=300)
@given(_value(newlines=True))
def test_md_escape_keeps_a_value_plain_at_paragraph_start(value):
    flat = value.replace("\r", " ").replace("\n", " ")
    text = _single_plain_paragraph(DOC + md_escape(value) + "后文\n")
    # A paragraph's leading whitespace is indentation, not text.
    assert text == (flat + "后文").lstrip()


@settings(max_examples=200)
@given(_value(newlines=False))
def test_escape_keeps_text_plain(value):
    middle = _single_plain_paragraph(DOC + "前文" + escape(value) + "后文\n")
    assert middle == "前文" + value + "后文"
    assert _single_plain_paragraph(DOC + escape(value) + "后文\n") == (value + "后文").lstrip()


@pytest.mark.parametrize(
    "value",
    ["# 标题", "**加粗**", "- 列表", "1. 列表", "> 引用", "[链接](http://x)", "a_b_c", "\\*",
     "<b>x</b>", "第一行\n\n# 第二段", "3.5亿元", "12) 项"],
)
def test_md_escape_examples(value):
    flat = value.replace("\n", " ")
    assert _single_plain_paragraph(DOC + md_escape(value) + "。\n") == flat + "。"
    assert "\n" not in md_escape(value)


def test_md_escape_of_a_decimal_shows_no_backslash():
    # {{ investment }} = 3.5 at the start of a value was written "\3.5", which Markdown shows
    # with the backslash ("全年完成投资\3.5亿元").
    sentence = "全年完成投资" + md_escape(3.5) + "亿元。"
    assert _single_plain_paragraph(DOC + sentence + "\n") == "全年完成投资3.5亿元。"
    assert md_escape(None) == ""


# ---------------------------------------------------------------------------------------------
# Round trip: Speech → dumps → parse → the same Speech.

# A spread of CJK ideographs (every 13th of U+4E00–U+9FA5), weighted against the rest so runs
# read like Chinese with some punctuation, ASCII and spaces in them.
HANZI = [chr(c) for c in range(0x4E00, 0x9FA6, 13)]
FULL_WIDTH = list("，。：；“”！？、（）《》")
ASCII_WORD = list("abcxyzABCXYZ0123456789")
ASCII_SYMBOL = list("-.,:;!?()%/+*#_[]<>|\\`&~=")
CJK = st.sampled_from(HANZI)
INNER = st.sampled_from(HANZI + FULL_WIDTH * 40 + ASCII_WORD * 20 + ASCII_SYMBOL * 20
                        + ["—", "…", "·", " ", "\u3000"] * 40)
# The first and last character of a bold run. CommonMark (and the CJK-aware rule on top of it)
# cannot open ** before ASCII or general punctuation (. * — …) when an ASCII letter or digit
# precedes it, nor close ** after such punctuation when one follows: "a**.b**c" is not bold in
# any CommonMark parser and there is no escape for it. Lead phrases begin and end with a
# Chinese character or Chinese punctuation (一是…。), so that is what the edges are here.
EDGE = st.sampled_from(HANZI + FULL_WIDTH * 40 + ASCII_WORD * 20)
SPACE = st.sampled_from(["", "", "", " ", "\u3000"])


def _plain_run():
    return st.text(INNER, min_size=1, max_size=12).map(Run)


def _bold_run():
    # Optional whitespace around the phrase: Word often bolds the space after a lead phrase.
    core = st.tuples(EDGE, st.text(INNER, max_size=10), EDGE).map("".join)
    return st.tuples(SPACE, st.one_of(EDGE, core), SPACE).map(
        lambda t: Run(t[0] + t[1] + t[2], bold=True)
    )


def _trim(runs: list[Run]) -> list[Run]:
    # Leading and trailing whitespace of a paragraph or heading is layout, not text (parse
    # strips it, as Markdown does), so the generated block has none.
    runs = [Run(r.text, r.bold) for r in runs]
    while runs and not runs[0].text.strip():
        runs.pop(0)
    while runs and not runs[-1].text.strip():
        runs.pop()
    if runs:
        runs[0].text = runs[0].text.lstrip()
        runs[-1].text = runs[-1].text.rstrip()
    return runs


def _runs():
    runs = st.lists(st.one_of(_plain_run(), _bold_run()), min_size=1, max_size=6)
    return runs.map(_trim).filter(bool)


def _line():
    rest = st.text(st.sampled_from(HANZI + ASCII_WORD * 20 + FULL_WIDTH * 40 + ASCII_SYMBOL * 20
                                   + [" "] * 40), max_size=20)
    return st.tuples(CJK, rest).map("".join).map(str.strip)


@st.composite
def speeches(draw) -> Speech:
    blocks = [Block("title", [Run(draw(_line()))])]
    if draw(st.booleans()):
        blocks.append(Block("subtitle", [Run("——" + draw(_line()))]))
    if draw(st.booleans()):
        # A speaker line starts with a character (not —, not a bracket): that is how front_kind
        # tells it from a subtitle or a date line.
        blocks.append(Block("speaker", [Run(draw(_line()))]))
    if draw(st.booleans()):
        d = draw(st.dates())
        blocks.append(Block("date", [Run(f"（{d.year}年{d.month}月{d.day}日）")]))
    salutation = draw(st.one_of(
        st.sampled_from(["同志们：", "各位代表：", "同志们、朋友们：", "各位领导、同志们："]),
        st.text(st.sampled_from(HANZI + ["、"] * 100), min_size=1, max_size=20)
        .map(lambda t: t + "："),
    ))
    blocks.append(Block("salutation", [Run(salutation)]))
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            blocks.append(Block("heading", draw(_runs()), draw(st.integers(1, 4))))
        else:
            blocks.append(Block("paragraph", draw(_runs())))
    return Speech(blocks)


def _merge(pieces):
    out: list[tuple[str, bool]] = []
    for text, bold in pieces:
        if not text:
            continue
        if out and out[-1][1] == bold:
            out[-1] = (out[-1][0] + text, bold)
        else:
            out.append((text, bold))
    return out


def _normal(runs: list[Run]) -> list[tuple[str, bool]]:
    """What a reader sees: adjacent runs of one look are one run, and bold on whitespace at the
    edge of a bold phrase (or on whitespace alone) is invisible, so that whitespace is plain."""
    pieces: list[tuple[str, bool]] = []
    for text, bold in _merge((r.text, r.bold) for r in runs):
        core = text.strip()
        if not bold or not core:
            pieces.append((text, False))
            continue
        start = text.index(core)
        pieces += [(text[:start], False), (core, True), (text[start + len(core) :], False)]
    return _merge(pieces)


def _shape(speech: Speech):
    return [(b.kind, b.level, _normal(b.runs)) for b in speech.blocks]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(speeches())
def test_dumps_then_parse_round_trips(speech):
    text = dumps(speech)
    again = parse(text)
    assert _shape(again) == _shape(speech), text
    # And the written form is stable: writing the parsed speech gives the same Markdown.
    assert dumps(again) == text


def test_round_trip_keeps_bold_runs_split_the_way_word_splits_them():
    # A .docx read run by run: one bold lead phrase in three runs, with the space after it bold.
    runs = [Run("一是", True), Run("满怀激情", True), Run("抓落实。 ", True), Run("在当前……")]
    speech = Speech([Block("title", [Run("标题")]), Block("salutation", [Run("同志们：")]),
                     Block("paragraph", runs)])
    text = dumps(speech)
    assert "*" not in parse(text).text
    assert _shape(parse(text)) == _shape(speech)


def test_round_trip_of_a_number_split_across_runs_is_not_a_list():
    speech = Speech([Block("title", [Run("标题")]), Block("salutation", [Run("同志们：")]),
                     Block("paragraph", [Run("2"), Run(". 年度目标")])])
    assert parse(dumps(speech)).blocks[-1].text == "2. 年度目标"


# ---------------------------------------------------------------------------------------------
# Parsing what people write.


def test_lead_phrase_bold_before_chinese_text():
    speech = parse(DOC + "**一是满怀激情抓落实。**在当前……\n")
    runs = speech.blocks[-1].runs
    assert [(r.text, r.bold) for r in runs] == [("一是满怀激情抓落实。", True), ("在当前……", False)]


def test_lead_phrase_bold_after_chinese_text():
    runs = parse(DOC + "同志们，**二是坚持问题导向。**要……\n").blocks[-1].runs
    assert [(r.text, r.bold) for r in runs] == [
        ("同志们，", False), ("二是坚持问题导向。", True), ("要……", False)
    ]


def test_wrapped_paragraph_joins_chinese_without_space():
    speech = parse(DOC + "今天，我们召开全镇\n机关效能建设动员大会。\nIt is\nfine.\n")
    assert speech.blocks[-1].kind == "paragraph"
    assert speech.blocks[-1].text == "今天，我们召开全镇机关效能建设动员大会。It is fine."


def test_indented_paragraph_is_a_paragraph_not_code():
    speech = parse(DOC + "    今天，我们召开会议。\n\n        **一是**抓落实。\n")
    assert [b.kind for b in speech.blocks] == ["title", "salutation", "paragraph", "paragraph"]
    assert speech.blocks[2].text == "今天，我们召开会议。"
    runs = speech.blocks[3].runs
    assert [(r.text, r.bold) for r in runs] == [("一是", True), ("抓落实。", False)]


def test_front_block_under_the_title():
    speech = parse(
        "# 在全镇机关效能建设动员大会上的讲话\n\n"
        "> ——在全镇机关效能建设动员大会上\n"
        "> 镇党委书记 王明\n"
        "> （2026年3月15日）\n\n"
        "同志们：\n\n"
        "今天，我们召开大会。\n"
    )
    assert [(b.kind, b.text) for b in speech.blocks] == [
        ("title", "在全镇机关效能建设动员大会上的讲话"),
        ("subtitle", "——在全镇机关效能建设动员大会上"),
        ("speaker", "镇党委书记 王明"),
        ("date", "（2026年3月15日）"),
        ("salutation", "同志们："),
        ("paragraph", "今天，我们召开大会。"),
    ]
    assert speech.speaker == "镇党委书记 王明"


def test_salutation_only_right_after_the_front_block():
    speech = parse("# 标题\n\n同志们：\n\n开篇。\n\n各位代表：\n")
    assert [b.kind for b in speech.blocks] == ["title", "salutation", "paragraph", "paragraph"]


def test_headings_levels():
    speech = parse(DOC + "## 一、统一思想\n\n### （一）提高认识\n\n"
                   "#### 1.看清形势\n\n##### （1）找准差距\n")
    assert [(b.kind, b.level, b.text) for b in speech.blocks[2:]] == [
        ("heading", 1, "一、统一思想"), ("heading", 2, "（一）提高认识"),
        ("heading", 3, "1.看清形势"), ("heading", 4, "（1）找准差距"),
    ]


@pytest.mark.parametrize(
    "text", ["同志们：\n\n今天开会。\n", "## 一、统一思想\n\n正文。\n", "", "标题\n"]
)
def test_missing_title_raises(text):
    with pytest.raises(DrafterError) as info:
        parse(text, "draft.md")
    assert "标题" in str(info.value)
    assert info.value.path == "draft.md"


def test_escape_examples():
    assert parse(DOC + escape("1. 不是列表") + "\n").blocks[-1].text == "1. 不是列表"
    assert parse(DOC + escape("**不加粗**") + "\n").blocks[-1].runs == [Run("**不加粗**")]
