"""A speech typed in Word (direct formatting, no styles) re-laid out by drafter keeps its title
block in the right roles: title, speaker and date centred in their styles, 同志们 as the
salutation, 一、 as a heading."""

from __future__ import annotations

import docx
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

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
