"""Overlap (查重): how much of a draft repeats the corpus, as shared 8-character grams.

Text is compared with whitespace and punctuation removed (letters, digits and CJK characters
only): a copied sentence stays copied when someone changes a comma into a 顿号 or re-wraps the
lines, and the ratio counts characters a listener hears. The ratio of a document is the fraction
of the draft's 8-grams that occur anywhere in that document; eight characters is about two
Chinese words, long enough that set phrases of official language (高度重视, 切实加强) alone do not
reach it, short enough to catch a copied clause. Shared grams on the same diagonal (the same
shift between draft and document) merge into maximal passages, reported with their offsets in
the original texts.

The index maps every 8-gram of the corpus to (document, position) once; comparing a 3,000-character
draft is then one dictionary lookup per draft position.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Container
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from drafter.text.chars import strip  # the characters compared, shared with paraphrase

if TYPE_CHECKING:
    from pathlib import Path

    from drafter.corpus.clean import CorpusDoc
    from drafter.document.speech import Speech

N = 8
# Exactly the characters strip() keeps (categories L and N are what str.isalnum accepts, and \w
# is isalnum plus "_"; checked over every code point), without a Python call per character.
_NOT_COMPARED = re.compile(r"[\W_]+")


def compared(text: str) -> str:
    """strip(text)[0], fast: the characters compared, without their offsets."""
    return _NOT_COMPARED.sub("", text)


@dataclass
class Passage:
    """A stretch shared by the draft and a document. Offsets are 0-based character offsets
    in the original texts; length counts the compared characters (no punctuation, no spaces);
    text is the draft's wording, punctuation included."""

    draft_offset: int
    doc_offset: int
    length: int
    text: str


@dataclass
class OverlapResult:
    doc_id: str
    title: str
    ratio: float
    passages: list[Passage] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["ratio"] = round(self.ratio, 4)
        return d


def body_text(speech: Speech) -> str:
    """What a draft says: the body, one block a line (title, subtitle, speaker, date aside —
    they are formulas every speech shares)."""
    return "\n".join(b.text for b in speech.body)


@dataclass
class _Doc:
    id: str
    title: str
    text: str
    _offsets: list[int] | None = None

    @property
    def offsets(self) -> list[int]:
        """Where each compared character is in text; only documents with passages need it."""
        if self._offsets is None:
            self._offsets = strip(self.text)[1]
        return self._offsets


class OverlapIndex:
    """8-grams of a corpus → where they occur. Build once, compare many drafts."""

    def __init__(self) -> None:
        self.docs: list[_Doc] = []
        self.grams: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._paraphrases: Any = None

    @classmethod
    def from_corpus(cls, docs: list[CorpusDoc]) -> OverlapIndex:
        index = cls()
        for doc in docs:
            index.add(doc.id, doc.title, doc.text)
        return index

    @classmethod
    def from_folder(cls, folder: Path | str) -> OverlapIndex:
        """The index of a corpus folder (its *.md documents, as drafter corpus clean writes them)."""
        from drafter.corpus.clean import load_corpus

        return cls.from_corpus(load_corpus(folder))

    def paraphrases(self) -> Any:
        """The sentence index of the same documents (near-paraphrase), built on first use."""
        if self._paraphrases is None:
            from drafter.corpus.paraphrase import ParaphraseIndex

            self._paraphrases = ParaphraseIndex()
            for d in self.docs:
                self._paraphrases.add(d.id, d.title, d.text)
        return self._paraphrases

    def add(self, doc_id: str, title: str, text: str, only: Container[str] | None = None
            ) -> None:
        """A document; with `only` (the grams of the one draft to be compared), the grams no
        draft position can look up are left out: the same results, less work."""
        self._paraphrases = None
        stripped = compared(text)
        k = len(self.docs)
        self.docs.append(_Doc(doc_id, title, text))
        grams = self.grams
        for i in range(len(stripped) - N + 1):
            g = stripped[i:i + N]
            if only is None or g in only:
                grams[g].append((k, i))

    def compare(self, text: str) -> list[OverlapResult]:
        """Every document with its ratio and shared passages (longest first); documents sorted
        by ratio, highest first, then by id."""
        stripped, offsets = strip(text)
        total = max(len(stripped) - N + 1, 0)
        hits: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        matched: dict[int, int] = defaultdict(int)
        get = self.grams.get
        for i in range(total):
            found = get(stripped[i:i + N])
            if not found:
                continue
            seen = set()
            for k, j in found:
                hits[k][j - i].append(i)
                seen.add(k)
            for k in seen:
                matched[k] += 1
        results = []
        for k, doc in enumerate(self.docs):
            ratio = matched[k] / total if total else 0.0
            passages = _passages(hits[k], text, offsets, doc) if k in hits else []
            results.append(OverlapResult(doc.id, doc.title, ratio, passages))
        results.sort(key=lambda r: (-r.ratio, r.doc_id))
        return results


def _passages(diagonals: dict[int, list[int]], text: str, offsets: list[int], doc: _Doc
              ) -> list[Passage]:
    """Consecutive shared grams on one diagonal form one passage; a passage whose draft span
    lies inside a longer one (the same words found again elsewhere) is dropped."""
    spans: list[tuple[int, int, int]] = []  # (draft start, length, doc start), stripped
    for shift, starts in diagonals.items():
        run_start = prev = starts[0]
        for i in starts[1:]:
            if i != prev + 1:
                spans.append((run_start, prev - run_start + N, run_start + shift))
                run_start = i
            prev = i
        spans.append((run_start, prev - run_start + N, run_start + shift))
    spans.sort(key=lambda s: (-s[1], s[0], s[2]))
    kept: list[tuple[int, int, int]] = []
    for s in spans:
        if any(k[0] <= s[0] and s[0] + s[1] <= k[0] + k[1] for k in kept):
            continue
        kept.append(s)
    out = []
    for start, length, doc_start in kept:
        a, b = offsets[start], offsets[start + length - 1] + 1
        out.append(Passage(a, doc.offsets[doc_start], length, text[a:b]))
    return out
