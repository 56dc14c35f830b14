"""What `drafter outlines check` measures on the drafts of one outline: context rules and
`check` findings, list sizes, the identical-sentence share between seeds, lengths reached,
near-paraphrase of the corpus, phrases said three times, fields declared and never used."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from drafter.analysis import similarity
from drafter.audit.grid import DATES, Cell, Grid
from drafter.checks.catalog import DRAFT_RULES
from drafter.errors import DrafterError
from drafter.resources import resource_dir
from drafter.text.chars import strip

GRAM = 6  # a phrase this long said three times in one draft is a tic
FORMULAS = ("主要负责同志",)  # titles a speech names as often as it needs to


@dataclass
class Finding:
    """One problem, with the grid cell whose spec reproduces it."""

    kind: str        # error / context / check / list / variety / length / near / repeat / field
    message: str     # alike for every cell the problem shows in (the report groups by it)
    cell: Cell | None = None
    where: str = ""  # file:line in the outline, when known
    excerpt: str = ""  # the words of the draft it is about


@dataclass
class Drafts:
    """Drafts of one outline, memoized by cell, with the errors met on the way."""

    grid: Grid
    done: dict[Cell, Any] = field(default_factory=dict)

    def get(self, cell: Cell):
        """The draft of a cell, or the DrafterError that stopped it."""
        if cell not in self.done:
            from drafter import api
            from drafter.spec.source import Source

            try:
                self.done[cell] = api.draft(Source(None, self.grid.spec(cell)))
            except DrafterError as e:
                self.done[cell] = e
        return self.done[cell]


def body(result) -> str:
    from drafter.drafting.render import _body

    return _body(result.markdown).replace("**", "").replace("\\", "")


def error_finding(e: DrafterError, cell: Cell) -> Finding:
    where = f"{Path(e.path).name if e.path else ''}:{e.line}" if e.line else ""
    return Finding("error", e.message + (f"（{e.hint}）" if e.hint else ""), cell, where)


def context_findings(result, cell: Cell) -> list[Finding]:
    """Context rules (a 街道 with a 政府, 春节刚过 in December…) and `check` findings."""
    from drafter.checks import check
    from drafter.checks.context_rules import find
    from drafter.drafting.context import build

    text = body(result)
    hits = find(text, build(result.spec), result.spec.place, result.spec.context())
    out = [Finding("context", f"[{h.rule}] {h.message}", cell,
                   excerpt=_flat(text[max(0, h.start - 12):h.end + 12])) for h in hits]
    found = check(result.speech, level=cell.level, meeting_date=DATES[cell.season], rules=DRAFT_RULES)
    out += [Finding("check", f"[{f.rule}] {_flat(f.message)}", cell, excerpt=_flat(f.excerpt))
            for f in found if f.severity != "info"]
    return out


def _flat(s: str) -> str:
    return " ".join(s.split())


def bare_leads(result) -> list[str]:
    """Bold lead lines with no body text in their paragraph."""
    from drafter.drafting.render import _body

    return [p.strip() for p in _body(result.markdown).split("\n\n")
            if re.fullmatch(r"\*\*[^*]+\*\*", p.strip())]


def identical(drafts: dict[int, Any]) -> list[tuple[int, int, float]]:
    """Every pair of seeds with its identical-sentence share, most alike first."""
    sets = {seed: similarity.sentences(body(r), spec_values(r.spec))
            for seed, r in drafts.items()}
    return similarity.pairwise(sets)


def spec_values(spec) -> set[str]:
    """The writer's own words and the place words: what every variant repeats by design."""
    return {v for v in (strip(s)[0] for s in similarity.spec_strings(spec.values, spec.place))
            if v}


def repeated_phrases(result) -> list[str]:
    """6-character phrases said three times or more, outside the writer's values and the
    years (2027年 is said as often as the speech needs it)."""
    text = re.sub(r"\d{4}年", "|", re.sub(r"^#+ .*$", "", body(result), flags=re.M))
    text, _ = strip(text)
    for value in sorted(spec_values(result.spec) | set(FORMULAS), key=len, reverse=True):
        text = text.replace(value, "|")
    grams = Counter(text[i:i + GRAM] for i in range(len(text) - GRAM + 1))
    return sorted(g for g, n in grams.items() if n >= 3 and "|" not in g)


@cache
def corpus_index():
    """The near-paraphrase index of the shipped corpus, built once per process."""
    from drafter.corpus.clean import load_corpus
    from drafter.corpus.paraphrase import ParaphraseIndex

    index = ParaphraseIndex()
    for doc in load_corpus(resource_dir("corpus")):
        index.add(doc.id, doc.title, doc.text)
    return index


def near_paraphrases(result) -> tuple[list, int]:
    """The draft's sentences near a corpus sentence, and how many sentences it has."""
    text = body(result)
    return corpus_index().compare(text), max(1, len(similarity.sentences(text)))


def unused_fields(outline) -> list[Finding]:
    """Fields the outline declares that no sentence, condition or list of it reads."""
    from drafter.spec.source import load_yaml
    from drafter.spec.validate import CORE_FIELDS

    src = load_yaml(outline.path)
    used = _names_in({k: v for k, v in src.data.items() if k != "fields"})
    # Core fields (place, meeting, speaker…) are read by drafter itself: the title block,
    # the context, the file name.
    return [Finding("field", f"字段 {name} 声明了，但提纲里没有句子或条件用到它",
                    where=f"{outline.path.name}:{src.line(('fields', name))}")
            for name in outline.fields if name not in used and name not in CORE_FIELDS]


def _names_in(value: Any) -> set[str]:
    """Every identifier written anywhere in the outline's text (sentences, when:, each:…)."""
    out: set[str] = set()
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            stack += list(v.values()) + [k for k in v if isinstance(k, str)]
        elif isinstance(v, list):
            stack += v
        elif isinstance(v, str):
            for name in re.findall(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*", v, flags=re.A):
                parts = name.split(".")  # deadline.date uses deadline and deadline.date
                out.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return out
