"""Extract: speeches → outline skeletons that load, render for any level and report what stays."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter import api
from drafter.analysis.markers import inline_sequences
from drafter.cli import cli
from drafter.corpus.extract import extract_file, extract_text, split_lead
from drafter.drafting import outline
from drafter.errors import DrafterError
from drafter.text import places
from drafter.text.cn import cn_int

# The raw seed pages, as downloaded, ship in the repository (corpus/raw), so CI needs nothing else.
SEEDS = ROOT / "corpus" / "raw"
NAMES = {"乡": "石门乡", "镇": "青石镇", "街道": "城关街道", "县": "临川县", "区": "云溪区",
         "市": "江州市", "旗": "草原旗", "开发区": "高新开发区", "局": "临川县财政局"}
SELF_KEYS = ("self", "all", "local", "party", "gov", "leaders", "leaders_short", "organs",
             "people", "cadres")

def seed(number: str) -> Path:
    found = sorted(SEEDS.glob(f"{number}_*.txt"))
    assert found, f"seed {number} missing from {SEEDS}"
    return found[0]


@pytest.fixture(scope="module")
def seeds() -> dict:
    return {n: extract_file(seed(n)) for n in ("000", "001", "002", "003", "004")}


def sections(result) -> list[dict]:
    return result.counts["sections"]


def _parts_of(speech) -> list[tuple]:
    """(marker, item count, sub-item counts) of each 一、 part of a draft, read from its blocks."""
    parts: list[list] = []
    for b in speech.body:
        if b.kind == "heading" and b.level == 1:
            parts.append([None, 0])
        elif parts and b.kind == "paragraph" and b.runs and b.runs[0].bold:
            lead = re.match(r"[一二三四五六七八九十]+([是要])", b.text)
            if lead:
                parts[-1][0] = parts[-1][0] or "一" + lead.group(1)
                parts[-1][1] += 1
    return [(m, n, [0] * n) for m, n in parts]


def render(tmp_path: Path, result, level: str, seed_: int = 1) -> str:
    """The draft of an extracted outline for a spec of `level`, its place name removed."""
    path = write(tmp_path / f"{result.id}.yaml", result.outline_yaml)
    outline.load(path)  # a valid outline, or this raises with file:line
    spec = write(tmp_path / f"spec-{level}.yaml", (
        f"outline: {path.name}\n"
        f"place: {{name: {NAMES[level]}, level: {level}}}\n"
        "meeting: {date: 2026-03-15}\n"
        "speaker: {name: 王明, title: 书记}\n"
        f"seed: {seed_}\n"))
    return api.draft(spec).speech.text.replace(NAMES[level], "")


def source_words(source: str, target: str) -> list[str]:
    """The source level's self-references that the target level does not share."""
    table = places.table()
    own = {v for k, v in table[target].items() if isinstance(v, str)}
    words = {table[source][k] for k in SELF_KEYS}
    return sorted(w for w in words if not any(w in o for o in own))


def body(result) -> str:
    """The outline's sections (the header comments and summary quote the source)."""
    return result.outline_yaml.split("\nsections:", 1)[1]


def warned(result, *fragments: str) -> bool:
    return any(all(f in w for f in fragments) for w in result.warnings)


# --- structure of every seed ---------------------------------------------------------------------


def test_seed_000_problems_and_directives(seeds):
    r = seeds["000"]
    assert r.level == "乡"
    assert r.counts["level1"] == 0
    assert r.counts["opening"] == 1 and r.counts["closing"] == 1
    problems, directives = sections(r)
    assert (problems["kind"], problems["marker"], problems["items"]) == ("problems", "一是", 4)
    assert (directives["kind"], directives["marker"], directives["items"]) == ("directives",
                                                                             "一要", 4)
    # 四要“抓” holds 一是…六是 from the paragraph after it; 四是“识” its own 一是…三是.
    assert directives["sub"] == [0, 0, 0, 6]
    assert problems["sub"] == [0, 0, 0, 3]
    assert "主要表现在{{ items|count_cn }}个方面" in r.outline_yaml
    assert "主要有{{ items|count_cn }}个方面" in r.outline_yaml
    # The inline lists of one paragraph keep their count: it cannot drift from the list.
    assert "五个方面的突出问题" in r.outline_yaml and "三种症状" in r.outline_yaml
    assert not warned(r, "五个方面") and not warned(r, "三种症状")


def test_seed_000_parametrized_and_warned(seeds):
    r = seeds["000"]
    y = r.outline_yaml
    for word in ("我乡", "全乡", "本乡", "乡党委政府"):
        assert word not in body(r), word
    assert "{{ place.leaders_short }}决定今天召开" in y
    assert "与{{ place.leaders_short }}过不去" in y
    assert r.replaced["{{ place.self }}"] >= 4
    assert warned(r, "人名", "市委薄书记")
    assert warned(r, "占位符", "xxx")
    assert warned(r, "我县", "层级")
    assert warned(r, "全县")


def test_seed_001_district_with_three_parts(seeds):
    r = seeds["001"]
    assert r.level == "区"
    assert (r.counts["level1"], r.counts["level2"]) == (3, 3)
    got = [(s["kind"], s["marker"], s["items"], s["sub"]) for s in sections(r)]
    assert got == [
        ("problems", "一是", 6, [0] * 6),        # 一、… the six problems
        ("significance", "（一）", 3, [0] * 3),   # … then （一）（二）（三） in the same part
        ("guidance", "一要", 3, [0] * 3),          # 二、指导思想
        ("directives", "第一，", 3, [4, 0, 3]),   # 三、第一 holds 一要…四要, 第三 一是…三是
    ]
    assert [bool(s["heading"]) for s in sections(r)] == [True, False, True, True]
    assert "我重点再强调{{ items|count_cn }}个问题" in r.outline_yaml
    assert warned(r, "人名", "王波市长")
    assert warned(r, "其他地名", "呼市")
    assert warned(r, "上级用语", "市政府")
    assert warned(r, "疑似乱码")
    assert not warned(r, "彻落实市") and not warned(r, "强化市")


def test_seed_002_town(seeds):
    r = seeds["002"]
    assert r.level == "镇"
    assert r.counts["level1"] == 3
    assert r.counts["closing"] == 0
    got = [(s["marker"], s["items"]) for s in sections(r)]
    assert got == [(None, 0), ("一要", 3), ("一要", 3)]
    assert r.counts["inline"].get("一方面") == 1
    y = r.outline_yaml
    assert "讲{{ headings|count_cn }}点意见" in y
    # 2022年度 of a 2022年度总结表彰大会: the year before the meeting.
    assert "{{ meeting.date.year - 1 }}年度先进集体" in y
    assert "2022" not in body(r)
    assert "default: “三个年”活动部署会暨年度总结表彰大会" in y
    assert warned(r, "占位符", "XX")
    assert warned(r, "本级用语", "镇长")


def test_seed_003_city_with_nested_lists(seeds):
    r = seeds["003"]
    assert r.level == "市"
    assert r.counts["level1"] == 3 and r.counts["level2"] == 6
    first, second, third = sections(r)
    assert (first["kind"], first["marker"], first["items"]) == ("significance", "（一）", 3)
    assert (second["marker"], second["items"], second["sub"]) == ("（一）", 3, [3, 3, 3])
    assert (third["marker"], third["items"]) == ("一是", 3)
    assert r.counts["closing"] == 1 and r.counts["opening"] == 0
    assert warned(r, "其他地名", "常州市")
    assert warned(r, "占位符", "**")
    assert "**" not in body(r)  # would open bold in Markdown
    assert warned(r, "并入了最后一条")


def test_seed_004_numbering_error_reported(seeds):
    r = seeds["004"]
    assert r.level == "区"
    assert r.counts["level1"] == 3
    assert [(s["marker"], s["items"]) for s in sections(r)] == [("第一，", 3)] * 3
    assert r.counts["numbering_errors"] == 1
    assert warned(r, "序号错误", "第三部分", "第一、第一、第一", "第一、第二、第三")
    assert "做到“{{ items|count_cn }}个清楚”" in r.outline_yaml
    assert "再提{{ headings|count_cn }}方面要求" in r.outline_yaml
    assert warned(r, "其他地名", "柯城")
    assert warned(r, "本级用语", "区长")
    assert warned(r, "占位符", "×")


def test_seed_004_output_is_renumbered(tmp_path, seeds):
    text = render(tmp_path, seeds["004"], "县")
    assert "第二，要严肃工作纪律" in text and "第三，要严肃廉洁纪律" in text
    assert "做到“三个清楚”" in text and "再提三方面要求" in text


# --- rendering for other levels ------------------------------------------------------------------


def test_seed_000_renders_for_a_county_without_township_words(tmp_path, seeds):
    text = render(tmp_path, seeds["000"], "县")
    for word in source_words("乡", "县"):
        assert word not in text, word
    assert "县委县政府决定今天召开" in text
    assert "主要表现在四个方面" in text


def test_seed_001_renders_for_a_town_without_district_words(tmp_path, seeds):
    text = render(tmp_path, seeds["001"], "镇")
    for word in source_words("区", "镇"):
        assert word not in text, word
    assert "镇党委、镇政府" in text and "县委、县政府" in text  # own and upper level


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
@pytest.mark.parametrize("level", ["街道", "市", "局"])
def test_every_seed_renders_for_other_levels(tmp_path, seeds, number, level):
    r = seeds[number]
    if r.level == level:
        level = "县"
    text = render(tmp_path, r, level, seed_=3)
    for word in source_words(r.level, level):
        assert word not in text, (number, level, word)
    assert "{{" not in text and "}}" not in text


# --- a speech in another style ----------------------------------------------------------------------

COUNTY = """\
在临川县2025年安全生产工作会议上的讲话
各位领导、同志们：
今天，县委、县政府召开全县安全生产工作会议，主要任务是总结2024年工作，部署2025年任务。\
刚才，张伟副县长通报了有关情况，我完全同意。下面，我讲三点意见。
一、正视问题，认清形势
过去一年，全县安全生产形势总体平稳。但问题依然存在，主要有两个方面：一方面，企业主体责任\
落实不到位，隐患排查流于形式。另一方面，监管力量薄弱，执法不严。
二、突出重点，精准发力
（一）抓好重点行业
1.道路交通。要严查超速超载，确保6月底前完成隐患路段整治。
2.建筑施工。要落实项目负责人带班制度。
（二）抓好重点时段
节假日和汛期是事故易发期，要做到以下三点：首先，值班要到位。其次，预案要完善。最后，信息要畅通。
三、压实责任，确保实效
各乡镇、各部门要把安全生产摆上重要位置。一是落实属地责任。我县各乡镇党委政府要切实担起责任。\
二是落实部门责任。三是落实企业责任。
同志们，安全生产责任重于泰山。让我们在市委、市政府的坚强领导下，为全县经济社会发展创造良好环境！
"""


def test_own_speech_structure():
    r = extract_text(COUNTY, source="county.txt")
    assert r.level == "县" and r.id == "county"
    c = r.counts
    assert (c["level1"], c["level2"], c["level3"]) == (3, 2, 2)
    got = [(s["kind"], s["marker"], s["items"], s["sub"]) for s in c["sections"]]
    assert got == [("problems", None, 0, []), ("directives", "（一）", 2, [2, 0]),
                   ("directives", "一是", 3, [0, 0, 0])]
    # 首先/其次/最后 and 一方面/另一方面 stay text: drafter cannot number them.
    assert c["inline"] == {"一方面": 1, "首先": 1}
    y = r.outline_yaml
    assert "salutation: 各位领导、同志们：" in y
    assert "default: 安全生产工作会议" in y  # place and year gone from the meeting name
    assert "总结{{ meeting.date.year - 1 }}年工作，部署{{ meeting.date|year_cn }}任务" in y
    assert "讲{{ headings|count_cn }}点意见" in y
    assert "在{{ place.upper }}的坚强领导下" in y
    assert "各乡镇党委政府" in y  # someone else's 党委政府 stays
    assert warned(r, "人名", "张伟副县长")
    assert warned(r, "期限", "6月底前")
    assert not warned(r, "三点")  # the 首先…最后 list in the same paragraph has three


def test_own_speech_renders_for_a_subdistrict(tmp_path):
    r = extract_text(COUNTY, source="county.txt")
    text = render(tmp_path, r, "街道")
    for word in source_words("县", "街道"):
        assert word not in text, word
    assert "街道党工委、办事处召开全街道安全生产工作会议" in text
    assert "总结2025年工作，部署2026年任务" in text
    assert "讲三点意见" in text


STREET = """\
在城关街道2024年度工作总结暨2025年工作部署大会上的讲话
同志们：
刚才，王主任作了工作报告，我都同意。这里，我再强调两点。
第一，要看清形势。2024年，全街道上下奋力拼搏，各项工作取得新成效。街道党工委、办事处始终把\
群众满意作为第一标准。同时也要看到，我街道发展还面临不少困难：（1）产业基础薄弱；（2）公共服务\
短板明显；（3）干部队伍活力不足。
第二，要真抓实干。一要抓项目。今年要确保5个项目开工。二要抓服务。要让群众少跑腿。三要抓作风。
同志们，让我们在区委、区政府的坚强领导下，为建设美丽城关而努力奋斗！
"""


def test_subdistrict_speech_without_headings(tmp_path):
    r = extract_text(STREET, source="street.txt")
    assert r.level == "街道"
    got = [(s["marker"], s["items"], s["sub"]) for s in sections(r)]
    assert got == [("第一，", 2, [0, 3])]  # 第二 holds 一要…三要 from inside its paragraph
    y = body(r)
    # "强调两点" announces the list, so it moves in front of it and follows its length.
    assert "我再强调{{ items|count_cn }}点" in y
    assert "{{ meeting.date.year - 1 }}年，{{ place.all }}上下" in y
    assert "美丽{{ place.short }}" in y  # the place's own name, from the title
    assert warned(r, "人名", "王主任")
    text = render(tmp_path, r, "乡")
    assert "我再强调两点" in text and "全乡上下" in text and "美丽石门" in text
    for word in source_words("街道", "乡"):
        assert word not in text, word


def test_lost_line_breaks_are_restored_and_reported():
    lines = COUNTY.splitlines()
    merged = lines[0] + "\n" + "".join(lines[1:])
    r = extract_text(merged, source="merged.txt")
    c = r.counts
    assert (c["level1"], c["level2"], c["level3"]) == (3, 2, 2)
    assert c["sections"][2]["marker"] == "一是" and c["sections"][2]["items"] == 3
    assert c["closing"] == 1
    assert warned(r, "丢失了换行")


def test_count_that_matches_nothing_is_warned():
    text = ("同志们：\n下面，我讲四点意见。\n一、统一思想\n要提高认识。\n二、狠抓落实\n"
            "一是明确责任。\n二是加强督查。\n")
    r = extract_text(text, title="在全镇工作会议上的讲话")
    assert warned(r, "数量词", "四点意见")
    assert "讲四点意见" in r.outline_yaml


def test_numbering_skips_are_reported():
    text = "一是甲要快。\n三是乙要稳。\n四是丙要实。\n"
    r = extract_text(text, title="在全镇会议上的讲话", level="镇")
    assert r.counts["sections"][0]["items"] == 3
    assert warned(r, "序号错误", "一是、三是、四是", "一是、二是、三是")


def test_markdown_and_jinja_in_the_source_stay_text(tmp_path):
    text = "同志们：\n我镇要把*重点*和 {{ 变量 }} 说清楚，#标签 不是标题。\n一是甲。\n二是乙。\n"
    r = extract_text(text, title="在全镇会议上的讲话")
    out = render(tmp_path, r, "县")
    assert "我县要把*重点*和" in out
    assert "#标签" in out


def test_qualified_party_committees_are_not_this_levels():
    text = ("同志们：\n各级党委政府要重视，上级党委、政府已部署，党委政府决定召开会议，"
            "社区委员会配合。\n")
    r = extract_text(text, title="在全区会议上的讲话", level="区")
    y = r.outline_yaml
    assert "各级党委政府" in y and "上级党委、政府" in y
    assert "{{ place.leaders_short }}决定召开会议" in y
    assert "社区委员会" in y


def test_level_option_and_unknown_level():
    r = extract_text("同志们：\n全县上下要努力。\n", title="讲话", level="县")
    assert r.level == "县" and "{{ place.all }}上下" in r.outline_yaml
    with pytest.raises(DrafterError, match="未知的层级"):
        extract_text("同志们：\n正文。\n", level="州")


def test_no_body_is_an_error():
    with pytest.raises(DrafterError, match="没有找到可以提取的正文"):
        extract_text("\n\n", title="讲话")


def test_helpers():
    assert [cn_int(s) for s in ("一", "十", "十二", "二十", "二十三")] == [1, 10, 12, 20, 23]
    assert split_lead("“慢”，就是工作推进慢。当前……") == ("“慢”，就是工作推进慢。", "当前……")
    seqs = inline_sequences("主要有三种：一是甲。二是乙。三是丙。另：①丁②戊")
    assert [(s.family, len(s)) for s in seqs] == [("是", 3), ("①", 2)]


# Fragments of speeches, shuffled: whatever the order, the outline must load and render.
FRAGMENTS = st.sampled_from([
    "一、统一思想，提高认识", "二、突出重点，狠抓落实", "三、加强领导，确保实效",
    "（一）抓好项目建设", "（二）抓好环境整治", "1.道路交通。要严查。", "2.建筑施工。要落实。",
    "一是明确责任。", "二是加强督查。", "三是严格考核。", "一要快。二要实。", "第一，要清楚。",
    "第二，要到位。", "首先，要学习。其次，要落实。最后，要总结。", "我镇各项工作取得成绩。",
    "全镇上下要讲四个方面：一是甲；二是乙。", "镇党委、镇政府决定召开会议。", "同志们，让我们共同奋斗！",
    "XX同志宣读了决定。", "2025年是关键之年。", "这是一个*特殊*的#时期。",
])


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(FRAGMENTS, min_size=1, max_size=12))
def test_any_arrangement_loads_and_renders(tmp_path, paragraphs):
    r = extract_text("同志们：\n" + "\n".join(paragraphs), title="在青石镇工作会议上的讲话",
                     level="镇")
    text = render(tmp_path, r, "区")
    assert "我镇" not in text and "镇党委" not in text


# --- the command line -----------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_writes_outline_under_outlines(in_tmp):
    source = write(in_tmp / "范文.txt", COUNTY)
    result = run("extract", str(source))
    assert result.exit_code == 0, result.output
    path = in_tmp / "outlines" / "范文.yaml"
    assert "结构：" in result.output and "警告（" in result.output
    assert f"已写入：{Path('outlines') / '范文.yaml'}" in result.output
    assert outline.load(path).id == "范文"
    assert [p.name for p in (in_tmp / "outlines").iterdir()] == ["范文.yaml"]  # no temp file


def test_cli_refuses_to_overwrite_without_force(in_tmp):
    source = write(in_tmp / "a.txt", COUNTY)
    target = write(in_tmp / "out.yaml", "旧内容\n")
    result = run("extract", str(source), "-o", str(target))
    assert result.exit_code == 2
    assert result.output.startswith("错误: ")
    assert "输出文件已存在" in result.output and "--force" in result.output
    assert target.read_text(encoding="utf-8") == "旧内容\n"
    result = run("extract", str(source), "-o", str(target), "--force")
    assert result.exit_code == 0, result.output
    assert outline.load(target).id == "out"  # the id follows -o


def test_cli_prints_yaml_with_dash(in_tmp):
    source = write(in_tmp / "a.txt", COUNTY)
    result = run("extract", str(source), "-o", "-", "--id", "safety")
    assert result.exit_code == 0
    assert result.stdout.startswith("# 由 drafter extract 从 a.txt 提取")
    assert "\nid: safety\n" in result.stdout
    assert "结构：" not in result.stdout and "结构：" in result.stderr
    assert not (in_tmp / "outlines").exists()


def test_cli_missing_file_and_bad_level(in_tmp):
    result = run("extract", "nope.txt")
    assert result.exit_code == 2 and "找不到文件" in result.output
    source = write(in_tmp / "a.txt", COUNTY)
    result = run("extract", str(source), "--level", "州", "-o", "-")
    assert result.exit_code == 2 and "未知的层级：州" in result.output


def test_cli_seed_summary_mentions_numbering_error(in_tmp):
    result = run("extract", str(seed("004")), "-o", "x.yaml")
    assert result.exit_code == 0
    assert "三、严肃“三项纪律”" in result.output
    assert re.search(r"序号错误：第三部分.*第一、第一、第一", result.output)


# --- other inputs ------------------------------------------------------------------------------------


def test_corpus_document_gives_the_seeds_structure(seeds):
    doc = ROOT / "corpus" / "000.md"
    if not doc.is_file():
        pytest.skip("corpus/ not built")
    r = extract_file(doc)
    assert r.id == "000" and r.level == "乡"
    assert sections(r) == sections(seeds["000"])


@pytest.mark.parametrize("suffix", ["md", "docx"])
def test_round_trip_of_a_drafter_draft(tmp_path, suffix):
    """A draft drafter wrote, read back: the outline's own structure comes out."""
    result = api.draft(ROOT / "examples" / "qingshi-town.yaml")
    path = api.write(result.speech, tmp_path / f"draft.{suffix}")
    r = extract_file(path)
    assert r.level == "镇"
    got = [(s["marker"], s["items"], s["sub"]) for s in sections(r)]
    # The draft's own parts: each 一、 heading with its 一是/一要 leads (which lines of argument
    # seed 1 takes decides how many; the extract must find what the draft has).
    assert got == _parts_of(result.speech) and len(got) >= 3
    assert r.counts["opening"] >= 1 and r.counts["closing"] >= 1
    text = render(tmp_path, r, "区")
    for word in source_words("镇", "区"):
        assert word not in text, word
