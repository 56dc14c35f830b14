"""`drafter corpus clean` on the damage real 范文 and document sites do (issue 16): pages written
for these tests, each with one kind of damage, and what a user finds in the cleaned speech."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.corpus import clean as corpus

SPEECH = [
    "同志们：",
    "今天召开全县秸秆禁烧工作会议，主要任务是安排部署今年秋季的禁烧工作。",
    "一、提高认识，把禁烧工作摆上重要位置",
    "秸秆焚烧污染空气，也容易引发火灾，各乡镇要把这项工作作为秋季的头等大事来抓。",
    "二、突出重点，抓好综合利用",
    "要引导群众把秸秆还田、打捆离田，让秸秆变废为宝，从源头上减少焚烧。",
    "同志们，时间紧、任务重，希望大家迅速行动起来，确保不发生一起焚烧事件。",
]
TITLE = "在全县秸秆禁烧工作会议上的讲话"


def page(*head: str, tail: tuple[str, ...] = (), body: list[str] = SPEECH) -> str:
    return "\n".join([*head, *body, *tail]) + "\n"


# --- the title ----------------------------------------------------------------------------------


@pytest.mark.parametrize("head", [
    ("公文高手，超级方便的公文写作神器！ 立即了解", TITLE),
    ("秸秆素材网首页", TITLE),
    ("首页 > 讲话稿 > 会议讲话", TITLE),
    ("秸秆禁烧讲话稿（精选） - 某某文库", "作者：佚名 日期：2025-09-20", TITLE),
])
def test_the_title_is_the_line_shaped_like_a_speech_title(head):
    c = corpus.clean_text(page(*head))
    assert c.title == TITLE
    assert c.paragraphs == SPEECH  # no site or ad line became a quote block or a paragraph


def test_a_title_above_a_dash_subtitle_is_the_title():
    c = corpus.clean_text(page("关于秸秆禁烧工作的几点意见", "——在全县秸秆禁烧工作会议上的讲话"))
    assert c.title == "关于秸秆禁烧工作的几点意见"
    assert c.paragraphs[0] == "——在全县秸秆禁烧工作会议上的讲话"


# --- page furniture, by what a line is ----------------------------------------------------------


@pytest.mark.parametrize("line, rule", [
    ("资源描述：《在全县秸秆禁烧工作会议上的讲话》由会员上传分享，免费在线阅读", "资源信息"),
    ("上传时间：2025-09-21", "时间"),
    ("浏览次数：327", "来源"),
    ("文档页数：12页", "资源信息"),
    ("本文由会员上传分享，更多相关内容在某某文库。", "会员上传"),
    ("下载后可任意编辑", "下载/编辑提示"),
    ("第 2 页 共 27 页", "页码"),
    ("- 3 -", "页码"),
    ("字号：大 中 小", "导航"),
    ("分享到： 微信 微博 QQ空间", "导航"),
    ("阅读原文", "导航"),
    ("本文来源于网络，仅供学习参考。", "版权"),
    ("文档来源：用户上传", "来源"),
    ("温馨提示：下载前请先预览文档内容", "导语"),
    ("查看更多>>", "导航"),
    ("【打印本页】 【关闭窗口】", "导航"),
])
def test_furniture_lines_are_removed_by_their_shape(line, rule):
    c = corpus.clean_text(page(TITLE, line))
    assert c.paragraphs == SPEECH
    assert (rule, line) in c.removed


def test_speech_lines_with_furniture_words_stay():
    body = ["同志们：", "由市政府提供的资金要专款专用。", "上传人员信息要及时准确",
            "发现火情要立即使用灭火器", "点评：这个乡的做法值得推广。", "下载安装防诈骗软件，要一户一户落实。",
            "我们分享了三个村的经验。", "各村评论员要及时发声。"]
    c = corpus.clean_text(page(TITLE, body=body))
    assert c.paragraphs == body and c.removed == []


def test_a_comment_section_ends_the_speech():
    c = corpus.clean_text(page(TITLE, tail=("网友评论《在全县秸秆禁烧工作会议上的讲话》",
                                             "写得很实在，学习了。", "收藏了，谢谢分享")))
    assert c.paragraphs == SPEECH
    assert [r for r, _ in c.removed] == ["评论"] * 3


def test_a_list_of_other_speeches_at_the_end_goes():
    c = corpus.clean_text(page(TITLE, tail=("在全县秋收工作会议上的讲话", "乡镇防火工作会议讲话稿")))
    assert c.paragraphs == SPEECH


def test_a_page_counter_inside_a_paragraph_goes_and_the_sentence_is_whole():
    body = [*SPEECH[:3], "秸秆焚烧污染空气，也容易引发火", "第 1 页 共 2 页", "灾，各乡镇要把这项工作作为秋季的头等大事来抓。",
            *SPEECH[4:]]
    assert corpus.clean_text(page(TITLE, body=body)).paragraphs == SPEECH


def test_chunk_numbers_of_a_document_site_go_and_cut_words_are_whole():
    body = ["同志们：",
            "今天召开全县秸秆禁烧工作会议，主要任务是安排部署今年秋2、季的禁烧工作。",
            "一、提高认识，把禁烧工作摆上重要位置",
            "秸秆焚烧污染空气，也容易引发火灾，各乡镇要把这项工作作为秋季的头等",
            "3、大事来抓。", *SPEECH[4:6],
            "同志们，时间紧、任务重，希望大家迅4、速行动起来，确保不发生一起焚烧事件。"]
    c = corpus.clean_text(page(TITLE, body=body))
    assert c.paragraphs == SPEECH
    assert [t for r, t in c.removed if r == "分块序号"] == ["2、", "3、", "4、"]


def test_chunks_each_on_a_new_line_are_joined_again_headings_too():
    body = ["同志们：", "今天召开全县秸秆禁烧工作会议，主要任务是安排部署今年秋", "2、季的禁烧工作。",
            "一、提高认识，把禁烧工作摆上", "3、重要位置", SPEECH[3], SPEECH[4],
            "要引导群众把秸秆还田、打捆离田，让秸秆变废为宝", "4、，从源头上减少焚烧。", SPEECH[6]]
    c = corpus.clean_text(page(TITLE, body=body))
    assert c.paragraphs == SPEECH


def test_a_writers_own_numbered_list_stays():
    body = ["同志们：", "要做到三点：", "1、摸清底数。各村要登记秸秆数量。", "2、落实责任。各村要包片到人。",
            "3、严格考核。乡镇要每周通报。", "第1、2季度完成了收储，1、2月份开始还田。"]
    assert corpus.clean_text(page(TITLE, body=body)).paragraphs == body


# --- gaps -------------------------------------------------------------------------------------


def test_a_paywall_becomes_a_gap_marker_and_nothing_is_joined_across_it():
    body = [*SPEECH[:4], "二、突出重点，抓好综合利用。此处隐藏2380个字。VIP会员可见 同志们，时间紧、任务重。"]
    c = corpus.clean_text(page(TITLE, body=body))
    assert c.paragraphs[4:] == ["二、突出重点，抓好综合利用。", "〔此处原文缺失约2380字〕", "同志们，时间紧、任务重。"]
    assert all(corpus.GAP_MARKER.match(p) is None for p in SPEECH)
    assert corpus.GAP_MARKER.match(c.paragraphs[5])
    assert ("付费隐藏", "此处隐藏2380个字。VIP会员可见") in c.removed


@pytest.mark.parametrize("notice, marker", [
    ("（未完，全文共5120字，请下载后阅读）", "〔此处原文缺失约5120字〕"),
    ("（未完，全文", "〔此处原文缺失〕"),
    ("剩余3200字未读，点击查看", "〔此处原文缺失约3200字〕"),
    ("试读已结束，如需继续阅读，请购买全文", "〔此处原文缺失〕"),
    ("剩余12页未读，继续阅读", "〔此处原文缺失〕"),
])
def test_a_truncated_page_ends_with_a_gap_marker(notice, marker):
    c = corpus.clean_text(page(TITLE, tail=(notice,), body=SPEECH[:4]))
    assert c.paragraphs == [*SPEECH[:4], marker]


# --- flattened pages ----------------------------------------------------------------------------


def test_a_speech_on_one_line_gets_its_paragraphs_back():
    flat = (f"{TITLE} 同志们：今天召开全县秸秆禁烧工作会议。这是我第一次在这个会上讲禁烧，"
            "实事求是地说，一是一、二是二，统一是前提。一、提高认识。一是思想到位，要统一认识。二是责任到位。"
            "二、突出重点。第一，抓还田。第二，抓离田。同志们，时间紧、任务重。")
    c = corpus.clean_text(flat)
    assert c.title == TITLE
    assert c.paragraphs == [
        "同志们：",
        "今天召开全县秸秆禁烧工作会议。这是我第一次在这个会上讲禁烧，实事求是地说，一是一、二是二，统一是前提。",
        "一、提高认识。", "一是思想到位，要统一认识。", "二是责任到位。",
        "二、突出重点。", "第一，抓还田。", "第二，抓离田。",
        "同志们，时间紧、任务重。",
    ]


def test_paragraphs_joined_by_their_indentation_are_split_again():
    flat = "\u3000\u3000".join(SPEECH)
    assert corpus.clean_text(f"{TITLE}\n{flat}").paragraphs == SPEECH


def test_a_heading_joined_to_its_body_by_a_space_is_split():
    body = [*SPEECH[:2], SPEECH[2] + " " + SPEECH[3], *SPEECH[4:]]
    assert corpus.clean_text(page(TITLE, body=body)).paragraphs == SPEECH


# --- characters ---------------------------------------------------------------------------------


def test_ellipses_stay_ellipses():
    body = ["同志们：", "有的同志说...等一等再说。有的说……明年再办。还有的说…算了。"]
    c = corpus.clean_text(page(TITLE, body=body))
    assert c.paragraphs[1] == "有的同志说……等一等再说。有的说……明年再办。还有的说…算了。"
    assert "。.." not in c.text


def test_traditional_is_converted_phrase_by_phrase():
    c = corpus.clean_text("在全縣秸稈禁燒工作會議上的講話\n同志們：\n隨著秋收到來，我們要著手做好禁燒工作，"
                          "乾隆年間就有著名的治水故事，天氣乾燥時更要注意。\n")
    assert c.title == "在全县秸秆禁烧工作会议上的讲话"
    assert c.paragraphs[1] == ("随着秋收到来，我们要着手做好禁烧工作，乾隆年间就有著名的治水故事，"
                               "天气干燥时更要注意。")
    assert c.meta["converted"] == "繁体转简体"


# --- front matter -------------------------------------------------------------------------------


def test_a_re_dated_title_line_is_kept_in_the_front_matter():
    c = corpus.clean_text(page("2025年全县秸秆禁烧工作会议讲话", "2024年全县秸秆禁烧工作会议讲话"))
    assert c.title == "2025年全县秸秆禁烧工作会议讲话"
    assert c.meta["page_titles"] == ["2024年全县秸秆禁烧工作会议讲话"]
    assert c.paragraphs == SPEECH


def test_a_compilation_gives_its_first_speech_and_keeps_the_page_title():
    other = ["同志们：", "这是另一篇讲话。"]
    text = page("在全市秸秆禁烧工作会议上的讲话【汇编10篇】", "篇1", "在城东区秸秆禁烧工作会议上的讲话",
                tail=("篇二：在城西区秸秆禁烧工作会议上的讲话", *other))
    c = corpus.clean_text(text)
    assert c.title == "在城东区秸秆禁烧工作会议上的讲话"
    assert c.paragraphs == SPEECH
    assert c.meta["page_titles"] == ["在全市秸秆禁烧工作会议上的讲话"]
    assert c.meta["level"] == "区"
    assert c.meta["compilation"] == "共2篇，只取第1篇"


def test_the_page_title_above_the_speech_title_is_kept_without_the_site():
    c = corpus.clean_text(page("【领导讲话】全市秸秆禁烧工作会议讲话_某某范文网", "领导讲话",
                               "在城东区秸秆禁烧工作会议上的讲话"))
    assert c.title == "在城东区秸秆禁烧工作会议上的讲话"
    assert c.meta["page_titles"] == ["全市秸秆禁烧工作会议讲话"]  # 领导讲话 is a label


def test_page_titles_are_written_to_the_corpus_file(tmp_path):
    c = corpus.clean_text(page("2025年全县秸秆禁烧工作会议讲话", "2024年全县秸秆禁烧工作会议讲话"))
    text = corpus.write_doc(c, tmp_path, "x").read_text(encoding="utf-8")
    meta, _, _ = corpus.split_front_matter(text)
    assert meta["page_titles"] == ["2024年全县秸秆禁烧工作会议讲话"]


def test_the_unit_the_title_names_decides_the_level():
    body = ["同志们：", "全区上下要配合党工委的部署，我们街道要走在前列。"]
    c = corpus.clean_text(page("在云岭街道秸秆禁烧工作会议上的讲话", body=body))
    assert c.meta["level"] == "街道"


# --- html -------------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>秸秆禁烧会议讲话_某某公文网</title>
<script>var ad = "立即了解";</script></head>
<body>
<div class="nav"><a href="/">首页</a> | <a href="/a">讲话稿</a> | <a href="/b">总结</a> | <a href="/c">登录</a></div>
<div class="ad"><a href="/go">公文高手，超级方便的公文写作神器！ 立即了解</a></div>
<div class="main"><h1>在全县秸秆禁烧工作会议上的讲话</h1>
<div class="info">发布时间：2025-09-20&nbsp;&nbsp;来源：某某公文网</div>
<div class="text">
""" + "\n".join(f"<p>{p}</p>" for p in SPEECH) + """
</div></div>
<div class="links"><h3>相关文章</h3><ul><li><a href="/1">在全县秋收工作会议上的讲话</a></li>
<li><a href="/2">乡镇防火工作会议讲话稿</a></li></ul></div>
<div class="foot">Copyright &copy; 2025 某某公文网 版权所有</div>
</body></html>
"""


def test_an_html_page_gives_its_article_title_and_date(tmp_path):
    path = tmp_path / "007_page.html"
    path.write_text(HTML, encoding="utf-8")
    c = corpus.clean_file(path)
    assert c.title == TITLE
    assert c.paragraphs == SPEECH
    assert c.meta["date"] == "2025-09-20" and c.meta["source"] == "某某公文网"
    assert c.meta["original"] == "007_page.html"


def test_an_html_page_on_the_command_line(tmp_path):
    from click.testing import CliRunner

    from drafter.cli import cli

    path = tmp_path / "007_page.html"
    path.write_text(HTML, encoding="gbk", errors="strict")
    result = CliRunner().invoke(cli, ["corpus", "clean", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "007.md").read_text(encoding="utf-8")
    assert f"# {TITLE}\n\n同志们：\n" in text and "神器" not in text and "相关文章" not in text


def test_an_html_page_without_text_is_refused_in_chinese(tmp_path):
    from click.testing import CliRunner

    from drafter.cli import cli

    (tmp_path / "008_empty.html").write_text("<html><body><div></div></body></html>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["corpus", "clean", str(tmp_path / "008_empty.html"),
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "008_empty.html: 网页里没有找到正文" in result.output
    assert "提示: 在浏览器里打开网页" in result.output


# --- the rules table ----------------------------------------------------------------------------


@pytest.fixture
def rules_file(tmp_path, monkeypatch):
    """Point the cleaner at another cleaning.yaml (and forget the compiled tables after)."""
    import importlib

    # The packages re-export functions named like these modules: import the modules themselves.
    corpus_rules = importlib.import_module("drafter.corpus.clean.rules")
    page_rules = importlib.import_module("drafter.document.webpage.rules")

    def clear():
        for f in (page_rules.table, page_rules.page_rules, corpus_rules.rules):
            f.cache_clear()

    path = tmp_path / "cleaning.yaml"
    monkeypatch.setattr(page_rules, "DATA", path)
    clear()
    yield path
    monkeypatch.undo()
    clear()


def test_a_broken_rules_table_is_named_in_chinese(rules_file):
    from drafter.errors import DrafterError

    rules_file.write_text("lines:\n  - name: [\n", encoding="utf-8")
    with pytest.raises(DrafterError) as e:
        corpus.clean_text(page(TITLE))
    assert e.value.message.startswith("清洗规则表有错：YAML 格式错误（第")
    rules_file.write_text("lines: []\n", encoding="utf-8")
    with pytest.raises(DrafterError, match="清洗规则表有错：缺少键"):
        corpus.clean_text(page(TITLE))


def test_a_cleaned_file_is_checked_without_its_front_matter(tmp_path):
    from drafter.document.read import read_speech

    c = corpus.clean_text(page("2025年全县秸秆禁烧工作会议讲话", "2024年全县秸秆禁烧工作会议讲话"))
    path = corpus.write_doc(c, tmp_path, "x")
    speech = read_speech(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert speech.title == "2025年全县秸秆禁烧工作会议讲话"
    assert [b.text for b in speech.body] == SPEECH
    # Blocks point at their lines in the file, front matter counted.
    assert all(lines[b.source - 1].endswith(b.text) for b in speech.blocks)


# --- any page -----------------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "同志们：", "一、", "（一）", "第一，", "一是", "。", "，", "\n", " ", "\u3000\u3000", "2、", "第 1 页 共 3 页",
    "此处隐藏120个字。VIP会员可见", "（未完，全文", "篇1", "【汇编5篇】", "网友评论《", "首页 > ", "...",
    "在全县大会上的讲话", "今天召开会议", "要抓好落实", "隨著", "區(qū)", "资源描述：", "下载后可任意编辑",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_page_gives_paragraphs_and_lines_of_the_file(text):
    from drafter.document import plaintext

    c = corpus.clean_text(text)
    assert all(p and "\n" not in p and p == p.strip() for p in c.paragraphs)
    assert "。.." not in c.text
    lines = text.splitlines()
    for b in plaintext.parse(text).blocks:
        assert 1 <= b.source <= len(lines) and b.text
