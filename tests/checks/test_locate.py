"""Where a finding is: the file's line for .txt and .md, page and line for .docx — exact for a
.docx drafter wrote (checked against LibreOffice's PDF), approximate (约) for one without a
line grid, always with the paragraph's first words."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from drafter import api
from drafter.checks.locate import DocxLocator, TextLocator, locator
from drafter.document import docx_pages
from drafter.document.docx_writer import Layout
from drafter.document.markdown import parse
from drafter.document.preview import soffice, to_pdf

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
needs_client = pytest.mark.skipif(
    soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext is not on PATH; apt-get install"
    " libreoffice-writer-nogui fonts-noto-cjk poppler-utils (.ci/run does)",
)


def test_markdown_blocks_know_their_first_line():
    text = "# 标题\n\n> 镇长 王明\n> （2026年3月1日）\n\n同志们：\n\n第一段\n接着写\n\n## 一、抓落实\n"
    speech = parse(text)
    assert [(b.kind, b.source) for b in speech.blocks] == [
        ("title", 1), ("speaker", 3), ("date", 4), ("salutation", 6), ("paragraph", 8),
        ("heading", 11)]


def test_a_markdown_paragraph_wrapped_over_lines_names_the_line_of_the_words():
    text = "# 标题\n\n第一段**开头**说\\*一句，\n接着写我县的事。\n"
    speech = parse(text)
    where = TextLocator(speech, text)
    block = speech.blocks[1].text
    assert where.locate(2, block.index("我县")).describe() == "第4行"
    assert where.locate(2, block.index("一句")).describe() == "第3行"


def test_a_text_file_names_the_file_line(tmp_path):
    path = tmp_path / "稿.txt"
    path.write_text("在青石镇大会上的讲话\n\n同志们：\n\n　　今年以来，我县各项工作稳步推进。\n",
                    encoding="utf-8")
    speech = api.read_speech(path)
    i = next(k for k, b in enumerate(speech.blocks) if "我县" in b.text)
    loc = locator(path, speech).locate(i + 1, speech.blocks[i].text.index("我县"))
    assert loc.describe() == "第5行" and loc.to_dict() == {"line": 5}


# --- .docx ----------------------------------------------------------------------------------------


def pdf_pages(pdf: Path) -> list[list[str]]:
    """Each page's lines of text in the type area, top to bottom (page numbers left out)."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           check=True).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in ET.fromstring(xhtml).iter(ns + "page"):
        rows: list[list] = []
        for w in sorted(page.iter(ns + "word"), key=lambda w: float(w.get("yMax"))):
            y = float(w.get("yMax"))
            if rows and abs(rows[-1][0] - y) <= 2:
                rows[-1][1].append(w)
            else:
                rows.append([y, [w]])
        bottom = float(page.get("height")) - 35 * 72 / 25.4  # GB/T 9704's bottom margin
        pages.append(["".join(w.text or "" for w in sorted(ws, key=lambda w: float(w.get("xMin"))))
                      for y, ws in rows if y <= bottom + 1])
    return pages


def squeeze(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


# The two layouts, and a layout file's (docs/format.md) 20 lines × 25 characters a page.
LAYOUTS = {"gb": "gb", "podium": "podium",
           "20x25": Layout.from_settings({"lines_per_page": 20, "chars_per_line": 25}, "20x25")}


@needs_client
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_drafted_docx_is_located_on_the_page_and_line_libreoffice_shows(tmp_path, layout):
    speech = api.draft(EXAMPLES / "linchuan-county-rural.yaml").speech
    path = tmp_path / f"稿-{layout}.docx"
    api.write(speech, path, layout=LAYOUTS[layout])
    read = api.read_speech(path)
    where = DocxLocator(read, path.read_bytes())
    # Words from paragraphs spread over the whole speech, at the start, the middle and the
    # end of each: a number, a quotation, a heading, the salutation.
    picks = []
    for i in range(3, len(read.blocks), max(1, len(read.blocks) // 9)):
        text = read.blocks[i].text
        for at in (0, len(text) // 2, max(0, len(text) - 4)):
            picks.append((i, at, text[at:at + 3]))
    (pdf,) = to_pdf([path], tmp_path)
    pages = pdf_pages(pdf)
    assert len(pages) >= 5
    seen_pages = set()
    for i, at, words in picks:
        loc = where.locate(i + 1, at, at + 1)
        assert not loc.approximate
        line = pages[loc.page - 1][loc.line - 1]
        # pdftotext drops a mark LibreOffice hangs; letters and digits are all there.
        assert squeeze(words)[:1] in squeeze(line), (words, loc.describe(), line)
        after = [*pages[loc.page - 1][loc.line:], *(pages[loc.page] if loc.page < len(pages) else [])]
        assert squeeze(words) in squeeze(line + "".join(after[:1]))
        seen_pages.add(loc.page)
    assert len(seen_pages) >= 5


@needs_client
def test_every_line_of_every_example_breaks_where_libreoffice_breaks_it(tmp_path):
    """The layout model itself, line by line, over all examples (about 2,700 lines)."""
    files = []
    for spec in sorted(EXAMPLES.glob("*.yaml")):
        if spec.stem in ("plan", "grid"):
            continue
        files.append(tmp_path / f"{spec.stem}.docx")
        api.write(api.draft(spec).speech, files[-1])
    wrong = []
    for path, pdf in zip(files, to_pdf(files, tmp_path), strict=True):
        pages = pdf_pages(pdf)
        layout, exact = docx_pages.layout(path)
        assert exact and layout.pages == len(pages), path.name
        for p, places in zip(layout.paras, layout.lines, strict=True):
            for pl in places:
                got = pages[pl.page - 1][pl.line - 1] if pl.line <= len(pages[pl.page - 1]) else ""
                if squeeze(got) != squeeze(p.text[pl.start:pl.end]):
                    wrong.append((path.stem, pl, p.text[pl.start:pl.end], got))
    assert wrong == []


def word_document(path: Path, paragraphs: list[str], grid: bool) -> Path:
    """A .docx as a person writes it in Word: 小四 宋体 body, default margins, 1.5 lines."""
    doc = docx.Document()
    doc.styles["Normal"].font.size = Pt(12)
    for text in paragraphs:
        para = doc.add_paragraph(text)
        para.paragraph_format.line_spacing = 1.5
    if grid:
        sect = doc.sections[0]._sectPr
        g = sect.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docGrid")
        g.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}type", "lines")
    doc.save(path)
    return path


def test_a_word_document_without_a_grid_is_located_approximately(tmp_path):
    body = ["会议通知", "同志们：", *("今年以来全镇各项工作稳步推进，成效明显。" * 12 for _ in range(12)),
            "我县的事情要办好。"]
    path = word_document(tmp_path / "别人的稿.docx", body, grid=False)
    speech = api.read_speech(path)
    i = next(k for k, b in enumerate(speech.blocks) if b.text.startswith("我县"))
    loc = locator(path, speech).locate(i + 1, 0, 2)
    assert loc.approximate and loc.page >= 2
    assert loc.describe().startswith("约第") and loc.describe().endswith("（“我县的事情要办好。”段）")
    assert loc.to_dict()["approximate"] is True


def test_a_page_break_starts_a_new_page_and_line_one(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("标题")
    doc.add_paragraph("第一页的话。")
    doc.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    doc.add_paragraph("第二页开头的话。")
    path = tmp_path / "分页.docx"
    doc.save(path)
    speech = api.read_speech(path)
    i = next(k for k, b in enumerate(speech.blocks) if b.text.startswith("第二页"))
    loc = locator(path, speech).locate(i + 1, 0)
    # As Word shows it: the break ends page 1, the paragraph mark after it is line 1 of page 2.
    assert (loc.page, loc.line) == (2, 2)


def rendered_break(run) -> None:
    """Mark where Word began a page, as Word does when it saves (w:lastRenderedPageBreak)."""
    run._r.append(run._r.makeelement(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lastRenderedPageBreak", {}))


def test_a_file_word_saved_keeps_word_s_own_page_breaks(tmp_path):
    """The pages Word's user sees are the ones Word recorded, whatever this model would have
    made of the page set-up: here a page begins at a paragraph, and one inside a paragraph."""
    doc = docx.Document()
    doc.add_paragraph("标题")
    doc.add_paragraph("第一页的话。")
    second = doc.add_paragraph()
    rendered_break(second.add_run())
    second.add_run("第二页开头，这一句接着")
    rendered_break(second.add_run())
    second.add_run("写到第三页。")
    path = tmp_path / "Word存过的.docx"
    doc.save(path)
    speech = api.read_speech(path)
    where = locator(path, speech)
    last, text = len(speech.blocks), speech.blocks[-1].text

    def place(paragraph: int, offset: int) -> tuple[int, int]:
        loc = where.locate(paragraph, offset)
        return loc.page, loc.line

    assert place(last - 1, 0) == (1, 2)
    assert place(last, 0) == (2, 1)
    assert place(last, text.index("写到")) == (3, 1)


def test_a_place_reads_as_a_writer_says_it():
    from drafter.checks.locate import Location

    assert Location(line=12).describe() == "第12行"
    assert Location(line=5, page=2, last_line=6, opening="同志们，今年以来…").describe() == \
        "第2页第5～6行（“同志们，今年以来…”段）"
    assert Location(line=5, page=2, approximate=True, opening="今年").describe() == \
        "约第2页第5行（“今年”段）"
    assert Location(paragraph=7, opening="脚注里的话").describe() == "“脚注里的话”段"
    assert Location(line=5, page=2, opening="今年").to_dict() == {
        "page": 2, "line": 5, "approximate": False, "opening": "今年"}
