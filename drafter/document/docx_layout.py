"""The layout drafter writes in (GB/T 9704-2012 and the 讲台版) and each block's role: the
numbers, the paragraph styles and how a speech's blocks map to them. Shared by the writer
(docx_writer, standard library only) and the python-docx builder (docx_build)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from drafter.document.docx_parts import FONT_SETS, app_xml
from drafter.document.speech import FRONT_KINDS, Block, Run, Speech
from drafter.document.titles import break_title, cells
from drafter.errors import DrafterError

# --- GB/T 9704-2012 numbers (design.md §2) -----------------------------------------------------

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


# The paragraph styles drafter writes with (docx_build.styles_for gives each its look).
STYLE_NAMES = ("Normal", "Title", "Subtitle", "Salutation",
               "Heading 1", "Heading 2", "Heading 3", "Heading 4")
# Block kind → style name; headings map to "Heading <level>".
BLOCK_STYLES = {
    "title": "Title",
    "subtitle": "Subtitle",
    "speaker": "Subtitle",
    "date": "Subtitle",
    "salutation": "Salutation",
    "paragraph": "Normal",
}
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


# --- each block's style ------------------------------------------------------------------------


def style_name(block: Block) -> str:
    if block.kind == "heading":
        if not 1 <= block.level <= 4:
            raise DrafterError(
                f"标题级别 {block.level} 无法写入 .docx（只支持 1–4 级）：{block.text}",
                hint="一、 为 1 级，(一) 为 2 级，1. 为 3 级，(1) 为 4 级",
            )
        return f"Heading {block.level}"
    return BLOCK_STYLES[block.kind]


def _ambiguous(text: str) -> bool:
    return _ambiguous_pattern().search(text) is not None


@functools.cache
def _ambiguous_pattern() -> re.Pattern:
    """AMBIGUOUS as a regex class: a search scans a run 20x faster than frozenset.isdisjoint,
    which makes a string of every character first. Compiled on first use (half a millisecond)."""
    return re.compile(f"[{''.join(sorted(AMBIGUOUS))}]")


def _author_from_speaker(speaker: str) -> str:
    """The name is the last whitespace-separated token: "镇党委书记 王明" → "王明"."""
    parts = speaker.split()
    return parts[-1] if parts else ""


# --- layouts and fonts -------------------------------------------------------------------------


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


# --- page geometry -----------------------------------------------------------------------------


def _mm_to_twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _type_height() -> int:
    return _mm_to_twips(297 - MARGINS_MM["top"] - MARGINS_MM["bottom"])


def _type_width() -> int:
    return _mm_to_twips(210 - MARGINS_MM["left"] - MARGINS_MM["right"])


# The python-docx builder's names, for callers that still reach them here: docx_build (and
