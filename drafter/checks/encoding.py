"""mojibake (C102): text decoded with the wrong code page — runs the corpus cleaner's detector
finds (drafter.analysis.mojibake) that a strong sign makes certain, and text a strict round trip
between code pages turns back into plain Chinese (then --fix may write it back)."""

from __future__ import annotations

import re

import drafter.checks.units as units
from drafter.analysis.mojibake import repair, repair_at, runs
from drafter.checks.base import Finding, excerpt, para
from drafter.checks.document import Doc

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def run(doc: Doc) -> list[Finding]:
    found = _remembered if units.active() else garbled
    return [_finding(i, text, s, e, fix)
            for i, text in enumerate(doc.texts) for s, e, fix in found(text)]


def _remembered(text: str) -> list[tuple[int, int, str | None]]:
    """garbled() of a whole paragraph, remembered (a round trip through a code page reads the
    whole paragraph, so no smaller unit will do)."""
    return units.memo("mojibake").get(text, _garbled, text)


def _garbled(text: str) -> tuple[tuple[int, int, str | None], ...]:
    return tuple(garbled(text))


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
