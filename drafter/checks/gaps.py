"""Words cut out of a sentence, leaving it grammatical-looking but empty: a name (同志宣读了,
P102), a number (在年的基础上, 增长%, 共计人次, P103) or the object of 对/向 (对进行了表彰,
P104). The patterns are data/checks.yaml's `gaps`; blanks still marked (XX, ×) are P101's."""

from __future__ import annotations

import re
from functools import lru_cache

import drafter.checks.units as units
from drafter.checks.base import Finding, excerpt, para, table
from drafter.checks.document import Doc
from drafter.checks.quick import first_chars

_MESSAGES = {
    "missing-name": "句子缺了人名：“{words}”前面没有名字，多半是复制时删掉了，请补上",
    "missing-number": "句子缺了数字：“{words}”，多半是复制时删掉了，请补上",
    "empty-object": "句子缺了对象：“{words}”没说对谁、向谁，多半是名单或单位被删掉了，请补上",
}


@lru_cache(maxsize=4)
def _compiled(patterns: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, re.Pattern]]:
    return [(rule, re.compile("|".join(f"(?:{p})" for p in ps))) for rule, ps in patterns]


def run(doc: Doc) -> list[Finding]:
    gaps = table()["gaps"]
    rules = _compiled(tuple((rule, tuple(ps)) for rule, ps in gaps.items()))
    if units.active():
        return _by_units(doc, rules)
    out = []
    for i in doc.body:
        text = doc.text(i)
        for rule, rx in rules:
            quick = first_chars(rx)
            if quick is not None and not quick.search(text):
                continue  # none of the characters a match starts with (同, 对, 向 …)
            for m in rx.finditer(text):
                words = m.group().strip()
                out.append(Finding(rule, para(i), "error", _MESSAGES[rule].format(words=words),
                                   excerpt(text, m.start(), m.end(), 8), m.start(), m.end()))
    return out


def _by_units(doc: Doc, rules: list[tuple[str, re.Pattern]]) -> list[Finding]:
    """run() unit by unit (checks/units.py): no pattern matches a 。 (the gaps between words
    are [^，。]), a lookbehind that needs a mark before 同志 also takes the start (^), the
    others forbid marks a 。 is not, and a lookahead needs words, never the end of the text."""
    out = []
    hits = doc.hits("gaps", _unit_gaps, rules)
    for i in doc.body:
        if i not in hits:
            continue
        text = doc.text(i)
        for u, found in hits[i]:
            for rule, s, e in found:
                words = text[s + u:e + u].strip()
                out.append(Finding(rule, para(i), "error", _MESSAGES[rule].format(words=words),
                                   excerpt(text, s + u, e + u, 8), s + u, e + u))
    return _in_rule_order(out, rules)


def _unit_gaps(text: str, rules: list[tuple[str, re.Pattern]]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for rule, rx in rules:
        quick = first_chars(rx)
        if quick is not None and not quick.search(text):
            continue
        out += [(rule, m.start(), m.end()) for m in rx.finditer(text)]
    return tuple(out)


def _in_rule_order(found: list[Finding], rules: list[tuple[str, re.Pattern]]) -> list[Finding]:
    """run()'s order: paragraph by paragraph, each rule's matches in text order."""
    if len(found) < 2:
        return found
    rank = {rule: k for k, (rule, _) in enumerate(rules)}
    return sorted(found, key=lambda f: (f.paragraph, rank[f.rule]))
