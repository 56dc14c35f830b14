"""Writer: Speech → .docx in the GB/T 9704-2012 layout."""

from __future__ import annotations

import functools
import re
import zipfile
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from drafter.document.docx_parts import FONT_SETS, app_xml, font_table
from drafter.document.output import atomic_write
from drafter.document.speech import FRONT_KINDS, Block, Run, Speech
from drafter.document.titles import break_title, cells
from drafter.errors import DrafterError

# --- GB/T 9704-2012 numbers (design.md §2) ---------------------------------------------------

PAGE_WIDTH = 11906  # A4, twips
PAGE_HEIGHT = 16838
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FOOTER_MM = 25  # puts "— N —" ~7 mm under the type area
LINE_PITCH = 579  # twips: 22 lines fill the 225 mm type area exactly
TITLE_LINE = 700  # 35 pt, exact
TITLE_SIZE = 22  # pt (二号)
TITLE_CHARS = 20  # a line of the 156 mm type area holds 20 characters of the title
CHAR_SPACING = -5  # half-points (−0.25 pt): 28 instead of 27 body characters a line
PAGE_NUMBER_INDENT = 280  # one 14 pt character in from the margin
BODY_SIZE = 16  # pt (三号)
LATIN_FONT = "Times New Roman"
PAGE_NUMBER_FONT = "宋体"
PAGE_NUMBER_SIZE = Pt(14)
# Characters Unicode shares between Western and East Asian use. Word draws them in the Latin
# font (Times New Roman: narrow quotes, a thin dash) unless the run says w:hint="eastAsia".
AMBIGUOUS = frozenset("“”‘’—–―…‥·•※§°×÷±√∶№")


@dataclass(frozen=True)
class Layout:
    """The numbers that differ between the filed document and the copy read from the podium."""

    name: str
    body_size: float  # pt
    line_pitch: int  # twips, exact line spacing and the document grid's pitch
    char_spacing: int  # twentieths of a point, on Normal
    heading1_bold: bool = False
    page_number: str = "— {页} —"
    fonts: str | None = None  # a layout file's choice; the command line or the spec wins

    @classmethod
    def from_settings(cls, settings: dict, name: str) -> Layout:
        """A layout file's settings (spec/layout.py) over the layout it starts from: the line
        pitch fills the 225 mm type area with lines_per_page lines, the character spacing fits
        chars_per_line characters into its 156 mm."""
        base = LAYOUTS[settings.get("base", "gb")]
        size = settings.get("body_size", base.body_size)
        pitch, spacing = base.line_pitch, base.char_spacing
        if "lines_per_page" in settings:
            pitch = _type_height() // settings["lines_per_page"]
        if "chars_per_line" in settings or "body_size" in settings:
            chars = settings.get("chars_per_line", base.chars_per_line)
            spacing = int(_type_width() // chars - size * 20)
        return cls(name, size, pitch, spacing, settings.get("heading1_bold", base.heading1_bold),
                   settings.get("page_number", base.page_number), settings.get("fonts"))

    @property
    def lines_per_page(self) -> int:
        return _type_height() // self.line_pitch

    @property
    def chars_per_line(self) -> int:
        return int(_type_width() / (self.body_size * 20 + self.char_spacing))

    @property
    def indent(self) -> int:
        """Two characters of body text, in twips (for readers that ignore firstLineChars)."""
        return round(self.body_size * 2 * 20)


LAYOUTS = {
    # GB/T 9704-2012: 三号 (16 pt), 22 lines × 28 characters a page.
    "gb": Layout("gb", BODY_SIZE, LINE_PITCH, CHAR_SPACING),
    # 讲台版, for reading aloud: 小二 (18 pt) on exact 36 pt lines, 17 lines × 24 characters a
    # page — larger type and wider gaps so the eye finds the next line; level-1 headings bold.
    "podium": Layout("podium", 18, 720, 0, heading1_bold=True),
}


@dataclass(frozen=True)
class _Look:
    """How one paragraph style looks; every style we use is rebuilt from one of these."""

    east_asia: str
    size: float = BODY_SIZE  # pt
    bold: bool = False
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
    indent: bool = True  # first line indented 2 characters
    line: int = LINE_PITCH  # exact line spacing, twips
    snap_to_grid: bool = True


def styles_for(layout: Layout, fonts: str = "gb2312") -> dict[str, _Look]:
    """The font table: style name → look. Normal is the body text. With the fonts every Windows
    has, the title is bold 宋体, the usual stand-in for 方正小标宋."""
    size, line = layout.body_size, layout.line_pitch
    f = FONT_SETS[fonts]
    return {
        "Normal": _Look(f["body"], size, line=line),
        "Title": _Look(
            f["title"],
            size=TITLE_SIZE,
            bold=fonts == "windows",
            align=WD_ALIGN_PARAGRAPH.CENTER,
            indent=False,
            line=TITLE_LINE,
            snap_to_grid=False,  # else type="lines" snaps each 35 pt line to two grid rows
        ),
        "Subtitle": _Look(f["kai"], size, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
                          line=line),
        "Salutation": _Look(f["body"], size, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False,
                            line=line),
        "Heading 1": _Look(f["hei"], size, bold=layout.heading1_bold, line=line),
        "Heading 2": _Look(f["kai"], size, line=line),
        "Heading 3": _Look(f["body"], size, bold=True, line=line),
        "Heading 4": _Look(f["body"], size, line=line),
    }


STYLES = styles_for(LAYOUTS["gb"])

# Block kind → style name; headings map to "Heading <level>".
BLOCK_STYLES = {
    "title": "Title",
    "subtitle": "Subtitle",
    "speaker": "Subtitle",
    "date": "Subtitle",
    "salutation": "Salutation",
    "paragraph": "Normal",
}
_THEME_ATTRS = tuple(qn(f"w:{a}") for a in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme"))
# Schema order (CT_RPr / CT_PPr): the children that must follow the one we insert.
_AFTER_RPR_SPACING = tuple(
    "w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText"
    " w:vertAlign w:rtl w:cs w:em w:lang w:eastAsianLayout w:specVanish w:oMath".split()
)
_AFTER_RPR_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_PPR_PUNCT = tuple(
    "w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd w:snapToGrid".split()
)
_AFTER_PPR_SNAP = tuple(
    "w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc w:textDirection"
    " w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr w:sectPr"
    " w:pPrChange".split()
)


# --- public API ------------------------------------------------------------------------------


def build_document(speech: Speech, *, author: str = "", subject: str = "",
                   layout: str | Layout = "gb", fonts: str | None = None) -> Document:
    """The speech as a python-docx Document on the styled GB/T 9704 base (through python-docx's
    own API; to_bytes() writes the same paragraphs directly)."""
    doc = docx.Document(BytesIO(base_bytes(layout_of(layout), fonts_of(fonts, layout))))
    fill(doc, speech, layout)
    set_core_properties(doc, speech, author=author, subject=subject)
    app = next(p for p in doc.part.package.iter_parts() if p.partname == "/docProps/app.xml")
    app._blob = _app_xml(speech, layout)
    return doc


def fill(doc: Document, speech: Speech, layout: str | Layout = "gb") -> None:
    """Add the speech's paragraphs to doc's body, each in the style of its role."""
    styles: dict[str, ParagraphStyle] = {}
    blocks = zip(_with_first_body(speech.blocks), _ending(speech.blocks), strict=True)
    for (block, first_body), end in blocks:
        paragraph = doc.add_paragraph()
        name = style_name(block)
        if name not in styles:
            styles[name] = doc.styles[name]
        paragraph.style = styles[name]
        if end:
            paragraph.paragraph_format.keep_with_next = end == "keep" or None
            paragraph.paragraph_format.widow_control = True
        if first_body:
            paragraph.paragraph_format.space_before = Twips(layout_of(layout).line_pitch)
        _add_runs(paragraph, block)


# A last paragraph this short (a closing call, "谢谢大家！") takes the one before it along.
SHORT_ENDING = 26


def _ending(blocks: list[Block]) -> list[str]:
    """How the speech's end holds together, so its last page never shows a single line: the
    last paragraph keeps at least two lines on its page (widow control, off elsewhere, as
    official documents set it), and a one-line last paragraph keeps the one before with it."""
    ends = [""] * len(blocks)
    if blocks and blocks[-1].kind == "paragraph":
        ends[-1] = "last"
        if (len(blocks) > 1 and blocks[-2].kind == "paragraph"
                and len(blocks[-1].text) <= SHORT_ENDING):
            ends[-2] = "keep"
    return ends


def _with_first_body(blocks: list[Block]):
    """Each block, and whether it is the first after the centred front block: that one gets a
    blank grid line above it (spacing, not an empty paragraph, so paragraphs map 1:1 to blocks).
    A title too long for a line gets its breaks here (document/titles.py)."""
    in_front = False
    for block in blocks:
        if block.kind == "title":
            block = _broken_title(block)
        elif block.kind == "speaker":
            block = Block("speaker", [Run(_SPACES.sub("\u3000", block.text.strip()))])
        if block.kind in FRONT_KINDS:
            in_front = True
            yield block, False
        else:
            yield block, in_front
            in_front = False


# Between a speaker's post and name: one full-width space, however the writer typed it.
_SPACES = re.compile(r"[ \t\u3000]+")


def _broken_title(block: Block) -> Block:
    if block.kind != "title" or "\n" in block.text or cells(block.text) <= TITLE_CHARS:
        return block
    return Block("title", [Run("\n".join(break_title(block.text, TITLE_CHARS)))])


# --- the fast path: XML for the parts that change ------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class _Package:
    parts: dict[str, bytes]
    order: tuple[str, ...]
    head: str  # word/document.xml up to and including <w:body>
    tail: str  # from the body's sectPr to the end
    style_ids: dict[str, str]
    line_pitch: int


@functools.cache
def _package(layout: Layout, fonts: str = "gb2312") -> _Package:
    base = base_bytes(layout, fonts)
    with zipfile.ZipFile(BytesIO(base)) as z:
        order = tuple(i.filename for i in z.infolist())
        parts = {name: z.read(name) for name in order}
    document = parts["word/document.xml"].decode("utf-8")
    head, rest = document.split("<w:body>", 1)
    tail = rest[rest.rindex("<w:sectPr"):]
    styles = docx.Document(BytesIO(base)).styles
    names = [*STYLES, *(f"Heading {n}" for n in range(1, 5))]
    ids = {name: styles[name].style_id for name in names}
    return _Package(parts, order, head + "<w:body>", tail, ids, layout_of(layout).line_pitch)


def _paragraph_xml(block: Block, package: _Package, first_body: bool, end: str = "") -> str:
    name = style_name(block)
    ppr = "" if name == "Normal" else f'<w:pStyle w:val="{package.style_ids[name]}"/>'
    ppr += {"keep": "<w:keepNext/><w:widowControl/>", "last": "<w:widowControl/>"}.get(end, "")
    if first_body:
        ppr += f'<w:spacing w:before="{package.line_pitch}"/>'
    runs = "".join(_run_xml(run.text, run.bold, block) for run in block.runs if run.text)
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>" if ppr else f"<w:p><w:pPr/>{runs}</w:p>"


def _run_xml(text: str, bold: bool, block: Block) -> str:
    if _XML_INVALID.search(text):
        raise DrafterError(
            f"段落含有无法写入 .docx 的控制字符：{block.text[:30]!r}",
            hint="删除文中的不可见控制字符后重试",
        )
    props = ('<w:rFonts w:hint="eastAsia"/>' if _ambiguous(text) else "") + ("<w:b/>" if bold else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    pieces = []
    # Tabs and line breaks are elements of their own in WordprocessingML, as python-docx does.
    for i, line in enumerate(text.split("\n")):
        if i:
            pieces.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                pieces.append("<w:tab/>")
            if chunk:
                space = ' xml:space="preserve"' if chunk != chunk.strip() else ""
                pieces.append(f"<w:t{space}>{xml_escape(chunk)}</w:t>")
    return f"<w:r>{rpr}{''.join(pieces)}</w:r>"


def _core_xml(speech: Speech, *, author: str, subject: str) -> bytes:
    author = author or _author_from_speaker(speech.speaker)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    title, author, subject = (xml_escape(_XML_INVALID.sub("", v))
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
    """The .docx file's bytes, by the fast path: the base package's parts are kept as they are
    and only word/document.xml and docProps/core.xml are written for this speech. It yields the
    same paragraphs as build_document() (tests compare them) at a fraction of python-docx's
    per-document cost, which is what a batch of thousands spends its time on."""
    package = _package(layout_of(layout), fonts_of(fonts, layout))
    blocks = list(_with_first_body(speech.blocks))
    body = "".join(_paragraph_xml(block, package, first_body, end)
                   for (block, first_body), end in zip(blocks, _ending(speech.blocks), strict=True))
    parts = dict(package.parts)
    parts["word/document.xml"] = (package.head + body + package.tail).encode("utf-8")
    parts["docProps/core.xml"] = _core_xml(speech, author=author, subject=subject)
    parts["docProps/app.xml"] = _app_xml(speech, layout)
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in package.order:
            z.writestr(name, parts[name])
    return buf.getvalue()


def write_docx(
    speech: Speech, path: str | Path, *, author: str = "", subject: str = "", force: bool = False,
    layout: str | Layout = "gb", fonts: str | None = None,
) -> Path:
    """Write the speech to path atomically; an existing file is replaced only with force."""
    data = to_bytes(speech, author=author, subject=subject, layout=layout, fonts=fonts)
    return atomic_write(path, data, force=force)


# --- per document ----------------------------------------------------------------------------


def style_name(block: Block) -> str:
    if block.kind == "heading":
        if not 1 <= block.level <= 4:
            raise DrafterError(
                f"标题级别 {block.level} 无法写入 .docx（只支持 1–4 级）：{block.text}",
                hint="一、 为 1 级，(一) 为 2 级，1. 为 3 级，(1) 为 4 级",
            )
        return f"Heading {block.level}"
    return BLOCK_STYLES[block.kind]


def _add_runs(paragraph: Paragraph, block: Block) -> None:
    for run in block.runs:
        try:
            r = paragraph.add_run(run.text)
        except ValueError as e:  # lxml refuses control characters
            raise DrafterError(
                f"段落含有无法写入 .docx 的控制字符：{block.text[:30]!r}",
                hint="删除文中的不可见控制字符后重试",
            ) from e
        if _ambiguous(run.text):
            r._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hint"), "eastAsia")
        if run.bold:
            r.bold = True


def _ambiguous(text: str) -> bool:
    return not AMBIGUOUS.isdisjoint(text)


def set_core_properties(doc: Document, speech: Speech, *, author: str, subject: str) -> None:
    props = doc.core_properties
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)  # written as UTC "Z"
    author = author or _author_from_speaker(speech.speaker)
    props.title = speech.title
    props.author = author
    props.last_modified_by = author
    props.subject = subject
    props.language = "zh-CN"
    props.comments = ""  # the template says "generated by python-docx"
    props.revision = 1
    props.created = now
    props.modified = now


def _author_from_speaker(speaker: str) -> str:
    """The name is the last whitespace-separated token: "镇党委书记 王明" → "王明"."""
    parts = speaker.split()
    return parts[-1] if parts else ""


# --- the base document, built once per process -----------------------------------------------


def layout_of(name: str | Layout) -> Layout:
    if isinstance(name, Layout):
        return name
    try:
        return LAYOUTS[name]
    except KeyError:
        raise DrafterError(f"未知的版式：{name}", hint="可用：gb（公文版）、podium（讲台版）") from None


def fonts_of(name: str | None, layout: str | Layout = "gb") -> str:
    name = name or layout_of(layout).fonts or "gb2312"
    if name not in FONT_SETS:
        raise DrafterError(f"未知的字体方案：{name}",
                           hint="可用：gb2312（仿宋_GB2312 等公文字体）、windows（Windows 自带的仿宋、楷体、黑体、宋体）")
    return name


def _app_xml(speech: Speech, layout: str) -> bytes:
    lay = layout_of(layout)
    return app_xml(speech, chars_per_line=lay.chars_per_line, lines_per_page=lay.lines_per_page)


@functools.cache
def base_bytes(layout: str | Layout = "gb", fonts: str = "gb2312") -> bytes:
    """Styles, page setup, footers and settings: the same for every speech, so built once."""
    lay = layout_of(layout)
    looks = styles_for(lay, fonts)
    doc = docx.Document()
    _drop_template_leftovers(doc)
    _set_doc_defaults(doc, lay, looks["Normal"].east_asia)
    for name, look in looks.items():
        style = _paragraph_style(doc, name)
        _apply_look(style, look, lay)
        _sync_linked_char_style(doc, style)
    for rFonts in list(doc.styles.element.iter(qn("w:rFonts"))):
        _strip_theme_fonts(rFonts)  # also in styles we do not use, so none falls back to MS Mincho
        if not rFonts.attrib:
            rFonts.getparent().remove(rFonts)
    _set_page(doc, lay)
    _set_footers(doc, lay.page_number)
    _keep_only_used_styles(doc, [*looks, "Footer"])
    doc.settings.odd_and_even_pages_header_footer = True
    _set_theme_font_lang(doc.settings.element)
    _set_compatibility_mode(doc.settings.element, 15)
    buf = BytesIO()
    doc.save(buf)
    names = [LATIN_FONT, *(look.east_asia for look in looks.values()), PAGE_NUMBER_FONT]
    return _replace_part(buf.getvalue(), "word/fontTable.xml", font_table(names))


def _replace_part(package: bytes, name: str, data: bytes) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(package)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == name else src.read(info))
    return out.getvalue()


def _drop_template_leftovers(doc: Document) -> None:
    """The default template ships a thumbnail of another document, a stylesWithEffects part
    that still holds the old (theme-font) styles, custom XML and list numbering nothing uses;
    none belongs in our file (a part no relationship reaches is not saved)."""
    pkg_rels = doc.part.package.rels
    for rId in [k for k, r in pkg_rels.items() if r.reltype == RT.THUMBNAIL]:
        del pkg_rels[rId]
    doc_rels = doc.part.rels
    unused = ("/stylesWithEffects", "/customXml", "/numbering")
    for rId in [k for k, r in doc_rels.items() if r.reltype.endswith(unused)]:
        del doc_rels[rId]


def _keep_only_used_styles(doc: Document, names: list[str]) -> None:
    """Drop the template's 150-odd styles nobody uses (list styles among them point at the
    numbering part we dropped); keep ours, what they are based on or linked to, and the
    defaults Word expects (Default Paragraph Font, Normal Table, No List)."""
    root = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
    todo = [doc.styles[n].style_id for n in names]
    todo += [sid for sid, s in by_id.items() if s.get(qn("w:default")) == "1"]
    keep: set[str] = set()
    while todo:
        sid = todo.pop()
        if sid in keep or sid not in by_id:
            continue
        keep.add(sid)
        for ref in ("w:basedOn", "w:link", "w:next"):
            el = by_id[sid].find(qn(ref))
            if el is not None:
                todo.append(el.get(qn("w:val")))
    for sid, s in by_id.items():
        if sid not in keep:
            root.remove(s)


def _set_compatibility_mode(settings, mode: int) -> None:
    """Mode 15: Word 2013 and later open the file in their own layout, not 兼容模式."""
    for el in settings.iter(qn("w:compatSetting")):
        if el.get(qn("w:name")) == "compatibilityMode":
            el.set(qn("w:val"), str(mode))


def _paragraph_style(doc: Document, name: str) -> ParagraphStyle:
    try:
        return doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.quick_style = True
        return style


def _set_doc_defaults(doc: Document, layout: Layout, body_font: str) -> None:
    """docDefaults: the template's theme fonts resolve to MS Mincho (themeFontLang ja-JP) and its
    11 pt / 1.15 lines / 10 pt after would leak into anything not based on Normal."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rPr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rPr, body_font)
    rPr.sz_val = Pt(layout.body_size)
    szCs = rPr.find(qn("w:szCs"))
    if szCs is not None:  # the template's 11 pt for complex scripts
        szCs.set(qn("w:val"), str(round(layout.body_size * 2)))
    _set_lang(rPr)
    pPr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    pPr.spacing_before = Twips(0)
    pPr.spacing_after = Twips(0)
    pPr.spacing_line = Twips(layout.line_pitch)
    pPr.spacing_lineRule = WD_LINE_SPACING.EXACTLY


def _apply_look(style: ParagraphStyle, look: _Look, layout: Layout) -> None:
    """Rebuild a style from its look, dropping the template's borders, numbering, colours,
    italics, theme fonts and spacing; outline levels and keep-with-next stay."""
    el = style.element
    _clear(el.get_or_add_pPr(), keep=("w:keepNext", "w:keepLines", "w:outlineLvl"))
    _clear(el.get_or_add_rPr(), keep=())
    fmt = style.paragraph_format
    fmt.alignment = look.align
    fmt.space_before = Twips(0)
    fmt.space_after = Twips(0)
    fmt.line_spacing = Twips(look.line)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    _set_first_line_indent(el.pPr, layout.indent if look.indent else 0)
    if not look.snap_to_grid:
        _set_snap_to_grid(el.pPr, False)
    rPr = el.rPr
    _set_fonts(rPr, look.east_asia)
    style.font.size = Pt(look.size)
    if look.bold:
        style.font.bold = True
    if style.name == "Normal":
        fmt.widow_control = False  # Chinese official documents do not keep widows/orphans
        _set_overflow_punct(el.pPr)
        if layout.char_spacing:
            _set_char_spacing(rPr, layout.char_spacing)
        _set_lang(rPr)
    style.hidden = False
    style.unhide_when_used = False


def _sync_linked_char_style(doc: Document, style: ParagraphStyle) -> None:
    """Word uses the linked character style (e.g. "Heading 1 Char") when a heading style is
    applied to part of a paragraph: give it the paragraph style's look, not blue Calibri."""
    link = style.element.find(qn("w:link"))
    char = doc.styles.element.get_by_id(link.get(qn("w:val"))) if link is not None else None
    if char is None:
        return
    if char.rPr is not None:
        char.remove(char.rPr)
    char.append(deepcopy(style.element.rPr))


def _set_page(doc: Document, layout: Layout) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Twips(PAGE_WIDTH)
    section.page_height = Twips(PAGE_HEIGHT)
    section.top_margin = Twips(_mm_to_twips(MARGINS_MM["top"]))
    section.bottom_margin = Twips(_mm_to_twips(MARGINS_MM["bottom"]))
    section.left_margin = Twips(_mm_to_twips(MARGINS_MM["left"]))
    section.right_margin = Twips(_mm_to_twips(MARGINS_MM["right"]))
    section.footer_distance = Twips(_mm_to_twips(FOOTER_MM))
    section.gutter = Twips(0)
    _set_grid(section._sectPr, layout.line_pitch)


def _set_footers(doc: Document, style: str) -> None:
    """Page numbers "— N —": odd pages right, even pages left, one character in."""
    footer_style = doc.styles["Footer"]
    _clear(footer_style.element.get_or_add_pPr(), keep=())  # drops the Letter-width tab stops
    fmt = footer_style.paragraph_format
    fmt.space_before = Twips(0)
    fmt.space_after = Twips(0)
    fmt.line_spacing = 1.0
    _set_first_line_indent(footer_style.element.pPr, 0)
    _set_snap_to_grid(footer_style.element.pPr, False)

    section = doc.sections[0]
    odd, even = section.footer, section.even_page_footer
    odd.is_linked_to_previous = False
    even.is_linked_to_previous = False

    p = odd.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.paragraph_format.right_indent = Twips(PAGE_NUMBER_INDENT)
    _add_page_number(p, style)

    p = even.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    p.paragraph_format.left_indent = Twips(PAGE_NUMBER_INDENT)
    _add_page_number(p, style)


def _add_page_number(paragraph: Paragraph, style: str) -> None:
    before, after = style.split("{页}")
    if before:
        _page_number_run(paragraph, before)
    _add_page_field(paragraph)
    if after:
        _page_number_run(paragraph, after)


def _page_number_run(paragraph: Paragraph, text: str = ""):
    run = paragraph.add_run(text)
    run.font.size = PAGE_NUMBER_SIZE
    _set_fonts(run._r.get_or_add_rPr(), PAGE_NUMBER_FONT, latin=PAGE_NUMBER_FONT)
    return run


# --- oxml helpers: where python-docx has no API ----------------------------------------------


def _mm_to_twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _type_height() -> int:
    return _mm_to_twips(297 - MARGINS_MM["top"] - MARGINS_MM["bottom"])


def _type_width() -> int:
    return _mm_to_twips(210 - MARGINS_MM["left"] - MARGINS_MM["right"])


def _clear(parent, keep: tuple[str, ...]) -> None:
    keep_tags = {qn(t) for t in keep}
    for child in list(parent):
        if child.tag not in keep_tags:
            parent.remove(child)


def _strip_theme_fonts(rFonts) -> None:
    """Theme attributes override explicit font names, so they must go."""
    for attr in _THEME_ATTRS:
        rFonts.attrib.pop(attr, None)


def _set_fonts(rPr, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the East Asian font explicitly; font.name alone leaves Word/WPS on a fallback."""
    rFonts = rPr.get_or_add_rFonts()
    _strip_theme_fonts(rFonts)
    for attr in ("ascii", "hAnsi", "cs"):
        rFonts.set(qn(f"w:{attr}"), latin)
    rFonts.set(qn("w:eastAsia"), east_asia)


def _set_char_spacing(rPr, half_points: int) -> None:
    """<w:spacing w:val=…/> in rPr (character spacing), before w:sz as the schema demands."""
    el = rPr.find(qn("w:spacing"))
    if el is None:
        el = OxmlElement("w:spacing")
        rPr.insert_element_before(el, *_AFTER_RPR_SPACING)
    el.set(qn("w:val"), str(half_points))


def _set_lang(rPr) -> None:
    """Chinese for East Asian text, so line breaking and fallback fonts are Chinese ones."""
    el = rPr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rPr.insert_element_before(el, *_AFTER_RPR_LANG)
    el.set(qn("w:val"), "en-US")
    el.set(qn("w:eastAsia"), "zh-CN")
    el.set(qn("w:bidi"), "ar-SA")


def _set_first_line_indent(pPr, twips: int) -> None:
    """python-docx writes only w:firstLine; Word and WPS prefer firstLineChars (1/100 char)."""
    ind = pPr.get_or_add_ind()
    ind.set(qn("w:firstLine"), str(twips))
    ind.set(qn("w:firstLineChars"), "200" if twips else "0")


def _set_overflow_punct(pPr) -> None:
    """Word's own default (a line-end 。，may hang past the margin, drawn there), written out:
    LibreOffice reads the value inverted and, given val="1", moves the mark to the next line
    with the character before it — without it LibreOffice hangs the mark and sometimes does
    not draw it (docs/format.md, measured in the PDFs of every example)."""
    el = pPr.find(qn("w:overflowPunct"))
    if el is None:
        el = OxmlElement("w:overflowPunct")
        pPr.insert_element_before(el, *_AFTER_PPR_PUNCT, *_AFTER_PPR_SNAP)
    el.set(qn("w:val"), "1")


def _set_snap_to_grid(pPr, on: bool) -> None:
    el = pPr.find(qn("w:snapToGrid"))
    if el is None:
        el = OxmlElement("w:snapToGrid")
        pPr.insert_element_before(el, *_AFTER_PPR_SNAP)
    el.set(qn("w:val"), "1" if on else "0")


def _set_grid(sectPr, line_pitch: int) -> None:
    """Line grid only: linesAndChars with a negative charSpace halves the line in LibreOffice."""
    grid = sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sectPr.append(grid)  # docGrid is the last child we ever have
    grid.attrib.pop(qn("w:charSpace"), None)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(line_pitch))


def _add_page_field(paragraph: Paragraph) -> None:
    """A PAGE field as begin / instrText / separate / result / end runs, each in 宋体 14 pt."""
    parts = [
        ("fldChar", "begin"),
        ("instrText", " PAGE "),
        ("fldChar", "separate"),
        ("text", "1"),
        ("fldChar", "end"),
    ]
    for kind, value in parts:
        run = _page_number_run(paragraph, value if kind == "text" else "")
        if kind == "fldChar":
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), value)
            run._r.append(el)
        elif kind == "instrText":
            el = OxmlElement("w:instrText")
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            el.text = value
            run._r.append(el)


def _set_theme_font_lang(settings) -> None:
    """The template maps theme East Asian fonts to Japanese (MS Mincho); make it Chinese."""
    el = settings.find(qn("w:themeFontLang"))
    if el is not None:
        el.set(qn("w:eastAsia"), "zh-CN")
