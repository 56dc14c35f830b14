"""Step: a source string → outline text — place words become variables, years date expressions,
counts count expressions; what stays is reported."""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.analysis import dates, levels, names, placeholders
from drafter.analysis.markers import inline_sequences
from drafter.corpus.extract.base import Notes, means_level, pattern_names, rules
from drafter.corpus.extract.structure import count_pattern
from drafter.text.cn import cn_int

_SENTINEL = re.compile("\x00(\\d+)\x01")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


@dataclass
class Scope:
    """What a string can refer to when rendered: its list (items) and the level-1 headings."""

    where: str
    items: int | None = None
    headings: int | None = None


class Held:
    """Jinja expressions held out of the text as sentinels (\x00N\x01) while the later steps run,
    so no step reads, rewrites or escapes what an earlier one wrote."""

    def __init__(self) -> None:
        self.jinja: list[str] = []

    def hold(self, jinja: str) -> str:
        self.jinja.append(jinja)
        return f"\x00{len(self.jinja) - 1}\x01"

    def restore(self, text: str) -> str:
        return _SENTINEL.sub(lambda m: self.jinja[int(m.group(1))], text)


def plain(text: str) -> str:
    """The text with every held expression as one \x00: what the source still says itself."""
    return _SENTINEL.sub("\x00", text)


class Parametrizer:
    """Turns a source string into outline text, one step after another (the functions below):
    placeholders noted, counts, dates and place words made expressions, what stays warned about,
    the rest escaped. Holds what the steps need for one speech and what they gather: the
    variables replaced and the counts linked to their lists."""

    def __init__(self, level: str, notes: Notes, ref_year: int | None,
                 own_name: str = "") -> None:
        from drafter.text import places

        self.level = level
        self.notes = notes
        self.ref_year = ref_year
        self.row = places.table()[level]
        self.suffix = self.row["suffix"]
        self.replaced: dict[str, int] = {}
        self.counted = 0
        r = rules()
        self.stop = set(r["place_stop"])
        self.names = pattern_names()
        self.words = word_table(self.row, own_name)
        self.word_re = re.compile("|".join(re.escape(w) for w in sorted(
            self.words, key=len, reverse=True)))
        self.count_re = count_pattern()
        self.blanks = placeholders.compile_patterns(tuple(r["placeholders"]))

    def __call__(self, text: str, scope: Scope) -> str:
        if not text:
            return text
        held = Held()
        text = note_placeholders(self, text, scope)
        text = parametrize_counts(self, held, text, scope)
        text = parametrize_dates(self, held, text, scope)
        text = parametrize_places(self, held, text)
        warn_leftovers(self, plain(text), scope)
        return held.restore(escape_literal(text))

    def place_var(self, key: str) -> str:
        """{{ place.<key> }}, counted as replaced."""
        var = "{{ place." + key + " }}"
        self.replaced[var] = self.replaced.get(var, 0) + 1
        return var


def word_table(row: dict, own_name: str) -> dict[str, str]:
    """This level's words → the place variable each becomes. Longest first when matched:
    全乡干部群众 before 全乡, 乡党委、乡政府 before 乡党委."""
    s = row["suffix"]
    words: dict[str, str] = {}
    for key in ("people", "cadres", "leaders", "leaders_short", "organs", "party", "gov",
                "self", "all", "local", "upper", "upper_party"):
        words.setdefault(row[key], key)
    words.setdefault(f"{s}机关", "organs")
    words.setdefault(f"全{s}人民", "people")
    words.setdefault(f"全{s}广大干部群众", "people")
    if "、" in row["leaders"]:
        a, b = row["leaders"].split("、", 1)
        words.setdefault(a + b, "leaders")
        words.setdefault(f"{a}、{b.removeprefix(s)}", "leaders")
    if "、" in row["upper"]:
        a, b = row["upper"].split("、", 1)
        words.setdefault(a + b, "upper")
    if own_name:
        words.setdefault(own_name + s, "name")
        words.setdefault(own_name, "short")
    return words


def note_placeholders(p: Parametrizer, text: str, scope: Scope) -> str:
    """Warn about the source's blanks (XX, ××, a 同志 without a name); ** becomes ×× (in the
    Markdown draft it would open bold)."""
    for m in placeholders.in_order(text, p.blanks):
        p.notes.word("占位符", m.group(0), scope.where, "原文未填写，提纲中保留，请改写"
                     "（如指本地，可改为 {{ place.name }}）")
    text = re.sub(r"\*{2,}", lambda m: "×" * len(m.group(0)), text)
    if names.nameless_comrade(text):
        p.notes.word("缺少姓名", "同志", scope.where, "原文“同志”前没有名字，请补上或改写")
    return text


def parametrize_counts(p: Parametrizer, held: Held, text: str, scope: Scope) -> str:
    """Announced counts (四个方面) that count the scope's list or the level-1 headings become
    count expressions; others are warned about."""
    seqs = inline_sequences(text)
    return p.count_re.sub(lambda m: _count(p, held, text, seqs, m, scope), text)


def _count(p: Parametrizer, held: Held, text: str, seqs: list, m: re.Match, scope: Scope
           ) -> str:
    num = m.group(1)
    try:
        n = cn_int(num)
    except ValueError:
        return m.group(0)
    if n < 2:
        return m.group(0)
    phrase = m.group(0)
    quoted = m.start() and text[m.start() - 1] == "“"
    after = [s for s in seqs if s.start > m.start()]
    if after and len(after[0]) == n:
        return phrase  # counts the list in the same paragraph: stays consistent
    noun = m.group(3) or ""
    if scope.items is not None and n == scope.items:
        p.counted += 1
        return held.hold("{{ items|count_cn }}") + phrase[len(num):]
    if scope.headings is not None and n == scope.headings and noun != "字":
        p.counted += 1
        return held.hold("{{ headings|count_cn }}") + phrase[len(num):]
    if quoted:
        return phrase  # a quoted count is usually a name (“四个意识”)
    found = (f"，本节有{scope.items}条" if scope.items else "")
    p.notes.word("数量词", phrase, scope.where, f"找不到它所数的列表{found}，保留原文，请核对")
    return phrase


def parametrize_dates(p: Parametrizer, held: Held, text: str, scope: Scope) -> str:
    """Years near the meeting's become date expressions; full dates, far years, deadlines and
    plan periods stay and are warned about."""
    def full(m: re.Match) -> str:
        p.notes.word("具体日期", m.group(0), scope.where,
                     "保留原文；如是会议日期，可改为 {{ meeting.date|date_cn }}")
        return held.hold(m.group(0))

    text = dates.WRITTEN_DATES.sub(full, text)
    text = dates.BOUNDED_YEARS.sub(lambda m: _year(p, held, m, scope), text)
    for d in dates.month_deadlines(text):
        p.notes.word("期限", d.text, scope.where,
                     "保留原文；需要随会议变化时，可在 fields 声明 deadline 并写 "
                     "{{ deadline|before }}")
    for m in dates.PLAN_PERIODS.finditer(text):
        p.notes.word("规划期提法", m.group(0), scope.where, "有时效，请按会议时间核对")
    return text


def _year(p: Parametrizer, held: Held, m: re.Match, scope: Scope) -> str:
    y, unit = int(m.group(1)), m.group(2)
    if p.ref_year is None:
        p.notes.word("年份", m.group(0), scope.where, "无法确定会议年份，保留原文")
        return m.group(0)
    delta = y - p.ref_year
    if delta == 0:
        return held.hold("{{ meeting.date|year_cn }}") + unit[1:]
    if abs(delta) <= 2:
        sign = "+" if delta > 0 else "-"
        return held.hold(f"{{{{ meeting.date.year {sign} {abs(delta)} }}}}") + unit
    p.notes.word("年份", m.group(0), scope.where,
                 f"与会议年份（{p.ref_year}年）相差较远，保留原文")
    return m.group(0)


def compound_before(p: Parametrizer, text: str, start: int, word: str) -> bool:
    """Whether the character before a level word makes an ordinary word with its first
    character (社区委员会 is no 区委)."""
    if not start or not word.startswith(p.suffix):
        return False
    return text[start - 1] + p.suffix in p.stop


def parametrize_places(p: Parametrizer, held: Held, text: str) -> str:
    """This level's words (我镇, 全镇, 镇党委 …) and a bare 党委政府 become place variables."""
    def sub(m: re.Match) -> str:
        word = m.group(0)
        if compound_before(p, text, m.start(), word) or not means_level(text, m.start(), word):
            return word
        return held.hold(p.place_var(p.words[word]))

    text = p.word_re.sub(sub, text)

    # 党委政府 alone means this level's; after 各级/上级/基层 or a level it is someone else's.
    def bare(m: re.Match) -> str:
        before = text[max(0, m.start() - 2): m.start()]
        if before.endswith(("级", "层", "村", "省", "市", "县", "区", "镇", "乡", "各")):
            return m.group(0)
        return held.hold(p.place_var("leaders" if "、" in m.group(0) else "leaders_short"))

    return re.sub(r"党委、政府|党委政府", bare, text)


def warn_leftovers(p: Parametrizer, plain: str, scope: Scope) -> None:
    """Warn about what stays: other places and people, other levels' self-references, this
    level's and the upper level's words that have no variable."""
    for name in names.pattern_people(plain, p.names):
        p.notes.word("人名", name, scope.where, "无法参数化，保留原文，请改写")
        plain = plain.replace(name, "\x00")  # reported once, as a person
    for name in names.pattern_places(plain, p.names, p.words):
        p.notes.word("其他地名", name, scope.where, "无法参数化，保留原文，请核对")
    for word in levels.foreign_words(p.level, ("self", "local")):
        if word in plain and word not in p.words:
            p.notes.word("与层级不符的自称", word, scope.where,
                         f"原文层级是{p.level}，保留原文，请核对")
    upper = p.row["upper_party"][:-1]
    for w in re.findall(rf"全{upper}|{upper}(?:政府|领导|里|直)", plain):
        if not compound_before(p, plain, plain.find(w), w):
            p.notes.word("上级用语", w, scope.where, "没有对应变量，保留原文；用于其他层级时请改写")
    s = re.escape(p.suffix)
    for m in re.finditer(rf"{s}(?:长|领导|里|直|级|属|市民|村)", plain):
        if m.start() and plain[m.start() - 1] + p.suffix in p.stop:
            continue
        p.notes.word("本级用语", m.group(0), scope.where, "没有对应变量，保留原文；用于其他层级时请改写")


def escape_literal(text: str) -> str:
    """Literal source text stays text in the Markdown draft and in Jinja (held expressions
    excepted)."""
    parts = _SENTINEL.split(text)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(f"\x00{part}\x01")
            continue
        part = _MD_SPECIAL.sub(r"\\\1", part)
        part = re.sub(r"\{(?=[{%#])", "｛", part)
        out.append(part)
    return "".join(out)
