"""count: a number that announces a list (讲三点意见：, 四个方面, “三个清楚”，即…) against the items
that follow or precede it."""

from __future__ import annotations

import re
from functools import lru_cache

import drafter.checks.units as units
from drafter.analysis.markers import LAST
from drafter.checks.base import Finding, excerpt, para, table
from drafter.checks.document import LEVEL_NAMES, Doc
from drafter.text.cn import cn_int, count_cn


def _number_measure() -> str:
    """A count of two or more and its measure word: 三点, 四个方面, 两项, 12个. Not an ordinal
    (第三个) and not the tail of a longer number."""
    measures = sorted(map(re.escape, table()["count"]["measures"]), key=len, reverse=True)
    return (
        r"(?<![第\d一二三四五六七八九十百千])(?P<num>[二两三四五六七八九十]{1,3}|[2-9]|[1-9]\d)"
        rf"(?P<measure>{'|'.join(measures)})"
    )


@lru_cache(maxsize=1)
def _count_rx() -> re.Pattern:
    """A number that announces a list: then a short noun and a colon, full stop, bracket or 即."""
    noun_max = table()["count"]["noun_max"]
    return re.compile(
        _number_measure() + rf"(?P<noun>[\u4e00-\u9fff]{{0,{noun_max}}}?)[”’」』]?"
        r"(?P<term>[（(]|[，,：:]即|即|：|:|。)"
    )


@lru_cache(maxsize=1)
def _number_rx() -> re.Pattern:
    """A number and its measure word, wherever it stands."""
    return re.compile(_number_measure())


def _ends_a_sentence(text: str, m: re.Match) -> bool:
    """A number that closes its sentence announces nothing: a figure (新开工项目10个。) or a
    set phrase in quotes (防止“两张皮”。); “三个方面”：… with a colon still counts."""
    if m["term"] != "。":
        return False
    return not m["noun"] or (m.start() > 0 and text[m.start() - 1] in "“‘「『"
                             and text[m.end() - 2] in "”’」』")


def _split_list(text: str) -> tuple[int, bool]:
    """Items of a 、-list and whether it ends with 等 (a partial list)."""
    text = text.strip()
    partial = text.endswith(("等", "等等"))
    text = text.rstrip("等")
    parts = [p for p in text.split("、") if p.strip()]
    n = len(parts)
    if n >= 2 and re.search(r"[\u4e00-\u9fff](和|及|以及)[\u4e00-\u9fff“]", parts[-1]):
        n += 1
    return n, partial


def _inline_list(doc: Doc, i: int, start: int) -> int | None:
    """Items of a numbered list (一是…, ①…) that starts right after position start of block i."""
    reach = table()["count"]["inline_reach"]
    ms = [m for m in doc.markers.get(i, ()) if m.pos >= start]
    if not ms or ms[0].pos - start > reach or ms[0].value != 1:
        return None
    fam, n, cur = ms[0].family, 0, 0
    for m in ms:
        if m.family is not fam:
            continue
        if m.value == cur + 1 or (m.value == LAST and cur >= 1):
            n, cur = n + 1, m.value
        else:
            break
    return n


def _list_after(doc: Doc, i: int) -> tuple[int, str] | None:
    """Items of the list that follows block i: headings (or numbered paragraphs) of one level, or
    paragraphs led by one family (一是 … 四是), with what they are."""
    later = [j for j in doc.body if j > i]
    if not later:
        return None
    j = later[0]
    if j in doc.outline:
        lvl = doc.outline[j][0]
        n = 0
        for k in later:
            if k in doc.outline:
                if doc.outline[k][0] < lvl:
                    break
                if doc.outline[k][0] == lvl:
                    n += 1
        return n, f"{LEVEL_NAMES[lvl]}标题"
    ms = doc.markers.get(j)
    if not ms or not ms[0].lead or ms[0].value != 1:
        return None
    fam = ms[0].family
    n = 0
    for k in later:
        if k != j and k in doc.outline:
            break
        cont = None
        for m in doc.markers.get(k, ()):
            if m.family is not fam:
                continue
            if m.lead:
                if k != j and m.value == 1:
                    return n, f"“{fam.render(1)}”开头的各段"
                n, cont = n + 1, m.value
            elif cont is not None and (m.value == cont + 1 or m.value == LAST):
                n, cont = n + 1, m.value
            else:
                cont = None
    return n, f"“{fam.render(1)}”开头的各段"


def run(doc: Doc) -> list[Finding]:
    if units.active():
        return _by_units(doc)
    out = []
    for i in doc.body:
        b = doc.blocks[i]
        if b.kind not in ("heading", "paragraph"):
            continue
        text = b.text
        done = set()
        for m in _count_rx().finditer(text):
            if _ends_a_sentence(text, m):
                continue
            found = _announced(doc, i, m)
            if found is None:
                continue
            done.add(m.start())
            got, partial, what = found
            out += _count_finding(i, text, m, got, partial, what)
        # A list written before its number: 政治账、经济账、亲情账等三本账.
        for m in _number_rx().finditer(text):
            if m.start() in done:
                continue
            got, partial = _list_before(text, m.start())
            if got is not None:
                out += _count_finding(i, text, m, got, partial, "前面")
    return out


def _count_finding(
    i: int, text: str, m: re.Match, got: int, partial: bool, what: str
) -> list[Finding]:
    try:
        want = cn_int(m.group("num"))
    except ValueError:
        return []  # no single number (四五个方面: "four or five")
    if got == want or (partial and got < want):
        return []
    phrase = m.group("num") + m.group("measure") + (m.groupdict().get("noun") or "")
    return [
        Finding(
            "count",
            para(i),
            "error",
            f"数目不符：说“{phrase}”，{what}列了{count_cn(got)}项",
            excerpt(text, m.start(), m.end(), 8),
            m.start(),
            m.end(),
        )
    ]


def _announced(doc: Doc, i: int, m: re.Match) -> tuple[int, bool, str] | None:
    """The list an announcing phrase (讲三点意见：, “三个清楚”，即…, 五型机关（…）) introduces:
    (items, whether it ends with 等, where it was found); None when no list follows."""
    text, term = doc.text(i), m.group("term")
    got, partial, what = None, False, "后面"
    if term in "（(":
        close = text.find("）" if term == "（" else ")", m.end())
        if close > 0:
            got, partial = _split_list(text[m.end() : close])
            what = "括号里"
    elif term.endswith("即"):
        got, partial = _split_list(re.split(r"[。；！？;!?]", text[m.end() :], maxsplit=1)[0])
        what = "“即”后面"
    else:
        got = _inline_list(doc, i, m.end())
        if got is None and term in "：:":
            rest = re.split(r"[。；！？;!?]", text[m.end() :], maxsplit=1)[0]
            if "，" not in rest and "、" in rest:
                got, partial = _split_list(rest)
        if got is None and not any(k.pos >= m.end() for k in doc.markers.get(i, ())):
            after = _list_after(doc, i)
            if after:
                got, what = after[0], "后面的" + after[1]
    if got is None or got < 2:
        return None
    return got, partial, what


def _list_before(text: str, start: int) -> tuple[int | None, bool]:
    """A 、-list written right before the number (政治账、经济账、亲情账等三本账) and whether it
    ends with 等. The last item must be about as long as the others: in 甲、乙要抓好三个方面 the
    list ended before 要抓好 and the number counts something else."""
    clause = re.split(r"[，。；：！？,;:!?（）()]", text[:start])[-1]
    partial = clause.endswith("等")
    stripped = re.sub(r"(等等|等|这些|这|共)$", "", clause)
    parts = stripped.split("、")
    # The items end right before the number (not 做到“两个维护”, not 改革和四件大事: the number
    # is inside the last item), and none counts things itself (增强“四个意识”、坚定“四个自信”).
    if (
        len(parts) < 2
        or not re.search(r"[\u4e00-\u9fff”’」』]$", stripped)
        or re.search(r"(和|及|与|或|同|跟)$", stripped)
        or any(_number_rx().search(p) or re.search(r"\d", p) for p in parts)
    ):
        return None, False
    middle = [len(p) for p in parts[1:-1]]
    if len(parts[-1]) > (max(middle) + 2 if middle else 6):
        return None, False
    n, _ = _split_list(stripped)
    return n, partial


def _by_units(doc: Doc) -> list[Finding]:
    """run() with each unit's numbers found once (_unit_counts); what a number announces is
    still looked for in the paragraph and the speech, for the few numbers that announce."""
    out = []
    hits = doc.hits("counts", _unit_counts)
    for i in doc.body:
        if i not in hits or doc.blocks[i].kind not in ("heading", "paragraph"):
            continue
        announcing: list[int] = []
        before: list[tuple[int, int, bool]] = []
        for u, (starts, listed) in hits[i]:
            announcing += [s + u for s in starts]
            before += [(s + u, got, partial) for s, got, partial in listed]
        if announcing or before:
            out += _paragraph_counts(doc, i, announcing, before)
    return out


def _paragraph_counts(doc: Doc, i: int, announcing: list[int],
                      before: list[tuple[int, int, bool]]) -> list[Finding]:
    """run()'s two passes over block i from where its units found numbers: a pattern matched
    again at the same place of the paragraph matches the same words (it reads no 。 before
    the place and stops at one)."""
    text, out, done = doc.text(i), [], set()
    for start in announcing:
        m = _count_rx().match(text, start)
        found = _announced(doc, i, m) if m else None
        if found is None:
            continue
        done.add(start)
        got, partial, what = found
        out += _count_finding(i, text, m, got, partial, what)
    for start, got, partial in before:
        m = _number_rx().match(text, start)
        if start not in done and m:
            out += _count_finding(i, text, m, got, partial, "前面")
    return out


def _unit_counts(text: str) -> tuple[tuple[int, ...], tuple[tuple[int, int, bool], ...]]:
    """Where a unit's numbers may announce a list (run()'s first pass), and the numbers a
    、-list before them miscounts (its second pass: (start, items, ends with 等)). Neither
    pattern holds a 。 but as its last character, nor forbids one before it, and the list
    before a number ends at the last mark before it, a 。 at the latest."""
    starts = tuple(m.start() for m in _count_rx().finditer(text) if not _ends_a_sentence(text, m))
    listed = []
    for m in _number_rx().finditer(text):
        got, partial = _list_before(text, m.start())
        if got is not None and _count_finding(0, text, m, got, partial, "前面"):
            listed.append((m.start(), got, partial))
    return (starts, tuple(listed)) if starts or listed else ()
