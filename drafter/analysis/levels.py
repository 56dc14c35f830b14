"""The level a speech speaks for (镇, 县, 街道 …) and its self-reference words (我镇, 全县, 镇党委 …),
as data/places.yaml lists them (drafter.text.places).

One scoring does every guess: each level's words are counted in the texts, weighted by kind and by
text (a hit in the title may weigh more), and the highest score wins. The callers choose the
weights: check counts 我镇 three times over 全镇, 本镇 and 镇党委 among the levels it ranks; extract
and the corpus cleaner count a wider set of words, the title five times (or as configured).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

from drafter.text import places


def level_words(level: str, kinds: Iterable[str]) -> dict[str, str]:
    """A level's words of these kinds (self, all, party …) → their kind."""
    row = places.table()[level]
    return {row[k]: k for k in kinds}


def place_level(name: str) -> str | None:
    """The level a place name is of, by its suffix (青石镇 → 镇, 城关街道 → 街道)."""
    for level, row in sorted(places.table().items(), key=lambda kv: -len(kv[1]["suffix"])):
        if name.endswith(row["suffix"]):
            return level
    return None


def foreign_words(level: str, kinds: Iterable[str]) -> list[str]:
    """The words of these kinds of the levels whose suffix has nothing in common with this
    level's: for a 乡 speech 我镇, 我县 …; for a 区 speech not 开发区's (its suffix holds 区)."""
    suffix = places.table()[level]["suffix"]
    kinds = tuple(kinds)
    return [
        row[k]
        for row in places.table().values()
        if not (row["suffix"] == suffix or row["suffix"] in suffix or suffix in row["suffix"])
        for k in kinds
    ]


@lru_cache(maxsize=512)
def _protected(text: str, protect: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Spans of the phrases that hold a level word without meaning a place (computed once a
    paragraph, not once for every word looked for)."""
    return tuple((m.start(), m.end()) for p in protect for m in re.finditer(re.escape(p), text))


def word_spans(text: str, word: str, protect: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Where a level word stands in text, except inside a protected phrase (全乡镇, 城镇化,
    市场 hold 乡, 镇, 市 without naming a place)."""
    if word not in text:
        return []
    shields = _protected(text, protect)
    out = []
    for m in re.finditer(re.escape(word), text):
        if not any(s < m.end() and m.start() < e for s, e in shields if (s, e) != m.span()):
            out.append(m.span())
    return out


def guess_level(
    parts: Sequence[tuple[str, int]],
    kinds: Mapping[str, int],
    levels: Iterable[str] | None = None,
    count: Callable[[str, str], int] = str.count,
) -> str | None:
    """The level whose words score highest: for every (text, weight) of parts and every word of
    a kind in kinds (kind → weight), weight × kind weight × count(text, word). levels: those to
    consider, in the order that breaks ties (default: all, as places.yaml lists them). None when
    no word occurs."""
    table = places.table()
    best, best_score = None, 0
    for level in table if levels is None else levels:
        words: dict[str, int] = {}
        for kind, weight in kinds.items():
            words.setdefault(table[level][kind], weight)
        score = sum(pw * ww * count(text, w) for text, pw in parts for w, ww in words.items())
        if score > best_score:
            best, best_score = level, score
    return best


# check's reading: 我镇 counts three times over 全镇, 本镇 and 镇党委.
CHECK_KINDS = {"self": 3, "all": 1, "local": 1, "party": 1}


def infer_level(
    title_block: str,
    body: str,
    named: Iterable[str],
    ranks: Mapping[str, int],
    protect: tuple[str, ...] = (),
    chrome: str | None = None,
    majority: tuple[int, int] = (2, 3),
) -> tuple[str | None, str]:
    """(level, "title" or "body") of a speech as check reads it.

    A place the title block names (named, 在青石镇…) decides, the lowest-ranked if several. Else
    the title block's words (在全市…) speak first, but the body outvotes them when its leading
    level has majority[0] self-references (我乡) or more and majority[1] times the score of the
    title's level in the body. Lines of the title block matching chrome (a compilation's
    【汇编10篇】) say nothing. (None, "") when nothing tells."""
    if chrome and re.search(chrome, title_block):
        title_block = "\n".join(
            line for line in title_block.splitlines() if not re.search(chrome, line))
        named = [n for n in named if n in title_block]
    found = [lv for lv in map(place_level, named) if lv in ranks]
    if found:  # a name is the surest sign
        return min(found, key=lambda lv: ranks[lv]), "title"
    title = guess_level([(title_block, 1)], CHECK_KINDS, ranks,
                        lambda t, w: len(word_spans(t, w, protect)))
    scores = _scores(body, ranks, protect)
    leader = max(scores, key=lambda lv: scores[lv][0], default=None)
    if leader is None or scores[leader][0] == 0:
        return (title, "title") if title else (None, "")
    if title is None:
        return leader, "body"
    min_self, ratio = majority
    outvoted = (leader != title and scores[leader][1] >= min_self
                and scores[leader][0] >= ratio * scores.get(title, (0, 0))[0])
    return (leader, "body") if outvoted else (title, "title")


def _scores(body: str, ranks: Mapping[str, int], protect: tuple[str, ...]
            ) -> dict[str, tuple[int, int]]:
    """Level → (score as guess_level weighs it, number of its self-references) in the body."""
    table = places.table()
    out = {}
    for level in ranks:
        words: dict[str, int] = {}
        for kind, weight in CHECK_KINDS.items():
            words.setdefault(table[level][kind], weight)
        counts = {w: len(word_spans(body, w, protect)) for w in words}
        out[level] = (sum(words[w] * n for w, n in counts.items()),
                      counts[table[level]["self"]])
    return out
