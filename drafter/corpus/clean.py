"""Corpus: cleaning downloaded speeches into corpus/ documents with front matter.

A speech copied from a web page carries the site with it: header lines (时间/来源/导语), 推荐访问
and 相关文章 lists, copyright and link footers, the page title repeated in the body. It may be
Traditional with pinyin after the characters (區(qū)), or hold mojibake from a wrong code page.
`clean_text` turns such a page into one paragraph a line with metadata; the boilerplate patterns
are data (data/cleaning.yaml). `write_doc` stores it as corpus/<id>.md: YAML front matter, then
the speech in the Markdown subset that drafter.document.markdown parses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from drafter.analysis import levels
from drafter.analysis.dates import YEAR
from drafter.analysis.mojibake import TONED as _TONED
from drafter.analysis.mojibake import find_mojibake
from drafter.analysis.mojibake import gb2312_level as _gb2312_level
from drafter.analysis.mojibake import is_cjk as _is_cjk
from drafter.errors import DrafterError, os_reason
from drafter.resources import DATA_DIR

DATA = DATA_DIR / "cleaning.yaml"
MOJIBAKE = "疑似乱码"
# Code-side rules (their names show in --verbose like the table's).
REPEATED_TITLE = "重复标题"
SITE_LINE = "站名"

_SYLLABLE = rf"[a-zü]*[{_TONED}][a-zü{_TONED}]*|[a-zü]+[1-5]"
# An annotation: a parenthesized syllable or two with a tone mark or a tone number, right after
# a character (normally the one it spells; on mojibake pages, the garbage that replaced it).
_PINYIN = re.compile(
    rf"(?<=[^\s(（])[(（]\s*(?:{_SYLLABLE})(?:[\s·]+(?:{_SYLLABLE}))*\s*[)）]"
)
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a\u202f\u205f]+")
_WIDE = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’—…]"
_SPACE_BETWEEN_WIDE = re.compile(rf"(?<={_WIDE}) (?={_WIDE})")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_KEY_DROP = re.compile(rf"{YEAR}年度?|[\s\W_]+")
_DOC_ID = re.compile(r"^(\d+)[_\-. ]")


@dataclass(frozen=True)
class Finding:
    """Something kept in the text but worth a look; line and column (1-based) are in
    Cleaned.text."""

    kind: str
    line: int
    column: int
    text: str


@dataclass
class Cleaned:
    """A cleaned speech: the title, the body one paragraph a line, what was found about it."""

    title: str
    text: str
    meta: dict = field(default_factory=dict)
    removed: list[tuple[str, str]] = field(default_factory=list)
    flags: list[Finding] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n") if self.text else []


@dataclass
class CorpusDoc:
    """A document of corpus/: its id (file stem), front matter, title and body text."""

    id: str
    meta: dict
    title: str
    text: str
    path: Path | None = None


# --- the rule table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    max_len: int | None = None
    meta: bool = False
    tail: bool = False

    def matches(self, line: str) -> bool:
        if self.max_len is not None and len(line) > self.max_len:
            return False
        return self.pattern.search(line) is not None


@dataclass(frozen=True)
class Rules:
    lines: tuple[Rule, ...]
    date: re.Pattern
    source: re.Pattern
    url: re.Pattern
    generic_sources: frozenset[str]
    title_separators: re.Pattern
    site_words: tuple[str, ...]
    site_line_max_len: int
    # family → (marker at a line start, marker after a sentence end)
    breaks: dict[str, tuple[re.Pattern, re.Pattern]]
    salutation: re.Pattern
    mojibake_words: re.Pattern
    gap: int
    threshold: float
    scores: dict[str, float]
    traditional_share: float
    level_title_weight: int
    genres: tuple[tuple[re.Pattern, str], ...]
    default_genre: str


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The compiled table of data/cleaning.yaml."""
    import yaml

    try:
        data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
        return _compile_rules(data)
    except (OSError, yaml.YAMLError, re.error, KeyError, TypeError) as e:
        raise DrafterError(f"清洗规则表有错：{_rules_problem(e)}", DATA,
                           hint="重新安装 drafter，或还原 drafter/data/cleaning.yaml") from e


def _rules_problem(e: Exception) -> str:
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


def _compile_rules(d: dict) -> Rules:
    lines = tuple(
        Rule(r["name"], re.compile(r["pattern"]), r.get("max_len"), bool(r.get("meta")),
             bool(r.get("tail")))
        for r in d["lines"]
    )
    end = d["sentence_end"]
    moj = d["mojibake"]
    return Rules(
        lines=lines,
        date=re.compile(d["meta"]["date"]),
        source=re.compile(d["meta"]["source"]),
        url=re.compile(d["meta"]["url"]),
        generic_sources=frozenset(d["generic_sources"]),
        title_separators=re.compile(d["title_separators"]),
        site_words=tuple(d["site_words"]),
        site_line_max_len=int(d["site_line_max_len"]),
        breaks={
            family: (re.compile(rf"^{pat}"), re.compile(rf"(?<={end})\s*(?={pat})"))
            for family, pat in d["break_before"].items()
        },
        salutation=re.compile(d["salutation"]),
        mojibake_words=re.compile("|".join(map(re.escape, moj["words"]))),
        gap=int(moj["gap"]),
        threshold=float(moj["threshold"]),
        scores={k: float(v) for k, v in moj["scores"].items()},
        traditional_share=float(d["traditional_share"]),
        level_title_weight=int(d["level_title_weight"]),
        genres=tuple((re.compile(p), g) for p, g in d["genres"]),
        default_genre=d["default_genre"],
    )


# --- characters -------------------------------------------------------------------------------


def to_simplified(text: str) -> tuple[str, bool]:
    """Traditional → Simplified with OpenCC t2s, only when the text is Traditional.

    Cheap check first: Simplified Chinese is almost all inside GB 2312, Traditional is not, so a
    text with few characters outside GB 2312 is returned as is without loading OpenCC. Otherwise
    the distinct candidates are converted one by one and the text counts as Traditional when the
    characters that change make up `traditional_share` of its CJK characters."""
    cjk = [c for c in text if _is_cjk(c)]
    share = rules().traditional_share
    outside = [c for c in cjk if not _gb2312_level(c)]
    if not cjk or len(outside) < share * len(cjk):
        return text, False
    converter = _opencc()
    distinct = sorted(set(outside))
    # One character a line, so OpenCC's phrase tables cannot join neighbours.
    converted = converter.convert("\n".join(distinct)).split("\n")
    changing = {c for c, s in zip(distinct, converted, strict=True) if s != c}
    if sum(c in changing for c in outside) < share * len(cjk):
        return text, False
    return converter.convert(text), True


@lru_cache(maxsize=1)
def _opencc():
    # OpenCC's maintained dictionaries (characters and phrases, e.g. 乾燥→干燥 but 乾隆 stays)
    # beat any table we could write by hand.
    import opencc

    return opencc.OpenCC("t2s")


def strip_pinyin(text: str) -> str:
    """區(qū) → 區: drop pinyin annotations; (2022年), (一), (学习型、创新型) stay."""
    return _PINYIN.sub("", text)


# --- lines ------------------------------------------------------------------------------------


def _prepare(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    # A control character is damage, not formatting: make it visible so it gets flagged.
    return "".join(
        "\ufffd" if unicodedata.category(c) == "Cc" and c not in "\n\t" else c for c in text
    )


def _squeeze(line: str) -> str:
    """Indentation and full-width spaces go; runs of spaces become one."""
    return _SPACES.sub(" ", line).strip()


def _join_wide(line: str) -> str:
    """Spaces between Chinese characters go (they are layout, not words). Done after the
    boilerplate rules, which read spaces as separators (a menu bar: 首页 范文 素材)."""
    return _SPACE_BETWEEN_WIDE.sub("", line)


def _split_lines(text: str, r: Rules) -> list[str]:
    """One paragraph a line: breaks restored before heading markers that follow a sentence end,
    the salutation on a line of its own."""
    last: dict[str, int] = {}  # the number of the last marker seen in each family
    out: list[str] = []
    for line in text.split("\n"):
        line = _squeeze(line)
        if not line:
            continue
        for part in _restore_breaks(line, r, last):
            m = r.salutation.match(part)
            if m:
                out += [m.group(1), m.group(2).strip()]
            else:
                out.append(part)
    return out


def _restore_breaks(line: str, r: Rules, last: dict[str, int]) -> list[str]:
    events: list[tuple[int, str, int]] = []
    for family, (at_start, after_end) in r.breaks.items():
        m = at_start.match(line)
        if m:
            last[family] = _number(m.group(1))
        events += [(m.start(), family, _number(m.group(1))) for m in after_end.finditer(line)]
    cuts = []
    for pos, family, n in sorted(events):
        # A marker that continues its family's count (or opens one) starts a paragraph.
        if n == 1 or last.get(family) == n - 1:
            cuts.append(pos)
            last[family] = n
    bounds = [0, *cuts, len(line)]
    return [p for a, b in pairwise(bounds) if (p := line[a:b].strip())]


def _number(s: str) -> int:
    from drafter.text.cn import cn_int

    try:
        return cn_int(s)
    except ValueError:
        return 0


def _key(s: str) -> str:
    """A title's identity: no punctuation, spaces or years (pages re-date their titles)."""
    return _KEY_DROP.sub("", s)


def _is_title_like(line: str) -> bool:
    # A page title: short, and not a sentence or a salutation.
    return len(line) <= 60 and not line.endswith(("。", "！", "？", "；", ";", "：", ":"))


def _is_prose(line: str) -> bool:
    return len(line) > 60 or "。" in line


def _drop_boilerplate(lines: list[str], r: Rules
                      ) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """Remove the lines the table names; returns kept lines, (rule, line) pairs, and the
    header/footer lines metadata is read from."""
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    meta_lines: list[str] = []
    tail_of: str | None = None
    for line in lines:
        rule = next((x for x in r.lines if x.matches(line)), None)
        if rule is None and tail_of is not None and not _is_prose(line):
            removed.append((tail_of, line))
            continue
        tail_of = None
        if rule is None:
            kept.append(line)
            continue
        removed.append((rule.name, line))
        if rule.meta:
            meta_lines.append(line)
        if rule.tail:
            tail_of = rule.name
    return kept, removed, meta_lines


def _site(meta_lines: list[str], r: Rules) -> str | None:
    for line in meta_lines:
        for m in r.source.finditer(line):
            name = m.group(1)
            if name not in r.generic_sources:
                return name
    return None


def _strip_site_tail(title: str, site: str | None, r: Rules) -> str:
    """政府自身建设总结讲话_百味书屋 → 政府自身建设总结讲话."""
    while True:
        parts = list(r.title_separators.finditer(title))
        if not parts:
            return title
        last = parts[-1]
        tail = title[last.end():]
        if not tail or not (tail == site or tail.endswith(r.site_words)):
            return title
        title = title[: last.start()]


def _drop_repeats(lines: list[str], title: str, site: str | None, r: Rules
                  ) -> tuple[list[str], list[tuple[str, str]]]:
    """The page title again inside the body (whole, re-dated, or wrapped over up to three
    lines), and short lines naming the site."""
    key = _key(title)
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        span = 0
        if key:
            for n in (1, 2, 3):
                chunk = lines[i:i + n]
                if len(chunk) == n and sum(map(len, chunk)) <= len(title) + 12 \
                        and _key("".join(chunk)) == key:
                    span = n
                    break
        if span:
            removed += [(REPEATED_TITLE, x) for x in lines[i:i + span]]
            i += span
            continue
        if site and site in line and len(line) <= r.site_line_max_len and not _is_prose(line):
            removed.append((SITE_LINE, line))
        else:
            kept.append(line)
        i += 1
    return kept, removed


# --- metadata ---------------------------------------------------------------------------------


def _date(meta_lines: list[str], r: Rules) -> str | None:
    for line in meta_lines:
        for m in r.date.finditer(line):
            y, mo, d = (int(g) for g in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _url(meta_lines: list[str], r: Rules) -> str | None:
    for line in meta_lines:
        m = r.url.search(line)
        if m:
            return m.group(1)
    return None


def guess_level(title: str, body: str) -> str | None:
    """The level a speech speaks for, from its self-references (我镇, 全镇, 镇党委 …, the words
    of data/places.yaml); a hit in the title weighs more than one in the body."""
    kinds = ("self", "all", "local", "party", "gov", "leaders_short")
    return levels.guess_level([(title, rules().level_title_weight), (body, 1)],
                              dict.fromkeys(kinds, 1))


def guess_genre(title: str) -> str:
    r = rules()
    return next((g for p, g in r.genres if p.search(title)), r.default_genre)


def _normalize_line(line: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, str]]]:
    """Full-width punctuation outside the flagged runs (they stay byte for byte); returns the
    line and each run's new start column (0-based) with its text."""
    from drafter.text.chars import normalize

    out = ""
    runs: list[tuple[int, str]] = []
    pos = 0
    for start, end in spans:
        out += normalize(line[pos:start])
        runs.append((len(out), line[start:end]))
        out += line[start:end]
        pos = end
    out += normalize(line[pos:])
    return out, runs


# --- the whole page ---------------------------------------------------------------------------


def clean_text(raw: str, name: str = "") -> Cleaned:
    """A downloaded page → the speech: boilerplate removed (each removal recorded with its rule),
    Traditional converted, pinyin annotations dropped, punctuation normalized, paragraphs
    restored, mojibake flagged with line and column; metadata from the page header."""
    r = rules()
    text = _prepare(raw)
    text, traditional = to_simplified(text)
    text = strip_pinyin(text)
    lines, removed, meta_lines = _drop_boilerplate(_split_lines(text, r), r)
    site = _site(meta_lines, r)

    title = ""
    if lines and _is_title_like(lines[0]):
        title = _join_wide(_strip_site_tail(lines.pop(0), site, r))
    body, more = _drop_repeats(lines, title, site, r)
    removed += more

    out: list[str] = []
    flags: list[Finding] = []
    for line in body:
        line = _join_wide(line)
        line, runs = _normalize_line(line, find_mojibake(line))
        if line:
            out.append(line)
            flags += [Finding(MOJIBAKE, len(out), col + 1, t) for col, t in runs]
    title = _normalize_line(title, find_mojibake(title))[0] if title else ""
    text = "\n".join(out)

    meta: dict = {"title": title or Path(name).stem or "无标题"}
    for key, value in (("date", _date(meta_lines, r)), ("source", site),
                       ("url", _url(meta_lines, r)), ("level", guess_level(title, text)),
                       ("genre", guess_genre(title))):
        if value:
            meta[key] = value
    if traditional:
        meta["converted"] = "繁体转简体"
    if name:
        meta["original"] = Path(name).name
    return Cleaned(meta["title"], text, meta, removed, flags)


def doc_id(name: str | Path) -> str:
    """000_6f928f7a2bf66737.txt → 000; a name without a number prefix keeps its stem."""
    stem = Path(name).name
    m = _DOC_ID.match(stem)
    return m.group(1) if m else Path(stem).stem


@dataclass
class Rendered:
    """A corpus document as text, with where each body line of Cleaned.text landed (1-based line
    in the file, and the column offset the escaping and the "> " prefix add)."""

    text: str
    lines: dict[int, int]


def render_doc(cleaned: Cleaned) -> Rendered:
    """Front matter, then "# 标题", lines before the salutation as a ">" block (subtitle,
    speaker, date, as in a draft), then the paragraphs separated by blank lines."""
    import yaml

    from drafter.document.markdown import SALUTATION, escape

    meta = dict(cleaned.meta)
    meta["title"] = cleaned.title
    meta["flags"] = len(cleaned.flags)
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    out = ["---", *head.rstrip("\n").split("\n"), "---", "", f"# {escape(cleaned.title)}", ""]
    paras = cleaned.paragraphs
    sal = next((i for i, p in enumerate(paras) if SALUTATION.match(p)), None)
    front = sal is not None and 0 < sal and all(
        len(p) <= 40 and not p.endswith("。") for p in paras[:sal])
    lines: dict[int, int] = {}
    for i, p in enumerate(paras):
        if front and i < sal:
            out.append(f"> {escape(p)}")
            if i == sal - 1:
                out.append("")
        else:
            out += [escape(p), ""]
        lines[i + 1] = len(out) - (0 if front and i < sal - 1 else 1)
    return Rendered("\n".join(out).rstrip("\n") + "\n", lines)


def file_position(cleaned: Cleaned, finding: Finding) -> tuple[int, int]:
    """Where a finding sits in the written corpus file: (line, column), 1-based."""
    from drafter.document.markdown import escape

    rendered = render_doc(cleaned)
    line = rendered.lines[finding.line]
    text = rendered.text.split("\n")[line - 1]
    para = cleaned.paragraphs[finding.line - 1]
    prefix = len(text) - len(escape(para))
    return line, prefix + len(escape(para[: finding.column - 1])) + 1


def write_doc(cleaned: Cleaned, out_dir: Path | str, doc_id: str, force: bool = False) -> Path:
    """Write <out_dir>/<doc_id>.md atomically; an existing file needs force."""
    from drafter.document.output import atomic_write

    path = Path(out_dir) / f"{doc_id}.md"
    return atomic_write(path, render_doc(cleaned).text.encode("utf-8"), force=force)


def read_page(path: Path | str) -> str:
    """A downloaded page's text: UTF-8, else GB 18030 (Chinese sites often save GBK)."""
    from drafter.files import decode_text, read_file

    return decode_text(read_file(path), path)


def clean_file(path: Path | str) -> Cleaned:
    path = Path(path)
    return clean_text(read_page(path), path.name)


# --- reading corpus/ --------------------------------------------------------------------------


def split_front_matter(text: str, path: Path | None = None) -> tuple[dict, str, int]:
    """(front matter, body, line number where the body starts)."""
    import yaml

    if not text.startswith("---\n"):
        raise DrafterError("语料文件缺少开头的 --- 元数据块", path, 1,
                           hint="用 drafter corpus clean 生成语料文件")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise DrafterError("元数据块没有以 --- 结束", path, 1)
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as e:  # its own text is English: the line is what the user needs
        mark = getattr(e, "problem_mark", None)
        raise DrafterError("元数据 YAML 格式错误", path, mark.line + 2 if mark else None,
                           hint="检查冒号、引号和缩进；或用 drafter corpus clean 重新生成",
                           column=mark.column + 1 if mark else None) from e
    if not isinstance(meta, dict):
        raise DrafterError("元数据应当是“字段: 值”的列表", path, 2)
    return meta, text[end + 5:], text[: end + 5].count("\n") + 1


def read_doc(path: Path | str) -> CorpusDoc:
    from drafter.document.markdown import parse

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise DrafterError("语料文件不是 UTF-8 编码", path) from e
    except OSError as e:
        raise DrafterError(f"无法读取语料文件：{os_reason(e)}", path) from e
    meta, body, _ = split_front_matter(text, path)
    speech = parse(body, path)
    title = str(meta.get("title") or speech.title)
    return CorpusDoc(path.stem, meta, title, "\n".join(b.text for b in speech.body), path)


def load_corpus(folder: Path | str) -> list[CorpusDoc]:
    """Every corpus/<id>.md (README.md aside), sorted by id."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DrafterError(f"找不到语料文件夹：{folder}", folder,
                           hint="用 --corpus 指定，或先用 drafter corpus clean 建立语料")
    paths = sorted(p for p in folder.glob("*.md") if p.stem.lower() != "readme")
    return [read_doc(p) for p in paths]
