"""What the page is sent: the outline library with its field metadata (the same that drives
`drafter new`), and a speech with its check findings as JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from drafter.spec.validate import FONT_CHOICES, merged_fields
from drafter.web.spec_json import PATH_FIELDS

# drafter's field types as the page's form knows them.
_FORM_TYPES = {"str": "text", "level": "choice"}
# The form does not ask for these: the outline is chosen on its own, paths are refused.
_NOT_ASKED = ("outline", *PATH_FIELDS)


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def outlines() -> list[dict[str, Any]]:
    from drafter.drafting import outline as outline_mod

    return [outline_info(outline_mod.load_stored(path.resolve()))
            for path in outline_mod.library().values()]


def outline_info(o) -> dict[str, Any]:
    levels = _levels(o.levels)
    return {"id": o.id, "name": o.name, "occasion": o.occasion, "summary": o.summary,
            "levels": levels,
            "length": {"min": o.lengths[0], "max": o.lengths[1], "default": o.length},
            "fields": [_field(name, fs, levels) for name, fs in merged_fields(o.fields).items()
                       if name not in _NOT_ASKED]}


def _levels(written_for: tuple[str, ...]) -> list[str]:
    """The level names a spec may give for this outline, in the places table's order."""
    from drafter.drafting.context import expand_levels
    from drafter.text import places

    names = places.level_names()
    if not written_for:
        return names
    fit = expand_levels(written_for)
    return [n for n in names if n in fit]


def _field(name: str, fs, levels: list[str]) -> dict[str, Any]:
    choices = _choices(name, fs, levels)
    # A role left empty is read from the speaker's title; "fill in the examples" must not make
    # a 镇长 speak as a 书记, so the role offers choices and no example.
    example = None if name == "speaker.role" else jsonable(fs.example)
    if fs.type == "level":
        from drafter.drafting.starter import levels_help

        fs = dataclasses.replace(fs, help=levels_help(fs.help, tuple(levels)))
    return {"name": name, "type": "choice" if choices and fs.type == "str" else
            _FORM_TYPES.get(fs.type, fs.type), "required": fs.required,
            "default": jsonable(fs.default), "example": example, "help": fs.help,
            "keys": list(fs.keys), "choices": choices}


def _choices(name: str, fs, levels: list[str]) -> list[str] | None:
    if fs.type == "level":
        return levels
    if name == "fonts":
        return list(FONT_CHOICES)
    if name == "speaker.role":
        from drafter.drafting.context import role_choices

        return role_choices()
    return None


def speech_info(speech, findings) -> dict[str, Any]:
    """title, blocks, findings, length and minutes of a speech (drafted or uploaded)."""
    from drafter.document.speech import CHARS_PER_MINUTE

    count = speech.char_count()
    return {"title": speech.title, "length": count, "minutes": round(count / CHARS_PER_MINUTE, 1),
            "blocks": [_block(b) for b in speech.blocks],
            "findings": [_finding(f) for f in findings]}


def _block(b) -> dict[str, Any]:
    """A block for the preview; `bold` holds the [start, end) offsets of its bold runs (the
    lead phrases 一是……。), so the page sets them as the .docx does."""
    bold, at = [], 0
    for r in b.runs:
        if r.bold and r.text:
            if bold and bold[-1][1] == at:
                bold[-1][1] = at + len(r.text)
            else:
                bold.append([at, at + len(r.text)])
        at += len(r.text)
    return {"kind": b.kind, "level": b.level, "text": b.text, "bold": bold}


def _finding(f) -> dict[str, Any]:
    return {"code": f.code, "rule": f.rule, "severity": f.severity, "message": f.message,
            "block": None if f.paragraph is None else f.paragraph - 1,
            "start": f.start, "end": f.end, "excerpt": f.excerpt}
