"""Benchmark: every figure of docs/performance.md in one run, each section printing the
commands it runs and ratios against peers run side by side:

  document  drafter per document, everything included (the speech rendered from its spec, the
            batch's checks, the .docx bytes), against docxtpl, naive python-docx and pandoc
            writing the same speech;
  batch     `drafter batch` of 1,000 and 10,000 variants on two cores, peak memory of the parent
            and of the largest worker;
  cold      `drafter draft` as a new process against bare imports (bench/cold_start.py);
  check     `drafter check`: one speech, a folder of 100, segmenter backends (check_speed.py);
  corpus    the 查重 index at 10,000 and 100,000 synthetic documents (corpus_index.py).

    python bench/bench.py                 # the full run (about 10 minutes on two cores, plus 4
                                          # the first time, to make the synthetic corpus)
    python bench/bench.py --only cold     # one section
    python bench/bench.py --quick         # a smoke run (tests/test_bench.py)

Peers are optional: pip install docxtpl pypandoc-binary (or Debian's pandoc); a missing one is
skipped with a note.
"""

from __future__ import annotations

import argparse
import gc
import io
import itertools
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import check_speed  # noqa: E402  (the bench's sibling scripts, each runnable alone)
import cold_start  # noqa: E402
import corpus_index  # noqa: E402

EXAMPLE = ROOT / "examples" / "qingshi-town.yaml"
PEER_IMPORTS = "import docx, jinja2, yaml, click"


def child_env(folder: Path) -> dict[str, str]:
    """Environment for child processes: the same drafter as this process, drafter's cache and
    Python's bytecode in the bench's folder (see cold_start.child_env)."""
    return cold_start.child_env(folder / "cache")


def drafter_writer(speech):
    from drafter.document import docx_writer

    return lambda: docx_writer.to_bytes(speech)


def naive_python_docx(speech):
    import docx

    styles = {"title": "Title", "heading": "Heading {level}", "paragraph": "Normal"}

    def run():
        doc = docx.Document()
        for b in speech.blocks:
            style = styles.get(b.kind, "Normal").format(level=b.level)
            p = doc.add_paragraph(style=style)
            for r in b.runs:
                p.add_run(r.text).bold = r.bold or None
        doc.save(io.BytesIO())

    return run


def docxtpl_template(speech, folder: Path):
    """An equivalent docxtpl template: drafter's styled base with a loop over the blocks that
    picks each paragraph's style, and RichText for the bold leads."""
    try:
        import docxtpl  # noqa: F401
    except ImportError:
        return None, "docxtpl 未安装（pip install docxtpl）"
    import docx
    from docx.shared import Twips

    from drafter.document import docx_build, docx_layout

    doc = docx.Document(io.BytesIO(docx_build.base_bytes()))
    lines = [
        ("Title", "{{ title }}"),
        ("Subtitle", "{%p for line in front %}"), ("Subtitle", "{{ line }}"),
        ("Subtitle", "{%p endfor %}"),
        ("Salutation", "{{ salutation }}"),
        ("Normal", "{%p for b in body %}"),
        ("Normal", "{%p if b.level == 1 %}"), ("Heading 1", "{{ b.text }}"),
        ("Normal", "{%p elif b.level == 2 %}"), ("Heading 2", "{{ b.text }}"),
        ("Normal", "{%p else %}"), ("Normal", "{{r b.rich }}"),
        ("Normal", "{%p endif %}"), ("Normal", "{%p endfor %}"),
    ]
    for style, text in lines:
        p = doc.add_paragraph(text, style=style)
        if style == "Salutation":
            p.paragraph_format.space_before = Twips(docx_layout.LINE_PITCH)
    path = folder / "template.docx"
    doc.save(str(path))
    return path, ""


def docxtpl_render(speech, template: Path):
    from docxtpl import DocxTemplate, RichText

    def rich(block):
        rt = RichText()
        for r in block.runs:
            rt.add(r.text, bold=r.bold)
        return rt

    body = [{"level": b.level if b.kind == "heading" else 0, "text": b.text, "rich": rich(b)}
            for b in speech.body if b.kind != "salutation"]
    context = {
        "title": speech.title,
        "front": [b.text for b in speech.blocks if b.kind in ("subtitle", "speaker", "date")],
        "salutation": next((b.text for b in speech.blocks if b.kind == "salutation"), ""),
        "body": body,
    }

    def run():
        tpl = DocxTemplate(str(template))
        tpl.render(context)
        tpl.save(io.BytesIO())

    return run


def pandoc_runner(markdown_text: str, folder: Path):
    try:
        import pypandoc

        pypandoc.get_pandoc_version()
        return lambda: pypandoc.convert_text(markdown_text, "docx", format="markdown",
                                             outputfile=str(folder / "p.docx")), ""
    except (ImportError, OSError):
        pass
    if shutil.which("pandoc"):
        src = folder / "in.md"
        src.write_text(markdown_text, encoding="utf-8")
        cmd = ["pandoc", str(src), "-o", str(folder / "p.docx")]
        return lambda: subprocess.run(cmd, check=True), ""
    return None, "pandoc 未安装（pip install pypandoc-binary 或 apt-get install pandoc）"


# Runs `drafter batch` inside a fresh interpreter. The main process's peak is VmHWM, which
# starts afresh at exec; ru_maxrss (RUSAGE_SELF) would keep the bench's own peak across exec.
# RUSAGE_CHILDREN is the largest worker: they are forked from the batch and joined before exit.
BATCH_WRAPPER = """\
import resource, runpy, sys
sys.argv = ["drafter", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("drafter", run_name="__main__", alter_sys=True)
except SystemExit as e:
    code = e.code or 0
try:
    status = open("/proc/self/status").read()
    main_kb = int(status.split("VmHWM:")[1].split()[0])
except (OSError, IndexError):
    main_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
worker_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("BENCH", code, main_kb, worker_kb)
"""


def batch_run(variants: int, folder: Path, jobs: int | None) -> tuple[float, float, float]:
    """Wall seconds of `drafter batch` for `variants` cells, and peak RSS (MiB) of its main
    process and of its largest worker (0 when there are no workers)."""
    plan = folder / f"plan-{variants}.yaml"
    plan.write_text(
        f"base: {EXAMPLE}\nmatrix:\n  seed: {list(range(1, variants + 1))}\n"
        "name: \"v{seed}\"\n", encoding="utf-8")
    out = folder / f"out-{variants}"
    cmd = ["batch", str(plan), "-o", str(out)] + (["-j", str(jobs)] if jobs else [])
    # A fresh interpreter per run, so the peak of the 1,000 run does not hide the 10,000 one.
    env = child_env(folder)
    start = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", BATCH_WRAPPER, *cmd], capture_output=True,
                         text=True, check=True, cwd=folder, env=env)
    seconds = time.perf_counter() - start
    _, rc, main_kb, worker_kb = res.stdout.splitlines()[-1].split()
    if rc != "0":
        raise SystemExit(f"drafter batch failed for {variants} variants: {res.stderr[-500:]}")
    shutil.rmtree(out, ignore_errors=True)
    return seconds, int(main_kb) / 1024, int(worker_kb) / 1024


def pandoc_version() -> str:
    try:
        import pypandoc

        return f"{pypandoc.get_pandoc_version()}（pypandoc-binary）"
    except (ImportError, OSError):
        pass
    if shutil.which("pandoc"):
        out = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout
        return out.split()[1] if out else "?"
    return "未安装"


def versions() -> str:
    from importlib import metadata

    parts = []
    for dist in ("drafter", "python-docx", "docxtpl", "Jinja2", "PyYAML", "click",
                 "markdown-it-py"):
        try:
            parts.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist} 未安装")
    return "，".join(parts) + f"，pandoc {pandoc_version()}"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [ln.split(":", 1)[1].strip() for ln in cpuinfo.read_text().splitlines()
                 if ln.startswith("model name")]
        cpu = names[0] if names else cpu
    try:
        mem = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB 内存，"
    except (ValueError, OSError, AttributeError):
        mem = ""
    try:
        system = platform.freedesktop_os_release().get("PRETTY_NAME", platform.system())
    except OSError:
        system = platform.platform()
    load = "，负载 {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()) if hasattr(os, "getloadavg") else ""
    return (f"机器：{cpu}，{os.cpu_count()} 核，{mem}{system}，"
            f"Python {platform.python_version()}{load}")


CALLS = "calls"  # (phases' count of the calls it adds up)


def drafter_everything(seeds, phases: dict[str, float]):
    """One cell of a -j1 batch in memory: the speech rendered from the spec (the next seed, as
    a batch over seeds: none repeats), the batch's checks (batch.run.BATCH_RULES, the
    manifest's findings) and the .docx bytes; phases gets the seconds spent in each."""
    from drafter import api
    from drafter.batch.run import cell_done, findings
    from drafter.spec.source import Source, load_yaml

    spec = load_yaml(EXAMPLE, what="规格文件")

    def run():
        t0 = time.perf_counter()
        result = api.draft(Source(spec.path, {**spec.data, "seed": next(seeds)}, spec.lines))
        t1 = time.perf_counter()
        findings(result)
        t2 = time.perf_counter()
        values = result.spec.values
        api.to_bytes(result.speech, "docx", author=values["speaker"].get("name") or "",
                     subject=values["meeting"].get("name") or "")
        t3 = time.perf_counter()
        cell_done()
        for name, seconds in (("起草", t1 - t0), ("检查", t2 - t1), ("写", t3 - t2)):
            phases[name] = phases.get(name, 0.0) + seconds
        phases[CALLS] = phases.get(CALLS, 0) + 1

    return run


def pad(text: str, width: int, right: bool = False) -> str:
    """text padded to width terminal columns (a Chinese character takes two)."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    fill = " " * max(0, width - used)
    return fill + text if right else text + fill


# Untimed calls each runner makes at the start of its turn in a round: the others' turns in
# between leave the processor's caches full of their data, which a batch of one kind does not.
ROUND_WARM = 5


def interleaved(runners: list, n: int, rounds: int) -> list[float]:
    """Milliseconds per call of each runner: one warm-up call each, then `rounds` rounds in
    which every runner makes n // rounds calls in turn (A B C A B C …, so a busy moment of the
    machine falls on all of them), each turn after ROUND_WARM untimed calls and a collection
    of the heap (so no runner's timed calls collect another's garbage); the median round of
    each."""
    per_round = max(1, n // rounds)
    for fn in runners:
        fn()
    times: list[list[float]] = [[] for _ in runners]
    for _ in range(rounds):
        for fn, out in zip(runners, times, strict=True):
            for _ in range(ROUND_WARM):
                fn()
            gc.collect()
            start = time.perf_counter()
            for _ in range(per_round):
                fn()
            out.append((time.perf_counter() - start) / per_round * 1000)
    return [statistics.median(t) for t in times]


# Cells a batch worker has drafted before the timed ones (seeds from WARM_SEED on, never the
# timed seeds): its caches of conditions and sentences fill over the first hundred or so.
WARM_CELLS = 200
WARM_SEED = 100_001


def per_document_section(result, n: int, folder: Path) -> None:
    from drafter.batch.run import cells_in_this_process

    with cells_in_this_process():  # drafter's cells run as a -j1 batch runs them
        _per_document(result, n, folder)


def _per_document(result, n: int, folder: Path) -> None:
    speech = result.speech
    rounds = 5 if n >= 10 else 1
    warm = WARM_CELLS if n >= 10 else 2
    print(f"单篇（同一进程内，预热 1 篇后交替计时，共 {n} 篇，{rounds} 轮取中位数；"
          f"规格 {EXAMPLE.name}）")
    print(f"drafter = 按规格起草（种子 1…{n}，如同 -j1 批量）+ 批量检查（清单的 findings）+ 写 .docx 字节，"
          f"计时前先做 {warm} 格别的种子（{WARM_SEED}…），如同批量做了一阵之后；其他写法只写同一篇讲话稿")
    phases: dict[str, float] = {}
    warm_up = drafter_everything(iter(range(WARM_SEED, WARM_SEED + warm)), {})
    for _ in range(warm):
        warm_up()
    rows: list[tuple[str, object, str]] = [
        ("drafter（本项目）起草+检查+写", drafter_everything(itertools.count(1), phases), "")]
    template, note = docxtpl_template(speech, folder)
    rows.append(("docxtpl（同等模板）", docxtpl_render(speech, template) if template else None,
                 note))
    rows.append(("python-docx（朴素用法）", naive_python_docx(speech), ""))
    runner, note = pandoc_runner(result.markdown, folder)
    rows.append(("pandoc（同一 Markdown）", runner, note))
    rows.append(("drafter 仅写 .docx（to_bytes）", drafter_writer(speech), ""))
    phases.clear()
    present = [fn for _, fn, _ in rows if fn is not None]
    measured = iter(interleaved(present, n, rounds))
    times = [next(measured) if fn is not None else None for _, fn, _ in rows]
    base = times[0]
    print(f"{pad('写法', 32)}{pad('毫秒/篇', 10, right=True)}{pad('相对 drafter', 14, right=True)}")
    for (name, _, note), ms in zip(rows, times, strict=True):
        if ms is None:
            print(f"{pad(name, 32)}{pad('跳过', 10, right=True)}  {note}")
        else:
            ratio = ms / base
            shown = f"{ratio:.1f}×" if ratio >= 1 else f"{ratio:.2f}×"
            print(f"{pad(name, 32)}{ms:>10.2f}{shown:>14}")
    calls = phases.pop(CALLS, 0) or 1  # every call, the untimed ones of each turn too
    print("drafter 分项（毫秒/篇，全部调用的平均，含每轮不计时的几篇）：" + "，".join(
        f"{k} {v / calls * 1000:.2f}" for k, v in phases.items()))
    if times[1] is not None:
        print(f"drafter / docxtpl = {times[1] / base:.1f}×（目标 ≥ 4×；docxtpl 每篇的时间 ÷ "
              "drafter 起草+检查+写每篇的时间）")
    print()


def batch_section(variants: list[int], jobs: int | None, folder: Path) -> None:
    shown = f" -j {jobs}" if jobs else ""
    print(f"批量（每次一个新进程：{sys.executable} -m drafter batch <临时目录>/plan-N.yaml "
          f"-o <临时目录>/out-N{shown}；规格 {EXAMPLE.name}，矩阵 seed 1…N）")
    workers = jobs or os.cpu_count()
    # Fill drafter's cache first, as any earlier use of drafter has: a cache miss parses and
    # checks the outline, and splits jieba's dictionary, once (~200 MiB for a moment), which
    # is not what a batch costs.
    warm = str(folder / "warm.docx")
    for args in (["draft", str(EXAMPLE), "-o", warm, "--force"], ["check", warm]):
        subprocess.run([*cold_start.drafter_command(), *args], env=child_env(folder),
                       capture_output=True)
    peaks = []
    for v in variants:
        seconds, main_peak, worker_peak = batch_run(v, folder, jobs)
        peaks.append((main_peak, worker_peak))
        print(f"drafter batch {v} 篇（{workers} 进程）：{seconds:.1f} 秒，{v / seconds:.0f} 篇/秒，"
              f"峰值内存 主进程 {main_peak:.0f} MiB，最大的工作进程 {worker_peak:.0f} MiB")
    if len(variants) > 1:
        (m0, w0), (m1, w1) = peaks[0], peaks[-1]
        line = f"峰值内存 {variants[-1]} 篇 / {variants[0]} 篇：主进程 {m1 / m0:.2f}"
        print(line + (f"，工作进程 {w1 / w0:.2f}" if w0 else ""))
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=200, help="documents per way of writing")
    ap.add_argument("--variants", type=int, nargs="*", help="batch sizes (default 1000 10000)")
    ap.add_argument("-j", "--jobs", type=int, default=None)
    ap.add_argument("--runs", type=int, default=None, help="cold starts of each command (11)")
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: n=3, 20 and 40 variants, 2 cold starts")
    ap.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS),
                    help="sections to run (default: all, in this order)")
    ap.add_argument("--corpus-cache", type=Path, default=None,
                    help="folder keeping the synthetic corpus between runs (corpus_index.py)")
    args = ap.parse_args(argv)
    if args.quick:
        args.n = 3
    args.variants = args.variants or ([20, 40] if args.quick else [1000, 10000])

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # The per-document section's drafter starts from an empty cache of its own, as a first
        # batch does (nothing the user's earlier runs left, such as codebooks of the timed
        # seeds, counts); the other sections run as before (their children: child_env).
        users_cache = os.environ.get("DRAFTER_CACHE_DIR")
        os.environ["DRAFTER_CACHE_DIR"] = str(folder / "bench-cache")
        from drafter import api

        result = api.draft(EXAMPLE)
        shown = sys.argv[1:] if argv is None else argv
        print(f"命令：{shlex.join([sys.executable, 'bench/bench.py', *shown])}")
        print(machine())
        print(f"版本：{versions()}")
        print(f"drafter 取自：{Path(api.__file__).resolve().parent}（子进程同此，经 PYTHONPATH）")
        print(f"讲话稿：{result.length} 字，{len(result.speech.blocks)} 段；"
              "本进程的 drafter 缓存从空开始（如同第一次批量）\n")
        for name in args.only:
            started = time.perf_counter()
            if name != "document":
                _restore("DRAFTER_CACHE_DIR", users_cache)
            if name == "document":
                per_document_section(result, args.n, folder)
            elif name == "batch":
                batch_section(args.variants, args.jobs, folder)
            elif name == "cold":
                cold_start.section(folder, args.quick, args.runs)
            elif name == "check":
                check_speed.section(folder, args.quick)
            elif name == "corpus":
                corpus_index.section(folder, args.quick, args.corpus_cache)
            print(f"（本节用时 {time.perf_counter() - started:.0f} 秒）\n")
    return 0


def _restore(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


# What one run prints, in order: the "done when" list.
SECTIONS = ("document", "batch", "cold", "check", "corpus")


if __name__ == "__main__":
    raise SystemExit(main())
