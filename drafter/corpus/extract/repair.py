"""Step before the structure is read: damage that downloaded pages carry, undone where it is
certain — numbers a doc site put between its text chunks (工1、作), a heading joined to its body
by a space only (一、提高政治站位 各级干部要……), a line cut after a comma. docs/extract.md
(网页上的损坏) tells a user what is repaired."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from drafter.analysis import markers
from drafter.corpus.extract.base import CJK, SALUTATION, SPEECH_TITLE, marker_text, rules
from drafter.corpus.extract.units import classify

# A doc site's chunk number: 1、 2、 … never part of a larger number or of 1、2季度 (a digit
# may follow only as the next chunk number: 1、3、修订).
_CHUNK = re.compile(r"(?<![\d.．%])[ \u3000]?(\d{1,3})、[ \u3000]?(?!\d(?!\d{0,2}、\D))")
_CJK_CHAR = re.compile(f"[{CJK}]")
# What a writer's own list number follows inside a line: a sentence end or a colon.
_LIST_OPENERS = "。！？：；:;!?"
# Numbers right before a number (10、3、): judged apart, each by what precedes the run.
_MARKS_BEFORE = re.compile(r"(?:\d{1,3}、[ \u3000]?)+$")
# What no item starts with.
_CLOSERS = "，。、；：！？,.;:!?）)》”’」』"


@dataclass
class _Mark:
    line: int
    start: int
    end: int
    value: int
    damaged: bool  # inside a word, cutting a line, before punctuation or nothing or the title
    cut: bool  # at a line start, the line before it ending mid-sentence
    keep: str = ""  # what stays in its place: a space on one side of it is the text's
    joins: bool = False  # at a line start, before text that may continue the line before
    open_before: bool = False  # at a line start, the line before it without a sentence end
    weak: bool = False  # damage only because nothing follows it on its line
    part: int = 0  # how many 一、/（一） headings open a line before it
    top: bool = False  # opening the text, or before the speech's title or salutation


def _closes(text: str) -> bool:
    """Whether text starts with punctuation no item starts with."""
    return bool(text) and text[0] in _CLOSERS


def _ends(line: str) -> bool:
    """Whether a line ends a sentence (or a lead-in: ：); a marker alone, （三）, does not."""
    line = line.rstrip()
    return (bool(line) and line[-1] in rules()["sentence_ends"]
            and not re.fullmatch(r"[（(][\d一二三四五六七八九十]{1,3}[）)]", line))


def _marks(lines: list[str], words: bool = True) -> list[_Mark]:
    """Every 1、 2、 … with whether it is damage: one inside a sentence that follows no sentence
    end or colon (推进工2、作, 三、4、压紧), one before punctuation or nothing, one opening the
    text or the speech's title or salutation, or one that cuts a line (see _cuts; words: whether
    to ask the word splitter too)."""
    out = []
    prev, part = "", 0
    for i, line in enumerate(lines):
        part += classify(line.strip(), 0).kind in ("H1", "H2")
        for m in _CHUNK.finditer(line):
            # Numbers right before it stand aside (10、3、储备: the site's 10 before the list's 3).
            head = _MARKS_BEFORE.sub("", line[: m.start()]).rstrip()
            at_start, after = not head, line[m.end():].strip()
            inside = not at_start and head[-1] not in _LIST_OPENERS
            cut = at_start and _cuts(prev, after, words)
            top = (at_start and not prev) or bool(SPEECH_TITLE.match(after)
                                                  or SALUTATION.match(after))
            odd = _closes(after) or top
            # Nothing after it: a chunk, or a writer's item the site's next chunk went on with.
            weak = not after and not (inside or cut or odd)
            spaced = (m.group(0)[0] in " \u3000") != (m.group(0)[-1] in " \u3000")
            joins = at_start and _continues(prev, after)
            out.append(_Mark(i, m.start(), m.end(), int(m.group(1)),
                             inside or cut or odd or weak, cut, " " if spaced else "", joins,
                             at_start and not _ends(prev), weak, part, top))
        if line.strip():
            prev = line.strip()
    return out


def _cuts(prev: str, after: str, words: bool) -> bool:
    """Whether a number opening a line after `prev` stands where a sentence was cut: prev stops
    mid-sentence and is neither a heading alone on its line nor a title, or after a comma; or
    what follows is punctuation, or the rest of a word it splits (预案体|3、系). (After a
    heading, a short phrase may be a writer's item as well as the heading's rest: not damage
    by itself, see _continues.)"""
    if not prev or _ends(prev):
        return False
    if prev[-1] in "，、" or _closes(after):
        return True
    if _bare_heading(prev) or _title_like(prev):
        return words and _splits_word(prev, after)
    return True


def _heading_rest(text: str) -> bool:
    """Whether text opens with the short rest of a heading (领导 街道成立…, 组织领导。各村…):
    a short line without a sentence end, or a clause of at most `heading_rest_max`
    characters ending in a space, a full stop or nothing — a body's first clause is longer or
    goes on after a comma."""
    line = text.split("\n", 1)[0]
    if line and len(line) <= rules()["heading_max"] // 2 and not re.search("[。！？；]", line):
        return True  # the rest of the heading's line: 三、强化 | 3、保障，确保实效
    m = re.match(r"[^\s。！？，；：、]*", text)
    rest, nxt = m.group(0), text[m.end(): m.end() + 1]
    return 0 < len(rest) <= rules()["heading_rest_max"] and nxt in ("", " ", "\u3000", "。")


def _continues(prev: str, after: str) -> bool:
    """Whether a line opened by a site's number may go on from the line before: not after the
    salutation; not before a heading, the title, the salutation or the closing call; before a
    list lead only where the line before holds the lead before it (…一是…。| 2、二是…); after
    a heading alone on its line only with the heading's rest."""
    if (not prev or SALUTATION.match(prev) or classify(after, 0).kind.startswith("H")
            or after.startswith(tuple(rules()["closing_starts"]))
            or SPEECH_TITLE.match(after) or SALUTATION.match(after)):
        return False
    lead = markers.match_start(after, markers.EXTRACT_LEADS.values())
    if lead is not None:
        return lead.value > 1 and marker_text(lead.family.id, lead.value - 1) in prev
    return not _bare_heading(prev) or _heading_rest(after)


def _bare_heading(line: str) -> bool:
    """A heading alone on its line (一、加强组织 （一）抓项目 第三，加强): a marker that opens an
    item, then a phrase without sentence end or space (a space would start its body)."""
    line = line.strip()
    return classify(line, 0).kind != "P" and not re.search(r"[。！？；：\s]", line)


def _title_like(line: str) -> bool:
    """A title or site line that may end without a full stop: no marker, no comma, no
    sentence end, ending in a character."""
    line = line.strip()
    return (classify(line, 0).kind == "P" and 4 <= len(line) <= 60 and _CJK_CHAR.match(line[-1])
            is not None and not re.search("[，。！？]", line))


def _splits_word(left: str, right: str) -> bool:
    """Whether joining left and right makes a word across the join (预案体 + 系 → 体系)."""
    from drafter.analysis.names import tokens

    if not (left and right and _CJK_CHAR.match(left[-1]) and _CJK_CHAR.match(right[0])):
        return False
    pos, bounds = 0, set()
    for word, _ in tokens(left[-4:] + right[:4]):
        pos += len(word)
        bounds.add(pos)
    return len(left[-4:]) not in bounds


def _chains(marks: list[_Mark]) -> list[list[_Mark]]:
    """Marks in runs of consecutive numbers. A mark continues a run of its own kind if it can
    (a chunk number the site's, a list's number the writer's list); a clean mark may continue
    the site's (a chunk may fall after a full stop), a damaged one never the writer's unless
    its only fault is that nothing follows it (the site's next chunk may hold its text)."""
    chains: list[list[_Mark]] = []
    for mk in marks:
        # A writer's list ends at the next 一、 or （一）; a site's count runs on.
        runs = [c for c in reversed(chains) if c[-1].value == mk.value - 1
                and (c[-1].part == mk.part or _sites(c))]
        alike = [c for c in runs if _sites(c) == mk.damaged]
        run = (alike or ([] if mk.damaged and not mk.weak else runs) or [None])[0]
        if run is None:
            chains.append([mk])
        else:
            run.append(mk)
    return chains


def _sites(chain: list[_Mark]) -> bool:
    """Whether a run is a doc site's: most of its numbers are damage, or it does not start at
    1 (a writer's list does; a site's count may start on the page before), or it starts before
    the speech does (1、同志们：)."""
    return (chain[0].value > 1 or chain[0].top
            or sum(mk.damaged for mk in chain) * 2 > len(chain))


def drop_chunk_numbers(lines: list[str]) -> tuple[list[str], int]:
    """(lines without a doc site's chunk numbers, how many were dropped). A run of 1、 2、 3、 is
    the site's when most of its numbers sit inside a word or open a line that continues a cut
    sentence (a writer's own list follows a sentence end), or it does not start at 1. A line
    opened by one is joined back to the line before (left empty, so line numbers stay) where
    the site cut a sentence there, or where it shows it cut lines elsewhere and no heading or
    list marker follows."""
    if not any(_sites(c) for c in _chains(_marks(lines, words=False))):
        return lines, 0  # no sign of a site's numbers: spare loading the word splitter
    doomed, joined = [], []
    for chain in _chains(_marks(lines)):
        if _sites(chain):
            doomed += chain
            # A site that broke a line where a sentence goes on puts every chunk on a new line.
            breaks = any(mk.cut or mk.open_before for mk in chain)
            joined += [mk for mk in chain if mk.cut or (breaks and mk.joins)]
    out = list(lines)
    for mk in sorted(doomed, key=lambda k: (k.line, -k.start)):
        line = out[mk.line]
        out[mk.line] = line[: mk.start] + mk.keep + line[mk.end:]
    for mk in sorted(joined, key=lambda k: -k.line):
        prev = max(j for j in range(mk.line) if out[j].strip())
        space = " " if out[mk.line][:1] in (" ", "\u3000") else ""  # a heading's end
        out[prev] = out[prev].rstrip() + space + out[mk.line].strip()
        out[mk.line] = ""
    return out, len(doomed)


_NUMERAL = "[一二三四五六七八九十]{1,3}"
# A heading marker; and, for a break before it, a list lead too (一是 一要 第一，).
_HEADING = (rf"(?:{_NUMERAL}、|[（(]{_NUMERAL}[）)]|[（(]\d{{1,2}}[）)]|\d{{1,2}}[.．、](?!\d)"
            rf"|第{_NUMERAL}[，,、])")
_LEAD = rf"(?:{_HEADING}|{_NUMERAL}[是要](?!的))"
_SPACES = "[ \t\u3000\u00a0]"
# Spaces after a sentence end, before a marker: a lost paragraph break (。　　二、…).
_LOST_BREAK = re.compile(rf"(?<=[。！？；：]){_SPACES}+(?={_LEAD})")


@lru_cache(maxsize=1)
def _spaced_heading() -> re.Pattern:
    """A heading marker at a line start or after a sentence end — or a （一） anywhere, as when
    a heading runs into its first sub-heading — a short heading phrase (no sentence end, no
    space, no sub-heading), then spaces (group sp) before the body or the next marker."""
    most = rules()["heading_max"]
    return re.compile(rf"(?:(?:^|(?<=[。！？；])){_SPACES}*{_HEADING}|(?P<sub>[（(]{_NUMERAL}[）)]))"
                      rf"{_SPACES}*[^\s。！？；：:（(]{{2,{most}}}?(?P<sp>{_SPACES}+)"
                      rf"(?=[^\s\d]|\d{{1,2}}[、.．](?!\d))")


def split_spaced_headings(text: str) -> str:
    """Spaces that stand for a lost line break become one: after a sentence end before a
    marker (。　　二、…), and after a heading joined to its body by spaces only
    (一、提高政治站位 各级干部要……。). There, what follows must read as a body — a sentence
    end before the next marker, a clause, a long run of text — or be the next heading (二、抓好防汛
    （一）抓预案 要…); a heading of two phrases (坚持稳中求进 推动高质量发展) stays whole."""
    text = _LOST_BREAK.sub("\n", text)
    return "\n".join(_split_line(line) for line in text.split("\n"))


def _split_line(line: str) -> str:
    pattern = _spaced_heading()
    out = []
    while (m := pattern.search(line)) is not None:
        rest = line[m.end():]
        nxt = pattern.search(rest)
        body = rest[: nxt.start()] if nxt else rest
        # A body: a sentence end, a clause (a page may have cut the line after it), or a run
        # longer than a heading.
        cut = (nxt is not None and nxt.start() == 0) or bool(re.search("[。！？]", body)) \
            or bool(re.search("^[^ \u3000]{4,}，", body)) or len(body) >= rules()["heading_max"]
        head = line[: m.start("sp")]
        sub = m.start("sub")
        if sub > 0 and line[sub - 1] not in "。！？；":
            # A （一） inside a line only after a heading of its own (二、聚焦重点任务|（一）…),
            # never inside a sentence (包括（一）项目 和（二）资金).
            since = re.split("[。！？；]", line[:sub])[-1]
            cut = cut and bool(re.fullmatch(rf"{_SPACES}*{_HEADING}[^，]+", since))
            if cut:
                head = head[:sub] + "\n" + head[sub:]
        out.append(head + ("\n" if cut else m.group("sp")))
        line = rest
    return "".join(out) + line


def join_cut_lines(lines: list[str]) -> tuple[list[str], list[int]]:
    """(lines with a line that ends in a comma joined to the next, the 1-based numbers of the
    lines joined): no paragraph ends mid-clause, so a page (or a chunk number removed before)
    cut it there. A next line that opens with a marker is left alone."""
    out = list(lines)
    joined = []
    prev = None
    for i, line in enumerate(out):
        if not line.strip():
            continue
        if prev is not None and out[prev].rstrip().endswith(("，", "、", ",")) and not (
                markers.match_start(line.strip(), markers.EXTRACT_HEADINGS)
                or markers.match_start(line.strip(), markers.EXTRACT_LEADS.values())):
            out[prev] = out[prev].rstrip() + line.strip()
            out[i] = ""
            joined.append(prev + 1)
            continue
        prev = i
    return out, joined
