"""Segmenter backends for `drafter check`, compared: every rule over every speech shipped in
corpus/ and tests/fixtures, once with each backend, findings diffed against jieba's; and each
backend's start-up and tagging time, as ratios to jieba's, runs interleaved.

    python bench/check_backends.py            # 5 rounds
    python bench/check_backends.py --quick    # 1 round

Backends: jieba (0.42.1 with its own start-up: the whole dictionary loaded), jieba-cache (the
same jieba, its dictionary loaded from drafter's cache a first character at a time: what drafter
uses), rjieba (jieba-rs 0.2.2 bindings; skipped with a note when not installed: pip install
rjieba). Both jieba rows tag with drafter's clause cache and Viterbi (analysis/segmenter.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ("jieba", "jieba-cache", "rjieba")


def speeches() -> list[Path]:
    """Every speech drafter ships as text: the corpus (cleaned and raw) and the test fixtures."""
    found = [p for top in ("corpus", "tests/fixtures") for p in (ROOT / top).rglob("*")
             if p.suffix in (".md", ".txt", ".docx") and p.name != "README.md"]
    return sorted(found)


def name_sentences(n: int = 300) -> list[str]:
    """Sentences dense in names the dictionary lacks (王磊超市长在凤凰岭乡调研时指出): where the
    backends' new-word guesses (HMM) decide what the names rule reports. The corpus has few."""
    import random

    rnd = random.Random(1)
    surnames, given = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", "建国明华军波东晓丽平强伟芳敏静磊洋勇艳杰"
    places = ["青石", "临川", "柯城", "赵家坪", "白沙", "龙泉", "石门", "桃源", "云溪", "凤凰岭"]
    suffixes, titles = ["镇", "县", "乡", "市", "区", "街道", "县委", "镇政府"], [
        "书记", "市长", "县长", "镇长", "主任", "局长", "同志"]
    out = []
    for _ in range(n):
        name = rnd.choice(surnames) + "".join(rnd.choice(given) for _ in range(rnd.randint(1, 2)))
        place, title = rnd.choice(places) + rnd.choice(suffixes), rnd.choice(titles)
        out.append(rnd.choice([f"{name}{title}在{place}调研时指出，要抓好落实。",
                               f"{title}{name}强调，{place}要学习先进经验。",
                               f"学习{place}的做法，{name}{title}作了部署。"]))
    return out


def use(backend: str) -> None:
    """Point drafter's tokens at the backend (in this process)."""
    from drafter.analysis import names, segmenter

    if backend == "jieba":
        segmenter._read_cache = lambda *a: None
        segmenter._write_cache = lambda *a: None
    elif backend == "rjieba":
        import rjieba


        def tokens(text: str) -> tuple[tuple[str, str], ...]:
            return tuple(t for piece in names._pieces(text) for t in rjieba.tag(piece, hmm=True))

        names.tokens = tokens
        names.dictionary_words = lambda text: rjieba.cut(text, hmm=False)


def child(backend: str, limit: int | None) -> dict:
    """In a fresh process: start-up (the first tagged word), then every rule over every speech
    (the first limit of them)."""
    start = time.perf_counter()
    from drafter import api, checks
    from drafter.analysis import names

    use(backend)
    names.tokens("王波市长在常州市讲话。")
    started = time.perf_counter()
    found = {}
    for path in speeches()[:limit]:
        speech = api.read_speech(path)
        found[str(path.relative_to(ROOT))] = [
            [f.code, f.paragraph, f.message, f.start, f.end]
            for f in checks.check(speech, rules=["ALL"])]
    done = time.perf_counter()
    from drafter.checks.document import name_lists

    probe = [[names.tagged_places(t, name_lists()), names.tagged_people(t, name_lists())]
             for t in name_sentences()]
    return {"startup": started - start, "check": done - started, "findings": found,
            "names": probe}


def run_child(backend: str, limit: int | None, cache: Path) -> dict | None:
    cmd = [sys.executable, __file__, "--child", backend]
    if limit:
        cmd += ["--limit", str(limit)]
    done = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                          env=_env(cache))
    if done.returncode:
        if "No module named 'rjieba'" in done.stderr:
            return None
        raise SystemExit(done.stderr)
    return json.loads(done.stdout)


def _env(cache: Path) -> dict[str, str]:
    """This drafter, its cache (and .pyc, as installed) in the bench's folder."""
    extra = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": str(ROOT) + (os.pathsep + extra if extra else ""),
           "DRAFTER_CACHE_DIR": str(cache), "PYTHONPYCACHEPREFIX": str(cache / "pyc")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def diff(a: dict, b: dict) -> list[str]:
    """Findings in one run and not the other, per file."""
    out = []
    for path in sorted(set(a) | set(b)):
        fa, fb = a.get(path, []), b.get(path, [])
        only_a = [f for f in fa if f not in fb]
        only_b = [f for f in fb if f not in fa]
        out += [f"  {path}: 只在 jieba: {f[0]} 段落{f[1]} {f[2]}" for f in only_a]
        out += [f"  {path}: 只在对比方: {f[0]} 段落{f[1]} {f[2]}" for f in only_b]
    return out


def section(folder: Path, quick: bool) -> dict[str, dict]:
    """Print the comparison; returns each backend's median times (seconds)."""
    rounds, limit = (1, 2) if quick else (5, None)
    files = speeches()[:limit]
    print(f"命令：python bench/check_backends.py --child 后端{f' --limit {limit}' if limit else ''}"
          f"（corpus/ 和 tests/fixtures 的 {len(files)} 篇讲话，全部规则；{rounds} 轮交替运行，"
          f"取中位数；启动 = 到第一次分词完成）")
    runs: dict[str, list[dict] | None] = {b: [] for b in BACKENDS}
    with tempfile.TemporaryDirectory(dir=folder) as cache:
        run_child("jieba-cache", limit, Path(cache))  # writes the cache, as a first check does
        for _ in range(rounds):
            for b in BACKENDS:
                if runs[b] is not None:
                    r = run_child(b, limit, Path(cache))
                    runs[b] = None if r is None else runs[b] + [r]
    base = runs["jieba"]
    med = {}
    print(f"{'后端':<12}{'启动 s':>9}{'检查 s':>9}{'合计 s':>9}{'合计比':>8}  问题与 jieba 相比"
          f"（讲话；人名地名密集的 {len(name_sentences())} 句）")
    for b, rs in runs.items():
        if rs is None:
            print(f"{b:<12}未安装，跳过（pip install {b}）")
            continue
        m = {k: statistics.median(r[k] for r in rs) for k in ("startup", "check")}
        m["total"] = statistics.median(r["startup"] + r["check"] for r in rs)
        med[b] = m
        lines = diff(base[0]["findings"], rs[0]["findings"])
        same = "相同" if not lines else f"不同 {len(lines)} 条"
        names_differ = sum(x != y for x, y in zip(base[0]["names"], rs[0]["names"], strict=True))
        print(f"{b:<12}{m['startup']:>9.3f}{m['check']:>9.3f}{m['total']:>9.3f}"
              f"{m['total'] / med['jieba']['total']:>8.2f}  {same}；"
              f"{'相同' if not names_differ else f'{names_differ} 句不同'}")
        for line in lines[:12]:
            print(line)
        if len(lines) > 12:
            print(f"  ……另有 {len(lines) - 12} 条")
    return med


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", choices=BACKENDS)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.limit), ensure_ascii=False))
        return
    with tempfile.TemporaryDirectory() as folder:
        section(Path(folder), args.quick)


if __name__ == "__main__":
    main()
