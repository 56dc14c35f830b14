"""Common typos (T101: 布署 → 部署, 一股作气 → 一鼓作气) and variant forms (T102: 笔划 → 笔画, by
《第一批异形词整理表》), from the published lists vendored in data/typos.yaml (its header names the
sources, versions and licences). A form is reported only where jieba puts a word boundary on both
sides of it, so a form that straddles two words (确定单位 holds 定单) is left alone."""

from __future__ import annotations

import operator
from collections.abc import Iterator
from functools import lru_cache

import drafter.checks.units as units
from drafter.checks.base import Finding, excerpt, para
from drafter.checks.document import Doc
from drafter.checks.yaml_data import load_yaml
from drafter.resources import DATA_DIR

DATA = DATA_DIR / "typos.yaml"


@lru_cache(maxsize=1)
def lists() -> tuple[dict[str, str], dict[str, str], Forms]:
    """(typos, variants, a matcher finding any form of either)."""
    data = load_yaml(DATA)
    typos, variants = data["typos"], data["variants"]
    return typos, variants, Forms({*typos, *variants})


class Forms:
    """Finds the forms in a text as a regex alternation of them, longest first, would (left to
    right, not overlapping), by looking up the text's two-character pieces in a set: 3,500
    forms tried at every character cost a 3,000-character speech 9 ms, the look-ups 0.1 ms."""

    def __init__(self, forms: set[str]) -> None:
        self.forms = forms
        self.heads = {f[:2] for f in forms}  # every form has two characters at least
        self.lengths = sorted({len(f) for f in forms}, reverse=True)

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, form) of each form found."""
        heads, forms, pos = self.heads, self.forms, 0
        if heads.isdisjoint(map(operator.add, text, text[1:])):
            return  # no form starts anywhere (most paragraphs): the pairs made at C speed
        for i in [i for i in range(len(text) - 1) if text[i:i + 2] in heads]:
            if i < pos:
                continue
            for n in self.lengths:
                word = text[i:i + n]  # shorter near the end: then a shorter form, as a regex
                if word in forms:
                    pos = i + len(word)
                    yield i, pos, word
                    break


def run(doc: Doc) -> list[Finding]:
    if units.active():
        return _by_units(doc)
    out = []
    for i, b in enumerate(doc.blocks):
        for start, end, word in lists()[2].finditer(b.text):
            if _stands_alone(b.text, start, end):
                out.append(_finding(i, b.text, start, end, word))
    return out


def _finding(i: int, text: str, start: int, end: int, word: str) -> Finding:
    typos, variants, _ = lists()
    if word in typos:
        return Finding("typo", para(i), "warning", f"“{word}”疑为错别字，应为“{typos[word]}”",
                       excerpt(text, start, end), start, end)
    return Finding("variant-form", para(i), "info",
                   f"“{word}”是异形词，推荐写作“{variants[word]}”（《第一批异形词整理表》）",
                   excerpt(text, start, end), start, end)


def _by_units(doc: Doc) -> list[Finding]:
    """run() unit by unit (checks/units.py): no form holds a 。, and jieba cuts its text into
    blocks at every 。 (it segments runs of hanzi, letters and digits), so the words around a hit
    are the same in its unit as in its paragraph, whatever the window reaches beyond the 。."""
    out = []
    hits = doc.hits("typos", _standing)
    for i in sorted(hits):
        text = doc.text(i)
        for u, found in hits[i]:
            for start, end, word in found:
                out.append(_finding(i, text, start + u, end + u, word))
    return out


def _standing(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(hit for hit in lists()[2].finditer(text) if _stands_alone(text, *hit[:2]))


# Characters either side of a hit that are segmented with it: enough for the words around it,
# and the cost stays the same in a paragraph of any length.
WINDOW = 16


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether jieba's dictionary segmentation puts a word boundary at both ends of the hit."""
    from drafter.analysis.names import dictionary_words

    lo = max(0, start - WINDOW)
    cuts, pos = {lo}, lo
    for w in dictionary_words(text[lo:end + WINDOW]):
        pos += len(w)
        cuts.add(pos)
    return start in cuts and end in cuts
