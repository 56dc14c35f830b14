"""The library's variety and originality figures, per outline: the worst identical-sentence
share between two seeds of one spec (seeds 1–10), the length reached at 1,500/3,000/5,000/
8,000 characters, the near-paraphrase share against the shipped corpus and the 6-character
phrases said three times in one draft. Shared by tests/drafting/test_variety.py and by an
outline writer: python tests/drafting/variety.py [OUTLINE …] prints the table."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from grid import DATES, cell_spec, draft, levels_of, spec_values

from drafter.analysis import similarity
from drafter.audit.measures import corpus_index, repeated_phrases
from drafter.drafting import outline as outline_mod
from drafter.drafting.render import _body

SEEDS = range(1, 11)
# A second run of seeds, so that nothing is tuned to 1–10 (section ids chosen so that those
# seeds happen to spread over the lines would pass 1–10 and fail here).
GUARD_SEEDS = range(11, 21)
TARGETS = (1500, 3000, 5000, 8000)
SEASONS = tuple(DATES)


def body_of(result) -> str:
    return _body(result.markdown).replace("**", "")


def near_paraphrases(result) -> list:
    return corpus_index().compare(body_of(result))


@dataclass
class Row:
    outline: str
    worst: float = 0.0          # identical-sentence share of the most alike pair of seeds
    worst_cell: str = ""
    guard: float = 0.0          # the same over seeds 11–20
    mean: float = 0.0           # the average pair, over both runs of seeds, at the worst level
    lengths: dict[int, int | None] = field(default_factory=dict)  # target → reached
    near: float = 0.0           # worst near-paraphrase share over the drafts read
    repeated: int = 0           # phrases said three times, summed over the drafts read


def seed_drafts(oid: str, level: str, season: str, role: str = "party", length: int = 3000,
                seeds=SEEDS):
    return {seed: draft(cell_spec(oid, level, DATES[season], role, seed, length))
            for seed in seeds}


def pairs(oid: str, level: str, season: str, role: str = "party", seeds=SEEDS) -> list:
    """Every pair of the seeds' drafts with its identical-sentence share, most alike first."""
    drafts = seed_drafts(oid, level, season, role, seeds=seeds)
    sets = {s: similarity.sentences(body_of(r), spec_values(r.spec)) for s, r in drafts.items()}
    return similarity.pairwise(sets)


def worst_pair(oid: str, level: str, season: str, role: str = "party",
               seeds=SEEDS) -> tuple[float, str]:
    x, y, share = pairs(oid, level, season, role, seeds)[0]
    return share, f"{level}/{season}/{role} 种子{x}与{y}"


def row(oid: str) -> Row:
    out = Row(oid)
    levels = levels_of(oid)
    for i, level in enumerate(levels):
        season = SEASONS[i % len(SEASONS)]
        first, second = pairs(oid, level, season), pairs(oid, level, season, seeds=GUARD_SEEDS)
        x, y, share = first[0]
        if share >= out.worst:
            out.worst, out.worst_cell = share, f"{level}/{season} 种子{x}与{y}"
        out.guard = max(out.guard, second[0][2])
        out.mean = max(out.mean, sum(p[2] for p in first + second) / len(first + second))
    low, high = outline_mod.load(outline_mod.library()[oid]).lengths
    for target in TARGETS:
        if not low <= target <= high:
            out.lengths[target] = None
            continue
        for seed in (1, 2):
            result = draft(cell_spec(oid, levels[0], DATES["年中"], "party", seed, target))
            out.lengths[target] = result.length
            found = near_paraphrases(result)
            out.near = max(out.near, len(found) / max(1, len(similarity.sentences(
                body_of(result)))))
            out.repeated += len(repeated_phrases(result))
    return out


def format_table(rows: list[Row]) -> str:
    head = ("| 提纲 | 两两相同句子的平均占比 | 种子1–10最相近的一对 | 种子11–20最相近的一对 | "
            + " | ".join(f"{t}字" for t in TARGETS) + " | 近似改写占比 | 三次重复的6字短语 |")
    lines = [head, "|" + "---|" * (6 + len(TARGETS))]
    for r in rows:
        lens = " | ".join("—" if r.lengths[t] is None else str(r.lengths[t]) for t in TARGETS)
        lines.append(f"| {r.outline} | {r.mean:.0%} | {r.worst:.0%}（{r.worst_cell}） | "
                     f"{r.guard:.0%} | {lens} | "
                     f"{r.near:.1%} | {r.repeated} |")
    return "\n".join(lines)


if __name__ == "__main__":
    ids = sys.argv[1:] or sorted(outline_mod.library())
    print(format_table([row(oid) for oid in ids]))
