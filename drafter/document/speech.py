"""The Speech model: the one in-memory form every writer and check consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["title", "subtitle", "speaker", "date", "salutation", "heading", "paragraph"]

# Speaking rate used for the minutes shown with a draft and by the length check: official
# speeches are read at about 220–250 characters a minute; 230 is the middle.
CHARS_PER_MINUTE = 230

# Kinds that form the centred block at the top of a speech.
FRONT_KINDS = ("title", "subtitle", "speaker", "date")


@dataclass
class Run:
    """A stretch of text with one look; bold marks a lead phrase (**…** in Markdown)."""

    text: str
    bold: bool = False


@dataclass
class Block:
    """One paragraph of the speech.

    kind "heading" carries level 1–4 (一、 / (一) / 1. / (1)); the numbering marker is part of
    the text, as a reader sees it.
    """

    kind: BlockKind
    runs: list[Run]
    level: int = 0
    # Where the block came from, so a finding can be located in the file the writer has open:
    # the 1-based line of a .txt or .md file, the 0-based index of the w:p among a .docx's
    # paragraphs in document order. None for a speech drafted in memory. Not part of equality:
    # the same words read from two files are the same blocks.
    source: int | None = field(default=None, compare=False)

    @property
    def text(self) -> str:
        runs = self.runs  # (most blocks are one run; a generator per call cost more)
        return runs[0].text if len(runs) == 1 else "".join([r.text for r in runs])


@dataclass
class Speech:
    blocks: list[Block] = field(default_factory=list)
    # The front matter of a cleaned corpus file (drafter corpus clean): what the cleaner took
    # off the page but a check still needs, such as the page's other titles (page_titles).
    meta: dict = field(default_factory=dict, compare=False)

    def first(self, kind: BlockKind) -> Block | None:
        return next((b for b in self.blocks if b.kind == kind), None)

    @property
    def title(self) -> str:
        b = self.first("title")
        return b.text if b else ""

    @property
    def speaker(self) -> str:
        """The speaker line as written (e.g. "镇党委书记 王明"); empty when absent."""
        b = self.first("speaker")
        return b.text if b else ""

    @property
    def body(self) -> list[Block]:
        """Everything after the front block (salutation, headings, paragraphs)."""
        return [b for b in self.blocks if b.kind not in FRONT_KINDS]

    @property
    def text(self) -> str:
        """Plain text, one block per line."""
        return "\n".join(b.text for b in self.blocks)

    def strip_characters(self, chars: frozenset[str]) -> int:
        """Remove these characters from every run; returns how many went."""
        removed = 0
        for block in self.blocks:
            for run in block.runs:
                kept = "".join(c for c in run.text if c not in chars)
                removed += len(run.text) - len(kept)
                run.text = kept
        return removed

    def char_count(self) -> int:
        """Characters a listener hears: the body, without whitespace."""
        return len("".join("".join([b.text for b in self.body]).split()))
