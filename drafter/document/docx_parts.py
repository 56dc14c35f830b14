"""The package parts a .docx describes itself with: the font table (what Word substitutes when
a font is missing) and the extended properties (app.xml: application, counts). Plain strings,
no XML library: both are written whole, from facts kept here."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from drafter.document.speech import Speech

# The fonts a writer can ask for (--fonts): the GB/T 9704 names, or the faces every Windows
# 10/11 has. Keys are the roles styles take their East Asian font from.
FONT_SETS = {
    "gb2312": {"body": "仿宋_GB2312", "title": "方正小标宋简体", "kai": "楷体_GB2312", "hei": "黑体"},
    "windows": {"body": "仿宋", "title": "宋体", "kai": "楷体", "hei": "黑体"},
}
FONT_CHOICES = tuple(FONT_SETS)


@dataclass(frozen=True)
class FontFacts:
    """What fontTable.xml says of a font: Word matches a missing font by altName first, then by
    charset (86 = GB2312), family and panose, so a Chinese face stands in for a Chinese one."""

    panose: str
    charset: str
    family: str
    pitch: str
    sig: tuple[str, str, str, str, str, str]  # usb0–usb3, csb0, csb1
    alt: str = ""


_GB2312_TT = ("00000001", "080E0000", "00000000", "00000000", "00040000", "00000000")
_WIN_CJK = ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000")
FONTS = {
    "Times New Roman": FontFacts("02020603050405020304", "00", "roman", "variable",
                                 ("E0002EFF", "C000785B", "00000009", "00000000", "000001FF",
                                  "00000000")),
    # The old GB2312 faces have Windows successors of the same design (仿宋, 楷体).
    "仿宋_GB2312": FontFacts("02010609030101010101", "86", "modern", "fixed", _GB2312_TT, "仿宋"),
    "楷体_GB2312": FontFacts("02010609030101010101", "86", "modern", "fixed", _GB2312_TT, "楷体"),
    # 方正小标宋 is a heavy Song: 华文中宋 (installed with Microsoft Office) is the nearest face;
    # where it is missing too, charset 86 and the Song panose lead Word to 宋体.
    "方正小标宋简体": FontFacts("02000000000000000000", "86", "auto", "variable",
                           ("00000001", "080E0000", "00000000", "00000000", "00040000",
                            "00000000"), "华文中宋"),
    "仿宋": FontFacts("02010609060101010101", "86", "modern", "fixed", _WIN_CJK),
    "楷体": FontFacts("02010609060101010101", "86", "modern", "fixed", _WIN_CJK),
    "黑体": FontFacts("02010609060101010101", "86", "modern", "fixed", _WIN_CJK),
    "宋体": FontFacts("02010600030101010101", "86", "auto", "variable",
                    ("00000003", "288F0000", "00000016", "00000000", "00040001", "00000000")),
}

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def quoteattr(value: str) -> str:
    """An XML attribute value in double quotes (xml.sax would import half the stdlib)."""
    return '"' + value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;") + '"'


def font_table(names: list[str]) -> bytes:
    """fontTable.xml for the fonts a document names, in the order given."""
    entries = []
    for name in dict.fromkeys(names):
        f = FONTS[name]
        sig = " ".join(f'w:{k}="{v}"' for k, v in zip(
            ("usb0", "usb1", "usb2", "usb3", "csb0", "csb1"), f.sig, strict=True))
        alt = f"<w:altName w:val={quoteattr(f.alt)}/>" if f.alt else ""
        entries.append(
            f"<w:font w:name={quoteattr(name)}>{alt}<w:panose1 w:val=\"{f.panose}\"/>"
            f"<w:charset w:val=\"{f.charset}\"/><w:family w:val=\"{f.family}\"/>"
            f"<w:pitch w:val=\"{f.pitch}\"/><w:sig {sig}/></w:font>"
        )
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<w:fonts xmlns:w="{_W}">{"".join(entries)}</w:fonts>').encode()


def app_xml(speech: Speech, *, chars_per_line: int, lines_per_page: int) -> bytes:
    """docProps/app.xml: drafter as the application, and the document's real counts (pages and
    lines estimated on the grid; Word and WPS recount when they open the file)."""
    text = [b.text for b in speech.blocks]
    joined = "\n".join(text)  # a line break ends a run and is no word
    with_spaces = len(joined) - max(0, len(text) - 1)
    chars = len("".join(joined.split()))
    words = _words(joined)
    lines = sum(max(1, math.ceil((len(t) + (2 if b.kind in ("paragraph", "heading") else 0))
                                 / chars_per_line)) * (2 if b.kind == "title" else 1)
                for t, b in zip(text, speech.blocks, strict=True))
    pages = max(1, math.ceil(lines / lines_per_page))
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties">'
        "<Template>Normal.dotm</Template><TotalTime>0</TotalTime>"
        f"<Pages>{pages}</Pages><Words>{words}</Words><Characters>{chars}</Characters>"
        "<Application>drafter</Application><DocSecurity>0</DocSecurity>"
        f"<Lines>{lines}</Lines><Paragraphs>{len(text)}</Paragraphs>"
        "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
        f"<CharactersWithSpaces>{with_spaces}</CharactersWithSpaces>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "</Properties>"
    ).encode()


def _words(text: str) -> int:
    """Words as Word counts them: each CJK character one, each run of other letters or digits
    (str.isalnum's, which the regex class "word but not underscore" is) one. Counted on the
    UTF-8 bytes and by regex, not by a Python loop over every character (that loop was a third
    of a document's writing time)."""
    data = text.encode("utf-8", "surrogatepass")
    cjk = len(data.translate(None, _NOT_CJK_LEADS)) + sum(len(e.findall(data)) for e in _CJK_EDGES)
    return cjk + len(_runs().findall(text))


# U+4000–U+9FFF are exactly the characters whose UTF-8 starts with E4–E9 (a lead byte never
# occurs inside another character); U+3400–U+3FFF and U+F900–U+FAFF share their lead byte
# with others, so the second byte tells (two patterns: each starts with a literal byte, which
# the regex engine finds fast; an alternation it would try at every byte).
_NOT_CJK_LEADS = bytes(b for b in range(256) if not 0xE4 <= b <= 0xE9)  # translate deletes them
_CJK_EDGES = (re.compile(rb"\xe3[\x90-\xbf]"), re.compile(rb"\xef[\xa4-\xab]"))


@functools.cache
def _runs() -> re.Pattern:
    """Runs of letters or digits that are not CJK characters; compiled on first use (a class
    of 28,000 characters takes re a millisecond), not by every import."""
    return re.compile("[^\\W_\u3400-\u9fff\uf900-\ufaff]+")
