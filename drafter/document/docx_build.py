"""The base package built with python-docx: styles, page setup, footers and settings in the
GB/T 9704-2012 layout, the same for every speech (base_bytes); and a speech as a python-docx
Document on it (build_document), which tests hold the fast writer (docx_writer.to_bytes) to.

Imported only where a base must really be built — the first time a layout and fonts are used
(docx_writer keeps the base in drafter's cache), a reference document — since python-docx with
lxml costs a draft more time than the rest of it."""

from __future__ import annotations

import functools
import zipfile
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime, timezone
from io import BytesIO

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

from drafter.document.docx_layout import (
    BODY_SIZE,
    FOOTER_MM,
    LATIN_FONT,
    LAYOUTS,
    LINE_PITCH,
    MARGINS_MM,
    PAGE_HEIGHT,
    PAGE_NUMBER_FONT,
    PAGE_NUMBER_INDENT,
    PAGE_WIDTH,
    STYLE_NAMES,
    TITLE_LINE,
    TITLE_SIZE,
    Layout,
    _ambiguous,
    _app_xml,
    _author_from_speaker,
    _ending,
    _mm_to_twips,
    _with_first_body,
    fonts_of,
    layout_of,
    style_name,
)
from drafter.document.docx_parts import FONT_SETS, font_table
from drafter.document.speech import Block, Speech
from drafter.errors import DrafterError

PAGE_NUMBER_SIZE = Pt(14)


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


def style_ids(base: bytes) -> dict[str, str]:
    """Style name → the w:styleId a paragraph names it by, for each style drafter writes with."""
    styles = docx.Document(BytesIO(base)).styles
    return {name: styles[name].style_id for name in STYLE_NAMES}
