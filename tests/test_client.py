"""The real client: every example drafted to .docx, converted by LibreOffice, read back from the
PDF (text, page count, the 22 × 28 grid, page numbers, A4), and `drafter preview` end to end.
Skipped, with the reason, where LibreOffice or poppler-utils is missing; .ci/run installs both.
The tests with a stand-in soffice need neither."""

from __future__ import annotations

import difflib
import math
import os
import re
import shutil
import subprocess
import time
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from drafter import api
from drafter.cli import cli
from drafter.document import docx_writer as dw
from drafter.document.preview import soffice, to_pdf, to_png
from drafter.document.speech import FRONT_KINDS, Speech
from drafter.errors import DrafterError

TOOLS = ("pdftotext", "pdfinfo", "pdftoppm")
needs_client = pytest.mark.skipif(
    soffice() is None or not all(shutil.which(t) for t in TOOLS),
    reason="LibreOffice (soffice) or poppler-utils (pdftotext, pdfinfo, pdftoppm) is not on PATH;"
    " apt-get install libreoffice-writer-nogui fonts-noto-cjk poppler-utils (.ci/run does)",
)
posix_only = pytest.mark.skipif(os.name != "posix", reason="the stand-in tools are shell scripts")

SPECS = sorted(p for p in EXAMPLES.glob("*.yaml") if p.stem != "plan")
# Every example in the filed layout, and one in the podium layout.
CASES = [(p.stem, "gb") for p in SPECS] + [("qingshi-town", "podium")]
CASE_IDS = [f"{stem}-{layout}" for stem, layout in CASES]

# --- the grid the layout promises, from docx_writer's own numbers --------------------------------

MM = 72 / 25.4  # points
TYPE_LEFT = dw.MARGINS_MM["left"] * MM
TYPE_RIGHT = dw.PAGE_WIDTH / 20 - dw.MARGINS_MM["right"] * MM
TYPE_TOP = dw.MARGINS_MM["top"] * MM
TYPE_BOTTOM = dw.PAGE_HEIGHT / 20 - dw.MARGINS_MM["bottom"] * MM
TITLE_SIZE = 22  # pt, 二号
NUMBER_INDENT = dw.PAGE_NUMBER_INDENT / 20


@dataclass(frozen=True)
class Grid:
    pitch: float  # pt between lines
    lines: int  # a page
    chars: int  # a line

    @classmethod
    def of(cls, layout: str) -> Grid:
        look = dw.LAYOUTS[layout]
        pitch = look.line_pitch / 20
        advance = look.body_size + look.char_spacing / 20
        return cls(pitch, int((TYPE_BOTTOM - TYPE_TOP) // pitch),
                   int((TYPE_RIGHT - TYPE_LEFT) // advance))


def cells(text: str) -> float:
    """Width in body characters: CJK (and the quotes and dashes Chinese fonts draw full width)
    take one cell, digits and Latin letters in Times New Roman about half."""
    return sum(1 if unicodedata.east_asian_width(c) in "WFA" else 0.5
               for c in text if not c.isspace())


def title_lines(speech: Speech) -> int:
    return math.ceil(cells(speech.title) / ((TYPE_RIGHT - TYPE_LEFT) // TITLE_SIZE))


def front_lines(speech: Speech) -> int:
    """Text lines above the salutation: the title's, then subtitle, speaker, date."""
    return title_lines(speech) + sum(b.kind in FRONT_KINDS[1:] for b in speech.blocks)


def page_one_rows(speech: Speech, grid: Grid) -> int:
    """Body lines page 1 holds under the front block: the title on exact 35 pt lines (not on
    the grid), one grid line for each of subtitle/speaker/date, one blank line before 同志们."""
    front = front_lines(speech) - title_lines(speech) + 1
    used = title_lines(speech) * dw.TITLE_LINE / 20 + front * grid.pitch
    return int((TYPE_BOTTOM - TYPE_TOP - used) // grid.pitch)


def body_lines(speech: Speech, grid: Grid) -> int:
    """Lines the body takes on the grid: each paragraph starts a line; all but the salutation
    open with a 2-character indent."""
    return sum(math.ceil((cells(b.text) + (b.kind != "salutation") * 2) / grid.chars)
               for b in speech.body)


# --- the PDF as poppler reads it ------------------------------------------------------------------


@dataclass
class Line:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def read_lines(pdf: Path) -> list[Line]:
    """Text lines with their boxes: words with the same baseline (±2 pt) on a page, left to
    right. (pdftotext's own <line> splits a line where the font changes.)"""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           check=True).stdout
    root = ET.fromstring(xhtml)
    lines: list[Line] = []
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), 1):
        words = sorted(((float(w.get("yMax")), w)
                        for w in page.iter("{http://www.w3.org/1999/xhtml}word")),
                       key=lambda yw: yw[0])
        rows: list[list] = []
        for y, w in words:
            if rows and abs(rows[-1][0][0] - y) <= 2:
                rows[-1].append((y, w))
            else:
                rows.append([(y, w)])
        for row in rows:
            ws = sorted((w for _, w in row), key=lambda w: float(w.get("xMin")))
            lines.append(Line(number, min(float(w.get("xMin")) for w in ws),
                              min(float(w.get("yMin")) for w in ws),
                              max(float(w.get("xMax")) for w in ws),
                              max(float(w.get("yMax")) for w in ws),
                              "".join(w.text or "" for w in ws)))
    return lines


def pdfinfo(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, v in (ln.split(":", 1) for ln in out.splitlines()
                                               if ":" in ln)}


@dataclass
class Case:
    speech: Speech
    length: int
    grid: Grid
    pdf: Path
    pages: int
    lines: list[Line]  # in the type area
    numbers: list[Line]  # the page-number lines under it


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, Case]:
    folder = tmp_path_factory.mktemp("client")
    drafts = {}
    for (stem, layout), key in zip(CASES, CASE_IDS, strict=True):
        result = api.draft(EXAMPLES / f"{stem}.yaml")
        api.write(result.speech, folder / f"{key}.docx", layout=layout)
        drafts[key] = (result, layout)
    # One LibreOffice start for all of them (≈2 s), not one per example.
    pdfs = to_pdf([folder / f"{key}.docx" for key in drafts], folder)
    cases = {}
    for (key, (result, layout)), pdf in zip(drafts.items(), pdfs, strict=True):
        lines = read_lines(pdf)
        cases[key] = Case(result.speech, result.length, Grid.of(layout), pdf,
                          int(pdfinfo(pdf)["Pages"]),
                          [ln for ln in lines if ln.y1 <= TYPE_BOTTOM + 1],
                          [ln for ln in lines if ln.y0 > TYPE_BOTTOM])
    return cases


def squeeze(text: str) -> str:
    """Letters and digits only: pdftotext breaks lines and spaces out digits, and LibreOffice
    hides punctuation it hangs into the margin (see test_only_line_final_punctuation_is_lost)."""
    return "".join(ch for ch in text if ch.isalnum())


@needs_client
@pytest.mark.parametrize("key", CASE_IDS)
def test_the_title_and_the_first_paragraph_read_back(converted, key):
    case = converted[key]
    text = squeeze("".join(ln.text for ln in case.lines))
    first = next(b for b in case.speech.body if b.kind == "paragraph")
    assert case.lines[0].page == 1 and squeeze(case.lines[0].text) in squeeze(case.speech.title)
    assert squeeze(case.speech.title) in text
    assert len(squeeze(first.text)) > 50 and squeeze(first.text) in text


@needs_client
@pytest.mark.parametrize("key", CASE_IDS)
def test_only_line_final_punctuation_is_lost(converted, key):
    """Every character reaches the page, except that LibreOffice 7.4 leaves out some of the
    punctuation marks it hangs past the right margin at a line end (it draws others). We write
    no w:overflowPunct, so LibreOffice hangs; it reads w:overflowPunct inverted, so val="1"
    (Word's own default) would make it wrap the mark instead — measured: none lost, and this
    test passes without the xfail."""
    case = converted[key]
    want = "".join("".join(b.text.split()) for b in case.speech.blocks)
    got, ends = "", set()
    for ln in case.lines:
        got += "".join(ln.text.split())
        ends.add(len(got))
    lost = []
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    for op, a0, a1, b0, _ in matcher.get_opcodes():
        if op == "equal":
            continue
        assert op == "delete", (op, want[a0 - 10:a1 + 10], got[b0 - 10:b0 + 10])
        assert all(unicodedata.category(c).startswith("P") for c in want[a0:a1]), want[a0:a1]
        assert b0 in ends, f"{want[a0:a1]!r} lost inside a line: {want[a0 - 10:a1 + 10]}"
        lost.append(want[a0:a1])
    if lost:
        pytest.xfail(f"LibreOffice hid {len(lost)} line-final punctuation marks it hung into "
                     f"the margin ({''.join(lost)}); everything else reads back")


@needs_client
@pytest.mark.parametrize("key", CASE_IDS)
def test_the_page_count_fits_the_grid(converted, key):
    case, grid = converted[key], converted[key].grid
    # The brief's coarse bound: a page holds at most lines × chars characters; paragraph ends,
    # headings and the title block waste room, but not 60 %.
    full = grid.lines * grid.chars
    assert case.length / full <= case.pages <= case.length / full * 1.6 + 1
    # A tighter one: lay the body on the grid (each paragraph from a new line, indent 2) under
    # the front block of page 1. What the model leaves out — a punctuation mark hung in the
    # margin (saves a line), one pulled down so none opens a line (costs one), a heading kept
    # with its next line (leaves a page a line short), Latin digits' real width — moved the
    # body by at most 3 lines of ~125 in the examples, so ±1 page is safe and still tight.
    lines = body_lines(case.speech, grid)
    predicted = 1 + math.ceil(max(0, lines - page_one_rows(case.speech, grid)) / grid.lines)
    assert abs(case.pages - predicted) <= 1, (lines, predicted, case.pages)
    body = len(case.lines) - front_lines(case.speech)
    assert abs(body - lines) <= max(3, 0.05 * lines), (body, lines)


@needs_client
@pytest.mark.parametrize("key", CASE_IDS)
def test_the_lines_follow_the_grid(converted, key):
    case, grid = converted[key], converted[key].grid
    pages = [[ln for ln in case.lines if ln.page == n] for n in range(1, case.pages + 1)]
    # A full page holds exactly `grid.lines` lines; a kept-with-next heading may leave one or
    # two rows empty at the foot.
    middle = [len(p) for p in pages[1:-1]]
    assert middle and all(grid.lines - 2 <= n <= grid.lines for n in middle), middle
    assert middle.count(grid.lines) > len(middle) / 2, middle
    # Lines sit one pitch apart (fixed line spacing on the document grid). poppler gives each
    # word its font's box, not the baseline, so a 黑体 heading's box sits ~1 pt off.
    for page in pages[1:]:
        gaps = [b.y1 - a.y1 for a, b in zip(page, page[1:], strict=False)]
        assert all(abs(g - grid.pitch) < 1.5 for g in gaps), gaps
        assert not gaps or abs(sum(gaps) / len(gaps) - grid.pitch) < 0.2, gaps
    # At most `grid.chars` characters a line (one more only where a hung mark is drawn). A line
    # that runs to the right margin holds exactly `grid.chars`, or one or two fewer where
    # characters move down so that no line opens with a closing mark (measured: 84–97 % full;
    # a 27-character grid would make it 0 %).
    body = case.lines[front_lines(case.speech):]
    assert max(cells(ln.text) for ln in body) <= grid.chars + 1
    full = [cells(ln.text) + 2 * (ln.x0 > TYPE_LEFT + 5) for ln in body if ln.x1 > TYPE_RIGHT - 2]
    assert min(full) >= grid.chars - 2, sorted(full)[:5]
    assert sum(w >= grid.chars - 0.5 for w in full) > 0.75 * len(full), sorted(full)[:10]
    # The first line of a paragraph starts two characters in.
    indents = {round(ln.x0 - TYPE_LEFT) for ln in case.lines if ln.x0 > TYPE_LEFT + 5
               and ln.page > 1}
    look = dw.LAYOUTS[key.rsplit("-", 1)[1]]
    assert indents == {round(2 * (look.body_size + look.char_spacing / 20))}, indents


@needs_client
@pytest.mark.parametrize("key", CASE_IDS)
def test_page_numbers_alternate_sides_under_the_type_area(converted, key):
    case = converted[key]
    assert [ln.page for ln in case.numbers] == list(range(1, case.pages + 1))
    for ln in case.numbers:
        assert ln.text.replace(" ", "") == f"—{ln.page}—"
        if ln.page % 2:  # odd: right, one character in
            assert abs(TYPE_RIGHT - NUMBER_INDENT - ln.x1) < 2, ln
        else:
            assert abs(ln.x0 - TYPE_LEFT - NUMBER_INDENT) < 2, ln
        # GB/T 9704: the dashes 7 mm under the type area (the dash sits mid-line).
        assert 5 < ((ln.y0 + ln.y1) / 2 - TYPE_BOTTOM) / MM < 9, ln


@needs_client
def test_every_page_is_a4(converted):
    for case in converted.values():
        size = pdfinfo(case.pdf)["Page size"]  # e.g. "595.304 x 841.89 pts (A4)"
        width, height = map(float, re.match(r"([\d.]+) x ([\d.]+) pts", size).groups())
        assert (round(width, 1), round(height, 1)) == (595.3, 841.9), size


# --- drafter preview ------------------------------------------------------------------------------


def preview(*args):
    return CliRunner().invoke(cli, ["preview", *map(str, args)])


@needs_client
def test_preview_drafts_a_spec_to_pdf_and_png_pages(in_tmp):
    result = preview(EXAMPLES / "qingshi-town.yaml", "--png")
    assert result.exit_code == 0, result.output
    pdf = in_tmp / "qingshi-town.pdf"
    pages = int(pdfinfo(pdf)["Pages"])
    assert f"已写入：qingshi-town.pdf（{pages} 页）" in result.output
    pngs = sorted(in_tmp.glob("*.png"))
    assert [p.name for p in pngs] == sorted(f"qingshi-town-{n}.png" for n in range(1, pages + 1))
    assert all(p.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") for p in pngs)
    assert {p.name for p in in_tmp.iterdir()} == {pdf.name, *(p.name for p in pngs)}

    # Again without --force: refused before converting, nothing touched.
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in in_tmp.iterdir()}
    result = preview(EXAMPLES / "qingshi-town.yaml", "--png")
    assert result.exit_code == 2
    assert "输出文件已存在：qingshi-town.pdf" in result.output and "--force" in result.output
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in in_tmp.iterdir()} == before


@needs_client
def test_preview_a_docx_over_an_old_pdf_with_force(in_tmp):
    api.write(api.draft(EXAMPLES / "yunxi-district.yaml").speech, in_tmp / "定稿.docx")
    (in_tmp / "预览.pdf").write_bytes(b"old")
    assert preview("定稿.docx", "-o", "预览.pdf").exit_code == 2
    assert (in_tmp / "预览.pdf").read_bytes() == b"old"
    result = preview("定稿.docx", "-o", "预览.pdf", "--force")
    assert result.exit_code == 0, result.output
    assert (in_tmp / "预览.pdf").read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in in_tmp.iterdir()) == ["定稿.docx", "预览.pdf"]


@posix_only
def test_preview_refuses_an_existing_png_page_before_converting(in_tmp, monkeypatch):
    monkeypatch.setenv("PATH", str(stand_in(in_tmp / "bin", soffice="exit 1", pdftoppm="")))
    (in_tmp / "a-1.png").write_bytes(b"mine")
    result = preview(EXAMPLES / "qingshi-town.yaml", "-o", "a.pdf", "--png")
    assert result.exit_code == 2 and "输出文件已存在：a-1.png" in result.output
    assert (in_tmp / "a-1.png").read_bytes() == b"mine" and not (in_tmp / "a.pdf").exists()


def test_preview_without_libreoffice_says_how_to_install(in_tmp, monkeypatch):
    monkeypatch.setenv("PATH", str(in_tmp))
    result = preview(EXAMPLES / "qingshi-town.yaml")
    assert result.exit_code == 2
    assert result.output.startswith("错误: 找不到 LibreOffice（soffice），无法生成预览")
    assert "apt-get install libreoffice-writer-nogui fonts-noto-cjk" in result.output
    assert "Windows/macOS：安装 LibreOffice" in result.output and "PATH" in result.output
    assert "Traceback" not in result.output
    assert list(in_tmp.iterdir()) == []


# --- with stand-in tools: failures LibreOffice and poppler rarely show on demand ---------------


def stand_in(folder: Path, **scripts: str) -> Path:
    """A folder of executable shell scripts named after the tools they stand in for."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in scripts.items():
        path = folder / name
        path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        path.chmod(0o755)
    return folder


@posix_only
def test_preview_png_needs_pdftoppm(in_tmp, monkeypatch):
    monkeypatch.setenv("PATH", str(stand_in(in_tmp / "bin", soffice="exit 1")))
    result = preview(EXAMPLES / "qingshi-town.yaml", "--png")
    assert result.exit_code == 2 and "找不到 pdftoppm" in result.output
    assert "apt-get install poppler-utils" in result.output
    assert [p.name for p in in_tmp.iterdir()] == ["bin"]


@posix_only
def test_a_failed_conversion_keeps_libreoffice_s_words_for_debug(in_tmp, monkeypatch):
    bin_dir = stand_in(in_tmp / "bin", soffice="echo 'javaldx: warning' >&2\n"
                       "echo 'Error: source file could not be loaded' >&2\nexit 0")
    monkeypatch.setenv("PATH", str(bin_dir))
    result = preview(EXAMPLES / "qingshi-town.yaml")
    assert result.exit_code == 2
    assert result.output.startswith("错误: LibreOffice 没有生成") and "--debug" in result.output
    assert "source file could not be loaded" not in result.output  # users read no English
    assert [p.name for p in in_tmp.iterdir()] == ["bin"]
    # --debug: the words are the error's cause, without the harmless Java warning.
    debug = CliRunner().invoke(cli, ["--debug", "preview", str(EXAMPLES / "qingshi-town.yaml")])
    assert isinstance(debug.exception, DrafterError)
    words = str(debug.exception.__cause__)
    assert "source file could not be loaded" in words and "javaldx" not in words


@posix_only
def test_a_hung_libreoffice_is_killed_with_its_children(tmp_path, monkeypatch):
    # soffice is a launcher: the real work runs in a child. If only the launcher were killed
    # at the timeout, the child would hold the output pipes and we would wait the full minute.
    bin_dir = stand_in(tmp_path / "bin", soffice="sleep 60")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    (tmp_path / "a.docx").write_bytes(b"")
    start = time.monotonic()
    with pytest.raises(DrafterError, match="LibreOffice 在 1 秒内没有完成"):
        to_pdf([tmp_path / "a.docx"], tmp_path, timeout=1)
    assert time.monotonic() - start < 10


@posix_only
def test_png_pages_are_numbered_without_padding_in_page_order(tmp_path, monkeypatch):
    # pdftoppm pads page numbers to the width of the last one (-01 … -12).
    make = 'for n in $(seq -w 1 12); do echo "$n" > "$5-$n.png"; done'
    bin_dir = stand_in(tmp_path / "bin", pdftoppm=make)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    pages = to_png(tmp_path / "a.pdf", tmp_path / "page")
    assert [p.name for p in pages] == [f"page-{n}.png" for n in range(1, 13)]
    assert [int(p.read_text()) for p in pages] == list(range(1, 13))
