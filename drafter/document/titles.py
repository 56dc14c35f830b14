"""Where a long title breaks. GB/T 9704-2012 7.3.3: a title that runs over a line breaks with
each word whole and the lines arranged evenly (梯形或菱形). Word and WPS break it wherever the
line is full ("…专项活/动动员会…", one character alone on the last line), so the writer puts
the breaks in: between words (jieba's segmentation), lines as even as they can be, the longer
ones first."""

from __future__ import annotations

import math
from functools import lru_cache

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


def _word_ends(text: str) -> list[int]:
    """Offsets where a word ends inside text (not its end)."""
    ends, pos = [], 0
    for word in _segmenter().cut(text, HMM=True):
        pos += len(word)
        if pos < len(text):
            ends.append(pos)
    return ends


@lru_cache(maxsize=1)
def _segmenter():
    """jieba, loaded only for a title too long for one line."""
    import logging
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # jieba 0.42 imports pkg_resources
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
    return jieba
