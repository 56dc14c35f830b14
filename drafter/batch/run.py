"""Running a batch: each cell drafted, checked and written in a worker process, at most a few
in flight, one failing cell never stopping the others; then the manifest."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from drafter.analysis import similarity
from drafter.batch.folder import exit_with_parent, folder_lock, prepare_out_dir
from drafter.batch.plan import MANIFEST_COLUMNS, MAX_COMPARED, Cell, Plan, load_plan
from drafter.checks.catalog import DRAFT_RULES
from drafter.document.output import atomic_write, temp_prefix
from drafter.errors import DrafterError
from drafter.spec.source import Source, dotted

FINGERPRINT = "_sentences"  # a row's sentence hashes, dropped before the manifest is written


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
    compare: bool = False  # send back the draft's sentence fingerprint (batch similarity)
    fonts: str | None = None
    reference_doc: str | None = None


def _row(cell: Cell, out: str, status: str) -> dict:
    return {"cell": cell.index, "inputs": cell.inputs, "path": out, "status": status,
            "characters": "", "minutes": "", "most_alike": "", "identical": "", "findings": "",
            "error": ""}


def run_job(job: Job) -> dict:
    """Draft, check and write one cell; any failure becomes the row's error, never an exception,
    so one bad cell cannot stop the others."""
    from drafter import api

    row = _row(job.cell, job.out, "失败")
    try:
        src = Source(Path(job.spec_path), job.data, job.lines)
        result = api.draft(src)
        missing = _write(job, result)
        row.update(status="完成", characters=result.length, minutes=round(result.minutes, 1))
        row["findings"] = "；".join(filter(None, [_findings(result), missing]))
        if job.compare:
            row[FINGERPRINT] = similarity.fingerprint(
                result.markdown, similarity.spec_strings(result.spec.values, result.spec.place))
    except DrafterError as e:
        row["error"] = e.format()
    except Exception as e:  # isolation: report, and let the other cells finish
        # e's text is Python's or a library's English; its type is what a bug report needs.
        row["error"] = f"drafter 内部错误（{type(e).__name__}），请连同计划文件一起报告"
    return row


def _write(job: Job, result) -> str:
    """Write one cell's draft; say which roles the unit's template lacked, if one is used."""
    from drafter import api

    values = result.spec.values
    options = {"force": job.force, "author": values["speaker"].get("name") or "",
               "subject": values["meeting"].get("name") or "", "layout": _layout(job.layout),
               "fonts": job.fonts or values.get("fonts")}
    given = values.get("reference_doc")
    template = job.reference_doc or (str(Path(job.spec_path).parent / given) if given else None)
    if template and job.fmt == "docx":
        _, missing = api.write_on_template(result.speech, job.out, template, **options)
        return f"[模板] 缺少样式，用了 drafter 的：{'、'.join(missing)}" if missing else ""
    api.write(result.speech, job.out, job.fmt, **options)
    return ""


BATCH_RULES = DRAFT_RULES


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


@functools.lru_cache(maxsize=4)
def _layout(name: str):
    """A plan's layout, a layout file read once per worker."""
    from drafter import api

    return api.layout(name)


def _warm(layout: str) -> None:
    """Per worker process: follow the parent's death, and build what every document shares
    once (the styled .docx base)."""
    exit_with_parent()
    try:
        from drafter.document import docx_writer

        lay = docx_writer.layout_of(_layout(layout))
        docx_writer._package(lay, docx_writer.fonts_of(None, lay))
    except Exception:  # a broken install shows up in the cells' errors instead
        pass


def run(plan: Plan, out_dir: Path, *, jobs: int | None = None, resume: bool = False,
        force: bool = False) -> Iterator[dict]:
    """Run every cell; yields one manifest row per cell as it finishes (any order). Jobs are
    made as they are sent and at most a few per worker are in flight, so memory stays flat in
    the number of cells."""
    prepare_out_dir(out_dir)
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
                      plan.format, force or (resume and out.exists()), plan.layout,
                      len(plan.cells) <= MAX_COMPARED, plan.fonts,
                      str(plan.reference_doc) if plan.reference_doc else None)

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
    out_dir = prepare_out_dir(Path(out_dir))
    rows = []
    with folder_lock(out_dir):
        for row in run(plan, out_dir, jobs=jobs, resume=resume, force=force):
            rows.append(row)
            if progress:
                progress(row)
        compare(rows)
        write_manifest(rows, out_dir)
    return sorted(rows, key=lambda r: r["cell"])


def compare(rows: list[dict]) -> None:
    """Fill each drafted row's most_alike (the cell it shares most sentences with) and
    identical (that share), from the fingerprints the workers sent."""
    prints = {r["cell"]: r.pop(FINGERPRINT) for r in rows if FINGERPRINT in r}
    if len(prints) < 2:
        return
    alike = similarity.most_alike(prints)
    for r in rows:
        if r["cell"] in alike:
            other, share = alike[r["cell"]]
            r["most_alike"], r["identical"] = other or "", f"{share:.0%}"
