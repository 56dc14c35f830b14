"""repeat: the same sentence twice in the body."""

from __future__ import annotations

import bisect
import itertools
import re

import drafter.checks.units as units
from drafter.checks.base import SENTENCE_END, Finding, para, table
from drafter.checks.document import Doc

_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() and _


def run(doc: Doc) -> list[Finding]:
    least = table()["repeat_min_chars"]
    if units.active() and not _any_twice(doc, least):
        return []
    seen: dict[str, int] = {}
    out: list[Finding] = []
    hits = doc.hits(("repeat", least), _long_sentences, least, dense=True) \
        if units.active() else {}
    for i in doc.body:
        if units.active():  # the units' sentences (checks/units.py), placed when one repeats
            for u, found in hits.get(i, ()):
                for key, shown, start, end in found:
                    if key in seen:
                        _seen(doc, i, key, shown, start + u, end + u, seen, out)
                    else:
                        seen[key] = i
        else:
            for key, shown, start, end in _long_sentences(doc.text(i), least):
                _seen(doc, i, key, shown, start, end, seen, out)
    return out


def _any_twice(doc: Doc, least: int) -> bool:
    """Whether a sentence key comes twice in the body (else run() finds nothing): the units'
    keys gathered at C speed from a table of their own, instead of a dict step per sentence.
    True when it cannot tell quickly (a body that is not the speech's last blocks)."""
    body = doc.body
    if not body or body[-1] != len(doc.blocks) - 1 or len(body) != body[-1] - body[0] + 1:
        return True
    places, texts = doc.every_unit
    texts = texts[bisect.bisect_left(places, (body[0], -1)):]
    kept = units.table(("repeat-keys", least))
    keys = list(map(kept.data.get, texts))
    if None in keys:
        keys = [kept.get(unit, _keys, unit, least) if k is None else k
                for unit, k in zip(texts, keys, strict=True)]
    every = list(itertools.chain.from_iterable(keys))
    return len(set(every)) != len(every)


def _keys(unit: str, least: int) -> tuple[str, ...]:
    return tuple(key for key, *_ in _long_sentences(unit, least))


def _seen(doc: Doc, i: int, key: str, shown: str, start: int, end: int, seen: dict[str, int],
          out: list[Finding]) -> None:
    """A sentence of block i: a finding when an earlier one had the same letters, else noted."""
    if key in seen:
        out.append(
            Finding(
                "repeat",
                para(i),
                "warning",
                f"句子重复：前面“{_opening(doc.text(seen[key]))}”那一段已经说过",
                shown,
                start,
                end,
            )
        )
    else:
        seen[key] = i


def _long_sentences(text: str, least: int) -> tuple[tuple[str, str, int, int], ...]:
    """(key, excerpt, start, end) of a text's sentences with at least `least` letters."""
    out = []
    for found in re.finditer(rf"[^{SENTENCE_END}]+[{SENTENCE_END}]?", text):
        sentence = found.group()
        key = _NOT_ALNUM.sub("", sentence)  # its letters and digits (str.isalnum)
        if len(key) >= least:
            out.append((key, sentence.strip()[:40],
                        found.start() + len(sentence) - len(sentence.lstrip()), found.end()))
    return tuple(out)

# Unit by unit (checks/units.py), the sentences are the same: a unit ends with the 。 that ends a
# sentence and the next starts with the hanzi that starts one.


def _opening(text: str) -> str:
    """A paragraph's first words, as a writer finds it in Word (which numbers no paragraphs)."""
    return text[:12] + ("…" if len(text) > 12 else "")
