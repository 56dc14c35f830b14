"""--fix: apply the mechanical repairs findings carry (Finding.fix) to the checked file itself.

A finding points into a block's text; the file may hold that text with markup (Markdown's **,
a .docx's runs). Each repair is placed by the words around it, found once and only once in the
file (or in its source line, when the reader recorded one); a repair that cannot be placed
for certain is left alone and reported, never guessed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from drafter.checks.base import Finding
from drafter.document.speech import Speech

CONTEXT = 6  # characters either side that must match around the words to repair


@dataclass(frozen=True)
class Edit:
    """Replace `old` (with `before` and `after` around it) by `new`."""

    before: str
    old: str
    after: str
    new: str
    line: int | None = None  # 1-based source line of a text file, if known


@dataclass
class Outcome:
    data: bytes | None = None
    done: list[Finding] = field(default_factory=list)
    missed: list[Finding] = field(default_factory=list)


def edits(speech: Speech, findings: list[Finding]) -> list[tuple[Finding, Edit]]:
    """The findings that carry a repair, as edits placed by their surrounding words."""
    out = []
    for f in findings:
        if f.fix is None or f.paragraph is None or f.start is None or f.end is None:
            continue
        block = speech.blocks[f.paragraph - 1]
        text = block.text
        out.append((f, Edit(text[max(0, f.start - CONTEXT):f.start], text[f.start:f.end],
                            text[f.end:f.end + CONTEXT], f.fix, block.source)))
    return out


def apply(path: Path, data: bytes, speech: Speech, findings: list[Finding]) -> Outcome:
    """The file's new bytes with every repair that can be placed for certain."""
    todo = edits(speech, findings)
    if not todo:
        return Outcome()
    if path.suffix.lower() == ".docx":
        from drafter.document.docx_edit import replace_text

        placed = replace_text(data, [e for _, e in todo])
        new = placed.data
        ok = placed.done
    else:
        from drafter.files import decode_text

        text, ok = apply_to_text(decode_text(data, path), [e for _, e in todo])
        new = text.encode("utf-8")
    outcome = Outcome(new if any(ok) else None)
    for (f, _), done in zip(todo, ok, strict=True):
        (outcome.done if done else outcome.missed).append(f)
    return outcome


def apply_to_text(text: str, todo: list[Edit]) -> tuple[str, list[bool]]:
    """Text with the edits applied; for each edit whether it was placed."""
    spans: list[tuple[int, int, str]] = []
    placed = []
    for e in todo:
        at = locate(text, e)
        ok = at is not None and not any(at < s_end and s_start < at + len(e.old)
                                        for s_start, s_end, _ in spans)
        if ok:
            spans.append((at, at + len(e.old), e.new))
        placed.append(ok)
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text, placed


def locate(text: str, e: Edit) -> int | None:
    """Where e.old starts in text: its surroundings found exactly once, in its line when known.
    Context is shortened from the side markup may break (a ** after a heading), never to nothing
    on both sides unless the words themselves are unique."""
    lo, hi = _line_span(text, e.line)
    region = text[lo:hi]
    for left, right in _contexts(e):
        needle = left + e.old + right
        first = region.find(needle)
        if first >= 0 and region.find(needle, first + 1) < 0:
            return lo + first + len(left)
    return None


def _contexts(e: Edit) -> list[tuple[str, str]]:
    out = []
    for n in range(CONTEXT, -1, -1):
        out += [(e.before[len(e.before) - n:] if n else "", e.after[:n]),
                (e.before[len(e.before) - n:] if n else "", ""), ("", e.after[:n])]
    return list(dict.fromkeys(out))


def _line_span(text: str, line: int | None) -> tuple[int, int]:
    if not line:
        return 0, len(text)
    lines = text.splitlines(keepends=True)
    if line > len(lines):
        return 0, len(text)
    lo = sum(len(x) for x in lines[:line - 1])
    return lo, lo + len(lines[line - 1])
