"""Checks: lint a Speech — placeholders, numbering, counts, self-reference, dates, repeats, length, overlap, names.

`check(speech)` returns Findings. The package is laid out so a rule is found by its name:
- registry.py: RULES in output order, the rule → module map, check();
- base.py: Finding and the data table (data/checks.yaml: placeholders, numbering markers, measure
  words, titles, surnames …), document.py: the speech as the rules see it (Doc);
- one module a rule family, each with run(doc) → list[Finding]: placeholders.py, numbering.py,
  counts.py, self_reference.py, dates.py, repeats.py, length.py, overlap.py, names.py.
The detectors the rules share with `drafter extract` (markers, placeholders, names, levels, dates)
are in drafter.analysis. Paragraph numbers count speech.blocks from 1 (the title is 段落1), as a
user counts the paragraphs of the file. docs/checks.md describes every rule for users and how to
add one.
"""

from __future__ import annotations

from drafter.analysis.dates import parse_date
from drafter.analysis.markers import LAST
from drafter.checks.base import DATA, Finding, table
from drafter.checks.catalog import resolve
from drafter.checks.config import Settings
from drafter.checks.config import for_file as settings_for
from drafter.checks.length import speaking_time
from drafter.checks.overlap import build_index
from drafter.checks.registry import RULES, SEVERITIES, check, normalize_level, to_date

__all__ = [
    "DATA",
    "LAST",
    "RULES",
    "SEVERITIES",
    "Finding",
    "Settings",
    "build_index",
    "check",
    "normalize_level",
    "parse_date",
    "resolve",
    "settings_for",
    "speaking_time",
    "table",
    "to_date",
]
