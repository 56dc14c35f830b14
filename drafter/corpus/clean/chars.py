"""Characters of a downloaded page: pinyin annotations, mojibake (found by
drafter.analysis.mojibake, which check shares), full-width punctuation (ellipses kept).
Traditional → Simplified is drafter.document.webpage.chinese (check uses it too)."""

from __future__ import annotations

import re

from drafter.analysis.mojibake import TONED, find_mojibake

__all__ = ["find_mojibake", "keep_ellipses", "normalize_line", "strip_pinyin"]

_SYLLABLE = rf"[a-zü]*[{TONED}][a-zü{TONED}]*|[a-zü]+[1-5]"
# An annotation: a parenthesized syllable or two with a tone mark or a tone number, right after
# a character (normally the one it spells; on mojibake pages, the garbage that replaced it).
_PINYIN = re.compile(
    rf"(?<=[^\s(（])[(（]\s*(?:{_SYLLABLE})(?:[\s·]+(?:{_SYLLABLE}))*\s*[)）]"
)
# Three dots or more (ASCII, ideographic full stops, or … mixed in): an ellipsis, which the
# punctuation normalizer would otherwise read as a full stop and two dots.
_ELLIPSIS = re.compile(r"(?:\.{3,}|。{3,}|…+\.+|\.+…+|·{3,})")


def strip_pinyin(text: str) -> str:
    """區(qū) → 區: drop pinyin annotations; (2022年), (一), (学习型、创新型) stay."""
    return _PINYIN.sub("", text)


def keep_ellipses(text: str) -> str:
    """"..." and "。。。" → "……" (the Chinese ellipsis), before punctuation is made full-width."""
    return _ELLIPSIS.sub("……", text)


def normalize_line(line: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, str]]]:
    """Full-width punctuation outside the flagged runs (they stay byte for byte); returns the
    line and each run's new start column (0-based) with its text."""
    from drafter.text.chars import normalize

    out = ""
    runs: list[tuple[int, str]] = []
    pos = 0
    for start, end in spans:
        out += normalize(line[pos:start])
        runs.append((len(out), line[start:end]))
        out += line[start:end]
        pos = end
    out += normalize(line[pos:])
    return out, runs
