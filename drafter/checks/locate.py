"""Where a finding is, in the words of the program the writer has open: 第12行 of a .txt or
.md file (the file's own line, as an editor numbers it), 第2页第5行 of a .docx (page and line
as Word and LibreOffice lay them out, docx_pages), always with the paragraph's first words,
since the page and line of a document drafter did not lay out can only be close (约)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter.document.speech import Block, Speech
from drafter.text.align import align

OPENING = 10  # characters of a paragraph's opening words


@dataclass(frozen=True)
class Location:
    """line: the file's line (.txt, .md) or the line on the page (.docx, with page)."""

    line: int | None = None
    page: int | None = None
    last_line: int | None = None  # when the words run on to the next line(s) of the page
    approximate: bool = False
    opening: str = ""  # the paragraph's first words
    paragraph: int | None = None  # 1-based block number, when nothing better is known

    def describe(self) -> str:
        """第12行 / 第2页第5行（“同志们，今年以来…”段） / 约第3页第1行（…段） / 段落7."""
        if self.page is not None:
            lines = f"{self.line}" if self.last_line in (None, self.line) else \
                f"{self.line}～{self.last_line}"
            where = f"{'约' if self.approximate else ''}第{self.page}页第{lines}行"
            return f"{where}（“{self.opening}”段）" if self.opening else where
        if self.line is not None:
            return f"第{self.line}行"
        if self.opening:
            return f"“{self.opening}”段"
        return f"段落{self.paragraph}" if self.paragraph else ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.page is not None:
            out.update(page=self.page, line=self.line, approximate=self.approximate)
        elif self.line is not None:
            out["line"] = self.line
        if self.opening:
            out["opening"] = self.opening
        return out


def opening(text: str, size: int = OPENING) -> str:
    """A paragraph's first words: “同志们，今年以来…”."""
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size] + "…"


class Locator:
    """Finds findings in one checked file."""

    def __init__(self, speech: Speech) -> None:
        self.speech = speech

    def block(self, paragraph: int | None) -> Block | None:
        if paragraph is None or not 1 <= paragraph <= len(self.speech.blocks):
            return None
        return self.speech.blocks[paragraph - 1]

    def locate(self, paragraph: int | None, start: int | None = None,
               end: int | None = None) -> Location | None:
        """The place of block `paragraph` (1-based), at offset start of its text when known;
        None for a finding about the whole speech."""
        block = self.block(paragraph)
        if block is None:
            return None
        return Location(paragraph=paragraph, opening=opening(block.text))


class TextLocator(Locator):
    """A .txt or .md file: the line of the file that holds the words."""

    def __init__(self, speech: Speech, text: str) -> None:
        super().__init__(speech)
        self.text = text
        self.starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.starts.append(i + 1)

    def locate(self, paragraph, start=None, end=None):
        block = self.block(paragraph)
        if block is None:
            return None
        if block.source is None or not 1 <= block.source <= len(self.starts):
            return Location(paragraph=paragraph, opening=opening(block.text))
        j = align(block.text, self.text, start or 0, self.starts[block.source - 1])
        return Location(line=self.text.count("\n", 0, j) + 1)


class DocxLocator(Locator):
    """A .docx: page and line as laid out from the document's own set-up."""

    def __init__(self, speech: Speech, data: bytes) -> None:
        from drafter.document.docx_pages import layout

        super().__init__(speech)
        self.layout, self.exact = layout(data)

    def locate(self, paragraph, start=None, end=None):
        block = self.block(paragraph)
        if block is None:
            return None
        words = opening(block.text)
        i = block.source
        paras = self.layout.paras
        if i is None or not 0 <= i < len(paras) or not self.layout.lines[i]:
            return Location(paragraph=paragraph, opening=words)  # a note, a text box
        text = paras[i].text
        first = self.layout.where(i, align(block.text, text, start or 0))
        last = first
        if start is not None and end is not None and end > start:
            last = self.layout.where(i, align(block.text, text, end - 1))
        same_page = last is not None and first is not None and last.page == first.page
        return Location(line=first.line, page=first.page,
                        last_line=last.line if same_page else None,
                        approximate=not self.exact, opening=words)


def locator(path: Path | str, speech: Speech) -> Locator:
    """The locator for a checked file (read again here: the speech keeps no layout)."""
    from drafter.files import decode_text, read_file

    path = Path(path)
    suffix = path.suffix.lower()
    try:
        data = read_file(path)
        if suffix == ".docx":
            return DocxLocator(speech, data)
        if suffix in (".txt", ".md", ".markdown"):
            return TextLocator(speech, decode_text(data, path))
    except Exception:  # noqa: BLE001 — a place is a help; the findings are printed without it
        pass
    return Locator(speech)
