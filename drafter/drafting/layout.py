"""templates/*.md.j2 as shipped, in Python: what Jinja renders from them, a tenth of the time.

The templates stay the truth: this is used only while every template a draft goes through is
byte for byte (line endings aside) the one shipped, checked by hash whenever its file changes.
A template a writer has edited goes through Jinja as before. Whoever edits a shipped template
updates SHIPPED and the function that renders it here; tests/drafting/test_layout.py renders
drafts both ways and fails until they agree."""

from __future__ import annotations

import hashlib
import os
from typing import Any

from drafter import resources

# Hash of each shipped template (UTF-8, "\n" line ends) → how it lays out a section.
SHIPPED = {
    "frame.md.j2": "d2f464955e8d7d7111a7b49bc017ac90",
    "_macros.md.j2": "7f78b92a87d7324cc4e8919ae60c903d",
    "closing.md.j2": "ac08afafda6524f832fbd4c0788266ae",
    "directives.md.j2": "8f69ceca7242dce536465179f5c67bf3",
    "guidance.md.j2": "296669139a9411e3f077636b48571b9d",
    "opening.md.j2": "ce4918453a821e77df5d9297e5d14da5",
    "problems.md.j2": "2352ce9e79427e11ec5cbb085a4d03c3",
    "review.md.j2": "98e542d4cceed79dbc39b639a2ff59a7",
    "safeguards.md.j2": "522a8a04eb21de1fb3cb7ffee48776b3",
    "significance.md.j2": "4c877797122c5902fa23db78d6796551",
}
# The section kinds whose template calls m.heading_section (items as ### headings); the
# others call m.inline_section.
HEADING_KINDS = frozenset({"significance"})
_checked: dict[str, tuple[tuple, bool]] = {}  # path → (its stat, whether it is the shipped one)


def shipped(folder: str, kinds: set[str]) -> bool:
    """Whether the frame, the macros and the templates of these kinds in `folder` are the
    shipped ones (a stat each; a file read and hashed when its stat changes)."""
    for name in ("frame.md.j2", "_macros.md.j2", *(k + ".md.j2" for k in kinds)):
        if name not in SHIPPED:
            return False
        path = os.path.join(folder, name)
        try:
            st = resources.stat(path)
        except OSError:
            return False
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        got = _checked.get(path)
        if got is None or got[0] != stamp:
            got = _checked[path] = (stamp, _hash(path) == SHIPPED[name])
        if not got[1]:
            return False
    return True


def _hash(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as Jinja's lexer reads it
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def render(front: dict, sections: list) -> str:
    """frame.md.j2 with its sections, as Jinja renders the shipped templates."""
    out = [f"# {line}\n" for line in front["title_lines"]]
    out.append("\n")
    if front["subtitle"]:
        out.append(f"> {front['subtitle']}\n")
    if front["speaker"]:
        out.append(f"> {front['speaker']}\n")
    out.append(f"> （{front['date']}）\n\n{front['salutation']}\n\n")
    for section in sections:
        item = _heading_item if section.kind in HEADING_KINDS else _inline_item
        out.append(_heading(section))
        _paragraphs(out, section.paragraphs)
        out.append("\n")
        for it in section.items:
            item(out, it)
        _paragraphs(out, section.after)
        out.append("\n")  # the kind template's last line break
    return "".join(out)


def _join(more: Any) -> str:
    return "".join(map(str, more))  # Jinja's join filter


def _heading(section: Any) -> str:
    return f"## {section.number}{section.heading}\n\n" if section.heading else ""


def _paragraphs(out: list, paragraphs: list) -> None:
    for p in paragraphs:
        out.append(f"{p.text}{_join(p.more)}\n\n")


def _inline_item(out: list, item: Any) -> None:
    head = f"**{item.marker}{item.lead}**" if item.lead else f"{item.marker}"
    out.append(f"{head}{item.text}{_join(item.more)}\n\n")
    for sub in item.items:
        _inline_item(out, sub)


def _heading_item(out: list, item: Any) -> None:
    out.append(f"### {item.marker}{item.lead}\n\n")
    if item.text or item.more:
        out.append(f"{item.text}{_join(item.more)}\n\n")
    for sub in item.items:
        _inline_item(out, sub)
