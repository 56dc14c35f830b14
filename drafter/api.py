"""API: composes the stages — spec → outline → render → Speech → writers."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter.document import markdown
from drafter.document.output import atomic_write
from drafter.document.speech import CHARS_PER_MINUTE, Speech
from drafter.drafting import outline as outline_mod
from drafter.drafting import render as render_mod
from drafter.errors import DrafterError
from drafter.spec import SPEC_SUFFIXES
from drafter.spec import validate as spec_mod
from drafter.spec.source import Source

FORMATS = ("docx", "md", "txt")
__all__ = ["CHARS_PER_MINUTE", "FORMATS", "Result", "draft", "load_spec", "read_speech",
           "read_draft", "to_bytes", "write", "write_docx"]


def read_speech(path: Path | str) -> Speech:
    """A speech from a .docx, .md or .txt file (document/read.py, imported when first used:
    reading a file is not on `drafter draft SPEC`'s path)."""
    from drafter.document.read import read_speech as read

    return read(path)


@dataclass
class Result:
    """A drafted speech and what was measured about it."""

    speech: Speech
    markdown: str
    length: int
    target: int | None
    outline: outline_mod.Outline | None = None
    spec: spec_mod.Spec | None = None

    @property
    def minutes(self) -> float:
        return self.length / CHARS_PER_MINUTE


def load_spec(path: Path | str | Source) -> tuple[spec_mod.Spec, outline_mod.Outline]:
    """Read and validate a spec file (or an already loaded one), with the outline it names."""
    src = spec_mod.check_source(path) if isinstance(path, Source) else spec_mod.read(path)
    base = src.path.parent if src.path else None
    outline = outline_mod.find(src.data["outline"].strip(), base, src)
    return spec_mod.validate(src, outline.fields), outline


def draft(spec: spec_mod.Spec | Source | Path | str, *, seed: int | None = None,
          length: int | None = None) -> Result:
    """Draft a speech from a spec (a validated Spec or the path of a spec file)."""
    if isinstance(spec, spec_mod.Spec):
        outline = outline_mod.find(spec.outline, spec.path.parent if spec.path else None)
        # A Spec the caller holds may have been changed since it was validated: what drafts
        # of its data share (spec.key) would not be its own.
        spec = dataclasses.replace(spec, key=None)
    else:
        spec, outline = load_spec(spec)
    if seed is not None:
        spec = spec.with_seed(seed)
    d = render_mod.render(outline, spec, length)
    speech = _speech(d.markdown)
    return Result(speech, d.markdown, speech.char_count(), d.target, outline, spec)


def _speech(text: str) -> Speech:
    """The Speech of a draft just rendered: read directly when it keeps to what the frame
    writes (drafting/to_speech.py), which spares importing markdown-it; else by markdown-it."""
    from drafter.drafting import to_speech

    speech = to_speech.parse(text)
    return speech if speech is not None else markdown.parse(text)


def to_bytes(speech: Speech, fmt: str, author: str = "", subject: str = "",
             layout: str = "gb", fonts: str | None = None) -> bytes:
    if fmt == "md":
        return markdown.dumps(speech).encode("utf-8")
    if fmt == "txt":
        from drafter.document import plaintext

        return plaintext.dumps(speech).encode("utf-8")
    if fmt == "docx":
        from drafter.document import docx_writer

        return docx_writer.to_bytes(speech, author=author, subject=subject, layout=layout,
                                    fonts=fonts)
    raise DrafterError(f"未知的输出格式：{fmt}", hint="可用：" + "、".join(FORMATS))


def write(speech: Speech, path: Path | str, fmt: str | None = None, *, force: bool = False,
          author: str = "", subject: str = "", layout: str = "gb",
          fonts: str | None = None, durable: bool = True) -> Path:
    """Write a speech as .docx, .md or .txt (by fmt, else by the file's extension), atomically.
    layout: "gb" (GB/T 9704) or "podium" (讲台版, larger type for reading aloud); fonts:
    "gb2312" (仿宋_GB2312…) or "windows" (仿宋, 楷体, 黑体, 宋体); both .docx only.
    durable=False: no fsync per file (a batch syncs once; see output.atomic_write)."""
    path = Path(path)
    fmt = fmt or path.suffix.lower().lstrip(".") or "docx"
    return atomic_write(path, to_bytes(speech, fmt, author, subject, layout, fonts), force=force,
                        durable=durable)


def layout(value: str, base: Path | None = None) -> Any:
    """A layout for the .docx writer: "gb", "podium", or a layout settings file (.yaml, relative
    to base), checked, with its numbers turned into page geometry."""
    from drafter.spec.layout import BASES, is_layout_file, load_layout

    if not is_layout_file(value):
        if value not in BASES:
            raise DrafterError(f"未知的版式：{value}",
                               hint="可用：gb（公文版）、podium（讲台版），或版式文件 .yaml（见 docs/format.md）")
        return value
    from drafter.document.docx_writer import Layout

    path = (base / value) if base is not None and not Path(value).is_absolute() else Path(value)
    return Layout.from_settings(load_layout(path), path.stem)


def write_on_template(speech: Speech, path: Path | str, template: Path | str, *,
                      force: bool = False, author: str = "", subject: str = "",
                      layout: str = "gb", fonts: str | None = None, durable: bool = True
                      ) -> tuple[Path, list[str]]:
    """Write the speech as .docx on a unit's own Word template (its styles, page, headers and
    footers); returns the path and the roles the template had no style for."""
    from drafter.document.docx_reference import on_template

    laid = on_template(speech, template, author=author, subject=subject, layout=layout,
                       fonts=fonts)
    return atomic_write(Path(path), laid.data, force=force, durable=durable), laid.missing


def write_docx(speech: Speech, path: Path | str, *, force: bool = False, author: str = "",
               layout: str = "gb") -> Path:
    return write(speech, path, "docx", force=force, author=author, layout=layout)


def read_draft(path: Path | str) -> str:
    """The body text of a draft to check: a spec (.yaml, drafted first), a draft or speech
    (.md/.txt/.docx), or a corpus document (.md with front matter)."""
    from drafter.corpus import overlap

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in SPEC_SUFFIXES:
        return overlap.body_text(draft(path).speech)
    if suffix in (".md", ".markdown") and path.is_file():
        with path.open(encoding="utf-8-sig", errors="replace") as f:
            corpus_doc = f.read(4) == "---\n"
        if corpus_doc:
            from drafter.corpus.clean import read_doc

            return read_doc(path).text
    return overlap.body_text(read_speech(path))
