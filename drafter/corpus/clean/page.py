"""A downloaded page → the speech it holds (`clean_text`), with metadata and what was removed.

The page is read by drafter.document.webpage (what each line is: speech, page furniture, a gap
where a paywall or a truncation withheld text; the title; paragraph breaks a flattened page
lost). Here the corpus-specific steps: Traditional → Simplified, pinyin annotations, ellipses,
the site's name, the title repeated in the body, one speech of a compilation, mojibake flagged,
punctuation normalized, and the front matter (date, source, url, level, genre)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from drafter.analysis import levels
from drafter.analysis.dates import YEAR
from drafter.corpus.clean.chars import (
    find_mojibake,
    keep_ellipses,
    normalize_line,
    strip_pinyin,
)
from drafter.corpus.clean.rules import Rules, rules
from drafter.document.webpage.chinese import to_simplified

MOJIBAKE = "疑似乱码"
# Code-side rules (their names show in --verbose like the table's).
REPEATED_TITLE = "重复标题"
SITE_LINE = "站名"
OTHER_PART = "汇编其他篇"

_WIDE = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’—…]"
_SPACE_BETWEEN_WIDE = re.compile(rf"(?<={_WIDE}) (?={_WIDE})")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_KEY_DROP = re.compile(rf"{YEAR}年度?|[\s\W_]+")
_WORDS = re.compile(r"[\s\W_]+")


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


def _prepare(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    # A control character is damage, not formatting: make it visible so it gets flagged.
    return "".join(
        "\ufffd" if unicodedata.category(c) == "Cc" and c not in "\n\t" else c for c in text
    )


def join_wide(line: str) -> str:
    """Spaces between Chinese characters go (they are layout, not words). Done after the
    furniture rules, which read spaces as separators (a menu bar: 首页 范文 素材)."""
    return _SPACE_BETWEEN_WIDE.sub("", line)


def _key(s: str) -> str:
    """A title's identity: no punctuation, spaces or years (pages re-date their titles)."""
    return _KEY_DROP.sub("", s)


def _is_prose(line: str) -> bool:
    return len(line) > 60 or "。" in line


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
                  ) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """The page title again inside the body (whole, re-dated, or wrapped over up to three
    lines), and short lines naming the site. Also returns the repeats that differ from the
    title in more than punctuation and line breaks (another year)."""
    key = _key(title)
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    variants: list[str] = []
    i = 0
    while i < len(lines):
        span = _repeat_span(lines, i, title, key) if key else 0
        if span:
            removed += [(REPEATED_TITLE, x) for x in lines[i:i + span]]
            shown = "".join(lines[i:i + span])
            if _WORDS.sub("", shown) != _WORDS.sub("", title):  # re-dated, not just re-wrapped
                variants.append(shown)
            i += span
            continue
        line = lines[i]
        if site and site in line and len(line) <= r.site_line_max_len and not _is_prose(line):
            removed.append((SITE_LINE, line))
        else:
            kept.append(line)
        i += 1
    return kept, removed, variants


def _repeat_span(lines: list[str], i: int, title: str, key: str) -> int:
    for n in (1, 2, 3):
        chunk = lines[i:i + n]
        if len(chunk) == n and sum(map(len, chunk)) <= len(title) + 12 \
                and _key("".join(chunk)) == key:
            return n
    return 0


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
    """The level a speech speaks for: the unit its title names (在云岭街道… → 街道), else its
    self-references (我镇, 全镇, 镇党委 …, the words of data/places.yaml), a hit in the title
    weighing more than one in the body."""
    m = rules().title_unit.match(title)
    named = levels.place_level(m.group(1)) if m else None
    if named:
        return named
    kinds = ("self", "all", "local", "party", "gov", "leaders_short")
    return levels.guess_level([(title, rules().level_title_weight), (body, 1)],
                              dict.fromkeys(kinds, 1))


def guess_genre(title: str) -> str:
    r = rules()
    return next((g for p, g in r.genres if p.search(title)), r.default_genre)


# --- the whole page ---------------------------------------------------------------------------


@dataclass
class _Speech:
    """The speech as read off the page, before characters are normalized."""

    title: str
    lines: list[str]
    page_titles: list[str]
    removed: list[tuple[str, str]]
    parts: int = 0


def _one_part(page) -> _Speech:
    """The title and the lines of the speech; on a compilation page (篇1 … 篇N), the first
    speech only, under its own title, with the page's title kept as a page title."""
    from drafter.document.webpage import page_rules, speech_shaped

    pieces = page.pieces[(page.title + 1) if page.title is not None else 0:]
    markers = [i for i, p in enumerate(pieces) if p.part]
    title, page_titles, removed = page.title_text, [], []
    if not markers:
        return _Speech(title, [p.text for p in pieces if p.content], [], [])
    first = [p for p in pieces[markers[0] + 1:markers[1] if len(markers) > 1 else None]
             if p.content]
    before = [p.text for p in pieces[:markers[0]] if p.content]
    if first and speech_shaped(first[0].text, page_rules()):
        page_titles.append(title)
        title = first.pop(0).text
    if len(markers) > 1:
        removed = [(OTHER_PART, p.text) for p in pieces[markers[1]:] if p.content]
    return _Speech(title, before + [p.text for p in first], page_titles, removed, len(markers))


def _page_heads(page, site: str | None, r: Rules) -> list[str]:
    """Title lines above the speech's own title (the page's <title>, a site's heading), without
    the site's name: 在全市…讲话_某某网 above 在城东区…讲话 still tells which level the page
    was filed under."""
    from drafter.document.webpage import HEAD, page_rules, speech_shaped

    heads = (_strip_site_tail(p.text, site, r) for p in page.pieces if p.rule == HEAD)
    tags = page_rules().title_tags
    return [tags.sub("", t) for t in heads if speech_shaped(t, page_rules())]


def clean_text(raw: str, name: str = "") -> Cleaned:
    """A downloaded page → the speech: furniture removed (each removal recorded with its rule),
    gaps marked, Traditional converted, pinyin annotations dropped, punctuation normalized,
    paragraphs restored, mojibake flagged with line and column; metadata from the page."""
    from drafter.document.webpage import page_rules, read_page

    r = rules()
    text, traditional = to_simplified(_prepare(raw))
    page = read_page(keep_ellipses(strip_pinyin(text)))
    removed = [(p.rule, p.text) for p in page.pieces if p.rule] + page.removed
    meta_lines = [p.text for p in page.pieces if p.meta]
    site = _site(meta_lines, r)
    sp = _one_part(page)
    removed += sp.removed
    title = page_rules().title_tags.sub("", join_wide(_strip_site_tail(sp.title, site, r)))
    body, more, variants = _drop_repeats(sp.lines, title, site, r)
    removed += more
    # A title line the page showed that differs from the title (another year, another level)
    # is kept in the front matter: `drafter check` compares the speech with it.
    shown = [normalize_line(join_wide(x), [])[0]
             for x in _page_heads(page, site, r) + sp.page_titles + variants]
    page_titles = list(dict.fromkeys(x for x in shown if x != title))
    out, flags = _normalize(body, r)
    title = normalize_line(title, find_mojibake(title))[0] if title else ""
    meta = _meta(title, "\n".join(out), meta_lines, site, name, r)
    if page_titles:
        meta = {"title": meta.pop("title"), "page_titles": page_titles, **meta}
    if sp.parts:
        meta["compilation"] = f"共{sp.parts}篇，只取第1篇"
    if traditional:
        meta["converted"] = "繁体转简体"
    if name:
        meta["original"] = Path(name).name
    return Cleaned(meta["title"], "\n".join(out), meta, removed, flags)


def _normalize(body: list[str], r: Rules) -> tuple[list[str], list[Finding]]:
    out: list[str] = []
    flags: list[Finding] = []
    for line in body:
        line = join_wide(line)
        line, runs = normalize_line(line, find_mojibake(line))
        if line:
            out.append(line)
            flags += [Finding(MOJIBAKE, len(out), col + 1, t) for col, t in runs]
    return out, flags


def _meta(title: str, text: str, meta_lines: list[str], site: str | None, name: str,
          r: Rules) -> dict:
    meta: dict = {"title": title or Path(name).stem or "无标题"}
    for key, value in (("date", _date(meta_lines, r)), ("source", site),
                       ("url", _url(meta_lines, r)), ("level", guess_level(title, text)),
                       ("genre", guess_genre(title))):
        if value:
            meta[key] = value
    return meta


def read_page(path: Path | str) -> str:
    """A downloaded page's text: UTF-8, else GB 18030 (Chinese sites often save GBK); an .html
    page is reduced to its article first (drafter.corpus.clean.html)."""
    from drafter.files import decode_text, read_file

    path = Path(path)
    data = read_file(path)
    if path.suffix.lower() in (".html", ".htm"):
        from drafter.corpus.clean.html import html_text

        return html_text(data, path)
    return decode_text(data, path)


def clean_file(path: Path | str) -> Cleaned:
    path = Path(path)
    return clean_text(read_page(path), path.name)
