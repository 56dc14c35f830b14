"""The page's requests done by drafter's own API: draft a spec, check a draft, lay a speech out
as .docx (on a unit's uploaded template if asked). Nothing here reads or writes a path the
request names: uploads arrive as bytes, and where drafter's readers want a file, it is one of
the server's own, in a private folder removed at once (private_file)."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from drafter.errors import DrafterError
from drafter.web import spec_json
from drafter.web.describe import speech_info
from drafter.web.errors import WebError, drafter_message

# A draft pasted or uploaded for checking: about 30 speeches' worth.
MAX_MARKDOWN_CHARS = 200_000
# The page's names first (the ones error messages list), then drafter's own.
LAYOUTS = {"standard": "gb", "podium": "podium", "gb": "gb"}
FONTS = {"gov": "gb2312", "windows": "windows", "gb2312": "gb2312"}
# drafter's caches (outlines, compiled sentences, the per-spec memo, jieba) are built for one
# thread, and the GIL runs one draft at a time anyway: drafts and checks take turns.
LOCK = threading.Lock()


@contextmanager
def private_file(data: bytes, suffix: str) -> Iterator[Path]:
    """data as a file of the server's own (mkdtemp: readable by this user only), gone after."""
    folder = tempfile.mkdtemp(prefix="drafter-web-")
    try:
        path = Path(folder) / ("upload" + suffix)
        path.write_bytes(data)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def warm() -> None:
    """Read the outline library and start the checks (jieba's dictionary) before the first
    request, under the lock, so the first drafts wait for one start instead of each making it."""
    from drafter import checks
    from drafter.document import markdown
    from drafter.web.describe import outlines

    with LOCK:
        outlines()
        checks.check(markdown.parse("# 在青石镇会议上的讲话\n\n同志们：\n\n今天召开会议。\n"), level="镇")


def draft(body: dict) -> tuple[Any, dict[str, Any]]:
    """POST /api/draft: the Result and the JSON the page gets."""
    from drafter import api, checks

    with LOCK:  # parse_spec too: validation keeps a per-process cache of specs
        spec, _ = spec_json.parse_spec(body.get("spec"), body.get("seed"), body.get("length"))
        try:
            result = api.draft(spec)
        except DrafterError as e:
            raise spec_json.render_error(e, spec) from None
        found = checks.check(result.speech, level=spec.place["level"],
                             meeting_date=spec.values["meeting"]["date"])
    info = speech_info(result.speech, found)
    info.update(markdown=result.markdown, seed=result.spec.seed)
    return result, info


def speech_from_markdown(text: Any):
    """A draft the writer edited in the page, as a Speech (direction controls removed)."""
    from drafter.document import markdown
    from drafter.text.chars import BIDI, BadCharacter, check_characters

    if not isinstance(text, str):
        raise WebError(400, "markdown 应为草稿的文字")
    if len(text) > MAX_MARKDOWN_CHARS:
        raise WebError(413, f"草稿太长：{len(text)} 字，上限 {MAX_MARKDOWN_CHARS} 字")
    try:
        check_characters(text, allow_newline=True)
    except BadCharacter as e:
        line = text.count("\n", 0, e.index) + 1
        raise WebError(422, f"草稿第 {line} 行有{e.what}（U+{ord(e.char):04X}），"
                       "请删去后再试") from None
    speech = markdown.parse(text) if text.strip() else None
    if speech is None or not any(b.text.strip() for b in speech.blocks):
        raise WebError(422, "没有正文：草稿是空的（第一行写标题，下面写讲话正文）")
    speech.strip_characters(BIDI)
    return speech


def check(speech, level: Any = None, meeting_date: Any = None) -> dict[str, Any]:
    """drafter check's findings on a speech, as the page shows them."""
    from drafter import checks

    for name, value in (("level", level), ("meeting_date", meeting_date)):
        if value is not None and not isinstance(value, str):
            raise WebError(400, f"{name} 应为文字")
    try:
        with LOCK:
            found = checks.check(speech, level=level or None, meeting_date=meeting_date or None)
    except DrafterError as e:
        raise WebError(400, drafter_message(e)) from None
    return speech_info(speech, found)


def docx(body: dict, references) -> tuple[bytes, str]:
    """POST /api/docx: the .docx bytes and the file name (the title)."""
    layout = _choice(body, "layout", LAYOUTS, "standard")
    fonts = _choice(body, "fonts", FONTS, None)
    meta = {"author": "", "subject": ""}
    if body.get("spec") is not None:
        result, _ = draft(body)
        values = result.spec.values
        speech = result.speech
        meta = {"author": values["speaker"].get("name") or "",
                "subject": values["meeting"].get("name") or ""}
        fonts = fonts or values.get("fonts")
    elif "markdown" in body:
        speech = speech_from_markdown(body["markdown"])
    else:
        raise WebError(400, "请求里要有 spec（讲话规格）或 markdown（草稿）")
    reference = body.get("reference")
    with LOCK:
        if reference:
            data = _on_template(speech, references.get(reference), layout, fonts, meta)
        else:
            from drafter import api

            data = api.to_bytes(speech, "docx", layout=layout, fonts=fonts, **meta)
    return data, speech.title


def _on_template(speech, template: bytes, layout: str, fonts, meta: dict) -> bytes:
    from drafter.document.docx_reference import on_template

    with private_file(template, ".docx") as path:
        try:
            return on_template(speech, path, layout=layout, fonts=fonts, **meta).data
        except DrafterError as e:
            raise WebError(422, "单位模板用不了：" + drafter_message(e)) from None


def _choice(body: dict, key: str, allowed: dict, default):
    value = body.get(key)
    if value is None:
        return allowed[default] if default else None
    if not isinstance(value, str) or value not in allowed:
        raise WebError(400, f"{key} 应为 " + "、".join(list(allowed)[:2]) + f" 之一，实际是 {value}")
    return allowed[value]
