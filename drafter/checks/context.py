"""The context rule: wording that does not fit the speech's level, institution, speaker,
season or formulas (data/context_rules.yaml, the table the outline library is tested with)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from functools import lru_cache
from typing import Any

import drafter.checks.units as units
from drafter.checks.base import Finding, para, table
from drafter.checks.catalog import by_context_id
from drafter.checks.context_rules import Hit, _fill, _fire, _outermost, active, find
from drafter.checks.document import Doc
from drafter.drafting.context import make
from drafter.text import places


def run(doc: Doc) -> list[Finding]:
    title = post(doc.speech.speaker)
    level = (doc.declared_level or _bureau(title) or _bureau_title(doc.speech.title)
             or doc.level_info[0])
    if level is None:
        return []  # without a level the rules cannot know what fits
    if units.active():  # the same speaker, date and place for every draft of a batch
        ctx, place = _setting(level, doc.meeting_date, title, tuple(doc.own_places))
    else:
        ctx, place = _setting.__wrapped__(level, doc.meeting_date, title, tuple(doc.own_places))
    starts, pos, parts = [], 0, []
    for i in doc.body:
        starts.append((pos, i))
        parts.append(doc.text(i))
        pos += len(parts[-1]) + 1
    text = "\n".join(parts)
    dated = doc.meeting_date is not None
    hits = None
    if units.active():
        pieces = _body_units(doc)
        if pieces is not None:
            hits = _by_units(text, pieces, place, *_plan(level, doc.meeting_date, title,
                                                         tuple(doc.own_places)))
    if hits is None:
        hits = find(text, ctx, place, None, dated=dated)
    return _findings(doc, hits, starts)


@lru_cache(maxsize=64)
def _setting(level: str, meeting: dt.date | None, title: str, own_places: tuple[str, ...]
             ) -> tuple[Any, dict[str, str]]:
    """The context the rules are read in, and the place.* words they are filled with."""
    ctx = make(level, meeting, title)
    place = places.vocabulary("", ctx.level) if ctx.level in places.table() else {}
    # The speech's own place (枫林乡, from the title block) fills {place.name}; without one
    # the rules that need it are left out rather than fed the whole title.
    suffix = places.table()[ctx.level]["suffix"] if place else None
    own = next((p for p in own_places if suffix and p.endswith(suffix)), None)
    place = {k: v for k, v in place.items() if k not in ("name", "short")}
    if own:
        place.update(name=own, short=places.short_name(own, ctx.level))
    return ctx, place


def _findings(doc: Doc, hits: list[Hit], starts: list[tuple[int, int]]) -> list[Finding]:
    out = []
    reported = by_context_id()
    for hit in hits:
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


_CONFIGS: dict[tuple, int] = {}  # the rules and words of a context → a short key for the cache
_MAX_CONFIGS = 256


@lru_cache(maxsize=64)
def _plan(level: str, meeting: dt.date | None, title: str, own_places: tuple[str, ...]
          ) -> tuple[list[dict], list[tuple[int, dict]], int | None]:
    """The rules that hold in this context, those read unit by unit (all but `require`), and
    the cache's key for what they are filled with (None: a word would hold a 。 or a line
    break, and find() must read the whole text)."""
    ctx, place = _setting(level, meeting, title, own_places)
    rules = active(ctx, None, meeting is not None)
    local = [(k, r) for k, r in enumerate(rules) if "require" not in r]
    config = tuple((k, r["id"], _fill(r["message"], place), r.get("pattern"),
                    tuple(_fill(w, place) for w in r.get("words", ()))) for k, r in local)
    if any(w and ("。" in w or "\n" in w) for *_, words in config for w in words):
        return rules, local, None
    if config not in _CONFIGS and len(_CONFIGS) >= _MAX_CONFIGS:
        _CONFIGS.clear()  # the keys start again: what was kept under the old ones goes too
        units.forget("context")
        _plan.cache_clear()
    return rules, local, _CONFIGS.setdefault(config, len(_CONFIGS))


def _body_units(doc: Doc) -> list[tuple[int, str]] | None:
    """units.split(body, lines=True) of the body's paragraphs joined by line breaks, from the
    paragraphs' own units: cut after a 。 that a hanzi follows and after a paragraph ending in
    。 (with its line break); a paragraph that does not end in 。 runs on into the next. None
    when a paragraph holds a line break (then the body is cut as one text)."""
    out: list[tuple[int, str]] = []
    pos, carry, carry_at, last = 0, "", 0, len(doc.body) - 1
    for n, i in enumerate(doc.body):
        text = doc.texts[i]
        if "\n" in text:
            return None
        pieces = doc.units(i)
        if not carry and n < last and text.endswith("。"):  # (most paragraphs)
            out += [(pos + u, unit) for u, unit in pieces]
            out[-1] = (out[-1][0], out[-1][1] + "\n")
            pos += len(text) + 1
            continue
        for k, (u, unit) in enumerate(pieces):
            at = pos + u
            if carry:
                unit, at, carry = carry + unit, carry_at, ""
            if k == len(pieces) - 1 and n < last:
                unit += "\n"
                if not text.endswith("。"):
                    carry, carry_at = unit, at
                    continue
            out.append((at, unit))
        pos += len(text) + 1
    return out or [(0, "")]


def _by_units(text: str, pieces: list[tuple[int, str]], place: dict[str, str],
              rules: list[dict], local: list[tuple[int, dict]], key: int | None
              ) -> list[Hit] | None:
    """find() unit by unit. No pattern or word of the table holds a 。 and none starts with a
    line break, so none matches across a cut (a [^。！；] gap may cross a paragraph's end, but
    not one that ends with 。); the lookbehinds forbid hanzi, never 。 or a line break; a
    lookahead reads words, which cannot run past a 。. None when a place's name would bring a
    。 or a line break into a word: then find() does it."""
    if key is None:
        return None
    kept = units.table(("context", key))
    hits: list[tuple[int, int, Hit]] = []
    for k, rule in enumerate(rules):
        if "require" in rule:
            hits += [(h.start, k, h) for h in _fire(rule, text, place)]
    texts = [unit for _, unit in pieces]
    found = list(map(kept.data.get, texts))
    if None in found:  # not asked yet
        found = [kept.get(unit, _unit_hits, unit, local, place) if f is None else f
                 for unit, f in zip(texts, found, strict=True)]
    for j in itertools.compress(range(len(found)), found):
        pos = pieces[j][0]
        for k, h in found[j]:
            hits.append((h.start + pos, k, Hit(h.rule, h.message, h.start + pos, h.end + pos)))
    hits.sort(key=lambda t: t[:2])  # find()'s order: by place, then the table's order
    return [h for *_, h in hits]


def _unit_hits(unit: str, local: list[tuple[int, dict]], place: dict[str, str]
               ) -> tuple[tuple[int, Hit], ...]:
    return tuple((k, h) for k, rule in local for h in _outermost(_fire(rule, unit, place)))
