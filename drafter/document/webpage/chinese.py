"""Traditional → Simplified for reading a page: OpenCC, phrase by phrase, only when the page
is Traditional (a Simplified text with an odd variant such as 於 or a quoted name stays)."""

from __future__ import annotations

from functools import lru_cache

from drafter.document.webpage.rules import page_rules
from drafter.text.chars import gb2312_level, is_cjk


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
