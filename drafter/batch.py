"""Batch: a plan (base spec × matrix of values) → many drafts in parallel, with a manifest."""

from __future__ import annotations

import copy
import csv
import io
import itertools
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.document.output import atomic_write, fit_name, temp_prefix
from drafter.errors import DrafterError
from drafter.spec.source import Source, dotted, load_yaml

PLAN_KEYS = ("base", "matrix", "name", "format", "layout")
LAYOUTS = ("gb", "podium")
FORMATS = ("docx", "md", "txt")
_FIELD = re.compile(r"\{([^{}]+)\}")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
# Names Windows will not create, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}
# Manifest columns after the cell number and one column per matrix field.
MAX_CELLS = 100_000
MANIFEST_COLUMNS = ("path", "status", "characters", "minutes", "findings", "error")


@dataclass
class Cell:
    index: int
    inputs: dict[str, Any]  # matrix field → value, as the plan gave it
    name: str


@dataclass
class Plan:
    path: Path
    base_path: Path  # where relative outline paths in the spec are resolved from
    base: dict[str, Any]
    base_lines: dict[tuple, int]
    matrix: dict[str, list]
    name: str
    format: str = "docx"
    layout: str = "gb"
    cells: list[Cell] = field(default_factory=list)

    def cell_data(self, cell: Cell) -> dict[str, Any]:
        """The whole spec of a cell, built when its job is sent (not kept for every cell, so a
        plan of 10,000 cells costs no more memory than one of 1,000)."""
        data = copy.deepcopy(self.base)
        for key, value in cell.inputs.items():
            _assign(data, key, copy.deepcopy(value))
        return data


def load_plan(path: Path | str) -> Plan:
    src = load_yaml(path, what="批量计划文件")
    data = src.data
    if not isinstance(data, dict):
        raise DrafterError("批量计划应为“键: 值”的映射", src.path, 1,
                           hint="见 examples/plan.yaml：base、matrix、name")
    for key in data:
        if key not in PLAN_KEYS:
            raise src.error(f"批量计划中未知的键 {key}", (key,),
                            hint="可用的键：" + "、".join(PLAN_KEYS))
    base_path, base, base_lines = _base(src)
    matrix = data.get("matrix") or {}
    if not isinstance(matrix, dict):
        raise src.error("matrix 应为“字段: [值, 值, …]”的映射", ("matrix",),
                        hint="例如：\nmatrix:\n  seed: [1, 2, 3]")
    for key, values in matrix.items():
        if not isinstance(values, list) or not values:
            raise src.error(f"matrix.{key} 应为至少一个值的列表", ("matrix", key),
                            hint=f"例如：{key}: [值1, 值2]")
    fmt = data.get("format", "docx")
    if fmt not in FORMATS:
        raise src.error(f"format 应为 {'、'.join(FORMATS)} 之一，实际是 {fmt}", ("format",))
    layout = data.get("layout", "gb")
    if layout not in LAYOUTS:
        raise src.error(f"layout 应为 gb（公文版）或 podium（讲台版），实际是 {layout}", ("layout",))
    pattern = data.get("name") or "-".join("{" + k + "}" for k in matrix) or "{place.name}"
    if not isinstance(pattern, str):
        raise src.error("name 应为文件名样式，如 {place.name}-{seed}", ("name",))
    literal = _FIELD.sub("", pattern)
    if re.search(r"[\\/:]|\.\.", literal) or literal.startswith("."):
        raise src.error(
            f"name 不能含路径（/、\\、:、..）或以 . 开头：{pattern}", ("name",),
            hint="输出都写在 -o 指定的文件夹里，name 只写文件名，如 {place.name}-{seed}",
        )
    total = 1
    for values in matrix.values():
        total *= len(values)
    if total > MAX_CELLS:
        raise src.error(f"矩阵共 {total} 格，超过上限 {MAX_CELLS}", ("matrix",),
                        hint="分成几个计划文件分别运行")
    plan = Plan(src.path, base_path, base, base_lines, matrix, pattern, fmt, layout)
    seen: dict[str, int] = {}
    for i, combo in enumerate(itertools.product(*matrix.values()), 1):
        inputs = dict(zip(matrix, combo, strict=True))
        try:
            name = safe_name(_format_name(pattern, _Overlay(base, inputs)))
        except KeyError as e:
            raise src.error(f"name 里的 {{{e.args[0]}}} 在规格中没有对应的值", ("name",),
                            hint="用 matrix 或 base 里的字段，如 {place.name}、{seed}") from None
        if name.split(".")[0].lower() in _RESERVED:
            raise src.error(f"第{i}格的输出文件名 {name} 是系统保留名，Windows 无法创建",
                            ("name",), hint="在 name 里加上前缀，如 讲话-{seed}")
        if name.lower() in seen:
            raise src.error(
                f"第{i}格与第{seen[name.lower()]}格的输出文件名相同：{name}", ("name",),
                hint="在 name 里加入区分它们的字段，如 {seed}",
            )
        seen[name.lower()] = i
        plan.cells.append(Cell(i, inputs, name))
    return plan


def _base(src: Source) -> tuple[Path, dict, dict]:
    base = src.data.get("base")
    if isinstance(base, dict):
        lines = {k[1:]: v for k, v in src.lines.items() if k and k[0] == "base"}
        return src.path, base, lines
    if isinstance(base, str):
        path = (src.path.parent / base) if not Path(base).is_absolute() else Path(base)
        base_src = load_yaml(path, what="基础规格文件")
        if not isinstance(base_src.data, dict):
            raise DrafterError("基础规格应为“字段: 值”的映射", path, 1)
        return path, base_src.data, base_src.lines
    raise src.error("base 应为基础规格文件的路径，或直接写出的规格", ("base",),
                    hint="例如 base: qingshi-town.yaml")


def _assign(data: dict, key: str, value: Any) -> None:
    *parents, last = key.split(".")
    for p in parents:
        nxt = data.get(p)
        if not isinstance(nxt, dict):
            nxt = data[p] = {}
        data = nxt
    data[last] = value


class _Overlay:
    """The base spec seen through one cell's matrix values, without copying it."""

    def __init__(self, base: dict, inputs: dict) -> None:
        self.base, self.inputs = base, inputs

    def get(self, key: str) -> Any:
        for k, v in self.inputs.items():
            if key == k:
                return v
            if key.startswith(k + "."):
                return _lookup(v, key[len(k) + 1:])
        for k, v in self.inputs.items():  # a field inside a group the matrix sets part of
            if k.startswith(key + "."):
                merged = dict(_lookup_raw(self.base, key) or {})
                _assign(merged, k[len(key) + 1:], v)
                return merged
        return _lookup_raw(self.base, key)


def _lookup_raw(data: Any, key: str) -> Any:
    for part in key.split("."):
        if not isinstance(data, dict) or part not in data:
            raise KeyError(key)
        data = data[part]
    return data


def _lookup(data: Any, key: str) -> Any:
    if isinstance(data, _Overlay):
        data = data.get(key)
        key = ""
    for part in filter(None, key.split(".")):
        if not isinstance(data, dict) or part not in data:
            raise KeyError(key)
        data = data[part]
    if isinstance(data, dict):  # a group in the matrix, e.g. place: name it by its name
        data = data.get("name", "-".join(str(v) for v in data.values()))
    return data


def _format_name(pattern: str, data: dict) -> str:
    # Each value is cut on its own, so a long place name cannot push {seed} out of the name.
    return _FIELD.sub(lambda m: fit_name(str(_lookup(data, m.group(1).strip())), 60), pattern)


def safe_name(name: str) -> str:
    """A file name from spec values: characters no file system takes (a place name with a
    slash) become _, so a value can never lead out of the output folder."""
    name = _UNSAFE.sub("_", name).strip(" .").replace("..", "_")
    return fit_name(name) or "讲话稿"


# --- running -------------------------------------------------------------------------------


@dataclass
class Job:
    cell: Cell
    data: dict
    spec_path: str
    lines: dict
    out: str
    fmt: str
    force: bool
    layout: str = "gb"


def _row(cell: Cell, out: str, status: str) -> dict:
    return {"cell": cell.index, "inputs": cell.inputs, "path": out, "status": status,
            "characters": "", "minutes": "", "findings": "", "error": ""}


def run_job(job: Job) -> dict:
    """Draft, check and write one cell; any failure becomes the row's error, never an exception,
    so one bad cell cannot stop the others."""
    from drafter import api

    row = _row(job.cell, job.out, "失败")
    try:
        src = Source(Path(job.spec_path), job.data, job.lines)
        result = api.draft(src)
        speaker = result.spec.values["speaker"]
        api.write(result.speech, job.out, job.fmt, force=job.force,
                  author=speaker.get("name") or "",
                  subject=result.spec.values["meeting"].get("name") or "", layout=job.layout)
        row.update(status="完成", characters=result.length, minutes=round(result.minutes, 1))
        row["findings"] = _findings(result)
    except DrafterError as e:
        row["error"] = e.format()
    except Exception as e:  # isolation: report, and let the other cells finish
        # e's text is Python's or a library's English; its type is what a bug report needs.
        row["error"] = f"drafter 内部错误（{type(e).__name__}），请连同计划文件一起报告"
    return row


# Every rule but names (jieba costs ~0.2 s a draft, 50 times the rest, and a generated draft's
# names come only from its own spec) and overlap (run `drafter corpus overlap` on the outputs).
BATCH_RULES = ("placeholder", "numbering", "count", "self-reference", "date", "repeat", "length")


def _findings(result) -> str:
    """What `drafter check` says about the draft (when the checks module is installed)."""
    try:
        from drafter import checks
    except ImportError:
        return ""
    found = checks.check(result.speech, level=result.spec.place["level"],
                         meeting_date=result.spec.values["meeting"]["date"], rules=BATCH_RULES)
    return "；".join(f"[{f.rule}] {f.message}" for f in found if f.severity != "info")


def _reads_back(path: Path) -> bool:
    from drafter import api

    try:
        return bool(api.read_speech(path).blocks)
    except Exception:
        return False


def _remove_stale_temps(out_dir: Path, plan: Plan) -> None:
    """Temp files (.NAME.docx.XXXX.tmp) left by a run that was killed mid-write."""
    prefixes = {temp_prefix(Path(f"{c.name}.{plan.format}")) for c in plan.cells}
    for tmp in out_dir.glob(".*.tmp"):
        if tmp.name[: -len(".tmp")].rsplit(".", 1)[0] + "." in prefixes:
            tmp.unlink(missing_ok=True)


def _warm(layout: str) -> None:
    """Per worker process: build what every document shares once (the styled .docx base)."""
    try:
        from drafter.document import docx_writer

        docx_writer._package(layout)
    except Exception:  # a broken install shows up in the cells' errors instead
        pass


def run(plan: Plan, out_dir: Path, *, jobs: int | None = None, resume: bool = False,
        force: bool = False) -> Iterator[dict]:
    """Run every cell; yields one manifest row per cell as it finishes (any order). Jobs are
    made as they are sent and at most a few per worker are in flight, so memory stays flat in
    the number of cells."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(out_dir, plan)
    lines = {k: v for k, v in plan.base_lines.items()
             if not any(dotted(k).startswith(m) for m in plan.matrix)}
    skipped: list[dict] = []

    def todo() -> Iterator[Job]:
        for cell in plan.cells:
            out = out_dir / f"{cell.name}.{plan.format}"
            if resume and out.exists() and _reads_back(out):
                skipped.append(_row(cell, str(out), "已存在"))
                continue
            # A half-written or unreadable file left by an earlier run is replaced on resume.
            yield Job(cell, plan.cell_data(cell), str(plan.base_path), lines, str(out),
                      plan.format, force or (resume and out.exists()), plan.layout)

    def drain() -> Iterator[dict]:
        while skipped:
            yield skipped.pop()

    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1:
        for job in todo():
            yield from drain()
            yield run_job(job)
        yield from drain()
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    window = jobs * 4
    with ProcessPoolExecutor(max_workers=jobs, initializer=_warm,
                             initargs=(plan.layout,)) as pool:
        pending: set = set()
        for job in todo():
            pending.add(pool.submit(run_job, job))
            yield from drain()
            if len(pending) >= window:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield fut.result()
        yield from drain()
        for fut in pending:
            yield fut.result()


def write_manifest(rows: list[dict], out_dir: Path) -> tuple[Path, Path]:
    """manifest.json keeps each cell's inputs whole; manifest.csv has a column per matrix field
    (a group such as place shown by its name) for reading in a spreadsheet."""
    rows = sorted(rows, key=lambda r: r["cell"])
    keys = list(rows[0]["inputs"]) if rows else []
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["cell", *keys, *MANIFEST_COLUMNS])
    for r in rows:
        shown = [v.get("name", json.dumps(v, ensure_ascii=False)) if isinstance(v, dict) else v
                 for v in (r["inputs"].get(k, "") for k in keys)]
        writer.writerow([r["cell"], *shown, *(r[c] for c in MANIFEST_COLUMNS)])
    # UTF-8 with BOM so that Excel and WPS open the Chinese columns correctly.
    csv_path = atomic_write(out_dir / "manifest.csv", buf.getvalue().encode("utf-8-sig"),
                            force=True)
    json_path = atomic_write(
        out_dir / "manifest.json",
        json.dumps(rows, ensure_ascii=False, indent=2, default=str).encode("utf-8"), force=True,
    )
    return csv_path, json_path


def run_plan(plan_path: Path | str, out_dir: Path | str, *, jobs: int | None = None,
             resume: bool = False, force: bool = False,
             progress: Callable[[dict], None] | None = None) -> list[dict]:
    """Load a plan, run it, write the manifest; returns the rows in cell order."""
    plan = load_plan(plan_path)
    out_dir = Path(out_dir)
    rows = []
    for row in run(plan, out_dir, jobs=jobs, resume=resume, force=force):
        rows.append(row)
        if progress:
            progress(row)
    write_manifest(rows, out_dir)
    return sorted(rows, key=lambda r: r["cell"])
