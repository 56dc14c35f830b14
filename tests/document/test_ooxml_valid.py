"""Every .docx drafter writes is valid Office Open XML, as openxml-audit (a pure-Python port of
the Open XML SDK's schema and semantic checks) reads it: every example, both layouts, both font
sets, by the fast writer and by python-docx."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator

from drafter import api
from drafter.document.docx_build import build_document
from drafter.document.docx_writer import to_bytes

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
SPECS = [p for p in EXAMPLES if p.name not in ("plan.yaml", "grid.yaml")]


def problems(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "d.docx"
    path.write_bytes(data)
    result = OpenXmlValidator().validate(str(path))
    return [str(e) for e in result.errors]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
@pytest.mark.parametrize(("layout", "fonts"), [("gb", "gb2312"), ("podium", "windows")])
def test_every_example_is_valid_ooxml(spec, layout, fonts, tmp_path):
    speech = api.draft(spec).speech
    assert problems(to_bytes(speech, layout=layout, fonts=fonts), tmp_path) == []


def test_the_python_docx_path_is_valid_too(tmp_path):
    speech = api.draft(SPECS[0]).speech
    buf = io.BytesIO()
    build_document(speech).save(buf)
    assert problems(buf.getvalue(), tmp_path) == []


def test_the_validator_does_find_a_broken_document(tmp_path):
    """So that a pass above means something: a run property out of schema order is reported."""
    import zipfile

    good = to_bytes(api.draft(SPECS[0]).speech)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:rPr><w:b/></w:rPr>", b"<w:rPr><w:b/><w:rFonts/></w:rPr>", 1)
            dst.writestr(info, data)
    assert problems(out.getvalue(), tmp_path)
