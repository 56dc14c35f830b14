"""The context rule: wording that does not fit the speech's level, institution, speaker,
season or formulas (data/context_rules.yaml, the table the outline library is tested with)."""

from __future__ import annotations

from drafter.checks.base import Finding, para
from drafter.checks.catalog import by_context_id
from drafter.checks.context_rules import find
from drafter.checks.document import Doc
from drafter.drafting.context import make
from drafter.text import places


def run(doc: Doc) -> list[Finding]:
    speaker = doc.speech.speaker
    title = speaker.rsplit(" ", 1)[0] if " " in speaker else speaker
    level = doc.declared_level or _bureau(title) or doc.level_info[0]
    if level is None:
        return []  # without a level the rules cannot know what fits
    ctx = make(level, doc.meeting_date, title)
    name = doc.speech.title
    place = places.vocabulary(name, ctx.level) if ctx.level in places.table() else {}
    starts, pos, parts = [], 0, []
    for i in doc.body:
        starts.append((pos, i))
        parts.append(doc.text(i))
        pos += len(parts[-1]) + 1
    text = "\n".join(parts)
    out = []
    reported = by_context_id()
    for hit in find(text, ctx, {k: v for k, v in place.items() if k != "name"}, None,
                    dated=doc.meeting_date is not None):
        rule = reported.get(hit.rule)
        if rule is None:
            continue  # a rule for drafter's own outlines only
        at, i = max((s for s in starts if s[0] <= hit.start), default=(0, None))
        local = doc.text(i) if i is not None else ""
        if hit.end > hit.start:
            out.append(Finding(rule.name, para(i), "warning", hit.message,
                               local[max(0, hit.start - at - 8):hit.end - at + 8],
                               hit.start - at, hit.end - at))
        else:
            out.append(Finding(rule.name, None, "warning", hit.message))
    return out


def _bureau(title: str) -> str | None:
    """A 局长 or 局党组书记 speaks for a 局, whatever county the title names (临川县教育局)."""
    return "局" if any(post in title for post in ("局长", "局党组", "局党委")) else None
