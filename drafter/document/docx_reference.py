"""A speech on a unit's own Word template (--reference-doc, as pandoc names it): the template's
styles, page setup, headers and footers (a 红头 in the header included) are kept; its body is
replaced by the speech, each paragraph in the style of its role (Title, Heading 1, Normal…, the
names Word itself uses whatever its language). Roles the template has no style for take
drafter's own, and the caller is told which."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import docx
from docx.oxml.ns import qn

from drafter.document import docx_build
from drafter.document import docx_writer as dw
from drafter.document.docx_reader import check_template
from drafter.document.speech import Speech

# Role (style name) → how a writer knows it.
ROLE_NAMES = {
    "Title": "标题", "Subtitle": "副标题、讲话人和日期", "Salutation": "称呼",
    "Normal": "正文", "Heading 1": "一级标题", "Heading 2": "二级标题", "Heading 3": "三级标题",
    "Heading 4": "四级标题",
}


@dataclass
class Laid:
    """The .docx bytes, and the roles the template lacked (drafter's own styles were used)."""

    data: bytes
    missing: list[str] = field(default_factory=list)


def on_template(speech: Speech, template: Path | str, *, author: str = "", subject: str = "",
                layout: str | dw.Layout = "gb", fonts: str | None = None) -> Laid:
    _checked(*_identity(Path(template)))
    doc = docx.Document(str(template))
    # Word 2010's copy of the styles: it would disagree with the styles we add (Word 2013 and
    # later rebuild it; openxml-audit reports the mismatch as content Word may call unreadable).
    rels = doc.part.rels
    for rid in [k for k, r in rels.items() if r.reltype.endswith("/stylesWithEffects")]:
        del rels[rid]
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):  # the last sectPr: the template's page and its footers
            body.remove(child)
    needed = list(dict.fromkeys(dw.style_name(b) for b in speech.blocks))
    base = docx_build.base_bytes(dw.layout_of(layout), dw.fonts_of(fonts, layout))
    ours = docx.Document(BytesIO(base)).styles
    missing = [name for name in needed if not _has_style(doc, name)]
    for name in missing:
        _adopt(doc, ours[name].element)
    docx_build.fill(doc, speech, layout)
    docx_build.set_core_properties(doc, speech, author=author, subject=subject)
    buf = BytesIO()
    doc.save(buf)
    return Laid(buf.getvalue(), [f"{ROLE_NAMES[n]}（{n}）" for n in missing])


def _identity(path: Path) -> tuple[Path, int, int]:
    try:
        st = path.stat()
    except OSError:
        return path, -1, -1  # check_template says what is wrong with it
    return path.resolve(), st.st_mtime_ns, st.st_size


@lru_cache(maxsize=8)
def _checked(path: Path, mtime_ns: int, size: int) -> None:
    """The template checked once per process while it is unchanged: a batch lays every cell
    on the same file, and the check inflates all of it."""
    check_template(path)


def _has_style(doc, name: str) -> bool:
    try:
        return doc.styles[name].type is not None
    except KeyError:
        return False


def _adopt(doc, element) -> None:
    """Copy one of drafter's paragraph styles into the template, without its link to a
    character style the template may not have."""
    style = deepcopy(element)
    for tag in ("w:link", "w:rsid"):
        el = style.find(qn(tag))
        if el is not None:
            style.remove(el)
    doc.styles.element.append(style)
