"""Checks: lint a Speech — placeholders, numbering, counts, self-reference, dates, repeats, length, overlap, names.

`check(speech)` returns Findings; each rule is a small function over the speech's blocks, and the
patterns they use (placeholders, numbering markers, measure words, titles, surnames) are one table,
data/checks.yaml. Paragraph numbers count speech.blocks from 1 (the title is 段落1), as a user
counts the paragraphs of the file. docs/checks.md describes every rule for users.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import asdict, dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from drafter.analysis import dates, levels, markers, names, placeholders
from drafter.analysis.dates import parse_date
from drafter.analysis.markers import LAST
from drafter.document.speech import CHARS_PER_MINUTE, FRONT_KINDS, Speech
from drafter.errors import DrafterError
from drafter.resources import DATA_DIR
from drafter.text.cn import cn_int, count_cn

DATA = DATA_DIR / "checks.yaml"
RULES = (
    "placeholder",
    "numbering",
    "count",
    "self-reference",
    "date",
    "repeat",
    "length",
    "overlap",
    "name",
)
SEVERITIES = ("error", "warning", "info")

_SENTENCE_END = "。！？；!?;"


@dataclass(frozen=True)
class Finding:
    """One thing a check found. paragraph is 1-based over speech.blocks (段落N); None when the
    finding is about the whole speech (length, overall overlap)."""

    rule: str
    paragraph: int | None
    severity: str
    message: str
    excerpt: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check(
    speech: Speech,
    *,
    level: str | None = None,
    meeting_date: dt.date | str | None = None,
    against: Any = None,
    rules: Collection[str] | None = None,
) -> list[Finding]:
    """Every finding on a speech, in paragraph order (whole-speech findings last).

    level: the speech's administrative level (镇, 县 …; aliases as in a spec), else inferred from
    the title and the self-references. meeting_date: a date or "2026-03-15", else the date line.
    against: a corpus folder, a list of corpus documents or a built OverlapIndex, for 查重.
    rules: run only these (names in RULES)."""
    unknown = set(rules or ()) - set(RULES)
    if unknown:
        raise DrafterError(
            f"未知的检查项：{'、'.join(sorted(unknown))}", hint="可用：" + "、".join(RULES)
        )
    doc = _Doc(speech, normalize_level(level), to_date(meeting_date))
    out: list[Finding] = []
    for name in RULES:
        if rules is not None and name not in rules:
            continue
        if name == "overlap":
            if against is not None:
                out += _overlap(doc, against)
        else:
            out += _RULE_FUNCS[name](doc)
    order = {r: i for i, r in enumerate(RULES)}
    out.sort(key=lambda f: (f.paragraph is None, f.paragraph or 0, order[f.rule]))
    return out


# --- the table ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    import yaml

    with DATA.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@lru_cache(maxsize=1)
def _families() -> list[markers.Family]:
    return markers.families_from_table(table()["families"])


@lru_cache(maxsize=1)
def _headings() -> dict[int, markers.Family]:
    return markers.headings_from_table(table()["outline_markers"])


def _value(token: str) -> int | None:
    """A numeral's number; None when it is no single number (四五个方面: "four or five")."""
    try:
        return cn_int(token)
    except ValueError:
        return None


def normalize_level(level: str | None) -> str | None:
    """A level as a user writes it (镇, 街道办事处 …) → its key in data/places.yaml."""
    if level is None:
        return None
    from drafter.text.places import canonical_level, level_names

    found = canonical_level(level.strip())
    if found is None:
        raise DrafterError(f"未知的层级：{level}", hint="可用：" + "、".join(level_names()))
    return found


def to_date(value: dt.date | str | None) -> dt.date | None:
    """A date, or "2026-03-15" → a date."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as e:
        raise DrafterError(f"日期格式不对：{value}", hint="写成 2026-03-15") from e


# --- the speech as the rules see it ------------------------------------------------------------


@dataclass
class _Marker:
    """A numbering marker in a paragraph: its family, value, whether it leads the paragraph
    (a list item per paragraph) or stands inside it, and where."""

    family: markers.Family
    value: int
    lead: bool
    block: int
    pos: int
    end: int
    text: str


class _Doc:
    """A speech with what several rules need worked out once: numbering markers, the level, the
    meeting date."""

    def __init__(self, speech: Speech, level: str | None, meeting_date: dt.date | None) -> None:
        self.speech = speech
        self.declared_level = level
        self.meeting_date_given = meeting_date
        self.blocks = speech.blocks
        self.body = [i for i, b in enumerate(self.blocks) if b.kind not in FRONT_KINDS]
        self.front_text = "\n".join(b.text for b in self.blocks if b.kind in FRONT_KINDS)

    def text(self, i: int) -> str:
        return self.blocks[i].text

    @cached_property
    def outline(self) -> dict[int, tuple[int, int, str]]:
        """Block index → (level, value, marker text) for headings and paragraphs that start with
        一、 （一） 1. （1）."""
        out = {}
        for i in self.body:
            b = self.blocks[i]
            if b.kind not in ("heading", "paragraph"):
                continue
            text = b.text.lstrip()
            levels = [b.level] if b.kind == "heading" and b.level else [1, 2, 3, 4]
            m = markers.match_start(text, [_headings()[lvl] for lvl in levels])
            if m:
                out[i] = (int(m.family.id), m.value, m.match.group(0))
        return out

    @cached_property
    def markers(self) -> dict[int, list[_Marker]]:
        """Block index → inline numbering markers (一是, 一要, 第一, ①, 首先 …) in text order. A 第三
        after 首先…其次 in the same section continues that list, not the 第一 list."""
        out: dict[int, list[_Marker]] = {}
        shou_cur = 0  # how far a 首先 list has got in the current section
        for i in self.body:
            b = self.blocks[i]
            if b.kind != "paragraph" and b.kind != "heading":
                continue
            if i in self.outline:
                shou_cur = 0
            if b.kind == "heading":
                continue
            text = b.text
            skip = len(self.outline[i][2]) if i in self.outline else 0
            found = [
                _Marker(k.family, k.value, text[: k.start].strip() == "" or k.start == skip, i,
                        k.start, k.end, k.text)
                for k in markers.find(text, _families(), skip)
            ]
            kept: list[_Marker] = []
            for k in found:
                if k.family.id == "首先":
                    shou_cur = k.value
                elif k.family.id == "第" and 2 <= shou_cur < LAST and k.value == shou_cur + 1:
                    shou = next(f for f in _families() if f.id == "首先")
                    k = _Marker(shou, k.value, k.lead, k.block, k.pos, k.end, k.text)
                    shou_cur = k.value
                kept.append(k)
            if kept:
                out[i] = kept
        return out

    @cached_property
    def level_info(self) -> tuple[str | None, str]:
        """(level, how it was found)."""
        if self.declared_level:
            return self.declared_level, "--level 指定"
        named = _own_places(self)
        body = "\n".join(self.text(i) for i in self.body)
        ranks = table()["level_ranks"]
        level, where = levels.infer_level(
            self.front_text, body, named, ranks, tuple(table()["selfref_protect"])
        )
        return level, {"title": "由标题推断", "body": "由正文用词推断"}.get(where, "")

    @cached_property
    def meeting_date(self) -> dt.date | None:
        return self.meeting_date_given or self.date_line

    @cached_property
    def date_line(self) -> dt.date | None:
        b = self.speech.first("date")
        return parse_date(b.text) if b else None


def _excerpt(text: str, start: int, end: int, context: int = 6) -> str:
    return text[max(0, start - context) : end + context].strip()


def _para(i: int | None) -> int | None:
    return None if i is None else i + 1


# --- placeholder --------------------------------------------------------------------------------


def _placeholder(doc: _Doc) -> list[Finding]:
    patterns = placeholders.compile_patterns(tuple(p["pattern"] for p in table()["placeholders"]))
    gap = table()["placeholder_merge_gap"]
    out = []
    for i, b in enumerate(doc.blocks):
        for s, e, tokens in placeholders.groups(b.text, patterns, gap, _SENTENCE_END):
            shown = "、".join(f"“{t}”" for t in tokens)
            out.append(
                Finding(
                    "placeholder",
                    _para(i),
                    "error",
                    f"未替换的占位符{shown}：请换成实际内容",
                    _excerpt(b.text, s, e),
                )
            )
    return out


# --- numbering ----------------------------------------------------------------------------------


class _Stream:
    """One family's list state within a section. A "1" opens a list (nested lists stack); a value
    that continues an outer list closes the inner ones."""

    def __init__(self, family: markers.Family) -> None:
        self.family = family
        self.cur = 0
        self.cur_text = ""
        self.stack: list[tuple[int, str]] = []
        self.last: _Marker | None = None

    def feed(self, m: _Marker) -> tuple[str, str] | None:
        """(kind, message) of a problem, or None."""
        fam, v, last = self.family, m.value, self.last
        self.last = m
        problem = None
        if v == LAST:
            self.cur, self.cur_text = LAST, m.text
            return None
        if self.cur == LAST and v != 1:
            problem = ("order", f"“{self.cur_text}”之后又出现“{m.text}”")
        elif v == self.cur + 1:
            pass
        elif v == 1:
            if (
                last is not None
                and last.value == 1
                and (not fam.nests or (m.lead and last.lead and m.block != last.block))
            ):
                problem = ("repeat", f"“{last.text}”之后又是“{m.text}”")
            else:
                self.stack.append((self.cur, self.cur_text))
        else:
            for k in range(len(self.stack) - 1, -1, -1):
                if v == self.stack[k][0] + 1:
                    del self.stack[k:]
                    break
            else:
                if self.cur == 0:
                    if fam.start_gap:
                        problem = ("gap", f"“{m.text}”前面没有“{fam.render(1)}”")
                elif v == self.cur:
                    problem = ("repeat", f"“{self.cur_text}”之后又是“{m.text}”")
                elif v > self.cur + 1:
                    missing = "、".join(f"“{fam.render(k)}”" for k in range(self.cur + 1, v))
                    problem = ("gap", f"“{self.cur_text}”之后是“{m.text}”，缺少{missing}")
                else:
                    problem = ("order", f"“{self.cur_text}”之后是“{m.text}”")
        self.cur, self.cur_text = v, m.text
        return problem


def _outline_marker(level: int, value: int) -> str:
    return _headings()[level].render(value)


_PROBLEM = {"repeat": "编号重复", "gap": "编号跳号", "order": "编号顺序不对"}
_LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}


def _numbering(doc: _Doc) -> list[Finding]:
    out = []
    counters = {1: (0, ""), 2: (0, ""), 3: (0, ""), 4: (0, "")}
    streams: dict[str, _Stream] = {}
    for i in doc.body:
        if i in doc.outline:
            lvl, v, text = doc.outline[i]
            cur, cur_text = counters[lvl]
            problem = None
            if v == cur + 1:
                pass
            elif v == 1 and cur >= 2 and lvl > 1:
                pass  # a second list at a lower level under the same heading
            elif cur == 0:
                problem = ("gap", f"“{text}”前面没有“{_outline_marker(lvl, 1)}”")
            elif v == cur:
                problem = ("repeat", f"“{cur_text}”之后又是“{text}”")
            elif v > cur + 1:
                missing = "、".join(f"“{_outline_marker(lvl, k)}”" for k in range(cur + 1, v))
                problem = ("gap", f"“{cur_text}”之后是“{text}”，缺少{missing}")
            else:
                problem = ("order", f"“{cur_text}”之后是“{text}”")
            if problem:
                out.append(
                    Finding(
                        "numbering",
                        _para(i),
                        "error",
                        f"{_LEVEL_NAMES[lvl]}标题{_PROBLEM[problem[0]]}：{problem[1]}",
                        doc.text(i)[:20],
                    )
                )
            counters[lvl] = (v, text)
            for lower in range(lvl + 1, 5):
                counters[lower] = (0, "")
            streams = {}  # inline lists start again under every heading
        for m in doc.markers.get(i, ()):
            stream = streams.setdefault(m.family.id, _Stream(m.family))
            problem = stream.feed(m)
            if problem:
                text = doc.text(i)
                out.append(
                    Finding(
                        "numbering",
                        _para(i),
                        "error",
                        f"{_PROBLEM[problem[0]]}：{problem[1]}",
                        _excerpt(text, m.pos, m.end, 8),
                    )
                )
    return out


# --- count --------------------------------------------------------------------------------------


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


def _inline_list(doc: _Doc, i: int, start: int) -> int | None:
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


def _list_after(doc: _Doc, i: int) -> tuple[int, str] | None:
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
        return n, f"{_LEVEL_NAMES[lvl]}标题"
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


def _count(doc: _Doc) -> list[Finding]:
    out = []
    for i in doc.body:
        b = doc.blocks[i]
        if b.kind not in ("heading", "paragraph"):
            continue
        text = b.text
        done = set()
        for m in _count_rx().finditer(text):
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
    want = _value(m.group("num"))
    if want is None or got == want or (partial and got < want):
        return []
    phrase = m.group("num") + m.group("measure") + (m.groupdict().get("noun") or "")
    return [
        Finding(
            "count",
            _para(i),
            "error",
            f"数目不符：说“{phrase}”，{what}列了{count_cn(got)}项",
            _excerpt(text, m.start(), m.end(), 8),
        )
    ]


def _announced(doc: _Doc, i: int, m: re.Match) -> tuple[int, bool, str] | None:
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


# --- self-reference -----------------------------------------------------------------------------

_WORD_KINDS = {
    "self": "error",
    "local": "error",
    "all": "warning",
    "party": "warning",
    "gov": "warning",
    "leaders_short": "warning",
    "organs": "warning",
}


def _level_words(level: str) -> dict[str, str]:
    """A level's self-reference words → their kind (self, all …)."""
    return levels.level_words(level, _WORD_KINDS)


def _word_spans(text: str, word: str) -> list[tuple[int, int]]:
    return levels.word_spans(text, word, tuple(table()["selfref_protect"]))


def _self_reference(doc: _Doc) -> list[Finding]:
    level, how = doc.level_info
    ranks = table()["level_ranks"]
    if level not in ranks:
        return []
    own = set(_level_words(level))
    rank = ranks[level]
    # word → (the level it belongs to, what this speech says instead, severity)
    checks: dict[str, tuple[str, str, str]] = {}
    for other, r in ranks.items():
        if other == level or r > rank:
            continue
        for word, kind in _level_words(other).items():
            if word in own or word in checks:
                continue
            if r < rank and kind not in ("self", "local", "all"):
                continue  # a county speech may speak of 镇党委 (the towns' committees)
            checks[word] = (other, _same_kind(level, word, other), _WORD_KINDS[kind])
    out = []
    own_words = sorted(own, key=len, reverse=True)
    for i, b in enumerate(doc.blocks):
        text = b.text
        # The speech's own words hide words inside them (街道党工委 holds 党工委 of 开发区).
        taken = [sp for w in own_words for sp in _word_spans(text, w)]
        for word, (other, instead, severity) in checks.items():
            for s, e in _word_spans(text, word):
                if any(ts < e and s < te for ts, te in taken):
                    continue
                taken.append((s, e))
                message = f"“{word}”是{other}的说法，本篇是{level}（{how}），应为“{instead}”"
                out.append(
                    Finding("self-reference", _para(i), severity, message, _excerpt(text, s, e))
                )
    return out


def _same_kind(level: str, word: str, other: str) -> str:
    kinds = _level_words(other)
    mine = {k: w for w, k in _level_words(level).items()}
    return mine.get(kinds[word], word)


# --- dates --------------------------------------------------------------------------------------

def _sentence_at(text: str, pos: int) -> str:
    start = max(text.rfind(c, 0, pos) for c in _SENTENCE_END) + 1
    ends = [e for c in _SENTENCE_END if (e := text.find(c, pos)) >= 0]
    return text[start : min(ends) if ends else len(text)]


def _dates(doc: _Doc) -> list[Finding]:
    t = table()
    out = []
    given, line = doc.meeting_date_given, doc.date_line
    if given and line and given != line:
        i = next(i for i, b in enumerate(doc.blocks) if b.kind == "date")
        out.append(
            Finding(
                "date",
                _para(i),
                "error",
                f"会议日期不一致：日期行是{line.year}年{line.month}月{line.day}日，"
                f"--date 是{given.year}年{given.month}月{given.day}日",
                doc.text(i),
            )
        )
    meeting = doc.meeting_date
    heads = [(i, b.text) for i, b in enumerate(doc.blocks) if b.kind in ("title", "subtitle")]
    reviewing = any(w in "".join(h for _, h in heads) for w in t["review_words"])
    for i, head in heads:
        for m in dates.YEARS.finditer(head):
            year = int(m.group(1))
            if meeting:
                allowed = {meeting.year}
                if m.group(2) == "年度" or reviewing or meeting.month <= 2:
                    allowed.add(meeting.year - 1)
                if meeting.month >= 11:
                    allowed.add(meeting.year + 1)
                if year not in allowed:
                    out.append(
                        Finding(
                            "date",
                            _para(i),
                            "error",
                            f"标题写的是{year}年，会议日期是{meeting.year}年{meeting.month}月{meeting.day}日",
                            head,
                        )
                    )
            # The same words after another year elsewhere: 2023年乡党委… in the title, 2022年乡党委…
            # in the body.
            phrase = re.match(r"[\u4e00-\u9fff]{3,6}", head[m.end() :])
            if not phrase:
                continue
            rx = re.compile(rf"({dates.YEAR})年度?" + re.escape(phrase.group(0)))
            for j, b in enumerate(doc.blocks):
                if j == i or b.kind in ("title", "subtitle"):
                    continue
                for other in rx.finditer(b.text):
                    if int(other.group(1)) != year:
                        out.append(
                            Finding(
                                "date",
                                _para(j),
                                "error",
                                f"年份与标题不一致：标题是{year}年，这里是{other.group(1)}年",
                                _excerpt(b.text, other.start(), other.end(), 4),
                            )
                        )
    if meeting:
        out += _deadlines(doc, meeting)
    return out


def _deadlines(doc: _Doc, meeting: dt.date) -> list[Finding]:
    """Deadlines (6月底前, 2025年6月30日前) that lie before the meeting, in sentences that look
    ahead."""
    out = []
    for i in doc.body:
        text = doc.text(i)
        for d in dates.deadlines(text):
            severity = _late(d, _sentence_at(text, d.start), meeting)
            if severity:
                out.append(
                    Finding(
                        "date",
                        _para(i),
                        severity,
                        f"期限“{d.text}”早于会议日期{meeting.year}年{meeting.month}月{meeting.day}日",
                        _excerpt(text, d.start, d.end, 6),
                    )
                )
    return out


def _late(d: dates.Deadline, sentence: str, meeting: dt.date) -> str | None:
    """The severity of a deadline that lies before the meeting; None when it does not, or when
    its sentence reports the past."""
    import calendar

    t = table()
    if not 1 <= d.month <= 12 or any(w in sentence for w in t["past_markers"]):
        return None
    if d.year:
        last = calendar.monthrange(d.year, d.month)[1]
        try:
            when = dt.date(d.year, d.month, min(d.day or last, last))
        except ValueError:
            return None
        return "error" if when < meeting else None
    # No year: the meeting's year is meant; a deadline already past is a leftover.
    due = (d.month, d.day or 31)
    if due < (meeting.month, meeting.day) and any(w in sentence for w in t["future_markers"]):
        return "warning"
    return None


# --- repeat -------------------------------------------------------------------------------------


def _repeat(doc: _Doc) -> list[Finding]:
    least = table()["repeat_min_chars"]
    seen: dict[str, int] = {}
    out = []
    for i in doc.body:
        for sentence in re.findall(rf"[^{_SENTENCE_END}]+[{_SENTENCE_END}]?", doc.text(i)):
            key = "".join(ch for ch in sentence if ch.isalnum())
            if len(key) < least:
                continue
            if key in seen:
                out.append(
                    Finding(
                        "repeat",
                        _para(i),
                        "warning",
                        f"句子重复：与段落{_para(seen[key])}的一句相同",
                        sentence.strip()[:40],
                    )
                )
            else:
                seen[key] = i
    return out


# --- length -------------------------------------------------------------------------------------


def speaking_time(chars: int) -> str:
    """How long reading takes, as users see it: 约 13 分钟 (at CHARS_PER_MINUTE)."""

    minutes = chars / CHARS_PER_MINUTE
    return "不到 1 分钟" if minutes < 1 else f"约 {minutes:.0f} 分钟"


def _length(doc: _Doc) -> list[Finding]:

    n = doc.speech.char_count()
    if n == 0:
        return [Finding("length", None, "error", "没有正文：文件里只有标题或是空的")]
    return [
        Finding(
            "length",
            None,
            "info",
            f"全文 {n} 字，讲话{speaking_time(n)}（按每分钟 {CHARS_PER_MINUTE} 字计）",
        )
    ]


# --- overlap ------------------------------------------------------------------------------------


def build_index(against: Any) -> Any:
    """An OverlapIndex from a corpus folder or a list of corpus documents (built ones pass)."""
    from drafter.corpus.overlap import OverlapIndex

    if isinstance(against, OverlapIndex):
        return against
    if isinstance(against, str | Path):
        from drafter.corpus.clean import load_corpus

        against = load_corpus(against)
    return OverlapIndex.from_corpus(list(against))


def _overlap(doc: _Doc, against: Any) -> list[Finding]:
    limits = table()["overlap"]
    index = build_index(against)
    # The body as drafter.corpus.overlap.body_text joins it, with where each block starts in it.
    text = "\n".join(doc.text(i) for i in doc.body)
    starts, pos = [], 0
    for i in doc.body:
        starts.append((pos, i))
        pos += len(doc.text(i)) + 1
    out = []
    for r in index.compare(text):
        name = f"语料 {r.doc_id}《{r.title}》"
        if r.ratio > limits["ratio"]:
            out.append(
                Finding(
                    "overlap",
                    None,
                    "warning",
                    f"与{name}重合 {r.ratio:.0%}（超过 {limits['ratio']:.0%}）",
                )
            )
        long = [p for p in r.passages if p.length >= limits["passage"]]
        for p in long[: limits["max_passages"]]:
            i = max((s for s in starts if s[0] <= p.draft_offset), default=starts[0])[1]
            flat = " ".join(p.text.split())
            excerpt = flat if len(flat) <= 40 else flat[:38] + "……"
            out.append(
                Finding(
                    "overlap", _para(i), "warning", f"与{name}有一段 {p.length} 字相同", excerpt
                )
            )
    return out


# --- names --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _name_lists() -> names.TaggedNames:
    return names.TaggedNames.from_table(table()["names"])


def _own_places(doc: _Doc) -> list[str]:
    return [p for p, _ in names.tagged_places(doc.front_text, _name_lists(), loose=True)]


def _speaker_names(doc: _Doc) -> set[str]:
    return {n for b in doc.blocks if b.kind == "speaker" for n in names.speaker_names(b.text)}


def _names(doc: _Doc) -> list[Finding]:
    t = table()["names"]
    own = set(_own_places(doc))
    allowed = set(t["allowed_people"]) | _speaker_names(doc)
    where = f"（本篇：{'、'.join(sorted(own))}）" if own else ""
    out = []
    for i in doc.body:
        text = doc.text(i)
        seen = set()
        for name, pos in names.tagged_places(text, _name_lists()):
            if name in own or name in seen:
                continue
            seen.add(name)
            out.append(
                Finding(
                    "name",
                    _para(i),
                    "warning",
                    f"出现其他地名“{name}”{where}：请核对是否照搬自别的讲话",
                    _excerpt(text, pos, pos + len(name)),
                )
            )
        for name, written, pos in names.tagged_people(text, _name_lists()):
            if name in allowed or written in allowed or written in seen:
                continue
            seen.add(written)
            out.append(
                Finding(
                    "name",
                    _para(i),
                    "warning",
                    f"出现人名“{written}”：请核对是否照搬自别的讲话",
                    _excerpt(text, pos, pos + len(written)),
                )
            )
    return out


_RULE_FUNCS = {
    "placeholder": _placeholder,
    "numbering": _numbering,
    "count": _count,
    "self-reference": _self_reference,
    "date": _dates,
    "repeat": _repeat,
    "length": _length,
    "name": _names,
}
