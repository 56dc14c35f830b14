"""The rules of issue 16: mojibake (C102), punctuation (C201–C204), typos and variant forms
(T101, T102), words cut out (P102–P104), one-item lists (N102), the level by majority and the
false alarms it removes — each with texts that must be flagged and texts that must not; then the
raw seed pages and our own drafts."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from drafter import api
from drafter.analysis import levels
from drafter.checks import Finding, check
from drafter.document import plaintext
from drafter.document.speech import Speech

TITLE = "在青石镇春季工作推进会上的讲话"
FRONT = ("镇党委书记 周立新", "（2026年3月15日）")
FIRST = 5  # 1 title, 2 speaker, 3 date, 4 同志们：


def speech(*body: str, title: str = TITLE, front: tuple[str, ...] = FRONT) -> Speech:
    return plaintext.parse("\n".join([title, *front, "同志们：", *body]))


def found(sp: Speech, code: str, **kw) -> list[Finding]:
    return [f for f in check(sp, **kw) if f.code == code]


def marked(f: Finding, sp: Speech) -> str:
    """The words a finding points at."""
    return sp.blocks[f.paragraph - 1].text[f.start:f.end]


# --- C102 mojibake ------------------------------------------------------------------------------


def test_mojibake_with_lost_bytes_is_reported_without_a_repair():
    sp = speech("各村要确?!笆濉币?guī)划落到实处。")
    (f,) = found(sp, "C102")
    assert (f.paragraph, f.severity, f.fix) == (FIRST, "error", None)
    assert marked(f, sp).startswith("?!笆濉币") and "原字已丢失" in f.message


@pytest.mark.parametrize("right", ["会议精神要传达到每个人。", "春耕生产要抓早抓实"])
def test_utf8_read_as_latin1_is_repaired(right):
    codec = "latin-1"
    sp = speech("今年的重点：" + right.encode("utf-8").decode(codec))
    (f,) = found(sp, "C102")
    assert f.fix == right and f"应为“{right}”" in f.message
    assert marked(f, sp) == right.encode("utf-8").decode(codec)


def web_1252(text: str) -> str:
    """UTF-8 bytes as a browser shows them read as Windows-1252 (undefined bytes as controls)."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
                   for b in text.encode("utf-8"))


def test_utf8_read_as_windows_1252_is_repaired():
    right = "机关效能建设要抓实抓细。"
    sp = speech("今年的重点：" + web_1252(right))
    (f,) = found(sp, "C102")
    assert f.fix == right and marked(f, sp) == web_1252(right)


def test_control_characters_inside_mojibake_are_its_bytes_not_a_second_slip():
    right = "干部作风建设要加强"  # 要 ends in byte 0x81: U+0081 in the garbled text
    sp = speech("今年的重点：" + web_1252(right) + "。")
    assert [f.code for f in check(sp) if f.paragraph == FIRST] == ["C102"]
    # A control character elsewhere is still C101's.
    assert [f.code for f in check(speech("今年\x81的重点。")) if f.paragraph == FIRST] == ["C101"]


def test_gbk_read_as_utf8_with_replacement_characters_is_reported():
    garbled = "群众满意度明显提高".encode("gbk").decode("utf-8", errors="replace")
    (f,) = found(speech(garbled), "C102")
    assert f.fix is None and "\ufffd" in f.excerpt


def test_utf8_read_as_gbk_with_lost_bytes_between_rare_characters():
    # 开展开学前 as UTF-8 read as GBK, each undecodable byte a "?"
    sp = speech("要聚焦校园食品安全，寮?灞曠?嬪?ｅ紑瀛﹀墠专项检查。")
    (f,) = found(sp, "C102")
    assert "灞曠" in marked(f, sp) and f.fix is None
    assert found(sp, "C201") == []  # the "?" belong to the mojibake


@pytest.mark.parametrize("text", [
    "區(qū)委要抓好落實。",
    "怎麼辦?我們要幹!這件事?誰來辦?",  # Traditional with half-width marks: no lost bytes  # Traditional with pinyin: the page's annotation, not mojibake
    "真的办成了吗?办成了!",  # ordinary question and exclamation marks (C201's business)
    "5G基站、GDP增速和Wi-Fi覆盖率都有提高。",
    "龘靐齉爩这些生僻字也是字。",
])
def test_text_that_is_not_mojibake(text):
    assert found(speech(text), "C102") == []


# --- C201–C203 marks with --fix -------------------------------------------------------------------


def test_half_width_marks_in_chinese_text():
    sp = speech("今年的任务很重，大家要有信心!")
    (f,) = found(sp, "C201")
    assert (marked(f, sp), f.fix, f.severity) == ("!", "！", "warning")


def test_spaces_typed_around_a_half_width_mark_go_with_it():
    sp = speech("今年的任务很重 , 大家要有信心。")
    (f,) = found(sp, "C201")
    assert (marked(f, sp), f.fix) == (" , ", "，")
    assert found(sp, "C203") == []


def test_half_width_marks_all_over_a_paragraph_are_one_finding_with_one_repair():
    sp = speech("第一,要抓好春耕;第二,要抓好防汛:不能松劲(特别是汛期)。")
    (f,) = found(sp, "C201")
    assert "5 处半角标点" not in f.message and "6 处半角标点" in f.message
    text = sp.blocks[f.paragraph - 1].text
    assert text[:f.start] + f.fix + text[f.end:] == "第一，要抓好春耕；第二，要抓好防汛：不能松劲（特别是汛期）。"


def test_full_stops_for_an_ellipsis():
    sp = speech("困难很多...但办法更多。")
    (f,) = found(sp, "C201")
    assert (marked(f, sp), f.fix) == ("...", "……")


@pytest.mark.parametrize("text", [
    "会议定在上午10:30开始，投资1,000万元。",
    "见第1..5页，版本v1.2已发布。",
    "国内生产总值(GDP)增长了。",
    "The meeting starts at 9:00, sharp!",
])
def test_half_width_marks_that_belong_to_numbers_and_latin(text):
    assert found(speech(text), "C201") == []


@pytest.mark.parametrize("text, run, keep", [
    ("会议到此结束。。", "。。", "。"),
    ("抓好落实，。", "，。", "。"),
    ("春耕、、防汛都要抓。", "、、", "、"),
    ("你们说呢？！我看行。", "？！", "？"),  # outside a quotation: a slip
])
def test_doubled_punctuation(text, run, keep):
    sp = speech(text)
    (f,) = found(sp, "C202")
    assert (marked(f, sp), f.fix) == (run, keep)


@pytest.mark.parametrize("text", [
    "他问：“真能办成吗？！”大家都笑了。",
    "说到这里……大家都明白了。",
    "这件事——我们必须办好。",
])
def test_marks_that_are_not_doubled(text):
    assert found(speech(text), "C202") == []


def test_spaces_inside_chinese_text():
    sp = speech("全镇 上下要行动起来 。")
    fs = found(sp, "C203")
    assert [(marked(f, sp), f.fix) for f in fs] == [(" ", ""), (" ", "")]


@pytest.mark.parametrize("text", [
    "5G 基站要在 2026 年建好。",  # spaces around Latin and digits
    "　　全镇上下要行动起来。",  # indentation
])
def test_spaces_that_are_layout(text):
    assert found(speech(text), "C203") == []


def test_the_space_in_the_speaker_line_is_layout():
    assert found(speech("今天开会。", front=("镇党委书记　周立新",)), "C203") == []


# --- C204 pairs ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, mark, message", [
    ("要弄清楚“干什么、怎么干。", "“", "““”没有对应的“””"),
    ("《实施方案》和《考核办法要一并印发。", "《", "“《”没有对应的“》”"),
    ("这项工作（含村级站点要抓紧。", "（", "“（”没有对应的“）”"),
    ("这项工作含村级站点）要抓紧。", "）", "“）”前面没有对应的“（”"),
    ('要弄清楚"干什么、怎么干。', '"', "半角引号"),
])
def test_unbalanced_pairs(text, mark, message):
    sp = speech(text)
    (f,) = found(sp, "C204")
    assert marked(f, sp) == mark and message in f.message and f.fix is None


@pytest.mark.parametrize("body", [
    ("他说：“春耕要抓早。", "“防汛要抓实。", "“两件事都要抓好。”"),  # one quotation, three paragraphs
    ("要做到三点：1）早谋划；2）早部署；3）早落实。",),  # list numbers with a half bracket
    ("用“两个清单”抓落实，《方案》（试行）已经印发。",),
    ("He said it’s fine.",),
])
def test_pairs_that_close(body):
    assert found(speech(*body), "C204") == []


# --- T101 typos, T102 variant forms ----------------------------------------------------------------


def test_typos_from_the_vendored_list():
    sp = speech("各单位要认真布署，不能浪废资金。")
    fs = found(sp, "T101")
    assert [(marked(f, sp), f.severity) for f in fs] == [("布署", "warning"), ("浪废", "warning")]
    assert fs[0].message == "“布署”疑为错别字，应为“部署”"


def test_variant_forms_of_the_national_table():
    sp = speech("这次活动丰富多采，笔划要写清楚。")
    fs = found(sp, "T102")
    assert [(marked(f, sp), f.severity) for f in fs] == [("丰富多采", "info"), ("笔划", "info")]
    assert "推荐写作“丰富多彩”" in fs[0].message


@pytest.mark.parametrize("text", [
    "要确定单位负责人，希有关部门配合。",  # 定单, 希有 straddle two words
    "干与不干不一样，花着才安心，事情来得急。",  # left out of the lists, with the reason
    "上热中温下冷的问题要解决，客服电话要畅通。",
    "各单位要认真部署，确保按期竣工，活动丰富多彩。",
    "水从缝里漏出来，一切视乎天气，飘过的云，宵夜摊和摩天轮都在。",  # words the lists hold too
])
def test_correct_text_is_no_typo(text):
    sp = speech(text)
    assert found(sp, "T101") == [] and found(sp, "T102") == []


def test_the_typo_list_names_its_sources():
    head = (ROOT / "drafter" / "data" / "typos.yaml").read_text(encoding="utf-8")[:3000]
    assert "macro-correct 0.0.6" in head and "Apache License 2.0" in head
    assert "《第一批异形词整理表》" in head and "MIT License" in head
    assert "4d40f74bf3bfd483d4cf14c84e64ced19cb5a775" in head


def corpus_speech(path: Path) -> Speech:
    """A corpus file without its front matter."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("\n---\n", 1)[1]
    return plaintext.parse(text)


@pytest.mark.parametrize("path", sorted((ROOT / "corpus").glob("*.md")), ids=lambda p: p.stem)
def test_no_typo_alarm_on_the_corpus(path):
    fs = check(corpus_speech(path), rules=["T"])
    assert fs == []


# --- P102–P104 words cut out ----------------------------------------------------------------------


@pytest.mark.parametrize("text, words", [
    ("刚才，同志宣读了表彰决定。", "同志"),
    ("会议精神由同志传达。", "同志"),
    ("剛才,同志宣讀了通知。", "同志"),  # a Traditional page with half-width marks
])
def test_missing_name(text, words):
    sp = speech(text)
    (f,) = found(sp, "P102")
    assert (marked(f, sp), f.severity) == (words, "error") and "缺了人名" in f.message


@pytest.mark.parametrize("text", [
    "同志们，今年的任务很重。",
    "老同志讲话很有分量，有关同志作了发言。",
    "这位同志宣读了决定。",
    "XX同志宣读了表彰决定。",  # P101's
])
def test_names_not_missing(text):
    assert found(speech(text), "P102") == []


@pytest.mark.parametrize("text, words", [
    ("经济总量在年的基础上翻一番。", "在年的基础上"),
    ("税收收入增长%，势头良好。", "%"),
    ("比年同期提高了两成。", "比年同期"),
    ("比上年提高了个百分点。", "个百分点"),
    ("全年共计人次参加培训。", "共计人次"),
    ("固定资产投资完成亿元。", "完成亿元"),
    ("今年共新增家，明年再新增一批。", "新增家"),
])
def test_missing_number(text, words):
    sp = speech(text)
    (f,) = found(sp, "P103")
    assert marked(f, sp) == words and "缺了数字" in f.message


@pytest.mark.parametrize("text", [
    "年底前完成，年初以来进展顺利，比上年同期增长5%，另一项增长 8.5 %。",
    "提高2个百分点，完成3亿元，共计1200人次参加培训。",
    "要实现户户通，完成项目建设，新增人口不多。",
    "上半年查处问题×起×人，增长XX%，下降××%，占【待补】%。",  # P101's
])
def test_numbers_not_missing(text):
    assert found(speech(text), "P103") == []


@pytest.mark.parametrize("text, words", [
    ("会上对进行了表彰。", "对进行了表彰"),
    ("会上对进行了隆重表彰。", "对进行了隆重表彰"),
    ("我们向致以崇高的敬意。", "向致以"),
    ("对表示衷心感谢。", "对表示"),
])
def test_empty_object(text, words):
    sp = speech(text)
    fs = found(sp, "P104")
    assert [marked(f, sp)[:len(words)] for f in fs] == [words]


@pytest.mark.parametrize("text", [
    "会上对先进集体进行了表彰，向他们致以崇高的敬意。",
    "我们绝对给予支持，方向表示清楚了，针锋相对进行辩论。",
])
def test_objects_present(text):
    assert found(speech(text), "P104") == []


def test_one_slip_is_reported_once_though_the_context_table_has_it_too():
    fs = check(speech("会上对进行了表彰，会议结束。。"))
    assert [f.code for f in fs if f.paragraph == FIRST] == ["C202", "P104"]


# --- N102 one-item lists ----------------------------------------------------------------------------


@pytest.mark.parametrize("body, first", [
    (("一、抓好春耕", "一是抓好春耕生产，确保面积稳定。", "二、抓好防汛"), "一是"),
    (("一要压实责任，层层传导压力。",), "一要"),
    (("第一，要提高认识。",), "第一"),
    (("首先，要明确分工。", "要加强督查。"), "首先"),
])
def test_one_item_list(body, first):
    sp = speech(*body)
    (f,) = found(sp, "N102")
    assert marked(f, sp).startswith(first) and f"有“{first}”却没有" in f.message


def test_one_item_phrase():
    sp = speech("今年的工作主要体现在一个方面。")
    (f,) = found(sp, "N102")
    assert marked(f, sp) == "体现在一个方面"


@pytest.mark.parametrize("body", [
    ("一是抓好春耕，二是抓好防汛。",),
    ("一是加强领导：一是书记抓，二是镇长抓。", "二是强化考核。"),
    ("首先，我代表镇党委向大家表示感谢。",),
    ("今天讲的，首先是对自己的要求。",),
    ("首先，要明确分工。其次，要加强督查。",),
    ("首先，要明确分工。", "最后，要加强督查。"),
    ("第一，要严肃政治纪律。", "第一，要严肃工作纪律。"),  # N101's
])
def test_lists_that_go_on(body):
    assert found(speech(*body), "N102") == []


# --- N101 on pages as people write them ----------------------------------------------------------


def test_a_heading_then_paragraphs_led_by_di_er_are_one_sequence():
    sp = speech("一、找准差距", "要对照考核要求。", "第二，突出重点", "要集中力量。", "第三，健全机制")
    assert found(sp, "N101") == []
    sp = speech("一、找准差距", "要对照考核要求。", "第二，突出重点", "第四，健全机制")
    assert [f.message for f in found(sp, "N101")] == ["编号跳号：“第二”之后是“第四”，缺少“第三”"]


def test_a_heading_whose_words_begin_with_a_numeral():
    assert found(speech("一、一年来的主要工作", "工作有成效。", "二、明年的重点工作"), "N101") == []
    # 一、二季度 names two quarters: no heading, so no gap before a later 二、
    assert found(speech("一、二季度经济运行平稳。", "三、四月份要抓春耕。"), "N101") == []


# --- the level by majority and the false alarms of the issue -------------------------------------


def test_one_upper_self_reference_in_a_speech_that_says_its_own_everywhere_else():
    sp = speech("今年我乡粮食增产，我乡的干部很辛苦。", "我乡要抓好春耕。", "我县的水利建设要加快。",
                title="在全县春耕生产会议上的表态发言", front=("乡长 周立新",))
    fs = [f for f in check(sp) if f.code == "L101"]
    assert [marked(f, sp) for f in fs] == ["我县"]
    assert fs[0].severity == "warning" and "本篇自称“我乡”（3 处）" in fs[0].message


def test_a_compilation_title_does_not_decide_the_level():
    sp = speech("全区上下要行动起来，我区要走在前列。", "我区的干部要担当，全区各部门要协同。",
                title="在全市乡村振兴工作会议上的讲话【汇编10篇】", front=("区委书记 周立新",))
    assert found(sp, "L101") == []
    assert levels.infer_level("在全市大会上的讲话【汇编10篇】", "我区要带头，我区要争先。", [],
                              {"区": 2, "市": 3}, (), r"【[^】]*汇编[^】]*】") == ("区", "body")


def test_a_body_that_outvotes_its_title():
    ranks = {"乡": 1, "镇": 1, "县": 2}
    body = "我乡要干，我乡要快，我乡要实，我县要稳。"
    assert levels.infer_level("在全县大会上", body, [], ranks) == ("乡", "body")
    # One 我乡 does not outvote a title: it is the slip.
    assert levels.infer_level("在全县大会上", "我乡要干。", [], ranks) == ("县", "title")
    assert levels.infer_level("", "我乡要干，我乡要快。", ["青石镇"], ranks) == ("镇", "title")


def test_the_speaker_is_no_foreign_name():
    sp = speech("李书记要带头，我李建国在这里表个态。", front=("街道党工委书记 李建国",),
                title="在城关街道文明创建推进会上的讲话")
    assert found(sp, "F101") == []
    # Another 书记 is still a name to check.
    assert [f.message for f in found(speech("王书记说过要抓落实。"), "F101")] == [
        "出现人名“王书记”：请核对是否照搬自别的讲话"]


def test_an_honour_is_no_foreign_place():
    sp = speech("去年我们创成省级文明街道，今年争创国家卫生城市。",
                title="在城关街道文明创建推进会上的讲话")
    assert found(sp, "F101") == []


def test_zone_words_are_no_places():
    # Words our own drafts use: 深水区 (a metaphor), 易发区, 各苏木镇（街道） at a 旗.
    sp = speech("改革进入深水区，山洪易发区要巡查，各苏木镇（街道）要落实。")
    assert found(sp, "F101") == []


# --- the raw seed pages and our own drafts -----------------------------------------------------------

# What check reports on the pages as downloaded (corpus/raw), in order, besides the half-width
# marks those pages use in every paragraph (C201, one finding a paragraph): (code, words). No
# paragraph numbers: they depend on how much page furniture the reader drops.
RAW_FINDINGS = {
    "000": [("D101", "2022年乡党委政府"), ("L101", "我县"), ("F101", "薄书记"), ("P101", "xxx"),
            ("P101", "xxx")],
    # 在年的基礎(chǔ)上 is not found here: the page's pinyin splits it (the cleaned file has it).
    "001": [("P102", "同志"), ("C102", "?fù)p"), ("C102", "?!笆濉币"), ("C102", "?,F"),
            ("C102", "?!鞍盐找"), ("C102", "?!斗桨浮分袑"), ("C102", "?;顒禹樌M")],
    "002": [("P101", "XX"), ("P101", "XX"), ("C204", '"'), ("P101", "XX")],
    "003": [("P101", "**"), ("F101", "常州市"), ("P101", "**")],
    "004": [("N101", "第一"), ("P101", "×起×人"), ("N101", "第一")],
}


@pytest.mark.parametrize("seed", sorted(RAW_FINDINGS))
def test_every_finding_on_the_raw_seed_pages(seed):
    (path,) = (ROOT / "corpus" / "raw").glob(f"{seed}_*.txt")
    sp = api.read_speech(path)
    fs = [f for f in check(sp) if f.code not in ("C201", "S101")]
    assert [f.code for f in fs] == [c for c, _ in RAW_FINDINGS[seed]]
    for f, (_, words) in zip(fs, RAW_FINDINGS[seed], strict=True):
        assert words in f.excerpt + f.message, f
    for f in check(sp, rules=["C201"]):  # each one a half-width mark next to Chinese
        text = sp.blocks[f.paragraph - 1].text
        assert set(text[f.start:f.end]) - set(f.fix) <= set(",;:?!() ")


NEW = ("C102", "C201", "C202", "C203", "C204", "T101", "T102", "P102", "P103", "P104", "N102")


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "golden").glob("*.md")),
                         ids=lambda p: p.stem)
def test_our_drafts_have_none_of_the_new_findings(path):
    assert check(api.read_speech(path), rules=list(NEW)) == []
