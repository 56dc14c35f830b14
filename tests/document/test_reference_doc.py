"""--reference-doc: a speech laid out on a unit's own template keeps the template's masthead,
page setup, footer and styles, puts each paragraph in the style of its role, reports the roles
the template lacks, and is valid OOXML."""

from __future__ import annotations

import zipfile

import docx
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, write
from unit_template import MASTHEAD, build

from drafter.cli import cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def laid(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ref")
    template = build(tmp / "unit.docx")
    out = tmp / "out.docx"
    result = CliRunner().invoke(cli, ["draft", str(EXAMPLES / "linchuan-county.yaml"),
                                      "--reference-doc", str(template), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return template, out, result


def test_the_masthead_page_and_footer_of_the_template_reach_the_output(laid):
    template, out, _ = laid
    doc, unit = docx.Document(str(out)), docx.Document(str(template))
    header = "".join(p.text for p in doc.sections[0].header.paragraphs)
    assert header == MASTHEAD
    assert doc.sections[0].footer.paragraphs[0].text == "临川县人民政府办公室印"
    for attr in ("top_margin", "bottom_margin", "left_margin", "right_margin", "page_width"):
        assert getattr(doc.sections[0], attr) == getattr(unit.sections[0], attr), attr
    border = doc.sections[0].header.paragraphs[0]._p.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert border.get(f"{W}color") == "E60012"  # the red rule


def test_paragraphs_take_the_template_s_styles_by_role(laid):
    _, out, _ = laid
    doc = docx.Document(str(out))
    styles = [p.style.name for p in doc.paragraphs]
    assert styles[0] == "Title" and "Heading 1" in styles and styles.count("Normal") > 10
    assert "（模板示例正文" not in "".join(p.text for p in doc.paragraphs)
    normal = doc.styles["Normal"].element.find(f"{W}rPr/{W}rFonts")
    assert normal.get(f"{W}eastAsia") == "仿宋"  # the unit's body font, not drafter's


def test_roles_the_template_lacks_are_reported_and_filled_from_drafter(laid):
    _, out, result = laid
    assert "单位模板里没有这些样式，用了 drafter 自己的：称呼（Salutation）" in result.stderr
    doc = docx.Document(str(out))
    salutation = next(p for p in doc.paragraphs if p.text == "同志们：")
    assert salutation.style.name == "Salutation"
    assert salutation.style.element.find(f"{W}link") is None


def test_the_output_is_valid_ooxml(laid):
    from openxml_audit import OpenXmlValidator

    assert list(OpenXmlValidator().validate(str(laid[1])).errors) == []


def test_reference_doc_from_the_spec_relative_to_it(tmp_path):
    build(tmp_path / "模板.docx")
    spec = (EXAMPLES / "qingshi-town.yaml").read_text(encoding="utf-8")
    write(tmp_path / "s.yaml", spec + "reference_doc: 模板.docx\n")
    result = CliRunner().invoke(cli, ["draft", str(tmp_path / "s.yaml"), "-o",
                                      str(tmp_path / "o.docx")])
    assert result.exit_code == 0, result.output
    header = docx.Document(str(tmp_path / "o.docx")).sections[0].header.paragraphs[0].text
    assert header == MASTHEAD


@pytest.mark.parametrize(("content", "message"), [
    (b"not a zip", "单位模板不是有效的 .docx 文件"),
    (None, "找不到单位模板"),
])
def test_a_bad_template_exits_2_and_writes_nothing(tmp_path, content, message):
    template = tmp_path / "t.docx"
    if content is not None:
        template.write_bytes(content)
    result = CliRunner().invoke(cli, ["draft", str(EXAMPLES / "qingshi-town.yaml"),
                                      "--reference-doc", str(template), "-o",
                                      str(tmp_path / "o.docx")])
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "o.docx").exists()


def test_a_template_bomb_is_refused(tmp_path, monkeypatch):
    from drafter.document import docx_reader

    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED", 20_000)
    template = build(tmp_path / "t.docx")
    result = CliRunner().invoke(cli, ["draft", str(EXAMPLES / "qingshi-town.yaml"),
                                      "--reference-doc", str(template), "-o",
                                      str(tmp_path / "o.docx")])
    assert result.exit_code == 2 and "上限" in result.output
    assert zipfile.is_zipfile(template) and not (tmp_path / "o.docx").exists()

