"""Reader: a .docx (ours or anyone's) → Speech, so edited files convert and can be checked."""

from __future__ import annotations

from pathlib import Path

from .errors import DrafterError
from .markdown import SALUTATION, front_kind
from .plaintext import heading_level
from .speech import Block, Run, Speech


def read_docx(path: Path | str) -> Speech:
    import zipfile

    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    path = Path(path)
    try:
        doc = docx.Document(str(path))
    except FileNotFoundError as e:
        raise DrafterError(f"找不到文件：{path}", path) from e
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise DrafterError("不是有效的 .docx 文件", path, hint="用 Word 或 WPS 另存为 .docx") from e
    speech = Speech()
    body = False
    for p in doc.paragraphs:
        # A manual line break (Shift+Enter) inside a Chinese paragraph is not a new paragraph.
        runs = [Run(r.text.replace("\n", ""), bool(r.bold)) for r in p.runs if r.text]
        text = "".join(r.text for r in runs).strip()
        if not text:
            continue
        style = p.style.name if p.style is not None else ""
        centred = p.alignment == WD_ALIGN_PARAGRAPH.CENTER or (
            p.style is not None and p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
        )
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


def _strip(runs: list[Run]) -> list[Run]:
    """Leading full-width spaces some writers type instead of an indent are not text."""
    if runs:
        runs[0] = Run(runs[0].text.lstrip(" \u3000"), runs[0].bold)
        runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold)
    return [r for r in runs if r.text]
