"""Characters of a downloaded page: pinyin annotations, mojibake, full-width punctuation
(ellipses kept). Traditional → Simplified is drafter.document.webpage.chinese (check uses it too)."""

from __future__ import annotations

import re
import unicodedata

from drafter.corpus.clean.rules import Rules, rules
from drafter.document.webpage.chinese import gb2312_level, is_cjk

# Pinyin letters: ASCII plus the tone-marked vowels and ü.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_LETTERS = "a-zA-Zü" + _TONED + "ê"
_SYLLABLE = rf"[a-zü]*[{_TONED}][a-zü{_TONED}]*|[a-zü]+[1-5]"
# An annotation: a parenthesized syllable or two with a tone mark or a tone number, right after
# a character (normally the one it spells; on mojibake pages, the garbage that replaced it).
_PINYIN = re.compile(
    rf"(?<=[^\s(（])[(（]\s*(?:{_SYLLABLE})(?:[\s·]+(?:{_SYLLABLE}))*\s*[)）]"
)
_LATIN_RUN = re.compile(rf"[{_PINYIN_LETTERS}]+")
# Three dots or more (ASCII, ideographic full stops, or … mixed in): an ellipsis, which the
# punctuation normalizer would otherwise read as a full stop and two dots.
_ELLIPSIS = re.compile(r"(?:\.{3,}|。{3,}|…+\.+|\.+…+|·{3,})")


def strip_pinyin(text: str) -> str:
    """區(qū) → 區: drop pinyin annotations; (2022年), (一), (学习型、创新型) stay."""
    return _PINYIN.sub("", text)


def keep_ellipses(text: str) -> str:
    """"..." and "。。。" → "……" (the Chinese ellipsis), before punctuation is made full-width."""
    return _ELLIPSIS.sub("……", text)


# --- mojibake ---------------------------------------------------------------------------------


def _strong(ch: str) -> bool:
    o = ord(ch)
    if ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cn", "Cc", "Cs"):
        return True
    if (0x0370 <= o <= 0x04FF or 0x3040 <= o <= 0x30FF or 0xFF61 <= o <= 0xFF9F
            or 0x2500 <= o <= 0x259F or 0xF900 <= o <= 0xFAFF):
        return True  # Greek, Cyrillic, kana, box drawing, CJK compatibility ideographs
    # Accented Latin letters that are not pinyin (Ã, Â, Ð …: UTF-8 read as Latin-1).
    return 0x00C0 <= o <= 0x024F and ch.isalpha() and ch not in _PINYIN_LETTERS


def _latin_scores(line: str, s: dict[str, float], odd: dict[int, float]) -> None:
    for m in _LATIN_RUN.finditer(line):
        word = m.group()
        before = line[m.start() - 1] if m.start() else " "
        after = line[m.end()] if m.end() < len(line) else " "
        glued = not before.isspace() and not after.isspace()
        if any(c in _TONED for c in word):
            # Pinyin letters left in the text (an annotation that lost its parenthesis).
            end = m.end() + (after in ")）")
            odd.update({i: 0.0 for i in range(m.start(), end)})
            odd[m.start()] = s["weak"]
        elif len(word) == 1 and glued and not (before.isascii() and after.isascii()):
            # A lone letter glued to Chinese (F在); words like GDP or 5G are ordinary.
            odd[m.start()] = s["weak"]


def _scores(line: str, r: Rules) -> dict[int, float]:
    """Suspicious characters of a line and their weights (0: part of a run, no weight)."""
    s = r.scores
    odd: dict[int, float] = {}
    _latin_scores(line, s, odd)
    for i, ch in enumerate(line):
        if ch in "?!":
            prev = line[i - 1] if i else " "
            nxt = line[i + 1] if i + 1 < len(line) else " "
            if nxt.isascii() and (nxt in "!?,;:.)" or nxt.isalpha()) and ch == "?":
                odd[i] = s["strong"]
            elif (is_cjk(prev) or prev in "?!") and not nxt.isspace():
                odd[i] = s["weak"]
        elif is_cjk(ch):
            level = gb2312_level(ch)
            if level == 0:
                odd[i] = s["weak"]
            elif level == 2:
                odd[i] = s["faint"]
        elif i not in odd and _strong(ch):
            odd[i] = s["strong"]
    for m in r.mojibake_words.finditer(line):
        odd.update({i: s["strong"] for i in range(m.start(), m.end())})
    return odd


def find_mojibake(line: str, r: Rules | None = None) -> list[tuple[int, int]]:
    """Spans (start, end) of a line that look like mojibake: suspicious characters close
    together whose weights add up to the threshold."""
    r = r or rules()
    odd = _scores(line, r)
    spans: list[tuple[int, int]] = []
    cluster: list[int] = []

    def close() -> None:
        if cluster and sum(odd[i] for i in cluster) >= r.threshold:
            # Faint characters at the edges are context, not the run.
            weighty = [i for i in cluster if odd[i] != r.scores["faint"]]
            start, end = (weighty[0], weighty[-1]) if weighty else (cluster[0], cluster[-1])
            spans.append((start, end + 1))

    for i in sorted(odd):
        if cluster and i - cluster[-1] - 1 > r.gap:
            close()
            cluster = []
        cluster.append(i)
    close()
    return spans


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
