"""Where a long title breaks. GB/T 9704-2012 7.3.3: a title that runs over a line breaks with
each word whole and the lines arranged evenly (梯形或菱形). Word and WPS break it wherever the
line is full ("…专项活/动动员会…", one character alone on the last line), so the writer puts
the breaks in: at the joints speech titles are made of (after a place, a year, 工作、建设、
会议…, around 暨 and quotes, before 上的讲话), lines as even as they can be. A word list, not
a segmenter: loading jieba would triple the time `drafter draft` takes."""

from __future__ import annotations

import math

# Characters that never open a line, and those that never close one.
_NO_START = set("，。、；：？！”’）》〉】」』…—·")
_NO_END = set("“‘（《〈【「『")


def cells(text: str) -> float:
    """Width in characters of the title font: Latin letters and digits take half."""
    return sum(0.5 if ord(ch) < 0x2000 else 1 for ch in text)


def break_title(title: str, width: int) -> list[str]:
    """The lines of a title at most `width` characters a line. A title that fits, or one the
    writer broke already (a line break in it), is left as it is."""
    if "\n" in title or cells(title) <= width:
        return title.split("\n")
    cuts = _word_ends(title)
    n = math.ceil(cells(title) / width)
    while n <= len(title):
        best = _best_split(title, cuts, n, width)
        if best:
            return best
        n += 1
    return [title]


def _best_split(title: str, cuts: list[int], n: int, width: int) -> list[str] | None:
    """The most even split of title into n lines at word ends, none longer than width; among
    equally even ones, the one whose lines get shorter downwards (a trapezoid)."""
    best: tuple | None = None

    def walk(start: int, lines: list[str]) -> None:
        nonlocal best
        if len(lines) == n - 1:
            rest = title[start:]
            if 2 <= len(rest) and cells(rest) <= width and rest[0] not in _NO_START:
                done = [*lines, rest]
                lengths = [cells(x) for x in done]
                key = (max(lengths) - min(lengths), [-x for x in lengths])
                if best is None or key < best[0]:
                    best = (key, done)
            return
        for cut in cuts:
            line = title[start:cut]
            if cut <= start or len(line) < 2:
                continue
            if cells(line) > width:
                break
            if line[-1] in _NO_END or title[cut] in _NO_START:
                continue
            walk(cut, [*lines, line])

    walk(0, [])
    return best[1] if best else None


# Words a title may break after, and what a new line may start with. A title's words are few
# and repeat across offices: places (…镇、…县), years, the kind of meeting, the kind of work.
_AFTER = tuple(sorted("""
镇 乡 街道 县 区 市 州 盟 旗 局 委 办 厅 高新区 开发区 年 年度 暨 系统 全体 机关 干部 党员
工作 建设 活动 专项 专题 发展 改革 振兴 生产 整治 提升 攻坚 行动 治理 服务 能力
大会 会议 动员会 推进会 部署会 座谈会 点评会 培训班 开班式
""".split(), key=len, reverse=True))
# Two characters a break never comes between, though a word above ends at the first.
_NO_SPLIT = {"年度", "会议", "区委", "县委", "市委", "镇党", "乡党", "局党", "建设年", "工作会"}
_BEFORE = ("暨", "上的讲话", "“", "《")


def _word_ends(text: str) -> list[int]:
    """Offsets inside text where a line may break."""
    ends = set()
    for i in range(1, len(text)):
        if text.startswith(_BEFORE, i) or text[i - 1] in "”》" or text[:i].endswith(_AFTER):
            ends.add(i)
    # Never inside a number (2026年: the break comes after 年), nor inside 年度, 会议….
    inside = {j + k for w in _NO_SPLIT for j in _find_all(text, w) for k in range(1, len(w))}
    return sorted(i for i in ends - inside if not (text[i - 1].isdigit() and text[i].isdigit()))


def _find_all(text: str, word: str) -> list[int]:
    return [j for j in range(len(text)) if text.startswith(word, j)]
