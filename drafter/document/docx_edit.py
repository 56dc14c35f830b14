"""Small edits to a .docx someone else wrote, keeping everything else byte for byte: the text
replacements of `drafter check --fix`. Only word/document.xml is rewritten; every other part is
copied as it was."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DOCUMENT = "word/document.xml"
# Text a reader does not see as the document's: deleted and moved-away revisions.
_GONE = {f"{{{W}}}del", f"{{{W}}}moveFrom"}


class TextEdit(Protocol):
    before: str
    old: str
    after: str
    new: str


@dataclass
class Placed:
    data: bytes
    done: list[bool]


def replace_text(data: bytes, edits: Sequence[TextEdit]) -> Placed:
    """data with each edit applied where its words (with their surroundings) occur exactly once
    among the document's paragraphs; done says which were."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read(DOCUMENT))
        paragraphs = [_texts(p) for p in root.iter(f"{{{W}}}p")]
        found = [_find(paragraphs, e) for e in edits]
        done = _apply(paragraphs, edits, found)
        if not any(done):
            return Placed(data, done)
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return Placed(_rezip(z, {DOCUMENT: xml}), done)


def _texts(p: etree._Element) -> list[etree._Element]:
    """The w:t of paragraph p itself (not of a text box's paragraphs inside it), as shown."""
    out = []
    for t in p.iter(f"{{{W}}}t"):
        owner = next(t.iterancestors(f"{{{W}}}p"))
        if owner is p and not any(a.tag in _GONE for a in t.iterancestors()):
            out.append(t)
    return out


def _find(paragraphs: list[list[etree._Element]], e: TextEdit) -> tuple[int, int] | None:
    """(paragraph index, offset of e.old) where e's words occur once in the whole document."""
    for left, right in _contexts(e):
        needle = left + e.old + right
        hits = [(i, pos + len(left)) for i, nodes in enumerate(paragraphs)
                for pos in _all(_joined(nodes), needle)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            return None
    return None


def _contexts(e: TextEdit) -> list[tuple[str, str]]:
    sizes = range(min(len(e.before), len(e.after), 6), -1, -1)
    return [(e.before[len(e.before) - n:] if n else "", e.after[:n]) for n in sizes]


def _apply(paragraphs, edits, found) -> list[bool]:
    done = [False] * len(edits)
    taken: dict[int, list[tuple[int, int]]] = {}
    order = sorted((f[0], f[1], k) for k, f in enumerate(found) if f is not None)
    for i, at, k in reversed(order):  # right to left: earlier offsets stay valid
        end = at + len(edits[k].old)
        if any(at < e and s < end for s, e in taken.get(i, [])):
            continue
        _splice(paragraphs[i], at, end, edits[k].new)
        taken.setdefault(i, []).append((at, end))
        done[k] = True
    return done


def _splice(nodes: list[etree._Element], start: int, end: int, new: str) -> None:
    """Replace characters start:end of the paragraph's text; the new text goes into the run
    that held the first replaced character, so it takes that run's formatting."""
    pos = 0
    inserted = False
    for t in nodes:
        text = t.text or ""
        lo, hi = pos, pos + len(text)
        pos = hi
        if hi < start or lo > end or (hi == start and start != end) or (lo == end and inserted):
            continue
        a, b = max(start - lo, 0), min(end - lo, len(text))
        t.text = text[:a] + ("" if inserted else new) + text[b:]
        t.set(XML_SPACE, "preserve")
        inserted = True


def _joined(nodes: list[etree._Element]) -> str:
    return "".join(t.text or "" for t in nodes)


def _all(text: str, needle: str) -> list[int]:
    out, at = [], text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


def _rezip(z: zipfile.ZipFile, replaced: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in z.infolist():
            out.writestr(info, replaced.get(info.filename, z.read(info.filename)))
    return buf.getvalue()
