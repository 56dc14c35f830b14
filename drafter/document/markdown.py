"""Markdown draft ⇄ Speech: parse the documented subset with markdown-it-py, and write it back.

The subset (docs/markdown.md): `#` title; a `>` block right under it for subtitle, speaker and
date; the salutation as its own paragraph; `##` 一、 / `###` （一） / `####` 1. / `#####` （1）
headings; paragraphs; `**…**` for lead phrases; backslash escapes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from drafter.document.speech import Block, Run, Speech
from drafter.errors import DrafterError

SALUTATION = re.compile(r"^[^，。；！？,.;!?]{1,24}[：:]$")
_DATE_LINE = re.compile(r"^[（(].*\d.*[）)]$")
# CJK characters and the Chinese punctuation outside those blocks (—— and …… too); compared by
# code point, since a regex class this wide takes milliseconds to compile at every start.
_CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))
_CJK_MARKS = frozenset("“”‘’—…")


def _is_cjk(ch: str) -> bool:
    """Whether the first character of ch is CJK (False for "")."""
    if not ch:
        return False
    o = ord(ch[0])  # _CJK_RANGES written out (a generator per character was slower)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF \
        or ch[0] in _CJK_MARKS


def _cjk_emphasis(state, silent: bool) -> bool:
    """markdown-it's emphasis tokenizer with CJK-aware flanking.

    CommonMark will not close `**一是满怀激情抓落实。**在` because the closing run sits between
    punctuation and a letter; Chinese puts no space there. Here a CJK character on the far side
    counts as punctuation would, the idea of the "CJK-friendly" CommonMark proposal. Registered on
    our parser instance only (no global patching)."""
    from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
    from markdown_it.rules_inline.state_inline import Delimiter

    start = state.pos
    marker = state.src[start]
    if silent or marker not in "_*":
        return False
    pos = start
    while pos < state.posMax and state.src[pos] == marker:
        pos += 1
    count = pos - start
    last = state.src[start - 1] if start > 0 else " "
    nxt = state.src[pos] if pos < state.posMax else " "

    def punct(ch: str) -> bool:
        return isMdAsciiPunct(ord(ch)) or isPunctChar(ch)

    last_ws, next_ws = isWhiteSpace(ord(last)), isWhiteSpace(ord(nxt))
    last_p = punct(last) and not _is_cjk(last)
    next_p = punct(nxt) and not _is_cjk(nxt)
    last_ok = punct(last) or _is_cjk(last)
    next_ok = punct(nxt) or _is_cjk(nxt)
    left = not next_ws and (not next_p or last_ws or last_ok)
    right = not last_ws and (not last_p or next_ws or next_ok)
    if marker == "_":
        can_open = left and (not right or last_ok)
        can_close = right and (not left or next_ok)
    else:
        can_open, can_close = left, right

    for _ in range(count):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(
            Delimiter(
                marker=ord(marker), length=count, token=len(state.tokens) - 1,
                end=-1, open=can_open, close=can_close,
            )
        )
    state.pos += count
    return True


@lru_cache(maxsize=1)
def parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    # Indented text is a paragraph here (writers indent with spaces), never a code block.
    md.disable(["code", "fence", "html_block", "lheading", "reference", "hr", "table"],
               ignoreInvalid=True)
    md.disable(["link", "image", "autolink", "html_inline", "backticks", "entity"],
               ignoreInvalid=True)
    md.inline.ruler.at("emphasis", _cjk_emphasis)
    return md


def _runs(inline) -> list[list[Run]]:
    """Inline tokens → lines of runs (a soft or hard break starts a new line)."""
    lines: list[list[Run]] = [[]]
    bold = 0
    for tok in inline.children or []:
        if tok.type == "text":
            lines[-1].append(Run(tok.content, bold > 0))
        elif tok.type in ("strong_open", "em_open"):
            bold += 1
        elif tok.type in ("strong_close", "em_close"):
            bold -= 1
        elif tok.type in ("softbreak", "hardbreak"):
            lines.append([])
    return [_merge(line) for line in lines]


def _merge(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for r in runs:
        if not r.text:
            continue
        if out and out[-1].bold == r.bold:
            out[-1] = Run(out[-1].text + r.text, r.bold)
        else:
            out.append(r)
    return out


def _join(lines: list[list[Run]]) -> list[Run]:
    """A paragraph a person wrapped over several lines: Chinese joins with no space."""
    out: list[Run] = []
    for line in lines:
        if out and line:
            prev, nxt = out[-1].text[-1:], line[0].text[:1]
            if not (_is_cjk(prev) or _is_cjk(nxt)):
                out.append(Run(" ", False))
        out.extend(line)
    return _merge(out)


def front_kind(text: str) -> str:
    """Which line of the centred block under the title a line is."""
    if text.startswith(("——", "--", "—")):
        return "subtitle"
    if _DATE_LINE.match(text):
        return "date"
    return "speaker"


def parse(text: str, path=None) -> Speech:
    """A Markdown draft (ours or a person's edit of it) → Speech. Each block's source is the
    1-based line of text it starts on (markdown-it's token.map), for locating findings."""
    tokens = parser().parse(text)
    speech = Speech()
    seen_body = False
    in_quote = 0
    heading_level = 0
    for tok in tokens:
        if tok.type == "blockquote_open":
            in_quote += 1
        elif tok.type == "blockquote_close":
            in_quote -= 1
        elif tok.type == "heading_open":
            heading_level = int(tok.tag[1])
        elif tok.type == "heading_close":
            heading_level = 0
        elif tok.type == "inline":
            lines = _runs(tok)
            line = tok.map[0] + 1 if tok.map else None
            if heading_level == 1 and not speech.first("title"):
                speech.blocks.append(Block("title", _join(lines), source=line))
            elif heading_level == 1 and len(speech.blocks) == 1:
                # "# 第一行" right under "# …": the writer's own break in a long title.
                title = speech.blocks[0]
                title.runs = [Run(title.text + "\n" + "".join(r.text for r in _join(lines)))]
            elif heading_level:
                level = max(1, min(4, heading_level - 1))
                speech.blocks.append(Block("heading", _join(lines), level, line))
                seen_body = True
            elif in_quote and not seen_body:
                for k, runs in enumerate(lines):
                    if runs:
                        t = "".join(r.text for r in runs).strip()
                        source = line + k if line else None  # a quote line per front block
                        speech.blocks.append(Block(front_kind(t), [Run(t)], source=source))
            else:
                runs = _join(lines)
                plain = "".join(r.text for r in runs).strip()
                if not plain:
                    continue
                if not seen_body and SALUTATION.match(plain):
                    speech.blocks.append(Block("salutation", [Run(plain)], source=line))
                else:
                    speech.blocks.append(Block("paragraph", runs, source=line))
                seen_body = True
    if not speech.first("title"):
        raise DrafterError(
            "Markdown 草稿缺少标题", path, 1, hint="第一行写“# 标题”，例如：# 在青石镇……上的讲话"
        )
    return speech


_ESCAPE = re.compile(r"([\\`*_\[\]<>#|~])")
_LEADING = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def escape(text: str) -> str:
    """Plain text as Markdown inline text that stays one line and opens nothing."""
    text = _ESCAPE.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))
    return _LEADING.sub(
        # Escape the punctuation ("1\."): a backslash before a digit ("\1.") shows as text.
        lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def _bold(text: str) -> str:
    """**…** around the phrase, its edge whitespace outside: "** 甲 **" would not open."""
    core = text.strip()
    if not core:
        return escape(text)
    start = text.index(core)
    return f"{text[:start]}**{escape(core)}**{text[start + len(core):]}"


def _inline(runs: list[Run]) -> str:
    # Merged first: runs split the way Word splits them would write "**甲****乙**", and a
    # run starting ". " after a run "1" would escape too late to stop a list.
    return "".join(_bold(r.text) if r.bold else escape(r.text) for r in _merge(runs))


def dumps(speech: Speech) -> str:
    """Speech → Markdown draft in the documented subset."""
    out: list[str] = []
    quote_open = False
    for b in speech.blocks:
        if b.kind in ("subtitle", "speaker", "date"):
            out.append(f"> {escape(b.text)}")
            quote_open = True
            continue
        if quote_open:
            out.append("")
            quote_open = False
        if b.kind == "title":
            out += [*(f"# {escape(line)}" for line in b.text.split("\n")), ""]
        elif b.kind == "heading":
            out += [f"{'#' * (b.level + 1)} {_inline(b.runs)}", ""]
        else:
            out += [_inline(b.runs), ""]
    return "\n".join(out).rstrip("\n") + "\n"
