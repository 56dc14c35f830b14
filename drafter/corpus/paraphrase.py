"""Near-paraphrase (近似改写): sentences of a draft that say a corpus sentence again with a
few words swapped (“敢与强的比” → “敢跟强的比”), which the 8-gram overlap misses.

Sentences are compared with punctuation and spaces removed. An inverted index of character
bigrams finds, for each draft sentence, the few corpus sentences sharing the most bigrams;
each is then scored by normalised Levenshtein similarity (rapidfuzz, in C: one pair costs
microseconds) and by bigram Dice. A pair at or above either threshold is a near-paraphrase."""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Container
from dataclasses import asdict, dataclass

# A sentence this similar to a corpus sentence is reported (docs/checks.md explains the choice:
# 0.6 catches one- and two-word swaps in a 10–30 character sentence, and no two sentences of
# the library's own outlines that merely share set phrases).
LEVENSHTEIN_THRESHOLD = 0.6
DICE_THRESHOLD = 0.55
MIN_CHARS = 10  # shorter sentences (“同志们”, “一是抓落实”) are formulas, not wording
CANDIDATES = 8  # corpus sentences scored per draft sentence: those sharing the most bigrams
# The characters compared: drafter.text.chars.strip()[0] by one regex, as overlap.compared
# (not imported from there: overlap imports this module).
_NOT_COMPARED = re.compile(r"[\W_]+")
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")


@dataclass
class NearParaphrase:
    """A draft sentence and the corpus sentence it is close to, side by side."""

    draft_offset: int
    draft_sentence: str
    doc_id: str
    title: str
    doc_sentence: str
    similarity: float

    def to_dict(self) -> dict:
        d = asdict(self)
        d["similarity"] = round(self.similarity, 3)
        return d


def sentences(text: str) -> list[tuple[int, str, str]]:
    """(offset, sentence as written, compared characters) for each sentence long enough."""
    out = []
    for m in _SENTENCE.finditer(text):
        kept = _NOT_COMPARED.sub("", m.group())
        if len(kept) >= MIN_CHARS:
            out.append((m.start(), m.group().strip(), kept))
    return out


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)}


class ParaphraseIndex:
    """Bigrams of every corpus sentence → the sentences holding them."""

    def __init__(self) -> None:
        self.entries: list[tuple[int, str, str, int]] = []  # doc, sentence, kept, bigram count
        self.docs: list[tuple[str, str]] = []
        self.postings: dict[str, list[int]] = defaultdict(list)

    def add(self, doc_id: str, title: str, text: str, only: Container[str] | None = None
            ) -> None:
        """A document's sentences; with `only` (the bigrams of the one draft to be compared),
        bigrams no draft sentence can look up are left out: the same results, less work."""
        k = len(self.docs)
        self.docs.append((doc_id, title))
        for _, sentence, kept in sentences(text):
            grams = _bigrams(kept)
            n = len(self.entries)
            self.entries.append((k, sentence, kept, len(grams)))
            for g in grams:
                if only is None or g in only:
                    self.postings[g].append(n)

    def compare(self, text: str) -> list[NearParaphrase]:
        """Each draft sentence's closest corpus sentence, where it is near enough."""
        from rapidfuzz.distance import Levenshtein

        found = []
        for offset, sentence, kept in sentences(text):
            grams = _bigrams(kept)
            shared = Counter(n for g in grams for n in self.postings.get(g, ()))
            best = None
            # Ties go to the earlier sentence (most_common's order among equals followed the
            # set of bigrams, which differs from one process to the next).
            for n, common in heapq.nsmallest(CANDIDATES, shared.items(),
                                             key=lambda e: (-e[1], e[0])):
                doc, other, other_kept, other_grams = self.entries[n]
                dice = 2 * common / (len(grams) + other_grams)
                lev = Levenshtein.normalized_similarity(kept, other_kept)
                if lev >= LEVENSHTEIN_THRESHOLD or dice >= DICE_THRESHOLD:
                    score = max(lev, dice)
                    if best is None or score > best[0]:
                        best = (score, doc, other)
            if best:
                doc_id, title = self.docs[best[1]]
                found.append(NearParaphrase(offset, sentence, doc_id, title, best[2], best[0]))
        return found


def draft_bigrams(text: str) -> set[str]:
    """Every bigram a draft's sentences can look up (ParaphraseIndex.add's `only`)."""
    return {g for _, _, kept in sentences(text) for g in _bigrams(kept)}


def share(text: str, index: ParaphraseIndex) -> float:
    """The fraction of a draft's (long enough) sentences that are near-paraphrases."""
    total = len(sentences(text))
    return len(index.compare(text)) / total if total else 0.0
