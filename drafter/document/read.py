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
    text = decode_text(read_file(path), path)
    meta: dict = {}
    if parse[suffix] is markdown.parse:
        text, meta = _front_matter(text)
    # An empty draft would be written as a .docx with no text, which drafter then refuses to
    # read back ("文档是空的"): refuse it here, before anything is written.
    speech = parse[suffix](text, path) if text.strip() else Speech()
    speech.meta = meta
    if not any(b.text.strip() for b in speech.blocks):
        raise DrafterError("没有正文：文件是空的（或只有空白）", path,
                           hint="第一行写标题，下面写讲话正文")
    return speech


def _front_matter(text: str) -> tuple[str, dict]:
    """A corpus file's YAML front matter (drafter corpus clean writes one) is not speech: it is
    blanked, so that line numbers still count from the file's first line, and returned as a
    dict (empty when it is not a mapping YAML can read: then it is only skipped)."""
    if not text.startswith("---\n"):
        return text, {}
    end = text.find("\n---\n", 3)
    if end < 0:
        return text, {}
    import yaml

    try:
        meta = yaml.safe_load(text[4:end])
    except yaml.YAMLError:
        meta = None
    return "\n" * text.count("\n", 0, end + 5) + text[end + 5:], \
        meta if isinstance(meta, dict) else {}
