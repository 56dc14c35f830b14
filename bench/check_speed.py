"""`drafter check` speed: one speech as a new process against bare imports, a folder of speeches
in one call against one call per speech, and the segmenter backends (check_backends.py). Runs
of the two sides alternate (A B A B …) after an untimed warm-up; medians and their ratio count.

    python bench/check_speed.py            # 100 speeches, 3 rounds
    python bench/check_speed.py --quick    # 5 speeches, 1 round (a smoke run)

The speeches are drafted first with api.draft over the shipped examples and seeds, into a
temporary folder; the children keep drafter's cache there too, never the user's.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from cold_start import child_env, drafter_command  # noqa: E402  (the same children as there)

PEER_IMPORTS = "import docx, jinja2, yaml, click"
JIEBA_IMPORTS = "import jieba, jieba.posseg; jieba.initialize()"


def wall(cmds: list[list[str]], env: dict[str, str]) -> float:
    """Seconds to run the commands one after another (exit status 1, findings, is normal)."""
    start = time.perf_counter()
    for cmd in cmds:
        done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{shlex.join(cmd)}: {done.stderr.decode(errors='replace')}")
    return time.perf_counter() - start


def draft_speeches(folder: Path, n: int) -> list[Path]:
    """n speeches: the shipped examples in turn, each with seeds 1, 2, …"""
    from drafter import api

    specs = sorted(p for p in (ROOT / "examples").glob("*.yaml") if "plan" not in p.name)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        result = api.draft(specs[i % len(specs)], seed=i // len(specs) + 1)
        path = folder / f"{i:03d}.md"
        path.write_text(result.markdown, encoding="utf-8")
        out.append(path)
    return out


def interleaved(sides: dict[str, list[list[str]]], env: dict[str, str],
                rounds: int) -> dict[str, float]:
    """Median seconds of each side, the sides alternating round by round."""
    for cmds in sides.values():
        wall(cmds[:1], env)  # warm-up: file cache, .pyc, drafter's jieba cache
    times: dict[str, list[float]] = {k: [] for k in sides}
    for _ in range(rounds):
        for k, cmds in sides.items():
            times[k].append(wall(cmds, env))
    return {k: statistics.median(v) for k, v in times.items()}


def table(rows: list[tuple[str, float]], base: int) -> None:
    """Each row's seconds and its ratio to row base."""
    ref = rows[base][1]
    for label, t in rows:
        print(f"  {label:<44}{t:>9.3f} s{t / ref:>8.2f}×")


def section(folder: Path, quick: bool) -> None:
    n, rounds = (5, 1) if quick else (100, 3)
    cache = folder / "check-cache"
    env = child_env(cache)
    speeches = draft_speeches(folder / "speeches", n)
    check = drafter_command() + ["check"]
    py = sys.executable

    print(f"## drafter check 的速度（{n} 篇讲话由 api.draft 起草；{rounds} 轮交替运行，取中位数）")
    one = check + [str(speeches[0])]
    print("命令：", shlex.join(one), "|", f"python -c '{PEER_IMPORTS}'", "|",
          f"python -c '{JIEBA_IMPORTS}'")
    med = interleaved({"check": [one], "imports": [[py, "-c", PEER_IMPORTS]],
                       "jieba": [[py, "-c", JIEBA_IMPORTS]]}, env, max(rounds, 3))
    table([("drafter check 一篇（新进程）", med["check"]),
           ("只导入 docx、jinja2、yaml、click", med["imports"]),
           ("只启动结巴（import jieba.posseg）", med["jieba"])], 1)

    folder_cmd = check + [str(speeches[0].parent)]
    print("命令：", shlex.join(folder_cmd), "|", f"对每篇各调用一次 {shlex.join(check)} 文件")
    med = interleaved({"folder": [folder_cmd], "each": [check + [str(p)] for p in speeches]},
                      env, rounds)
    table([(f"{n} 篇，一次调用（drafter check 文件夹）", med["folder"]),
           (f"{n} 篇，各调用一次", med["each"])], 0)
    print(f"  每篇：一次调用 {med['folder'] / n * 1000:.0f} ms，各调用一次 "
          f"{med['each'] / n * 1000:.0f} ms")

    import check_backends

    print("## 分词后端：结巴（jieba 0.42.1）与 rjieba（jieba-rs）")
    check_backends.section(folder, quick)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        section(Path(folder), args.quick)


if __name__ == "__main__":
    main()
