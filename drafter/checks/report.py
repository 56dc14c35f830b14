"""Findings as people read them: the file and where in it, the rule's code and name, the
message, and the sentence that holds the offending words with those words marked 〖like this〗
(docs/checks.md, 输出). 〖〗 survive a copy into a chat or an e-mail, and unlike 【】 they are not
what a speech's own text (or its placeholders, 【待补】) uses; on a terminal the words are also
underlined."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.checks.base import SENTENCE_END, sentence
from drafter.document.speech import Speech

if TYPE_CHECKING:
    from drafter.checks.base import Finding
    from drafter.checks.locate import Location, Locator

MARK = ("〖", "〗")
QUOTE_LIMIT = 60  # characters of a quoted sentence, the marked words aside
CONTEXT = 20  # characters either side of the words when a sentence is longer
ELLIPSIS = "…"


@dataclass(frozen=True)
class Quote:
    """A sentence cut in three around the offending words (words is empty where something is
    missing: the mark then shows the gap)."""

    before: str
    words: str
    after: str
    marked: bool = True  # False: a rule that names no words; the sentence is shown as it is

    def plain(self) -> str:
        if not self.marked:
            return f"{self.before}{self.words}{self.after}"
        return f"{self.before}{MARK[0]}{self.words}{MARK[1]}{self.after}"


def quote(text: str, start: int, end: int, limit: int = QUOTE_LIMIT) -> Quote:
    """The sentence around text[start:end), trimmed to about limit characters around the
    words (… where it is cut), with the words apart."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    text = text.replace("\n", " ")  # a title broken over two lines quotes as one
    a, b = sentence(text, start, end)
    if (b - a) - (end - start) > limit:
        a, b = max(a, start - CONTEXT), min(b, end + CONTEXT)
    before, after = text[a:start].lstrip(), text[end:b].rstrip()
    return Quote((ELLIPSIS if a > 0 and text[a - 1] not in SENTENCE_END else "") + before,
                 text[start:end],
                 after + (ELLIPSIS if b < len(text) and text[b - 1] not in SENTENCE_END else ""))


def quote_of(finding: Finding, text: str | None) -> Quote | None:
    """The finding's sentence with its words marked; for a rule that gives no offsets, the
    sentence its excerpt comes from, unmarked; None for a whole-speech finding."""
    if text is None:
        return None
    if finding.start is not None:
        end = finding.end if finding.end is not None else finding.start
        return quote(text, finding.start, end)
    at = excerpt_at(finding, text)
    if at is None:
        return None
    q = quote(text, at, at + len(finding.excerpt.strip()))
    return Quote(q.before, q.words, q.after, marked=False)


def excerpt_at(finding: Finding, text: str) -> int | None:
    """Where the finding's excerpt stands in the paragraph, when it stands there once."""
    words = finding.excerpt.strip()
    at = text.find(words) if words else -1
    return at if at >= 0 and text.find(words, at + 1) < 0 else None


@dataclass(frozen=True)
class Entry:
    """One finding with everything the outputs show."""

    finding: Finding
    code: str
    location: Location | None
    quote: Quote | None

    def headline(self, path: str) -> str:
        """文件:第12行: C102 [mojibake] 说明"""
        where = self.location.describe() if self.location else ""
        place = f"{path}:{where}" if where else path
        tag = f"{self.code} [{self.finding.rule}]" if self.code else f"[{self.finding.rule}]"
        return f"{place}: {tag} {self.finding.message}"

    def to_dict(self, path: str) -> dict[str, Any]:
        f = self.finding
        return {
            # rule: the name again, under the key earlier versions used.
            "file": path, "code": self.code, "name": f.rule, "rule": f.rule,
            "severity": f.severity,
            "message": f.message, "paragraph": f.paragraph, "start": f.start, "end": f.end,
            "excerpt": f.excerpt,
            "sentence": self.quote.plain() if self.quote else None,
            "location": self.location.to_dict() if self.location else None,
            "fix": f.fix,
        }


def entries(findings: list[Finding], locator: Locator) -> list[Entry]:
    """Findings with their code, place and quoted sentence."""
    out = []
    for f in findings:
        block = locator.block(f.paragraph)
        start, end = f.start, f.end
        if start is None and block is not None:  # placed by its excerpt, if that is certain
            start = excerpt_at(f, block.text)
        out.append(Entry(f, f.code, locator.locate(f.paragraph, start, end),
                         quote_of(f, block.text if block else None)))
    return out


def text_lines(entry: Entry, path: str, style=None) -> list[str]:
    """The finding as text: a headline, then the quoted sentence (or the excerpt) indented.
    style(words) decorates the marked words (underline on a terminal); text from the checked
    file has its control characters made visible first."""
    from drafter.errors import visible

    lines = [visible(entry.headline(path))]
    q = entry.quote
    if q is not None and not q.marked:
        lines.append(f"    {visible(q.plain())}")
    elif q is not None:
        words = visible(q.words)
        shown = style(words) if style and words else words
        lines.append(f"    {visible(q.before)}{MARK[0]}{shown}{MARK[1]}{visible(q.after)}")
    elif entry.finding.excerpt:
        lines.append(f"    {visible(entry.finding.excerpt)}")
    return lines


def comment_text(entry: Entry) -> str:
    """A finding as the text of a Word comment: “C102 说明（可改为“…”）”."""
    f = entry.finding
    fix = f"（可改为“{f.fix}”）" if f.fix else ""
    return f"{entry.code} {f.message}{fix}".strip()


def comment_path(path: Path) -> Path:
    """Where the commented copy goes by default: beside the file, 讲话.docx → 讲话.批注.docx."""
    return path.with_name(f"{path.stem}.批注.docx")


def commented_docx(path: Path, speech: Speech, found: list[Entry]) -> bytes:
    """A copy of the checked file as .docx with each finding as a Word comment on its words.
    A .txt or .md file is laid out as drafter lays out a draft first (one paragraph a block,
    so the block's number is its w:p's)."""
    from drafter.document.comments import annotate
    from drafter.files import read_file

    if path.suffix.lower() == ".docx":
        data = read_file(path)
    else:
        from drafter.document import docx_writer

        speech = Speech([replace(b, source=i) for i, b in enumerate(speech.blocks)])
        data = docx_writer.to_bytes(speech)
    return annotate(data, speech, [_note(e, speech) for e in found])


def _note(entry: Entry, speech: Speech):
    """The comment for a finding, on its words; for a rule that gives no offsets, on the
    sentence its excerpt comes from (else the whole paragraph)."""
    from drafter.document.comments import Note

    f = entry.finding
    start, end = f.start, f.end
    if start is None and f.paragraph and 0 < f.paragraph <= len(speech.blocks):
        text = speech.blocks[f.paragraph - 1].text
        at = excerpt_at(f, text)
        if at is not None:
            start, end = sentence(text, at, at + len(f.excerpt.strip()))
    return Note(f.paragraph, start, end, comment_text(entry))
