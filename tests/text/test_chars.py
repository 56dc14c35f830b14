"""The Han and CJK tests are written out as comparisons for speed; they must still say exactly
what their tables of ranges say, for every code point."""

from __future__ import annotations

import sys

from drafter.document.markdown import _CJK_MARKS, _CJK_RANGES, _is_cjk
from drafter.text.chars import CJK_RANGES, is_cjk


def test_is_cjk_is_its_table_at_every_code_point() -> None:
    wrong = [o for o in range(sys.maxunicode + 1)
             if is_cjk(chr(o)) != any(lo <= o <= hi for lo, hi in CJK_RANGES)]
    assert wrong == []


def test_markdown_cjk_is_its_table_at_every_code_point() -> None:
    wrong = [o for o in range(sys.maxunicode + 1)
             if _is_cjk(chr(o) + "x") != (any(lo <= o <= hi for lo, hi in _CJK_RANGES)
                                          or chr(o) in _CJK_MARKS)]
    assert wrong == []
    assert not _is_cjk("")
