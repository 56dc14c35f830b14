"""The real client: every example drafted to .docx, converted by LibreOffice, read back from the
PDF. Skipped (with the reason) where LibreOffice or poppler-utils is not installed; .ci/run
installs both."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from drafter import api
from drafter.cli import cli
from drafter.preview import soffice, to_pdf

pytestmark = pytest.mark.skipif(
    soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext is not installed",
)
SPECS = sorted(p for p in EXAMPLES.glob("*.yaml") if not p.stem.startswith("plan"))
CHARS_PER_PAGE = 22 * 28


def squeeze(text: str) -> str:
    """Letters and digits only: pdftotext breaks lines, spaces out digits and drops punctuation
    LibreOffice hangs into the margin at a line end."""
    return "".join(ch for ch in text if ch.isalnum())


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("client")
    results = {}
    for spec in SPECS:
        result = api.draft(spec)
        path = folder / f"{spec.stem}.docx"
        api.write(result.speech, path)
        results[spec.stem] = (result, path)
    pdfs = to_pdf([p for _, p in results.values()], folder)  # one LibreOffice start for all
    return {stem: (r, pdf) for (stem, (r, _)), pdf in zip(results.items(), pdfs, strict=True)}


def pdfinfo(pdf) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


@pytest.mark.parametrize("stem", [p.stem for p in SPECS])
def test_libreoffice_shows_the_title_and_the_first_paragraph(converted, stem):
    result, pdf = converted[stem]
    text = squeeze(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout)
    first = next(b for b in result.speech.body if b.kind == "paragraph")
    assert squeeze(result.speech.title) in text
    assert squeeze(first.text) in text


@pytest.mark.parametrize("stem", [p.stem for p in SPECS])
def test_page_count_fits_the_22_by_28_grid(converted, stem):
    result, pdf = converted[stem]
    info = pdfinfo(pdf)
    pages = int(info["Pages"])
    # At least the characters divided by a full page; at most that plus room for the title
    # block, paragraph ends and headings (measured: 1.15–1.3 × the minimum).
    minimum = result.length / CHARS_PER_PAGE
    assert minimum <= pages <= minimum * 1.6 + 1, (stem, result.length, pages)
    assert info["Page size"].split("pts")[0].split() == ["595.304", "x", "841.89"] or \
        info["Page size"].startswith("595.3 x 841.9")


def test_preview_command(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = EXAMPLES / "qingshi-town.yaml"
    result = CliRunner().invoke(cli, ["preview", str(spec), "--png"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "qingshi-town.pdf").is_file()
    assert (tmp_path / "qingshi-town-1.png").is_file()
    before = (tmp_path / "qingshi-town.pdf").read_bytes()
    result = CliRunner().invoke(cli, ["preview", str(spec)])
    assert result.exit_code == 2 and "输出文件已存在" in result.output
    assert (tmp_path / "qingshi-town.pdf").read_bytes() == before


def test_preview_without_libreoffice_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    result = CliRunner().invoke(cli, ["preview", str(EXAMPLES / "qingshi-town.yaml")])
    assert result.exit_code == 2
    assert "找不到 LibreOffice" in result.output and "apt-get install libreoffice-writer-nogui" in \
        result.output
    assert list(tmp_path.iterdir()) == []
