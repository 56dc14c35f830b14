"""Batch jobs of the page: a base spec × a list of places × seeds, run by drafter's batch
(plan → run_plan) in a background thread into a private temporary folder; the .docx drafts and
manifest.csv are then zipped in memory and the folder deleted. A few finished jobs are kept."""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
import unicodedata
import zipfile
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter.web import places_table, spec_json
from drafter.web.errors import WebError

MAX_CELLS = 300  # places × seeds in one job
MAX_SEEDS = 50
MAX_SEED = 10**9
_DIGITS = re.compile(r"[0-9]+")
KEPT_JOBS = 4  # finished jobs whose zip stays in memory (the oldest go first)
QUEUED_JOBS = 3  # jobs waiting or running at once; more are refused until one finishes
# What the zip's manifest names the files by, instead of the server's temporary folder.
SPEC_NAME = "网页规格"


@dataclass
class Job:
    id: str
    total: int
    done: int = 0
    failed: int = 0
    finished: bool = False
    error: str = ""
    zip: bytes | None = None

    def status(self) -> dict[str, Any]:
        out: dict[str, Any] = {"done": self.done, "total": self.total, "failed": self.failed,
                               "finished": self.finished}
        if self.error:
            out["error"] = self.error
        return out


def parse_seeds(text: Any) -> list[int]:
    """"1,2,3", "1-5", "1-3, 8" → the seeds; empty → [] (each place its own seed)."""
    if text is None or not str(text).strip():
        return []
    seeds: list[int] = []
    for part in str(text).replace("，", ",").replace("、", ",").split(","):
        part = unicodedata.normalize("NFKC", part).strip().replace("–", "-").replace("~", "-")
        if not part:
            continue
        low, _, high = part.partition("-")
        if not _DIGITS.fullmatch(low.strip()) or (high and not _DIGITS.fullmatch(high.strip())):
            raise WebError(400, f"种子写法有误：“{part}”（应写成 1,2,3 或 1-5）")
        a, b = int(low), int(high or low)
        if a > b or b > MAX_SEED or len(seeds) + b - a + 1 > MAX_SEEDS:
            raise WebError(400, f"种子写法有误：“{part}”（从小到大，最多 {MAX_SEEDS} 个，每个不超过 {MAX_SEED}）")
        seeds += [s for s in range(a, b + 1) if s not in seeds]
    return seeds


def _base_spec(text: Any) -> dict:
    if not isinstance(text, str) or not text.strip():
        raise WebError(400, "缺少基础规格（表单字段 spec，JSON 文字）")
    try:
        base = json.loads(text)
    except (ValueError, RecursionError):
        raise WebError(400, "基础规格（spec）不是有效的 JSON") from None
    if not isinstance(base, dict):
        raise WebError(400, "基础规格（spec）应为 JSON 对象")
    return spec_json.depth_checked(base, "基础规格（spec）")


def build_plan(base: dict, rows: list[tuple[str, str | None]], seeds: list[int]):
    """drafter's batch Plan for these places × seeds (each place its own seed when none are
    given, as `distinct: true` does); the base spec is validated first, with the first place."""
    from drafter.batch.plan import Cells, Plan, windows_reserved

    place = base.get("place") if isinstance(base.get("place"), dict) else {}
    places = [{**place, "name": name, "level": level or place.get("level")} for name, level in rows]
    first = {**base, "place": places[0], "seed": seeds[0] if seeds else base.get("seed", 1)}
    from drafter.web.work import LOCK

    with LOCK:  # validation keeps a per-process cache of specs
        spec_json.parse_spec(first)
    base = {k: v for k, v in base.items() if k != "place"}
    if not seeds:
        base["seed"] = base.get("seed") or 1
    matrix: dict[str, list] = {"place": places, **({"seed": seeds} if seeds else {})}
    pattern = "{place}-{seed}" if seeds else "{place}"
    cells = Cells(base, matrix, pattern)
    if len(cells) > MAX_CELLS:
        raise WebError(400, f"共 {len(cells)} 篇，超过一次批量的上限 {MAX_CELLS} 篇")
    reserved = next((c.name for c in cells if windows_reserved(c.name)), None)
    if reserved is not None:
        raise WebError(400, f"地点“{reserved.split('-')[0]}”做文件名是 Windows 的系统保留名"
                       f"（{reserved}.docx 无法解压），请在名称里加上地区字样")
    names = [c.name.lower() for c in cells]
    if len(set(names)) < len(names):
        raise WebError(400, "地点列表里有重名的地点，生成的文件会同名")
    return Plan(Path(SPEC_NAME), Path(SPEC_NAME), base, {}, matrix, pattern, "docx", "gb",
                not seeds, None, None, cells)


class Jobs:
    """The batch jobs of this server: run one at a time, the last few kept."""

    def __init__(self) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drafter-batch")

    def start(self, spec: Any, seeds: Any, pasted: Any, table: tuple[str, bytes] | None) -> Job:
        base = _base_spec(spec)
        rows = places_table.read(pasted, table)
        plan = build_plan(base, rows, parse_seeds(seeds))
        job = Job(secrets.token_urlsafe(9), len(plan.cells))
        with self._lock:
            if sum(not j.finished for j in self._jobs.values()) >= QUEUED_JOBS:
                raise WebError(429, f"已有 {QUEUED_JOBS} 个批量任务在排队，请等其中一个完成后再开始")
            self._jobs[job.id] = job
            while len(self._jobs) > KEPT_JOBS:
                oldest = next(iter(self._jobs.values()))
                if not oldest.finished:
                    break
                self._jobs.popitem(last=False)
        self._pool.submit(_run, job, plan)
        return job

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise WebError(404, "找不到这个批量任务（服务重启后或已被更新的任务替换）")
        return job


def _run(job: Job, plan) -> None:
    """Run the plan with the drafting lock held cell by cell (page drafts get turns between
    cells), zip what it wrote, delete the folder."""
    from drafter.batch import run_plan
    from drafter.web.work import LOCK

    folder = Path(tempfile.mkdtemp(prefix="drafter-batch-"))
    out = folder / "out"

    def progress(row: dict) -> None:
        job.done += 1
        job.failed += bool(row.get("error"))
        LOCK.release()
        time.sleep(0.002)  # let a waiting page request draft before the next cell
        LOCK.acquire()

    try:
        with LOCK:
            run_plan(plan, out, jobs=1, progress=progress)
        job.zip = _zip(out)
    except Exception as e:  # the job reports it; the server goes on
        job.error = f"批量任务没有完成（{getattr(e, 'message', type(e).__name__)}）"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        job.finished = True


def _zip(out: Path) -> bytes:
    """The drafts and manifest.csv, the manifest's paths made the files' own names."""
    buffer = io.BytesIO()
    prefix = str(out) + os.sep
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(out.glob("*.docx")):
            z.write(path, path.name)
        manifest = (out / "manifest.csv").read_text(encoding="utf-8-sig")
        z.writestr("manifest.csv", "\ufeff" + manifest.replace(prefix, ""))
    return buffer.getvalue()
