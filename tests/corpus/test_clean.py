"""Cleaning downloaded speeches into corpus/: what a user finds in the cleaned text, the written
documents, and `drafter corpus clean` on the command line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, listing

from drafter.cli import cli
from drafter.corpus import clean as corpus
from drafter.document import markdown
from drafter.errors import DrafterError

CORPUS = ROOT / "corpus"
RAW = CORPUS / "raw"
SEEDS = {p.name[:3]: p for p in sorted(RAW.glob("*.txt"))}
PINYIN = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")


def clean(seed: str) -> corpus.Cleaned:
    return corpus.clean_file(SEEDS[seed])


def whole(c: corpus.Cleaned) -> str:
    return c.title + "\n" + c.text


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_the_five_seeds_are_in_the_repository():
    assert sorted(SEEDS) == ["000", "001", "002", "003", "004"]


# --- seed 001: Traditional, pinyin, mojibake ---------------------------------------------------


def test_seed_001_has_no_traditional_characters_left():
    import opencc

    c = clean("001")
    text = whole(c)
    assert opencc.OpenCC("t2s").convert(text) == text
    assert c.title == "全区打造一流机关形象动员会发言稿"
    assert "區" not in text and "機" not in text and "動員" not in text
    assert c.meta["converted"] == "繁体转简体"


def test_seed_001_has_no_pinyin_annotations_left():
    text = whole(clean("001"))
    assert not PINYIN.search(text)
    assert "机关作风的好坏" in text  # 機(jī)關(guān)作風(fēng) → 机关作风


def test_seed_001_mojibake_is_flagged_with_its_position_and_kept():
    c = clean("001")
    runs = [f.text for f in c.flags]
    assert "?!笆濉币?guī)" in runs
    assert "?!斗桨浮分袑Ω黜椆ぷ鞫家炎髁瞬渴?" in runs
    # Each of the six garbled spots of the page is reported, with nothing else: every run holds
    # the "?" a lost byte left behind.
    assert len(c.flags) == 6 and all("?" in r for r in runs)
    for f in c.flags:
        assert f.kind == "疑似乱码"
        assert c.paragraphs[f.line - 1][f.column - 1:].startswith(f.text)
    first = next(f for f in c.flags if f.text.startswith("?!笆"))
    assert c.paragraphs[first.line - 1][first.column - 2] == "确"  # 确?!笆濉币?guī)划


def test_ordinary_text_of_the_other_seeds_is_not_flagged():
    for seed in ("000", "002", "003", "004"):
        assert clean(seed).flags == [], seed


@pytest.mark.parametrize("text", [
    "怎么办?我们要加快发展!全镇上下要行动起来。",          # half-width punctuation, no mojibake
    "GDP增长5%，创成4A级景区，建成5G基站120个，PPP项目3个。",  # Latin words glued to Chinese
    "上半年查处问题×起×人。①不要推；②不要拖。",            # placeholders and circled numbers
    "邯郸、濮阳、亳州的同志介绍了经验。",                    # rarer but real characters
])
def test_ordinary_prose_is_not_mojibake(text):
    assert corpus.find_mojibake(text) == []


@pytest.mark.parametrize("text,run", [
    ("这是锟斤拷锟斤拷的结果。", "锟斤拷锟斤拷"),
    ("会议\ufffd\ufffd决定。", "\ufffd\ufffd"),
    ("数据Ã©tÃ©乱码。", "Ã©tÃ"),
])
def test_other_kinds_of_mojibake_are_flagged(text, run):
    spans = corpus.find_mojibake(text)
    assert [text[a:b] for a, b in spans] == [run]


# --- seeds 000, 002, 004: boilerplate ----------------------------------------------------------


def test_seed_004_site_footer_and_navigation_are_gone():
    c = clean("004")
    text = whole(c)
    for junk in ("百味书屋", "链接地址", "版权", "相关文章", "推荐文章", "http", "导航", "经典文章"):
        assert junk not in text, junk
    assert c.title == "政府自身建设总结讲话"
    assert c.paragraphs[0] == "同志们："
    assert c.paragraphs[-1].startswith("同志们，时代呼唤担当")
    assert c.meta["source"] == "百味书屋" and c.meta["date"] == "2021-02-24"
    assert c.meta["level"] == "区" and c.meta["genre"] == "总结讲话"
    assert "政府自身建设总结讲话" not in c.text  # the title repeated mid-body


def test_seed_000_recommendations_and_editor_lines_are_gone():
    c = clean("000")
    assert "推荐访问" not in c.text and "小编" not in c.text and "时间:" not in c.text
    # The page title came back re-dated (2022年…) under the real one (2023年…).
    assert not any("机关效能建设动员大会讲话" in p for p in c.paragraphs)
    assert c.paragraphs[0] == "同志们："
    # The re-dated title is kept in the front matter: the page did say 2022.
    assert c.meta == {
        "title": "2023年乡党委政府机关效能建设动员大会讲话",
        "page_titles": ["2022年乡党委政府机关效能建设动员大会讲话"],
        "date": "2023-04-08", "level": "乡",
        "genre": "动员讲话", "original": SEEDS["000"].name,
    }
    assert dict(c.removed).keys() >= {"时间", "小编", "推荐访问", "重复标题"}


def test_seed_002_title_wrapped_over_two_lines_is_not_kept_in_the_body():
    c = clean("002")
    assert c.title == "在镇“三个年”活动部署会暨2022年度总结表彰大会上的讲话"
    assert c.paragraphs[0] == "同志们："
    assert [rule for rule, _ in c.removed] == ["重复标题", "重复标题"]
    assert c.meta["level"] == "镇" and c.meta["genre"] == "总结表彰讲话"


def test_seeds_003_next_and_previous_links_are_gone():
    c = clean("003")
    assert "上一篇" not in c.text and "下一篇" not in c.text and "导语" not in c.text
    assert c.meta["level"] == "市"


def test_punctuation_is_full_width_in_chinese():
    c = clean("000")
    assert "精神，筑牢" in c.text and "“五型机关”（学习型、创新型" in c.text
    assert not re.search(r"[\u4e00-\u9fff][,:;()]|[,:;()][\u4e00-\u9fff]", c.text)


# --- an unseen page: the rules match shapes, not one site's words ------------------------------

UNSEEN = """\
首页 > 范文大全 > 讲话稿
在全县安全生产工作会议上的讲话_某某范文网
发布时间：2023年5月6日 作者：佚名 来源：某某范文网
阅读量：1024
　　各位领导、同志们：今天召开全县安全生产工作会议，主要任务是部署今年工作。
　　一、认清形势
　　今年以来，我县安全生产形势总体平稳。加强知识产权和版权保护，也是营商环境的一部分，我们要在全县上下形成共识，推动各项工作上台阶，让群众满意。
　　（三）打造北斗导航产业
　　同志们，安全生产责任重于泰山！
点击下载Word文档
本文链接：https://www.example.cn/a/123.html
扫码关注公众号，获取更多范文
猜你喜欢：
在全市安全生产大会上的讲话
县长在安全生产会议上的讲话
Copyright © 2023 某某范文网 All rights reserved 苏ICP备12345678号
"""


def test_boilerplate_of_an_unseen_site_is_removed_by_shape():
    c = corpus.clean_text(UNSEEN, "unseen.txt")
    assert c.title == "在全县安全生产工作会议上的讲话"
    assert c.paragraphs == [
        "各位领导、同志们：",
        "今天召开全县安全生产工作会议，主要任务是部署今年工作。",
        "一、认清形势",
        "今年以来，我县安全生产形势总体平稳。加强知识产权和版权保护，也是营商环境的一部分，"
        "我们要在全县上下形成共识，推动各项工作上台阶，让群众满意。",
        "（三）打造北斗导航产业",
        "同志们，安全生产责任重于泰山！",
    ]
    assert c.meta["source"] == "某某范文网" and c.meta["date"] == "2023-05-06"
    assert c.meta["url"] == "https://www.example.cn/a/123.html"
    assert c.meta["level"] == "县"
    rules = {rule for rule, _ in c.removed}
    assert {"导航", "时间", "下载/付费", "链接", "广告", "相关文章", "版权"} <= rules


# --- paragraphs, pinyin, Simplified text -------------------------------------------------------


def test_a_page_that_lost_its_line_breaks_gets_paragraphs_back():
    page = ("在全镇作风建设大会上的讲话\n同志们：今天召开大会。一、统一思想。（一）提高认识。"
            "要把思想统一起来。（二）完善机制。一是建立制度，二是落实责任。二、狠抓落实。"
            "首先，要明确责任。其次，要强化督查。第三，要严格考核。第一，要早谋划。第二，要快推进。")
    assert corpus.clean_text(page).paragraphs == [
        "同志们：",
        "今天召开大会。",
        "一、统一思想。",
        "（一）提高认识。要把思想统一起来。",
        # A flattened line (two headings in it): 一是 after a sentence end opens an item too;
        # 二是 after a comma stays inline.
        "（二）完善机制。",
        "一是建立制度，二是落实责任。",
        # 首先…其次…第三 is one enumeration: 第三 does not continue a 第一/第二, so no break.
        "二、狠抓落实。首先，要明确责任。其次，要强化督查。第三，要严格考核。",
        "第一，要早谋划。",
        "第二，要快推进。",
    ]


def test_inline_list_after_a_colon_stays_inline():
    page = "标题\n主要表现在两个方面：一、思想不够解放，二、工作不够扎实。"
    assert corpus.clean_text(page).paragraphs == [
        "主要表现在两个方面：一、思想不够解放，二、工作不够扎实。"]


def test_pinyin_annotations_go_and_ordinary_parentheses_stay():
    page = ("标题\n全区(qū)机(jī)关（guān）要建设“五型机关”(学习型、创新型),"
            "在(2022年)的基础上,抓好(一)(二)两项,GDP(国内生产总值)要增长。")
    text = corpus.clean_text(page).text
    assert text == ("全区机关要建设“五型机关”（学习型、创新型），在（2022年）的基础上，"
                    "抓好（一）（二）两项，GDP（国内生产总值）要增长。")
    assert corpus.clean_text("標題\n全區(qū)機(jī)關(guān)").text == "全区机关"


def test_simplified_text_is_not_converted():
    page = "标题\n乾隆年间的著作於是流传下来，我们要学习。"
    c = corpus.clean_text(page)
    assert c.text == "乾隆年间的著作於是流传下来，我们要学习。"
    assert "converted" not in c.meta


# --- corpus documents --------------------------------------------------------------------------


def test_written_document_has_front_matter_and_parses_as_a_speech(tmp_path):
    c = clean("004")
    path = corpus.write_doc(c, tmp_path, "004")
    assert path == tmp_path / "004.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 政府自身建设总结讲话\ndate: '2021-02-24'\n")
    meta, body, _ = corpus.split_front_matter(text)
    assert meta["original"] == SEEDS["004"].name and meta["flags"] == 0
    assert body.lstrip("\n").startswith("# 政府自身建设总结讲话\n\n同志们：\n\n")
    speech = markdown.parse(body)
    assert speech.title == "政府自身建设总结讲话"
    assert [b.kind for b in speech.blocks[:2]] == ["title", "salutation"]
    assert [b.text for b in speech.body] == c.paragraphs
    with pytest.raises(DrafterError, match="输出文件已存在"):
        corpus.write_doc(c, tmp_path, "004")
    corpus.write_doc(c, tmp_path, "004", force=True)


def test_markdown_characters_in_a_speech_stay_text(tmp_path):
    c = clean("003")  # "结合**实际": a place name the site starred out
    doc = corpus.read_doc(corpus.write_doc(c, tmp_path, "003"))
    assert "结合**实际" in doc.text and doc.text == c.text


def test_load_corpus_reads_every_document():
    docs = corpus.load_corpus(CORPUS)
    assert [d.id for d in docs] == ["000", "001", "002", "003", "004"]
    assert docs[4].title == "政府自身建设总结讲话" and docs[4].meta["level"] == "区"
    assert docs[1].meta["flags"] == 6
    assert all(d.text.startswith("同志们：") or d.id == "003" for d in docs)


def test_doc_id_comes_from_the_number_in_the_file_name():
    assert corpus.doc_id("corpus/raw/000_6f928f7a2bf66737.txt") == "000"
    assert corpus.doc_id("讲话.txt") == "讲话"


def test_rebuilding_the_corpus_gives_the_committed_files(tmp_path):
    result = run("corpus", "clean", *map(str, SEEDS.values()), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    committed = {k: v for k, v in listing(CORPUS).items() if k != "README.md"}
    assert listing(tmp_path) == committed


# --- the command line --------------------------------------------------------------------------


def test_clean_writes_one_document_per_file(in_tmp):
    result = run("corpus", "clean", str(SEEDS["000"]), str(SEEDS["004"]))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (in_tmp / "corpus").iterdir()) == ["000.md", "004.md"]
    assert "已写入：corpus/000.md（2023年乡党委政府机关效能建设动员大会讲话；13 段，删除 4 行）" \
        in result.output


def test_clean_verbose_lists_removals_and_mojibake_positions(in_tmp):
    result = run("corpus", "clean", "--verbose", str(SEEDS["000"]), str(SEEDS["001"]))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "  删除 [推荐访问] 推荐访问:乡党 政府机关" in out
    assert "  删除 [重复标题] 2022年乡党委政府机关效能建设动员大会讲话" in out
    assert "疑似乱码 6 处" in out
    m = re.search(r"  疑似乱码 corpus/001\.md:(\d+):(\d+)（正文第 \d+ 段第 \d+ 字）：\?!笆濉币", out)
    assert m, out
    line = (in_tmp / "corpus" / "001.md").read_text(encoding="utf-8").split("\n")[int(m[1]) - 1]
    assert line[int(m[2]) - 1:].startswith("?!笆濉币")


def test_clean_warns_about_mojibake_without_verbose(in_tmp):
    result = run("corpus", "clean", str(SEEDS["001"]))
    assert result.exit_code == 0
    assert "注意：6 处疑似乱码已保留在正文中，加 --verbose 查看位置" in result.output


def test_clean_does_not_overwrite_without_force(in_tmp):
    assert run("corpus", "clean", str(SEEDS["002"])).exit_code == 0
    result = run("corpus", "clean", str(SEEDS["002"]))
    assert result.exit_code == 2
    assert "错误: corpus/002.md: 输出文件已存在：corpus/002.md\n提示: 加 --force 覆盖" \
        in result.output
    assert run("corpus", "clean", "--force", str(SEEDS["002"])).exit_code == 0


def test_one_bad_file_does_not_stop_the_others(in_tmp):
    (in_tmp / "bad.txt").write_bytes(b"\xff\xfe\x00\x80\x81\xff")
    result = run("corpus", "clean", "missing.txt", "bad.txt", str(SEEDS["003"]))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "错误: missing.txt: 找不到文件：missing.txt" in result.output
    assert "错误: bad.txt: 无法识别文件编码（不是 UTF-8，也不是 GBK/GB18030）" in result.output
    assert "提示: 用文本编辑器另存为 UTF-8 再试" in result.output
    assert "2 个文件没有处理" in result.output
    assert (in_tmp / "corpus" / "003.md").is_file()


def test_gbk_pages_are_read(in_tmp):
    page = in_tmp / "005_gbk.txt"
    page.write_bytes("在全镇大会上的讲话\n同志们：\n今天开会。\n".encode("gbk"))
    result = run("corpus", "clean", str(page))
    assert result.exit_code == 0, result.output
    assert "今天开会。" in (in_tmp / "corpus" / "005.md").read_text(encoding="utf-8")


def test_two_files_with_one_number_are_refused(in_tmp):
    shutil.copy(SEEDS["000"], in_tmp / "000_copy.txt")
    result = run("corpus", "clean", str(SEEDS["000"]), "000_copy.txt")
    assert result.exit_code == 2
    assert "错误: 000_copy.txt: 编号 000 与" in result.output
    assert "提示: 把其中一个文件改名" in result.output


def test_clean_needs_a_file(in_tmp):
    result = run("corpus", "clean")
    assert result.exit_code == 2 and result.output.startswith("错误: 缺少文件")
    assert list(in_tmp.iterdir()) == []


def test_corpus_readme_gives_the_rebuild_command():
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert "drafter corpus clean corpus/raw/*.txt -o corpus --force" in readme


def test_cli_module_imports_only_click(tmp_path):
    import subprocess
    import sys

    code = ("import sys, drafter.cli.corpus; "
            "print(sorted(m for m in ('yaml', 'opencc', 'markdown_it', 'docx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_doc_written_path_is_relative_to_output(tmp_path):
    out = tmp_path / "nested" / "corpus"
    path = corpus.write_doc(clean("002"), out, "002")
    assert path == out / "002.md" and Path(path).is_file()
