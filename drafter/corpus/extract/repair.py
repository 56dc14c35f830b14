"""Step before the structure is read: damage that downloaded pages carry, undone where it is
certain — numbers a doc site put between its text chunks (工1、作), a heading joined to its body
by a space only (一、提高政治站位 各级干部要……), a line cut after a comma. docs/extract.md
(网页上的损坏) tells a user what is repaired."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from drafter.analysis import markers
from drafter.corpus.extract.base import CJK, SALUTATION, SPEECH_TITLE, rules

# A doc site's chunk number: 1、 2、 … never part of a larger number or of 第1、2季度.
_CHUNK = re.compile(r"(?<![\d第.．%])[ \u3000]?(\d{1,3})、[ \u3000]?(?![\d ])")
_CJK_CHAR = re.compile(f"[{CJK}]")
# What a writer's own list number follows inside a line: a sentence end or a colon.
_LIST_OPENERS = "。！？：；:;!?"
# What no item starts with.
_CLOSERS = "，。、；：！？,.;:!?）)》”’」』"


@dataclass
class _Mark:
    line: int
    start: int
    end: int
    value: int
    damaged: bool  # inside a word, or opening a line that continues a cut sentence
    cut: bool  # at a line start, the line before it ending mid-sentence


def _ends(line: str) -> bool:
    return line.rstrip()[-1:] in rules()["sentence_ends"]


def _marks(lines: list[str], words: bool = True) -> list[_Mark]:
    """Every 1、 2、 … with whether it is damage: one inside a sentence that follows no sentence
    end or colon (推进工2、作, 三、4、压紧), one before punctuation or nothing, one opening the
    text or the speech's title or salutation, or one that cuts a line (see _cuts; words: whether
    to ask the word splitter too)."""
    out = []
    prev = ""
    for i, line in enumerate(lines):
        for m in _CHUNK.finditer(line):
            at_start = not line[: m.start()].strip()
            after = line[m.end():].strip()
            inside = not at_start and line[: m.start()].rstrip()[-1:] not in _LIST_OPENERS
            cut = at_start and _cuts(prev, after, words)
            odd = (not after or after[0] in _CLOSERS or (at_start and not prev)
                   or bool(SPEECH_TITLE.match(after) or SALUTATION.match(after)))
            out.append(_Mark(i, m.start(), m.end(), int(m.group(1)), inside or cut or odd, cut))
        if line.strip():
            prev = line.strip()
    return out


def _cuts(prev: str, after: str, words: bool) -> bool:
    """Whether a number opening a line after `prev` stands where a sentence was cut: prev ends
    mid-sentence and is no heading or title, or the number splits a word (预案体|3、系), or
    what follows it is punctuation or the short rest of a numbered heading (三、加强组织|5、领导)."""
    if not prev or _ends(prev):
        return False
    if not _heading_like(prev) or prev[-1] in "，、" or after[:1] in _CLOSERS:
        return True
    rest = re.split(r"\s", after, maxsplit=1)[0]
    short = len(rest) <= rules()["heading_max"] // 2 and not re.search("[。！？，；：]", rest)
    return (short and _numbered(prev)) or (words and _splits_word(prev, after))


def _numbered(line: str) -> bool:
    """Whether a line opens with a heading or list marker (一、 （一） 1. 一是 第一，)."""
    return (markers.match_start(line, markers.EXTRACT_HEADINGS) is not None
            or markers.match_start(line, markers.EXTRACT_LEADS.values()) is not None)


def _heading_like(line: str) -> bool:
    """A line that may end without a full stop: a numbered heading (一、 （一） 1. 一是 第一，)
    or a title-like line without a comma — one sentence at most, ending in a character, more
    than a marker."""
    line = line.strip()
    if re.search("[。！？]", line) or not _CJK_CHAR.match(line[-1:]) or len(line) < 4:
        return False
    return _numbered(line) or (len(line) <= 60 and "，" not in line)


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
    the site's (a chunk may fall after a full stop), a damaged one never the writer's."""
    chains: list[list[_Mark]] = []
    for mk in marks:
        runs = [c for c in reversed(chains) if c[-1].value == mk.value - 1]
        alike = [c for c in runs if _sites(c) == mk.damaged]
        run = (alike or ([] if mk.damaged else runs) or [None])[0]
        if run is None:
            chains.append([mk])
        else:
            run.append(mk)
    return chains


def _sites(chain: list[_Mark]) -> bool:
    """Whether a run is a doc site's: most of its numbers are damage."""
    return sum(mk.damaged for mk in chain) * 2 > len(chain)


def drop_chunk_numbers(lines: list[str]) -> tuple[list[str], int]:
    """(lines without a doc site's chunk numbers, how many were dropped). A run of 1、 2、 3、 is
    the site's when most of its numbers sit inside a word or open a line that continues a cut
    sentence (a writer's own list follows a sentence end); a line opened by one is joined back
    to the line before (left empty, so line numbers stay)."""
    if not any(mk.damaged for mk in _marks(lines, words=False)):
        return lines, 0  # no sign of a site's numbers: spare loading the word splitter
    doomed = [mk for c in _chains(_marks(lines)) if _sites(c) for mk in c]
    if not doomed:
        return lines, 0
    out = list(lines)
    for mk in sorted(doomed, key=lambda k: (k.line, -k.start)):
        line = out[mk.line]
        out[mk.line] = line[: mk.start] + line[mk.end:]
    for mk in sorted((k for k in doomed if k.cut), key=lambda k: -k.line):
        prev = max(j for j in range(mk.line) if out[j].strip())
        out[prev] = out[prev].rstrip() + out[mk.line].strip()
        out[mk.line] = ""
    return out, len(doomed)


_NUMERAL = "[一二三四五六七八九十]{1,3}"
# A heading marker; and, for a break before it, a list lead too (一是 一要 第一，).
_HEADING = (rf"(?:{_NUMERAL}、|[（(]{_NUMERAL}[）)]|[（(]\d{{1,2}}[）)]|\d{{1,2}}[.．、](?!\d)"
            rf"|第{_NUMERAL}[，,、])")
_LEAD = rf"(?:{_HEADING}|{_NUMERAL}[是要](?!的))"
_SPACES = "[ \u3000\u00a0]"
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
