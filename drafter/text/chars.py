"""Text hygiene at the seams: normalizing strings from specs and outlines once, on load."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Half-width punctuation that becomes full-width when it touches Chinese text.
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_CJK = r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]"
# What _normalize_plain can change; text without any of it is left as it is without compiling
# the patterns below (their CJK classes take milliseconds to compile, at every start).
_HALF = frozenset(',:;?!()."')


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """Quotes, half-width punctuation touching CJK text, a period after CJK text."""
    return (re.compile(r'"([^"\n]*)"'),
            re.compile(rf"(?<={_CJK})\s*([,:;?!()])|([,:;?!()])\s*(?={_CJK})"),
            re.compile(rf"(?<={_CJK})\.(?!\d)"))
# Invisible format characters dropped silently (zero-width space, BOM, word joiner).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# Bidirectional controls are refused, not dropped: they reorder what Word shows without being
# visible themselves (Trojan Source, CVE-2021-42574), and no Chinese speech needs them.
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Not characters at all in XML 1.0, so no .docx can hold them.
_NONCHARACTERS = frozenset("\ufffe\uffff")
_JINJA = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.S)


class BadCharacter(ValueError):
    """A character text may not hold; .char and .index say which and where, .what names its
    kind in Chinese (控制字符, 双向文字控制符, …) for the message."""

    def __init__(self, char: str, index: int) -> None:
        super().__init__(f"U+{ord(char):04X}")
        self.char = char
        self.index = index
        self.what = describe(char)


def describe(char: str) -> str:
    """The kind of a refused character, as a message names it."""
    if char in BIDI:
        return "双向文字控制符"
    if unicodedata.category(char) == "Cs":
        return "孤立的代理字符"
    if char in _NONCHARACTERS:
        return "非字符"
    return "控制字符"


def has_cjk(s: str) -> bool:
    return re.search(_CJK, s) is not None


def check_characters(s: str, allow_newline: bool = False, strict: bool = False) -> None:
    """Refuse control characters and lone surrogates; strict also refuses bidirectional
    controls and the XML noncharacters U+FFFE/U+FFFF (text bound for a .docx)."""
    for i, ch in enumerate(s):
        if ch in "\t" or (allow_newline and ch in "\n\r"):
            continue
        if unicodedata.category(ch) in ("Cc", "Cs") or (
            strict and (ch in BIDI or ch in _NONCHARACTERS)
        ):
            raise BadCharacter(ch, i)


def _normalize_plain(s: str) -> str:
    if _HALF.isdisjoint(s) or not has_cjk(s):
        return s
    quote, half_near_cjk, period = _patterns()
    s = quote.sub(lambda m: f"“{m.group(1)}”", s)
    s = half_near_cjk.sub(lambda m: _FULL[m.group(1) or m.group(2)], s)
    s = period.sub("。", s)
    return s


def normalize(s: str, allow_newline: bool = False, strict: bool = False) -> str:
    """Trim, drop invisible characters, refuse control characters (see check_characters for
    strict), use full-width Chinese punctuation next to Chinese text. Jinja expressions inside
    the string are left alone."""
    check_characters(s, allow_newline, strict)
    s = s.translate(_INVISIBLE).strip()
    s = s.replace("\t", " ")
    parts = _JINJA.split(s)
    # Odd indexes are the Jinja spans captured by the split.
    return "".join(p if i % 2 else _normalize_plain(p) for i, p in enumerate(parts))


def _compared(ch: str) -> bool:
    # Letters (CJK included) and digits; punctuation, symbols and whitespace are not compared.
    return unicodedata.category(ch)[0] in "LN"


def strip(text: str) -> tuple[str, list[int]]:
    """The characters texts are compared by (查重, near-paraphrase, variants), and for each its
    offset in the original."""
    offsets = [i for i, ch in enumerate(text) if _compared(ch)]
    return "".join(text[i] for i in offsets), offsets


CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))


def is_cjk(ch: str) -> bool:
    """A Han character (the CJK blocks and extensions, compatibility ideographs included)."""
    o = ord(ch)  # CJK_RANGES written out: any() over them was a tenth of the encoding rule
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3134F)


@lru_cache(maxsize=8192)
def gb2312_level(ch: str) -> int:
    """1 or 2 for a GB 2312 hanzi (level 1: the 3,755 most common), 0 outside GB 2312."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return 0
    return 1 if b[0] < 0xD8 else 2
