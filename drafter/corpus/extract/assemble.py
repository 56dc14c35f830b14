"""Step: segments → outline sections (plain dicts for YAML), the source's numbering errors, the
YAML with its header."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from drafter.analysis.markers import inline_sequences
from drafter.corpus.extract.base import (
    CJK,
    KIND_NAMES,
    OUTLINE_MARKER,
    Notes,
    marker_text,
    rules,
    sentences,
)
from drafter.corpus.extract.parametrize import Parametrizer, Scope
from drafter.corpus.extract.structure import Item, Segment, check_numbering
from drafter.corpus.extract.title import doc_id, occasion
from drafter.text.cn import cn


def _key(lead: str, seen: set[str]) -> str:
    """An item's stable name: its quoted word (“慢”), else the start of its lead's first clause."""
    m = re.match(r"^[“\"]([^”\"]{1,6})[”\"]", lead)
    if m:
        base = m.group(1)
    else:
        clause = re.split(r"[，。；：！？、,;:]", re.sub(r"^(要|是|进一步)", "", lead), maxsplit=1)[0]
        base = re.sub(rf"[^{CJK}\w]", "", clause)[:10]
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


class Assembler:
    """Segments → outline sections (plain dicts for YAML), parametrizing every string, and a
    summary of what was found."""

    def __init__(self, param: Parametrizer, notes: Notes, headings: int) -> None:
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
            errors = check_numbering(block.items, block.family, block.src_numbers, where,
                                      self.notes)
            self.merged += sum(_merged(it) for it in block.items)
            info.update(marker=marker, items=len(block.items),
                        sub=[len(it.items) for it in block.items])
        if seg.after:
            body["after"] = self.paragraphs(seg.after, scope)
        self.section(seg.kind, body)
        self.summary.append(info)
        return errors


def assemble_sections(param: Parametrizer, notes: Notes, opening: list[str],
                      segments: list[Segment], closing: list[str], source: str
                      ) -> tuple[Assembler, int]:
    """(the assembled outline, numbering errors of the source's lists): the opening, one
    section a segment, the closing, every string parametrized."""
    from drafter.errors import DrafterError

    out = Assembler(param, notes, headings=sum(1 for s in segments if s.heading))
    errors = 0
    if opening:
        out.section("opening", {"paragraphs": out.paragraphs(opening, out.opening_scope())})
    for seg in segments:
        errors += out.segment(seg)
    if closing:
        out.section("closing", {"paragraphs": out.paragraphs(closing, Scope("结尾"))})
    if not out.sections:
        raise DrafterError("没有找到可以提取的正文", source or None,
                           hint="文件应为讲话正文，一段一行")
    if out.merged:
        notes.add(f"有{out.merged}处条目原文分成多段，提纲中每条只有一段，已合并")
    return out, errors


def outline_data(oid: str, title: str, level: str, source: str, meeting: str, name: str,
                 chars: int, salutation: str, sections: list[dict]) -> dict[str, Any]:
    """The outline as YAML data: its id and names, where it was taken from, its length (the
    source's, in hundreds), the meeting field, the frame and the sections."""
    data: dict[str, Any] = {
        "id": oid,
        "name": name,
        "occasion": occasion(meeting),
        "summary": f"取自《{title}》的骨架（{level}级讲话），由 drafter extract 生成",
    }
    doc = doc_id(source)
    if doc:
        data["taken_from"] = [doc]
    data["length"] = max(300, round(chars / 100) * 100)
    data["fields"] = {"meeting.name": {"default": meeting}}
    data["title"] = "在{{ place.name }}{{ meeting.name }}上的讲话"
    data["salutation"] = salutation
    data["sections"] = sections
    return data


def _merged(it: Item) -> int:
    """Items whose text was several paragraphs (an outline item has one)."""
    return (1 if len([p for p in it.text if p.strip()]) > 1 else 0) + sum(
        _merged(s) for s in it.items)


def header(source: str, title: str, level: str, replaced: dict[str, int],
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


def dump(data: dict, header: str) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        # Indent list items under their key, as people write YAML.
        def increase_indent(self, flow: bool = False, indentless: bool = False):
            return super().increase_indent(flow, False)

    body = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10**6,
                     default_flow_style=False)
    return header + body
