"""Running a batch: each cell drafted, checked and written in a worker process, at most a few
in flight, one failing cell never stopping the others; then the manifest."""

from __future__ import annotations

import functools
import gc
import itertools
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from drafter import resources
from drafter.analysis import similarity
from drafter.batch.folder import exit_with_parent, folder_lock, prepare_out_dir
from drafter.batch.manifest import RowLog, write_manifest
from drafter.batch.plan import MAX_COMPARED, Cell, Plan, load_plan
from drafter.checks.catalog import DRAFT_RULES
from drafter.document.output import temp_prefix
from drafter.errors import DrafterError
from drafter.spec.source import Source, dotted

FINGERPRINT = "_sentences"  # a row's sentence hashes, dropped before the manifest is written
CORPUS_NOTE = "_corpus"  # what the worker's 查重 corpus said (stale index, no index), dropped too
NO_INDEX = ("语料文件夹 {folder} 没有查重索引，每个进程都在内存里把它整个比一遍；"
            "先运行 drafter corpus index {folder}，批量查重会快得多")


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
    against: str | None = None  # a corpus folder (or index file) every draft is compared with


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
        row["findings"] = "；".join(filter(None, [findings(result, job.against), missing]))
        if job.against:
            row[CORPUS_NOTE] = _corpus_note(job.against)
        if job.compare:
            row[FINGERPRINT] = similarity.fingerprint(
                result.markdown, similarity.spec_strings(result.spec.values, result.spec.place))
    except DrafterError as e:
        row["error"] = e.format()
    except Exception as e:  # isolation: report, and let the other cells finish
        # e's text is Python's or a library's English; its type is what a bug report needs.
        row["error"] = f"drafter 内部错误（{type(e).__name__}），请连同计划文件一起报告"
    cell_done()
    return row


# A worker's caches (the outline, sections' programs, sentences, the checks' units) grow over
# its first cells and then little: after these many cells what they hold is moved out of the
# cycle collector's way (gc.freeze), whose passes over it were 3% of a cell's time.
FREEZE_AFTER = frozenset({1, 16, 256, 4096, 65536})
_cells_done = 0
# While cells are drafted, the youngest generation is collected after this many allocations,
# not Python's 700: each pass also walks what the caches added since the last freeze, and a
# cell measured 2-4% faster (paired in-process runs; more on a busy machine). 50,000 measured
# slower again.
YOUNG = 10_000
_tuned = 0  # batches running in this process (drafter serve runs them in threads)
_default_threshold: tuple[int, ...] = ()
_tuned_lock = threading.Lock()


def cell_done() -> None:
    """Count a cell drafted in this process (run_job calls it; so does bench/, which drafts
    cells as a worker does)."""
    global _cells_done
    _cells_done += 1
    if _cells_done in FREEZE_AFTER:
        gc.freeze()


@contextmanager
def cells_in_this_process() -> Iterator[None]:
    """A -j1 batch in this process (drafter serve's too): files settled, the heap frozen and
    the collector's first threshold at YOUNG as in a worker while it runs, all undone after it."""
    global _cells_done
    _cells_done = 0
    _collect_young_less(True)
    try:
        with resources.settled():
            yield
    finally:
        _collect_young_less(False)
        gc.unfreeze()


def _collect_young_less(start: bool) -> None:
    """YOUNG as the collector's first threshold while a batch runs here, as it was after the
    last one ends."""
    global _tuned, _default_threshold
    with _tuned_lock:
        if start:
            _tuned += 1
            if _tuned == 1:
                _default_threshold = gc.get_threshold()
                gc.set_threshold(YOUNG, *_default_threshold[1:])
        else:
            _tuned -= 1
            if _tuned == 0:
                gc.set_threshold(*_default_threshold)


def _write(job: Job, result) -> str:
    """Write one cell's draft; say which roles the unit's template lacked, if one is used."""
    from drafter import api

    values = result.spec.values
    options = {"force": job.force, "author": values["speaker"].get("name") or "",
               "subject": values["meeting"].get("name") or "", "layout": _layout(job.layout),
               "fonts": job.fonts or values.get("fonts"),
               "durable": False}  # no fsync a file: run_plan syncs the batch once (_sync)
    given = values.get("reference_doc")
    template = job.reference_doc or (str(Path(job.spec_path).parent / given) if given else None)
    if template and job.fmt == "docx":
        _, missing = api.write_on_template(result.speech, job.out, template, **options)
        return f"[模板] 缺少样式，用了 drafter 的：{'、'.join(missing)}" if missing else ""
    api.write(result.speech, job.out, job.fmt, **options)
    return ""


BATCH_RULES = DRAFT_RULES


def findings(result, against: str | None = None) -> str:
    """What `drafter check` says about a drafted cell (BATCH_RULES, and 查重 against a corpus
    when given; when the checks module is installed), as the manifest's findings column."""
    try:
        from drafter import checks
    except ImportError:
        return ""
    rules = (*BATCH_RULES, "overlap") if against else BATCH_RULES
    found = checks.check(result.speech, level=result.spec.place["level"],
                         meeting_date=result.spec.values["meeting"]["date"], rules=rules,
                         against=_corpus(against) if against else None)
    return "；".join(f"[{f.rule}] {f.message}" for f in found if f.severity != "info")


@functools.lru_cache(maxsize=1)
def _corpus(against: str):
    """The corpus every draft is compared with, opened once per worker: its persistent index
    (a SQLite connection of this process, never one inherited across fork) when it has one."""
    from drafter import checks

    return checks.build_index(against)


def _corpus_note(against: str) -> str:
    """What the batch says once about the corpus: its index is out of date, or it has none."""
    index = _corpus(against)
    if not hasattr(index, "stale"):  # an in-memory OverlapIndex: the folder has no index
        return NO_INDEX.format(folder=against)
    return index.stale or ""


def _reads_back(path: Path) -> bool:
    from drafter import api

    try:
        return bool(api.read_speech(path).blocks)
    except Exception:
        return False


def _remove_stale_temps(out_dir: Path, plan: Plan) -> None:
    """Temp files (.NAME.docx.XXXX.tmp) left by a run that was killed mid-write: the few there
    are looked for among the cells' names (no set of 100,000 names is built)."""
    temps: dict[str, list[Path]] = {}
    for tmp in out_dir.glob(".*.tmp"):
        temps.setdefault(tmp.name[: -len(".tmp")].rsplit(".", 1)[0] + ".", []).append(tmp)
    names = (f"{c.name}.{plan.format}" for c in plan.cells)
    for name in itertools.chain(names, ("manifest.csv", "manifest.json")):
        if not temps:
            return
        for tmp in temps.pop(temp_prefix(Path(name)), ()):
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
    resources.settle()  # the worker ends with the batch
    gc.set_threshold(YOUNG, *gc.get_threshold()[1:])  # (as cells_in_this_process)
    try:
        from drafter.document import docx_writer

        lay = docx_writer.layout_of(_layout(layout))
        docx_writer._package(lay, docx_writer.fonts_of(None, lay))
    except Exception:  # a broken install shows up in the cells' errors instead
        pass


def run(plan: Plan, out_dir: Path, *, jobs: int | None = None, resume: bool = False,
        force: bool = False, against: str | None = None) -> Iterator[dict]:
    """Run every cell; yields one manifest row per cell as it finishes (any order). Jobs are
    made as they are sent and at most a few per worker are in flight, so memory stays flat in
    the number of cells."""
    prepare_out_dir(out_dir)
    _remove_stale_temps(out_dir, plan)
    _corpus.cache_clear()  # a corpus opened by an earlier batch of this process is not reused
    try:
        yield from _run(plan, out_dir, jobs, resume, force, against)
    finally:
        _corpus.cache_clear()  # nor kept open here: workers forked later must not inherit it


def _run(plan: Plan, out_dir: Path, jobs: int | None, resume: bool, force: bool,
         against: str | None) -> Iterator[dict]:
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
                      str(plan.reference_doc) if plan.reference_doc else None, against)

    def drain() -> Iterator[dict]:
        while skipped:
            yield skipped.pop()

    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1:
        with cells_in_this_process():
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


@dataclass
class Summary:
    """What a batch did; the rows themselves are in the manifest (not in memory: a batch of
    100,000 cells keeps its parent as small as one of 1,000)."""

    done: int = 0
    kept: int = 0
    failed: int = 0
    alike: dict | None = None  # the row most alike another draft, if drafts were compared
    corpus_note: str = ""  # about the 查重 corpus: its index is stale, or it has none
    manifest: tuple[Path, Path] | None = None


def run_plan(plan: Plan | Path | str, out_dir: Path | str, *, jobs: int | None = None,
             resume: bool = False, force: bool = False, against: Path | str | None = None,
             progress: Callable[[dict], None] | None = None) -> Summary:
    """Run a plan (loaded, or its file), write the manifest; each row is on disk as soon as its
    cell is done (manifest.RowLog), and the manifest is written from there in cell order.
    against: a corpus folder every draft is checked against (查重, the overlap rule)."""
    plan = plan if isinstance(plan, Plan) else load_plan(plan)
    out_dir = prepare_out_dir(Path(out_dir))
    summary = Summary()
    with folder_lock(out_dir):
        log = RowLog(out_dir, len(plan.cells))
        try:
            prints: dict[int, list[int]] = {}  # only up to MAX_COMPARED cells send one
            for row in run(plan, out_dir, jobs=jobs, resume=resume, force=force,
                           against=str(against) if against is not None else None):
                if FINGERPRINT in row:
                    prints[row["cell"]] = row.pop(FINGERPRINT)
                summary.corpus_note = row.pop(CORPUS_NOTE, "") or summary.corpus_note
                log.add(row)
                if progress:
                    progress(row)
            _sync()
            alike = compare(prints)
            summary.manifest = write_manifest(_tallied(log.rows(), alike, summary), out_dir,
                                              list(plan.matrix))
        finally:
            log.close()
    return summary


def _sync() -> None:
    """Every file the batch wrote reaches the disk here, once, before the manifest that lists
    them, instead of one fsync a file (2–3 ms each on a journaled disk). A file cut short by a
    power cut before this is one --resume does again (it redoes what does not read back)."""
    if hasattr(os, "sync"):  # POSIX; on Windows the system writes back on its own
        os.sync()


def compare(prints: dict[int, list[int]]) -> dict[int, tuple[int, float]]:
    """For each drafted cell, the cell it shares most sentences with and that share, from the
    fingerprints the workers sent."""
    return similarity.most_alike(prints) if len(prints) >= 2 else {}


def _tallied(rows: Iterator[dict], alike: dict[int, tuple[int, float]],
             summary: Summary) -> Iterator[dict]:
    """The rows in cell order with most_alike and identical filled in, counted on the way."""
    best = -1
    for r in rows:
        if r["cell"] in alike:
            other, share = alike[r["cell"]]
            r["most_alike"], r["identical"] = other or "", f"{share:.0%}"
            if int(r["identical"].rstrip("%")) > best:
                best, summary.alike = int(r["identical"].rstrip("%")), r
        summary.done += r["status"] == "完成"
        summary.kept += r["status"] == "已存在"
        summary.failed += bool(r["error"])
        yield r
