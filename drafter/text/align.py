"""Finding a piece of a block's text again in the file it was read from, where the two differ
by markup, spacing or line breaks."""

from __future__ import annotations

# How far ahead (characters) the file may hold markup or spacing the block text lacks.
LOOKAHEAD = 12


def align(target: str, source: str, offset: int, begin: int = 0) -> int:
    """The index in source of target[offset]: target's characters matched in order from begin,
    skipping what source has and target lacks (Markdown's ** and backslashes, indentation, a
    line break a writer typed) and what target has and source lacks (a space the reader
    normalised)."""
    j = begin
    for ch in target[:offset]:
        if ch.isspace():
            continue
        k = source.find(ch, j, j + LOOKAHEAD)
        if k >= 0:
            j = k + 1
    if offset < len(target):
        k = source.find(target[offset], j, j + LOOKAHEAD)
        if k >= 0:
            j = k
    return min(j, len(source))
