"""Cold start: `drafter draft` of the shipped example as a new process, against a process that
only imports the four libraries the design card names (docx, jinja2, yaml, click). Both run
interleaved (A B A B …) after one untimed warm-up of each, so a machine that slows down or speeds
up mid-run slows both; the median ratio is the figure. Also shown: the first run with an empty
cache folder (what a writer sees once after installing or editing an outline), and which heavy
modules the draft path imports.

    python bench/cold_start.py [--runs 11] [--quick]
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/qingshi-town.yaml"
PEER_IMPORTS = "import docx, jinja2, yaml, click"
TARGET = 1.2
# Modules the draft path should not need; each costs tens of milliseconds to import.
HEAVY = ("docx", "lxml", "xml.sax", "urllib.request", "email", "markdown_it", "jieba")

# Drafts the example inside one interpreter and names the heavy modules it imported on the way.
PROBE = """\
import sys
sys.path[:] = [p for p in sys.path if p not in ("", ".")]  # the timed drafter, not the checkout's
from drafter.cli import main
heavy = sys.argv[3].split(",")
sys.argv = ["drafter", "draft", sys.argv[1], "-o", sys.argv[2], "--force"]
try:
    main()
except SystemExit as e:
    if e.code:
        raise
print(" ".join(m for m in heavy if m in sys.modules) or "-")
"""


def child_env(cache: Path) -> dict[str, str]:
    """Children import the same drafter as this process (not a copy in their working folder)
    and keep their cache in the bench's own folder, never the user's. They may write bytecode
    (into the bench's folder), as an installed drafter has its .pyc files: a shell with
    PYTHONDONTWRITEBYTECODE set would otherwise compile drafter from source on every run."""
    import drafter

    home = str(Path(drafter.__file__).resolve().parent.parent)
    extra = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": home + (os.pathsep + extra if extra else ""),
           "DRAFTER_CACHE_DIR": str(cache), "PYTHONPYCACHEPREFIX": str(cache / "pyc")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def drafter_command() -> list[str]:
    """The `drafter` script installed next to this interpreter, else `python -m drafter`."""
    script = Path(sys.executable).with_name("drafter")
    return [str(script)] if script.exists() else [sys.executable, "-m", "drafter"]


def wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def heavy_imports(folder: Path, env: dict[str, str]) -> str:
    res = subprocess.run([sys.executable, "-c", PROBE, EXAMPLE, str(folder / "probe.docx"),
                          ",".join(HEAVY)], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True)
    found = res.stdout.splitlines()[-1].strip()
    return "无" if found == "-" else "、".join(found.split())


def section(folder: Path, quick: bool, runs: int | None = None) -> float:
    """Prints the table; returns the median ratio."""
    runs = runs or (2 if quick else 11)
    cache = folder / "cold-start-cache"  # its own: "first run" means an empty cache
    env = child_env(cache)
    draft = [*drafter_command(), "draft", EXAMPLE, "-o", str(folder / "cold.docx"), "--force"]
    peer = [sys.executable, "-c", PEER_IMPORTS]
    wall(draft, {**env, "DRAFTER_CACHE_DIR": "off"})  # compiles the .pyc files, caches nothing
    first = wall(draft, env)  # the cache folder is empty: outlines are parsed and checked
    rows = [("drafter draft", draft, []), ("仅导入", peer, [])]
    for _, cmd, _ in rows:
        wall(cmd, env)
    for _ in range(runs):
        for _, cmd, times in rows:
            times.append(wall(cmd, env))
    print(f"冷启动（新进程，工作目录 {ROOT}；各预热 1 次后交替运行 {runs} 次，单位秒；"
          f"缓存目录 DRAFTER_CACHE_DIR=<临时目录>/cold-start-cache）")
    print(f"{'':<16}{'中位数':>8}{'最小':>8}{'最大':>8}  命令")
    for name, cmd, times in rows:
        print(f"{name:<16}{statistics.median(times):>8.3f}{min(times):>8.3f}"
              f"{max(times):>8.3f}  {shlex.join(cmd)}")
    ratio = statistics.median(rows[0][2]) / statistics.median(rows[1][2])
    print(f"drafter draft / 仅导入（中位数之比）= {ratio:.2f}×（目标 ≤ {TARGET}×）")
    print(f"缓存为空时的第一次 drafter draft：{first:.3f} 秒"
          f"（= 仅导入中位数的 {first / statistics.median(rows[1][2]):.1f}×；安装后或改提纲后只发生一次）")
    print(f"起草路径导入的重模块（{'、'.join(HEAVY)} 中）：{heavy_imports(folder, env)}")
    print()
    return ratio


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=None, help="cold starts of each command")
    ap.add_argument("--quick", action="store_true", help="smoke run: 2 cold starts")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        section(Path(tmp), args.quick, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
