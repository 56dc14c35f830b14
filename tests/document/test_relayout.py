"""A speech typed in Word (direct formatting, no styles) re-laid out by drafter keeps its title
block in the right roles: title, speaker and date centred in their styles, 同志们 as the
salutation, 一、 as a heading. What drafter cannot lay out (tables, text boxes, notes, pictures,
tracked changes) is kept as text where it can be, and named in a warning, never dropped
silently."""

from __future__ import annotations

import docx
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from word_files import (
    chart,
    comment_mark,
    delete,
    ins,
    note_ref,
    p,
    picture,
    r,
    table,
    text_box,
    word,
)

from drafter.cli import cli

TYPED = [
    ("在临川县安全生产工作会议上的讲话", True), ("县委书记 周启航", True), ("（2026年3月1日）", True),
    ("同志们：", False), ("今天召开全县安全生产工作会议，主要任务是分析形势、部署工作。", False),
    ("一、认清形势", False), ("当前，全县安全生产形势总体平稳，但隐患仍然不少。", False),
]


def test_a_word_typed_speech_keeps_its_title_block_roles(tmp_path):
    typed = docx.Document()
    for text, centred in TYPED:
        p = typed.add_paragraph(text)
        if centred:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if text.startswith("在"):
            p.runs[0].font.size, p.runs[0].bold = Pt(22), True
    typed.save(str(tmp_path / "typed.docx"))
    result = CliRunner().invoke(cli, ["draft", str(tmp_path / "typed.docx"), "-o",
                                      str(tmp_path / "out.docx")])
    assert result.exit_code == 0, result.output
    out = docx.Document(str(tmp_path / "out.docx")).paragraphs
    assert [(p.style.name, p.text) for p in out] == [
        ("Title", "在临川县安全生产工作会议上的讲话"), ("Subtitle", "县委书记\u3000周启航"),
        ("Subtitle", "（2026年3月1日）"), ("Salutation", "同志们："),
        ("Normal", TYPED[4][0]), ("Heading 1", "一、认清形势"), ("Normal", TYPED[6][0]),
    ]
    assert not result.stderr  # nothing was dropped, nothing to warn about


def test_a_title_block_typed_flush_left_keeps_its_roles(tmp_path):
    # No centring, no styles: the writer typed the lines one under the other.
    path = word(tmp_path / "typed.docx", [p(r(text)) for text, _ in TYPED])
    result = CliRunner().invoke(cli, ["draft", str(path), "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 0, result.output
    out = docx.Document(str(tmp_path / "out.docx")).paragraphs
    assert [p.style.name for p in out] == [
        "Title", "Subtitle", "Subtitle", "Salutation", "Normal", "Heading 1", "Normal"]


def test_what_cannot_be_laid_out_is_kept_as_text_or_named_in_a_warning(tmp_path):
    path = word(tmp_path / "改过的.docx", [
        p(r("在临川县安全生产工作会议上的讲话"), jc="center"), p(r("县委书记 周启航"), jc="center"),
        p(r("同志们：")),
        p(r("今天召开全县"), ins(r("安全生产")), delete("防汛"), r("工作会议。"), comment_mark()),
        table(["指标", "目标"], ["较大事故", "零起"]),
        p(r("各乡镇要逐项落实。"), text_box(p(r("重点：隐患清零。")))),
        p(picture(1)), p(picture(2), chart()),
        p(r("全年排查隐患1200处"), note_ref("footnote", 1), r("。"))],
        footnotes=["数据来源：县应急管理局。"])
    out = tmp_path / "定稿.docx"
    result = CliRunner().invoke(cli, ["draft", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert [(p.style.name, p.text) for p in docx.Document(str(out)).paragraphs] == [
        ("Title", "在临川县安全生产工作会议上的讲话"), ("Subtitle", "县委书记\u3000周启航"),
        ("Salutation", "同志们："), ("Normal", "今天召开全县安全生产工作会议。"),
        ("Normal", "指标\u3000目标"), ("Normal", "较大事故\u3000零起"),
        ("Normal", "各乡镇要逐项落实。"), ("Normal", "重点：隐患清零。"),
        ("Normal", "全年排查隐患1200处。"), ("Normal", "脚注1：数据来源：县应急管理局。"),
    ]
    assert result.stderr.splitlines() == [
        "警告: 表格 1 个排成了正文段落，每行一段（2 段），单元格之间空一格；表格的边框和列宽没有保留，"
        "请对照原文件核对",
        "警告: 文本框 1 个里的文字排成了正文段落（1 段），放在文本框所在的段落之后",
        "警告: 脚注 1 条排在了正文末尾（以“脚注1：”这样的标记开头），正文里的脚注编号没有保留",
        "警告: 没有保留：图片 2 张、图表 1 个、批注 1 条（drafter 只排文字），请从原文件复制补回",
        "警告: 文档里有修订，已按“全部接受”处理：插入 1 处保留、删除 1 处去掉；修订标记没有保留",
    ]


def test_a_table_laid_out_to_markdown_warns_too(tmp_path):
    path = word(tmp_path / "表.docx", [
        p(r("在临川县安全生产工作会议上的讲话")), p(r("同志们：")), table(["指标", "目标"])])
    result = CliRunner().invoke(cli, ["draft", str(path), "-o", "-", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "指标\u3000目标" in result.stdout
    assert result.stderr.startswith("警告: 表格 1 个排成了正文段落，每行一段（1 段）")
