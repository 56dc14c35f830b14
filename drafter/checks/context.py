"""The context rule: wording that does not fit the speech's level, institution, speaker,
season or formulas (data/context_rules.yaml, the table the outline library is tested with)."""

from __future__ import annotations

import re

from drafter.checks.base import Finding, para, table
from drafter.checks.catalog import by_context_id
from drafter.checks.context_rules import find
from drafter.checks.document import Doc
from drafter.drafting.context import make
from drafter.text import places


def run(doc: Doc) -> list[Finding]:
    title = post(doc.speech.speaker)
    level = (doc.declared_level or _bureau(title) or _bureau_title(doc.speech.title)
             or doc.level_info[0])
    if level is None:
        return []  # without a level the rules cannot know what fits
    ctx = make(level, doc.meeting_date, title)
    place = places.vocabulary("", ctx.level) if ctx.level in places.table() else {}
    # The speech's own place (枫林乡, from the title block) fills {place.name}; without one
    # the rules that need it are left out rather than fed the whole title.
    suffix = places.table()[ctx.level]["suffix"] if place else None
    own = next((p for p in doc.own_places if suffix and p.endswith(suffix)), None)
    place = {k: v for k, v in place.items() if k not in ("name", "short")}
    if own:
        place.update(name=own, short=places.short_name(own, ctx.level))
    starts, pos, parts = [], 0, []
    for i in doc.body:
        starts.append((pos, i))
        parts.append(doc.text(i))
        pos += len(parts[-1]) + 1
    text = "\n".join(parts)
    out = []
    reported = by_context_id()
    for hit in find(text, ctx, place, None, dated=doc.meeting_date is not None):
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


def post(speaker: str) -> str:
    """The speaker line's post without the name: 县委书记 from "县委书记  唐卫东" and from
    "县委书记唐卫东" (typed without a space, as in many pages)."""
    if " " in speaker or "\u3000" in speaker:
        return speaker.replace("\u3000", " ").rsplit(" ", 1)[0].strip()
    titles = sorted(table()["names"]["titles"], key=len, reverse=True)
    m = re.match(rf"(.*?(?:{'|'.join(map(re.escape, titles))}))[\u4e00-\u9fff]{{2,4}}$", speaker)
    return m.group(1) if m else speaker


# A bureau named after its place in the title (在安平市交通运输局…): not 大局, 格局, 全局.
_BUREAU_IN_TITLE = re.compile(r"[省市县区旗][\u4e00-\u9fff]{1,7}(?<![大格布结当全])局(?![面势限])")


def _bureau_title(title: str) -> str | None:
    return "局" if _BUREAU_IN_TITLE.search(title) else None


def _bureau(title: str) -> str | None:
    """A 局长 or 局党组书记 speaks for a 局, whatever county the title names (临川县教育局)."""
    return "局" if any(post in title for post in ("局长", "局党组", "局党委")) else None
