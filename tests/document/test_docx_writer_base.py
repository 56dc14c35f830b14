"""The writer without python-docx: the base package kept in drafter's cache is what the
python-docx builder makes, the zip put together by hand reads back as the same parts, and once
the cache holds the base, drafting a speech to .docx imports neither python-docx, lxml nor
xml.sax."""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.document import docx_build, docx_parts, docx_writer, docx_zip
from drafter.document.docx_parts import FONT_CHOICES
from drafter.document.docx_writer import LAYOUTS, Layout, to_bytes
from drafter.document.speech import Block, Run, Speech
from drafter.errors import DrafterError

PRESETS = [(layout, fonts) for layout in LAYOUTS for fonts in FONT_CHOICES]


def parts(package: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        assert z.testzip() is None
        return [(name, z.read(name)) for name in z.namelist()]


@pytest.mark.parametrize(("layout", "fonts"), PRESETS)
def test_the_cached_base_is_what_python_docx_builds(layout, fonts, tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path))
    built = docx_build.base_bytes(LAYOUTS[layout], fonts)
    first = docx_writer.base_package(LAYOUTS[layout], fonts)  # built and stored
    again = docx_writer.base_package(LAYOUTS[layout], fonts)  # read from the cache
    assert any(tmp_path.rglob("*.bin"))
    for base, ids in (first, again):
        assert parts(base) == parts(built)
        assert ids == docx_build.style_ids(built)


def test_the_builder_styles_are_the_ones_the_writer_names():
    assert tuple(docx_build.styles_for(LAYOUTS["podium"], "windows")) == docx_writer.STYLE_NAMES


def speech() -> Speech:
    return Speech([
        Block("title", [Run("关于做好“三夏”生产工作的讲话")]),
        Block("salutation", [Run("同志们：")]),
        Block("heading", [Run("一、提高认识")], level=1),
        Block("paragraph", [Run("一是要<早>部署&。", bold=True), Run(" 2026年6月底\t前完成\n收尾 ")]),
        Block("paragraph", [Run("谢谢大家！")]),
    ])


@pytest.mark.parametrize(("layout", "fonts"), PRESETS)
def test_a_document_has_its_base_s_parts_in_order(layout, fonts):
    written = dict(parts(to_bytes(speech(), layout=layout, fonts=fonts)))
    base = parts(docx_build.base_bytes(LAYOUTS[layout], fonts))
    assert list(written) == [name for name, _ in base]
    per_document = {"word/document.xml", "docProps/core.xml", "docProps/app.xml"}
    assert {n: d for n, d in base if n not in per_document} == {
        n: d for n, d in written.items() if n not in per_document}
    assert "&lt;早&gt;部署&amp;。" in written["word/document.xml"].decode()


def test_a_layout_file_with_its_own_numbers_gets_its_own_base():
    own = Layout("本单位", 15, 600, 0)
    written = dict(parts(to_bytes(speech(), layout=own)))
    built = dict(parts(docx_build.base_bytes(own, "gb2312")))
    assert written["word/styles.xml"] == built["word/styles.xml"]
    assert written["word/styles.xml"] != dict(parts(to_bytes(speech())))["word/styles.xml"]


def test_the_zip_reads_back_member_for_member():
    members = docx_zip.members(to_bytes(speech()))
    again = docx_zip.members(docx_zip.zip_bytes(members, (2026, 1, 1, 0, 0, 0)))
    assert again == members
    with zipfile.ZipFile(io.BytesIO(docx_zip.zip_bytes(members))) as z:
        for info, m in zip(z.infolist(), members, strict=True):
            assert (info.filename, info.CRC, info.file_size) == (m.name.decode(), m.crc, m.size)
            assert info.compress_type == zipfile.ZIP_DEFLATED


def test_without_isal_the_parts_are_the_same(monkeypatch):
    """isal deflates the per-document parts where it is installed; zlib where it is not: a
    file either way whose parts read back byte for byte the same."""
    import zlib

    fast = to_bytes(speech())
    with_isal = dict(parts(fast))
    monkeypatch.setattr(docx_zip, "_deflate", lambda: (zlib, 1))
    plain = to_bytes(speech())
    with_zlib = dict(parts(plain))
    assert with_zlib.keys() == with_isal.keys()
    for name in with_isal:
        if name != "docProps/core.xml":  # its creation time
            assert with_zlib[name] == with_isal[name], name
    for data in (fast, plain):  # either way the speech's own part is packed, not stored
        info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
        assert info.compress_size < info.file_size * 0.7


def test_a_stored_member_is_deflated_on_the_way_in():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("a.xml", "<a>" + "重复" * 100 + "</a>")
    (m,) = docx_zip.members(buf.getvalue())
    assert docx_zip.inflated(m) == ("<a>" + "重复" * 100 + "</a>").encode()


def test_escape_is_xml_sax_escape():
    for text in ["a&b<c>d", "&amp;", "“引号”", "<<>>&&", ""]:
        assert docx_writer._escape(text) == escape(text)


def _words_by_hand(text: str) -> int:
    """The count as app.xml gave it before: a loop over every character."""
    count, in_word = 0, False
    for ch in text:
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
            count, in_word = count + 1, False
        elif ch.isalnum():
            count, in_word = count + (not in_word), True
        else:
            in_word = False
    return count


def test_words_are_counted_as_by_the_loop():
    every = "".join(map(chr, range(0x30000)))  # surrogates and all
    assert docx_parts._words(every) == _words_by_hand(every)
    alphabet = "中文字aBc1２３_-—，。\t\n٣ⅫéＡ㐀䀀鿿豈﫿\u33ff\uf8ff\ufb00\u3000 𠀀①"
    rng = random.Random(17)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert docx_parts._words(text) == _words_by_hand(text), text


def test_drafting_to_docx_imports_no_xml_library_once_the_base_is_cached(tmp_path):
    code = (
        "import sys\n"
        "from drafter import api\n"
        "r = api.draft('examples/qingshi-town.yaml')\n"
        "assert api.to_bytes(r.speech, 'docx').startswith(b'PK')\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('docx', 'lxml', 'email', 'http') or m.startswith(('xml.sax', 'urllib.request')))))\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DRAFTER_CACHE_DIR": str(tmp_path)}

    def imported() -> list[str]:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              cwd=root, check=True, env=env).stdout.split()

    assert "docx" in imported()  # the first run builds the base with python-docx
    assert imported() == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="会议“”‘’—…·&<>\n\t a1\x01\x0b\ufffe", min_size=1, max_size=12),
       st.booleans())
def test_a_plain_run_is_written_as_the_full_path_writes_it(text, bold):
    """_run_xml's quick path (no character needing a hint, an escape or an element of its
    own) writes what the full path writes, and refuses what it refuses."""
    import re

    block = Block("paragraph", [Run(text, bold)])

    def written(pattern):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(docx_writer, "_plain_run", lambda: pattern)
            try:
                return docx_writer._run_xml(text, bold, block)
            except DrafterError:
                return "refused"

    assert written(docx_writer._plain_run()) == written(re.compile(".", re.S))
