"""mojibake (C102): text decoded with the wrong code page — runs the corpus cleaner's detector
finds (drafter.analysis.mojibake) that a strong sign makes certain, and text a strict round trip
between code pages turns back into plain Chinese (then --fix may write it back)."""

from __future__ import annotations

import re
from functools import lru_cache

import drafter.checks.units as units
from drafter.analysis.mojibake import _ROUND_TRIPS as ROUND_TRIPS
from drafter.analysis.mojibake import plain, repair, repair_at, runs, weighs, weights
from drafter.checks.base import Finding, excerpt, para
from drafter.checks.document import Doc
from drafter.text.chars import gb2312_level, is_cjk

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def run(doc: Doc) -> list[Finding]:
    if not units.active():
        return [_finding(i, text, s, e, fix)
                for i, text in enumerate(doc.texts) for s, e, fix in garbled(text)]
    # A paragraph none of whose units weighs has no run (mojibake.weighs); one that also
    # starts with a common hanzi has no round trip to repair (_plain_start): garbled() finds
    # nothing in it, which is what nine in ten paragraphs of a draft are.
    weighed = doc.hits("mojibake-weighed", weighs) if weights().threshold > 0 else None
    return [_finding(i, text, s, e, fix) for i, text in enumerate(doc.texts)
            if weighed is None or i in weighed or not _plain_start(text)
            for s, e, fix in _remembered(text)]


def _plain_start(text: str) -> bool:
    """Whether text starts with a GB 2312 level-1 hanzi, so that may_repair(text) is False:
    Latin-1 and Windows-1252 cannot encode it; its GBK bytes (B0-D7, A1-FE) read as UTF-8
    fail, or give a character of U+0080-U+05FF, which no plain text starts with; its UTF-8
    bytes (E4-E9, 80-BF) read as GBK give a hanzi of GB 2312 level 2 or outside GB 2312."""
    return bool(text) and is_cjk(text[0]) and gb2312_level(text[0]) == 1


def _remembered(text: str) -> tuple[tuple[int, int, str | None], ...]:
    """garbled() of a whole paragraph, remembered (a round trip through a code page reads the
    whole paragraph, so no smaller unit will do)."""
    return units.memo("mojibake").get(text, _garbled, text)


def _garbled(text: str) -> tuple[tuple[int, int, str | None], ...]:
    """garbled(text), quicker for a paragraph no round trip can repair and the detector finds
    no run in (a draft's): then garbled() would find nothing."""
    if (text.strip() and may_repair(text)) or runs(text):
        return tuple(garbled(text))
    return ()


def may_repair(text: str) -> bool:
    """False only when repair(text) is None: a round trip whose first step cannot encode one of
    the characters fails (Latin-1 and Windows-1252 encode no hanzi), and one whose result does
    not start with a character plain Chinese may hold is not plain (plain() needs every
    character to be one: asked of the first with four common hanzi after it)."""
    for wrong, right in ROUND_TRIPS:
        blocked = _unencodable().get(wrong)
        if blocked is not None:
            if blocked.search(text):
                continue
            return True  # repair() decides
        try:
            back = text.encode(wrong).decode(right)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if back != text and plain(back[:1] + "一二三四"):
            return True
    return False


@lru_cache(maxsize=1)
def _unencodable() -> dict[str, re.Pattern]:
    """A character the first step of the Latin-1 and the Windows-1252 round trips cannot
    encode (web-1252 takes what cp1252 or else Latin-1 encodes)."""
    latin = bytes(range(256)).decode("latin-1")
    web = latin + bytes(range(256)).decode("cp1252", errors="ignore")
    return {"latin-1": re.compile(f"[^{re.escape(latin)}]"),
            "web-1252": re.compile(f"[^{re.escape(''.join(sorted(set(web))))}]")}


def garbled(text: str) -> list[tuple[int, int, str | None]]:
    """(start, end, repair or None) of the mojibake C102 reports in a paragraph; other rules
    leave what lies inside alone (its control characters and marks are bytes of lost text)."""
    whole = repair(text) if text.strip() else None
    if whole is not None:  # the whole paragraph was read with the wrong code page
        return [(0, len(text), whole)]
    out = []
    for s, e, certain in runs(text):
        repaired = repair_at(text, s, e)
        if repaired is not None:
            out.append(repaired)
        elif certain and _beyond_controls(text):
            out.append((s, e, None))
    return out


def _beyond_controls(text: str) -> bool:
    """Whether the paragraph is garbled without its control characters too (a lone U+001B or
    U+0081 pasted into good text is C101's, not mojibake)."""
    return any(certain for _, _, certain in runs(_CONTROLS.sub("", text)))


def _finding(i: int, text: str, s: int, e: int, fix: str | None) -> Finding:
    run_text = text[s:e] if e - s <= 20 else text[s:s + 20] + "…"
    if fix is None:
        message = f"疑似乱码“{run_text}”：这段文字的编码弄错了，原字已丢失，请对照原文重新录入"
    else:
        message = f"乱码“{run_text}”：编码弄错了，应为“{fix[:20]}”"
    return Finding("mojibake", para(i), "error", message, excerpt(text, s, e), s, e, fix)
