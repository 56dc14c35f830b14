"""Extract: a cleaned speech → an outline skeleton (outlines/*.yaml) a writer can reuse.

The speech is read one paragraph a line. Its structure — title, salutation, opening, level-1
headings (一、), level-2 (（一）), level-3 (1.), lists led by 一是/一要/第一 (as paragraphs or
inside one), and the closing call — becomes outline sections and items; numbering is left to
drafter, which regenerates it. Self-references of the source's level become place variables,
years become date expressions, announced counts (四个方面) become count expressions tied to their
list. What cannot be turned into a variable (other places, people, placeholders, numbering
errors of the source) is reported as a warning, never silently changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from drafter.analysis import dates, levels, markers, names, placeholders
from drafter.analysis.markers import NUMERAL_CHARS as _CN
from drafter.analysis.markers import inline_sequences
from drafter.resources import DATA_DIR
from drafter.text.cn import cn, cn_int

DATA = DATA_DIR / "extract.yaml"

_CJK = "\u3400-\u9fff"
# Full-width only: in cleaned text an ASCII "?" is mostly mojibake (严重?fù)p害).
_SENTENCE_END = "。！？"
# Heading and list families, highest first: a list nests only inside a higher family.
RANK = {"H1": 0, "H2": 1, "H3": 2, "H4": 3, "第": 4, "要": 5, "是": 6}
# How the outline writes each family's marker (ordinal() turns 一 into 二, 三 …).
OUTLINE_MARKER = {"H2": "（一）", "H3": "1.", "H4": "（1）", "要": "一要", "是": "一是"}
KIND_NAMES = {
    "opening": "开头", "review": "成绩回顾", "problems": "问题诊断", "significance": "重要意义",
    "guidance": "指导思想", "directives": "“要”字部署", "safeguards": "抓落实",
    "closing": "结尾",
}
_MEETING_WORDS = ("大会", "会议", "会", "仪式", "典礼", "论坛", "活动", "座谈", "培训班")
_SPEECH_SUFFIX = re.compile(r"(上的)?(讲话稿|讲话|发言稿|发言|讲稿|致辞|报告|动员讲话)$")
_SALUTATION = re.compile(r"^[^。，！？]{0,30}(同志们|朋友们|来宾们|领导)[：:]$")
_SENTENCE = re.compile(r"[^。！？]*(?:[。！？]+[”’」』）)]*|$)")
_SENTINEL = re.compile("\x00(\\d+)\x01")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


# --- results ----------------------------------------------------------------------------------


@dataclass
class Extraction:
    """An extracted outline: the YAML text, what could not be parametrized, the structure found."""

    outline_yaml: str
    warnings: list[str]
    counts: dict
    id: str = ""
    level: str = ""
    replaced: dict[str, int] = field(default_factory=dict)


# --- rules and small helpers ------------------------------------------------------------------


@lru_cache(maxsize=1)
def rules() -> dict:
    import yaml

    with DATA.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


# Extract's marker families by id: how the source wrote a marker (一是, 第一, （一）, 1., （1）).
_FAMILIES = {f.id: f for f in markers.EXTRACT_HEADINGS} | markers.EXTRACT_LEADS


def marker_text(family: str, n: int, punct: str = "") -> str:
    """How the source wrote the n-th marker of a family: 三是, 第三, （三）, 3."""
    marker = _FAMILIES[family].render(n)
    return marker + punct if family == "第" else marker


def sentences(text: str) -> list[str]:
    """Sentences in order, each with its end punctuation and closing quotes."""
    return [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def split_lead(text: str) -> tuple[str, str]:
    """The bold lead of an item (its first sentence, or its first clause when the sentence is
    long) and the rest."""
    text = text.lstrip("，,、：: ")
    sents = sentences(text)
    if not sents:
        return "", ""
    first = sents[0]
    if len(first) > 60:
        comma = first.find("，")
        if 4 <= comma <= 30:
            return first[: comma + 1], text[comma + 1:]
    return first, text[len(first):]


def _end_sentence(s: str) -> str:
    """A list segment cut at "；" ends a paragraph of its own: give it a full stop."""
    s = s.rstrip()
    if s.endswith(("；", ";", "，", ",", "、")):
        return s[:-1] + "。"
    return s


# --- units: one classified paragraph -----------------------------------------------------------


@dataclass
class Unit:
    kind: str  # P, H1, H2, H3, H4, E
    text: str  # heading text / the text after a list marker / the paragraph
    para: int  # 1-based paragraph number in the cleaned text
    family: str = ""
    n: int = 0
    punct: str = ""
    body: str = ""  # text after a run-in heading


_ORDERED = ("是", "要", "第")


def _heading_split(rest: str) -> tuple[str, str]:
    """A heading line may carry its first paragraph (run-in): the heading is its first sentence."""
    sents = sentences(rest)
    if len(sents) <= 1:
        return rest.strip(), ""
    return sents[0].strip(), rest[len(sents[0]):].strip()


def _number(s: str) -> int | None:
    try:
        return cn_int(s)
    except ValueError:
        return None


def classify(text: str, para: int) -> Unit:
    m = markers.match_start(text, markers.EXTRACT_HEADINGS)
    if m:
        head, body = _heading_split(m.match.group(2))
        return Unit(m.family.id, head, para, m.family.id, m.value, body=body)
    m = markers.match_start(text, markers.EXTRACT_LEADS.values())
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


# --- inline lists: sequences of markers inside one paragraph -----------------------------------


def _inline_list(text: str, parent: str | None) -> tuple[str, str, list[str]] | None:
    """A list inside a paragraph that can become items: the only ordered list there, whole
    sentences each, after a full stop or a colon, running to the paragraph's end, and of a lower
    family than its parent. → (text before it, family, item texts)."""
    seqs = [s for s in inline_sequences(text) if s.family in _ORDERED]
    if len(seqs) != 1 or len(seqs[0]) < 2:
        return None
    seq = seqs[0]
    if parent is not None and RANK[seq.family] < RANK[parent]:
        return None
    prefix = text[: seq.start]
    if prefix.strip() and prefix.rstrip()[-1] not in "。：:！？":
        return None
    bounds = [s for s, _ in seq.spans[1:]] + [len(text)]
    parts = [text[e:b] for (_, e), b in zip(seq.spans, bounds, strict=True)]
    if any(p.rstrip()[-1:] not in _SENTENCE_END and not p.rstrip().endswith(("”", "’"))
           for p in parts[:-1]):
        return None
    return prefix.strip(), seq.family, parts


# --- the structure -----------------------------------------------------------------------------


@dataclass
class Item:
    family: str
    n: int
    lead: str
    text: list[str]
    para: int
    punct: str = ""
    items: list[Item] = field(default_factory=list)
    src_numbers: list[int] = field(default_factory=list)  # of the sub-items, as written
    heading: bool = False


@dataclass
class ListBlock:
    family: str
    items: list[Item]
    punct: str = ""
    src_numbers: list[int] = field(default_factory=list)


@dataclass
class Segment:
    heading: str | None
    number: int  # the level-1 part it belongs to (0: before the first heading)
    intro: list[str]
    block: ListBlock | None
    after: list[str]
    para: int
    kind: str = ""


class _Notes:
    """Warnings, gathered by (what, word) so one problem repeated is reported once."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.grouped: dict[tuple[str, str], tuple[list[str], str]] = {}

    def add(self, message: str) -> None:
        if message not in self.lines:
            self.lines.append(message)

    def word(self, what: str, word: str, where: str, advice: str) -> None:
        places, _ = self.grouped.setdefault((what, word), ([], advice))
        if where not in places:
            places.append(where)

    def all(self) -> list[str]:
        out = list(self.lines)
        for (what, word), (places, advice) in self.grouped.items():
            shown = "、".join(places[:3]) + ("等" if len(places) > 3 else "")
            count = f"，共{len(places)}处" if len(places) > 1 else ""
            out.append(f"{what}“{word}”（{shown}{count}）{advice}")
        return out


def _make_item(u: Unit) -> Item:
    if u.kind == "E":
        lead, rest = split_lead(u.text)
        lead = _end_sentence(lead) if not rest.strip() else lead
        return Item(u.family, u.n, lead, [rest.strip()] if rest.strip() else [], u.para, u.punct)
    return Item(u.kind, u.n, u.text, [u.body] if u.body else [], u.para, heading=True)


def _parse_flat(units: list[Unit]) -> list[Any]:
    """Paragraphs and list-led paragraphs → a sequence of paragraph strings and ListBlocks.
    A list of a lower family right after an item nests in it (四要 … then 一是…六是);
    paragraphs between two items continue the deepest item; the same family starting again at
    one after some paragraphs is a new list, without them a numbering error."""
    out: list[Any] = []
    stack: list[ListBlock] = []
    pending: list[Unit] = []

    def deepest() -> Item:
        return stack[-1].items[-1]

    def continue_item() -> None:
        if pending:
            item = deepest()
            item.text += [p.text for p in pending]
            pending.clear()

    def close() -> None:
        stack.clear()
        out.extend(p.text for p in pending)
        pending.clear()

    def new_list(u: Unit) -> ListBlock:
        block = ListBlock(u.family, [_make_item(u)], u.punct, [u.n])
        stack.append(block)
        return block

    for u in units:
        if u.kind == "P":
            if stack:
                pending.append(u)  # continuation or `after`: the next unit decides
            else:
                out.append(u.text)
            continue
        idx = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].family == u.family), None)
        if idx is not None:
            block = stack[idx]
            if u.n == 1 and idx == 0 and pending:
                close()
                out.append(new_list(u))
                continue
            # The next item, or a numbering error of the source (kept as the next item).
            continue_item()
            del stack[idx + 1:]
            block.items.append(_make_item(u))
            block.src_numbers.append(u.n)
            continue
        if stack and RANK[u.family] > RANK[stack[-1].family]:
            continue_item()
            parent = deepest()
            block = new_list(u)
            parent.items = block.items
            parent.src_numbers = block.src_numbers
            continue
        close()
        out.append(new_list(u))
    close()
    return out


def _absorb(item: Item, blocks: list[Any], notes: _Notes, where: str) -> None:
    """Fill a heading item from the blocks under it: paragraphs before its list are its text,
    the list its items; anything after that list joins the last item (an item has no `after`)."""
    seen_list = False
    for b in blocks:
        if isinstance(b, ListBlock) and not seen_list:
            item.items, item.src_numbers, seen_list = b.items, b.src_numbers, True
            continue
        if not seen_list:
            item.text.append(b)
            continue
        last = item.items[-1]
        if isinstance(b, ListBlock):
            flat = "".join(marker_text(b.family, i, b.punct) + _item_plain(it)
                           for i, it in enumerate(b.items, 1))
            last.text.append(flat)
            notes.add(f"{where}：条目下有第二个列表，提纲只能表示一个，已把它作为正文并入"
                      f"“{_short(last.lead)}”条")
        else:
            last.text.append(b)
            notes.add(f"{where}：下级条目之后的段落“{_short(b)}”并入了最后一条"
                      f"“{_short(last.lead)}”（提纲的条目没有 after），请核对")


def _item_plain(it: Item) -> str:
    """An item written out as text again, markers and all."""
    subs = "".join(marker_text(s.family, i, s.punct) + _item_plain(s)
                   for i, s in enumerate(it.items, 1))
    return it.lead + "".join(it.text) + subs


def _short(s: str, n: int = 12) -> str:
    s = s.strip()
    return s if len(s) <= n else s[:n] + "…"


def _parse_container(units: list[Unit], notes: _Notes, where: str) -> list[Any]:
    """The blocks of a part: its （一）/1. headings become one list of heading items, each
    filled from the paragraphs under it; without headings, the list-led paragraphs decide."""
    kinds = [k for k in ("H2", "H3", "H4") if any(u.kind == k for u in units)]
    if not kinds:
        return _parse_flat(units)
    top = kinds[0]
    first = next(i for i, u in enumerate(units) if u.kind == top)
    out = _parse_flat(units[:first])
    chunks: list[list[Unit]] = []
    for u in units[first:]:
        if u.kind == top:
            chunks.append([u])
        else:
            chunks[-1].append(u)
    # Paragraphs after the last heading item that sum up the part close the part instead.
    wrap = tuple(rules()["wrap_up"])
    tail: list[str] = []
    last = chunks[-1]
    while len(last) > 1 and last[-1].kind == "P" and last[-1].text.startswith(wrap):
        tail.insert(0, last.pop().text)
    items = []
    for chunk in chunks:
        head = chunk[0]
        item = _make_item(head)
        label = f"{where}·{marker_text(top, head.n)}"
        _absorb(item, _parse_container(chunk[1:], notes, label), notes, label)
        items.append(item)
    out.append(ListBlock(top, items, "", [c[0].n for c in chunks]))
    return out + tail


def _promote(item: Item, family: str) -> None:
    """An item whose last paragraph ends in a list of whole sentences (…。一是…。二是…。)
    gets that list as its items, so the count announcing it can follow the list."""
    for sub in item.items:
        _promote(sub, sub.family)
    if item.items or not item.text:
        return
    found = _inline_list(item.text[-1], family)
    if found is None:
        return
    prefix, fam, parts = found
    item.text[-1:] = [prefix] if prefix else []
    for n, part in enumerate(parts, 1):
        lead, rest = split_lead(part)
        if not rest.strip():
            lead = _end_sentence(lead)
        sub = Item(fam, n, lead, [_end_sentence(rest)] if rest.strip() else [], item.para)
        item.items.append(sub)
        item.src_numbers.append(n)


def _segments(blocks: list[Any], heading: str | None, number: int, para: int,
              root: bool) -> tuple[list[str], list[Segment]]:
    """A part's blocks → (opening paragraphs, segments): one segment per list, the paragraphs
    before a list its intro, those after the last list the last segment's `after`. At the root
    the paragraphs before the first list open the speech, except a last one ending in "："."""
    segs: list[Segment] = []
    opening: list[str] = []
    paras: list[str] = []
    for b in blocks:
        if isinstance(b, ListBlock):
            if root and not segs:
                # The paragraph that announces the first list (…表现在四个方面：) belongs to it.
                keep = 1 if paras and (paras[-1].rstrip().endswith(("：", ":"))
                                       or _announces(paras[-1], len(b.items))) else 0
                opening, paras = paras[: len(paras) - keep], paras[len(paras) - keep:]
            segs.append(Segment(heading if not segs else None, number, paras, b, [], para))
            paras = []
        else:
            paras.append(b)
    if segs:
        segs[-1].after = paras
    elif root:
        opening = paras
    else:
        segs.append(Segment(heading, number, paras, None, [], para))
    return opening, segs


@lru_cache(maxsize=1)
def count_pattern() -> re.Pattern:
    """An announced count: numeral, optional measure word, counted noun (四个方面, 三点意见), or
    N点 before punctuation. Group 1 is the numeral, group 3 the noun."""
    r = rules()
    nouns = "|".join(map(re.escape, r["count_nouns"]))
    measures = "".join(r["count_measures"])
    return re.compile(
        rf"(?<![第\d{_CN}两几])([两{_CN}]{{1,3}})(?:([{measures}])?({nouns})|(点)(?=[：:。，；]))")


def _announces(paragraph: str, n: int) -> bool:
    """Whether a paragraph announces a list of n (讲两点, 主要表现在四个方面)."""
    for m in count_pattern().finditer(paragraph):
        num = m.group(1)
        if _number(num) == n:
            return True
    return False


def _promote_segment(seg: Segment) -> None:
    """A part without list-led paragraphs whose last paragraph holds the list (a page that lost
    its line breaks): the list becomes the part's items."""
    if seg.block is not None or not seg.intro:
        if seg.block is not None:
            for it in seg.block.items:
                _promote(it, it.family)
        return
    found = _inline_list(seg.intro[-1], None)
    if found is None:
        return
    prefix, fam, parts = found
    seg.intro[-1:] = [prefix] if prefix else []
    items = []
    for n, part in enumerate(parts, 1):
        lead, rest = split_lead(part)
        items.append(Item(fam, n, lead if rest.strip() else _end_sentence(lead),
                          [_end_sentence(rest)] if rest.strip() else [], seg.para))
    seg.block = ListBlock(fam, items, "，" if fam == "第" else "", list(range(1, len(items) + 1)))


# --- kinds -------------------------------------------------------------------------------------


def choose_kind(seg: Segment, single: bool) -> str:
    """By cue words: the heading (when the part is one list) weighs 3, the paragraphs before
    the list 2, each item's lead 1. Only （一） lists may take a kind that shows items as
    headings."""
    r = rules()
    scores: dict[str, int] = {}
    heading_weight = 3 if single else 1
    for kind, cues in r["kinds"].items():
        score = 0
        for cue in cues:
            if seg.heading:
                score += heading_weight * seg.heading.count(cue)
            score += 2 * sum(p.count(cue) for p in seg.intro)
            if seg.block:
                score += sum(1 for it in seg.block.items if cue in it.lead)
        scores[kind] = score
    if seg.block:
        for kind, bonus in r["marker_bonus"].get(seg.block.family, {}).items():
            scores[kind] = scores.get(kind, 0) + bonus
    headed = seg.block is not None and seg.block.family == "H2"
    allowed = [k for k in scores if headed or k not in r["heading_kinds"]]
    best = max(allowed, key=lambda k: (scores[k], k == r["default_kind"]))
    return best if scores[best] > 0 else r["default_kind"]


# --- parametrizing text -------------------------------------------------------------------------


@dataclass
class Scope:
    """What a string can refer to when rendered: its list (items) and the level-1 headings."""

    where: str
    items: int | None = None
    headings: int | None = None


class _Parametrizer:
    """Turns a source string into outline text: place words → variables, years → date
    expressions, counts → count expressions; warns about what stays."""

    def __init__(self, level: str, notes: _Notes, ref_year: int | None,
                 own_name: str = "") -> None:
        from drafter.text import places

        self.level = level
        self.notes = notes
        self.ref_year = ref_year
        self.table = places.table()
        self.row = self.table[level]
        self.suffix = self.row["suffix"]
        self.replaced: dict[str, int] = {}
        self.counted = 0
        r = rules()
        self.stop = set(r["place_stop"])
        self.names = _pattern_names()
        self.words = self._word_table(own_name)
        self.word_re = re.compile("|".join(re.escape(w) for w in sorted(
            self.words, key=len, reverse=True)))
        self.count_re = count_pattern()
        self.blanks = placeholders.compile_patterns(tuple(r["placeholders"]))

    # Longest first: 全乡干部群众 before 全乡, 乡党委、乡政府 before 乡党委.
    def _word_table(self, own_name: str) -> dict[str, str]:
        row, s = self.row, self.suffix
        words: dict[str, str] = {}
        for key in ("people", "cadres", "leaders", "leaders_short", "organs", "party", "gov",
                    "self", "all", "local", "upper", "upper_party"):
            words.setdefault(row[key], key)
        words.setdefault(f"{s}机关", "organs")
        words.setdefault(f"全{s}人民", "people")
        words.setdefault(f"全{s}广大干部群众", "people")
        if "、" in row["leaders"]:
            a, b = row["leaders"].split("、", 1)
            words.setdefault(a + b, "leaders")
            words.setdefault(f"{a}、{b.removeprefix(s)}", "leaders")
        if "、" in row["upper"]:
            a, b = row["upper"].split("、", 1)
            words.setdefault(a + b, "upper")
        if own_name:
            words.setdefault(own_name + s, "name")
            words.setdefault(own_name, "short")
        return words

    def var(self, name: str) -> str:
        return "{{ place." + name + " }}"

    # The pieces below each return the string with Jinja held as sentinels in `self.jinja`.
    def hold(self, jinja: str) -> str:
        self.jinja.append(jinja)
        return f"\x00{len(self.jinja) - 1}\x01"

    def __call__(self, text: str, scope: Scope) -> str:
        if not text:
            return text
        self.jinja: list[str] = []
        text = self._placeholders(text, scope)
        text = self._counts(text, scope)
        text = self._dates(text, scope)
        text = self._places(text, scope)
        self._leftovers(text, scope)
        text = self._escape(text)
        return _SENTINEL.sub(lambda m: self.jinja[int(m.group(1))], text)

    def _placeholders(self, text: str, scope: Scope) -> str:
        for m in placeholders.in_order(text, self.blanks):
            self.notes.word("占位符", m.group(0), scope.where, "原文未填写，提纲中保留，请改写"
                            "（如指本地，可改为 {{ place.name }}）")
        # "**" would open bold in the Markdown draft.
        text = re.sub(r"\*{2,}", lambda m: "×" * len(m.group(0)), text)
        if names.nameless_comrade(text):
            self.notes.word("缺少姓名", "同志", scope.where, "原文“同志”前没有名字，请补上或改写")
        return text

    def _counts(self, text: str, scope: Scope) -> str:
        seqs = inline_sequences(text)

        def sub(m: re.Match) -> str:
            num = m.group(1)
            try:
                n = cn_int(num)
            except ValueError:
                return m.group(0)
            if n < 2:
                return m.group(0)
            phrase = m.group(0)
            quoted = m.start() and text[m.start() - 1] == "“"
            after = [s for s in seqs if s.start > m.start()]
            if after and len(after[0]) == n:
                return phrase  # counts the list in the same paragraph: stays consistent
            noun = m.group(3) or ""
            if scope.items is not None and n == scope.items:
                self.counted += 1
                return self.hold("{{ items|count_cn }}") + phrase[len(num):]
            if scope.headings is not None and n == scope.headings and noun != "字":
                self.counted += 1
                return self.hold("{{ headings|count_cn }}") + phrase[len(num):]
            if quoted:
                return phrase  # a quoted count is usually a name (“四个意识”)
            found = (f"，本节有{scope.items}条" if scope.items else "")
            self.notes.word("数量词", phrase, scope.where,
                            f"找不到它所数的列表{found}，保留原文，请核对")
            return phrase

        return self.count_re.sub(sub, text)

    def _dates(self, text: str, scope: Scope) -> str:
        def full(m: re.Match) -> str:
            self.notes.word("具体日期", m.group(0), scope.where,
                            "保留原文；如是会议日期，可改为 {{ meeting.date|date_cn }}")
            return self.hold(m.group(0))

        text = dates.WRITTEN_DATES.sub(full, text)

        def year(m: re.Match) -> str:
            y, unit = int(m.group(1)), m.group(2)
            if self.ref_year is None:
                self.notes.word("年份", m.group(0), scope.where, "无法确定会议年份，保留原文")
                return m.group(0)
            delta = y - self.ref_year
            if delta == 0:
                return self.hold("{{ meeting.date|year_cn }}") + unit[1:]
            if abs(delta) <= 2:
                sign = "+" if delta > 0 else "-"
                return self.hold(f"{{{{ meeting.date.year {sign} {abs(delta)} }}}}") + unit
            self.notes.word("年份", m.group(0), scope.where,
                            f"与会议年份（{self.ref_year}年）相差较远，保留原文")
            return m.group(0)

        text = dates.BOUNDED_YEARS.sub(year, text)
        for d in dates.month_deadlines(text):
            self.notes.word("期限", d.text, scope.where,
                            "保留原文；需要随会议变化时，可在 fields 声明 deadline 并写 "
                            "{{ deadline|before }}")
        for m in dates.PLAN_PERIODS.finditer(text):
            self.notes.word("规划期提法", m.group(0), scope.where, "有时效，请按会议时间核对")
        return text

    def _compound_before(self, text: str, start: int, word: str) -> bool:
        """Whether the character before a level word makes an ordinary word with its first
        character (社区委员会 is no 区委)."""
        if not start or not word.startswith(self.suffix):
            return False
        return text[start - 1] + self.suffix in self.stop

    def _places(self, text: str, scope: Scope) -> str:
        def sub(m: re.Match) -> str:
            word = m.group(0)
            if self._compound_before(text, m.start(), word):
                return word
            key = self.words[word]
            self.replaced[self.var(key)] = self.replaced.get(self.var(key), 0) + 1
            return self.hold(self.var(key))

        text = self.word_re.sub(sub, text)
        # 党委政府 alone means this level's; after 各级/上级/基层 or a level it is someone else's.
        def bare(m: re.Match) -> str:
            before = text[max(0, m.start() - 2): m.start()]
            if before.endswith(("级", "层", "村", "省", "市", "县", "区", "镇", "乡", "各")):
                return m.group(0)
            key = "leaders" if "、" in m.group(0) else "leaders_short"
            self.replaced[self.var(key)] = self.replaced.get(self.var(key), 0) + 1
            return self.hold(self.var(key))

        return re.sub(r"党委、政府|党委政府", bare, text)

    def _leftovers(self, text: str, scope: Scope) -> None:
        """Warn about what stays: other places and people, other levels' self-references, this
        level's and the upper level's words that have no variable."""
        plain = _SENTINEL.sub("\x00", text)
        for name in names.pattern_people(plain, self.names):
            self.notes.word("人名", name, scope.where, "无法参数化，保留原文，请改写")
            plain = plain.replace(name, "\x00")  # reported once, as a person
        for name in names.pattern_places(plain, self.names, self.words):
            self.notes.word("其他地名", name, scope.where, "无法参数化，保留原文，请核对")
        for word in levels.foreign_words(self.level, ("self", "local")):
            if word in plain and word not in self.words:
                self.notes.word("与层级不符的自称", word, scope.where,
                                f"原文层级是{self.level}，保留原文，请核对")
        upper = self.row["upper_party"][:-1]
        for w in re.findall(rf"全{upper}|{upper}(?:政府|领导|里|直)", plain):
            if not self._compound_before(plain, plain.find(w), w):
                self.notes.word("上级用语", w, scope.where,
                                "没有对应变量，保留原文；用于其他层级时请改写")
        s = re.escape(self.suffix)
        for m in re.finditer(rf"{s}(?:长|领导|里|直|级|属|市民|村)", plain):
            if m.start() and plain[m.start() - 1] + self.suffix in self.stop:
                continue
            self.notes.word("本级用语", m.group(0), scope.where,
                            "没有对应变量，保留原文；用于其他层级时请改写")

    def _escape(self, text: str) -> str:
        """Literal source text stays text in the Markdown draft and in Jinja."""
        parts = _SENTINEL.split(text)
        out = []
        for i, p in enumerate(parts):
            if i % 2:
                out.append(f"\x00{p}\x01")
                continue
            p = _MD_SPECIAL.sub(r"\\\1", p)
            p = re.sub(r"\{(?=[{%#])", "｛", p)
            out.append(p)
        return "".join(out)


# --- title, level, years -----------------------------------------------------------------------


def detect_level(title: str, body: str) -> str | None:
    """The level a speech speaks for: its self-references, the title weighing five times."""
    kinds = ("self", "all", "local", "party", "gov", "leaders_short", "people")
    return levels.guess_level([(title, 5), (body, 1)], dict.fromkeys(kinds, 1))


def _title_like(line: str) -> bool:
    return (len(line) <= 60 and not any(c in line for c in "。！？")
            and not _SALUTATION.match(line) and classify(line, 0).kind == "P")


def meeting_name(title: str, level: str) -> tuple[str, str, bool]:
    """(meeting name, outline name, guessed): years, the place and the speech suffix removed
    from the title; a name without a meeting word gets 会 / 会议 added (guessed)."""
    from drafter.text import places

    row = places.table()[level]
    s = title.strip()
    s = re.sub(r"^在", "", s)
    s = _SPEECH_SUFFIX.sub("", s).strip()
    s = re.sub(rf"{dates.YEAR}年(?!度)", "", s)
    s = re.sub(rf"{dates.YEAR}(?=年度)", "", s)
    for w in sorted((row[k] for k in ("leaders", "leaders_short", "people", "party", "gov",
                                      "self", "all", "local", "organs")), key=len, reverse=True):
        if w != row["organs"]:
            s = s.replace(w, "")
    own = _own_name(title, level)
    if own and s.startswith(own + row["suffix"]):
        s = s[len(own + row["suffix"]):]
    elif s.startswith(row["suffix"]) and not s.startswith(row["self"]):
        s = s[len(row["suffix"]):]  # 在镇“三个年”…: the level alone stands for the place
    s = s.strip(" ，,、")
    guessed = False
    if not s:
        s, guessed = "工作会议", True
    elif not s.endswith(_MEETING_WORDS):
        guessed = True
        s += "会" if s.endswith(("总结", "部署", "推进", "动员", "表彰", "座谈", "调度")) else "会议"
    return s, s + "讲话", guessed


def _own_name(title: str, level: str) -> str:
    """The place's own name when the title names it (在青石镇… → 青石), else ""."""
    from drafter.text import places

    return names.own_name(title, places.table()[level]["suffix"], _pattern_names())


@lru_cache(maxsize=1)
def _pattern_names() -> names.PatternNames:
    return names.PatternNames.from_rules(rules())


def reference_year(title: str, meta: dict | None, body: str) -> int | None:
    """The meeting year the source's years are measured from: the page's date, else the
    title's year (a 年度总结 meeting is held the year after), else the latest year in the body."""
    date = str((meta or {}).get("date") or "")
    m = re.match(f"({dates.YEAR})", date)
    if m:
        return int(m.group(1))
    m = dates.BOUNDED_YEARS.search(title)
    if m:
        year = int(m.group(1))
        if m.group(2) == "年度" and re.search("总结|表彰|考核", title):
            year += 1
        return year
    years = [int(y) for y, _ in dates.BOUNDED_YEARS.findall(body)]
    return max(years) if years else None


def _occasion(name: str) -> str:
    for word in ("总结表彰大会", "表彰大会", "动员大会", "动员会", "部署会", "推进会", "总结会",
                 "座谈会", "培训会", "调度会", "工作会议", "大会", "会议"):
        if word in name:
            return {"动员会": "动员大会"}.get(word, word)
    return "会议"


def _slug(s: str) -> str:
    s = re.sub(r'[\\/:*?"<>|\s]+', "-", s).strip("-.")
    return s or "extracted"


# --- building the outline ----------------------------------------------------------------------


_CLOSING_BREAK = re.compile(r"(?<=[。！？])\s*(?=同志们[，！])")


def _rebreak(paragraph: str) -> list[str]:
    """A paragraph holding several headings (a page that lost its line breaks) → one paragraph
    per heading, and the closing 同志们，… on its own."""
    if len(paragraph) < 120:
        return [paragraph]
    cuts: set[int] = {m.start() for m in _CLOSING_BREAK.finditer(paragraph)}
    for family, needs_end in markers.BREAKS:
        # Markers that are no number (（十四五）) count towards "a run", though none is cut at.
        found = [(m.start(1) if needs_end else m.start(), family.value(m.group(1)))
                 for m in family.rx.finditer(paragraph)]
        if not needs_end and len(found) < 2:
            continue  # a lone （一） or 1. inside a sentence is text
        last = 0
        for pos, n in found:
            if n is None:
                continue
            if n == 1 or n == last + 1:
                if pos > 0:
                    cuts.add(pos)
                last = n
    bounds = [0, *sorted(cuts), len(paragraph)]
    return [p for a, b in zip(bounds, bounds[1:], strict=False)
            if (p := paragraph[a:b].strip())]


def _numbering(family: str, numbers: list[int], where: str, paras: list[int],
               leads: list[str], notes: _Notes) -> int:
    """Report a list whose source numbering is not 1, 2, 3 … (第一、第一、第一)."""
    expected = list(range(1, len(numbers) + 1))
    if numbers == expected:
        return 0
    wrote = "、".join(marker_text(family, n).rstrip("、") for n in numbers)
    right = "、".join(marker_text(family, n).rstrip("、") for n in expected)
    at = "、".join(str(p) for p in sorted(set(paras)))
    shown = "；".join(f"{marker_text(family, n).rstrip('、')}“{_short(lead, 10)}”"
                     for n, lead in zip(numbers, leads, strict=False) if lead)
    notes.add(f"序号错误：{where}（正文第{at}段）原文序号为“{wrote}”，应为“{right}”"
              f"（{shown}）。提纲中的序号由程序重新生成，输出已是“{right}”，请核对原文")
    return 1


def _check_numbering(items: list[Item], family: str, numbers: list[int], where: str,
                     notes: _Notes) -> int:
    errors = _numbering(family, numbers, where, [it.para for it in items],
                        [it.lead for it in items], notes)
    for i, it in enumerate(items, 1):
        if it.items:
            errors += _check_numbering(it.items, it.items[0].family, it.src_numbers or list(
                range(1, len(it.items) + 1)), f"{where}·{marker_text(family, i)}", notes)
    return errors


def _key(lead: str, seen: set[str]) -> str:
    """An item's stable name: its quoted word (“慢”), else the start of its lead's first clause."""
    m = re.match(r"^[“\"]([^”\"]{1,6})[”\"]", lead)
    if m:
        base = m.group(1)
    else:
        clause = re.split(r"[，。；：！？、,;:]", re.sub(r"^(要|是|进一步)", "", lead), maxsplit=1)[0]
        base = re.sub(rf"[^{_CJK}\w]", "", clause)[:10]
    base = base or "条"
    key, n = base, 2
    while key in seen:
        key, n = f"{base}{n}", n + 1
    seen.add(key)
    return key


def _marker(block_family: str, punct: str) -> str:
    if block_family == "第":
        return "第一" + (punct if punct in "，、" and punct else "，")
    return OUTLINE_MARKER[block_family]


class _Assembler:
    """Segments → outline sections (plain dicts for YAML), parametrizing every string, and a
    summary of what was found."""

    def __init__(self, param: _Parametrizer, notes: _Notes, headings: int) -> None:
        self.param = param
        self.notes = notes
        self.headings = headings
        self.sections: list[dict] = []
        self.summary: list[dict] = []
        self.kind_seen: dict[str, int] = {}
        self.items_by_marker: dict[str, int] = {}
        self.inline: dict[str, int] = {}
        self.merged = 0

    def opening_scope(self) -> Scope:
        return Scope("开头", None, self.headings)

    def text(self, paragraph: str, scope: Scope) -> list[str]:
        """One source paragraph → its sentences, parametrized as a whole so a count and the
        list it announces are seen together."""
        for seq in inline_sequences(paragraph):
            name = {"是": "一是", "要": "一要", "第": "第一"}.get(seq.family, seq.family)
            self.inline[name] = self.inline.get(name, 0) + 1
        return sentences(self.param(paragraph, scope))

    def paragraphs(self, ps: list[str], scope: Scope) -> list[dict]:
        return [{"text": t} for p in ps if (t := self.text(p, scope))]

    def section(self, kind: str, body: dict) -> None:
        self.kind_seen[kind] = self.kind_seen.get(kind, 0) + 1
        sec: dict[str, Any] = {"kind": kind}
        if self.kind_seen[kind] > 1:
            sec["id"] = f"{kind}-{self.kind_seen[kind]}"
        sec.update(body)
        self.sections.append(sec)

    def count(self, marker: str, n: int) -> None:
        self.items_by_marker[marker] = self.items_by_marker.get(marker, 0) + n

    def item(self, it: Item, where: str, seen: set[str], inline_kind: bool) -> dict:
        scope = Scope(where, items=len(it.items) if it.items else None)
        lead = it.lead
        if it.heading and inline_kind and lead and lead[-1] not in "。！？；：”":
            lead += "。"  # a heading shown inline runs into its text: end it
        elif it.heading and not inline_kind:
            lead = lead.rstrip("。")  # shown as a heading: no full stop
        d: dict[str, Any] = {"key": _key(it.lead, seen), "lead": self.param(lead, scope)}
        text = [s for p in it.text for s in self.text(p, scope)]
        if text:
            d["text"] = text
        if it.items:
            sub = it.items[0]
            d["marker"] = _marker(sub.family, sub.punct)
            self.count(d["marker"], len(it.items))
            sub_seen: set[str] = set()
            d["items"] = [self.item(s, f"{where}·{marker_text(sub.family, i)}", sub_seen,
                                    inline_kind) for i, s in enumerate(it.items, 1)]
        return d

    def segment(self, seg: Segment) -> int:
        """Add a segment's section; returns the numbering errors found in its lists."""
        where = f"第{cn(seg.number)}部分" if seg.number else KIND_NAMES[seg.kind]
        block = seg.block
        scope = Scope(where, len(block.items) if block else None)
        body: dict[str, Any] = {}
        if seg.heading:
            body["heading"] = self.param(seg.heading.rstrip("。"), scope)
        if seg.intro:
            body["paragraphs"] = self.paragraphs(seg.intro, scope)
        info: dict[str, Any] = {"kind": seg.kind, "heading": seg.heading, "marker": None,
                                "items": 0, "sub": []}
        errors = 0
        if block:
            marker = _marker(block.family, block.punct)
            body["marker"] = marker
            self.count(marker, len(block.items))
            inline_kind = seg.kind not in rules()["heading_kinds"]
            seen: set[str] = set()
            body["items"] = [self.item(it, f"{where}·{marker_text(block.family, i)}", seen,
                                       inline_kind) for i, it in enumerate(block.items, 1)]
            errors = _check_numbering(block.items, block.family, block.src_numbers, where,
                                      self.notes)
            self.merged += sum(_merged(it) for it in block.items)
            info.update(marker=marker, items=len(block.items),
                        sub=[len(it.items) for it in block.items])
        if seg.after:
            body["after"] = self.paragraphs(seg.after, scope)
        self.section(seg.kind, body)
        self.summary.append(info)
        return errors


def extract_text(text: str, title: str = "", level: str | None = None, source: str = "",
                 *, id: str | None = None, meta: dict | None = None,
                 findings: list[str] | None = None) -> Extraction:
    """A cleaned speech (one paragraph a line) → an outline skeleton with warnings and a summary
    of the structure found. `level` overrides the level guessed from the speech; `source` names
    the file in the outline's comments; `meta` is the cleaner's metadata (date, level);
    `findings` are the cleaner's own warnings, added to the outline's."""
    from drafter.errors import DrafterError
    from drafter.text import places

    notes = _Notes()
    lines = [ln.strip() for ln in text.replace("\r", "").split("\n")]
    numbered = [(i, ln) for i, ln in enumerate(lines, 1) if ln]
    # Title: given, else a first title-like line; the same line repeated in the body is dropped.
    if not title and numbered and _title_like(numbered[0][1]):
        title = numbered.pop(0)[1]
    while numbered and _title_like(numbered[0][1]) and len(numbered) > 1 and (
            _SALUTATION.match(numbered[1][1]) or _title_like(numbered[1][1])):
        head = numbered.pop(0)[1]
        if not re.search("讲话|发言|致辞", title) and re.search("讲话|发言|致辞", head):
            title = head
    numbered = [(i, ln) for i, ln in numbered if ln != title.strip()]
    title = title.strip() or "讲话"
    body = "\n".join(ln for _, ln in numbered)

    if level is not None:
        canon = places.canonical_level(level)
        if canon is None:
            raise DrafterError(f"未知的层级：{level}",
                               hint="可用：" + "、".join(places.level_names()))
        level = canon
    else:
        guess = (meta or {}).get("level")
        level = places.canonical_level(guess) if guess else None
        level = level or detect_level(title, body)
        if level is None:
            level = "镇"
            notes.add("看不出讲话的层级（没有“我镇”“全县”之类的自称），按“镇”处理；"
                      "可用 --level 指定")

    # Paragraphs, with lost line breaks restored; their numbers follow the cleaned text.
    paras: list[tuple[int, str]] = []
    rebroken = []
    for i, ln in numbered:
        parts = _rebreak(ln)
        paras += [(i, part) for part in parts]
        if len(parts) > 1:
            rebroken.append(i)
    if rebroken:
        notes.add(f"正文第{'、'.join(map(str, rebroken))}段似乎丢失了换行：已在标题序号前分段，"
                  "但标题和正文之间的分界只能推测，请核对各级标题")

    salutation = "同志们："
    for k, (_, p) in enumerate(paras[:4]):
        if _SALUTATION.match(p):
            # Lines before the salutation are the title block (subtitle, speaker, date): the
            # outline's frame writes its own.
            salutation = p.replace(":", "：")
            paras = paras[k + 1:]
            break

    units: list[Unit] = []
    for i, p in paras:
        u = classify(p, i)
        if u.kind == "E":
            units += split_e(u)
        elif u.kind == "H1" and u.body:
            # A level-1 heading's run-in text is the part's first paragraph.
            units += [Unit("H1", u.text, i, "H1", u.n), Unit("P", u.body, i)]
        else:
            units.append(u)

    # Closing: the trailing paragraphs from the last one that starts with 同志们, else a last
    # paragraph ending in "！".
    closing: list[str] = []
    tail = len(units)
    while tail and units[tail - 1].kind == "P":
        tail -= 1
    starts = tuple(rules()["closing_starts"])
    trailing = units[tail:]
    first = next((k for k, u in enumerate(trailing) if u.text.startswith(starts)), None)
    if first is not None:
        closing = [u.text for u in trailing[first:]]
        units = units[: tail + first]
    elif trailing and trailing[-1].text.rstrip().endswith(("！", "!")) and len(units) > 1:
        closing = [units.pop().text]

    # Level-1 parts.
    h1 = [k for k, u in enumerate(units) if u.kind == "H1"]
    pre = units[: h1[0]] if h1 else units
    opening, segments = _segments(_parse_container(pre, notes, "开头"), None, 0,
                                  pre[0].para if pre else 0, root=True)
    h1_numbers = []
    for j, start in enumerate(h1):
        end = h1[j + 1] if j + 1 < len(h1) else len(units)
        head = units[start]
        h1_numbers.append(head.n)
        where = f"第{cn(j + 1)}部分"
        blocks = _parse_container(units[start + 1: end], notes, where)
        _, segs = _segments(blocks, head.text, j + 1, head.para, root=False)
        segments += segs
    numbering_errors = 0
    if h1:
        numbering_errors += _numbering("H1", h1_numbers, "一级标题",
                                       [units[k].para for k in h1],
                                       [units[k].text for k in h1], notes)
    for seg in segments:
        _promote_segment(seg)

    # Kinds; a kind used twice gets an id.
    per_part: dict[int, int] = {}
    for seg in segments:
        per_part[seg.number] = per_part.get(seg.number, 0) + 1
    for seg in segments:
        seg.kind = choose_kind(seg, per_part[seg.number] == 1 or seg.number == 0)

    # Parametrize and assemble.
    param = _Parametrizer(level, notes, reference_year(title, meta, body),
                          _own_name(title, level))
    out = _Assembler(param, notes, headings=sum(1 for s in segments if s.heading))
    if opening:
        out.section("opening", {"paragraphs": out.paragraphs(opening, out.opening_scope())})
    for seg in segments:
        numbering_errors += out.segment(seg)
    if closing:
        out.section("closing", {"paragraphs": out.paragraphs(closing, Scope("结尾"))})
    sections = out.sections
    if not sections:
        raise DrafterError("没有找到可以提取的正文", source or None,
                           hint="文件应为讲话正文，一段一行")
    multi_merged = out.merged
    if multi_merged:
        notes.add(f"有{multi_merged}处条目原文分成多段，提纲中每条只有一段，已合并")

    meeting, name, guessed = meeting_name(title, level)
    if guessed:
        notes.add(f"标题“{title}”里看不出会议名称，meeting.name 的默认值“{meeting}”是推测的，"
                  "请核对")
    doc = _doc_id(source)
    oid = id or _slug(Path(source).stem if source else "extracted")
    data: dict[str, Any] = {
        "id": oid,
        "name": name,
        "occasion": _occasion(meeting),
        "summary": f"取自《{title}》的骨架（{level}级讲话），由 drafter extract 生成",
    }
    if doc:
        data["taken_from"] = [doc]
    data["length"] = max(300, round(sum(len(p) for _, p in paras) / 100) * 100)
    data["fields"] = {"meeting.name": {"default": meeting}}
    data["title"] = "在{{ place.name }}{{ meeting.name }}上的讲话"
    data["salutation"] = salutation
    data["sections"] = sections

    warnings = notes.all() + list(findings or [])
    counts = {
        "level": level,
        "title": title,
        "opening": len(opening),
        "closing": len(closing),
        "level1": len(h1),
        "level2": sum(1 for u in units if u.kind == "H2"),
        "level3": sum(1 for u in units if u.kind == "H3"),
        "sections": out.summary,
        "items": out.items_by_marker,
        "inline": out.inline,
        "numbering_errors": numbering_errors,
        "counts_linked": param.counted,
    }
    yaml_text = _dump(data, _header(source, title, level, param.replaced, warnings))
    return Extraction(yaml_text, warnings, counts, oid, level, dict(param.replaced))


def _merged(it: Item) -> int:
    """Items whose text was several paragraphs (an outline item has one)."""
    return (1 if len([p for p in it.text if p.strip()]) > 1 else 0) + sum(
        _merged(s) for s in it.items)


def _doc_id(source: str) -> str:
    if not source:
        return ""
    m = re.match(r"^(\d+)[_\-. ]", Path(source).name)
    return m.group(1) if m else Path(source).stem


def _header(source: str, title: str, level: str, replaced: dict[str, int],
            warnings: list[str]) -> str:
    lines = [f"# 由 drafter extract 从 {Path(source).name if source else '文本'} 提取：《{title}》",
             f"# 原文层级：{level}。已替换为变量："]
    if replaced:
        for var, n in sorted(replaced.items(), key=lambda kv: -kv[1]):
            lines.append(f"#   {var} ×{n}")
    else:
        lines.append("#   （无）")
    lines.append("# 年份、数量词（四个方面 → {{ items|count_cn }}）随会议日期和条目数变化；"
                 "序号由 drafter 生成。")
    if warnings:
        lines.append(f"# 警告（{len(warnings)}条，请逐条核对后再使用）：")
        lines += [f"#   - {w}" for w in warnings]
    return "\n".join(lines) + "\n"


def _dump(data: dict, header: str) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        # Indent list items under their key, as people write YAML.
        def increase_indent(self, flow: bool = False, indentless: bool = False):
            return super().increase_indent(flow, False)

    body = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10**6,
                     default_flow_style=False)
    return header + body


def extract_file(path: Path | str, *, id: str | None = None,
                 level: str | None = None) -> Extraction:
    """Extract the outline of a speech file: a downloaded page (.txt, cleaned first with
    drafter.corpus.clean_text, whose findings join the warnings), a corpus document (corpus/*.md)
    or a speech someone wrote (.docx, .md)."""
    path = Path(path)
    title, text, meta, findings = _read_source(path)
    if not re.search("讲话|发言|致辞|报告|讲稿", title):
        # The cleaner may take a site banner for the title: prefer a speech title in the body.
        for line in text.split("\n")[:3]:
            if _title_like(line) and re.search("讲话|发言|致辞|讲稿", line):
                title = line
                break
    return extract_text(text, title=title, level=level, source=str(path), id=id, meta=meta,
                        findings=findings)


def _read_source(path: Path) -> tuple[str, str, dict, list[str]]:
    """(title, body one paragraph a line, metadata, the cleaner's findings as warnings)."""
    from drafter.corpus import clean as corpus
    from drafter.document.read import read_speech

    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown") and path.is_file():
        with path.open(encoding="utf-8", errors="replace") as f:
            front = f.read(4) == "---\n"
        if front:
            doc = corpus.read_doc(path)
            flags = int(doc.meta.get("flags") or 0)
            found = [f"语料文件记录了{flags}处疑似乱码，提纲中保留原文，请对照原网页改正"] if flags else []
            return doc.title, doc.text, dict(doc.meta), found
    if suffix in (".md", ".markdown", ".docx"):
        speech = read_speech(path)
        return speech.title, "\n".join(b.text for b in speech.body), {}, []
    cleaned = corpus.clean_file(path)
    found = [f"正文第{f.line}段第{f.column}字：{f.kind}“{f.text}”，提纲中保留原文，请对照原网页改正"
             for f in cleaned.flags]
    return cleaned.title, cleaned.text, cleaned.meta, found


def summary(result: Extraction) -> str:
    """The structure found, what became variables and the warnings, as the CLI prints them."""
    c = result.counts
    lines = [f"《{c['title']}》→ 提纲 {result.id}（{result.level}级讲话）", "结构："]
    if c["opening"]:
        lines.append(f"  开头 {c['opening']} 段")
    number = 0
    for s in c["sections"]:
        if s["heading"]:
            number += 1
            head = f"{cn(number)}、{_short(s['heading'], 20)}"
        else:
            head = "（无标题）"
        kind = KIND_NAMES.get(s["kind"], s["kind"])
        if s["items"]:
            subs = "".join(f"，第{i}条下分 {n} 条" for i, n in enumerate(s["sub"], 1) if n)
            marker = s["marker"].rstrip("，、")
            lines.append(f"  {head}［{kind}］{marker}…共 {s['items']} 条{subs}")
        else:
            lines.append(f"  {head}［{kind}］只有段落")
    if c["closing"]:
        lines.append(f"  结尾 {c['closing']} 段")
    if result.replaced:
        words = "，".join(f"{k} ×{v}" for k, v in sorted(result.replaced.items(),
                                                         key=lambda kv: -kv[1]))
        lines.append(f"变量：{words}")
    if c["counts_linked"]:
        lines.append(f"数量词：{c['counts_linked']} 处改为随条目数变化")
    if result.warnings:
        lines.append(f"警告（{len(result.warnings)} 条）：")
        lines += [f"  - {w}" for w in result.warnings]
    else:
        lines.append("没有警告。")
    return "\n".join(lines)
