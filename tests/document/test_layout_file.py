"""A layout settings file (--layout 本单位.yaml): an office's own lines a page, characters a
line, body size, page-number style and fonts, without editing code; mistakes named by file,
line and key, exit 2."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, write

from drafter import api
from drafter.cli import cli
from drafter.document.docx_writer import LAYOUTS, Layout

LOCAL = """\
base: gb
lines_per_page: 23
chars_per_line: 27
page_number: "第{页}页"
fonts: windows
"""


def _parts(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


def test_the_presets_are_what_a_file_of_their_numbers_gives():
    gb = Layout.from_settings({"lines_per_page": 22, "chars_per_line": 28}, "gb")
    assert (gb.line_pitch, gb.char_spacing) == (LAYOUTS["gb"].line_pitch, LAYOUTS["gb"].char_spacing)
    assert (gb.lines_per_page, gb.chars_per_line) == (22, 28)


def test_a_layout_file_sets_grid_page_numbers_and_fonts(in_tmp):
    write(in_tmp / "本单位.yaml", LOCAL)
    result = CliRunner().invoke(cli, ["draft", str(EXAMPLES / "qingshi-town.yaml"), "--layout",
                                      "本单位.yaml", "-o", "a.docx"])
    assert result.exit_code == 0, result.output
    parts = _parts(in_tmp / "a.docx")
    lay = api.layout("本单位.yaml")
    assert (lay.lines_per_page, lay.chars_per_line) == (23, 27)
    assert f'w:linePitch="{lay.line_pitch}"' in parts["word/document.xml"]
    assert f'<w:spacing w:val="{lay.char_spacing}"/>' in parts["word/styles.xml"]
    footers = parts["word/footer1.xml"] + parts["word/footer2.xml"]
    assert re.findall(r"<w:t[^>]*>([^<]*)</w:t>", footers).count("第") == 2
    assert "— " not in footers
    assert set(re.findall(r'<w:rFonts[^>]*w:eastAsia="([^"]+)"', parts["word/styles.xml"])) == {
        "仿宋", "楷体", "黑体", "宋体"}
    gb = CliRunner().invoke(cli, ["draft", str(EXAMPLES / "qingshi-town.yaml"), "--layout",
                                  "本单位.yaml", "--fonts", "gb2312", "-o", "b.docx"])
    assert gb.exit_code == 0 and "仿宋_GB2312" in _parts(in_tmp / "b.docx")["word/styles.xml"]


@pytest.mark.parametrize(("text", "line", "message"), [
    ("base: gb\nlines: 22\n", 2, "版式文件中未知的键 lines"),
    ("lines_per_page: 90\n", 1, "lines_per_page（每页行数）应在 10–40 之间，实际是 90"),
    ("page_number: 第页\n", 1, "page_number 应写一次 {页}"),
    ("fonts: 方正\n", 1, "fonts 应为 gb2312 或 windows，实际是 方正"),
    ("- 22\n", 1, "版式文件应为“键: 值”的映射"),
])
def test_a_bad_layout_file_names_the_line_and_exits_2(in_tmp, text, line, message):
    write(in_tmp / "版式.yaml", text)
    result = CliRunner().invoke(cli, ["draft", str(EXAMPLES / "qingshi-town.yaml"), "--layout",
                                      "版式.yaml", "-o", "a.docx"])
    assert result.exit_code == 2
    assert f"版式.yaml:{line}" in result.output and message in result.output
    assert not (in_tmp / "a.docx").exists()


def test_a_plan_can_name_a_layout_file(tmp_path):
    write(tmp_path / "本单位.yaml", LOCAL)
    plan = write(tmp_path / "plan.yaml", f"base: {EXAMPLES / 'qingshi-town.yaml'}\n"
                 "matrix:\n  seed: [1, 2]\nname: \"{seed}\"\nlayout: 本单位.yaml\n")
    result = CliRunner().invoke(cli, ["batch", str(plan), "-o", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    footer = _parts(tmp_path / "out" / "1.docx")["word/footer1.xml"]
    assert "第" in footer and "页" in footer


def test_the_layout_file_reaches_the_xml_the_same_way_by_python_docx():
    speech = api.draft(EXAMPLES / "qingshi-town.yaml").speech
    lay = Layout.from_settings({"lines_per_page": 23}, "x")
    from drafter.document.docx_build import build_document
    from drafter.document.docx_writer import to_bytes

    buf = io.BytesIO()
    build_document(speech, layout=lay).save(buf)
    fast = zipfile.ZipFile(io.BytesIO(to_bytes(speech, layout=lay))).read("word/document.xml")
    assert fast == zipfile.ZipFile(buf).read("word/document.xml")


def test_preview_takes_the_same_layout_file(in_tmp, monkeypatch):
    """preview lays the speech out with a layout file too (LibreOffice replaced by a stub that
    keeps the .docx it was given, so the test needs no LibreOffice)."""
    from drafter.document import preview as preview_mod

    seen = {}

    def fake_pdf(files, out_dir, timeout=0):
        seen["docx"] = files[0].read_bytes()
        pdf = out_dir / "preview.pdf"
        pdf.write_bytes(b"%PDF-1.4\n/Type /Page\n")
        return [pdf]

    monkeypatch.setattr(preview_mod, "require_soffice", lambda: "soffice")
    monkeypatch.setattr(preview_mod, "to_pdf", fake_pdf)
    monkeypatch.setattr(preview_mod, "missing_text", lambda *a, **k: [])
    write(in_tmp / "本单位.yaml", LOCAL)
    result = CliRunner().invoke(cli, ["preview", str(EXAMPLES / "qingshi-town.yaml"), "--layout",
                                      "本单位.yaml", "-o", "p.pdf"])
    assert result.exit_code == 0, result.output
    footer = zipfile.ZipFile(io.BytesIO(seen["docx"])).read("word/footer1.xml").decode()
    assert "第" in footer and "— " not in footer
