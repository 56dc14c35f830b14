"""name: other places' and people's names carried over from another speech."""

from __future__ import annotations

from drafter.analysis.names import speaker_names, tagged_people, tagged_places
from drafter.checks.base import Finding, excerpt, para, table
from drafter.checks.document import Doc, name_lists


def _speaker_names(doc: Doc) -> set[str]:
    return {n for b in doc.blocks if b.kind == "speaker" for n in speaker_names(b.text)}


def _speaker_calls(doc: Doc, titles: list[str]) -> set[str]:
    """How the speech may call its own speaker: surname + a post of the speaker line (李建国,
    镇党委书记 → 李书记)."""
    lines = [b.text for b in doc.blocks if b.kind == "speaker"]
    posts = [t for t in titles if any(t in line for line in lines)]
    return {n[0] + t for n in _speaker_names(doc) if len(n) >= 2 for t in posts}


def _honour(text: str, name: str, pos: int, stems: list[str]) -> bool:
    """A title a place wins, not a place: 省级文明街道, 国家卫生城市 (the stem is a quality)."""
    return pos > 0 and text[pos - 1] == "级" or any(name.startswith(s) for s in stems)


def run(doc: Doc) -> list[Finding]:
    t = table()["names"]
    own = set(doc.own_places)
    allowed = set(t["allowed_people"]) | _speaker_names(doc) | _speaker_calls(doc, t["titles"])
    where = f"（本篇：{'、'.join(sorted(own))}）" if own else ""
    out = []
    for i in doc.body:
        text = doc.text(i)
        seen = set()
        for name, pos in tagged_places(text, name_lists()):
            if name in own or name in seen or _honour(text, name, pos, t["honour_stems"]):
                continue
            seen.add(name)
            out.append(
                Finding(
                    "name",
                    para(i),
                    "warning",
                    f"出现其他地名“{name}”{where}：请核对是否照搬自别的讲话",
                    excerpt(text, pos, pos + len(name)),
                    pos,
                    pos + len(name),
                )
            )
        for name, written, pos in tagged_people(text, name_lists()):
            if name in allowed or written in allowed or written in seen:
                continue
            seen.add(written)
            out.append(
                Finding(
                    "name",
                    para(i),
                    "warning",
                    f"出现人名“{written}”：请核对是否照搬自别的讲话",
                    excerpt(text, pos, pos + len(written)),
                    pos,
                    pos + len(written),
                )
            )
    return out
