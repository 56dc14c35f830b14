"""A .docx as people edit it reads as Word shows it with all changes accepted: tracked
insertions, hyperlinks, field results, tables, text boxes and notes are text; deletions and
field instructions are not; each block says which w:p it came from; a title block typed by hand
is a title block. `drafter check` sees all of it."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner
from lxml import etree
from word_files import (
    W_NS,
    comment_mark,
    delete,
    field,
    hyperlink,
    ins,
    move_from,
    move_to,
    note_ref,
    p,
    r,
    simple_field,
    table,
    text_box,
    word,
)

from drafter.cli import cli
from drafter.document.docx_reader import read_docx, read_docx_report

TITLE = p(r("在青石镇春季农业生产推进会上的讲话"), jc="center")
OPENING = [TITLE, p(r("镇长　赵文清"), jc="center"), p(r("（2026年3月15日）"), jc="center"),
           p(r("同志们："))]


def texts(path) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in read_docx(path).blocks]


def test_tracked_insertions_and_moves_are_read_and_deletions_are_not(tmp_path):
    path = word(tmp_path / "修订.docx", [TITLE, p(
        r("今天召开"), ins(r("全镇")), delete("全县"), r("春耕推进会，"),
        move_from("请各村抓紧。"), r("把种子备足。"), move_to("请各村抓紧。"))])
    assert texts(path)[1] == ("paragraph", "今天召开全镇春耕推进会，把种子备足。请各村抓紧。")


def test_hyperlinks_and_field_results_are_text_but_field_instructions_are_not(tmp_path):
    nested = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF </w:instrText>'
              "</w:r>" + field("MERGEFIELD 村名", "内部结果") + '<w:r><w:instrText> = "" "无" "有"'
              '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("有")
              + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    path = word(tmp_path / "域.docx", [TITLE, p(
        r("详见"), hyperlink("县农业农村局网站"), r("，共"), simple_field("NUMPAGES", "4"),
        r("页，"), field('HYPERLINK "http://nongye.example/x"', "通知全文"), r("，结论："), nested,
        r("。"))])
    assert texts(path)[1] == ("paragraph", "详见县农业农村局网站，共4页，通知全文，结论：有。")


def test_hidden_text_is_not_read_and_an_unclosed_field_hides_only_its_paragraph(tmp_path):
    hidden = '<w:r><w:rPr><w:vanish/></w:rPr><w:t>（内部备注：XX待定）</w:t></w:r>'
    unclosed = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                '<w:r><w:instrText>REF 未完</w:instrText></w:r><w:r><w:t>域代码里的字</w:t></w:r>')
    path = word(tmp_path / "隐藏.docx", [
        TITLE, p(r("全镇要抓紧备耕。"), hidden), p(r("这一段有坏掉的域。"), unclosed),
        p(r("下一段照常读。"))])
    assert [b.text for b in read_docx(path).blocks[1:]] == [
        "全镇要抓紧备耕。", "这一段有坏掉的域。", "下一段照常读。"]


def test_each_table_cell_paragraph_is_a_plain_paragraph_in_row_order(tmp_path):
    # A table in a speech is a list of figures: every cell is read, row by row, and a cell
    # reading "1." or "一、" is a cell, not a heading.
    path = word(tmp_path / "表格.docx", [
        *OPENING, p(r("今年的主要指标如下。")),
        table(["序号", "指标", "目标"], ["1.", "粮食播种面积", "XX万亩"], ["一、", "春耕机械", "120台"]),
        p(r("一、抓好春耕备耕"))])
    assert texts(path)[4:] == [
        ("paragraph", "今年的主要指标如下。"), ("paragraph", "序号"), ("paragraph", "指标"),
        ("paragraph", "目标"), ("paragraph", "1."), ("paragraph", "粮食播种面积"),
        ("paragraph", "XX万亩"), ("paragraph", "一、"), ("paragraph", "春耕机械"),
        ("paragraph", "120台"), ("heading", "一、抓好春耕备耕")]


def test_a_text_box_word_writes_twice_is_read_once_after_its_anchor(tmp_path):
    path = word(tmp_path / "文本框.docx", [
        TITLE, p(r("各村要抓紧整修沟渠。"), text_box(p(r("温馨提示：")), p(r("三月底前完成。")))),
        p(r("下面讲第二个问题。"))])
    speech, report = read_docx_report(path)
    assert [b.text for b in speech.blocks[1:]] == [
        "各村要抓紧整修沟渠。", "温馨提示：", "三月底前完成。", "下面讲第二个问题。"]
    assert report.contents.text_boxes == 1


def test_footnotes_then_endnotes_follow_the_body(tmp_path):
    path = word(tmp_path / "注释.docx", [
        TITLE, p(r("全镇粮食面积稳定在5万亩"), note_ref("footnote", 1), r("。"))],
        footnotes=["数据来源：镇统计站。", "第二条脚注。"], endnotes=["尾注一条。"])
    speech, report = read_docx_report(path)
    assert [(b.kind, b.text) for b in speech.blocks[1:]] == [
        ("paragraph", "全镇粮食面积稳定在5万亩。"), ("paragraph", "数据来源：镇统计站。"),
        ("paragraph", "第二条脚注。"), ("paragraph", "尾注一条。")]
    assert report.notes == {2: "脚注1", 3: "脚注2", 4: "尾注1"}
    assert (report.contents.footnotes, report.contents.endnotes) == (2, 1)


def _own_text(paragraph) -> str:
    """The text of a w:p's own visible runs, by XPath, independently of the reader: not in a
    deletion, a field instruction or a paragraph nested in it, nor in a VML fallback."""
    ns = {"w": W_NS, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
    found = paragraph.xpath(".//w:t[not(ancestor::w:del) and not(ancestor::w:moveFrom) "
                            "and not(ancestor::mc:Fallback)]", namespaces=ns)
    return "".join(t.text or "" for t in found
                   if next(t.iterancestors(f"{{{W_NS}}}p")) is paragraph).strip()


def test_block_source_is_the_index_of_its_w_p_in_document_order(tmp_path):
    path = word(tmp_path / "编号.docx", [
        *OPENING, p(), p(r("今年要"), ins(r("抓早")), delete("抓晚"), r("抓实。")),
        table(["项目", "进度"], ["水利", "八成"]),
        p(r("锚定的段落。"), text_box(p(r("文本框的话。")))), p(delete("整段删掉。")),
        p(r("最后一段。"), note_ref("footnote", 1))],
        footnotes=["脚注的话。"])
    with zipfile.ZipFile(path) as z:
        roots = [etree.fromstring(z.read(f"word/{part}.xml")) for part in ("document", "footnotes")]
    elements = [e for root in roots for e in root.iter(f"{{{W_NS}}}p")]
    blocks = read_docx(path).blocks
    assert [b.source for b in blocks] == [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 14, 17]
    assert [_own_text(elements[b.source]) for b in blocks] == [b.text for b in blocks]


@pytest.mark.parametrize("speaker, date, jc", [
    ("县委书记  周启航", "（2026年3月15日）", None),   # typed flush left, no styles
    ("周启航", "2026年3月15日", None),                 # a name alone, a date without brackets
    ("县委书记　周启航", "（二〇二六年三月十五日）", "center"),  # centred by hand
])
def test_a_title_block_typed_by_hand_is_a_title_block(tmp_path, speaker, date, jc):
    path = word(tmp_path / "手打.docx", [
        p(r("在临川县安全生产工作会议上的讲话", bold=True), jc=jc), p(r(speaker), jc=jc),
        p(r(date), jc=jc), p(r("同志们："), jc=jc),
        p(r("今天召开全县安全生产工作会议，主要任务是分析形势、部署工作。")), p(r("一、认清形势"))])
    assert [kind for kind, _ in texts(path)] == [
        "title", "speaker", "date", "salutation", "paragraph", "heading"]


def test_a_numbered_line_under_the_title_is_a_heading_even_centred(tmp_path):
    path = word(tmp_path / "无称呼.docx", [
        TITLE, p(r("一、总体要求"), jc="center"), p(r("全镇上下要抓紧抓实。")), p(r("春耕在即"))])
    assert texts(path)[1:] == [("heading", "一、总体要求"), ("paragraph", "全镇上下要抓紧抓实。"),
                               ("paragraph", "春耕在即")]


def check_json(path) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(cli, ["check", str(path), "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def test_check_reports_a_placeholder_and_a_self_reference_inside_tracked_insertions(tmp_path):
    # Measured: "未发现问题" on a 镇 speech whose 修订 inserted "XX同志" and "我乡".
    path = word(tmp_path / "镇.docx", [
        *OPENING, p(r("今天召开全镇春季农业生产推进会，安排今年春耕备耕。")),
        p(r("刚才，"), ins(r("XX同志通报了全镇春耕准备情况，")), r("大家要认真抓好落实。")),
        p(r("今年，我镇要稳住粮食面积，"), ins(r("我乡各村要把良种提前备足，")), r("确保不误农时。"))])
    code, findings = check_json(path)
    assert code == 1
    found = {(f["rule"], f["paragraph"]) for f in findings}
    assert {("placeholder", 6), ("self-reference", 7)} <= found


def test_check_sees_tables_text_boxes_hyperlinks_and_footnotes(tmp_path):
    path = word(tmp_path / "各处.docx", [
        *OPENING, p(r("今天召开全镇春季农业生产推进会，安排今年春耕备耕。"), comment_mark()),
        table(["粮食面积", "XX万亩"]), p(r("详见"), hyperlink("XX文件"), r("。")),
        p(r("各村要抓紧。"), text_box(p(r("联系人：XX")))), p(r("说明见注释。"), note_ref("footnote", 1))],
        footnotes=["数据截至XX月底。"])
    code, findings = check_json(path)
    placeholders = sorted(f["paragraph"] for f in findings if f["rule"] == "placeholder")
    # Paragraphs: 6 and 7 the cells, 8 the hyperlink, 10 the text box, 12 the footnote.
    assert code == 1 and placeholders == [7, 8, 10, 12]
