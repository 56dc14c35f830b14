"""Reader: a .docx (ours or anyone's) → Speech, so edited files convert and can be checked.

A .docx is untrusted input, so reading is bounded and linear. Only the parts the reader needs
(content types, relationships, the main document, its styles, footnotes and endnotes) are
inflated, in chunks and against size and ratio limits; a part is parsed only once it has been
inflated within them. The XML is then parsed as a stream (lxml parser targets): memory does not
grow with elements the reader skips, and styles are looked up in one table built once per
document (python-docx scans every style for every paragraph: quadratic in styles × paragraphs).

Which text is read, and how paragraphs are numbered (Block.source), is docx_text's business:
the text as Word shows it with all tracked changes accepted, in the body, tables, text boxes
and notes. Here those paragraphs become blocks: the first is the title; until the body starts,
short lines are the title block (speaker, date, subtitle) and "同志们：" the salutation, whether
the writer used styles, centring or nothing; a paragraph from a table, a text box or a note is
always a plain paragraph; footnotes, then endnotes, come after the body. A block's text is its
paragraph's text as read, manual line breaks (Shift+Enter) removed and white space stripped at
both ends: an offset into it maps back into the w:p (Block.source) after what was stripped.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from drafter.document.docx_text import UNREADABLE, Contents, Paragraph, ParagraphTarget
from drafter.document.markdown import SALUTATION, front_kind
from drafter.document.plaintext import heading_level
from drafter.document.speech import Block, Run, Speech
from drafter.errors import DrafterError, os_reason

MB = 1024 * 1024
# Limits on what one .docx may cost. A real speech is far below each: a 30-page speech's
# document.xml is under 1 MB inflated and has a few hundred paragraphs; drafter's own styles.xml
# has 165 styles (files pasted together from many sources collect more, hence the headroom).
# Past them, a file is not a speech but most likely a decompression bomb.
MAX_UNCOMPRESSED = 50 * MB  # the parts read, together; pictures are never inflated
MAX_RATIO = 200  # inflated : compressed, per part; drafter's XML deflates 2–30 : 1 …
RATIO_FROM = 1 * MB  # … and a part smaller than this may deflate as well as it likes
MAX_PARAGRAPHS = 100_000  # every w:p read (document.xml, table cells, notes included)
MAX_STYLES = 10_000
_CHUNK = 64 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_PPR, _JC = _W + "pPr", _W + "jc"
_STYLE, _NAME, _VAL, _TYPE, _STYLE_ID, _DEFAULT = (_W + n for n in (
    "style", "name", "val", "type", "styleId", "default"))
_ON = (None, "1", "true", "on")  # w:default with no value is on
# python-docx shows these built-in style names as Word's UI does.
_UI_NAMES = {f"heading {n}": f"Heading {n}" for n in range(1, 10)} | {
    "caption": "Caption", "footer": "Footer", "header": "Header"}


# What opening a file that is not a readable Word package raises (besides lxml's errors): not a
# zip, a damaged or encrypted one, a part missing, not a Word document.
_NOT_A_PACKAGE = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError,
                  NotImplementedError, RuntimeError)


def read_docx(path: Path | str) -> Speech:
    """The speech a .docx holds (see read_docx_report)."""
    return read_docx_report(path)[0]


def read_docx_report(path: Path | str) -> tuple[Speech, DocxReport]:
    """The speech a .docx holds, and what else it holds that a re-laid-out copy cannot keep
    as it was (tables, pictures, notes, tracked changes …)."""
    from lxml.etree import LxmlError

    path = Path(path)
    if path.is_dir():
        raise DrafterError(f"这是一个文件夹，不是文件：{path}", path)
    try:
        document, styles_xml, notes = _inflate(path)
        builder = _Builder(_parse(styles_xml, _Styles(path)))
        paragraphs = _paragraphs(path, document, notes, builder.report.contents)
    except FileNotFoundError as e:
        raise DrafterError(f"找不到文件：{path}", path) from e
    except OSError as e:  # unreadable: strerror is English
        raise DrafterError(f"无法读取文件：{os_reason(e)}", path) from e
    except (*_NOT_A_PACKAGE, LxmlError) as e:
        # Not a zip, a damaged or encrypted one, a part missing or not XML, not a Word document.
        raise DrafterError("不是有效的 .docx 文件", path, hint="用 Word 或 WPS 另存为 .docx") from e
    for p in paragraphs:
        builder.add(p)
    if not builder.speech.blocks:
        raise DrafterError("文档是空的", path)
    return builder.speech, builder.report


def _paragraphs(path: Path, document: bytes, notes: list[tuple[str, bytes]],
                contents: Contents) -> list[Paragraph]:
    """Every paragraph of the document, then of the notes, in document order (a text box's
    paragraphs end before the paragraph anchoring it does, so they are put back in order)."""
    found: list[Paragraph] = []
    target = None
    for where, xml in [("body", document), *notes]:
        target = ParagraphTarget(found.append, contents, path=path, limit=MAX_PARAGRAPHS,
                                 where=where, after=target)
        _parse(xml, target)
    return sorted(found, key=lambda p: p.source)


def check_template(path: Path | str) -> None:
    """Refuse a unit's template (--reference-doc) that is not a Word .docx or that inflates past
    the limits, before python-docx reads all of it: every part is inflated once, against the
    same budget as a speech read with read_docx."""
    from lxml.etree import LxmlError

    path = Path(path)
    try:
        _inflate(path)
        with zipfile.ZipFile(path) as z:
            parts = _Parts(z, path)
            for info in z.infolist():
                if not info.is_dir():
                    parts.read("/" + info.filename)
    except FileNotFoundError as e:
        raise DrafterError(f"找不到单位模板：{path}", path) from e
    except IsADirectoryError as e:
        raise DrafterError(f"这是一个文件夹，不是单位模板文件：{path}", path) from e
    except OSError as e:
        raise DrafterError(f"无法读取单位模板：{os_reason(e)}", path) from e
    except (*_NOT_A_PACKAGE, LxmlError) as e:
        raise DrafterError("单位模板不是有效的 .docx 文件", path,
                           hint="用 Word 或 WPS 打开模板，另存为 .docx（不是 .dotx、.doc）") from e


# --- the package: which parts, inflated within the limits --------------------------------------


def _inflate(path: Path) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    """The main document part, its styles part (python-docx's defaults when it has none) and its
    notes parts ("footnote" or "endnote", bytes), found the way python-docx finds parts:
    relationships, then the content type."""
    with zipfile.ZipFile(path) as z:
        parts = _Parts(z, path)
        main = parts.related("/", "officeDocument")
        if main is None:
            raise KeyError("no main document part")
        types = _parse(parts.read("/[Content_Types].xml"), _Records(_content_type_of(main), True))
        found = types.get(_CT + "Override") or types.get(_CT + "Default") or {}
        if found.get("ContentType") != _MAIN:  # .dotx, .docm: python-docx refuses them too
            raise ValueError("not a Word document")
        document = parts.read(main)
        styles = parts.related(main, "styles")
        notes = []
        for kind in ("footnote", "endnote"):
            part = parts.related(main, kind + "s")
            if part is not None:
                try:
                    notes.append((kind, parts.read(part)))
                except KeyError:  # a relationship to a part that is not there: no notes
                    pass
        return document, (parts.read(styles) if styles else _default_styles()), notes


class _Parts:
    """Reads parts of one zip against a shared budget, MAX_UNCOMPRESSED in all."""

    def __init__(self, z: zipfile.ZipFile, path: Path) -> None:
        self.z, self.path, self.left = z, path, MAX_UNCOMPRESSED

    def related(self, source: str, reltype: str) -> str | None:
        """The part name `source`'s first internal relationship of `reltype` points to."""
        base, name = posixpath.split(source)
        try:
            rels = self.read(posixpath.join(base, "_rels", name + ".rels"))
        except KeyError:  # a part with no relationships part
            return None

        def want(tag, a):
            return (tag == _REL and a.get("Type") == _RELTYPE + reltype
                    and a.get("TargetMode") != "External" and a.get("Target") is not None)

        rel = _parse(rels, _Records(want)).get(_REL)
        return posixpath.normpath(posixpath.join(base, rel["Target"])) if rel else None

    def read(self, part: str) -> bytes:
        """A part's bytes. The declared size is checked first, then the bytes actually inflated,
        chunk by chunk: a lying header or a bomb stops at the limit, not in a MemoryError."""
        info = self.z.getinfo(part[1:])
        cap = max(RATIO_FROM, MAX_RATIO * info.compress_size)
        self._check(part, _declared(info), cap)
        chunks, size = [], 0
        with self.z.open(info) as f:
            while chunk := f.read(_CHUNK):
                size += len(chunk)
                self._check(part, size, cap)
                chunks.append(chunk)
        self.left -= size
        return b"".join(chunks)

    def _check(self, part: str, size: int, cap: int) -> None:
        name = part.lstrip("/")
        if size > self.left:
            raise DrafterError(
                f"文档解压后超过 {MAX_UNCOMPRESSED / MB:g} MB 的上限（读到 {name} 时），"
                "不像是讲话稿，可能是“压缩炸弹”", self.path, hint=_RESAVE)
        if size > cap:
            raise DrafterError(
                f"{name} 的压缩比超过 {MAX_RATIO}:1 的上限，不像是讲话稿，可能是“压缩炸弹”",
                self.path, hint=_RESAVE)


def _declared(info: zipfile.ZipInfo) -> int:
    """The size the zip's directory claims for a part: checked first, as it costs nothing."""
    return info.file_size


_RESAVE = "如果确实是讲话稿，用 Word 或 WPS 打开，把正文复制到新文档另存为 .docx（或存为 .txt）再试"


def _content_type_of(part: str):
    """What [Content_Types].xml says about `part`: its Override, else its extension's Default
    (both case-insensitive, the last one wins, as in python-docx)."""
    name, ext = part.lower(), posixpath.splitext(part)[1][1:].lower()

    def want(tag, a):
        if tag == _CT + "Override":
            return a.get("PartName", "").lower() == name
        return tag == _CT + "Default" and a.get("Extension", "").lower() == ext

    return want


def _default_styles() -> bytes:
    # python-docx gives a document without a styles part its own default styles.
    import docx

    return (Path(docx.__file__).parent / "templates" / "default-styles.xml").read_bytes()


# --- streaming XML ------------------------------------------------------------------------------


def _parse(xml: bytes, target):
    """Feed `xml` to a parser target: no tree is built, so memory stays with the target. The
    options are python-docx's (entities are not expanded, blank text between tags is dropped)."""
    from lxml import etree

    parser = etree.XMLParser(target=target, remove_blank_text=True, resolve_entities=False,
                             no_network=True)
    return etree.fromstring(xml, parser)


class _Target:
    """What every parser target here shares."""

    def doctype(self, name, public_id, system_url) -> None:
        # OPC forbids DTDs in package parts (ECMA-376 Part 2, 8.1.4) and Word never writes one;
        # refusing them keeps entity expansion, internal or external, out of reading entirely.
        raise ValueError("a DTD in a .docx part")


class _Records(_Target):
    """Parser target: the attributes of the first (or last) child of the root, per tag, that
    `want(tag, attrib)` accepts."""

    def __init__(self, want, last: bool = False) -> None:
        self.want, self.last, self.depth, self.found = want, last, 0, {}

    def start(self, tag, attrib) -> None:
        self.depth += 1
        if self.depth == 2 and (self.last or tag not in self.found) and self.want(tag, attrib):
            self.found[tag] = dict(attrib)

    def end(self, tag) -> None:
        self.depth -= 1

    def close(self) -> dict:
        return self.found


@dataclass
class _Style:
    name: str = ""
    type: str | None = None
    centred: bool = False
    default: bool = False


@dataclass
class _StyleTable:
    by_id: dict[str, _Style] = field(default_factory=dict)
    default: _Style | None = None  # the last default paragraph style, as python-docx takes it

    def paragraph_style(self, style_id) -> _Style | None:
        """python-docx's Paragraph.style: the paragraph style with that id, else the default."""
        if style_id is UNREADABLE:
            return None
        found = self.by_id.get(style_id) if style_id else None
        return found if found is not None and found.type == "paragraph" else self.default


class _Styles(_Target):
    """Parser target for styles.xml → _StyleTable in one pass; at most MAX_STYLES styles."""

    def __init__(self, path: Path) -> None:
        self.path, self.table, self.count = path, _StyleTable(), 0
        self.roles: list[str | None] = ["top"]
        self.style, self.id = _Style(), None
        self.seen: set[str] = set()  # python-docx reads a style's first w:name, w:pPr, w:jc

    def start(self, tag, attrib) -> None:
        parent, role = self.roles[-1], None
        if parent == "top":
            role = "styles"
        elif parent == "styles" and tag == _STYLE:
            role = self._open(attrib)
        elif (parent, tag) in _STYLE_FIRST and tag not in self.seen:
            self.seen.add(tag)
            value = attrib.get(_VAL)
            if tag == _PPR:
                role = "pPr"
            elif tag == _JC:
                self.style.centred = value == "center"
            elif value is not None:  # w:name
                self.style.name = _UI_NAMES.get(value, value)
        self.roles.append(role)

    def _open(self, attrib) -> str:
        self.count += 1
        if self.count > MAX_STYLES:
            raise DrafterError(
                f"样式超过 {MAX_STYLES:,} 个的上限，不像是讲话稿", self.path,
                hint="用 Word 或 WPS 打开，全选复制，在新文档里“只保留文本”粘贴后另存为 .docx 再试")
        self.style = _Style(type=attrib.get(_TYPE), default=attrib.get(_DEFAULT) in _ON[1:])
        self.id, self.seen = attrib.get(_STYLE_ID), set()
        return "style"

    def end(self, tag) -> None:
        if self.roles.pop() == "style":
            if self.id is not None:
                self.table.by_id.setdefault(self.id, self.style)
            if self.style.type == "paragraph" and self.style.default:
                self.table.default = self.style

    def close(self) -> _StyleTable:
        return self.table


_STYLE_FIRST = {("style", _NAME), ("style", _PPR), ("pPr", _JC)}


# --- paragraphs → Speech --------------------------------------------------------------------------

# A line of the title block as a writer types it without styles: short, no sentence in it.
_FRONT_MAX = 30
_SENTENCE = re.compile(r"[，。；！？,;!?]")
# A date line in figures or in Chinese numerals, bracketed or not ("二〇二六年三月十五日").
_DATE = re.compile(r"^[（(]?(\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月"
                   r"[\d一二三四五六七八九十]{1,3}日[）)]?$")
# Where a block read from something other than the body's own paragraphs came from.
_WHERE = {"table": "表格", "textbox": "文本框", "footnote": "脚注", "endnote": "尾注"}
_CELL_GAP = "\u3000"


@dataclass
class DocxReport:
    """What a .docx holds besides its paragraphs, and how the reader kept it: counts
    (docx_text.Contents), blocks read from tables, text boxes and notes (by where), the index
    of each note's first block with its label ("脚注1"), and the blocks of each table row."""

    contents: Contents = field(default_factory=Contents)
    kept: Counter = field(default_factory=Counter)
    notes: dict[int, str] = field(default_factory=dict)
    rows: dict[int, list[int]] = field(default_factory=dict)

    def relayout(self, speech: Speech) -> None:
        """Shape the speech read for a re-laid-out copy, where everything is a paragraph: each
        note's first block opens with its label ("脚注1："), and each table row becomes one
        paragraph, its cells one full-width space apart (a row of figures reads as a line)."""
        for i, label in self.notes.items():
            speech.blocks[i].runs.insert(0, Run(label + "："))
        gone = set()
        for cells in self.rows.values():
            first = speech.blocks[cells[0]]
            for i in cells[1:]:
                first.runs += [Run(_CELL_GAP), *speech.blocks[i].runs]
                gone.add(i)
        speech.blocks[:] = [b for i, b in enumerate(speech.blocks) if i not in gone]

    def warnings(self) -> list[str]:
        """What a re-laid-out copy keeps only approximately, or loses, one sentence each."""
        c, out = self.contents, []
        if c.tables:
            out.append(f"表格 {c.tables} 个排成了正文段落，每行一段（{len(self.rows)} 段），单元格"
                       "之间空一格；表格的边框和列宽没有保留，请对照原文件核对")
        if c.text_boxes:
            out.append(f"文本框 {c.text_boxes} 个里的文字排成了正文段落（{self.kept['textbox']} 段），"
                       "放在文本框所在的段落之后")
        for kind, n in (("脚注", c.footnotes), ("尾注", c.endnotes)):
            if n:
                out.append(f"{kind} {n} 条排在了正文末尾（以“{kind}1：”这样的标记开头），"
                           f"正文里的{kind}编号没有保留")
        lost = [f"{name} {n} {unit}" for name, n, unit in (
            ("图片", c.pictures, "张"), ("图表", c.charts, "个"), ("SmartArt 图形", c.diagrams, "个"),
            ("嵌入对象", c.objects, "个"), ("公式", c.equations, "个"), ("批注", c.comments, "条")) if n]
        if lost:
            out.append(f"没有保留：{'、'.join(lost)}（drafter 只排文字），请从原文件复制补回")
        if c.insertions or c.deletions or c.moves:
            moved = f"、移动 {c.moves} 处" if c.moves else ""
            out.append(f"文档里有修订，已按“全部接受”处理：插入 {c.insertions} 处保留、"
                       f"删除 {c.deletions} 处去掉{moved}；修订标记没有保留")
        return out


class _Builder:
    """Turns paragraphs into speech blocks, in document order."""

    def __init__(self, styles: _StyleTable) -> None:
        self.styles, self.speech, self.body = styles, Speech(), False
        self.report, self.note = DocxReport(), ("", 0)

    def add(self, p: Paragraph) -> None:
        # A manual line break (Shift+Enter) inside a Chinese paragraph is not a new paragraph.
        runs = [Run(text.replace("\n", ""), bold)
                for text, bold in (("".join(pieces), b) for pieces, b in p.runs) if text]
        text = "".join(r.text for r in runs).strip()
        if not text:
            return
        block = self._block(p, text, runs)
        block.source = p.source
        if p.where in _WHERE:
            self.report.kept[p.where] += 1
        if p.row:
            self.report.rows.setdefault(p.row, []).append(len(self.speech.blocks))
        if p.note and (p.where, p.note) != self.note:
            self.note = (p.where, p.note)
            self.report.notes[len(self.speech.blocks)] = f"{_WHERE[p.where]}{p.note}"
        self.speech.blocks.append(block)

    def _block(self, p: Paragraph, text: str, runs: list[Run]) -> Block:
        if not self.speech.blocks:
            return Block("title", [Run(text)])
        if p.where != "body":
            self.body = True
            return Block("paragraph", _strip(runs))
        p_style = self.styles.paragraph_style(p.style)
        style = p_style.name if p_style is not None else ""
        if style.startswith("Heading ") and style[8:].isdigit():
            self.body = True
            return Block("heading", _strip(runs), min(4, int(style[8:])))
        level = heading_level(text)
        if not self.body and not level:
            if SALUTATION.match(text):
                self.body = True
                return Block("salutation", [Run(text)])
            centred = p.jc == "center" or (p_style is not None and p_style.centred)
            if style == "Subtitle" or centred or _front_shaped(text):
                return Block(_front_kind(text), [Run(text)])
        self.body = True
        if level and not any(r.bold for r in runs[1:]):
            return Block("heading", _strip(runs), level)
        return Block("paragraph", _strip(runs))


def _front_shaped(text: str) -> bool:
    """A line typed under the title as a writer lays out the title block by hand: the speaker
    ("县委书记  张三", "张三"), the date, a "——在…上" subtitle. Short, and no sentence."""
    return len(text) <= _FRONT_MAX and not _SENTENCE.search(text)


def _front_kind(text: str) -> str:
    """front_kind, and a date without brackets or in Chinese numerals is a date too."""
    return "date" if _DATE.match("".join(text.split())) else front_kind(text)


def _strip(runs: list[Run]) -> list[Run]:
    """Leading full-width spaces some writers type instead of an indent are not text."""
    if runs:
        runs[0] = Run(runs[0].text.lstrip(" \u3000"), runs[0].bold)
        runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold)
    return [r for r in runs if r.text]
