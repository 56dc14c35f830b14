"""Which text of a .docx is the speech, as Word shows it with all changes accepted.

A parser target (no tree is built) for document.xml, footnotes.xml and endnotes.xml. It reads
every paragraph with text a reader sees on the page, wherever it sits: the body, table cells,
content controls, text boxes (w:txbxContent; of an mc:AlternateContent only the first branch,
so a text box Word writes twice, as DrawingML and as VML, is read once), footnotes and
endnotes. In a paragraph it reads runs wherever they sit (hyperlinks, tracked insertions w:ins,
moves w:moveTo, simple fields, smart tags, content controls) and skips what Word does not show:
tracked deletions (w:del, w:moveFrom), field instructions (a complex field's text between
"begin" and "separate"; its result, between "separate" and "end", is read), hidden text
(w:vanish on the run), equations, the pronunciation of a ruby. What it cannot turn into text (pictures, charts, SmartArt, embedded
objects, equations) and what the text came through (tables, text boxes, notes, tracked
changes, comments) is counted in Contents, so a caller can say what a re-laid-out copy loses.

Paragraph numbers (Paragraph.source, and so Block.source) count the w:p elements of the
parts in document order: every w:p of document.xml in the order its start tag appears (the
order of lxml's `root.iter(w:p)`: a text box's paragraphs come right after the paragraph that
anchors it, and paragraphs the reader skips, empty or deleted or in an unread branch, are
counted all the same), then every w:p of footnotes.xml, then every w:p of endnotes.xml, each
part's numbers following on from the last. Headers, footers and comments are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drafter.errors import DrafterError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _R, _T, _BR, _PPR, _RPR, _PSTYLE, _JC, _B, _VANISH, _TYPE, _VAL = (_W + n for n in (
    "p", "r", "t", "br", "pPr", "rPr", "pStyle", "jc", "b", "vanish", "type", "val"))
_ON = (None, "1", "true", "on")  # w:b with no w:val is on; an unknown value reads as unset
UNREADABLE = object()  # a w:pStyle without w:val: read as "no style"
# What a run's content elements read as (w:br by its type, below).
_RUN_TEXT = {_W + "tab": "\t", _W + "ptab": "\t", _W + "noBreakHyphen": "-", _W + "cr": "\n"}
# Inside a paragraph: subtrees Word does not show as text.
_HIDDEN = {_W + n for n in ("del", "moveFrom", "delText", "instrText", "delInstrText", "rt")}
_MATH = {"{http://schemas.openxmlformats.org/officeDocument/2006/math}" + n
         for n in ("oMath", "oMathPara")}
# Pictures, charts and SmartArt by the element that carries them (DrawingML or VML).
_PICTURES = {"{http://schemas.openxmlformats.org/drawingml/2006/picture}pic",
             "{urn:schemas-microsoft-com:vml}imagedata"}
_CHARTS = {"{http://schemas.openxmlformats.org/drawingml/2006/chart}chart",
           "{http://schemas.microsoft.com/office/drawing/2014/chartex}chart"}
_DIAGRAMS = {"{http://schemas.openxmlformats.org/drawingml/2006/diagram}relIds"}
_CHANGES = {_W + "ins": "insertions", _W + "del": "deletions", _W + "moveTo": "moves"}
_NOTE_SEPARATORS = ("separator", "continuationSeparator", "continuationNotice")


@dataclass
class Contents:
    """What a .docx holds besides plain paragraphs: counted while reading."""

    tables: int = 0
    text_boxes: int = 0
    footnotes: int = 0
    endnotes: int = 0
    pictures: int = 0
    charts: int = 0
    diagrams: int = 0  # SmartArt
    objects: int = 0  # embedded OLE objects (an Excel sheet, a Visio drawing …)
    equations: int = 0
    comments: int = 0
    insertions: int = 0  # tracked changes: w:ins runs (read), w:del (skipped), moves
    deletions: int = 0
    moves: int = 0


@dataclass
class Paragraph:
    """One w:p as read: runs of (text pieces, bold), its style id and alignment, where it sits
    ("body", "table", "textbox", "footnote", "endnote"), its number (see the module's
    docstring), in a note the note's number (1-based, in the order of the notes part), in a
    table the number of its (innermost) row (1-based, counting every w:tr of the part)."""

    source: int
    where: str = "body"
    note: int = 0
    row: int = 0
    runs: list[tuple[list[str], bool]] = field(default_factory=list)
    style: object = None  # the w:pStyle id, None, or UNREADABLE
    jc: str | None = None
    seen: set[str] = field(default_factory=set)  # first-only children already read

    def run(self) -> list[str]:
        """The pieces of the current run (a run opened if text came before any)."""
        if not self.runs:
            self.runs.append(([], False))
        return self.runs[-1][0]


# Roles of the open elements. "block": where paragraphs go (body, cell, text box, note);
# "enter" (a table or text box) and "row" (a table row) are blocks that say where paragraphs
# sit until they end; "p": a paragraph; "inline": inside a paragraph, where runs go
# (hyperlink, w:ins, field…); "r": a run; "t": text; "pPr"/"rPr": properties; "alt":
# mc:AlternateContent; "object": a run's drawing or picture, looked through for text boxes and
# pictures; "skip": nothing under it is read or counted (its paragraphs are numbered all the
# same).
_BLOCK, _PARA, _INLINE, _RUN, _TEXT, _PPROPS, _RPROPS, _ALT, _OBJECT, _SKIP = (
    "block", "p", "inline", "r", "t", "pPr", "rPr", "alt", "object", "skip")
_ENTER, _ROW = "enter", "row"


class ParagraphTarget:
    """Parser target for one part (document.xml, footnotes.xml, endnotes.xml): each paragraph
    goes to `add` as it ends; `contents` is counted into. Paragraphs and table rows are
    numbered on from the target of the part before (`after`), at most `limit` paragraphs."""

    def __init__(self, add, contents: Contents, *, path, limit: int, where: str = "body",
                 after: ParagraphTarget | None = None) -> None:
        self.add, self.contents, self.path, self.limit = add, contents, path, limit
        self.count, self.where = after.count if after else 0, [where]
        self.roles: list[str] = [_BLOCK]
        self.paras: list[Paragraph] = []
        self.alts: list[tuple[str, bool]] = []  # per open mc:AlternateContent: parent role, taken
        self.instructions = 0  # open complex fields still in their instruction part …
        self.fields: list[bool] = []  # … and, per open field, whether it is past "separate"
        self.note, self.rows, self.row = 0, after.rows if after else 0, [0]

    def start(self, tag, attrib) -> None:
        if tag == _P:
            role = self._paragraph()
        else:
            parent = self.roles[-1]
            role = _SKIP if parent == _SKIP else _ROLE[parent](self, tag, attrib.get)
        self.roles.append(role)

    def _paragraph(self) -> str:
        self.count += 1
        if self.count > self.limit:
            raise DrafterError(
                f"段落超过 {self.limit:,} 个的上限，不像是讲话稿（一篇讲话稿通常只有几百段）",
                self.path, hint="如果确实要处理这么长的文档，先拆成几个文件")
        if self.roles[-1] == _SKIP:
            return _SKIP
        self.paras.append(Paragraph(self.count - 1, self.where[-1], self.note, self.row[-1]))
        return _PARA

    def _in_block(self, tag, attr) -> str:
        if tag == _W + "tbl":
            self.contents.tables += 1
            return self._enter("table")
        if tag == _W + "tr":
            self.rows += 1
            self.row.append(self.rows)
            return _ROW
        if tag in (_W + "footnote", _W + "endnote") and self.where[0] != "body":
            if attr(_TYPE) in _NOTE_SEPARATORS:
                return _SKIP
            self.note += 1
            setattr(self.contents, self.where[0] + "s", self.note)
            return _BLOCK
        return self._common(tag, attr) or _BLOCK

    def _enter(self, where: str) -> str:
        self.where.append(where)
        self.row.append(0)  # a text box in a table cell is not part of the row
        return _ENTER

    def _common(self, tag, attr) -> str | None:
        """What may appear at any level: alternative content and text boxes."""
        if tag == _MC + "AlternateContent":
            self.alts.append((self.roles[-1], False))
            return _ALT
        if tag == _W + "txbxContent":
            self.contents.text_boxes += 1
            return self._enter("textbox")
        return None

    def _in_alt(self, tag, attr) -> str:
        parent, taken = self.alts[-1]
        if taken or tag not in (_MC + "Choice", _MC + "Fallback"):
            return _SKIP
        self.alts[-1] = (parent, True)
        # The branch read stands where the mc:AlternateContent stands.
        return _BRANCH.get(parent, parent)

    def _in_paragraph(self, tag, attr) -> str:
        p = self.paras[-1]
        if tag == _PPR and self.roles[-1] == _PARA and _PPR not in p.seen:
            p.seen.add(_PPR)
            return _PPROPS
        return self._inline(tag, attr)

    def _inline(self, tag, attr) -> str:
        if tag == _R:
            p = self.paras[-1]
            p.runs.append(([], False))
            p.seen -= {_RPR, _B, _VANISH}
            return _RUN
        if tag in _CHANGES:
            setattr(self.contents, _CHANGES[tag], getattr(self.contents, _CHANGES[tag]) + 1)
            return _SKIP if tag == _W + "del" else _INLINE
        if tag == _W + "moveFrom":
            return _SKIP
        if tag in _MATH:
            self.contents.equations += 1
            return _SKIP
        return self._common(tag, attr) or (_SKIP if tag in _HIDDEN else _INLINE)

    def _in_run(self, tag, attr) -> str:
        p = self.paras[-1]
        if tag == _T:  # text, unless a field's instruction or hidden (w:vanish)
            return _SKIP if self.instructions or _VANISH in p.seen else _TEXT
        if tag == _RPR and _RPR not in p.seen:
            p.seen.add(_RPR)
            return _RPROPS
        if tag == _W + "fldChar":
            self._field(attr(_W + "fldCharType"))
        elif tag == _BR:  # a page or column break is no text
            p.run().append("" if attr(_TYPE) in ("page", "column") else "\n")
        elif tag in _RUN_TEXT:
            p.run().append(_RUN_TEXT[tag])
        elif tag == _W + "commentReference":
            self.contents.comments += 1
        elif tag == _W + "object":
            self.contents.objects += 1
            return _SKIP  # its picture is the object's preview, not a picture of its own
        elif tag == _W + "ruby":
            return _INLINE  # the base text is read, the pronunciation (w:rt) is not
        elif tag in _HIDDEN or tag in _MATH:
            return _SKIP
        return self._common(tag, attr) or _OBJECT

    def _field(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(False)
            self.instructions += 1
        elif kind == "separate" and self.fields and not self.fields[-1]:
            self.fields[-1] = True
            self.instructions -= 1
        elif kind == "end" and self.fields:
            self.instructions -= not self.fields.pop()

    def _in_object(self, tag, attr) -> str:
        if tag in _PICTURES:
            self.contents.pictures += 1
        elif tag in _CHARTS:
            self.contents.charts += 1
        elif tag in _DIAGRAMS:
            self.contents.diagrams += 1
        return self._common(tag, attr) or _OBJECT

    def _in_properties(self, tag, attr) -> str:
        p = self.paras[-1]
        if self.roles[-1] == _PPROPS and tag in (_PSTYLE, _JC) and tag not in p.seen:
            p.seen.add(tag)
            if tag == _PSTYLE:
                p.style = attr(_VAL, UNREADABLE)
            else:
                p.jc = attr(_VAL)
        elif self.roles[-1] == _RPROPS and tag == _B and _B not in p.seen:
            p.seen.add(_B)
            p.runs[-1] = (p.runs[-1][0], attr(_VAL) in _ON)
        elif self.roles[-1] == _RPROPS and tag == _VANISH and attr(_VAL) in _ON:
            p.seen.add(_VANISH)
        return _SKIP  # what lies deeper (w:pPrChange: the properties before a change) is old

    def data(self, text: str) -> None:
        if self.roles[-1] == _TEXT:
            self.paras[-1].run().append(text)

    def end(self, tag) -> None:
        role = self.roles.pop()
        if role == _PARA:
            self.add(self.paras.pop())
            if self.instructions:
                # A field's instruction never runs past its paragraph: one left open (a damaged
                # file) ends here, or it would hide the rest of the document.
                self.fields, self.instructions = [True] * len(self.fields), 0
        elif role == _ENTER:
            self.where.pop()
            self.row.pop()
        elif role == _ROW:
            self.row.pop()
        elif role == _ALT:
            self.alts.pop()

    def close(self) -> None:
        return None

    def doctype(self, name, public_id, system_url) -> None:
        # OPC forbids DTDs in package parts (ECMA-376 Part 2, 8.1.4) and Word never writes one;
        # refusing them keeps entity expansion, internal or external, out of reading entirely.
        raise ValueError("a DTD in a .docx part")


# A branch of mc:AlternateContent takes its parent's role, but opens no paragraph or container
# of its own (those close when their own element ends).
_BRANCH = {_PARA: _INLINE, _ENTER: _BLOCK, _ROW: _BLOCK, _PPROPS: _SKIP, _RPROPS: _SKIP, _TEXT: _SKIP}
_ROLE = {
    _BLOCK: ParagraphTarget._in_block, _ENTER: ParagraphTarget._in_block,
    _ROW: ParagraphTarget._in_block,
    _PARA: ParagraphTarget._in_paragraph, _INLINE: ParagraphTarget._in_paragraph,
    _RUN: ParagraphTarget._in_run, _OBJECT: ParagraphTarget._in_object,
    _ALT: ParagraphTarget._in_alt, _PPROPS: ParagraphTarget._in_properties,
    _RPROPS: ParagraphTarget._in_properties, _TEXT: lambda self, tag, attr: _SKIP,
}
