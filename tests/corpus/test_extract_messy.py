"""Extract on damaged pages: the outline's skeleton is the one of the page before the damage.

Each page below is written for these tests; each damage is what doc and 范文 sites do to a
speech: chunk numbers between the text chunks (工1、作), a heading joined to its body by a space,
a writer switching from 一、 to 第二， mid-speech, 全局/大局 in a speech of another level, all
line breaks lost, a site's or a compilation's title above the speech's, a paywall.
docs/extract.md reports the figures these pages give.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, write

from drafter.corpus.extract import extract_file, extract_text
from drafter.corpus.extract.repair import (
    drop_chunk_numbers,
    join_cut_lines,
    split_spaced_headings,
)

FLOOD = """\
在临河县2026年防汛抗旱工作会议上的讲话
同志们：
入汛在即，县委、县政府决定召开这次会议，主要是分析今年防汛形势，安排部署各项准备工作。\
刚才，县水利局通报了隐患排查情况，几个乡镇作了交流发言，讲得都很实在。下面，我讲三点意见。
一、清醒认识今年防汛形势
从气象部门的会商结果看，今年我县降雨可能偏多，局地强降雨和山洪的风险较大。全县中小水库\
大多建于上世纪，病险问题尚未根治，部分堤防年久失修。一些干部存在麻痹思想，认为连续几年\
没有大汛，准备工作可以松一松。对这些问题，我们必须高度警惕。
二、扎实做好汛前各项准备
（一）抓好隐患排查整改
各乡镇要对辖区内的水库、塘坝、河道逐一检查，建立隐患台账，明确整改时限和责任人。
（二）完善应急预案体系
1、修订预案。各乡镇要结合去年演练中暴露的问题，修订完善本级防汛预案。
2、充实队伍。每个行政村都要组建一支不少于二十人的抢险队伍。
3、储备物资。编织袋、救生衣、发电机等物资要按标准储备到位。
（三）加强监测预警
要充分利用雨量站和水位站，做到雨情水情实时掌握，预警信息及时发送到户到人。
三、压紧压实防汛责任
防汛工作事关群众生命财产安全，容不得半点马虎。一是落实行政首长负责制。各级行政首长是本地\
防汛第一责任人，要亲自部署、亲自检查。二是落实值班值守制度。汛期实行二十四小时值班，带班\
领导必须在岗在位。三是落实责任追究制度。对因工作不力造成损失的，要严肃追究有关人员责任。
同志们，防汛工作责任重大，我们要以对人民高度负责的态度，扎扎实实做好各项工作，确保全县安全度汛！
"""
FLOOD_SKELETON = [
    ("清醒认识今年防汛形势", None, 0, []),
    ("扎实做好汛前各项准备", "（一）", 3, [0, 3, 0]),
    ("压紧压实防汛责任", "一是", 3, [0, 0, 0]),
]

# A writer who began with 一、 and went on with 第二， (and 一、二季度 opening a paragraph).
MIXED = """\
在白沙镇人居环境整治推进会上的讲话
同志们：
今天召开这个会，就是要把全镇人居环境整治工作再动员、再部署。下面，我讲三个方面。
一、认清差距，增强紧迫感
一、二季度，镇里组织了两轮集中整治，村庄面貌有了一定改观，但与群众期盼相比还有不小差距。\
一是垃圾清运不及时，部分村组仍有积存垃圾。二是污水乱排现象依然存在。三是长效管护机制尚未建立。
第二，突出重点，集中攻坚。
一要抓好垃圾治理。各村要配齐保洁人员，做到日产日清。
二要抓好污水治理。要加快管网建设，年内实现集镇污水全收集。
三要抓好村容村貌。要拆除乱搭乱建，清理房前屋后的杂物。
三、强化保障，确保实效
镇党委、镇政府将把整治工作纳入年度考核，每月开展一次评比，对排名靠后的村进行通报。\
各村党支部书记要当好第一责任人，亲自抓、带头干。
同志们，环境整治没有休止符。希望大家撸起袖子加油干，让我镇的村庄更加干净整洁！
"""
MIXED_SKELETON = [
    ("认清差距，增强紧迫感", "一是", 3, [0, 0, 0]),
    ("突出重点，集中攻坚", "一要", 3, [0, 0, 0]),
    ("强化保障，确保实效", None, 0, []),
]

# Headings whose body follows after a space only.
SPACED = """\
在东门街道创建全国文明城市动员会上的讲话
同志们：
创建全国文明城市是今年全区的一件大事，街道党工委、办事处高度重视。下面，我讲几点意见。
一、统一思想认识 创建文明城市既是提升城市品位的需要，也是改善群众生活的需要。全街道干部\
要把思想统一到区委的部署上来，切实增强责任感。
二、聚焦重点任务
（一）背街小巷整治 要对辖区内的背街小巷逐条摸排，做到路面平整、灯光明亮、管线规整。
（二）农贸市场管理 要规范经营秩序，落实门前三包，杜绝占道经营。
（三）志愿服务活动 各社区要组织志愿者，常态化开展文明劝导和环境清扫。
三、加强组织领导 街道成立创建工作领导小组，各社区书记是第一责任人，要把任务分解到人、\
责任落实到岗。对工作滞后的，要约谈提醒。
同志们，创建工作只有起点没有终点，让我们齐心协力，为创建全国文明城市贡献力量！
"""
SPACED_SKELETON = [
    ("统一思想认识", None, 0, []),
    ("聚焦重点任务", "（一）", 3, [0, 0, 0]),
    ("加强组织领导", None, 0, []),
]

# A county speech that says 全局 and 大局 more often than it says 我县, under a title that names
# no level.
BIG_PICTURE = """\
在项目建设调度会上的讲话
同志们：
项目建设是全局工作的重中之重。我县今年安排重点项目四十个，必须牢固树立大局意识和全局观念。
一是要统筹全局抓推进。各责任单位要着眼全局，把握大局，倒排工期、挂图作战。
二是要服从大局抓保障。用地、资金、用工等要素要向重点项目倾斜。
三是要立足全局抓督查。督查组每月通报一次进度。
同志们，让我们以更加饱满的热情，推动项目建设再上新台阶！
"""

# A bureau's speech: its 全局上下 is the bureau's, its 统筹全局 is not.
BUREAU = """\
在县财政局2026年党风廉政建设工作会议上的讲话
同志们：
今天，局党组召开全局党风廉政建设工作会议。过去一年，全局上下认真落实管党治党责任，\
我局廉政建设取得了新成效。新的一年，我们要统筹全局，做到两手抓、两手硬。
一是压实主体责任。局领导班子成员要履行一岗双责。
二是加强资金监管。要盯紧项目资金拨付的每一个环节。
三是严明纪律规矩。全局干部职工要严守财经纪律，不越红线。
同志们，让我们以优良作风推动全局工作迈上新台阶！
"""


def skeleton(result) -> list[tuple]:
    """(heading, marker, items, sub-items per item) of each section of the outline."""
    return [(s["heading"], s["marker"], s["items"], s["sub"])
            for s in result.counts["sections"]]


def outline_body(result) -> str:
    """The outline's sections as YAML (the header quotes warnings, which differ)."""
    return result.outline_yaml.split("\nsections:", 1)[1]


def from_file(tmp_path, page: str, name: str = "page.txt"):
    """Extract a downloaded page as the command does: cleaned first."""
    return extract_file(write(tmp_path / name, page))


def warned(result, *fragments: str) -> bool:
    return any(all(f in w for f in fragments) for w in result.warnings)


def body_of(page: str) -> str:
    return page.split("\n", 1)[1]


def title_of(page: str) -> str:
    return page.split("\n", 1)[0]


def chunked(page: str, every: int, on_new_line: bool = False, first: bool = False) -> str:
    """The page as a doc site shows it: the body cut into chunks of `every` characters, each
    but the first (each, with `first`) opened by its number (2、 3、 …) wherever the cut falls,
    in the middle of a word as often as not; with on_new_line, each chunk starts a new line
    as well."""
    title, body = page.split("\n", 1)
    chunks = [body[k: k + every] for k in range(0, len(body), every)]
    numbered = [f"1、{chunks[0]}" if first else chunks[0]]
    numbered += [f"{n}、{c}" for n, c in enumerate(chunks[1:], 2)]
    return title + "\n" + ("\n" if on_new_line else "").join(numbered)


def flattened(page: str, sep: str = "\u3000\u3000") -> str:
    """The page with every line break in the body lost: paragraphs joined by `sep` (the
    indentation a page keeps, or nothing)."""
    title, body = page.split("\n", 1)
    return title + "\n" + sep.join(body.split("\n"))


def spaced(page: str) -> str:
    """Every heading line joined to the paragraph after it by a space."""
    return re.sub(r"(?m)^((?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)[^。\n]{2,30})\n",
                  r"\1 ", page)


# --- the clean pages give their skeleton ------------------------------------------------------


PAGES = [(FLOOD, FLOOD_SKELETON), (MIXED, MIXED_SKELETON), (SPACED, SPACED_SKELETON)]


@pytest.mark.parametrize("page, expected", PAGES)
def test_clean_page_skeleton(page, expected):
    r = extract_text(body_of(page), title=title_of(page))
    assert skeleton(r) == expected
    assert (r.counts["opening"], r.counts["closing"]) == (1, 1)


# --- chunk numbers of doc sites -----------------------------------------------------------------

@pytest.mark.parametrize("every", [61, 97, 150])
@pytest.mark.parametrize("on_new_line", [False, True])
@pytest.mark.parametrize("page, expected", PAGES)
def test_chunk_numbers_never_open_items(tmp_path, page, expected, every, on_new_line):
    damaged = chunked(page, every, on_new_line)
    assert damaged.count("、") >= page.count("、") + 2
    # Extract's own repair, on text given as it is …
    clean = extract_text(body_of(page), title=title_of(page))
    r = extract_text(body_of(damaged), title=title_of(damaged))
    assert skeleton(r) == expected
    # … every number gone and every cut sentence joined again: the outline is the clean one's.
    assert outline_body(r) == outline_body(clean)
    assert warned(r, "分块序号") and not warned(clean, "分块序号")
    # … and on the page as downloaded, through the cleaner.
    r = from_file(tmp_path, damaged)
    assert skeleton(r) == expected
    assert outline_body(r) == outline_body(from_file(tmp_path, page, "clean.txt"))


def test_chunk_numbers_leave_the_writers_lists():
    lines = ["完善预案体系要做到三点：", "1、修订预案。各乡镇要修订本级预案。",
             "2、充实队伍。每个村都要组建抢险队伍。", "3、储备物资。物资要储备到位。"]
    assert drop_chunk_numbers(lines) == (lines, 0)
    # The site's: two of three cut a word (推进工2、作), one opens a line cut mid-sentence.
    site = ["1、同志们：", "今年以来，全镇各项工作推进有力，但推进工2、作中也暴露出一些",
            "3、问题，需要我们认真研究。一是组织保4、障要到位。"]
    assert drop_chunk_numbers(site) == (
        ["同志们：", "今年以来，全镇各项工作推进有力，但推进工作中也暴露出一些问题，需要我们认真研究。"
         "一是组织保障要到位。", ""], 4)
    # Numbers that are part of the text stay: 第1、2季度, 1、2月份, a lone 1、 after a colon.
    text = ["第1、2季度完成投资三亿元，1、2月份开工五个项目。", "重点有：1、抓项目；"]
    assert drop_chunk_numbers(text) == (text, 0)


def test_number_before_a_continuation_opens_no_item():
    r = extract_text("同志们：\n今年的工作有成绩。\n一、二季度，全镇完成投资三亿元。\n"
                     "1、2月份开工项目五个。\n一是抓项目。\n二是抓服务。\n",
                     title="在全镇经济工作会议上的讲话")
    assert r.counts["level1"] == 0 and r.counts["level3"] == 0
    assert skeleton(r) == [(None, "一是", 2, [0, 0])]
    assert "一、二季度" in r.outline_yaml and "1、2月份" in r.outline_yaml


# --- a writer switching forms ---------------------------------------------------------------------

FIRST_SECOND = """同志们：
今天的会议很重要。下面，我讲三点。
第一，提高思想认识。各级干部要深刻认识抓好春耕生产的重要性。
二、落实关键措施
一是抓好农资供应。二是抓好技术服务。三是抓好水利设施。
第三，加强组织领导。各村要明确专人负责，确保不误农时。
同志们，一年之计在于春。让我们扎实工作，夺取全年农业丰收！
"""


def test_mixed_forms_are_one_level():
    r = extract_text(body_of(MIXED), title=title_of(MIXED))
    assert r.counts["level1"] == 3
    assert "heading: 突出重点，集中攻坚\n" in r.outline_yaml
    assert warned(r, "混用", "“第二，”（正文第5段）")
    r = extract_text(FIRST_SECOND, title="在全镇春耕生产工作会议上的讲话")
    assert skeleton(r) == [("提高思想认识", None, 0, []), ("落实关键措施", "一是", 3, [0, 0, 0]),
                           ("加强组织领导", None, 0, [])]
    # Two 第 paragraphs in a row before the first 一、 heading.
    text = FIRST_SECOND.replace("二、落实关键措施\n", "第二，落实关键措施。\n").replace(
        "第三，加强组织领导。", "三、加强组织领导\n")
    r = extract_text(text, title="在全镇春耕生产工作会议上的讲话")
    assert [row[0] for row in skeleton(r)] == ["提高思想认识", "落实关键措施", "加强组织领导"]


def test_a_first_second_list_under_a_heading_stays_a_list():
    text = ("同志们：\n一、抓好春耕\n第一，抓农资。农资要保供。\n第二，抓技术。技术要下乡。\n"
            "二、抓好防汛\n第一，抓预案。\n第二，抓队伍。\n")
    r = extract_text(text, title="在全镇春耕生产工作会议上的讲话")
    assert skeleton(r) == [("抓好春耕", "第一，", 2, [0, 0]), ("抓好防汛", "第一，", 2, [0, 0])]


# --- headings joined to their body by a space -------------------------------------------------------


def test_heading_ends_at_the_space_before_its_body(tmp_path):
    r = extract_text(body_of(SPACED), title=title_of(SPACED))
    assert skeleton(r) == SPACED_SKELETON
    first = r.outline_yaml.split("heading: 统一思想认识\n", 1)[1]
    assert first.lstrip().startswith("paragraphs:\n      - text:\n          - 创建文明城市既是")
    # The cleaner drops a space between Chinese characters: the page is split before it.
    assert skeleton(from_file(tmp_path, SPACED)) == SPACED_SKELETON
    assert skeleton(from_file(tmp_path, spaced(FLOOD))) == FLOOD_SKELETON


def test_a_heading_of_two_phrases_keeps_its_space():
    assert split_spaced_headings("一、坚持稳中求进 推动高质量发展") == "一、坚持稳中求进 推动高质量发展"
    assert split_spaced_headings("一、坚持稳中求进 要把稳字当头。") == "一、坚持稳中求进\n要把稳字当头。"
    assert split_spaced_headings("讲三点。二、狠抓落实 各村要抓。") == "讲三点。二、狠抓落实\n各村要抓。"
    # A space inside a sentence is no heading's end.
    assert split_spaced_headings("今年 全镇要抓好三件事。") == "今年 全镇要抓好三件事。"


# --- 全局 and 大局 ----------------------------------------------------------------------------------


def test_big_picture_is_no_bureau():
    r = extract_text(body_of(BIG_PICTURE), title=title_of(BIG_PICTURE))
    assert r.level == "县"
    y = outline_body(r)
    assert "统筹全局抓推进" in y and "大局意识和全局观念" in y
    assert "{{ place.self }}今年安排重点项目" in y


def test_a_bureaus_own_whole_is_its_level():
    r = extract_text(body_of(BUREAU), title=title_of(BUREAU))
    assert r.level == "局"
    y = outline_body(r)
    assert "{{ place.all }}上下认真落实" in y and "{{ place.people }}要严守" in y
    assert "我们要统筹全局" in y and "推动全局工作" in y


# --- pages that lost their line breaks ----------------------------------------------------------------


# Each damage a page of the evaluation in docs/extract.md gets (the sixth, every break and
# indentation lost, keeps only the structure: test_page_without_any_break_keeps_its_structure).
DAMAGES = {"none": str, "chunks": lambda p: chunked(p, 150),
           "chunk-lines": lambda p: chunked(p, 150, on_new_line=True), "flat": flattened,
           "spaced": spaced}


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize("page, expected", PAGES)
def test_damaged_page_gives_its_skeleton(tmp_path, page, expected, damage):
    r = from_file(tmp_path, DAMAGES[damage](page))
    assert skeleton(r) == expected
    assert (r.counts["opening"], r.counts["closing"]) == (1, 1)
    assert warned(r, "丢失了换行") == (damage == "flat")


# --- title and level on a page with a site's title -------------------------------------------------

SITE_PAGE = """\
青山街道网格化管理推进会讲话_范文精选网
发布时间：2025-09-03 来源：范文精选网
写公文，就用笔杆助手！ 立即体验
篇1：在青山街道网格化管理推进会上的讲话
同志们：
今天召开这个会，是街道党工委研究决定的。全区网格化管理现场会以后，我们对照先进找差距。
一、把网格建强
每个网格都要配齐一名专职网格员。
二、把服务做实
网格员每周走访不少于二十户。
同志们，网格连着千家万户，希望大家用心用情做好工作！
"""


def test_the_speechs_own_title_wins_and_names_the_level(tmp_path):
    r = extract_text(body_of(SITE_PAGE), title=title_of(SITE_PAGE))
    assert r.counts["title"] == "在青山街道网格化管理推进会上的讲话"
    # 街道 by the place the title names, though 党工委 and 全区 are also a 开发区's words.
    assert r.level == "街道"
    assert skeleton(r) == [("把网格建强", None, 0, []), ("把服务做实", None, 0, [])]
    assert "立即体验" not in r.outline_yaml and "发布时间" not in r.outline_yaml


@pytest.mark.parametrize("title, level", [
    ("在清江县乡村振兴工作会议上的讲话", "县"),       # the name that ends first: 清江县, not 清江县乡
    ("在安平市交通运输局年度工作会议上的讲话", "局"),  # a bureau after the place
    ("在安平市统筹全局工作会议上的讲话", "市"),        # 全局 is no bureau
    ("在临川县财政局工作会议上的讲话", "局"),
    ("在统筹全局发展大会上的讲话", "镇"),              # no place named: 镇 by default, warned
])
def test_level_from_the_place_the_title_names(title, level):
    r = extract_text("同志们：\n要把工作抓实抓好。\n", title=title)
    assert r.level == level


def test_a_line_that_ends_in_a_comma_continues_on_the_next():
    r = extract_text("同志们：\n一、抓好春耕\n各村要抓好农资供应，\n确保不误农时。\n二、抓好防汛\n要备足物资。\n",
                     title="在全镇春耕工作会议上的讲话")
    assert "各村要抓好农资供应，确保不误农时。" in r.outline_yaml
    assert warned(r, "以逗号结尾")


@pytest.mark.parametrize("page, expected", PAGES)
def test_page_without_any_break_keeps_its_structure(tmp_path, page, expected):
    """Every break and indentation lost: the parts and their lists are still found (第二， among
    一、 and 三、 too); where a heading had neither full stop nor space after it, its end cannot
    be known and it carries the first sentence of its body."""
    r = from_file(tmp_path, flattened(page, ""))
    got = skeleton(r)
    assert [row[1:] for row in got] == [row[1:] for row in expected]
    assert all(g[0].startswith(e[0]) for g, e in zip(got, expected, strict=True))
    assert (r.counts["opening"], r.counts["closing"]) == (1, 1)
    assert warned(r, "丢失了换行", "分界只能推测")


def test_the_body_outvotes_the_titles_place_by_a_clear_majority():
    title = "在临川县乡村振兴推进会上的表态发言"
    town = "同志们：\n我镇将全力落实会议部署。全镇上下要鼓足干劲，我镇有信心完成任务。\n"
    assert extract_text(town, title=title).level == "镇"
    slip = "同志们：\n全县上下要鼓足干劲，县委县政府高度重视，我镇要跟上。\n"
    assert extract_text(slip, title=title).level == "县"


# --- no repair where nothing is damaged -------------------------------------------------------------

CLEAN_DOCS = sorted((ROOT / "corpus").glob("[0-9]*.md")) + sorted(
    (ROOT / "tests" / "fixtures" / "messy").glob("*/clean.md"))


@pytest.mark.parametrize("path", CLEAN_DOCS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_repairs_leave_a_clean_speech_alone(path):
    """The cleaned seeds and the evaluation set's expected texts: nothing to repair, nothing
    changed (a writer's own 1、2、3、, 一、二季度 and headings stay as written)."""
    from drafter.corpus.clean import read_doc

    text = read_doc(path).text
    lines = text.split("\n")
    assert drop_chunk_numbers(lines) == (lines, 0)
    assert join_cut_lines(lines) == (lines, [])
    assert split_spaced_headings(text) == text


def test_repairs_leave_the_pages_here_alone():
    for page, _ in PAGES:
        lines = body_of(page).split("\n")
        assert drop_chunk_numbers(lines) == (lines, 0)
        assert join_cut_lines(lines) == (lines, [])


def test_chunk_numbers_at_any_interval():
    """Chunks of every size from 40 to 200 characters, inline or on new lines, the first
    numbered or not, on the pages here: the skeleton of the clean page comes back nearly always. (What still fails: a site's
    number right next to a writer's own, 2、3、充实 or 3|11、、储备.)"""
    pages = [*PAGES, (SITE_PAGE, None), (BUREAU, None), (BIG_PICTURE, None)]
    cases = failed = 0
    for page, _ in pages:
        want = skeleton(extract_text(body_of(page), title=title_of(page)))
        for every in range(40, 201, 5):
            for on_new_line, first in ((False, False), (True, False), (False, True), (True, True)):
                damaged = chunked(page, every, on_new_line, first)
                got = skeleton(extract_text(body_of(damaged), title=title_of(damaged)))
                cases += 1
                failed += got != want
    assert failed / cases <= 0.01, f"{failed}/{cases}"


# --- text a paywall or a truncation cut ---------------------------------------------------------------

PAYWALL = """\
在河口镇秋季防火工作会议上的讲话
同志们：
秋冬季节天干物燥，防火形势严峻。下面，我讲两点意见。
一、认清形势
今年入秋以来降雨偏少，林下可燃物积累多，野外用火管控难度大。
此处隐藏1260个字。VIP会员可见，立即开通
二、压实责任
各村要落实网格责任，护林员要每天巡山。
同志们，防火工作容不得半点松懈，希望大家守土尽责！
"""


def test_a_gap_in_the_page_is_no_text_of_the_outline(tmp_path):
    r = extract_text("同志们：\n一、认清形势\n今年入秋以来降雨偏少。\n〔此处原文缺失约1260字〕\n"
                     "二、压实责任\n各村要落实网格责任。\n", title="在河口镇秋季防火工作会议上的讲话")
    assert "缺失" not in outline_body(r)
    assert warned(r, "正文第4段", "〔此处原文缺失约1260字〕", "请对照原文补写")
    assert skeleton(r) == [("认清形势", None, 0, []), ("压实责任", None, 0, [])]
    # The page as downloaded: the cleaner marks the paywall, extract leaves the mark out.
    r = from_file(tmp_path, PAYWALL)
    assert skeleton(r) == [("认清形势", None, 0, []), ("压实责任", None, 0, [])]
    assert "缺失" not in outline_body(r) and "VIP" not in outline_body(r)
    assert warned(r, "缺口", "付费墙或截断")
