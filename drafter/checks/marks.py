"""Punctuation: half-width marks in Chinese text (C201), doubled marks (C202), spaces inside
Chinese text (C203) — all three repaired by --fix — and quotation marks or brackets that do not
close (C204). The marks and pairs are data/checks.yaml's `marks`."""

from __future__ import annotations

import re
from functools import lru_cache

import drafter.checks.units as units
from drafter.analysis.mojibake import runs as mojibake_runs
from drafter.checks.base import Finding, excerpt, para, table
from drafter.checks.document import Doc

_HAN = r"\u3400-\u9fff\uf900-\ufaff"
# Chinese punctuation a space must not stand next to.
_CN_MARKS = "，。、；：？！“”‘’（）《》【】…—·"


def run(doc: Doc) -> list[Finding]:
    m = table()["marks"]
    if units.active():
        return _quick(doc, m)
    out: list[Finding] = []
    garbled_blocks = set()
    for i, b in enumerate(doc.blocks):
        text = b.text
        garbled = [(s, e) for s, e, certain in mojibake_runs(text) if certain]
        if garbled:
            garbled_blocks.add(i)
        out += _merged_width(i, text, [f for f in _width(i, text, m) if not _inside(f, garbled)])
        out += _ellipsis(i, text)
        out += [f for f in _doubled(i, text, m) if not _inside(f, garbled)]
        if b.kind != "speaker":  # 镇党委书记 王明: the space is layout
            out += _spacing(i, text, m["spaces"])
    # Marks inside mojibake are lost, not unpaired: the mojibake finding says it.
    out += [f for f in _pairs(doc, m) if (f.paragraph or 0) - 1 not in garbled_blocks]
    return sorted(out, key=lambda f: (f.paragraph or 0, f.start or 0))


def _inside(f: Finding, spans: list[tuple[int, int]]) -> bool:
    return any(s <= (f.start or 0) < e for s, e in spans)


@lru_cache(maxsize=4)
def _half(marks: str) -> re.Pattern:
    """A half-width mark with Chinese on one side (spaces between do not count)."""
    cls = re.escape(marks)
    return re.compile(rf"(?<=[{_HAN}{_CN_MARKS}])\s*([{cls}])|([{cls}])(?=\s*[{_HAN}{_CN_MARKS}])")


def _width(i: int, text: str, m: dict) -> list[Finding]:
    full = m["full_width"]
    out: list[Finding] = []
    if not _any_of("".join(full)).search(text):
        return out  # no half-width mark at all (the pattern's lookbehind makes it scan slowly)
    for k in _half("".join(full)).finditer(text):
        pos = k.start(1) if k.group(1) else k.start(2)
        mark = text[pos]
        if _not_prose(text, pos, mark):
            continue
        # A full-width mark needs no space beside it: the spaces typed around go with it.
        s, e = pos, pos + 1
        while s > 0 and text[s - 1] == " ":
            s -= 1
        while e < len(text) and text[e] == " ":
            e += 1
        out.append(Finding("punctuation-width", para(i), "warning",
                           f"中文里用了半角“{mark}”，应为全角“{full[mark]}”",
                           excerpt(text, s, e), s, e, full[mark]))
    return out


@lru_cache(maxsize=1)
def _dots() -> re.Pattern:
    """Full stops written for an ellipsis next to Chinese: 困难... (not 1..5, not v1.2)."""
    cn = f"[{_HAN}{_CN_MARKS}]"
    return re.compile(rf"(?<={cn})\.{{2,}}|(?<![\w.])\.{{2,}}(?={cn})")


def _ellipsis(i: int, text: str) -> list[Finding]:
    if ".." not in text:
        return []
    return [Finding("punctuation-width", para(i), "warning",
                    f"中文里用了半角省略号“{k.group()}”，应为“……”", excerpt(text, k.start(), k.end()),
                    k.start(), k.end(), "……")
            for k in _dots().finditer(text)]


def _merged_width(i: int, text: str, found: list[Finding]) -> list[Finding]:
    """Half-width marks all over a paragraph (a page converted them) as one finding whose fix
    replaces every one of them and nothing else."""
    if len(found) < 2:
        return found
    start, end = found[0].start or 0, found[-1].end or 0
    fixed, pos = "", start
    for f in found:
        fixed += text[pos:f.start] + (f.fix or "")
        pos = f.end or pos
    fixed += text[pos:end]
    marks = "".join(dict.fromkeys(text[f.start or 0:f.end or 0].strip() for f in found))
    return [Finding("punctuation-width", para(i), "warning",
                    f"这段有 {len(found)} 处半角标点（{marks}），应为全角",
                    excerpt(text, start, found[0].end or start), start, end, "".join(fixed))]


def _not_prose(text: str, pos: int, mark: str) -> bool:
    """Marks that belong to numbers, times and Latin words: 10:30, 1,000, (GDP)."""
    before = text[pos - 1] if pos else ""
    after = text[pos + 1] if pos + 1 < len(text) else ""
    if mark in ",:" and before.isdigit() and after.isdigit():
        return True
    if mark in "()":
        inner = _paren_content(text, pos)
        return inner is not None and not re.search(f"[{_HAN}]", inner)
    return False


def _paren_content(text: str, pos: int) -> str | None:
    """What a half-width bracket encloses, when its partner is in the same paragraph."""
    if text[pos] == "(":
        end = text.find(")", pos)
        return text[pos + 1:end] if end > 0 else None
    start = text.rfind("(", 0, pos)
    return text[start + 1:pos] if start >= 0 else None


def _doubled(i: int, text: str, m: dict) -> list[Finding]:
    marks, strength = m["doubled"], m["strength"]
    out = []
    for k in re.finditer(f"[{re.escape(marks)}]{{2,}}", text):
        run = k.group()
        if set(run) <= set(m["quoted_ok"]) and _quoted(text, k.start()):
            continue
        keep = next(c for c in strength if c in run)
        out.append(Finding("doubled-punctuation", para(i), "warning",
                           f"标点重复“{run}”，应为“{keep}”", excerpt(text, k.start(), k.end()),
                           k.start(), k.end(), keep))
    return out


def _quoted(text: str, pos: int) -> bool:
    """Whether pos stands inside “…” (counting the marks before it)."""
    return text.count("“", 0, pos) > text.count("”", 0, pos)


@lru_cache(maxsize=4)
def _space(spaces: str) -> re.Pattern:
    cn = f"[{_HAN}{_CN_MARKS}]"
    return re.compile(rf"(?<={cn})[{re.escape(spaces)}]+(?={cn})")


def _spacing(i: int, text: str, spaces: str) -> list[Finding]:
    out: list[Finding] = []
    if not _any_of(spaces).search(text):
        return out
    for k in _space(spaces).finditer(text):
        if not (re.match(f"[{_HAN}]", text[k.start() - 1]) or re.match(f"[{_HAN}]", text[k.end()])):
            continue  # between two marks (“ ”): not inside a word
        out.append(Finding("spacing", para(i), "warning", "汉字之间、汉字与标点之间多了空格",
                           excerpt(text, k.start(), k.end()), k.start(), k.end(), ""))
    return out


def _pairs(doc: Doc, m: dict) -> list[Finding]:
    """Marks whose partner is not in the same paragraph; a quotation that runs on (this
    paragraph opens with “ left open and the next opens with “ again) is not reported."""
    list_close = re.compile(m["list_close"])
    every = _any_of("".join(m["pairs"]))
    texts = [b.text for b in doc.blocks]
    out = []
    for i, text in enumerate(texts):
        after = texts[i + 1].lstrip() if i + 1 < len(texts) else ""
        marked = every.search(text) is not None  # else no pair has a mark here: nothing to do
        numbered = {k.end() - 1 for k in list_close.finditer(text)} if marked else set()
        for pair in m["pairs"] if marked else ():
            opened, stray = _match(text, pair, numbered)
            if pair == "“”" and len(opened) == 1 and after.startswith("“"):
                opened = []  # each paragraph of a long quotation opens with “
            out += [_unpaired(i, text, p, f"“{pair[0]}”没有对应的“{pair[1]}”") for p in opened]
            out += [_unpaired(i, text, p, f"“{pair[1]}”前面没有对应的“{pair[0]}”") for p in stray]
        quotes = [k.start() for k in re.finditer('"', text)]
        if len(quotes) % 2:
            out.append(_unpaired(i, text, quotes[-1], "半角引号“\"”不成对"))
    return out


def _match(text: str, pair: str, numbered: set[int]) -> tuple[list[int], list[int]]:
    """(opening marks never closed, closing marks never opened) of one pair in a text."""
    opened: list[int] = []
    stray: list[int] = []
    if pair[0] not in text and pair[1] not in text:
        return opened, stray
    for k in _either(pair).finditer(text):  # only the marks, not every character
        pos, ch = k.start(), k.group()
        if ch == pair[0]:
            opened.append(pos)
        elif ch == pair[1] and pos not in numbered and not _apostrophe(text, pos):
            if opened:
                opened.pop()
            else:
                stray.append(pos)
    return opened, stray


@lru_cache(maxsize=16)
def _either(pair: str) -> re.Pattern:
    return re.compile(f"[{re.escape(pair)}]")


@lru_cache(maxsize=16)
def _any_of(chars: str) -> re.Pattern:
    """Any one of these characters (a quick test before a slower pattern that needs one)."""
    return re.compile(f"[{re.escape(chars)}]")


def _apostrophe(text: str, pos: int) -> bool:
    """’ between Latin letters is an apostrophe (it’s), not a closing quotation mark."""
    return (text[pos] == "’" and 0 < pos < len(text) - 1
            and text[pos - 1].isascii() and text[pos + 1].isascii())


def _unpaired(i: int, text: str, pos: int, message: str) -> Finding:
    return Finding("unbalanced-pair", para(i), "error", message, excerpt(text, pos, pos + 1),
                   pos, pos + 1)


# --- the same findings, quicker: checks/units.py -----------------------------------------------


def _quick(doc: Doc, m: dict) -> list[Finding]:
    """run() for a speech with no half-width mark, no "..", no doubled mark and no space in its
    text (a draft): then only unpaired marks can be found, and those unit by unit. Any of these
    in the speech, and run() reads every paragraph as it always did. Each is looked for unit by
    unit: none spans a cut (a 。 and the hanzi after it are neither marks nor spaces)."""
    texts, found = doc.texts, []
    hits = doc.hits("marks", _unit_marks, m)
    for i in sorted(hits):
        b, summaries = doc.blocks[i], []
        for u, (rare, spaced, pairs) in hits[i]:
            if rare or (spaced and b.kind != "speaker"):  # 镇党委书记 王明: the space is layout
                with units.disabled():
                    return run(doc)
            if pairs:
                summaries.append((u, pairs))
        if summaries:
            found += _unpaired_in(i, texts, summaries, m["pairs"])
    garbled = {f.paragraph for f in found if _certain_runs(texts[(f.paragraph or 1) - 1])}
    return sorted((f for f in found if f.paragraph not in garbled),
                  key=lambda f: (f.paragraph or 0, f.start or 0))


def _certain_runs(text: str) -> bool:
    return any(certain for _, _, certain in mojibake_runs(text))


@lru_cache(maxsize=4)
def _any_doubled(marks: str) -> re.Pattern:
    return re.compile(f"[{re.escape(marks)}]{{2,}}")


def _unit_marks(text: str, m: dict) -> tuple[bool, bool, tuple]:
    """(a half-width mark, ".." or a doubled mark; a space; _unit_pairs) of a unit, or () when
    it has none of them."""
    rare = (_any_of("".join(m["full_width"])).search(text) is not None or ".." in text
            or _any_doubled(m["doubled"]).search(text) is not None)
    found = (rare, _any_of(m["spaces"]).search(text) is not None, _unit_pairs(text, m))
    return found if any(found) else ()


def _unpaired_in(i: int, texts: list[str], summaries: list[tuple[int, tuple]],
                 pairs: list[str]) -> list[Finding]:
    """_pairs() for block i from what its units leave open or close without an opening: they
    join up as one pass over the paragraph would. A mark that closes a numbered item (1）)
    needs a start or a mark before it, and a 。 is one; ’ at a unit's edge stands next to a 。
    or a hanzi, so it is no apostrophe either way."""
    opened: list[list[int]] = [[] for _ in pairs]
    stray: list[list[int]] = [[] for _ in pairs]
    quotes: list[int] = []
    for u, summary in summaries:
        for k, (u_stray, u_open), u_quotes in summary:
            _join(opened[k], stray[k], u, u_stray, u_open)
            quotes += [q + u for q in u_quotes]
    text, out = texts[i], []
    after = texts[i + 1].lstrip() if i + 1 < len(texts) else ""
    for k, pair in enumerate(pairs):
        shut = opened[k]
        if pair == "“”" and len(shut) == 1 and after.startswith("“"):
            shut = []
        out += [_unpaired(i, text, p, f"“{pair[0]}”没有对应的“{pair[1]}”") for p in shut]
        out += [_unpaired(i, text, p, f"“{pair[1]}”前面没有对应的“{pair[0]}”") for p in stray[k]]
    if len(quotes) % 2:
        out.append(_unpaired(i, text, quotes[-1], "半角引号“\"”不成对"))
    return out


def _join(opened: list[int], stray: list[int], u: int, u_stray: tuple, u_open: tuple) -> None:
    """A unit after the text before it: its closing marks without an opening close what is
    open (the latest first); what it leaves open comes last."""
    for p in u_stray:
        if opened:
            opened.pop()
        else:
            stray.append(p + u)
    opened += [p + u for p in u_open]


def _unit_pairs(text: str, m: dict) -> tuple:
    """(pair index, (closing marks never opened, opening marks never closed), half-width quotes)
    of a unit: only the pairs it leaves unbalanced, and only when it has a quote or such a pair."""
    quotes = tuple(k.start() for k in re.finditer('"', text))
    if _any_of("".join(m["pairs"])).search(text) is None:
        return ((0, ((), ()), quotes),) if quotes else ()
    numbered = {k.end() - 1 for k in re.finditer(m["list_close"], text)}
    out = []
    for k, pair in enumerate(m["pairs"]):
        opened, stray = _match(text, pair, numbered)
        if opened or stray:
            out.append((k, (tuple(stray), tuple(opened)), ()))
    if quotes:
        out.append((0, ((), ()), quotes))
    return tuple(out)
