"""The title of a downloaded page: the line near the top shaped like a speech title (在…上的讲话,
…讲话稿, 发言, 会议, a year and a topic), not the first line (a site banner, an advertisement)."""

from __future__ import annotations

from drafter.document.webpage.rules import PageRules

_ENDS = ("。", "！", "？", "；", ";", "：", ":", "，", ",", "!", "?")


def is_prose(line: str) -> bool:
    return len(line) > 60 or "。" in line


def title_like(line: str, r: PageRules) -> bool:
    """Short, and not a sentence or a salutation."""
    return len(line) <= r.title_max_len and not line.endswith(_ENDS)


def speech_shaped(line: str, r: PageRules, strong: bool = False) -> bool:
    """Shaped like a speech title: 在…上的讲话 (strong), or …讲话稿, …会议, 2023年… ."""
    if not title_like(line, r) or line.startswith("—"):
        return False
    bare = r.title_tags.sub("", line)
    if len(bare) < r.title_min_len:
        return False
    return r.title_shape.search(bare) is not None or (
        not strong and r.title_shape_weak.search(bare) is not None)


def title_index(lines: list[str], r: PageRules) -> int | None:
    """Which of the speech's first lines is its title (None: the page shows none). Looked for
    among the lines before the salutation or the first sentence."""
    head: list[int] = []
    for i, line in enumerate(lines[: r.title_head]):
        if r.salutation.match(line) or is_prose(line):
            break
        head.append(i)
    for i in head:
        # 关于…的几点思考 over ——在…上的讲话: the line above a dash subtitle is the title.
        if i + 1 in head and lines[i + 1].startswith("—") and title_like(lines[i], r):
            return i
    for strong in (True, False):
        shaped = [i for i in head if speech_shaped(lines[i], r, strong)]
        if shaped:
            return shaped[0]
    return next((i for i in head if title_like(lines[i], r)), None)
