"""The title and what it tells: the meeting's name, the place's own name, the reference year, the
level; names for the outline file."""

from __future__ import annotations

import re
from pathlib import Path

from drafter.analysis import dates, levels, names
from drafter.corpus.extract.base import CJK, Notes, means_level, pattern_names, rules

_MEETING_WORDS = ("大会", "会议", "会", "仪式", "典礼", "论坛", "活动", "座谈", "培训班")

_SPEECH_SUFFIX = re.compile(r"(上的)?(讲话稿|讲话|发言稿|发言|讲稿|致辞|报告|动员讲话)$")


_LEVEL_KINDS = ("self", "all", "local", "party", "gov", "leaders_short", "people")


def detect_level(title: str, body: str) -> str | None:
    """The level a speech speaks for: the place its title names (在云岭街道… → 街道), unless the
    body speaks for another level by a clear majority (see _body_outvotes); else its
    self-references, the title weighing five times. A word inside another level's longer word
    (党工委 in 街道党工委) is that word's, and 全局 of 统筹全局 is no 局's."""
    score = _scorer()
    named = title_level(title)
    in_body = levels.guess_level([(body, 1)], dict.fromkeys(_LEVEL_KINDS, 1), count=score)
    if named and in_body and in_body != named and _body_outvotes(body, in_body, named, score):
        return in_body
    if named:
        return named
    return levels.guess_level([(title, 5), (body, 1)], dict.fromkeys(_LEVEL_KINDS, 1),
                              count=score)


def _scorer():
    """count(text, word): how often a level word names its level in text."""
    from drafter.text import places

    words = {row[k] for row in places.table().values() for k in _LEVEL_KINDS}
    longer = {w: tuple(o for o in words if w in o and o != w) for w in words}

    def count(text: str, word: str) -> int:
        spans = levels.word_spans(text, word, longer.get(word, ()))
        return sum(means_level(text, a, word) for a, _ in spans)

    return count


def _body_outvotes(body: str, leader: str, named: str, count) -> bool:
    """Whether the body's level beats the one the title names (a 镇's 表态发言 at a 县's
    meeting): self-references (我镇) at least `body_majority.self` times and all its words at
    least `body_majority.ratio` times the named level's. A slip (我镇 once in a 县 speech) does
    not."""
    from drafter.text import places

    table, need = places.table(), rules()["body_majority"]

    def total(level: str) -> int:
        return sum(count(body, table[level][k]) for k in _LEVEL_KINDS)

    return (count(body, table[leader]["self"]) >= need["self"]
            and total(leader) >= need["ratio"] * max(total(named), 1))


def title_level(title: str) -> str | None:
    """The level of the place a title names (在云岭街道… → 街道, 在清江县乡村振兴… → 县: the
    name that ends first), or 局 when a bureau follows it (在安平市交通运输局… → 局)."""
    from drafter.text import places

    found = []
    for level, row in places.table().items():
        name = names.own_name(title, row["suffix"], pattern_names())
        end = title.index(name) + len(name) + len(row["suffix"]) if name else 0
        if name and not (level == "局" and _ordinary_ju(title, end)):
            found.append((end, level))
    if not found:
        return None
    end, level = min(found)
    organ = re.match(rf"[{CJK}]{{1,8}}?局", title[end:])
    if organ and not _ordinary_ju(title, end + organ.end()):
        return "局"
    return level


def _ordinary_ju(title: str, end: int) -> bool:
    """Whether the 局 that ends title[:end] is part of an ordinary word (全局, 格局, 局面)."""
    around = title[max(0, end - 2): end + 1]
    return any(w in around for w in rules()["not_a_bureau"])


def meeting_name(title: str, level: str) -> tuple[str, str, bool]:
    """(meeting name, outline name, guessed): years, the place and the speech suffix removed
    from the title; a name without a meeting word gets 会 / 会议 added (guessed)."""
    from drafter.text import places

    row = places.table()[level]
    s = title.strip()
    s = re.sub(r"^在", "", s)
    s = _SPEECH_SUFFIX.sub("", s).strip()
    s = re.sub(rf"{dates.YEAR}年(?!度)", "", s)
    s = re.sub(rf"{dates.YEAR}(?=年度)", "", s)
    for w in sorted((row[k] for k in ("leaders", "leaders_short", "people", "party", "gov",
                                      "self", "all", "local", "organs")), key=len, reverse=True):
        if w != row["organs"]:
            s = s.replace(w, "")
    own = own_name(title, level)
    if own and s.startswith(own + row["suffix"]):
        s = s[len(own + row["suffix"]):]
    elif s.startswith(row["suffix"]) and not s.startswith(row["self"]):
        s = s[len(row["suffix"]):]  # 在镇“三个年”…: the level alone stands for the place
    s = s.strip(" ，,、")
    guessed = False
    if not s:
        s, guessed = "工作会议", True
    elif not s.endswith(_MEETING_WORDS):
        guessed = True
        s += "会" if s.endswith(("总结", "部署", "推进", "动员", "表彰", "座谈", "调度")) else "会议"
    return s, s + "讲话", guessed


def own_name(title: str, level: str) -> str:
    """The place's own name when the title names it (在青石镇… → 青石), else ""."""
    from drafter.text import places

    return names.own_name(title, places.table()[level]["suffix"], pattern_names())


def reference_year(title: str, meta: dict | None, body: str) -> int | None:
    """The meeting year the source's years are measured from: the page's date, else the
    title's year (a 年度总结 meeting is held the year after), else the latest year in the body."""
    date = str((meta or {}).get("date") or "")
    m = re.match(f"({dates.YEAR})", date)
    if m:
        return int(m.group(1))
    m = dates.BOUNDED_YEARS.search(title)
    if m:
        year = int(m.group(1))
        if m.group(2) == "年度" and re.search("总结|表彰|考核", title):
            year += 1
        return year
    years = [int(y) for y, _ in dates.BOUNDED_YEARS.findall(body)]
    return max(years) if years else None


def occasion(name: str) -> str:
    for word in ("总结表彰大会", "表彰大会", "动员大会", "动员会", "部署会", "推进会", "总结会",
                 "座谈会", "培训会", "调度会", "工作会议", "大会", "会议"):
        if word in name:
            return {"动员会": "动员大会"}.get(word, word)
    return "会议"


def slug(s: str) -> str:
    s = re.sub(r'[\\/:*?"<>|\s]+', "-", s).strip("-.")
    return s or "extracted"


def doc_id(source: str) -> str:
    if not source:
        return ""
    m = re.match(r"^(\d+)[_\-. ]", Path(source).name)
    return m.group(1) if m else Path(source).stem


def choose_level(level: str | None, title: str, body: str, meta: dict | None, notes: Notes
                 ) -> str:
    """The source's level: the one given (a user error if unknown), else the one its
    self-references show, else the cleaner's (which may rest on lines it removed), else 镇
    with a warning. The cleaner's guess comes after extract's own: a page's title may be a
    compilation's (在全市…【汇编10篇】) and its counting may take 全局 for a 局."""
    from drafter.errors import DrafterError
    from drafter.text import places

    if level is not None:
        canon = places.canonical_level(level)
        if canon is None:
            raise DrafterError(f"未知的层级：{level}",
                               hint="可用：" + "、".join(places.level_names()))
        return canon
    guess = (meta or {}).get("level")
    found = detect_level(title, body) or (places.canonical_level(guess) if guess else None)
    if found is None:
        notes.add("看不出讲话的层级（没有“我镇”“全县”之类的自称），按“镇”处理；"
                  "可用 --level 指定")
        return "镇"
    return found
