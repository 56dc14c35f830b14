"""The table of data/cleaning.yaml, compiled: what the lines of a downloaded page look like."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from drafter.errors import DrafterError, os_reason
from drafter.resources import DATA_DIR

DATA = DATA_DIR / "cleaning.yaml"


@dataclass(frozen=True)
class LineRule:
    """A kind of page furniture recognised by the shape of a whole line (see cleaning.yaml)."""

    name: str
    pattern: re.Pattern
    max_len: int | None = None
    meta: bool = False
    tail: bool = False
    end: bool = False
    part: bool = False

    def matches(self, line: str) -> re.Match | None:
        if self.max_len is not None and len(line) > self.max_len:
            return None
        return self.pattern.search(line)


@dataclass(frozen=True)
class PageRules:
    lines: tuple[LineRule, ...]
    inline: tuple[tuple[str, re.Pattern], ...]
    gaps: tuple[tuple[str, re.Pattern], ...]
    chunk: re.Pattern
    chunk_openers: str
    chunk_min_run: int
    sentence_end: re.Pattern
    # family → (marker at a line start, marker after a sentence end); one group: the number
    breaks: dict[str, tuple[re.Pattern, re.Pattern]]
    flat_breaks: dict[str, tuple[re.Pattern, re.Pattern]]
    flat_line_chars: int
    flat_title_end: re.Pattern
    flat_break_words: re.Pattern
    flat_spaces_min_chars: int
    heading_space_max: int
    salutation: re.Pattern
    salutation_mid: re.Pattern
    title_shape: re.Pattern
    title_shape_weak: re.Pattern
    title_max_len: int
    title_min_len: int
    title_head: int
    title_tags: re.Pattern
    traditional_share: float
    opencc_config: str


@lru_cache(maxsize=1)
def table() -> dict:
    """data/cleaning.yaml as loaded (the corpus cleaner compiles its own part of it)."""
    import yaml

    try:
        data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise table_error(e) from e
    if not isinstance(data, dict):
        raise table_error(TypeError())
    return data


def table_error(e: Exception) -> DrafterError:
    return DrafterError(f"清洗规则表有错：{_problem(e)}", DATA,
                        hint="重新安装 drafter，或还原 drafter/data/cleaning.yaml")


def _problem(e: Exception) -> str:
    """What is wrong with data/cleaning.yaml, in Chinese: the exceptions' own text is English."""
    if isinstance(e, OSError):
        return os_reason(e)
    if isinstance(e, re.error):
        return f"正则表达式 {e.pattern!r} 第 {e.pos} 个字符处有错" if e.pattern else "正则表达式有错"
    if isinstance(e, KeyError):
        return f"缺少键 {e.args[0]}" if e.args else "缺少键"
    mark = getattr(e, "problem_mark", None)
    if mark is not None:
        return f"YAML 格式错误（第{mark.line + 1}行第{mark.column + 1}列）"
    return "结构不对"


@lru_cache(maxsize=1)
def page_rules() -> PageRules:
    d = table()
    try:
        return _compile(d)
    except (re.error, KeyError, TypeError, ValueError) as e:
        raise table_error(e) from e


def _families(pats: dict, end: str) -> dict[str, tuple[re.Pattern, re.Pattern]]:
    return {family: (re.compile(rf"^{pat}"), re.compile(rf"(?<={end})\s*(?={pat})"))
            for family, pat in pats.items()}


def _compile(d: dict) -> PageRules:
    lines = tuple(
        LineRule(r["name"], re.compile(r["pattern"]), r.get("max_len"), bool(r.get("meta")),
                 bool(r.get("tail")), bool(r.get("end")), bool(r.get("part")))
        for r in d["lines"]
    )
    end = d["sentence_end"]
    title = d["title"]
    return PageRules(
        lines=lines,
        inline=tuple((r["name"], re.compile(r["pattern"])) for r in d["inline"]),
        gaps=tuple((r["name"], re.compile(r["pattern"])) for r in d["gaps"]),
        chunk=re.compile(d["chunk_marker"]),
        chunk_min_run=int(d["chunk_min_run"]),
        chunk_openers=str(d["chunk_openers"]),
        sentence_end=re.compile(rf"{end}$"),
        breaks=_families(d["break_before"], end),
        flat_breaks=_families(d["flat_break_before"], end),
        flat_line_chars=int(d["flat_line_chars"]),
        flat_title_end=re.compile(d["flat_title_end"]),
        flat_break_words=re.compile(rf"(?<={end})\s*(?={d['flat_break_words']})"),
        flat_spaces_min_chars=int(d["flat_spaces_min_chars"]),
        heading_space_max=int(d["heading_space_max"]),
        salutation=re.compile(rf"^({d['salutation']})\s*(\S.*)$"),
        salutation_mid=re.compile(rf"(?:(?<=\s)|(?<=[。！？]))(?={d['salutation']})"),
        title_shape=re.compile(title["shape"]),
        title_shape_weak=re.compile(title["shape_weak"]),
        title_max_len=int(title["max_len"]),
        title_min_len=int(title["min_len"]),
        title_head=int(title["head"]),
        title_tags=re.compile(title["tags"]),
        traditional_share=float(d["traditional_share"]),
        opencc_config=str(d["opencc_config"]),
    )
