"""Mojibake: text decoded with the wrong code page, as the corpus cleaner and `drafter check`
both look for it.

Each suspicious character scores (the weights are the `mojibake` table of data/cleaning.yaml);
suspicious characters at most `gap` apart form a cluster, and a cluster scoring `threshold` or
more is a run (find_mojibake). A run holding a strong character (U+FFFD, "?" glued to ASCII
punctuation, a known garbage word …) is mojibake for certain; one made only of weak signs (pinyin
letters, characters outside GB 2312) may be Traditional text with pinyin, which the cleaner
flags and check leaves alone. Two "?" each between uncommon hanzi (寮?灞曠?嬪) are as sure as
a strong sign. repair() undoes a wrong decoding when a strict round trip gives
plain Chinese back.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from drafter.resources import DATA_DIR
from drafter.text.chars import gb2312_level, is_cjk

# Pinyin letters: ASCII plus the tone-marked vowels and ü.
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PINYIN_LETTERS = "a-zA-Zü" + TONED + "ê"
_LATIN_RUN = re.compile(rf"[{PINYIN_LETTERS}]+")
_PLAIN_MARKS = "，。、；：？！“”‘’（）《》—… "
# Wrong decodings a run may be undone from: (how the text was read, what it really was).
# "web-1252" is Windows-1252 as browsers read it: the five bytes it leaves undefined come out as
# the control characters of the same number (UTF-8 of 会 holds 0x9A, of 议 0x8F…).
_ROUND_TRIPS = (("gb18030", "utf-8"), ("web-1252", "utf-8"), ("latin-1", "utf-8"),
                ("utf-8", "gb18030"))


@dataclass(frozen=True)
class Weights:
    """The `mojibake` table: garbage words flagged on their own, the scores, gap, threshold."""

    words: re.Pattern
    gap: int
    threshold: float
    scores: dict[str, float]


@lru_cache(maxsize=1)
def weights() -> Weights:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, where PyYAML has it
    data = yaml.load((DATA_DIR / "cleaning.yaml").read_text(encoding="utf-8"),
                     Loader=loader)["mojibake"]  # noqa: S506 — a safe loader
    return Weights(re.compile("|".join(map(re.escape, data["words"]))), int(data["gap"]),
                   float(data["threshold"]), {k: float(v) for k, v in data["scores"].items()})


def _strong(ch: str) -> bool:
    o = ord(ch)
    if ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cn", "Cc", "Cs"):
        return True
    if (0x0370 <= o <= 0x04FF or 0x3040 <= o <= 0x30FF or 0xFF61 <= o <= 0xFF9F
            or 0x2500 <= o <= 0x259F or 0xF900 <= o <= 0xFAFF):
        return True  # Greek, Cyrillic, kana, box drawing, CJK compatibility ideographs
    # Accented Latin letters that are not pinyin (Ã, Â, Ð …: UTF-8 read as Latin-1).
    return 0x00C0 <= o <= 0x024F and ch.isalpha() and ch not in PINYIN_LETTERS


def _scores(line: str, w: Weights) -> dict[int, float]:
    """Suspicious characters of a line and their weights (0: part of a run, no weight)."""
    s = w.scores
    odd: dict[int, float] = {}
    for m in _LATIN_RUN.finditer(line):
        word = m.group()
        before = line[m.start() - 1] if m.start() else " "
        after = line[m.end()] if m.end() < len(line) else " "
        glued = not before.isspace() and not after.isspace()
        if any(c in TONED for c in word):
            # Pinyin letters left in the text (an annotation that lost its parenthesis).
            end = m.end() + (after in ")）")
            odd.update({i: 0.0 for i in range(m.start(), end)})
            odd[m.start()] = s["weak"]
        elif len(word) == 1 and glued and not (before.isascii() and after.isascii()):
            # A lone letter glued to Chinese (F在); words like GDP or 5G are ordinary.
            odd[m.start()] = s["weak"]
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
    for m in w.words.finditer(line):
        odd.update({i: s["strong"] for i in range(m.start(), m.end())})
    return odd


# Full-width marks and symbols ordinary text is written with; none of them scores.
_COMMON_MARKS = "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』…—–·　～％＋－／×÷℃°■□●○◆◇★☆→"


@lru_cache(maxsize=1)
def _scored_char() -> re.Pattern:
    """Any character _scores might weigh: a line without one (common hanzi, ASCII digits and
    punctuation, common marks) has no run, which is what a drafted speech mostly is."""
    rows = bytes(b for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF) for b in (hi, lo))
    level_1 = rows[: -2 * 5].decode("gb2312")  # D7FA…D7FE are not assigned
    ascii_plain = "".join(c for c in map(chr, range(0x20, 0x7F)) if not c.isalpha() and c not in "?!")
    marks = "".join(c for c in _COMMON_MARKS if not _strong(c))
    return re.compile(f"[^{re.escape(level_1 + ascii_plain + marks)}]")


def weighs(text: str) -> bool:
    """Whether text holds a character runs() weighs or one of its garbage words. Text that
    holds neither has no run (its weights add up to 0, below any threshold); nor has text
    made of pieces that hold neither, cut where no garbage word can be (none holds a 。)."""
    w = weights()
    return _scored_char().search(text) is not None or w.words.search(text) is not None


def runs(line: str, w: Weights | None = None) -> list[tuple[int, int, bool]]:
    """(start, end, certain) of every run of a line that looks like mojibake: suspicious
    characters close together whose weights add up to the threshold; certain when the run
    holds a strong sign."""
    w = w or weights()
    if not w.words.search(line):
        # What the line's weighed characters could add up to at most (a hanzi weighs weak or
        # faint, anything else strong at most): below the threshold, no run (the common case,
        # a line of common hanzi and marks, or with one rarer hanzi, at a regex's cost).
        most, hanzi = max(w.scores.values()), max(w.scores["weak"], w.scores["faint"])
        if sum(hanzi if is_cjk(c) else most for c in _scored_char().findall(line)) < w.threshold:
            return []
    odd = _scores(line, w)
    out: list[tuple[int, int, bool]] = []
    cluster: list[int] = []

    def close() -> None:
        if cluster and sum(odd[i] for i in cluster) >= w.threshold:
            # Faint characters at the edges are context, not the run.
            weighty = [i for i in cluster if odd[i] != w.scores["faint"]]
            start, end = (weighty[0], weighty[-1]) if weighty else (cluster[0], cluster[-1])
            certain = (any(odd[i] >= w.scores["strong"] for i in cluster)
                       or sum(_lost_byte(line, i) for i in cluster) >= 2)
            out.append((start, end + 1, certain))

    for i in sorted(odd):
        if cluster and i - cluster[-1] - 1 > w.gap:
            close()
            cluster = []
        cluster.append(i)
    close()
    return out


def _lost_byte(line: str, i: int) -> bool:
    """A "?" between two uncommon hanzi: a byte a decoder could not place (寮?灞曠?嬪, UTF-8
    read as GBK). A question mark ends a clause and is followed by common words."""
    if line[i] != "?" or i == 0 or i + 1 >= len(line):
        return False
    return all(is_cjk(c) and gb2312_level(c) != 1 for c in (line[i - 1], line[i + 1]))


def find_mojibake(line: str, w: Weights | None = None) -> list[tuple[int, int]]:
    """Spans (start, end) of a line that look like mojibake (the cleaner flags them all)."""
    return [(s, e) for s, e, _ in runs(line, w)]


def plain(text: str) -> bool:
    """Whether text reads as ordinary Simplified Chinese: common hanzi (four at least),
    full-width punctuation, ASCII digits and letters, spaces."""
    hanzi = [c for c in text if is_cjk(c)]
    return len(hanzi) >= 4 and all(
        (gb2312_level(c) == 1 if is_cjk(c) else c in _PLAIN_MARKS or c.isascii() and c.isalnum())
        for c in text
    )


def _web_1252(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            out += ch.encode("latin-1")  # U+0081 … U+009D: the undefined bytes themselves
    return bytes(out)


def repair(text: str) -> str | None:
    """The text as it was before a wrong decoding, when one strict round trip (UTF-8 read as
    GBK, Windows-1252 as browsers read it or Latin-1, or GBK read as UTF-8) gives plain Chinese
    back; else None.
    Text that lost bytes on the way (U+FFFD, "?") cannot be undone for certain."""
    for wrong, right in _ROUND_TRIPS:
        try:
            raw = _web_1252(text) if wrong == "web-1252" else text.encode(wrong)
            back = raw.decode(right)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if back != text and plain(back):
            return back
    return None


def _foreign(ch: str) -> bool:
    """A character a Western code page gives for bytes of Chinese: not a hanzi, not full-width
    punctuation, not a space."""
    o = ord(ch)
    return not (is_cjk(ch) or ch.isspace() or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF
                or ch in "“”‘’…—")


def repair_at(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """(start, end, repaired) for a run of text[start:end] widened to the whole stretch a wrong
    code page produced (the run's edges are where the detector stopped counting), when repair()
    can undo it; else None."""
    for s, e in ((start, end), _widen(text, start, end)):
        fixed = repair(text[s:e])
        if fixed is not None:
            return s, e, fixed
    return None


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and _foreign(text[start - 1]):
        start -= 1
    while end < len(text) and _foreign(text[end]):
        end += 1
    return start, end
