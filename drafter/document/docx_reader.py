"""Reader: a .docx (ours or anyone's) → Speech, so edited files convert and can be checked.

A .docx is untrusted input, so reading is bounded and linear. Only the parts the reader needs
(content types, relationships, the main document and its styles) are inflated, in chunks and
against size and ratio limits; a part is parsed only once it has been inflated within them. The
XML is then parsed as a stream (lxml parser targets): memory does not grow with elements the
reader skips, and styles are looked up in one table built once per document. The result matches
what python-docx's Document.paragraphs, Paragraph.style, .alignment, Run.text and .bold give
(python-docx scans every style for every paragraph, so it is quadratic in styles × paragraphs).
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

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
MAX_PARAGRAPHS = 100_000  # every w:p in document.xml, table cells included
MAX_STYLES = 10_000
_CHUNK = 64 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Qualified names, made once: the parser targets compare them for every element.
_DOCUMENT, _BODY, _P, _R, _T, _BR, _PPR, _RPR, _PSTYLE, _JC, _B = (_W + n for n in (
    "document", "body", "p", "r", "t", "br", "pPr", "rPr", "pStyle", "jc", "b"))
_STYLE, _NAME, _VAL, _TYPE, _STYLE_ID, _DEFAULT = (_W + n for n in (
    "style", "name", "val", "type", "styleId", "default"))
_ON = (None, "1", "true", "on")  # w:b with no w:val is on; an unknown value reads as unset
# python-docx shows these built-in style names as Word's UI does.
_UI_NAMES = {f"heading {n}": f"Heading {n}" for n in range(1, 10)} | {
    "caption": "Caption", "footer": "Footer", "header": "Header"}
_UNREADABLE = object()  # a w:pStyle without w:val: python-docx raises, we read "no style"


# What opening a file that is not a readable Word package raises (besides lxml's errors): not a
# zip, a damaged or encrypted one, a part missing, not a Word document.
_NOT_A_PACKAGE = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError,
                  NotImplementedError, RuntimeError)


def read_docx(path: Path | str) -> Speech:
    from lxml.etree import LxmlError

    path = Path(path)
    if path.is_dir():
        raise DrafterError(f"这是一个文件夹，不是文件：{path}", path)
    try:
        document, styles_xml = _inflate(path)
        builder = _Builder(_parse(styles_xml, _Styles(path)))
        _parse(document, _Body(builder.add, path))
    except FileNotFoundError as e:
        raise DrafterError(f"找不到文件：{path}", path) from e
    except OSError as e:  # unreadable: strerror is English
        raise DrafterError(f"无法读取文件：{os_reason(e)}", path) from e
    except (*_NOT_A_PACKAGE, LxmlError) as e:
        # Not a zip, a damaged or encrypted one, a part missing or not XML, not a Word document.
        raise DrafterError("不是有效的 .docx 文件", path, hint="用 Word 或 WPS 另存为 .docx") from e
    if not builder.speech.blocks:
        raise DrafterError("文档是空的", path)
    return builder.speech


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


def _inflate(path: Path) -> tuple[bytes, bytes]:
    """The main document part and its styles part (python-docx's defaults when it has none),
    found the way python-docx finds them: relationships, then the content type."""
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
        return document, (parts.read(styles) if styles else _default_styles())


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
        if style_id is _UNREADABLE:
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


@dataclass
class _Paragraph:
    runs: list[tuple[list[str], bool]] = field(default_factory=list)  # (text pieces, bold)
    style: object = None  # the w:pStyle id, None, or _UNREADABLE
    jc: str | None = None
    seen: set[str] = field(default_factory=set)  # which first-only children have been read


# python-docx reads only the first of these (parent role, child): a paragraph's first w:pPr and
# in it the first w:pStyle and w:jc; a run's first w:rPr and in it the first w:b.
_PARA_FIRST = {("p", _PPR), ("pPr", _PSTYLE), ("pPr", _JC), ("r", _RPR), ("rPr", _B)}
# What a run's content elements read as in python-docx's Run.text (w:br by its type, below).
_RUN_TEXT = {_W + "tab": "\t", _W + "ptab": "\t", _W + "noBreakHyphen": "-", _W + "cr": "\n"}
_OUTER = {("top", _DOCUMENT): "document", ("document", _BODY): "body", ("body", _P): "p"}


class _Body(_Target):
    """Parser target for document.xml: each paragraph of the body (python-docx's
    Document.paragraphs: the w:p children of w:body) goes to `add` as it ends; nothing else is
    kept. A stack of roles says where each open element sits (None: somewhere we skip)."""

    def __init__(self, add, path: Path) -> None:
        self.add, self.path, self.count = add, path, 0
        self.roles: list[str | None] = ["top"]
        self.para = _Paragraph()

    def start(self, tag, attrib) -> None:
        if tag == _P:
            self.count += 1
            if self.count > MAX_PARAGRAPHS:
                raise DrafterError(
                    f"段落超过 {MAX_PARAGRAPHS:,} 个的上限，不像是讲话稿（一篇讲话稿通常只有几百段）",
                    self.path, hint="如果确实要处理这么长的文档，先拆成几个文件")
        parent = self.roles[-1]
        if parent is None:  # most elements of a large document: nothing to look at
            role = None
        elif parent in ("top", "document", "body"):
            role = _OUTER.get((parent, tag))
            if role == "p":
                self.para = _Paragraph()
        else:
            role = self._inner(parent, tag, attrib.get)
        self.roles.append(role)

    def _inner(self, parent: str | None, tag, attr) -> str | None:
        """An element inside a body paragraph: its role, recording what the reader needs."""
        p = self.para
        if parent == "p" and tag == _R:
            p.runs.append(([], False))
            p.seen -= {_RPR, _B}
            return "r"
        if parent == "r" and tag == _T:
            return "t"
        if parent == "r" and tag == _BR:  # a page or column break is no text
            p.runs[-1][0].append("" if attr(_TYPE) in ("page", "column") else "\n")
        elif parent == "r" and tag in _RUN_TEXT:
            p.runs[-1][0].append(_RUN_TEXT[tag])
        elif (parent, tag) in _PARA_FIRST and tag not in p.seen:
            p.seen.add(tag)
            if tag == _PSTYLE:
                p.style = attr(_VAL, _UNREADABLE)
            elif tag == _JC:
                p.jc = attr(_VAL)
            elif tag == _B:
                p.runs[-1] = (p.runs[-1][0], attr(_VAL) in _ON)
            else:
                return "pPr" if tag == _PPR else "rPr"
        return None

    def data(self, text: str) -> None:
        if self.roles[-1] == "t":
            self.para.runs[-1][0].append(text)

    # python-docx takes a w:t's .text: what comes before any child element or comment.
    def comment(self, text: str) -> None:
        self._end_text()

    def pi(self, target: str, data: str) -> None:
        self._end_text()

    def _end_text(self) -> None:
        if self.roles[-1] == "t":
            self.roles[-1] = "t-ended"

    def end(self, tag) -> None:
        if self.roles.pop() == "p":
            self.add(self.para)
        else:
            self._end_text()  # if this closed a child of w:t, the rest of w:t is its tail

    def close(self) -> None:
        return None


# --- paragraphs → Speech --------------------------------------------------------------------------


class _Builder:
    """Turns body paragraphs into speech blocks as they arrive."""

    def __init__(self, styles: _StyleTable) -> None:
        self.styles, self.speech, self.body = styles, Speech(), False

    def add(self, p: _Paragraph) -> None:
        # A manual line break (Shift+Enter) inside a Chinese paragraph is not a new paragraph.
        runs = [Run(text.replace("\n", ""), bold)
                for text, bold in (("".join(pieces), b) for pieces, b in p.runs) if text]
        text = "".join(r.text for r in runs).strip()
        if not text:
            return
        p_style = self.styles.paragraph_style(p.style)
        style = p_style.name if p_style is not None else ""
        centred = p.jc == "center" or (p_style is not None and p_style.centred)
        blocks = self.speech.blocks
        if not blocks:
            kind = "title"
        elif style.startswith("Heading ") and style[8:].isdigit():
            blocks.append(Block("heading", _strip(runs), min(4, int(style[8:]))))
            self.body = True
            return
        elif not self.body and (style == "Subtitle" or centred):
            kind = front_kind(text)
        elif not self.body and SALUTATION.match(text):
            kind = "salutation"
        else:
            self.body = True
            level = heading_level(text)
            if level and not any(r.bold for r in runs[1:]):
                blocks.append(Block("heading", _strip(runs), level))
                return
            kind = "paragraph"
        if kind in ("title", "subtitle", "speaker", "date", "salutation"):
            runs = [Run(text)]
        else:
            self.body = True
        blocks.append(Block(kind, _strip(runs)))


def _strip(runs: list[Run]) -> list[Run]:
    """Leading full-width spaces some writers type instead of an indent are not text."""
    if runs:
        runs[0] = Run(runs[0].text.lstrip(" \u3000"), runs[0].bold)
        runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold)
    return [r for r in runs if r.text]
