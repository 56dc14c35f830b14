"""Build an offline install bundle of drafter for machines without PyPI (run by hand, not at run time).

    python tools/offline_bundle.py                       # Windows x64 + Linux x64, CPython 3.10–3.13
    python tools/offline_bundle.py --targets windows     # Windows x64 only (all four Pythons)
    python tools/offline_bundle.py --targets current     # just this machine (what the test builds)
    python tools/offline_bundle.py --targets win_amd64-3.12,linux_x86_64-3.11 --out D:/bundles

Needs any Python 3.10+ with pip, and the package index (PyPI or a mirror: --index-url). Writes
OUT/drafter-offline-VERSION/ and OUT/drafter-offline-VERSION.zip (OUT defaults to dist/offline):

    wheels/           drafter's wheel, built from this checkout, and every runtime pin of
                      requirements/runtime.lock as a wheel for each target
    requirements.txt  exactly those pins (with the lock's markers) and each bundled file's sha256,
                      so the install runs pip in hash-checking mode with --no-index
    SHA256SUMS        sha256 of every file in wheels/ (`sha256sum -c SHA256SUMS`)
    install.sh / install.bat, shortcut.ps1, 启动 drafter.bat, 说明.txt  (from tools/offline/)

Hashes: each target is fetched with `pip download --only-binary=:all: --no-deps` from a
requirements file holding the lock's hashes, so pip checks every downloaded wheel against the
lock. A pin that publishes only an sdist (jieba) is built once with `pip wheel` (its sdist is
checked against the lock's hash first) and must come out pure Python (py3-none-any), which then
serves every target; its wheel cannot match the lock's sdist hash, so its own sha256 is recorded
in SHA256SUMS and requirements.txt instead. Pins that only the build backend needs (hatchling and
what it pulls in, per the lock's "# via" lines) are left out: the bundle installs a built wheel.
pip's own output goes to OUT/offline-build.log; the console shows Chinese progress and errors.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "offline"
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
DEFAULT_INDEX = "https://pypi.org/simple"
# pip takes the first --platform as the most preferred: the oldest glibc first, so a Linux
# bundle runs on as many distributions as the wheels allow (rapidfuzz needs 2.27, lxml 2.17).
MANYLINUX = ("manylinux2014_x86_64",
             *(f"manylinux_2_{n}_x86_64" for n in range(17, 29)))
PLATFORMS = {"win_amd64": ("win_amd64",), "linux_x86_64": MANYLINUX}
OS_OF = {"win_amd64": "windows", "linux_x86_64": "linux"}


class BundleError(Exception):
    """A failure the builder reports in Chinese and exits on (status 1, or 2 for bad options)."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Target:
    platform: str  # a key of PLATFORMS
    python: str  # "3.12"

    @property
    def name(self) -> str:
        return f"{self.platform}-{self.python}"

    @property
    def os(self) -> str:
        return OS_OF[self.platform]

    @property
    def cp(self) -> str:
        return "cp" + self.python.replace(".", "")


@dataclass
class Pin:
    name: str
    version: str
    marker: str | None
    hashes: set[str] = field(default_factory=set)
    via: list[str] = field(default_factory=list)


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def say(text: str) -> None:
    print(text, flush=True)


# ---------------------------------------------------------------- the lock


_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]*?))?\s*\\?\s*$")


def parse_lock(text: str) -> list[Pin]:
    """The pins of a `uv pip compile --generate-hashes` lock, with hashes and "# via" lines."""
    pins: list[Pin] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not line[:1].isspace() and stripped and not stripped.startswith("#"):
            m = _PIN.match(stripped)
            if not m:
                raise BundleError(f"锁文件有一行看不懂：{stripped}")
            pins.append(Pin(normalize(m[1]), m[2], m[3] or None))
        elif pins and stripped.startswith("--hash=sha256:"):
            pins[-1].hashes.add(stripped.split(":", 1)[1].rstrip(" \\"))
        elif pins and stripped.startswith("#") and stripped not in ("# via", "#"):
            via = stripped.lstrip("#").strip()
            pins[-1].via.append(via[4:].strip() if via.startswith("via ") else via)
    return pins


def runtime_pins(pins: list[Pin]) -> list[Pin]:
    """The pins reachable from the project itself ("via drafter (pyproject.toml)"), leaving out
    those only the build backend needs; every pin if the lock has no "# via" lines."""
    if not any(p.via for p in pins):
        return pins
    kept = {p.name for p in pins if any(v.endswith("(pyproject.toml)") for v in p.via)}
    grew = True
    while grew:
        more = {p.name for p in pins if any(normalize(v) in kept for v in p.via)}
        grew = not more <= kept
        kept |= more
    return [p for p in pins if p.name in kept]


def marker_holds(pin: Pin, target: Target) -> bool:
    if not pin.marker:
        return True
    # pip's vendored packaging: the builder needs nothing but the standard library and pip.
    from pip._vendor.packaging.markers import Marker

    win = target.os == "windows"
    env = {
        "implementation_name": "cpython", "platform_python_implementation": "CPython",
        "implementation_version": f"{target.python}.0", "python_version": target.python,
        "python_full_version": f"{target.python}.0", "os_name": "nt" if win else "posix",
        "sys_platform": "win32" if win else "linux",
        "platform_system": "Windows" if win else "Linux",
        "platform_machine": "AMD64" if win else "x86_64",
        "platform_release": "", "platform_version": "",
    }
    return Marker(pin.marker).evaluate(env)


# ---------------------------------------------------------------- the index


def index_files(index: str, name: str) -> list[tuple[str, str | None]]:
    """(filename, sha256 or None) of every file the simple index lists for a project."""
    url = f"{index.rstrip('/')}/{name}/"
    accept = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            kind = response.headers.get("Content-Type", "")
            body = response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as e:
        raise BundleError(f"无法从软件包索引读取 {name} 的文件列表（{url}）：{type(e).__name__}") from e
    if "json" in kind:
        return [(f["filename"], f.get("hashes", {}).get("sha256"))
                for f in json.loads(body)["files"]]
    links = re.findall(r'<a[^>]+href="([^"]+)"[^>]*>([^<]+)</a>', body)
    return [(text.strip(), (re.findall(r"#sha256=([0-9a-f]{64})", href) or [None])[0])
            for href, text in links]


def file_version(filename: str) -> str:
    stem = filename[:-4] if filename.endswith(".whl") else re.sub(r"\.(tar\.gz|zip|tar\.bz2)$", "", filename)
    parts = stem.split("-")
    return parts[1] if filename.endswith(".whl") else parts[-1]


def sdist_only(pins: list[Pin], index: str) -> list[Pin]:
    """The pins whose locked files (matched by the lock's hashes) include no wheel at all."""
    found = []
    for pin in pins:
        files = index_files(index, pin.name)
        mine = [f for f, sha in files if sha in pin.hashes]
        if not mine and not any(sha for _, sha in files):  # an index without hashes
            mine = [f for f, _ in files if file_version(f) == pin.version]
        if not mine:
            raise BundleError(f"软件包索引 {index} 里找不到锁定的 {pin.name}=={pin.version} 的文件。")
        if not any(f.endswith(".whl") for f in mine):
            found.append(pin)
    return found


# ---------------------------------------------------------------- pip


class Pip:
    """Runs the builder's pip, its output appended to a log the errors point to."""

    def __init__(self, log: Path, index_url: str | None):
        self.log = log
        self.index_args = ["--index-url", index_url] if index_url else []

    def run(self, args: list[str], failure: str, env: dict[str, str] | None = None) -> None:
        command = [sys.executable, "-m", "pip", *args, *self.index_args]
        with self.log.open("a", encoding="utf-8") as log:
            log.write(f"\n$ {' '.join(command)}\n")
            log.flush()
            done = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT,
                                  env={**os.environ, **(env or {})}, check=False)
        if done.returncode:
            raise BundleError(f"{failure}（pip 的详细输出见 {self.log}）")


def requirement_lines(pins: list[Pin], with_markers: bool = False) -> str:
    lines = []
    for p in pins:
        marker = f" ; {p.marker}" if with_markers and p.marker else ""
        hashes = "".join(f" \\\n    --hash=sha256:{h}" for h in sorted(p.hashes))
        lines.append(f"{p.name}=={p.version}{marker}{hashes}")
    return "\n".join(lines) + "\n"


def download(pip: Pip, target: Target, pins: list[Pin], work: Path) -> list[Path]:
    """The target's wheels, checked by pip against the lock's hashes."""
    folder = work / target.name
    folder.mkdir()
    wanted = [p for p in pins if marker_holds(p, target)]
    reqs = work / f"{target.name}.txt"
    reqs.write_text(requirement_lines(wanted), encoding="utf-8")
    platforms = [arg for tag in PLATFORMS[target.platform] for arg in ("--platform", tag)]
    pip.run(["download", "--only-binary=:all:", "--no-deps", "--require-hashes",
             *platforms, "--python-version", target.python, "--implementation", "cp",
             "--abi", target.cp, "--abi", "abi3", "--abi", "none",
             "-r", str(reqs), "-d", str(folder)],
            f"没能下载 {describe(target)} 的全部锁定 wheel：可能某个包没有发布这个平台或 Python 版本的 wheel")
    return sorted(folder.glob("*.whl"))


def wheel_tags(path: Path) -> tuple[str, str, str]:
    python, abi, plat = path.name[:-4].split("-")[-3:]
    return python, abi, plat


def build_sdist_pin(pip: Pip, pin: Pin, work: Path) -> Path:
    """A pure-Python wheel built once from an sdist-only pin (its sdist checked by hash)."""
    folder = work / f"built-{pin.name}"
    folder.mkdir()
    reqs = work / f"built-{pin.name}.txt"
    reqs.write_text(requirement_lines([pin]), encoding="utf-8")
    pip.run(["wheel", "--no-deps", "--require-hashes", "-r", str(reqs), "-w", str(folder)],
            f"没能从源码包构建 {pin.name}=={pin.version} 的 wheel")
    wheels = list(folder.glob("*.whl"))
    if len(wheels) != 1:
        raise BundleError(f"构建 {pin.name}=={pin.version} 没有得到唯一的 wheel：{[w.name for w in wheels]}")
    python, abi, plat = wheel_tags(wheels[0])
    with zipfile.ZipFile(wheels[0]) as whl:
        meta = next(n for n in whl.namelist() if n.endswith(".dist-info/WHEEL"))
        purelib = "Root-Is-Purelib: true" in whl.read(meta).decode("utf-8", "replace")
    if abi != "none" or plat != "any" or "py3" not in python.split(".") or not purelib:
        raise BundleError(
            f"{pin.name}=={pin.version} 只发布了源码包，而且构建出的不是纯 Python 的 wheel"
            f"（{wheels[0].name}），无法一次构建供所有平台使用。请为每个目标平台分别构建，"
            f"或换用发布了 wheel 的版本。")
    return wheels[0]


def build_drafter(pip: Pip, pins: list[Pin], work: Path) -> Path:
    """drafter's wheel from this checkout; the build backend pinned by the lock (PIP_CONSTRAINT
    reaches pip's isolated build environment too)."""
    folder = work / "drafter"
    folder.mkdir()
    constraints = work / "build-constraints.txt"
    constraints.write_text("".join(f"{p.name}=={p.version}" + (f" ; {p.marker}" if p.marker else "")
                                   + "\n" for p in pins), encoding="utf-8")
    pip.run(["wheel", "--no-deps", "-w", str(folder), str(ROOT)],
            "没能从这份源码构建 drafter 的 wheel", env={"PIP_CONSTRAINT": str(constraints)})
    return next(folder.glob("drafter-*.whl"))


# ---------------------------------------------------------------- targets


def describe(target: Target) -> str:
    system = "Windows x64" if target.os == "windows" else "Linux x64"
    return f"{system} / CPython {target.python}"


def current_target() -> Target:
    machine = platform.machine().lower()
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if sys.platform == "win32" and machine in ("amd64", "x86_64"):
        return Target("win_amd64", python)
    if sys.platform.startswith("linux") and machine in ("x86_64", "amd64"):
        return Target("linux_x86_64", python)
    raise BundleError(f"--targets current：本机（{sys.platform} {machine}）不是能打包的 Windows x64 "
                      f"或 Linux x64，请用 --targets 写明目标。", 2)


_ALIASES = {"win_amd64": "win_amd64", "windows": "win_amd64", "win": "win_amd64",
            "linux_x86_64": "linux_x86_64", "manylinux_x86_64": "linux_x86_64",
            "linux": "linux_x86_64"}


def parse_targets(spec: str) -> list[Target]:
    """all | current | windows | linux | PLATFORM-X.Y[,PLATFORM-X.Y…] (comma-separated)."""
    targets: list[Target] = []
    for item in (s.strip().lower() for s in spec.split(",") if s.strip()):
        if item == "all":
            targets += [Target(p, v) for p in PLATFORMS for v in PYTHONS]
        elif item == "current":
            targets.append(current_target())
        elif item in _ALIASES and "-" not in item:
            targets += [Target(_ALIASES[item], v) for v in PYTHONS]
        else:
            plat, _, version = item.rpartition("-")
            if plat not in _ALIASES or not re.fullmatch(r"3\.(1\d|[2-9]\d)", version):
                raise BundleError(
                    f"--targets：看不懂“{item}”。应该是 all、current、windows、linux，或"
                    f"“平台-版本”，如 win_amd64-3.12、linux_x86_64-3.10，多个用逗号隔开。", 2)
            targets.append(Target(_ALIASES[plat], version))
    if not targets:
        raise BundleError("--targets 不能为空。", 2)
    return list(dict.fromkeys(targets))


# ---------------------------------------------------------------- the bundle


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def wheel_key(path: Path) -> tuple[str, str]:
    name, version = path.name.split("-")[:2]
    return normalize(name), version


def check_locked(files: list[Path], pins: list[Pin]) -> None:
    """Every downloaded wheel is one the lock names (pip checked this already; a second look
    costs nothing and catches a file that came from anywhere else)."""
    locked = {h for p in pins for h in p.hashes}
    for path in files:
        if sha256(path) not in locked:
            raise BundleError(f"{path.name} 的 sha256 不在 requirements/runtime.lock 里。")


def write_requirements(bundle: Path, pins: list[Pin], drafter: Path, hashes: dict[str, str]) -> None:
    """requirements.txt: drafter and the pins, each with the sha256 of its files in wheels/."""
    by_pin: dict[tuple[str, str], set[str]] = {}
    for filename, digest in hashes.items():
        by_pin.setdefault(wheel_key(Path(filename)), set()).add(digest)
    name, version = wheel_key(drafter)
    rows = [Pin(name, version, None, by_pin[(name, version)])]
    rows += [Pin(p.name, p.version, p.marker, by_pin[(p.name, p.version)])
             for p in pins if (p.name, p.version) in by_pin]
    head = ("# Written by tools/offline_bundle.py: drafter and the runtime pins of\n"
            "# requirements/runtime.lock, each with the sha256 of its wheels in wheels/.\n"
            "# pip install --no-index --find-links wheels --require-hashes -r requirements.txt\n")
    (bundle / "requirements.txt").write_text(head + requirement_lines(rows, with_markers=True),
                                             encoding="utf-8")


def min_glibc(files: list[Path]) -> str | None:
    """The glibc the Linux wheels need: per wheel the oldest of its manylinux tags, then the
    newest of those."""
    legacy = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}
    needs = []
    for path in files:
        found = []
        for tag in wheel_tags(path)[2].split("."):
            m = re.match(r"manylinux_(\d+)_(\d+)_", tag)
            if m:
                found.append((int(m[1]), int(m[2])))
            elif tag.split("_")[0] in legacy:
                found.append(legacy[tag.split("_")[0]])
        if found:
            needs.append(min(found))
    return "{}.{}".format(*max(needs)) if needs else None


def git_commit() -> str:
    try:
        done = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                              capture_output=True, text=True, check=False, timeout=30)
    except OSError:
        return "未知"
    return done.stdout.strip() or "未知"


# ---------------------------------------------------------------- scripts and 说明.txt


def render(template: str, values: dict[str, str]) -> str:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    if re.search(r"@[A-Z_]+@", text):
        raise BundleError(f"模板 {template} 里还有没替换的占位符。")
    return text


def emit(path: Path, text: str, windows: bool = False, bom: bool = False) -> None:
    """Windows files get CRLF (cmd.exe finds labels reliably only then); Notepad on older
    Windows and PowerShell 5.1 read Chinese as UTF-8 only with a BOM."""
    if windows:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))


def any_of(versions: list[str]) -> str:
    return "、".join(versions) + (" 中的任一版本" if len(versions) > 1 else "")


def template_values(targets: list[Target], version: str, glibc: str | None,
                    built: list[Path]) -> dict[str, str]:
    def versions(os_name: str) -> list[str]:
        return sorted({t.python for t in targets if t.os == os_name},
                      key=lambda v: tuple(map(int, v.split("."))))

    win, linux = versions("windows"), versions("linux")
    return {
        "VERSION": version, "COMMIT": git_commit(), "GLIBC": glibc or "2.17",
        "LINUX_PYTHONS": " ".join(linux), "LINUX_PYTHONS_TEXT": "、".join(linux),
        "LINUX_PYTHONS_ANY": any_of(linux), "WINDOWS_PYTHONS_ANY": any_of(win),
        "WINDOWS_PYTHONS": " ".join(reversed(win)), "WINDOWS_PYTHONS_TEXT": "、".join(win),
        "WINDOWS_PYTHON_TUPLES": ", ".join(f"({v.replace('.', ', ')})" for v in win),
        "TARGETS": "\n".join(f"  {describe(t)}" for t in targets),
        "BUILT": "\n".join(f"  {w.name}" for w in built) or "  （无）",
    }


def write_scripts(bundle: Path, targets: list[Target], values: dict[str, str]) -> None:
    systems = {t.os for t in targets}
    readme = render("readme-head.txt", values)
    if "windows" in systems:
        emit(bundle / "install.bat", render("install.bat", values), windows=True)
        emit(bundle / "启动 drafter.bat", render("launcher.bat", values), windows=True)
        emit(bundle / "shortcut.ps1", render("shortcut.ps1", values), windows=True, bom=True)
        readme += render("readme-windows.txt", values)
    if "linux" in systems:
        emit(bundle / "install.sh", render("install.sh", values))
        (bundle / "install.sh").chmod(0o755)
        readme += render("readme-linux.txt", values)
    readme += render("readme-tail.txt", values)
    emit(bundle / "说明.txt", readme, windows=True, bom=True)


def make_zip(bundle: Path) -> Path:
    """The bundle as one .zip (wheels stored as they are: they are zips already)."""
    archive = bundle.with_name(bundle.name + ".zip")
    partial = bundle.with_name(bundle.name + ".zip.tmp")
    with zipfile.ZipFile(partial, "w") as z:
        for path in sorted(bundle.rglob("*")):
            if path.is_file():
                method = zipfile.ZIP_STORED if path.suffix == ".whl" else zipfile.ZIP_DEFLATED
                z.write(path, path.relative_to(bundle.parent).as_posix(), compress_type=method)
    partial.replace(archive)
    return archive


# ---------------------------------------------------------------- the build


def fetch_all(pip: Pip, targets: list[Target], pins: list[Pin], work: Path,
              index: str) -> tuple[list[Path], dict[Target, list[Path]]]:
    """The wheels built from sdist-only pins, and each target's downloads."""
    say(f"查询软件包索引（{index}），找出只发布源码包的锁定版本……")
    needed = [p for p in pins if any(marker_holds(p, t) for t in targets)]
    source_only = sdist_only(needed, index)
    built = []
    for pin in source_only:
        say(f"从源码包构建 {pin.name} {pin.version}（纯 Python，各平台通用）……")
        built.append(build_sdist_pin(pip, pin, work))
    names = {p.name for p in source_only}
    per_target = {}
    for target in targets:
        say(f"下载 {describe(target)} 的 wheel（按锁文件核对哈希）……")
        files = download(pip, target, [p for p in pins if p.name not in names], work)
        check_locked(files, pins)
        per_target[target] = files
    return built, per_target


def assemble(bundle: Path, drafter: Path, built: list[Path],
             per_target: dict[Target, list[Path]]) -> dict[str, str]:
    """Copies every wheel once into wheels/ and writes SHA256SUMS; returns name → sha256."""
    wheels = bundle / "wheels"
    wheels.mkdir(parents=True)
    for path in [drafter, *built, *(f for files in per_target.values() for f in files)]:
        if not (wheels / path.name).exists():
            shutil.copy2(path, wheels / path.name)
    hashes = {p.name: sha256(p) for p in sorted(wheels.iterdir())}
    (bundle / "SHA256SUMS").write_text(
        "".join(f"{digest}  wheels/{name}\n" for name, digest in hashes.items()), encoding="utf-8")
    return hashes


def megabytes(paths: list[Path]) -> str:
    return f"{sum(p.stat().st_size for p in paths) / 1e6:.1f} MB"


def prepare_out(out: Path, name: str, force: bool) -> Path:
    bundle = out / name
    for path in (bundle, bundle.with_name(bundle.name + ".zip")):
        if path.exists() and not force:
            raise BundleError(f"{path} 已经存在；要覆盖请加 --force。", 2)
    shutil.rmtree(bundle, ignore_errors=True)
    bundle.with_name(bundle.name + ".zip").unlink(missing_ok=True)
    return bundle


def build(args: argparse.Namespace) -> int:
    targets = parse_targets(args.targets)
    lock = Path(args.lock)
    try:
        pins = runtime_pins(parse_lock(lock.read_text(encoding="utf-8")))
    except OSError as e:
        raise BundleError(f"--lock：读不了锁文件 {lock}。", 2) from e
    out = Path(args.out).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
        pip = Pip(out / "offline-build.log", args.index_url)
        pip.log.write_text("", encoding="utf-8")
    except OSError as e:
        raise BundleError(f"--out：不能在 {out} 建文件夹或写文件（路径不存在、只读或没有权限）。", 2) from e
    index = args.index_url or os.environ.get("PIP_INDEX_URL") or DEFAULT_INDEX
    with tempfile.TemporaryDirectory(prefix="drafter-offline-") as tmp:
        say("构建 drafter 的 wheel（本源码）……")
        drafter = build_drafter(pip, pins, Path(tmp))
        version = wheel_key(drafter)[1]
        bundle = prepare_out(out, f"drafter-offline-{version}", args.force)
        built, per_target = fetch_all(pip, targets, pins, Path(tmp), index)
        hashes = assemble(bundle, drafter, built, per_target)
        write_requirements(bundle, pins, drafter, hashes)
        linux = [f for t, files in per_target.items() if t.os == "linux" for f in files]
        write_scripts(bundle, targets, template_values(targets, version, min_glibc(linux), built))
        for target, files in per_target.items():
            say(f"  {describe(target)}：{megabytes([drafter, *built, *files])}")
    archive = make_zip(bundle)
    say(f"完成：{bundle}（wheels 共 {megabytes(list((bundle / 'wheels').iterdir()))}）")
    say(f"      {archive}（{megabytes([archive])}）")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese headings and errors (its own are English)."""

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "用法：", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage: ", "用法：", 1)

    def error(self, message: str):
        unknown = re.match(r"unrecognized arguments: (.*)", message)
        option = re.search(r"argument ([^\s:]+)", message)
        text = (f"不认识的参数：{unknown[1]}" if unknown else
                f"选项 {option[1].split('/')[0]} 需要一个值" if option else "选项有误")
        self.exit(2, f"{self.format_usage()}错误：{text}。运行 --help 查看用法。\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = _Parser(prog="offline_bundle.py", add_help=False,
                     description="为不能上外网的电脑构建 drafter 的离线安装包（见 docs/offline.md）。")
    parser._optionals.title = "选项"
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出。")
    parser.add_argument("--targets", default="all", metavar="目标",
                        help="all（默认：Windows x64 和 Linux x64 × CPython 3.10–3.13）、current"
                             "（本机的平台和 Python）、windows、linux，或逗号隔开的“平台-版本”，"
                             "如 win_amd64-3.12,linux_x86_64-3.10。")
    parser.add_argument("--out", default=str(ROOT / "dist" / "offline"), metavar="文件夹",
                        help="输出文件夹（默认 dist/offline），其中写出安装包文件夹和同名 .zip。")
    parser.add_argument("--index-url", metavar="网址",
                        help="软件包索引（默认用 pip 自己的设置；查询用 PIP_INDEX_URL 或 PyPI）。")
    parser.add_argument("--lock", default=str(ROOT / "requirements" / "runtime.lock"),
                        metavar="文件", help="锁文件（默认 requirements/runtime.lock）。")
    parser.add_argument("--force", action="store_true", help="覆盖已有的安装包。")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return build(args)
    except BundleError as e:
        print(f"错误：{e}", file=sys.stderr)
        return e.status
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
