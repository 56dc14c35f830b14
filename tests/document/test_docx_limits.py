"""Reading a .docx is bounded and linear: decompression bombs, paragraph and style floods are
refused with drafter's message (exit 2, no traceback, nothing written), quickly; and reading
time grows with the document, not with styles × paragraphs.

Each bomb is built here at small scale, past limits lowered for the test (the limits are module
constants), except in the subprocess tests, which meet the real limits."""

from __future__ import annotations

import io
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

import drafter.document.docx_reader as reader
from drafter import api
from drafter.cli import cli
from drafter.errors import DrafterError

MB = 1024 * 1024
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_BASE: dict[str, bytes] = {}


def base() -> dict[str, bytes]:
    """The parts of a .docx drafter writes for the Qingshi example."""
    if not _BASE:
        speech = api.draft(EXAMPLES / "qingshi-town.yaml").speech
        with zipfile.ZipFile(io.BytesIO(api.to_bytes(speech, "docx"))) as z:
            _BASE.update({n: z.read(n) for n in z.namelist()})
    return dict(_BASE)


def docx(path: Path, parts: dict[str, bytes]) -> Path:
    """Our .docx with some parts replaced or added."""
    members = base() | parts
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def document(body: str) -> bytes:
    return f"<w:document {W}><w:body>{body}</w:body></w:document>".encode()


def paragraphs(n: int, styles: int = 0) -> bytes:
    """n paragraphs; with styles, each names one near the end of the style list (the worst
    place for a reader that searches the list)."""
    style = (lambda i: f'<w:pPr><w:pStyle w:val="S{styles - 1 - i % 7}"/></w:pPr>') if styles \
        else (lambda i: "")
    return document("".join(f"<w:p>{style(i)}<w:r><w:t>第{i}段。</w:t></w:r></w:p>"
                            for i in range(n)))


def styles(n: int) -> bytes:
    return (f"<w:styles {W}>" + "".join(
        f'<w:style w:type="paragraph" w:styleId="S{i}"><w:name w:val="s{i}"/></w:style>'
        for i in range(n)) + "</w:styles>").encode()


def noise(size: int) -> str:
    """Chinese text that deflates only about 2:1, so it meets the size limit, not the ratio."""
    rnd = random.Random(size)
    return "".join(rnd.choices([chr(c) for c in range(0x4E00, 0x5A00)], k=size // 3))


def run_of(text: str) -> bytes:
    return document(f"<w:p><w:r><w:t>标题</w:t></w:r></w:p><w:p><w:r><w:t>{text}</w:t></w:r></w:p>")


DOC, STYLES = "word/document.xml", "word/styles.xml"


def same_paragraphs(n: int) -> bytes:
    """n identical paragraphs: they deflate about 1000:1."""
    return document("<w:p><w:r><w:t>讲</w:t></w:r></w:p>" * n)


# The bombs at test scale: how to build one, the limit lowered for it, and what the message says.
BOMBS = {
    # One text run past the total (a 2.1 MB file inflating to a 2 GiB run, scaled down).
    "size": (lambda p: docx(p, {DOC: run_of(noise(2 * MB))}),
             {"MAX_UNCOMPRESSED": 1 * MB}, "文档解压后超过 1 MB 的上限（读到 word/document.xml 时）"),
    # Paragraphs deflated 1000:1 (633 KB inflating to 200 MB of paragraphs, scaled down).
    "ratio": (lambda p: docx(p, {DOC: same_paragraphs(20_000)}),
              {"RATIO_FROM": 256 * 1024}, "word/document.xml 的压缩比超过 200:1 的上限"),
    "paragraphs": (lambda p: docx(p, {DOC: paragraphs(2_000)}),
                   {"MAX_PARAGRAPHS": 1_000}, "段落超过 1,000 个的上限"),
    "styles": (lambda p: docx(p, {STYLES: styles(2_000)}),
               {"MAX_STYLES": 1_000}, "样式超过 1,000 个的上限"),
}


@pytest.fixture(params=sorted(BOMBS))
def bomb(request, tmp_path, monkeypatch):
    build, limits, message = BOMBS[request.param]
    for name, value in limits.items():
        monkeypatch.setattr(reader, name, value)
    return build(tmp_path / "bomb.docx"), message


def test_each_bomb_is_refused_with_the_limit_named(bomb):
    path, message = bomb
    started = time.perf_counter()
    with pytest.raises(DrafterError) as e:
        api.read_speech(path)
    assert time.perf_counter() - started < 5  # a guard, not a benchmark
    assert e.value.path == str(path) and message in e.value.message
    assert e.value.hint  # what to do


@pytest.mark.parametrize("command", [["check"], ["draft", "-o", "out.md"]])
def test_the_cli_refuses_each_bomb_with_exit_2_and_writes_nothing(bomb, command, tmp_path,
                                                                  monkeypatch):
    path, message = bomb
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.iterdir())
    started = time.perf_counter()
    result = CliRunner().invoke(cli, [command[0], path.name, *command[1:]],
                                catch_exceptions=False)
    assert time.perf_counter() - started < 5
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert f"bomb.docx: {message}" in result.output and "提示: " in result.output
    assert sorted(tmp_path.iterdir()) == before


def test_python_dash_m_drafter_refuses_bombs_past_the_real_limits(tmp_path):
    names = ["size.docx", "ratio.docx", "paragraphs.docx", "styles.docx"]
    docx(tmp_path / names[0], {DOC: run_of("讲" * (reader.MAX_UNCOMPRESSED // 3 + MB))})
    docx(tmp_path / names[1], {DOC: same_paragraphs(2 * reader.RATIO_FROM // 34)})
    docx(tmp_path / names[2], {DOC: document("<w:p/>" * (reader.MAX_PARAGRAPHS + 1))})
    docx(tmp_path / names[3], {STYLES: styles(reader.MAX_STYLES + 1)})
    check = subprocess.run([sys.executable, "-m", "drafter", "check", *names],
                           capture_output=True, text=True, cwd=tmp_path, timeout=60)
    draft = subprocess.run([sys.executable, "-m", "drafter", "draft", "size.docx", "-o", "out.md"],
                           capture_output=True, text=True, cwd=tmp_path, timeout=60)
    for out in (check, draft):
        assert out.returncode == 2, out.stderr
        assert "Traceback" not in out.stderr + out.stdout
    assert "size.docx: 文档解压后超过 50 MB 的上限" in check.stderr
    assert "ratio.docx: word/document.xml 的压缩比超过 200:1 的上限" in check.stderr
    assert "paragraphs.docx: 段落超过 100,000 个的上限" in check.stderr
    assert "styles.docx: 样式超过 10,000 个的上限" in check.stderr
    assert "size.docx: 文档解压后超过 50 MB 的上限" in draft.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)


def _count_inflated(monkeypatch) -> dict[str, int]:
    """Bytes zipfile hands out, per part."""
    counts: dict[str, int] = {}
    real_read = zipfile.ZipExtFile.read

    def read(self, n=-1):
        data = real_read(self, n)
        counts[self.name] = counts.get(self.name, 0) + len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    return counts


def test_a_declared_size_past_the_limit_is_refused_before_inflating(tmp_path, monkeypatch):
    path = docx(tmp_path / "bomb.docx", {DOC: run_of("讲" * MB)})
    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED", 1 * MB)
    counts = _count_inflated(monkeypatch)
    with pytest.raises(DrafterError, match="文档解压后超过 1 MB 的上限"):
        reader.read_docx(path)
    assert DOC not in counts


def test_a_lying_size_is_caught_while_inflating(tmp_path, monkeypatch):
    # The reader is told each part is empty; it still stops one chunk past the limit.
    path = docx(tmp_path / "bomb.docx", {DOC: run_of("讲" * (4 * MB))})
    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED", 1 * MB)
    monkeypatch.setattr(reader, "MAX_RATIO", 10**6)
    monkeypatch.setattr(reader, "_declared", lambda info: 0)
    counts = _count_inflated(monkeypatch)
    with pytest.raises(DrafterError, match="文档解压后超过 1 MB 的上限"):
        reader.read_docx(path)
    assert 0 < counts[DOC] and sum(counts.values()) <= 1 * MB + reader._CHUNK


def test_the_size_limit_counts_every_part_read_together(tmp_path, monkeypatch):
    # Each part alone fits; document and styles together do not.
    path = docx(tmp_path / "two.docx", {
        DOC: run_of(noise(MB // 2)),
        STYLES: f"<w:styles {W}><!-- {noise(MB // 2)} --></w:styles>".encode()})
    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED", MB * 3 // 4)
    with pytest.raises(DrafterError, match="读到 word/styles.xml 时"):
        reader.read_docx(path)


def test_parts_the_reader_does_not_need_are_never_inflated(tmp_path, monkeypatch):
    # A photo, or a bomb dressed as one, costs nothing: only the text and its styles are read.
    path = docx(tmp_path / "photo.docx", {"word/media/image1.png": b"\0" * (2 * MB)})
    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED", 1 * MB)
    counts = _count_inflated(monkeypatch)
    assert reader.read_docx(path).title == "在青石镇机关效能建设动员大会上的讲话"
    assert "word/media/image1.png" not in counts


def test_many_styles_with_many_paragraphs_read_in_linear_time(tmp_path, monkeypatch):
    # 50,000 styles × 5,000 paragraphs: python-docx's Paragraph.style searched the style list
    # for every paragraph (73 s); one lookup table makes it a fraction of a second.
    monkeypatch.setattr(reader, "MAX_STYLES", 100_000)
    path = docx(tmp_path / "styles.docx",
                {STYLES: styles(50_000), DOC: paragraphs(5_000, styles=50_000)})
    started = time.perf_counter()
    speech = reader.read_docx(path)
    assert time.perf_counter() - started < 3  # a guard, not a benchmark
    assert len(speech.blocks) == 5_000


def _fastest_read(path: Path) -> float:
    """The reader's own time, as timeit measures it: with the garbage collector paused, whose
    passes over the heap the rest of the suite has grown (jieba's dictionary, hypothesis) cost
    more the more objects a read makes, and are not the reader's complexity."""
    import gc

    times = []
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            reader.read_docx(path)
            times.append(time.perf_counter() - started)
        finally:
            gc.enable()
    return min(times)


def test_reading_time_grows_linearly(tmp_path):
    # Paragraphs and styles both × 4: linear is × 4, styles × paragraphs would be × 16.
    n = 10_000
    small = docx(tmp_path / "n.docx",
                 {STYLES: styles(n // 10), DOC: paragraphs(n, styles=n // 10)})
    large = docx(tmp_path / "4n.docx",
                 {STYLES: styles(4 * n // 10), DOC: paragraphs(4 * n, styles=4 * n // 10)})
    assert _fastest_read(large) / _fastest_read(small) < 8


@pytest.mark.parametrize("name, text", [("empty.txt", ""), ("blank.txt", "\n　　\n  \n"),
                                        ("empty.md", ""), ("blank.md", "\n\n")])
def test_an_empty_draft_is_refused_and_nothing_is_written(name, text, tmp_path, monkeypatch):
    # drafter used to write a .docx from it, then refuse that .docx as empty.
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    for args in (["draft", name], ["draft", name, "-o", "out.docx"]):
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 2, result.output
        assert f"{name}: 没有正文" in result.output and "Traceback" not in result.output
    assert [p.name for p in tmp_path.iterdir()] == [name]
