"""A unit's own Word template, as an office keeps one: a 红头 (red masthead and rule) in the
header, its own margins, page numbers and body style. Built with python-docx for the tests;
`python tests/document/unit_template.py 单位模板.docx` writes one to try --reference-doc with."""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

MASTHEAD = "江州市临川县人民政府办公室"


def build(path: Path) -> Path:
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(45), Mm(30)
    section.left_margin, section.right_margin = Mm(30), Mm(25)
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(MASTHEAD)
    run.font.size, run.font.bold = Pt(26), True
    run.font.color.rgb = RGBColor(0xE6, 0x00, 0x12)
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "方正小标宋简体")
    _red_rule(head)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("临川县人民政府办公室印")
    looks = {  # the unit's own choices: 仿宋 (not 仿宋_GB2312), 28 pt lines
        "Normal": ("仿宋", 16, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True),
        "Title": ("方正小标宋简体", 22, False, WD_ALIGN_PARAGRAPH.CENTER, False),
        "Subtitle": ("楷体", 16, False, WD_ALIGN_PARAGRAPH.CENTER, False),
        "Heading 1": ("黑体", 16, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True),
        "Heading 2": ("楷体", 16, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True),
        "Heading 3": ("仿宋", 16, True, WD_ALIGN_PARAGRAPH.JUSTIFY, True),
        "Heading 4": ("仿宋", 16, False, WD_ALIGN_PARAGRAPH.JUSTIFY, True),
    }
    for name, (font, size, bold, align, indent) in looks.items():
        _look(doc.styles[name], font, size, bold, align, indent)
    doc.add_paragraph("（模板示例正文，起草时会被讲话稿替换）")
    doc.save(str(path))
    return path


def _look(style, font: str, size: int, bold: bool, align, indent: bool) -> None:
    """Restyle one of the template's styles the way an office does: its own fonts, black, no
    theme colours or borders, fixed 28 pt lines."""
    for tag in ("w:pBdr", "w:spacing"):
        el = style.element.pPr.find(qn(tag)) if style.element.pPr is not None else None
        if el is not None:
            style.element.pPr.remove(el)
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for key in list(rfonts.attrib):
        del rfonts.attrib[key]
    rfonts.set(qn("w:ascii"), "Times New Roman")
    rfonts.set(qn("w:hAnsi"), "Times New Roman")
    rfonts.set(qn("w:eastAsia"), font)
    style.font.size, style.font.bold, style.font.italic = Pt(size), bold, False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fmt = style.paragraph_format
    fmt.alignment, fmt.space_before, fmt.space_after = align, Pt(0), Pt(0)
    fmt.line_spacing = Pt(28)
    fmt.first_line_indent = Pt(32) if indent else Pt(0)


def _red_rule(paragraph) -> None:
    """The red line under the masthead: a bottom border on the header paragraph."""
    pPr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "18"), ("space", "6"), ("color", "E60012")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    pPr.insert_element_before(borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc")


if __name__ == "__main__":
    print(build(Path(sys.argv[1])))
