"""Where a .docx's text falls on its pages: a small model of Word's and LibreOffice's layout,
read from the document's own set-up (page size, margins, w:docGrid, styles, indents, spacing,
font sizes), so that a finding can say 第P页第L行.

Lines: a CJK character or full-width mark takes one cell of its font size (plus the run's
character spacing; a grid cell under a character grid), a Latin letter or digit about half, a
space a quarter. A line breaks where Chinese allows: no 。，、”） opens a line and no “（ ends
one (a mark that does not fit goes down with the character before it, as LibreOffice lays out
drafter's files), and a Latin word or number stays whole. Pages: line heights (exact spacing,
or the font's single line times the multiple, snapped to the line grid), spacing before and
after, keep-with-next, keep-lines, widow control and page breaks.

For a document drafter wrote (GB/T 9704: a line grid, exact line pitch) the places are exact
(tests/checks/test_locate.py compares them with LibreOffice's PDF: every line of the 20
examples in the gb and podium layouts, and of a layout file's 20 lines × 25 characters). A
layout file that tightens the characters by more than a point (24 × 30, or 18 pt type on the
28-character line) gets lines one character shorter in LibreOffice than here: measured, about
half their lines are then off by a character, and a page now and then; for another document they
are close, and a document without a line grid is only approximate. A file Word saved records
where each of its pages began (w:lastRenderedPageBreak): those pages are used as they are, so
the page is Word's and only the line within it is modelled. Lines are counted as Word's
status bar counts them: every line of the type area from the top of the page, an empty
paragraph's line included.

Paragraphs are numbered as the .docx reader numbers blocks (Block.source, docx_text): every
w:p of document.xml in document order. A table cell's paragraphs are laid out at the full type
width and a text box's not at all, so a document with either is only approximate too."""

from __future__ import annotations

import io
import math
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_ON = (None, "1", "true", "on")
# Characters that never open a line, and those that never close one (the kinsoku sets Word
# and LibreOffice use for Chinese).
NO_START = frozenset("，。、；：？！”’）》〉】」』〕〗…—·%‰℃！？．：；）］｝～,.;:?!)]}")
NO_END = frozenset("“‘（《〈【「『〔〖([{")
# Letters, digits and what joins them into one word a line never splits.
_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.%'-_/:")
SINGLE = 1.3  # a CJK font's single line, in font sizes (Word's 单倍行距 for 宋体 and 仿宋)
DEFAULT_SIZE = 10.0  # pt: OOXML's size when no style names one
EPS = 0.01  # pt
# Punctuation and signs in Times New Roman, ems.
_LATIN = {" ": 0.25, ".": 0.25, ",": 0.25, ":": 0.278, ";": 0.278, "/": 0.278, "-": 0.333,
          "%": 0.7, "'": 0.18, "(": 0.333, ")": 0.333, "_": 0.5,
          "“": 0.444, "”": 0.444, "‘": 0.333, "’": 0.333, "—": 1.0, "…": 1.0, "·": 0.25}
_QUOTES = frozenset("“”‘’")
# Space Word and LibreOffice add between a Chinese character and a Latin word or number
# (autoSpaceDE, autoSpaceDN), in ems of the word's size. This, % at 0.7 em and the squeezed
# pair of marks below were measured: with them every line of the 20 examples in both layouts
# (5,826 lines) breaks where LibreOffice breaks it.
AUTOSPACE = 0.22
# Run content read as text; a w:br of type page or column is a break, not text.
_TEXT = {W + "tab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-", W + "softHyphen": ""}
# Where text is not shown: deleted revisions, moved-away text, a text box's fallback copy.
_SKIP = {W + "del", W + "moveFrom", W + "pPr", W + "rPr", MC_FALLBACK}


def pt(twips, default: float = 0.0) -> float:
    return default if twips is None else int(float(twips)) / 20


def _on(el) -> bool | None:
    """An OOXML on/off element: None when absent."""
    return None if el is None else el.get(W + "val") in _ON


@dataclass(frozen=True)
class Section:
    """A page set-up, in points: the type area and the document grid."""

    width: float = 595.3
    height: float = 841.9
    top: float = 72.0
    bottom: float = 72.0
    left: float = 90.0
    right: float = 90.0
    grid: str | None = None  # "lines", "linesAndChars", "snapToChars"; None: no line grid
    pitch: float = 15.6  # the grid's line pitch
    cell: float | None = None  # the grid's character cell (linesAndChars, snapToChars)

    @classmethod
    def of(cls, sect, base_size: float) -> Section:
        if sect is None:
            return cls()
        size, mar, grid = (sect.find(W + t) for t in ("pgSz", "pgMar", "docGrid"))

        def get(el, attr: str, default: float) -> float:
            return pt(el.get(W + attr), default) if el is not None else default

        kind = grid.get(W + "type") if grid is not None else None
        kind = kind if kind in ("lines", "linesAndChars", "snapToChars") else None
        cell = None
        if kind in ("linesAndChars", "snapToChars"):
            cell = base_size + int(grid.get(W + "charSpace", "0")) / 4096
        return cls(get(size, "w", 595.3), get(size, "h", 841.9),
                   abs(get(mar, "top", 72.0)), abs(get(mar, "bottom", 72.0)),
                   get(mar, "left", 90.0) + get(mar, "gutter", 0.0), get(mar, "right", 90.0),
                   kind, get(grid, "linePitch", 15.6), cell)

    @property
    def type_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def type_height(self) -> float:
        return self.height - self.top - self.bottom


@dataclass
class Paragraph:
    """One w:p as the layout needs it: its text with each character's size and spacing, and the
    paragraph's spacing, indents and keep rules (points)."""

    text: str = ""
    sizes: list[float] = field(default_factory=list)
    spacings: list[float] = field(default_factory=list)
    # Whether the run says w:hint="eastAsia": a quotation mark or dash (Unicode's ambiguous
    # width) is then drawn full width by the Chinese font, else narrow by the Latin one.
    asian: list[bool] = field(default_factory=list)
    size: float = DEFAULT_SIZE  # the paragraph mark's size: an empty paragraph's line
    before: float = 0.0
    after: float = 0.0
    line: float = 240.0  # w:spacing/@w:line as written
    rule: str = "auto"  # auto (line/240 single lines), exact, atLeast
    left: float = 0.0
    right: float = 0.0
    first: float = 0.0  # first-line indent (negative: hanging)
    keep_next: bool = False
    keep_lines: bool = False
    widow: bool = False
    page_break_before: bool = False
    snap: bool = True
    section: Section = field(default_factory=Section)
    page_breaks: set[int] = field(default_factory=set)  # offsets a page break stands before
    # Offsets where Word began a page when it last saved the file (w:lastRenderedPageBreak).
    rendered: set[int] = field(default_factory=set)
    hang: bool = False  # a closing mark may hang past the margin (see _paragraph_props)
    floating: bool = False  # in a text box (or a copy Word does not show): not in the flow
    in_table: bool = False  # laid out at the full type width, which a cell is not

    def width(self, i: int) -> float:
        """The advance of character i."""
        ch, size, spacing = self.text[i], self.sizes[i], self.spacings[i]
        if ch == "\n":
            return 0.0
        if ch == "\t":
            return 2 * size
        if self.wide(i):
            return self.section.cell or size + spacing
        return size * latin_width(ch) + spacing

    def wide(self, i: int) -> bool:
        kind = unicodedata.east_asian_width(self.text[i])
        return kind in "WFA"

    def tallest(self) -> float:
        return max(self.sizes, default=self.size)


def latin_width(ch: str) -> float:
    """A Latin character's advance in ems, as Times New Roman draws it (the Latin font of
    drafter's files and of most Chinese documents)."""
    if ch.isdigit():
        return 0.5
    if ch.isupper():
        return 0.68
    if ch.islower():
        return 0.46
    return _LATIN.get(ch, 0.5)


def _units(p: Paragraph) -> list[tuple[int, int]]:
    """The pieces a line may break between: a character each, a Latin word or number whole,
    and a quotation mark drawn in the Latin font glued to both neighbours (Unicode's line
    breaking rule LB19, which LibreOffice follows outside Chinese-marked text)."""
    out: list[tuple[int, int]] = []
    glue = False
    for a, b in _pieces(p.text):
        narrow = p.text[a] in _QUOTES and not p.asian[a]
        if out and (glue or narrow):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
        glue = narrow
    return out


def _pieces(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        j = i + 1
        if text[i] in _WORD and text[i].isalnum():
            while j < len(text) and text[j] in _WORD and not (
                    text[j] in ".:/'" and (j + 1 == len(text) or not text[j + 1].isalnum())):
                j += 1
        out.append((i, j))
        i = j
    return out


def break_lines(p: Paragraph) -> list[tuple[int, int]]:
    """The paragraph's lines as (start, end) offsets into its text."""
    units = _units(p)
    if not units:
        return [(0, 0), (0, 0)] if 0 in p.page_breaks else [(0, 0)]
    lines: list[tuple[int, int]] = []
    k = 0
    while k < len(units):
        avail = p.section.type_width - p.left - p.right - (p.first if not lines else 0)
        start, used = k, 0.0
        while k < len(units):
            a, b = units[k]
            before, after = _autospace(p, a, b) if k > start else (0.0, _autospace(p, a, b)[1])
            w = sum(p.width(i) for i in range(a, b)) + before
            # The space after a word at the line's end is not needed: it may pass the margin.
            over = used + w - avail
            forced = a in p.page_breaks or a in p.rendered  # Word began a page there
            if k > start and ((over > EPS and over > _squeeze(p, a) + EPS) or forced):
                if p.hang and b == a + 1 and p.text[a] in NO_START and not forced:
                    k += 1  # hung in the margin
                break
            used += w + after
            k += 1
            if p.text[a] == "\n":
                break
        nxt = units[k][0] if k < len(units) else None
        if nxt is not None and p.text[units[k - 1][0]] != "\n" and \
                nxt not in p.page_breaks and nxt not in p.rendered:
            k = _kinsoku(p.text, units, start, k)
        lines.append((units[start][0], units[k - 1][1]))
    if len(p.text) in p.page_breaks:
        lines.append((len(p.text), len(p.text)))  # the paragraph mark after a page break
    return lines


def _autospace(p: Paragraph, a: int, b: int) -> tuple[float, float]:
    """The space before and after a Latin word or number [a, b) next to CJK text."""
    if not p.text[a].isalnum() or unicodedata.east_asian_width(p.text[a]) in "WFA":
        return 0.0, 0.0
    space = AUTOSPACE * p.sizes[a]
    before = space if a > 0 and _cjk(p.text[a - 1]) else 0.0
    after = space if b < len(p.text) and _cjk(p.text[b]) else 0.0
    return before, after


def _cjk(ch: str) -> bool:
    """A Chinese character (not a full-width mark: none is added next to ，or ％)."""
    return unicodedata.east_asian_width(ch) in "WF" and unicodedata.category(ch) == "Lo"


_MARKS = frozenset("，。、；：？！”’）》〉】」』〕〗“‘（《〈【「『〔〖")


def _squeeze(p: Paragraph, a: int) -> float:
    """How much a closing mark at a that does not fit may be squeezed in: half a cell when it
    follows another full-width mark (”， set as one and a half), as LibreOffice does rather than
    take three characters down."""
    if a == 0 or p.text[a] not in NO_START or not {p.text[a], p.text[a - 1]} <= _MARKS:
        return 0.0
    return p.sizes[a] / 2


def _kinsoku(text: str, units: list[tuple[int, int]], start: int, k: int) -> int:
    """Move the break back so that the next line opens with no closing mark and this one ends
    with no opening mark; a mark that does not fit takes the character before it along."""
    end = k
    while end > start + 1 and (text[units[end][0]] in NO_START
                               or text[units[end - 1][0]] in NO_END):
        end -= 1
    return end if end > start + 1 else k


def line_height(p: Paragraph) -> float:
    """One line's height: exact spacing as given; otherwise the font's single line times the
    multiple, on a line grid a whole number of grid pitches."""
    if p.rule == "exact":
        return pt(p.line)
    single = p.tallest() * SINGLE
    grid = p.section
    if grid.grid and p.snap:
        single = grid.pitch * max(1, math.ceil(single / grid.pitch - 0.05))
    if p.rule == "atLeast":
        return max(pt(p.line), single)
    return single * p.line / 240


@dataclass(frozen=True)
class Place:
    """A line: its page (from 1), its line on that page (from 1), its text offsets."""

    page: int
    line: int
    start: int
    end: int


class Layout:
    """Paragraphs laid out on pages: lines[i] are the places of paragraph i's lines."""

    def __init__(self, paras: list[Paragraph]) -> None:
        self.paras = paras
        self.breaks = [break_lines(p) for p in paras]
        self.lines: list[list[Place]] = [[] for _ in paras]
        self.page, self.y, self.row = 1, 0.0, 0
        # A file Word saved says where its pages began: those pages are Word's, not ours.
        self.word_pages = any(p.rendered for p in paras)
        for i, p in enumerate(paras):
            if p.floating:
                continue
            if self.word_pages:
                if 0 in p.rendered and self.row and not self._just_broken(i):
                    self._new_page()
            elif (p.page_break_before and self.row) or (
                    self.row and self._kept(i) > p.section.type_height - self.y - p.before + EPS):
                self._new_page()
            self.y += p.before
            self._place(i)
            self.y += p.after

    @property
    def pages(self) -> int:
        return self.page

    def _new_page(self) -> None:
        self.page, self.y, self.row = self.page + 1, 0.0, 0

    def _first_lines(self, i: int) -> int:
        """How many of paragraph i's lines must open on the same page: all of them (keep
        lines, or widow control on three lines or fewer), two (widow control), or one."""
        p, n = self.paras[i], len(self.breaks[i])
        if p.keep_lines or (p.widow and n <= 3):
            return n
        return min(n, 2 if p.widow else 1)

    def _kept(self, i: int) -> float:
        """The height that has to fit below the current line for paragraph i to start here;
        with keep-with-next, the next paragraph's opening lines are part of it."""
        p = self.paras[i]
        if not (p.keep_next and i + 1 < len(self.paras) and not self.paras[i + 1].floating):
            return self._first_lines(i) * line_height(p)
        # LibreOffice moves a kept-with-next paragraph whole, never splitting it.
        q = self.paras[i + 1]
        return (len(self.breaks[i]) * line_height(p) + p.after + q.before
                + self._first_lines(i + 1) * line_height(q))

    def _place(self, i: int) -> None:
        p, lines = self.paras[i], self.breaks[i]
        h, height, n = line_height(p), p.section.type_height, len(lines)
        for k, (a, b) in enumerate(lines):
            full = self.y + h > height + EPS
            # Widow control: the last line never alone at the top of a page.
            widow = p.widow and 0 < k == n - 2 and self.y + 2 * h > height + EPS
            broken = k and a in p.page_breaks and lines[k - 1][1] == a
            if self.word_pages:
                word = k and a in p.rendered and a not in p.page_breaks
                if broken or word:
                    self._new_page()
            elif broken or (self.row and (full or widow)):
                self._new_page()
            self.row += 1
            self.y += h
            self.lines[i].append(Place(self.page, self.row, a, b))

    def _just_broken(self, i: int) -> bool:
        """Whether the paragraph before i ended with a page break (Word records the page it
        began once more, at the start of the next paragraph)."""
        prev = next((p for p in reversed(self.paras[:i]) if not p.floating), None)
        return prev is not None and len(prev.text) in prev.page_breaks and self.row <= 1

    def where(self, i: int, offset: int) -> Place | None:
        """The line of paragraph i that holds the character at offset."""
        lines = self.lines[i] if 0 <= i < len(self.lines) else []
        return next((pl for pl in lines if offset < pl.end), lines[-1] if lines else None)


# --- reading the document's set-up ----------------------------------------------------------------


class Styles:
    """styles.xml: the layers of paragraph and run properties a w:p and a w:r inherit."""

    def __init__(self, root) -> None:
        styles = root.findall(W + "style") if root is not None else []
        self.by_id = {s.get(W + "styleId"): s for s in styles}
        self.default = next((s.get(W + "styleId") for s in styles
                             if s.get(W + "type") == "paragraph" and s.get(W + "default") in _ON
                             and s.get(W + "default") is not None), None)
        d = root.find(W + "docDefaults") if root is not None else None
        self.ppr = d.find(f"{W}pPrDefault/{W}pPr") if d is not None else None
        self.rpr = d.find(f"{W}rPrDefault/{W}rPr") if d is not None else None

    def chain(self, sid: str | None) -> list:
        """A style and the ones it is based on, the base first."""
        out: list = []
        while sid in self.by_id and len(out) < 20:
            style = self.by_id[sid]
            if style in out:
                break
            out.insert(0, style)
            based = style.find(W + "basedOn")
            sid = based.get(W + "val") if based is not None else None
        return out

    def paragraph_layers(self, ppr) -> tuple[list, list]:
        """The pPr and rPr layers of a paragraph, lowest first (defaults, style, direct)."""
        pstyle = ppr.find(W + "pStyle") if ppr is not None else None
        chain = self.chain(pstyle.get(W + "val") if pstyle is not None else self.default)
        plain = [s.find(W + "pPr") for s in chain]
        runs = [s.find(W + "rPr") for s in chain]
        return ([x for x in (self.ppr, *plain, ppr) if x is not None],
                [x for x in (self.rpr, *runs) if x is not None])

    def run_layers(self, para_rpr: list, rpr) -> list:
        rstyle = rpr.find(W + "rStyle") if rpr is not None else None
        chain = self.chain(rstyle.get(W + "val")) if rstyle is not None else []
        return [*para_rpr, *(s.find(W + "rPr") for s in chain if s.find(W + "rPr") is not None),
                *([rpr] if rpr is not None else [])]


def _last(layers: list, tag: str):
    """The element of the highest layer that sets tag."""
    for layer in reversed(layers):
        el = layer.find(W + tag)
        if el is not None:
            return el
    return None


def _merged(layers: list, tag: str, groups: tuple[tuple[str, ...], ...]) -> dict[str, str]:
    """Attributes of tag over the layers; a layer setting any attribute of a group replaces
    the whole group (firstLine, firstLineChars and hanging are one setting)."""
    out: dict[str, str] = {}
    for layer in layers:
        el = layer.find(W + tag)
        if el is None:
            continue
        attrs = {k[len(W):]: v for k, v in el.attrib.items() if k.startswith(W)}
        for group in groups:
            if any(a in attrs for a in group):
                for a in group:
                    out.pop(a, None)
        out.update(attrs)
    return out


def _size(layers: list) -> float:
    sz = _last(layers, "sz")
    return int(sz.get(W + "val", "20")) / 2 if sz is not None else DEFAULT_SIZE


def _spacing(layers: list) -> float:
    sp = _last(layers, "spacing")
    return pt(sp.get(W + "val")) if sp is not None else 0.0


_IND = (("left", "leftChars", "start", "startChars"), ("right", "rightChars", "end", "endChars"),
        ("firstLine", "firstLineChars", "hanging", "hangingChars"))
_SPACE = (("before", "beforeLines", "beforeAutospacing"), ("after", "afterLines", "afterAutospacing"),
          ("line", "lineRule"))


def _indents(p: Paragraph, ind: dict[str, str], unit: float) -> None:
    """Indents in points; the …Chars forms (hundredths of a character) win, as in Word."""
    def get(names: tuple[str, ...]) -> float | None:
        twips, chars = names
        if ind.get(chars) is not None:
            return int(ind[chars]) / 100 * unit
        return pt(ind[twips]) if ind.get(twips) is not None else None

    p.left = get(("left", "leftChars")) or get(("start", "startChars")) or 0.0
    p.right = get(("right", "rightChars")) or get(("end", "endChars")) or 0.0
    hanging = get(("hanging", "hangingChars"))
    p.first = -hanging if hanging else (get(("firstLine", "firstLineChars")) or 0.0)


def _paragraph_props(p: Paragraph, ppr: list, grid_pitch: float) -> None:
    """Spacing, indents and keep rules from the pPr layers."""
    unit = p.section.cell or p.size  # a "character" of the …Chars indents: the font size
    _indents(p, _merged(ppr, "ind", _IND), unit)
    sp = _merged(ppr, "spacing", _SPACE)
    line_unit = grid_pitch or p.size * SINGLE
    p.before = (int(sp["beforeLines"]) / 100 * line_unit if sp.get("beforeLines")
                else pt(sp.get("before")))
    p.after = (int(sp["afterLines"]) / 100 * line_unit if sp.get("afterLines")
               else pt(sp.get("after")))
    p.line = float(sp.get("line", 240))
    p.rule = sp.get("lineRule", "auto")
    p.keep_next = bool(_on(_last(ppr, "keepNext")))
    p.keep_lines = bool(_on(_last(ppr, "keepLines")))
    p.widow = bool(_on(_last(ppr, "widowControl")))
    p.page_break_before = bool(_on(_last(ppr, "pageBreakBefore")))
    p.snap = _on(_last(ppr, "snapToGrid")) is not False
    # LibreOffice reads w:overflowPunct inverted: drafter's val="1" keeps marks inside the
    # margin (docx_writer), a document without it lets a line's last mark hang.
    p.hang = _on(_last(ppr, "overflowPunct")) is not True


def _own(el):
    """The elements of paragraph el that are its own (not a text box's paragraphs, not deleted
    text), in document order."""
    for child in el:
        if child.tag in _SKIP or child.tag == W + "p" or not isinstance(child.tag, str):
            continue
        yield child
        yield from _own(child)


def _read_text(p: Paragraph, el, styles: Styles, para_rpr: list) -> None:
    """The paragraph's visible text with each character's size and spacing."""
    for r in _own(el):
        if r.tag != W + "r":
            continue
        rpr = r.find(W + "rPr")
        layers = styles.run_layers(para_rpr, rpr)
        if _on(_last(layers, "vanish")):
            continue
        size, spacing = _size(layers), _spacing(layers)
        fonts = _last(layers, "rFonts")
        asian = fonts is not None and fonts.get(W + "hint") == "eastAsia"
        for child in r:
            if child.tag == W + "t":
                text = child.text or ""
            elif child.tag == W + "lastRenderedPageBreak":
                p.rendered.add(len(p.text))
                continue
            elif child.tag == W + "br":
                kind = child.get(W + "type")
                if kind in ("page", "column"):
                    p.page_breaks.add(len(p.text))
                    continue
                text = "\n"
            else:
                text = _TEXT.get(child.tag, "")
            p.text += text
            p.sizes += [size] * len(text)
            p.spacings += [spacing] * len(text)
            p.asian += [asian] * len(text)


def paragraph(el, styles: Styles, section: Section) -> Paragraph:
    """A w:p read for layout on section."""
    ppr = el.find(W + "pPr")
    ppr_layers, rpr_layers = styles.paragraph_layers(ppr)
    mark = ppr.find(W + "rPr") if ppr is not None else None
    p = Paragraph(section=section)
    p.size = _size(rpr_layers + ([mark] if mark is not None else []))
    _read_text(p, el, styles, rpr_layers)
    _paragraph_props(p, ppr_layers, section.pitch if section.grid else 0.0)
    return p


def read(data: bytes) -> tuple[list[Paragraph], bool]:
    """Every w:p of document.xml for layout, numbered as Block.source numbers them, and whether
    the places are exact: every section has a line grid and nothing floats or sits in a table.
    A paragraph of a text box or of a branch Word does not show is counted but not laid out
    (floating: no lines)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        doc = etree.fromstring(z.read("word/document.xml"))
        root = etree.fromstring(z.read("word/styles.xml")) if "word/styles.xml" in names else None
    styles = Styles(root)
    body = doc.find(W + "body")
    if body is None:
        return [], False
    base = _size([x for x in (styles.rpr, *(s.find(W + "rPr") for s in styles.chain(
        styles.default))) if x is not None])
    out: list[Paragraph] = []
    pending: list = []
    for el in doc.iter(W + "p"):
        pending.append(el)
        sect = el.find(f"{W}pPr/{W}sectPr")
        if sect is not None:
            out += _section(pending, Section.of(sect, base), styles)
            pending = []
    out += _section(pending, Section.of(body.find(W + "sectPr"), base), styles)
    exact = (bool(out) and all(p.section.grid for p in out)
             and not any(p.floating or p.in_table for p in out))
    return out, exact


def _section(els: list, section: Section, styles: Styles) -> list[Paragraph]:
    out = []
    for el in els:
        where = {a.tag for a in el.iterancestors()}
        if where & {W + "txbxContent", MC_FALLBACK}:
            out.append(Paragraph(section=section, floating=True))
            continue
        p = paragraph(el, styles, section)
        p.in_table = W + "tc" in where
        out.append(p)
    return out


def layout(path: Path | str | bytes) -> tuple[Layout, bool]:
    """A .docx laid out, and whether the places are exact (every section has a line grid)."""
    data = path if isinstance(path, bytes) else Path(path).read_bytes()
    paras, gridded = read(data)
    return Layout(paras), gridded
