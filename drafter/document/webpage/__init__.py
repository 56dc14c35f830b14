"""Reading a page downloaded from a 范文 or document site: the speech, without the page.

Shared by `drafter check` on a .txt page (drafter.document.plaintext) and `drafter corpus clean`
(drafter.corpus.clean). `read_page` numbers the lines, turns paywalls and truncations into gap
markers, marks page furniture by the shape of each line (data/cleaning.yaml), drops the numbers
document sites put between pages and chunks, restores the paragraph breaks a flattened page lost
and finds the title. Every piece keeps the line of the page it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drafter.document.webpage.breaks import is_flat, split_line
from drafter.document.webpage.lines import (
    GAP_MARKER,
    Piece,
    classify,
    cut_gaps,
    drop_chunk_numbers,
    mark_joins,
    mark_trailing_titles,
    number_lines,
    squeeze,
)
from drafter.document.webpage.rules import PageRules, page_rules, table, table_error
from drafter.document.webpage.title import is_prose, speech_shaped, title_index, title_like

__all__ = [
    "GAP_MARKER", "HEAD", "Page", "PageRules", "Piece", "is_prose", "looks_like_page", "page_rules", "read_page",
    "speech_shaped", "squeeze", "table", "table_error", "title_like",
]

HEAD = "页头"


@dataclass
class Page:
    """pieces: every piece in page order, furniture included (rule set); title: the index of the
    title among them, or None; removed: fragments taken out of the text (chunk numbers)."""

    pieces: list[Piece]
    title: int | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)
    flat: bool = False  # some line held many paragraphs

    @property
    def speech(self) -> list[Piece]:
        """The speech's pieces after the title: paragraphs and gap markers."""
        start = (self.title + 1) if self.title is not None else 0
        return [p for p in self.pieces[start:] if p.content]

    @property
    def title_text(self) -> str:
        return self.pieces[self.title].text if self.title is not None else ""


def read_page(text: str) -> Page:
    """A downloaded page's text (one string, lines separated by \\n) → its pieces."""
    r = page_rules()
    pieces: list[Piece] = []
    for p in number_lines(text, r):
        pieces += cut_gaps(p, r)
    pieces = classify(pieces, r)
    mark_trailing_titles(pieces, r)
    mark_joins(pieces, r)
    removed = drop_chunk_numbers(pieces, r)
    pieces = _merge(pieces)
    flat = any(p.content and is_flat(p.text, r) for p in pieces)
    page = Page(_split(pieces, r), removed=removed, flat=flat)
    _find_title(page, r)
    return page


def looks_like_page(page: Page) -> bool:
    """Whether a text is a web page rather than a speech someone typed: it has page furniture,
    gaps or chunk numbers, or lines that hold many paragraphs."""
    return page.flat or bool(page.removed) or any(not p.content or p.gap for p in page.pieces)


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Pieces marked `join` go back onto the speech piece before them."""
    out: list[Piece] = []
    last: Piece | None = None
    for p in pieces:
        if p.content and not p.text:
            continue  # a line that held only a chunk number
        if p.content and p.join and last is not None and not last.gap:
            last.text += p.text
            continue
        out.append(p)
        if p.content:
            last = p
    return out


def _split(pieces: list[Piece], r: PageRules) -> list[Piece]:
    last: dict[str, int] = {}
    out: list[Piece] = []
    for p in pieces:
        if not p.content or p.gap:
            out.append(p)
            continue
        out += [Piece(p.line, part) for part in split_line(p.text, r, last)]
    return out


def _find_title(page: Page, r: PageRules) -> None:
    """Mark the title; lines above it that are not prose are page furniture (a site banner)."""
    index = [i for i, p in enumerate(page.pieces) if p.content and not p.gap]
    found = title_index([page.pieces[i].text for i in index], r)
    if found is None:
        return
    page.title = index[found]
    for i in index[:found]:
        page.pieces[i].rule = HEAD
