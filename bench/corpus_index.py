"""Benchmark: the persistent 查重 index (`drafter corpus index`) at 10,000 and 100,000 documents —
build time, peak memory of the build, disk size, and the time of a fresh `drafter corpus overlap`
process — and, at 1,000 documents, the in-memory path (no index) side by side. Not a test.

    python bench/corpus_index.py                 # 10,000 and 100,000 documents
    python bench/corpus_index.py --quick         # ~50 documents (a smoke run)
    python bench/corpus_index.py --cache DIR     # keep the generated corpus in DIR across runs
                                                 # (or BENCH_CORPUS_CACHE=DIR, for bench/bench.py)

The synthetic corpus is deterministic: sentences of the shipped corpus and of drafter's own
drafts of the examples, with about a third of their content words (jieba, same part of speech)
swapped for others, 2,000–4,000 characters a document, so documents read like speeches but are
mostly distinct, as a real library's are.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SWAP = 0.35  # share of content words swapped
_SWAPPABLE = {"n", "v", "vn", "a", "ad", "an", "d", "ns", "nz", "l", "i"}


def child_env() -> dict[str, str]:
    import drafter

    home = str(Path(drafter.__file__).resolve().parent.parent)
    extra = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": home + (os.pathsep + extra if extra else "")}


def drafter_cmd() -> list[str]:
    return [sys.executable, "-m", "drafter"]


# --- the synthetic corpus ----------------------------------------------------------------------


def _pool(drafts: bool = True) -> tuple[list[list[tuple[str, str]]], dict[tuple[str, int], list[str]], list[str]]:
    """(sentences as (word, tag) lists, words by (tag, length), titles): from the shipped
    corpus and, unless a smoke run, drafter's drafts of the examples."""
    import logging

    import jieba
    import jieba.posseg as pseg

    from drafter import api
    from drafter.corpus.clean import load_corpus
    from drafter.corpus.paraphrase import _SENTENCE

    jieba.setLogLevel(logging.WARNING)
    texts, titles = [], []
    for d in load_corpus(ROOT / "corpus"):
        texts.append(d.text)
        titles.append(d.title)
    for spec in sorted((ROOT / "examples").glob("*.yaml")) if drafts else ():
        try:
            speech = api.draft(spec).speech
        except Exception:  # batch plans and other non-spec files of examples/
            continue
        texts.append("\n".join(b.text for b in speech.body))
        titles.append(speech.title)
    sentences, words = [], {}
    for text in texts:
        for m in _SENTENCE.finditer(text):
            tagged = [(w, t) for w, t in pseg.lcut(m.group().strip())]
            if sum(len(w) for w, _ in tagged) >= 8:
                sentences.append(tagged)
            for w, t in tagged:
                if t in _SWAPPABLE and len(w) >= 2:
                    words.setdefault((t, len(w)), set()).add(w)
    return sentences, {k: sorted(v) for k, v in words.items()}, titles


def _document(i: int, pool) -> str:
    sentences, words, titles = pool
    rng = random.Random(i)
    target = rng.randint(2000, 4000)
    paras, para, size = [], [], 0
    while size < target:
        out = []
        for w, t in rng.choice(sentences):
            alts = words.get((t, len(w))) if t in _SWAPPABLE and len(w) >= 2 else None
            out.append(rng.choice(alts) if alts and rng.random() < SWAP else w)
        s = "".join(out)
        para.append(s)
        size += len(s)
        if len(para) >= rng.randint(3, 6):
            paras.append("".join(para))
            para = []
    paras.append("".join(para))
    title = f"{rng.choice(titles)}（{i}）"
    body = "\n\n".join(p for p in paras if p)
    return f"---\ntitle: '{title}'\n---\n\n# {title}\n\n{body}\n"


def generate(folder: Path, count: int, pool) -> Path:
    """folder/docs holding documents 0..count-1 (existing ones are kept: a cache)."""
    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        p = docs / f"{i:06d}.md"
        if not p.exists():
            p.write_text(_document(i, pool), encoding="utf-8")
    return docs


def subset(docs: Path, folder: Path, count: int) -> Path:
    """A corpus folder of the first count documents (hard links: no copy)."""
    out = folder / f"c{count}"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for i in range(count):
        name = f"{i:06d}.md"
        try:
            os.link(docs / name, out / name)
        except OSError:
            shutil.copy(docs / name, out / name)
    return out


def query_draft(folder: Path, corpus: Path, count: int, pool) -> Path:
    """A new document (not in the corpus) with three passages copied from corpus documents."""
    from drafter.corpus.clean import read_doc

    rng = random.Random(-1)
    text = _document(10**9, pool).split("\n---\n", 1)[1]
    paras = text.strip().split("\n\n")[1:]
    for k in range(3):
        src = read_doc(corpus / f"{rng.randrange(count):06d}.md").text
        start = rng.randrange(max(1, len(src) - 120))
        paras.insert(2 + 2 * k, src[start:start + 100].replace("\n", ""))
    path = folder / "草稿.md"
    path.write_text("# 草稿\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    return path


# --- measuring ---------------------------------------------------------------------------------


def run_measured(cmd: list[str]) -> tuple[float, float, float]:
    """(seconds, peak MiB, CPU seconds) of a command: the largest resident set of the process
    and of the worker processes it waited for, and their user + system time, as GNU time
    reports them (measured from this, much larger, process a forked child would start with our
    own resident set). CPU time is what to read on a busy machine."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", *cmd], env=child_env(),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr}")
    peak, user, system = proc.stderr.split()[-3:]
    return elapsed, int(peak) / 1024, float(user) + float(system)


def disk(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def show(cmd: list[str]) -> str:
    return " ".join(["drafter", *cmd[3:]])


def bench_size(folder: Path, docs: Path, count: int, draft: Path, repeats: int) -> Path:
    corpus = subset(docs, folder, count)
    build = [*drafter_cmd(), "corpus", "index", str(corpus)]
    seconds, peak, cpu = run_measured(build)
    index = corpus / ".drafter" / "index.sqlite"
    query = [*drafter_cmd(), "corpus", "overlap", str(draft), "--corpus", str(corpus)]
    runs = [run_measured(query) for _ in range(repeats)]
    wall = statistics.median(r[0] for r in runs)
    qcpu = statistics.median(r[2] for r in runs)
    print(f"{count:>8,}  {seconds:8.1f}  {cpu:8.1f}  {peak:8.0f}  {disk(index) / 2**20:9.1f}  "
          f"{wall:8.2f}  {qcpu:8.2f}  {max(r[1] for r in runs):8.0f}")
    return corpus


def side_by_side(folder: Path, docs: Path, count: int, draft: Path, repeats: int,
                 indexed: Path | None = None) -> None:
    """The same query with the index and without (the in-memory path), interleaved."""
    if indexed is None:
        indexed = subset(docs, folder, count)
        subprocess.run([*drafter_cmd(), "corpus", "index", str(indexed)], env=child_env(),
                       check=True, stdout=subprocess.DEVNULL)
    plain = subset(docs, folder / "plain", count)
    with_index, without = [], []
    for _ in range(repeats):
        with_index.append(run_measured([*drafter_cmd(), "corpus", "overlap", str(draft),
                                        "--corpus", str(indexed)]))
        without.append(run_measured([*drafter_cmd(), "corpus", "overlap", str(draft),
                                     "--corpus", str(plain)]))
    a, b = (statistics.median(r[0] for r in runs) for runs in (with_index, without))
    ca, cb = (statistics.median(r[2] for r in runs) for runs in (with_index, without))
    ma, mb = (max(r[1] for r in runs) for runs in (with_index, without))
    print(f"\n{count:,} 篇，同一草稿 drafter corpus overlap，有索引和无索引交替运行 {repeats} 次（中位数）：")
    print(f"  有索引   {a:6.2f} 秒  CPU {ca:6.2f} 秒  峰值 {ma:6.0f} MiB")
    print(f"  无索引   {b:6.2f} 秒  CPU {cb:6.2f} 秒  峰值 {mb:6.0f} MiB"
          "（每次读全部范文、在内存里建 8 字索引）")
    print(f"  无索引 / 有索引：用时 {b / a:.1f} 倍，CPU {cb / ca:.1f} 倍，内存 {mb / ma:.1f} 倍")


def section(folder: Path, quick: bool, cache: Path | None = None) -> None:
    sizes, compare_at, repeats = ([50], 50, 2) if quick else ([10_000, 100_000], 1_000, 5)
    print("## 查重索引（drafter corpus index）\n")
    print("命令：drafter corpus index 语料文件夹；drafter corpus overlap 草稿.md --corpus 语料文件夹"
          "（每次新起一个进程，含启动）")
    pool = _pool(drafts=not quick)
    start = time.perf_counter()
    cache = cache or (Path(os.environ["BENCH_CORPUS_CACHE"]) if os.environ.get("BENCH_CORPUS_CACHE")
                      else None)
    docs = generate(cache or folder, max(sizes), pool)
    print(f"合成语料：{max(sizes):,} 篇（生成或取自缓存 {time.perf_counter() - start:.0f} 秒）\n")
    draft = query_draft(folder, docs, min(sizes), pool)
    print("建索引：用时、CPU 时间（主进程加读范文的工作进程）、最大进程的峰值内存、索引文件大小；"
          f"查重：新起一个进程，{repeats} 次的中位数（用时、CPU 时间）和峰值内存。机器忙时请看 CPU 时间。")
    print(f"{'篇数':>8}  {'建索引 秒':>8}  {'CPU 秒':>8}  {'峰值 MiB':>8}  {'索引 MiB':>9}  "
          f"{'查重 秒':>8}  {'CPU 秒':>8}  {'峰值 MiB':>8}")
    built = {n: bench_size(folder, docs, n, draft, repeats) for n in sizes}
    side_by_side(folder / "side", docs, compare_at, draft, repeats, built.get(compare_at))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--cache", type=Path, help="keep generated documents here across runs")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        section(Path(tmp), args.quick, args.cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
