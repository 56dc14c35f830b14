"""`drafter outlines check`: an outline (the library's or a writer's own) drafted over its
context grid and measured the way the library's tests measure it. Each finding carries the cell
whose spec reproduces it; the thresholds are data (drafter/data/audit.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from drafter.audit.grid import DATES, RANK, Cell, Grid, grid_of
from drafter.audit.measures import (
    Drafts,
    Finding,
    bare_leads,
    context_findings,
    error_finding,
    identical,
    near_paraphrases,
    repeated_phrases,
    unused_fields,
)
from drafter.errors import DrafterError

__all__ = ["Finding", "Report", "audit", "thresholds"]


@cache
def thresholds() -> dict[str, Any]:
    import yaml

    from drafter.resources import DATA_DIR

    with (DATA_DIR / "audit.yaml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@dataclass
class Report:
    """What one outline's check found, and the figures the library table prints."""

    outline: Any
    grid: Grid
    findings: list[Finding] = field(default_factory=list)
    drafted: int = 0
    worst: tuple[float, str] = (0.0, "")   # the most alike pair of seeds, and where
    mean: float = 0.0                      # the average pair at the level where it is highest
    lengths: dict[int, tuple[int, int]] = field(default_factory=dict)  # target → (min, max)
    near: float = 0.0                      # the highest near-paraphrase share of a draft
    repeated: int = 0                      # phrases said three times, over the drafts read

    def add(self, found: Finding | list[Finding]) -> None:
        self.findings += found if isinstance(found, list) else [found]


def audit(outline: Any, seeds: int | None = None) -> Report:
    """Check a loaded outline over its grid; `seeds` is how many seeds the variety and length
    measures draft (the data file's number when None)."""
    limits = thresholds()
    n = seeds or limits["seeds"]
    report = Report(outline, grid_of(outline))
    drafts = Drafts(report.grid)
    report.add(unused_fields(outline))
    _grid(report, drafts)
    _lists(report, drafts)
    _levels(report, drafts, limits)
    _variety(report, drafts, range(1, n + 1), limits)
    _lengths(report, drafts, range(1, n + 1), limits)
    report.drafted = len(drafts.done)
    return report


def _usable(report: Report, drafts: Drafts, cell: Cell):
    """The draft of a cell, or None after reporting the error that stopped it (once per
    message: one broken sentence fails every cell)."""
    result = drafts.get(cell)
    if isinstance(result, DrafterError):
        found = error_finding(result, cell)
        if all(f.message != found.message for f in report.findings):
            report.add(found)
        return None
    return result


def _grid(report: Report, drafts: Drafts) -> None:
    """Every level × date × role × seeds 1 and 2, at the outline's default length."""
    g = report.grid
    for level in g.levels:
        for season in DATES:
            for role in g.roles:
                for seed in (1, 2):
                    cell = Cell(level, season, role, seed)
                    result = _usable(report, drafts, cell)
                    if result is not None:
                        report.add(context_findings(result, cell))


def _lists(report: Report, drafts: Drafts) -> None:
    """Each list field at 0, 1, 2 and 6 items: counts, markers and leads still read right."""
    g = report.grid
    selects = {s.select for s in report.outline.sections if s.select}
    for name in g.examples:
        required = report.outline.fields[name].required
        for n in (0, 1, 2, 6):
            if (n == 0 and required) or (name in selects and n > len(g.examples[name])):
                continue  # a select field cannot name more items than the outline has
            cell = Cell(g.levels[0], lists=((name, n),))
            result = _usable(report, drafts, cell)
            if result is None:
                continue
            report.add([f for f in context_findings(result, cell) if f.kind == "context"])
            report.add([Finding("list", f"加粗的领起句后面没有正文：{lead}", cell)
                        for lead in bare_leads(result)])


def _levels(report: Report, drafts: Drafts, limits: dict) -> None:
    """A township's and a city's draft of one seed are two speeches, not the same sentences
    with other place words: the lowest and the highest rank the outline declares."""
    levels = report.grid.levels
    if len(levels) < 2:
        return
    low, high = min(levels, key=RANK.get), max(levels, key=RANK.get)
    for seed in (1, 2):
        a, b = (_usable(report, drafts, Cell(lv, "年中", report.grid.roles[0], seed))
                for lv in (low, high))
        if a is None or b is None:
            continue
        share = identical({1: a, 2: b})[0][2]
        if share > limits["max_level_identical"]:
            report.add(Finding("level", f"{low}和{high}的讲话有 {share:.0%} 的句子相同（上限 "
                               f"{limits['max_level_identical']:.0%}）：层级的说法太少", Cell(high, seed=seed)))


def _variety(report: Report, drafts: Drafts, seeds: range, limits: dict) -> None:
    """Two seeds of one spec are two speeches: the identical-sentence share of every pair."""
    g = report.grid
    seasons = list(DATES)
    for i, level in enumerate(g.levels):
        cells = {s: Cell(level, seasons[i % len(seasons)], g.roles[0], s) for s in seeds}
        results = {s: _usable(report, drafts, c) for s, c in cells.items()}
        if any(r is None for r in results.values()) or len(results) < 2:
            continue
        found = identical(results)
        mean = sum(p[2] for p in found) / len(found)
        report.mean = max(report.mean, mean)
        x, y, share = found[0]
        if share >= report.worst[0]:
            report.worst = (share, f"{level}/{cells[x].season} 种子{x}与{y}")
        if share > limits["max_identical"]:
            report.add(Finding("variety", f"种子{x}与种子{y}有 {share:.0%} 的句子相同"
                               f"（上限 {limits['max_identical']:.0%}）", cells[y]))


def _lengths(report: Report, drafts: Drafts, seeds: range, limits: dict) -> None:
    """Every target in the declared range met within the tolerance by every seed; the drafts
    of seeds 1 and 2 also read for near-paraphrase and phrases said three times."""
    low, high = report.outline.lengths
    g = report.grid
    targets = sorted({low, high} | {t for t in limits["targets"] if low <= t <= high})
    tolerance = limits["length_tolerance"]
    for target in targets:
        reached = []
        for seed in seeds:
            cell = Cell(g.levels[seed % len(g.levels)], "年中", g.roles[0], seed, target)
            result = _usable(report, drafts, cell)
            if result is None:
                continue
            reached.append(result.length)
            if abs(result.length - target) > target * tolerance:
                report.add(Finding("length", f"目标 {target} 字，写出 {result.length} 字"
                                   f"（允许 ±{tolerance:.0%}）", cell))
            if seed <= 2:
                _originality(report, result, cell, limits)
        if reached:
            report.lengths[target] = (min(reached), max(reached))


def _originality(report: Report, result, cell: Cell, limits: dict) -> None:
    found, total = near_paraphrases(result)
    share = len(found) / total
    report.near = max(report.near, share)
    if share > limits["max_near"]:
        report.add([Finding("near", f"与语料《{n.title}》近似（{n.similarity:.2f}）", cell,
                            excerpt=f"“{n.draft_sentence}”——“{n.doc_sentence}”")
                    for n in found])
    repeated = repeated_phrases(result)
    report.repeated += len(repeated)
    if repeated:
        report.add(Finding("repeat", "同一短语说了三次以上：" + "、".join(repeated), cell))
