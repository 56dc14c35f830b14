"""Text hygiene at the seams: normalizing strings from specs and outlines once, on load."""

from __future__ import annotations

import re
import unicodedata

# Half-width punctuation that becomes full-width when it touches Chinese text.
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_CJK = r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]"
_HALF_NEAR_CJK = re.compile(rf"(?<={_CJK})\s*([,:;?!()])|([,:;?!()])\s*(?={_CJK})")
_PERIOD = re.compile(rf"(?<={_CJK})\.(?!\d)")
_QUOTE_RE = re.compile(r'"([^"\n]*)"')
# Invisible format characters dropped silently (zero-width space, BOM, word joiner).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_JINJA = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.S)


class BadCharacter(ValueError):
    """A control or unpaired surrogate character; .char and .index say which and where."""

    def __init__(self, char: str, index: int) -> None:
        super().__init__(f"U+{ord(char):04X}")
        self.char = char
        self.index = index


def has_cjk(s: str) -> bool:
    return re.search(_CJK, s) is not None


def check_characters(s: str, allow_newline: bool = False) -> None:
    for i, ch in enumerate(s):
        if ch in "\t" or (allow_newline and ch in "\n\r"):
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs"):
            raise BadCharacter(ch, i)


def _normalize_plain(s: str) -> str:
    if not has_cjk(s):
        return s
    s = _QUOTE_RE.sub(lambda m: f"“{m.group(1)}”", s)
    s = _HALF_NEAR_CJK.sub(lambda m: _FULL[m.group(1) or m.group(2)], s)
    s = _PERIOD.sub("。", s)
    return s


def normalize(s: str, allow_newline: bool = False) -> str:
    """Trim, drop invisible characters, refuse control characters, use full-width Chinese
    punctuation next to Chinese text. Jinja expressions inside the string are left alone."""
    check_characters(s, allow_newline)
    s = s.translate(_INVISIBLE).strip()
    s = s.replace("\t", " ")
    parts = _JINJA.split(s)
    # Odd indexes are the Jinja spans captured by the split.
    return "".join(p if i % 2 else _normalize_plain(p) for i, p in enumerate(parts))
