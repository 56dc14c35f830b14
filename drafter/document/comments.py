"""Findings as Word comments (批注) in a copy of a .docx: each anchored on the offending words
(runs are split where the words begin and end), author "drafter", text "C102 乱码：说明".
The writer opens the copy in Word or WPS and sees every finding in the margin beside its words.

Paragraphs are found as the .docx reader numbers them (Block.source: every w:p of
document.xml in document order); a finding whose paragraph is not in document.xml (a note)
or that is about the whole speech is anchored on the first paragraph with text."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from io import BytesIO

from drafter.document.docx_pages import MC_FALLBACK, W
from drafter.document.speech import Speech

AUTHOR = "drafter"
INITIALS = "D"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Run content that reads as one character (w:br of type page or column reads as none).
_ONE = {W + "tab", W + "ptab", W + "cr", W + "noBreakHyphen", W + "sym"}
# Subtrees of a paragraph whose runs Word does not show (or shows as another paragraph).
_NOT_OWN = {W + "del", W + "moveFrom", W + "p", W + "pPr", MC_FALLBACK, W + "txbxContent"}


@dataclass(frozen=True)
class Note:
    """A comment to write: on block `paragraph` (1-based; None: the whole speech), on the
    words [start, end) of its text."""

    paragraph: int | None
    start: int | None
    end: int | None
    text: str


def _length(child) -> int:
    if child.tag == W + "t":
        return len(child.text or "")
    if child.tag == W + "br":
        return 0 if child.get(W + "type") in ("page", "column") else 1
    return 1 if child.tag in _ONE else 0


def _runs(p) -> list:
    """The paragraph's own runs that Word shows, in order (inside hyperlinks, insertions…)."""
    out = []

    def walk(el) -> None:
        for child in el:
            if not isinstance(child.tag, str) or child.tag in _NOT_OWN:
                continue
            if child.tag == W + "r":
                out.append(child)
            else:
                walk(child)

    walk(p)
    return out


def _run_text(r) -> str:
    return "".join((c.text or "") if c.tag == W + "t" else "\n" * _length(c) for c in r)


def _keep(r, lo: int, hi: int) -> None:
    """Keep only the characters [lo, hi) of run r's text."""
    pos = 0
    for child in list(r):
        n = _length(child)
        if child.tag == W + "rPr":
            continue
        a, b = max(lo, pos), min(hi, pos + n)
        if (n == 0 and not lo <= pos < hi) or (n and a >= b):
            r.remove(child)  # a field mark or a picture goes with the half it stands in
        elif child.tag == W + "t" and (a, b) != (pos, pos + n):
            child.text = (child.text or "")[a - pos:b - pos]
            child.set(_XML_SPACE, "preserve")
        pos += n


def _split(r, k: int):
    """Split run r after k characters; returns the second half (r keeps the first)."""
    tail = deepcopy(r)
    _keep(r, 0, k)
    _keep(tail, k, 10**9)
    r.addnext(tail)
    return tail


def _cut(p, start: int, end: int) -> tuple | None:
    """Split the paragraph's runs so that [start, end) of its text is whole runs; returns the
    first and last of them."""
    for offset in (start, end):
        pos = 0
        for r in _runs(p):
            n = len(_run_text(r))
            if pos < offset < pos + n:
                _split(r, offset - pos)
                break
            pos += n
    inside, pos = [], 0
    for r in _runs(p):
        n = len(_run_text(r))
        if n and start <= pos and pos + n <= end:
            inside.append(r)
        pos += n
    return (inside[0], inside[-1]) if inside else None


def paragraph_text(p) -> str:
    return "".join(_run_text(r) for r in _runs(p))


def _span(p, block_text: str, note: Note) -> tuple | None:
    """The runs of paragraph p that hold the note's words (all of p when it names none)."""
    from drafter.text.align import align

    text = paragraph_text(p)
    if not text:
        return None
    if note.start is None:
        return _cut(p, 0, len(text))
    a = align(block_text, text, note.start)
    b = align(block_text, text, note.end) if note.end is not None else a
    b = max(b, a + 1) if a < len(text) else b  # a gap: the character after it
    return _cut(p, max(0, min(a, len(text) - 1)), min(b, len(text)))


def annotate(data: bytes, speech: Speech, notes: list[Note]) -> bytes:
    """A copy of the .docx `data` (whose text `speech` was read from) with each note as a Word
    comment anchored on its words."""
    import docx
    from docx.text.run import Run

    doc = docx.Document(BytesIO(data))
    paras = list(doc.element.iter(W + "p"))
    fallback = next((p for p in paras if paragraph_text(p).strip()), paras[0] if paras else None)
    for note in notes:
        block = speech.blocks[note.paragraph - 1] if note.paragraph else None
        p = paras[block.source] if block and block.source is not None and \
            0 <= block.source < len(paras) else None
        span = _span(p, block.text, note) if p is not None else None
        text = note.text
        if span is None and fallback is not None:
            span = _cut(fallback, 0, len(paragraph_text(fallback)))
            if block is not None:  # a note's or a text box's words: say where they are
                words = block.text if len(block.text) <= 12 else block.text[:12] + "…"
                text += f"（见“{words}”）"
        if span is None:
            continue
        comment = doc.comments.add_comment(text=text, author=AUTHOR, initials=INITIALS)
        Run(span[0], None).mark_comment_range(Run(span[1], None), comment.comment_id)
    _reference_style(doc)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


# Word's own character style for the comment mark in the text (批注引用), which python-docx's
# reference runs name; a document without comments has none.
_REFERENCE_STYLE = (
    '<w:style xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
    '<w:rPr><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>'
)


def _reference_style(doc) -> None:
    """Add the style where it is missing: to styles.xml, and to the copy of the styles Word
    2010 keeps (stylesWithEffects.xml), which must hold the same styles."""
    from lxml import etree

    styles = doc.styles.element
    if styles.get_by_id("CommentReference") is not None:
        return
    styles.append(etree.fromstring(_REFERENCE_STYLE))
    for part in doc.part.package.iter_parts():
        if part.partname == "/word/stylesWithEffects.xml":
            root = etree.fromstring(part.blob)
            root.append(etree.fromstring(_REFERENCE_STYLE))
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                        standalone=True)
