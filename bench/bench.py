"""Benchmark: drafter's .docx writer against docxtpl, naive python-docx and pandoc, side by side,
then drafter batch throughput and peak memory. Not a test; prints a table of ratios.

    python bench/bench.py                    # full run (N=50 documents, 1,000 and 10,000 variants)
    python bench/bench.py --quick            # a smoke run (used by the tests)

Peers are optional: pip install docxtpl pypandoc-binary (or Debian's pandoc); a missing one is
skipped with a note.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "qingshi-town.yaml"


def timed(fn, n: int) -> float:
    """Milliseconds per call, after one warm-up call (so caches count as they do in a batch)."""
    fn()
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1000


def drafter_writer(speech):
    from drafter import docx_writer

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

    from drafter import docx_writer

    doc = docx.Document(io.BytesIO(docx_writer._base_bytes()))
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
            p.paragraph_format.space_before = Twips(docx_writer.LINE_PITCH)
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


def batch_run(variants: int, folder: Path, jobs: int | None) -> tuple[float, float]:
    """Seconds and peak RSS (MiB, largest process) of `drafter batch` for `variants` cells."""
    plan = folder / f"plan-{variants}.yaml"
    plan.write_text(
        f"base: {EXAMPLE}\nmatrix:\n  seed: {list(range(1, variants + 1))}\n"
        "name: \"v{seed}\"\n", encoding="utf-8")
    out = folder / f"out-{variants}"
    cmd = [sys.executable, "-m", "drafter", "batch", str(plan), "-o", str(out)]
    if jobs:
        cmd += ["-j", str(jobs)]
    code = ("import resource, subprocess, sys, time\n"
            "t = time.perf_counter()\n"
            "r = subprocess.run(sys.argv[1:], capture_output=True)\n"
            "t = time.perf_counter() - t\n"
            "m = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "print(r.returncode, t, m)\n")
    # A fresh interpreter per run, so the peak of the 1,000 run does not hide the 10,000 one.
    res = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True,
                         check=True)
    rc, seconds, maxrss = res.stdout.split()
    if rc != "0":
        raise SystemExit(f"drafter batch failed for {variants} variants")
    shutil.rmtree(out, ignore_errors=True)
    return float(seconds), int(maxrss) / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=50, help="documents per writer")
    ap.add_argument("--variants", type=int, nargs="*", help="batch sizes (default 1000 10000)")
    ap.add_argument("-j", "--jobs", type=int, default=None)
    ap.add_argument("--quick", action="store_true", help="smoke run: n=3, 20 and 40 variants")
    args = ap.parse_args(argv)
    if args.quick:
        args.n = 3
    args.variants = args.variants or ([20, 40] if args.quick else [1000, 10000])

    from drafter import api

    result = api.draft(EXAMPLE)
    speech = result.speech
    print(f"机器：{platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}")
    print(f"讲话稿：{result.length} 字，{len(speech.blocks)} 段；每种写法 {args.n} 篇\n")
    rows: list[tuple[str, float | None, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows.append(("drafter（本项目）", timed(drafter_writer(speech), args.n), ""))
        template, note = docxtpl_template(speech, folder)
        rows.append(("docxtpl（同等模板）",
                     timed(docxtpl_render(speech, template), args.n) if template else None, note))
        rows.append(("python-docx（朴素用法）", timed(naive_python_docx(speech), args.n), ""))
        runner, note = pandoc_runner(result.markdown, folder)
        rows.append(("pandoc（同一 Markdown）", timed(runner, args.n) if runner else None, note))
        base = rows[0][1]
        print(f"{'写法':<24}{'毫秒/篇':>10}{'相对 drafter':>14}")
        for name, ms, note in rows:
            if ms is None:
                print(f"{name:<24}{'跳过':>10}  {note}")
            else:
                print(f"{name:<24}{ms:>10.1f}{ms / base:>13.1f}×")
        print()
        jobs = args.jobs or os.cpu_count()
        peaks = []
        for v in args.variants:
            seconds, peak = batch_run(v, folder, args.jobs)
            peaks.append(peak)
            print(f"drafter batch {v} 篇（{jobs} 进程）：{seconds:.1f} 秒，"
                  f"{v / seconds:.0f} 篇/秒，单进程峰值内存 {peak:.0f} MiB")
        if len(peaks) > 1:
            print(f"峰值内存 {args.variants[-1]} 篇 / {args.variants[0]} 篇 = "
                  f"{peaks[-1] / peaks[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
