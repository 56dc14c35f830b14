"""name: other places' and people's names carried over from another speech."""

from __future__ import annotations

from drafter.analysis.names import speaker_names, tagged_people, tagged_places
from drafter.checks.base import Finding, excerpt, para, table
from drafter.checks.document import Doc, name_lists


def _speaker_names(doc: Doc) -> set[str]:
    return {n for b in doc.blocks if b.kind == "speaker" for n in speaker_names(b.text)}


def run(doc: Doc) -> list[Finding]:
    t = table()["names"]
    own = set(doc.own_places)
    allowed = set(t["allowed_people"]) | _speaker_names(doc)
    where = f"（本篇：{'、'.join(sorted(own))}）" if own else ""
    out = []
    for i in doc.body:
        text = doc.text(i)
        seen = set()
        for name, pos in tagged_places(text, name_lists()):
            if name in own or name in seen:
                continue
            seen.add(name)
            out.append(
                Finding(
                    "name",
                    para(i),
                    "warning",
                    f"出现其他地名“{name}”{where}：请核对是否照搬自别的讲话",
                    excerpt(text, pos, pos + len(name)),
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
                )
            )
    return out
