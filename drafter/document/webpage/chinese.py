"""Traditional → Simplified for reading a page: OpenCC, phrase by phrase, only when the page
is Traditional (a Simplified text with an odd variant such as 於 or a quoted name stays)."""

from __future__ import annotations

from functools import lru_cache

from drafter.document.webpage.rules import page_rules

_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _CJK_RANGES)


@lru_cache(maxsize=8192)
def gb2312_level(ch: str) -> int:
    """1 or 2 for a GB 2312 hanzi (level 1: the 3,755 most common), 0 outside GB 2312."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return 0
    return 1 if b[0] < 0xD8 else 2


def to_simplified(text: str) -> tuple[str, bool]:
    """Traditional → Simplified with OpenCC, phrase by phrase, only when the text is Traditional.

    Cheap check first: Simplified Chinese is almost all inside GB 2312, Traditional is not, so a
    text with few characters outside GB 2312 is returned as is without loading OpenCC. Otherwise
    the distinct candidates are converted one by one and the text counts as Traditional when the
    characters that change make up `traditional_share` of its CJK characters."""
    cjk = [c for c in text if is_cjk(c)]
    share = page_rules().traditional_share
    outside = [c for c in cjk if not gb2312_level(c)]
    if not cjk or len(outside) < share * len(cjk):
        return text, False
    converter = _opencc()
    distinct = sorted(set(outside))
    # One character a line, so OpenCC's phrase tables cannot join neighbours.
    converted = converter.convert("\n".join(distinct)).split("\n")
    changing = {c for c, s in zip(distinct, converted, strict=True) if s != c}
    if sum(c in changing for c in outside) < share * len(cjk):
        return text, False
    return converter.convert(text), True


@lru_cache(maxsize=1)
def _opencc():
    # OpenCC's maintained dictionaries (characters and phrases: 隨著→随着, 乾燥→干燥, but 乾隆
    # stays) beat any table we could write by hand.
    import opencc

    return opencc.OpenCC(page_rules().opencc_config)
