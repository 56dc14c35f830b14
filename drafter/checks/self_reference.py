"""self-reference: another level's words for itself (我乡 in a 镇 speech, 我镇 in a 县 speech)."""

from __future__ import annotations

from functools import lru_cache

import drafter.checks.units as units
from drafter.analysis.levels import level_words, word_spans
from drafter.checks.base import Finding, excerpt, para, table
from drafter.checks.document import Doc, protected

# The words checked, by kind, and how bad another level's word of that kind is.
_WORD_KINDS = {
    "self": "error",
    "local": "error",
    "all": "warning",
    "party": "warning",
    "gov": "warning",
    "leaders_short": "warning",
    "organs": "warning",
}


def _level_words(level: str) -> dict[str, str]:
    """A level's self-reference words → their kind (self, all …)."""
    return level_words(level, _WORD_KINDS)


def run(doc: Doc) -> list[Finding]:
    level, how = doc.level_info
    ranks = table()["level_ranks"]
    if level not in ranks:
        return []
    if units.active():
        return _by_units(doc, level, how, ranks)
    wrong = _wrong_words(level, ranks)
    upper = _upper_self(doc, level, ranks)
    for word, (other, own_self, _) in upper.items():
        wrong.setdefault(word, (other, own_self, "warning"))
    out = []
    own_words = sorted(_level_words(level), key=len, reverse=True)
    shield = protected()
    for i, b in enumerate(doc.blocks):
        text = b.text
        # The speech's own words hide words inside them (街道党工委 holds 党工委 of 开发区).
        taken = [sp for w in own_words if w in text for sp in word_spans(text, w, shield)]
        for word in [w for w in wrong if w in text]:  # most words are in no paragraph
            for s, e in word_spans(text, word, shield):
                if any(ts < e and s < te for ts, te in taken):
                    continue
                taken.append((s, e))
                out.append(_finding(i, text, s, e, word, wrong[word], level, how, upper))
    return out


def _upper_self(doc: Doc, level: str, ranks: dict[str, int]) -> dict[str, tuple[str, str, int]]:
    """An upper level's own word for itself (我县) in a speech that calls itself 我乡: word →
    (its level, the speech's own word, how often the speech says that). A 乡 speech says 全县 and
    县委, but 我县 is another speech's voice."""
    (own_self,) = level_words(level, ("self",))
    shield = protected()
    uses = sum(len(word_spans(doc.text(i), own_self, shield)) for i in doc.body)
    if not uses:
        return {}
    return {w: (other, own_self, uses) for other, r in ranks.items() if r > ranks[level]
            for w in level_words(other, ("self",)) if w != own_self}


def _wrong_words(level: str, ranks: dict[str, int]) -> dict[str, tuple[str, str, str]]:
    """word → (the level it belongs to, what this speech says instead, severity): the words of
    the levels of the same rank and, for self-reference proper, of lower ranks."""
    own = set(_level_words(level))
    rank = ranks[level]
    wrong: dict[str, tuple[str, str, str]] = {}
    for other, r in ranks.items():
        if other == level or r > rank:
            continue
        for word, kind in _level_words(other).items():
            if word in own or word in wrong:
                continue
            if r < rank and kind not in ("self", "local", "all"):
                continue  # a county speech may speak of 镇党委 (the towns' committees)
            wrong[word] = (other, _same_kind(level, word, other), _WORD_KINDS[kind])
    return wrong


def _same_kind(level: str, word: str, other: str) -> str:
    kinds = _level_words(other)
    mine = {k: w for w, k in _level_words(level).items()}
    return mine.get(kinds[word], word)


# --- the same findings unit by unit: checks/units.py -------------------------------------------
# Level words and the phrases that shield them (乡镇, 市场) are hanzi: none holds a 。, so each is
# found in its unit as in its paragraph, and a word taken by another overlaps it in one unit.


def _by_units(doc: Doc, level: str, how: str, ranks: dict[str, int]) -> list[Finding]:
    (own_self,) = level_words(level, ("self",))
    counted = doc.hits(("self-uses", own_self), _uses, own_self)
    uses = sum(n for i in doc.body for _, n in counted.get(i, ()))
    upper = {w: (other, own_self, uses) for other, r in ranks.items() if r > ranks[level]
             for w in level_words(other, ("self",)) if w != own_self} if uses else {}
    wrong = dict(_wrong_for(level, tuple(ranks.items())))  # a copy: the upper words join it
    for word, (other, own, _) in upper.items():
        wrong.setdefault(word, (other, own, "warning"))
    order = tuple(wrong)
    key = ("self-reference", level, bool(uses))  # order follows from these (the table is fixed)
    out = []
    hits = doc.hits(key, _unit_spans, level, order)
    for i in sorted(hits):
        found = hits[i]
        text = doc.text(i)
        # run()'s order: word by word, each in text order
        for k, s, e in sorted((k, s + u, e + u) for u, spans in found for k, s, e in spans):
            word = order[k]
            out.append(_finding(i, text, s, e, word, wrong[word], level, how, upper))
    return out


def _finding(i: int, text: str, s: int, e: int, word: str, wrong: tuple[str, str, str],
             level: str, how: str, upper: dict) -> Finding:
    other, instead, severity = wrong
    message = f"“{word}”是{other}的说法，本篇是{level}（{how}），应为“{instead}”"
    if word in upper:
        message = (f"“{word}”是{other}的自称，本篇自称“{instead}”（{upper[word][2]} 处）："
                   "请核对是否照搬自别的讲话")
    return Finding("self-reference", para(i), severity, message, excerpt(text, s, e), s, e)


def _uses(text: str, own_self: str) -> int:
    return len(word_spans(text, own_self, protected()))


def _unit_spans(text: str, level: str, order: tuple[str, ...]) -> tuple[tuple[int, int, int], ...]:
    """(index in order, start, end) of each wrong word run() reports in a unit."""
    shield = protected()
    own_words = sorted(_level_words(level), key=len, reverse=True)
    taken = [sp for w in own_words if w in text for sp in word_spans(text, w, shield)]
    out = []
    for k, word in enumerate(order):
        if word not in text:
            continue
        for s, e in word_spans(text, word, shield):
            if not any(ts < e and s < te for ts, te in taken):
                taken.append((s, e))
                out.append((k, s, e))
    return tuple(out)


@lru_cache(maxsize=16)
def _wrong_for(level: str, ranks: tuple[tuple[str, int], ...]) -> dict[str, tuple[str, str, str]]:
    """_wrong_words, worked out once per level (never changed: callers copy it)."""
    return _wrong_words(level, dict(ranks))
