"""Step: a source string → outline text — place words become variables, years date expressions,
counts count expressions; what stays is reported."""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.analysis import dates, levels, names, placeholders
from drafter.analysis.markers import inline_sequences
from drafter.corpus.extract.base import Notes, pattern_names, rules
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


class Parametrizer:
    """Turns a source string into outline text: place words → variables, years → date
    expressions, counts → count expressions; warns about what stays."""

    def __init__(self, level: str, notes: Notes, ref_year: int | None,
                 own_name: str = "") -> None:
        from drafter.text import places

        self.level = level
        self.notes = notes
        self.ref_year = ref_year
        self.table = places.table()
        self.row = self.table[level]
        self.suffix = self.row["suffix"]
        self.replaced: dict[str, int] = {}
        self.counted = 0
        r = rules()
        self.stop = set(r["place_stop"])
        self.names = pattern_names()
        self.words = self._word_table(own_name)
        self.word_re = re.compile("|".join(re.escape(w) for w in sorted(
            self.words, key=len, reverse=True)))
        self.count_re = count_pattern()
        self.blanks = placeholders.compile_patterns(tuple(r["placeholders"]))

    # Longest first: 全乡干部群众 before 全乡, 乡党委、乡政府 before 乡党委.
    def _word_table(self, own_name: str) -> dict[str, str]:
        row, s = self.row, self.suffix
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

    def var(self, name: str) -> str:
        return "{{ place." + name + " }}"

    # The pieces below each return the string with Jinja held as sentinels in `self.jinja`.
    def hold(self, jinja: str) -> str:
        self.jinja.append(jinja)
        return f"\x00{len(self.jinja) - 1}\x01"

    def __call__(self, text: str, scope: Scope) -> str:
        if not text:
            return text
        self.jinja: list[str] = []
        text = self._placeholders(text, scope)
        text = self._counts(text, scope)
        text = self._dates(text, scope)
        text = self._places(text, scope)
        self._leftovers(text, scope)
        text = self._escape(text)
        return _SENTINEL.sub(lambda m: self.jinja[int(m.group(1))], text)

    def _placeholders(self, text: str, scope: Scope) -> str:
        for m in placeholders.in_order(text, self.blanks):
            self.notes.word("占位符", m.group(0), scope.where, "原文未填写，提纲中保留，请改写"
                            "（如指本地，可改为 {{ place.name }}）")
        # "**" would open bold in the Markdown draft.
        text = re.sub(r"\*{2,}", lambda m: "×" * len(m.group(0)), text)
        if names.nameless_comrade(text):
            self.notes.word("缺少姓名", "同志", scope.where, "原文“同志”前没有名字，请补上或改写")
        return text

    def _counts(self, text: str, scope: Scope) -> str:
        seqs = inline_sequences(text)

        def sub(m: re.Match) -> str:
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
                self.counted += 1
                return self.hold("{{ items|count_cn }}") + phrase[len(num):]
            if scope.headings is not None and n == scope.headings and noun != "字":
                self.counted += 1
                return self.hold("{{ headings|count_cn }}") + phrase[len(num):]
            if quoted:
                return phrase  # a quoted count is usually a name (“四个意识”)
            found = (f"，本节有{scope.items}条" if scope.items else "")
            self.notes.word("数量词", phrase, scope.where,
                            f"找不到它所数的列表{found}，保留原文，请核对")
            return phrase

        return self.count_re.sub(sub, text)

    def _dates(self, text: str, scope: Scope) -> str:
        def full(m: re.Match) -> str:
            self.notes.word("具体日期", m.group(0), scope.where,
                            "保留原文；如是会议日期，可改为 {{ meeting.date|date_cn }}")
            return self.hold(m.group(0))

        text = dates.WRITTEN_DATES.sub(full, text)

        def year(m: re.Match) -> str:
            y, unit = int(m.group(1)), m.group(2)
            if self.ref_year is None:
                self.notes.word("年份", m.group(0), scope.where, "无法确定会议年份，保留原文")
                return m.group(0)
            delta = y - self.ref_year
            if delta == 0:
                return self.hold("{{ meeting.date|year_cn }}") + unit[1:]
            if abs(delta) <= 2:
                sign = "+" if delta > 0 else "-"
                return self.hold(f"{{{{ meeting.date.year {sign} {abs(delta)} }}}}") + unit
            self.notes.word("年份", m.group(0), scope.where,
                            f"与会议年份（{self.ref_year}年）相差较远，保留原文")
            return m.group(0)

        text = dates.BOUNDED_YEARS.sub(year, text)
        for d in dates.month_deadlines(text):
            self.notes.word("期限", d.text, scope.where,
                            "保留原文；需要随会议变化时，可在 fields 声明 deadline 并写 "
                            "{{ deadline|before }}")
        for m in dates.PLAN_PERIODS.finditer(text):
            self.notes.word("规划期提法", m.group(0), scope.where, "有时效，请按会议时间核对")
        return text

    def _compound_before(self, text: str, start: int, word: str) -> bool:
        """Whether the character before a level word makes an ordinary word with its first
        character (社区委员会 is no 区委)."""
        if not start or not word.startswith(self.suffix):
            return False
        return text[start - 1] + self.suffix in self.stop

    def _places(self, text: str, scope: Scope) -> str:
        def sub(m: re.Match) -> str:
            word = m.group(0)
            if self._compound_before(text, m.start(), word):
                return word
            key = self.words[word]
            self.replaced[self.var(key)] = self.replaced.get(self.var(key), 0) + 1
            return self.hold(self.var(key))

        text = self.word_re.sub(sub, text)
        # 党委政府 alone means this level's; after 各级/上级/基层 or a level it is someone else's.
        def bare(m: re.Match) -> str:
            before = text[max(0, m.start() - 2): m.start()]
            if before.endswith(("级", "层", "村", "省", "市", "县", "区", "镇", "乡", "各")):
                return m.group(0)
            key = "leaders" if "、" in m.group(0) else "leaders_short"
            self.replaced[self.var(key)] = self.replaced.get(self.var(key), 0) + 1
            return self.hold(self.var(key))

        return re.sub(r"党委、政府|党委政府", bare, text)

    def _leftovers(self, text: str, scope: Scope) -> None:
        """Warn about what stays: other places and people, other levels' self-references, this
        level's and the upper level's words that have no variable."""
        plain = _SENTINEL.sub("\x00", text)
        for name in names.pattern_people(plain, self.names):
            self.notes.word("人名", name, scope.where, "无法参数化，保留原文，请改写")
            plain = plain.replace(name, "\x00")  # reported once, as a person
        for name in names.pattern_places(plain, self.names, self.words):
            self.notes.word("其他地名", name, scope.where, "无法参数化，保留原文，请核对")
        for word in levels.foreign_words(self.level, ("self", "local")):
            if word in plain and word not in self.words:
                self.notes.word("与层级不符的自称", word, scope.where,
                                f"原文层级是{self.level}，保留原文，请核对")
        upper = self.row["upper_party"][:-1]
        for w in re.findall(rf"全{upper}|{upper}(?:政府|领导|里|直)", plain):
            if not self._compound_before(plain, plain.find(w), w):
                self.notes.word("上级用语", w, scope.where,
                                "没有对应变量，保留原文；用于其他层级时请改写")
        s = re.escape(self.suffix)
        for m in re.finditer(rf"{s}(?:长|领导|里|直|级|属|市民|村)", plain):
            if m.start() and plain[m.start() - 1] + self.suffix in self.stop:
                continue
            self.notes.word("本级用语", m.group(0), scope.where,
                            "没有对应变量，保留原文；用于其他层级时请改写")

    def _escape(self, text: str) -> str:
        """Literal source text stays text in the Markdown draft and in Jinja."""
        parts = _SENTINEL.split(text)
        out = []
        for i, p in enumerate(parts):
            if i % 2:
                out.append(f"\x00{p}\x01")
                continue
            p = _MD_SPECIAL.sub(r"\\\1", p)
            p = re.sub(r"\{(?=[{%#])", "｛", p)
            out.append(p)
        return "".join(out)
