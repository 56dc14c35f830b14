"""Reader: a .docx (ours or anyone's) → Speech, so edited files convert and can be checked."""

from __future__ import annotations

from pathlib import Path

from drafter.document.markdown import SALUTATION, front_kind
from drafter.document.plaintext import heading_level
from drafter.document.speech import Block, Run, Speech
from drafter.errors import DrafterError, os_reason


def read_docx(path: Path | str) -> Speech:
    import zipfile

    import docx
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    path = Path(path)
    if path.is_dir():
        raise DrafterError(f"这是一个文件夹，不是文件：{path}", path)
    try:
        doc = docx.Document(str(path))
    except FileNotFoundError as e:
        raise DrafterError(f"找不到文件：{path}", path) from e
    except OSError as e:  # unreadable: strerror is English
        raise DrafterError(f"无法读取文件：{os_reason(e)}", path) from e
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError, XMLSyntaxError,
            PythonDocxError) as e:
        # python-docx says PackageNotFoundError both for a missing file and for one that is
        # not a zip package at all.
        if not path.exists():
            raise DrafterError(f"找不到文件：{path}", path) from e
        raise DrafterError("不是有效的 .docx 文件", path, hint="用 Word 或 WPS 另存为 .docx") from e
    speech = Speech()
    body = False
    for p in doc.paragraphs:
        # A manual line break (Shift+Enter) inside a Chinese paragraph is not a new paragraph.
        runs = [Run(r.text.replace("\n", ""), _bold(r)) for r in p.runs if r.text]
        text = "".join(r.text for r in runs).strip()
        if not text:
            continue
        p_style = _style(p)
        style = p_style.name if p_style is not None else ""
        centred = _centred(p, p_style)
        if not speech.blocks:
            kind = "title"
        elif style.startswith("Heading ") and style[8:].isdigit():
            speech.blocks.append(Block("heading", _strip(runs), min(4, int(style[8:]))))
            body = True
            continue
        elif not body and (style == "Subtitle" or centred):
            kind = front_kind(text)
        elif not body and SALUTATION.match(text):
            kind = "salutation"
        else:
            body = True
            level = heading_level(text)
            if level and not any(r.bold for r in runs[1:]):
                speech.blocks.append(Block("heading", _strip(runs), level))
                continue
            kind = "paragraph"
        if kind in ("title", "subtitle", "speaker", "date", "salutation"):
            runs = [Run(text)]
        else:
            body = True
        speech.blocks.append(Block(kind, _strip(runs)))
    if not speech.blocks:
        raise DrafterError("文档是空的", path)
    return speech


# python-docx raises on attribute values it has no mapping for (w:jc="start", which LibreOffice
# writes for left-aligned text; w:b w:val="yes") and on a style id with a quote in it (its XPath
# breaks): such a value reads as unset.
def _unreadable():
    from docx.exceptions import PythonDocxError
    from lxml.etree import LxmlError

    return (ValueError, PythonDocxError, LxmlError)


def _style(p):
    try:
        return p.style
    except _unreadable():
        return None


def _centred(p, style) -> bool:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for fmt in (p, style.paragraph_format if style is not None else None):
        try:
            if fmt is not None and fmt.alignment == WD_ALIGN_PARAGRAPH.CENTER:
                return True
        except _unreadable():
            pass
    return False


def _bold(run) -> bool:
    try:
        return bool(run.bold)
    except _unreadable():
        return False


def _strip(runs: list[Run]) -> list[Run]:
    """Leading full-width spaces some writers type instead of an indent are not text."""
    if runs:
        runs[0] = Run(runs[0].text.lstrip(" \u3000"), runs[0].bold)
        runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold)
    return [r for r in runs if r.text]
