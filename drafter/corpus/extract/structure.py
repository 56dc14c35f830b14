"""Step: units → segments — lists (nested ones in their items), the paragraphs around them, the
section kind of each."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from drafter.analysis.markers import NUMERAL_CHARS, inline_sequences
from drafter.corpus.extract.base import (
    RANK,
    Notes,
    end_sentence,
    marker_text,
    rules,
    short,
    split_lead,
)
from drafter.corpus.extract.units import Unit
from drafter.text.cn import cn, cn_int

# Full-width only: in cleaned text an ASCII "?" is mostly mojibake (严重?fù)p害).
_SENTENCE_END = "。！？"

_ORDERED = ("是", "要", "第")


def _number(s: str) -> int | None:
    try:
        return cn_int(s)
    except ValueError:
        return None


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


def _make_item(u: Unit) -> Item:
    if u.kind == "E":
        lead, rest = split_lead(u.text)
        lead = end_sentence(lead) if not rest.strip() else lead
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


def _absorb(item: Item, blocks: list[Any], notes: Notes, where: str) -> None:
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
                      f"“{short(last.lead)}”条")
        else:
            last.text.append(b)
            notes.add(f"{where}：下级条目之后的段落“{short(b)}”并入了最后一条"
                      f"“{short(last.lead)}”（提纲的条目没有 after），请核对")


def _item_plain(it: Item) -> str:
    """An item written out as text again, markers and all."""
    subs = "".join(marker_text(s.family, i, s.punct) + _item_plain(s)
                   for i, s in enumerate(it.items, 1))
    return it.lead + "".join(it.text) + subs


def parse_container(units: list[Unit], notes: Notes, where: str) -> list[Any]:
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
        _absorb(item, parse_container(chunk[1:], notes, label), notes, label)
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
            lead = end_sentence(lead)
        sub = Item(fam, n, lead, [end_sentence(rest)] if rest.strip() else [], item.para)
        item.items.append(sub)
        item.src_numbers.append(n)


def split_segments(blocks: list[Any], heading: str | None, number: int, para: int,
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
        rf"(?<![第\d{NUMERAL_CHARS}两几])([两{NUMERAL_CHARS}]{{1,3}})(?:([{measures}])?({nouns})|(点)(?=[：:。，；]))")


def _announces(paragraph: str, n: int) -> bool:
    """Whether a paragraph announces a list of n (讲两点, 主要表现在四个方面)."""
    for m in count_pattern().finditer(paragraph):
        num = m.group(1)
        if _number(num) == n:
            return True
    return False


def promote_segment(seg: Segment) -> None:
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
        items.append(Item(fam, n, lead if rest.strip() else end_sentence(lead),
                          [end_sentence(rest)] if rest.strip() else [], seg.para))
    seg.block = ListBlock(fam, items, "，" if fam == "第" else "", list(range(1, len(items) + 1)))


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


def note_numbering(family: str, numbers: list[int], where: str, paras: list[int],
               leads: list[str], notes: Notes) -> int:
    """Report a list whose source numbering is not 1, 2, 3 … (第一、第一、第一)."""
    expected = list(range(1, len(numbers) + 1))
    if numbers == expected:
        return 0
    wrote = "、".join(marker_text(family, n).rstrip("、") for n in numbers)
    right = "、".join(marker_text(family, n).rstrip("、") for n in expected)
    at = "、".join(str(p) for p in sorted(set(paras)))
    shown = "；".join(f"{marker_text(family, n).rstrip('、')}“{short(lead, 10)}”"
                     for n, lead in zip(numbers, leads, strict=False) if lead)
    notes.add(f"序号错误：{where}（正文第{at}段）原文序号为“{wrote}”，应为“{right}”"
              f"（{shown}）。提纲中的序号由程序重新生成，输出已是“{right}”，请核对原文")
    return 1


def check_numbering(items: list[Item], family: str, numbers: list[int], where: str,
                     notes: Notes) -> int:
    errors = note_numbering(family, numbers, where, [it.para for it in items],
                        [it.lead for it in items], notes)
    for i, it in enumerate(items, 1):
        if it.items:
            errors += check_numbering(it.items, it.items[0].family, it.src_numbers or list(
                range(1, len(it.items) + 1)), f"{where}·{marker_text(family, i)}", notes)
    return errors


def build_segments(units: list[Unit], notes: Notes) -> tuple[list[str], list[Segment], int]:
    """(opening paragraphs, segments, numbering errors of the level-1 headings): the units
    before the first level-1 heading open the speech or form its first segments; each level-1
    part is parsed on its own."""
    h1 = [k for k, u in enumerate(units) if u.kind == "H1"]
    pre = units[: h1[0]] if h1 else units
    opening, segments = split_segments(parse_container(pre, notes, "开头"), None, 0,
                                       pre[0].para if pre else 0, root=True)
    for j, start in enumerate(h1):
        end = h1[j + 1] if j + 1 < len(h1) else len(units)
        head = units[start]
        blocks = parse_container(units[start + 1: end], notes, f"第{cn(j + 1)}部分")
        segments += split_segments(blocks, head.text, j + 1, head.para, root=False)[1]
    errors = 0
    if h1:
        errors += note_numbering("H1", [units[k].n for k in h1], "一级标题",
                                 [units[k].para for k in h1], [units[k].text for k in h1], notes)
    for seg in segments:
        promote_segment(seg)
    return opening, segments, errors


def assign_kinds(segments: list[Segment]) -> None:
    """Each segment's section kind; a part that is one segment weighs its heading more."""
    per_part: dict[int, int] = {}
    for seg in segments:
        per_part[seg.number] = per_part.get(seg.number, 0) + 1
    for seg in segments:
        seg.kind = choose_kind(seg, per_part[seg.number] == 1 or seg.number == 0)
