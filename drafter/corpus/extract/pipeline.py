"""extract_text and extract_file: the steps in order."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from drafter.corpus.extract.assemble import Assembler, dump, header, note_numbering
from drafter.corpus.extract.base import Extraction, Notes, rules
from drafter.corpus.extract.parametrize import Parametrizer, Scope
from drafter.corpus.extract.structure import (
    choose_kind,
    parse_container,
    promote_segment,
    split_segments,
)
from drafter.corpus.extract.title import (
    detect_level,
    doc_id,
    meeting_name,
    occasion,
    own_name,
    reference_year,
    slug,
)
from drafter.corpus.extract.units import SALUTATION, Unit, classify, rebreak, split_e, title_like
from drafter.text.cn import cn


def extract_text(text: str, title: str = "", level: str | None = None, source: str = "",
                 *, id: str | None = None, meta: dict | None = None,
                 findings: list[str] | None = None) -> Extraction:
    """A cleaned speech (one paragraph a line) → an outline skeleton with warnings and a summary
    of the structure found. `level` overrides the level guessed from the speech; `source` names
    the file in the outline's comments; `meta` is the cleaner's metadata (date, level);
    `findings` are the cleaner's own warnings, added to the outline's."""
    from drafter.errors import DrafterError
    from drafter.text import places

    notes = Notes()
    lines = [ln.strip() for ln in text.replace("\r", "").split("\n")]
    numbered = [(i, ln) for i, ln in enumerate(lines, 1) if ln]
    # Title: given, else a first title-like line; the same line repeated in the body is dropped.
    if not title and numbered and title_like(numbered[0][1]):
        title = numbered.pop(0)[1]
    while numbered and title_like(numbered[0][1]) and len(numbered) > 1 and (
            SALUTATION.match(numbered[1][1]) or title_like(numbered[1][1])):
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
        parts = rebreak(ln)
        paras += [(i, part) for part in parts]
        if len(parts) > 1:
            rebroken.append(i)
    if rebroken:
        notes.add(f"正文第{'、'.join(map(str, rebroken))}段似乎丢失了换行：已在标题序号前分段，"
                  "但标题和正文之间的分界只能推测，请核对各级标题")

    salutation = "同志们："
    for k, (_, p) in enumerate(paras[:4]):
        if SALUTATION.match(p):
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
    opening, segments = split_segments(parse_container(pre, notes, "开头"), None, 0,
                                  pre[0].para if pre else 0, root=True)
    h1_numbers = []
    for j, start in enumerate(h1):
        end = h1[j + 1] if j + 1 < len(h1) else len(units)
        head = units[start]
        h1_numbers.append(head.n)
        where = f"第{cn(j + 1)}部分"
        blocks = parse_container(units[start + 1: end], notes, where)
        _, segs = split_segments(blocks, head.text, j + 1, head.para, root=False)
        segments += segs
    numbering_errors = 0
    if h1:
        numbering_errors += note_numbering("H1", h1_numbers, "一级标题",
                                       [units[k].para for k in h1],
                                       [units[k].text for k in h1], notes)
    for seg in segments:
        promote_segment(seg)

    # Kinds; a kind used twice gets an id.
    per_part: dict[int, int] = {}
    for seg in segments:
        per_part[seg.number] = per_part.get(seg.number, 0) + 1
    for seg in segments:
        seg.kind = choose_kind(seg, per_part[seg.number] == 1 or seg.number == 0)

    # Parametrize and assemble.
    param = Parametrizer(level, notes, reference_year(title, meta, body),
                          own_name(title, level))
    out = Assembler(param, notes, headings=sum(1 for s in segments if s.heading))
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
    doc = doc_id(source)
    oid = id or slug(Path(source).stem if source else "extracted")
    data: dict[str, Any] = {
        "id": oid,
        "name": name,
        "occasion": occasion(meeting),
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
    yaml_text = dump(data, header(source, title, level, param.replaced, warnings))
    return Extraction(yaml_text, warnings, counts, oid, level, dict(param.replaced))


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
            if title_like(line) and re.search("讲话|发言|致辞|讲稿", line):
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
