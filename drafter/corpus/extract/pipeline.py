"""extract_text and extract_file: the steps in order."""

from __future__ import annotations

from pathlib import Path

from drafter.corpus.extract.assemble import assemble_sections, dump, header, outline_data
from drafter.corpus.extract.base import Extraction, Notes
from drafter.corpus.extract.parametrize import Parametrizer
from drafter.corpus.extract.repair import (
    drop_chunk_numbers,
    join_cut_lines,
    split_spaced_headings,
)
from drafter.corpus.extract.structure import assign_kinds, build_segments
from drafter.corpus.extract.title import (
    choose_level,
    meeting_name,
    own_name,
    reference_year,
    slug,
)
from drafter.corpus.extract.units import (
    Unit,
    find_closing,
    find_salutation,
    find_title,
    rebreak,
    restore_paragraphs,
    split_units,
)


def extract_text(text: str, title: str = "", level: str | None = None, source: str = "",
                 *, id: str | None = None, meta: dict | None = None,
                 findings: list[str] | None = None) -> Extraction:
    """A cleaned speech (one paragraph a line) → an outline skeleton with warnings and a summary
    of the structure found. `level` overrides the level guessed from the speech; `source` names
    the file in the outline's comments; `meta` is the cleaner's metadata (date, level, and
    flattened: the page had lost its line breaks); `findings` are the cleaner's own warnings,
    added to the outline's."""
    notes = Notes()
    title, numbered = find_title(_repair(text, notes), title)
    body = "\n".join(ln for _, ln in numbered)
    level = choose_level(level, title, body, meta, notes)
    salutation, paras = find_salutation(restore_paragraphs(numbered, notes))
    units, closing = find_closing(split_units(paras))
    _note_layout(units, meta, notes)
    opening, segments, h1_errors = build_segments(units, notes)
    assign_kinds(segments)
    param = Parametrizer(level, notes, reference_year(title, meta, body), own_name(title, level))
    out, list_errors = assemble_sections(param, notes, opening, segments, closing, source)
    meeting, name, guessed = meeting_name(title, level)
    if guessed:
        notes.add(f"标题“{title}”里看不出会议名称，meeting.name 的默认值“{meeting}”是推测的，"
                  "请核对")
    oid = id or slug(Path(source).stem if source else "extracted")
    data = outline_data(oid, title, level, source, meeting, name, sum(len(p) for _, p in paras),
                        salutation, out.sections)
    warnings = notes.all() + list(findings or [])
    counts = {
        "level": level,
        "title": title,
        "opening": len(opening),
        "closing": len(closing),
        "level1": sum(1 for u in units if u.kind == "H1"),
        "level2": sum(1 for u in units if u.kind == "H2"),
        "level3": sum(1 for u in units if u.kind == "H3"),
        "sections": out.summary,
        "items": out.items_by_marker,
        "inline": out.inline,
        "numbering_errors": h1_errors + list_errors,
        "counts_linked": param.counted,
    }
    yaml_text = dump(data, header(source, title, level, param.replaced, warnings))
    return Extraction(yaml_text, warnings, counts, oid, level, dict(param.replaced))


def _note_layout(units: list[Unit], meta: dict | None, notes: Notes) -> None:
    """Warn about what the page's layout left to a guess: lost line breaks (restored by the
    cleaner, else restore_paragraphs warned already), level-1 headings in two forms."""
    if (meta or {}).get("flattened") and not any("丢失了换行" in w for w in notes.lines):
        notes.add("网页丢失了换行，已在标题序号前分段，但标题和正文之间的分界只能推测，请核对各级标题")
    mixed = [f"“{u.form}”（正文第{u.para}段）" for u in units if u.form]
    if mixed:
        notes.add(f"原文的一级标题混用了两种序号：{'、'.join(mixed)}与“一、”同级，提纲统一按"
                  "一级标题处理，序号由程序生成，请核对")


def _repair(text: str, notes: Notes) -> str:
    """The text with a downloaded page's damage undone (repair.py), each repair noted."""
    lines, chunks = drop_chunk_numbers(text.split("\n"))
    for note in _chunk_note(chunks):
        notes.add(note)
    lines, joined = join_cut_lines(split_spaced_headings("\n".join(lines)).split("\n"))
    if joined:
        notes.add(f"正文第{'、'.join(map(str, joined))}段以逗号结尾，已与下一段合并，请核对")
    return "\n".join(_drop_gaps(lines, notes))


def _drop_gaps(lines: list[str], notes: Notes) -> list[str]:
    """The cleaner's gap markers (〔此处原文缺失约3120字〕 where a paywall or a truncation cut
    the page) are no text for a draft: left out of the outline (as empty lines, so numbers
    stay), each warned about."""
    from drafter.document.webpage import GAP_MARKER

    out = []
    for i, line in enumerate(lines, 1):
        if GAP_MARKER.match(line.strip()):
            notes.add(f"正文第{i}段是清理时标出的缺口“{line.strip()}”（付费墙或截断）："
                      "提纲的这一部分不全，请对照原文补写")
            line = ""
        out.append(line)
    return out


def extract_file(path: Path | str, *, id: str | None = None,
                 level: str | None = None) -> Extraction:
    """Extract the outline of a speech file: a downloaded page (.txt, cleaned first with
    drafter.corpus.clean_text, whose findings join the warnings), a corpus document (corpus/*.md)
    or a speech someone wrote (.docx, .md)."""
    path = Path(path)
    title, text, meta, findings = _read_source(path)
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
    # The cleaner drops the space that parts a heading from its body and may leave a line a
    # chunk number cut: split and join first.
    lines, chunks = drop_chunk_numbers(corpus.read_page(path).split("\n"))
    cleaned = corpus.clean_text(split_spaced_headings("\n".join(lines)), path.name)
    found = [f"正文第{f.line}段第{f.column}字：{f.kind}“{f.text}”，提纲中保留原文，请对照原网页改正"
             for f in cleaned.flags]
    meta = dict(cleaned.meta)
    # The cleaner restores the breaks of a flattened page; where a heading ends stays a guess.
    meta["flattened"] = any(len(rebreak(line)[0]) > 1 for line in lines)
    return cleaned.title, cleaned.text, meta, [*_chunk_note(chunks), *found]


def _chunk_note(chunks: int) -> list[str]:
    if not chunks:
        return []
    return [f"删除了网站插在正文里的{chunks}个分块序号（如“工1、作”里的“1、”），"
            "被它们断开的句子已接上，请核对"]
