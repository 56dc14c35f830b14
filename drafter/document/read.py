"""Reading a speech someone wrote or edited: .md, .txt or .docx → Speech."""

from __future__ import annotations

from pathlib import Path

from drafter.document import markdown, plaintext
from drafter.document.speech import Speech
from drafter.errors import DrafterError
from drafter.files import decode_text, read_file


def read_speech(path: Path | str) -> Speech:
    """A speech someone wrote or edited, from .md, .txt or .docx."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from drafter.document.docx_reader import read_docx

        return read_docx(path)
    parse = {".md": markdown.parse, ".markdown": markdown.parse, ".txt": plaintext.parse}
    if suffix not in parse:
        raise DrafterError(
            f"不支持的文件类型：{suffix or '（无扩展名）'}", path,
            hint="讲话规格用 .yaml；草稿用 .md、.txt 或 .docx",
        )
    return parse[suffix](decode_text(read_file(path), path), path)
