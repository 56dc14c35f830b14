"""What each line of a downloaded page is: the speech, page furniture (navigation, file card,
download and share prompts, page counters, comment sections …) or a gap where the page withheld
text. Decided by the shape of the line (data/cleaning.yaml), never by a list of sites."""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.document.webpage.rules import PageRules

CHUNK = "分块序号"
# The paragraph that stands where a page withheld text (docs/corpus.md): never configurable, so
# every cleaned file and every reader agrees on it.
GAP = "〔此处原文缺失约{n}字〕"
GAP_UNKNOWN = "〔此处原文缺失〕"
GAP_MARKER = re.compile(r"^〔此处原文缺失(?:约\d+字)?〕$")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a\u202f\u205f]+")
_WIDE_GAP = re.compile(r"(?<=\S)[ \t\u00a0\u3000]{2,}(?=\S)")


@dataclass
class Piece:
    """A line of the page, or part of one.

    line: the 1-based line of the page it stands on. rule: why it is page furniture (None: it
    is the speech). meta: a header or footer line the date, source and URL are read from.
    gap: a marker standing for text the page did not show. join: it continues the previous
    piece (a page or chunk number had cut a sentence in two). part: a compilation's part
    marker (篇2)."""

    line: int
    text: str
    rule: str | None = None
    meta: bool = False
    gap: bool = False
    join: bool = False
    part: bool = False

    @property
    def content(self) -> bool:
        return self.rule is None


def squeeze(line: str) -> str:
    """Indentation and full-width spaces go; runs of spaces become one."""
    return _SPACES.sub(" ", line).strip()


def number_lines(text: str, r: PageRules) -> list[Piece]:
    """The page's non-blank lines, squeezed, with their line numbers. A long line holding
    paragraphs joined by their indentation (。　　一、…) is cut there."""
    out = []
    for i, line in enumerate(text.split("\n"), 1):
        gaps = _WIDE_GAP.findall(line) if len(line) >= r.flat_spaces_min_chars else []
        parts = _WIDE_GAP.split(line) if len(gaps) >= 2 else [line]
        out += [Piece(i, s) for part in parts if (s := squeeze(part))]
    return out


def cut_gaps(piece: Piece, r: PageRules) -> list[Piece]:
    """A paywall or truncation notice becomes a gap marker of its own; inline furniture (a
    page counter inside a paragraph) goes, recorded as a removed fragment."""
    spans: list[tuple[int, int, str, str | None]] = []  # start, end, rule, marker (None: drop)
    for name, rx in r.gaps:
        for m in rx.finditer(piece.text):
            if m.end() > m.start():
                n = m.groupdict().get("n")
                spans.append((m.start(), m.end(), name,
                              GAP.format(n=n) if n else GAP_UNKNOWN))
    for name, rx in r.inline:
        spans += [(m.start(), m.end(), name, None) for m in rx.finditer(piece.text)
                  if m.end() > m.start()]
    if not spans:
        return [piece]
    out: list[Piece] = []
    pos = 0
    for start, end, name, marker in sorted(spans):
        if start < pos:
            continue  # overlapping matches: the first one wins
        before = piece.text[pos:start].strip()
        if before:
            out.append(Piece(piece.line, before, join=bool(out) and marker is None))
        out.append(Piece(piece.line, piece.text[start:end], rule=name))
        if marker is not None:
            out.append(Piece(piece.line, marker, gap=True))
        pos = end
    rest = piece.text[pos:].strip()
    if rest:
        # Text after a removed page counter continues the sentence; after a gap it does not.
        joined = bool(out) and not out[-1].gap and out[-1].rule is not None
        out.append(Piece(piece.line, rest, join=joined))
    return out


def _is_prose(line: str) -> bool:
    return len(line) > 60 or "。" in line


def classify(pieces: list[Piece], r: PageRules) -> list[Piece]:
    """Mark whole-line furniture. A `tail` rule takes the short lines after it too (a list of
    related articles); an `end` rule ends the page (a comment section); a `part` rule (篇二：)
    keeps what follows the marker on its line."""
    out: list[Piece] = []
    tail_of: str | None = None
    ended: str | None = None
    for p in pieces:
        if p.rule or p.gap:
            out.append(p)
            continue
        if ended:
            p.rule = ended
            out.append(p)
            continue
        rule, m = next(((x, m) for x in r.lines if (m := x.matches(p.text))), (None, None))
        if rule is None and tail_of is not None and not _is_prose(p.text):
            p.rule = tail_of
            out.append(p)
            continue
        tail_of = None
        if rule is None:
            out.append(p)
            continue
        if rule.part and m.end() < len(p.text):
            rest = p.text[m.end():].strip()
            out += [Piece(p.line, p.text[:m.end()], rule=rule.name, part=True),
                    Piece(p.line, rest)]
            continue
        p.rule, p.meta, p.part = rule.name, rule.meta, rule.part
        out.append(p)
        tail_of = rule.name if rule.tail else None
        ended = rule.name if rule.end else None
    return out


def mark_trailing_titles(pieces: list[Piece], r: PageRules) -> None:
    """Two or more short lines shaped like speech titles at the end of the page: a list of
    other articles (its heading may be gone or unrecognised)."""
    from drafter.document.webpage.title import speech_shaped

    tail = []
    for p in reversed(pieces):
        if not p.content:
            continue
        if p.gap or not speech_shaped(p.text, r) or "。" in p.text:
            break
        tail.append(p)
    if len(tail) >= 2:
        for p in tail:
            p.rule = "推荐列表"


def mark_joins(pieces: list[Piece], r: PageRules) -> None:
    """Where a removed page number stood inside a sentence (the text before it has no sentence
    end and the text after it starts with a character), the two sides are one paragraph."""
    prev: Piece | None = None
    cut = False
    for p in pieces:
        if p.gap:
            prev, cut = None, False
        elif p.rule == "页码":
            cut = prev is not None
        elif p.content:
            if cut and prev is not None and _stops_mid_sentence(prev.text, r) \
                    and _starts_mid_sentence(p.text, r):
                p.join = True
            prev, cut = p, False


def _stops_mid_sentence(text: str, r: PageRules) -> bool:
    """A line a page break cut: prose (long, or with a comma) ending on a character or a
    comma. A title or a heading ends without a full stop too, and is never joined."""
    return (_cjk(text[-1]) or text[-1] in "，、") and not _heading(text, r) \
        and (len(text) > 30 or "，" in text)


def _starts_mid_sentence(text: str, r: PageRules) -> bool:
    if not ("\u4e00" <= text[0] <= "\u9fff" or text[0] in "，、；”）"):
        return False
    return not any(at_start.match(text) for at_start, _ in r.breaks.values()) \
        and not r.salutation.match(text)


@dataclass
class _Mark:
    piece: int
    start: int
    end: int
    value: int
    damaged: bool  # inside a sentence, or opening a line that continues a cut sentence
    cut: bool  # at a line start, the line before it stopping mid-sentence
    open_end: bool = False  # at a line start, the line before it ending without a stop


def _marks(pieces: list[Piece], r: PageRules) -> list[_Mark]:
    out: list[_Mark] = []
    prev = ""
    for i, p in enumerate(pieces):
        if p.gap:
            prev = ""
        if not p.content or p.gap:
            continue
        for m in r.chunk.finditer(p.text):
            before = p.text[: m.start()].rstrip()[-1:]
            inside = bool(before) and before not in r.chunk_openers
            cut = not before and bool(prev) and _stops_mid_sentence(prev, r)
            # A list item has text after its number; a chunk may end the line or open on a
            # mark that continues the cut sentence (2、，做到…).
            after = p.text[m.end():].strip()
            empty = not after or after[0] in "，。、；：！？,.;:!?）”"
            open_end = not before and bool(prev) and prev[-1] not in "。！？；：!?;:"
            out.append(_Mark(i, m.start(), m.end(), int(m.group(1)), inside or cut or empty,
                             cut, open_end))
        prev = p.text
    return out


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _heading(line: str, r: PageRules) -> bool:
    """A line that may end without a full stop: a heading, or a short phrase."""
    return any(at_start.match(line) for at_start, _ in r.breaks.values()) \
        or (len(line) <= 20 and "，" not in line)


def _chains(marks: list[_Mark]) -> list[list[_Mark]]:
    """Marks in runs of consecutive numbers; a mark continues a run of its own kind (damage or
    a writer's list) first, else the latest run it can."""
    chains: list[list[_Mark]] = []
    for mk in marks:
        runs = [c for c in reversed(chains) if c[-1].value == mk.value - 1]
        alike = [c for c in runs if _is_damage(c) == mk.damaged]
        run = (alike or runs or [None])[0]
        if run is None:
            chains.append([mk])
        else:
            run.append(mk)
    return chains


def _is_damage(chain: list[_Mark]) -> bool:
    return sum(k.damaged for k in chain) * 2 > len(chain)


def drop_chunk_numbers(pieces: list[Piece], r: PageRules) -> list[tuple[str, str]]:
    """Remove the numbers a document site put where it cut the text into chunks ("…机关效2、能
    建设…"): a run of 1、 2、 3、 most of which sit inside a sentence or open a line that
    continues a cut one; a writer's own list follows a sentence end or a colon. A line opened
    by one joins the line before. Returns the removed markers as (rule, text)."""
    chains = [c for c in _chains(_marks(pieces, r)) if len(c) >= r.chunk_min_run and _is_damage(c)]
    for chain in chains:
        # A site that starts every chunk on a new line made those breaks: each one that follows
        # no sentence end is undone, a heading cut in two included.
        own_lines = sum(k.open_end or k.cut for k in chain) * 2 > len(chain)
        for mk in sorted(chain, key=lambda k: (k.piece, -k.start)):
            p = pieces[mk.piece]
            p.text = (p.text[: mk.start] + p.text[mk.end:]).strip()
            p.join = p.join or mk.cut or (own_lines and mk.open_end)
    return [(CHUNK, f"{mk.value}、") for c in chains for mk in c]
