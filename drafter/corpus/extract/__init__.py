"""Extract: a cleaned speech → an outline skeleton (outlines/*.yaml) a writer can reuse.

The speech is read one paragraph a line. Its structure — title, salutation, opening, level-1
headings (一、), level-2 (（一）), level-3 (1.), lists led by 一是/一要/第一 (as paragraphs or
inside one), and the closing call — becomes outline sections and items; numbering is left to
drafter, which regenerates it. Self-references of the source's level become place variables,
years become date expressions, announced counts (四个方面) become count expressions tied to their
list. What cannot be turned into a variable (other places, people, placeholders, numbering
errors of the source) is reported as a warning, never silently changed.

The steps, one module each, in the order pipeline.extract_text runs them: repair.py (a
downloaded page's damage undone: doc-site chunk numbers, headings joined to their body by a
space, lines cut after a comma), units.py (paragraphs → classified units), structure.py (units → lists and segments, their kinds), parametrize.py
(source text → outline text), assemble.py (segments → outline sections and YAML); title.py reads
the title, base.py holds what they share, summary.py prints the result. The detectors shared with
`drafter check` (markers, placeholders, names, levels, dates) are in drafter.analysis.
"""

from __future__ import annotations

from drafter.analysis.markers import Sequence, inline_sequences
from drafter.corpus.extract.base import (
    DATA,
    KIND_NAMES,
    OUTLINE_MARKER,
    RANK,
    Extraction,
    marker_text,
    rules,
    sentences,
    split_lead,
)
from drafter.corpus.extract.parametrize import Scope
from drafter.corpus.extract.pipeline import extract_file, extract_text
from drafter.corpus.extract.structure import Item, ListBlock, Segment, choose_kind, count_pattern
from drafter.corpus.extract.summary import summary
from drafter.corpus.extract.title import detect_level, meeting_name, reference_year
from drafter.corpus.extract.units import Unit, classify, split_e
from drafter.text.cn import cn_int

__all__ = [
    "DATA",
    "KIND_NAMES",
    "OUTLINE_MARKER",
    "RANK",
    "Extraction",
    "Item",
    "ListBlock",
    "Scope",
    "Segment",
    "Sequence",
    "Unit",
    "choose_kind",
    "classify",
    "cn_int",
    "count_pattern",
    "detect_level",
    "extract_file",
    "extract_text",
    "inline_sequences",
    "marker_text",
    "meeting_name",
    "reference_year",
    "rules",
    "sentences",
    "split_e",
    "split_lead",
    "summary",
]
