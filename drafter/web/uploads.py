"""Files the writer uploads: an edited draft (.md/.txt/.docx) read into a Speech, and a unit's
Word template kept in memory (a few, the oldest dropped first) for /api/docx."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from pathlib import PurePath

from drafter.errors import DrafterError
from drafter.web.errors import WebError, drafter_message
from drafter.web.work import MAX_MARKDOWN_CHARS, private_file

DRAFT_SUFFIXES = (".md", ".markdown", ".txt", ".docx")
MAX_REFERENCES = 5  # each up to the 10 MB request limit


def suffix_of(filename: str | None, allowed: tuple[str, ...], what: str) -> str:
    """The upload's type by its name's extension (the name is never used as a path)."""
    suffix = PurePath((filename or "").replace("\\", "/")).suffix.lower()
    if suffix not in allowed:
        raise WebError(400, f"不支持的文件类型：{suffix or '（无扩展名）'}，{what}只能是 "
                       + "、".join(allowed))
    return suffix


def read_draft(filename: str | None, data: bytes):
    """The speech an uploaded draft holds, and warnings about what a .docx had that a re-laid
    copy cannot keep (tables, pictures, tracked changes …)."""
    suffix = suffix_of(filename, DRAFT_SUFFIXES, "草稿")
    try:
        if suffix == ".docx":
            return _capped(*_read_docx(data))
        from drafter.document import markdown, plaintext
        from drafter.files import decode_text

        text = decode_text(data)
        parse = plaintext.parse if suffix == ".txt" else markdown.parse
        speech = parse(text) if text.strip() else None
    except DrafterError as e:
        raise WebError(422, drafter_message(e)) from None
    if speech is None or not any(b.text.strip() for b in speech.blocks):
        raise WebError(422, "没有正文：文件是空的（或只有空白）")
    return _capped(speech, [])


def _capped(speech, warnings: list[str]):
    """An uploaded draft is held to the length of one pasted in the page."""
    length = len(speech.text)
    if length > MAX_MARKDOWN_CHARS:
        raise WebError(413, f"草稿太长：{length} 字，上限 {MAX_MARKDOWN_CHARS} 字")
    return speech, warnings


def _read_docx(data: bytes):
    from drafter.document.docx_reader import read_docx_report
    from drafter.web.work import LOCK

    with private_file(data, ".docx") as path, LOCK:
        speech, report = read_docx_report(path)
        report.relayout(speech)
        return speech, report.warnings()


class References:
    """Units' Word templates uploaded in this server's life, by a random id, in memory."""

    def __init__(self) -> None:
        self._kept: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, filename: str | None, data: bytes) -> dict[str, str]:
        suffix_of(filename, (".docx",), "单位模板")
        from drafter.document.docx_reader import check_template

        try:
            with private_file(data, ".docx") as path:
                check_template(path)
        except DrafterError as e:
            raise WebError(422, drafter_message(e)) from None
        name = PurePath((filename or "").replace("\\", "/")).name[:100]
        key = secrets.token_urlsafe(12)
        with self._lock:
            self._kept[key] = (name, data)
            while len(self._kept) > MAX_REFERENCES:
                self._kept.popitem(last=False)
        return {"id": key, "name": name}

    def get(self, key: object) -> bytes:
        with self._lock:
            kept = self._kept.get(key) if isinstance(key, str) else None
        if kept is None:
            raise WebError(404, "找不到这个单位模板（服务重启后或上传了更多模板后要重新上传）")
        return kept[1]
