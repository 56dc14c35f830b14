"""What every step of extract uses: the rules (data/extract.yaml), the result, the warnings
gathered, how the source wrote a marker, sentences and item leads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from drafter.analysis import markers, names
from drafter.resources import DATA_DIR

DATA = DATA_DIR / "extract.yaml"

CJK = "\u3400-\u9fff"
# Heading and list families, highest first: a list nests only inside a higher family.
RANK = {"H1": 0, "H2": 1, "H3": 2, "H4": 3, "第": 4, "要": 5, "是": 6}

# How the outline writes each family's marker (ordinal() turns 一 into 二, 三 …).
OUTLINE_MARKER = {"H2": "（一）", "H3": "1.", "H4": "（1）", "要": "一要", "是": "一是"}

KIND_NAMES = {
    "opening": "开头", "review": "成绩回顾", "problems": "问题诊断", "significance": "重要意义",
    "guidance": "指导思想", "directives": "“要”字部署", "safeguards": "抓落实",
    "closing": "结尾",
}
SALUTATION = re.compile(r"^[^。，！？]{0,30}(同志们|朋友们|来宾们|领导)[：:]$")
# A speech's own title: 在…上的讲话.
SPEECH_TITLE = re.compile(r"^在.{2,60}(上|中)的(讲话|发言|致辞|讲稿|报告)")
_SENTENCE = re.compile(r"[^。！？]*(?:[。！？]+[”’」』）)]*|$)")


@dataclass
class Extraction:
    """An extracted outline: the YAML text, what could not be parametrized, the structure found."""

    outline_yaml: str
    warnings: list[str]
    counts: dict
    id: str = ""
    level: str = ""
    replaced: dict[str, int] = field(default_factory=dict)


@lru_cache(maxsize=1)
def rules() -> dict:
    import yaml

    with DATA.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


# Extract's marker families by id: how the source wrote a marker (一是, 第一, （一）, 1., （1）).
_FAMILIES = {f.id: f for f in markers.EXTRACT_HEADINGS} | markers.EXTRACT_LEADS


def marker_text(family: str, n: int, punct: str = "") -> str:
    """How the source wrote the n-th marker of a family: 三是, 第三, （三）, 3."""
    marker = _FAMILIES[family].render(n)
    return marker + punct if family == "第" else marker


def sentences(text: str) -> list[str]:
    """Sentences in order, each with its end punctuation and closing quotes."""
    return [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def split_lead(text: str) -> tuple[str, str]:
    """The bold lead of an item (its first sentence, or its first clause when the sentence is
    long) and the rest."""
    text = text.lstrip("，,、：: ")
    sents = sentences(text)
    if not sents:
        return "", ""
    first = sents[0]
    if len(first) > 60:
        comma = first.find("，")
        if 4 <= comma <= 30:
            return first[: comma + 1], text[comma + 1:]
    return first, text[len(first):]


def end_sentence(s: str) -> str:
    """A list segment cut at "；" ends a paragraph of its own: give it a full stop."""
    s = s.rstrip()
    if s.endswith(("；", ";", "，", ",", "、")):
        return s[:-1] + "。"
    return s


class Notes:
    """Warnings, gathered by (what, word) so one problem repeated is reported once."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.grouped: dict[tuple[str, str], tuple[list[str], str]] = {}

    def add(self, message: str) -> None:
        if message not in self.lines:
            self.lines.append(message)

    def word(self, what: str, word: str, where: str, advice: str) -> None:
        places, _ = self.grouped.setdefault((what, word), ([], advice))
        if where not in places:
            places.append(where)

    def all(self) -> list[str]:
        out = list(self.lines)
        for (what, word), (places, advice) in self.grouped.items():
            shown = "、".join(places[:3]) + ("等" if len(places) > 3 else "")
            count = f"，共{len(places)}处" if len(places) > 1 else ""
            out.append(f"{what}“{word}”（{shown}{count}）{advice}")
        return out


def short(s: str, n: int = 12) -> str:
    s = s.strip()
    return s if len(s) <= n else s[:n] + "…"


def means_level(text: str, start: int, word: str) -> bool:
    """Whether a level word at text[start:] names its level: 全局 (the whole picture) only
    before the words data/extract.yaml lists (全局上下), never in 统筹全局 or 全局观念."""
    nexts = rules()["ordinary_level_words"].get(word)
    return nexts is None or text.startswith(tuple(nexts), start + len(word))


@lru_cache(maxsize=1)
def pattern_names() -> names.PatternNames:
    return names.PatternNames.from_rules(rules())
