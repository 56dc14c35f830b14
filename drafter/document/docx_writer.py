"""Writer: Speech → .docx in the GB/T 9704-2012 layout, with the standard library only.

The styles, page setup, footers and settings are the same for every speech: they come from a
base package that python-docx builds (document/docx_build.py) once per layout and fonts and
drafter's cache keeps (drafter/cache.py), so a later run imports neither python-docx nor lxml.
Per document only word/document.xml and the two docProps parts are written
(document/docx_zip.py puts them beside the base's parts, compressed once per process)."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

# The layout and the blocks' roles, here too for the writer's callers (docx_writer.LAYOUTS…).
from drafter.document.docx_layout import (  # noqa: F401
    AMBIGUOUS,
    BLOCK_STYLES,
    BODY_SIZE,
    CHAR_SPACING,
    FOOTER_MM,
    LATIN_FONT,
    LAYOUTS,
    LINE_PITCH,
    MARGINS_MM,
    PAGE_HEIGHT,
    PAGE_NUMBER_FONT,
    PAGE_NUMBER_INDENT,
    PAGE_WIDTH,
    SHORT_ENDING,
    STYLE_NAMES,
    TITLE_CHARS,
    TITLE_LINE,
    TITLE_SIZE,
    Layout,
    _ambiguous,
    _app_xml,
    _author_from_speaker,
    _ending,
    _with_first_body,
    fonts_of,
    layout_of,
    style_name,
)
from drafter.document.docx_zip import Member, deflated, inflated, members, zip_bytes
from drafter.document.output import atomic_write
from drafter.document.speech import Block, Speech
from drafter.errors import DrafterError


def _escape(text: str) -> str:
    """&, < and > as entities: xml.sax.saxutils.escape's output, without the urllib, http and
    email modules it imports."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Characters an XML part cannot hold (as a regex class body).
_INVALID = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_XML_INVALID = re.compile(f"[{_INVALID}]")


@dataclass(frozen=True)
class _Package:
    parts: tuple[Member | str, ...]  # in the base's order; a name stands for a part written anew
    head: str  # word/document.xml up to and including <w:body>
    tail: str  # from the body's sectPr to the end
    style_ids: dict[str, str]
    line_pitch: int


# Written for each speech; every other part of the base is copied as it is.
_PER_DOCUMENT = ("word/document.xml", "docProps/core.xml", "docProps/app.xml")


@functools.cache
def _package(layout: Layout, fonts: str = "gb2312") -> _Package:
    base, ids = base_package(layout, fonts)
    parts = members(base)
    document = next(inflated(m) for m in parts if m.name == b"word/document.xml").decode()
    head, rest = document.split("<w:body>", 1)
    tail = rest[rest.rindex("<w:sectPr"):]
    kept = tuple(m.name.decode() if m.name.decode() in _PER_DOCUMENT else m for m in parts)
    return _Package(kept, head + "<w:body>", tail, ids, layout.line_pitch)


def base_package(layout: Layout, fonts: str) -> tuple[bytes, dict[str, str]]:
    """The base package and the style ids its paragraphs name: from drafter's cache, else built
    by python-docx (imported only then) and stored for the next run."""
    from drafter import cache

    name = f"{layout!r} {fonts}"
    stored = cache.read("docx-base", name, b"")
    if stored is not None:
        size = int.from_bytes(stored[:4], "big")
        return stored[4 + size:], json.loads(stored[4:4 + size])
    from drafter.document import docx_build

    base = docx_build.base_bytes(layout, fonts)
    ids = docx_build.style_ids(base)
    head = json.dumps(ids, sort_keys=True).encode()
    cache.write("docx-base", name, b"", len(head).to_bytes(4, "big") + head + base)
    return base, ids


def _paragraph_xml(block: Block, package: _Package, first_body: bool, end: str = "") -> str:
    name = style_name(block)
    ppr = "" if name == "Normal" else f'<w:pStyle w:val="{package.style_ids[name]}"/>'
    ppr += {"keep": "<w:keepNext/><w:widowControl/>", "last": "<w:widowControl/>"}.get(end, "")
    if first_body:
        ppr += f'<w:spacing w:before="{package.line_pitch}"/>'
    runs = "".join(_run_xml(run.text, run.bold, block) for run in block.runs if run.text)
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>" if ppr else f"<w:p><w:pPr/>{runs}</w:p>"


@functools.cache
def _plain_run() -> re.Pattern:
    """A character that makes a run more than <w:r><w:t>text</w:t></w:r>: one a .docx cannot
    hold, one Word sets in a Latin font unless hinted (AMBIGUOUS), &, <, >, a tab or a line
    break. Most runs of a draft hold none: one search instead of five."""
    return re.compile(f"[{_INVALID}{re.escape(''.join(sorted(AMBIGUOUS)))}&<>\n\t]")


def _run_xml(text: str, bold: bool, block: Block) -> str:
    if not (text[0].isspace() or text[-1].isspace()) and _plain_run().search(text) is None:
        return f"<w:r><w:rPr><w:b/></w:rPr><w:t>{text}</w:t></w:r>" if bold else \
            f"<w:r><w:t>{text}</w:t></w:r>"
    if _XML_INVALID.search(text):
        raise DrafterError(
            f"段落含有无法写入 .docx 的控制字符：{block.text[:30]!r}",
            hint="删除文中的不可见控制字符后重试",
        )
    props = ('<w:rFonts w:hint="eastAsia"/>' if _ambiguous(text) else "") + ("<w:b/>" if bold else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    if "\n" not in text and "\t" not in text:  # nearly every run: one w:t
        return f"<w:r>{rpr}{_text_xml(text)}</w:r>"
    pieces = []
    # Tabs and line breaks are elements of their own in WordprocessingML, as python-docx does.
    for i, line in enumerate(text.split("\n")):
        if i:
            pieces.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(_text_xml(chunk))
    return f"<w:r>{rpr}{''.join(pieces)}</w:r>"


def _text_xml(chunk: str) -> str:
    if chunk[0].isspace() or chunk[-1].isspace():
        return f'<w:t xml:space="preserve">{_escape(chunk)}</w:t>'
    return f"<w:t>{_escape(chunk)}</w:t>"


def _core_xml(speech: Speech, *, author: str, subject: str) -> bytes:
    author = author or _author_from_speaker(speech.speaker)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    title, author, subject = (_escape(_XML_INVALID.sub("", v))
                              for v in (speech.title, author, subject))
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject>"
        f"<dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        "<dc:language>zh-CN</dc:language></cp:coreProperties>"
    ).encode()


def to_bytes(speech: Speech, *, author: str = "", subject: str = "",
             layout: str | Layout = "gb", fonts: str | None = None) -> bytes:
    """The .docx file's bytes: the base package's parts are copied as they are, deflated, and
    only word/document.xml and docProps' core.xml and app.xml are written for this speech. It
    yields the same paragraphs as docx_build.build_document() (tests compare them) at a
    fraction of python-docx's per-document cost, which is what a batch of thousands spends its
    time on."""
    package = _package(layout_of(layout), fonts_of(fonts, layout))
    blocks = list(_with_first_body(speech.blocks))
    body = "".join(_paragraph_xml(block, package, first_body, end)
                   for (block, first_body), end in zip(blocks, _ending(speech.blocks), strict=True))
    new = {
        "word/document.xml": (package.head + body + package.tail).encode("utf-8"),
        "docProps/core.xml": _core_xml(speech, author=author, subject=subject),
        "docProps/app.xml": _app_xml(speech, layout),
    }
    return zip_bytes([deflated(p, new[p]) if isinstance(p, str) else p for p in package.parts])


def write_docx(
    speech: Speech, path: str | Path, *, author: str = "", subject: str = "", force: bool = False,
    layout: str | Layout = "gb", fonts: str | None = None,
) -> Path:
    """Write the speech to path atomically; an existing file is replaced only with force."""
    data = to_bytes(speech, author=author, subject=subject, layout=layout, fonts=fonts)
    return atomic_write(path, data, force=force)


# The python-docx builder's names, for callers that still reach them here: docx_build (and
# python-docx with it) is imported only when one is asked for.
_BUILDER = ("build_document", "fill", "set_core_properties", "base_bytes", "styles_for", "STYLES")


def __getattr__(name: str):
    if name in _BUILDER:
        from drafter.document import docx_build

        return getattr(docx_build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
