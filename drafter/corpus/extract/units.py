"""Step: the speech's paragraphs as units — headings (一、 （一） 1. （1）), list-led paragraphs
(一是, 一要, 第一) and plain paragraphs; lost line breaks restored."""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.analysis import markers
from drafter.corpus.extract.base import SALUTATION, SPEECH_TITLE, Notes, rules, sentences
from drafter.text.cn import cn


@dataclass
class Unit:
    kind: str  # P, H1, H2, H3, H4, E
    text: str  # heading text / the text after a list marker / the paragraph
    para: int  # 1-based paragraph number in the cleaned text
    family: str = ""
    n: int = 0
    punct: str = ""
    body: str = ""  # text after a run-in heading
    form: str = ""  # a level-1 heading numbered otherwise than 一、: how (第二，)


def _heading_split(rest: str) -> tuple[str, str]:
    """A heading line may carry its first paragraph (run-in): the heading ends at its first
    sentence end, or at a space after a short phrase when only a space parts it from a body
    (一、提高政治站位 各级干部要……。)."""
    rest = rest.strip()
    sents = sentences(rest)
    first = sents[0] if sents else rest
    space = re.search(r"[ \t\u3000\u00a0]+", first)
    if space and 2 <= space.start() <= rules()["heading_max"]:
        body = rest[space.end():].strip()
        if re.search("[。！？]", body) or len(body) >= rules()["heading_max"]:
            return rest[: space.start()], body
    # A heading's full stop is the layout's: the outline writes its own.
    if len(sents) <= 1:
        return rest.removesuffix("。"), ""
    return sents[0].strip().removesuffix("。"), rest[len(sents[0]):].strip()


def item_shaped(after: str, numeral: bool) -> bool:
    """Whether the text after a marker can open an item: a heading phrase or a sentence, not
    the rest of a word or a number (一、二季度, 1、2月份, 1、们). `numeral`: a 一/二 marker."""
    r = rules()
    after = after.lstrip(" \u3000")
    if not after or after[0] in "，。、；：！？,.;:!?）)》”’" or after[0].isdigit():
        return False
    if after.startswith(tuple(r["not_item_start"])):
        return False
    head = re.match(f"[{markers.NUMERAL_CHARS}]+(.)", after)
    return not (numeral and head and head.group(1) in r["not_item_after_numeral"])


def classify(text: str, para: int) -> Unit:
    m = markers.match_start(text, markers.EXTRACT_HEADINGS)
    if m and item_shaped(m.match.group(2), m.family.id == "H1"):
        head, body = _heading_split(m.match.group(2))
        return Unit(m.family.id, head, para, m.family.id, m.value, body=body)
    m = markers.match_start(text, markers.EXTRACT_LEADS.values())
    if m and not item_shaped(m.match.group(m.match.lastindex or 0).lstrip("，,：:"), True):
        return Unit("P", text, para)
    if m and m.family.id == "第":
        return Unit("E", m.match.group(3), para, "第", m.value, m.match.group(2))
    if m:
        return Unit("E", m.match.group(2), para, m.family.id, m.value)
    return Unit("P", text, para)


def _markers(text: str, family: str) -> list[tuple[int, int, int]]:
    """(start, end, number) of the family's markers that open a sentence or clause."""
    return [(m.start, m.end, m.value) for m in markers.find(text, [markers.EXTRACT_INLINE[family]])]


def split_e(unit: Unit) -> list[Unit]:
    """A paragraph led by 一是 may hold 二是, 三是 … too: one unit per item. A list nested in it
    (restarting at 一是) is skipped over, so 二是 inside that list is not taken for the next."""
    cur, inner, cuts = unit.n, None, []
    for start, end, n in _markers(unit.text, unit.family):
        if inner is not None and n == inner + 1:
            inner = n
        elif n == 1:
            inner = 1
        elif n == cur + 1:
            cuts.append((start, end, n))
            cur, inner = n, None
    if not cuts:
        return [unit]
    out, pos, number = [], 0, unit.n
    for start, end, n in cuts:
        out.append(Unit("E", unit.text[pos:start], unit.para, unit.family, number, unit.punct))
        pos, number = end, n
    out.append(Unit("E", unit.text[pos:], unit.para, unit.family, number, unit.punct))
    return out


def title_like(line: str) -> bool:
    return (len(line) <= 60 and not any(c in line for c in "。！？")
            and not SALUTATION.match(line) and classify(line, 0).kind == "P")


_CLOSING_BREAK = re.compile(r"(?<=[。！？])\s*(?=同志们[，！])")


def rebreak(paragraph: str, h1: int = 0) -> tuple[list[str], int]:
    """A paragraph holding several headings (a page that lost its line breaks) → (one paragraph
    per heading and the closing 同志们，… on its own, the last level-1 number so far). h1: the
    last level-1 number before the paragraph, so a part's heading continues the count."""
    if len(paragraph) < 120:
        return [paragraph], h1
    cuts: set[int] = {m.start() for m in _CLOSING_BREAK.finditer(paragraph)}
    h1_cuts, h1 = _level1_cuts(paragraph, h1)
    cuts.update(h1_cuts)
    for family in (*(f for f, _ in markers.BREAKS[1:]), _DIGIT_COMMA):
        # Markers that are no number (（十四五）) count towards "a run", though none is cut at.
        found = [(m.start(), family.value(m.group(1))) for m in family.rx.finditer(paragraph)]
        if len(found) < 2:
            continue  # a lone （一） or 1. inside a sentence is text
        last = 0
        for pos, n in found:
            if n is not None and (n == 1 or n == last + 1):
                if pos > 0:
                    cuts.add(pos)
                last = n
    bounds = [0, *sorted(cuts), len(paragraph)]
    return [p for a, b in zip(bounds, bounds[1:], strict=False)
            if (p := paragraph[a:b].strip())], h1


# 1、 2、 in a run inside a flattened paragraph (the site's chunk numbers are gone by now).
_DIGIT_COMMA = markers.Family("H3", re.compile(r"(?<![\d.．第])(\d{1,2})、(?=[\u3400-\u9fff])"),
                              "{d}、")
# 第N， after a sentence end: a level-1 heading where a writer switched forms (…。第二，…).
_ORDINAL_AFTER_END = re.compile(f"(?<=[。！？；：”])\\s*第([{markers.NUMERAL_CHARS}]{{1,3}})[，,、]")


def _level1_cuts(paragraph: str, h1: int) -> tuple[list[int], int]:
    """Where level-1 headings start after a sentence end: 一、 continuing the count (or skipping
    one number, 一、二、四、 — the writer's slip, reported later — when the text after it reads
    as an item), and 第N， continuing it while no 第一 list is under way (see one_level)."""
    family = markers.BREAKS[0][0]
    events = sorted([(m.start(1), family.value(m.group(1)), "H1")
                     for m in family.rx.finditer(paragraph)]
                    + [(m.start(), markers.EXTRACT_LEADS["第"].value(m.group(1)), "第")
                       for m in _ORDINAL_AFTER_END.finditer(paragraph)])
    cuts, last, under_way = [], h1, False
    for k, (pos, n, kind) in enumerate(events):
        if n is None:
            continue
        if kind == "第":
            later = [e[1] for e in events[k + 1:] if e[2] == "H1" and e[1] is not None]
            under_way = under_way or n == 1
            if under_way or n != last + 1 or any(v <= n for v in later):
                continue
        elif not (n == 1 or n == last + 1 or (
                n == last + 2 and item_shaped(_after_marker(paragraph, pos), True))):
            continue
        cuts.append(pos)
        last, under_way = n, False
    return [c for c in cuts if c > 0], last


_SPEECH_WORD = re.compile("讲话|发言|致辞|讲稿")
# What a compilation page puts before a speech's title (篇1：).
_PIECE_PREFIX = re.compile(r"^篇[\d一二三四五六七八九十]{1,3}[：:、．.]\s*")


def _better_title(line: str, title: str) -> bool:
    """Whether a line of the title block is the speech's title rather than the given one (a
    site's page title, a compilation's): it reads as a speech title and the given one less."""
    if re.search(rules()["compilation_title"], line):
        return False
    if re.search(rules()["compilation_title"], title):
        return bool(_SPEECH_WORD.search(line))
    if SPEECH_TITLE.match(line):
        return not SPEECH_TITLE.match(title)
    return bool(_SPEECH_WORD.search(line)) and not _SPEECH_WORD.search(title)


def _after_marker(text: str, pos: int) -> str:
    """The text after the heading marker that starts at pos (一、 …)."""
    m = re.match(f"[{markers.NUMERAL_CHARS}]+、", text[pos:])
    return text[pos + m.end():] if m else ""


def find_title(text: str, title: str) -> tuple[str, list[tuple[int, str]]]:
    """(title, the body's non-empty lines with their numbers). The title is the given one, else
    a first title-like line. The lines before the salutation (or, without one near the top,
    the title-like lines that open the text) are the title block: a speech title among them
    (在…上的讲话) wins over a page's, an ad's or a compilation's title. The title repeated in
    the body is dropped."""
    lines = [_PIECE_PREFIX.sub("", ln.strip()) for ln in text.replace("\r", "").split("\n")]
    numbered = [(i, ln) for i, ln in enumerate(lines, 1) if ln]
    if not title and numbered and title_like(numbered[0][1]):
        title = numbered.pop(0)[1]
    block: list[str] = []
    salutation = next((k for k, (_, ln) in enumerate(numbered[:8]) if SALUTATION.match(ln)),
                      None)
    if salutation is not None:
        block, numbered = [ln for _, ln in numbered[:salutation]], numbered[salutation:]
    while numbered and title_like(numbered[0][1]) and len(numbered) > 1 and (
            SALUTATION.match(numbered[1][1]) or title_like(numbered[1][1])):
        block.append(numbered.pop(0)[1])
    for head in block:
        if title_like(head) and _better_title(head, title):
            title = head
    numbered = [(i, ln) for i, ln in numbered if ln != title.strip()]
    return title.strip() or "讲话", numbered


def restore_paragraphs(numbered: list[tuple[int, str]], notes: Notes) -> list[tuple[int, str]]:
    """Paragraphs with lost line breaks restored (rebreak); their numbers follow the cleaned
    text. Where a line was cut, the cut is a guess: a warning says so."""
    paras: list[tuple[int, str]] = []
    rebroken = []
    h1 = 0
    for i, ln in numbered:
        start = classify(ln, i)
        h1 = start.n if start.kind == "H1" else h1
        parts, h1 = rebreak(ln, h1)
        paras += [(i, part) for part in parts]
        if len(parts) > 1:
            rebroken.append(i)
    if rebroken:
        notes.add(f"正文第{'、'.join(map(str, rebroken))}段似乎丢失了换行：已在标题序号前分段，"
                  "但标题和正文之间的分界只能推测，请核对各级标题")
    return paras


def find_salutation(paras: list[tuple[int, str]]) -> tuple[str, list[tuple[int, str]]]:
    """(salutation, the paragraphs after it). Lines before the salutation are the title block
    (subtitle, speaker, date): the outline's frame writes its own."""
    for k, (_, p) in enumerate(paras[:4]):
        if SALUTATION.match(p):
            return p.replace(":", "："), paras[k + 1:]
    return "同志们：", paras


def split_units(paras: list[tuple[int, str]]) -> list[Unit]:
    """One unit a heading, list item or paragraph: a paragraph led by 一是 holding 二是 … is cut
    into its items, a level-1 heading's run-in text is the part's first paragraph."""
    units: list[Unit] = []
    for u in one_level([classify(p, i) for i, p in paras]):
        if u.kind == "E":
            units += split_e(u)
        elif u.kind == "H1" and u.body:
            units += [Unit("H1", u.text, u.para, "H1", u.n, form=u.form),
                      Unit("P", u.body, u.para)]
        else:
            units.append(u)
    return units


def one_level(units: list[Unit]) -> list[Unit]:
    """A writer who switches forms mid-speech (一、… 第二，… 三、…, or 第一，… 第二，… 三、…)
    numbers one level: a paragraph led by 第N takes the level-1 count on where no heading is
    numbered N, the level-1 number before it is N-1 and every later one is higher — unless a
    第 list is under way in its part (一、… 第一，… 第二，… is a list under 一、)."""
    h1 = [k for k, u in enumerate(units) if u.kind == "H1"]
    if not h1:
        return units
    taken = {units[k].n for k in h1}
    out = list(units)
    last, under_way = 0, False  # the level-1 number so far; a 第 list open in this part
    for k, u in enumerate(out):
        if u.kind == "H1":
            last, under_way = u.n, False
            continue
        if (u.kind == "E" and u.family == "第" and not under_way and u.n == last + 1
                and u.n not in taken and all(out[j].n > u.n for j in h1 if j > k)):
            head, body = _heading_split(u.text)
            out[k] = Unit("H1", head, u.para, "H1", u.n, body=body,
                          form=f"第{cn(u.n)}{u.punct}")
            last = u.n
            continue
        if u.family == "第" or re.search(f"第[{markers.NUMERAL_CHARS}]+[，,、]", u.text):
            under_way = True
    return out


def find_closing(units: list[Unit]) -> tuple[list[Unit], list[str]]:
    """(the units before the closing, the closing's paragraphs): the trailing paragraphs from
    the last one that starts with 同志们, else a last paragraph ending in "！"."""
    tail = len(units)
    while tail and units[tail - 1].kind == "P":
        tail -= 1
    starts = tuple(rules()["closing_starts"])
    trailing = units[tail:]
    first = next((k for k, u in enumerate(trailing) if u.text.startswith(starts)), None)
    if first is not None:
        return units[: tail + first], [u.text for u in trailing[first:]]
    if trailing and trailing[-1].text.rstrip().endswith(("！", "!")) and len(units) > 1:
        return units[:-1], [units[-1].text]
    return units, []
