"""tools/offline_bundle.py: the bundle for this machine's Linux target, built from the package
index, unpacked from its .zip into a folder whose name has a space and Chinese in it, installs
with install.sh with no index and no network, and the drafter it installs drafts a speech.

The build downloads from the package index (PyPI or PIP_INDEX_URL); where that is not reachable
these tests skip, saying so. No other test downloads anything."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import platform
import re
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "offline_bundle.py"
LOCK = ROOT / "requirements" / "runtime.lock"
PYTHON = f"{sys.version_info[0]}.{sys.version_info[1]}"
VERSION = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text("utf-8"), re.M)[1]

linux_x64 = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and platform.machine() == "x86_64"),
    reason="the bundle's test target is this machine's Linux x86_64")


def tool(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True,
                          text=True, check=False, timeout=900)


def index_unreachable() -> str | None:
    index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple").rstrip("/")
    try:
        urllib.request.urlopen(f"{index}/pip/", timeout=5).close()
    except Exception as e:  # any failure means: cannot build here
        return f"package index {index} not reachable ({type(e).__name__}: {e})"
    return None


def offline_prefix() -> list[str]:
    """Runs a command in a network namespace of its own where that is allowed (no network at
    all); elsewhere the environment's proxies point at a closed port instead."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "--net", "--map-root-user", "true"],
                                  capture_output=True, check=False).returncode == 0:
        return [unshare, "--net", "--map-root-user"]
    return []


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    dead = "http://127.0.0.1:9"
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "PIP_NO_INDEX": "1",
            "http_proxy": dead, "https_proxy": dead, "HTTP_PROXY": dead, "HTTPS_PROXY": dead,
            "DRAFTER_CACHE_DIR": os.environ.get("DRAFTER_CACHE_DIR", str(home / "cache")),
            **extra}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    reason = index_unreachable()
    if reason:
        pytest.skip(f"cannot build the offline bundle: {reason}")
    out = tmp_path_factory.mktemp("offline")
    done = tool("--targets", "current", "--out", out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Linux x64 / CPython {PYTHON}：" in done.stdout
    return out / f"drafter-offline-{VERSION}"


@pytest.fixture(scope="module")
def installed(bundle, tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    """The bundle unpacked from its .zip, as a writer would, and installed offline."""
    place = tmp_path_factory.mktemp("intranet") / "内网 机器"
    with zipfile.ZipFile(bundle.with_name(bundle.name + ".zip")) as z:
        z.extractall(place)
    folder, home = place / bundle.name, place / "home"
    home.mkdir()
    done = subprocess.run([*offline_prefix(), "sh", str(folder / "install.sh")],
                          env=clean_env(home, PYTHON=sys.executable), capture_output=True,
                          text=True, check=False, timeout=600)
    return folder, home, done


def lock_hashes() -> set[str]:
    return set(re.findall(r"--hash=sha256:([0-9a-f]{64})", LOCK.read_text("utf-8")))


def test_a_target_it_cannot_read_is_named_with_exit_2(tmp_path):
    done = tool("--targets", "macos-3.12", "--out", tmp_path)
    assert done.returncode == 2
    assert "--targets：看不懂“macos-3.12”" in done.stderr
    assert list(tmp_path.iterdir()) == []


LOCK_SAMPLE = """\
# uv pip compile --universal --generate-hashes
colorama==0.4.6 ; sys_platform == 'win32' \\
    --hash=sha256:""" + "a" * 64 + """
    # via click
click==8.5.1 \\
    --hash=sha256:""" + "b" * 64 + """
    # via
    #   drafter (pyproject.toml)
    #   flask
hatchling==1.33.0 \\
    --hash=sha256:""" + "c" * 64 + """
    # via -r requirements/build.in
pluggy==1.7.0 \\
    --hash=sha256:""" + "d" * 64 + """
    # via hatchling
tomli==2.5.0 ; python_full_version < '3.11' \\
    --hash=sha256:""" + "e" * 64 + """
    # via drafter (pyproject.toml)
"""


def test_each_target_gets_the_pins_its_markers_select_and_no_build_backend(monkeypatch):
    """Markers are read for the target, not for the Python that builds: a Linux build of the
    Windows 3.10 bundle still takes colorama and tomli."""
    spec = importlib.util.spec_from_file_location("offline_bundle", TOOL)
    ob = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, ob)  # dataclasses look their module up there
    spec.loader.exec_module(ob)
    pins = ob.runtime_pins(ob.parse_lock(LOCK_SAMPLE))
    assert [p.name for p in pins] == ["colorama", "click", "tomli"]
    assert pins[1].hashes == {"b" * 64}

    def chosen(target: str) -> list[str]:
        (t,) = ob.parse_targets(target)
        return [p.name for p in pins if ob.marker_holds(p, t)]

    assert chosen("win_amd64-3.10") == ["colorama", "click", "tomli"]
    assert chosen("win_amd64-3.13") == ["colorama", "click"]
    assert chosen("linux_x86_64-3.10") == ["click", "tomli"]
    assert chosen("manylinux_x86_64-3.12") == ["click"]


@linux_x64
def test_bundle_lists_every_wheel_with_its_sha256(bundle):
    sums = dict(line.split("  ")[::-1] for line in
                (bundle / "SHA256SUMS").read_text("utf-8").splitlines())
    wheels = sorted((bundle / "wheels").iterdir())
    assert sorted(sums) == [f"wheels/{w.name}" for w in wheels]
    for wheel in wheels:
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == sums[f"wheels/{wheel.name}"]
    # Downloads match the lock. The rest were built here: drafter, and the pins that publish
    # only an sdist (jieba), which must be pure Python and are named in 说明.txt as built.
    built = {name[len("wheels/"):] for name, digest in sums.items() if digest not in lock_hashes()}
    assert f"drafter-{VERSION}-py3-none-any.whl" in built
    from_sdist = built - {f"drafter-{VERSION}-py3-none-any.whl"}
    assert any(name.startswith("jieba-") for name in from_sdist)
    readme = (bundle / "说明.txt").read_text("utf-8-sig").splitlines()
    for name in from_sdist:
        assert name.endswith("-none-any.whl") and f"  {name}" in readme


@linux_x64
def test_requirements_pin_the_locked_versions_with_the_bundled_hashes(bundle):
    text = (bundle / "requirements.txt").read_text("utf-8")
    pins = dict(re.findall(r"^([a-z0-9-]+)==(\S+)", text, re.M))
    locked = re.findall(r"^([a-z0-9-]+)==(\S+)", LOCK.read_text("utf-8"), re.M)
    assert pins.pop("drafter") == VERSION
    assert all((name, version) in locked for name, version in pins.items())
    assert {"jieba", "lxml", "python-docx", "flask", "waitress"} <= set(pins)
    assert "hatchling" not in pins  # the build backend: the bundle installs a built wheel
    sums = set(re.findall(r"^([0-9a-f]{64})  ", (bundle / "SHA256SUMS").read_text("utf-8"), re.M))
    assert set(re.findall(r"--hash=sha256:([0-9a-f]{64})", text)) == sums


@linux_x64
def test_install_sh_installs_with_no_index_and_the_installed_drafter_drafts(installed, tmp_path):
    folder, home, done = installed
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"安装完成：drafter {VERSION}" in done.stdout
    drafter = folder / ".venv" / "bin" / "drafter"
    env = clean_env(home)
    version = subprocess.run([*offline_prefix(), str(drafter), "--version"], env=env,
                             capture_output=True, text=True, check=False)
    assert (version.returncode, version.stdout.strip()) == (0, f"drafter {VERSION}")
    out = tmp_path / "x.docx"
    draft = subprocess.run([*offline_prefix(), str(drafter), "draft",
                            str(ROOT / "examples" / "qingshi-town.yaml"), "-o", str(out)],
                           env=env, capture_output=True, text=True, check=False, timeout=300)
    assert draft.returncode == 0, draft.stderr
    import docx

    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "在青石镇机关效能建设动员大会上的讲话" in texts


@linux_x64
def test_install_sh_writes_the_launcher_and_the_menu_entry(installed):
    folder, home, done = installed
    assert done.returncode == 0, done.stdout + done.stderr
    launcher = folder / "drafter-serve.sh"
    assert os.access(launcher, os.X_OK)
    assert 'exec "$HERE/.venv/bin/drafter" serve "$@"' in launcher.read_text("utf-8")
    entry = (folder / "drafter.desktop").read_text("utf-8")
    assert f'\nExec="{launcher}"\n' in entry
    assert "\nName=drafter 讲话稿起草\n" in entry and "\nTerminal=true\n" in entry
    menu = home / ".local" / "share" / "applications" / "drafter.desktop"
    assert menu.read_text("utf-8") == entry


@linux_x64
def test_install_sh_refuses_a_python_the_bundle_has_no_wheels_for(bundle, tmp_path):
    shutil.copy(bundle / "install.sh", tmp_path)
    fake = tmp_path / "python3.9"
    fake.write_text("#!/bin/sh\necho 3.9\n", encoding="utf-8")
    fake.chmod(0o755)
    done = subprocess.run(["sh", str(tmp_path / "install.sh")], capture_output=True, text=True,
                          env=clean_env(tmp_path, PYTHON=str(fake)), check=False)
    assert done.returncode == 1
    assert f"这个安装包只带了 Python {PYTHON} 用的文件，而 {fake} 的版本是 3.9。" in done.stderr
    assert not (tmp_path / ".venv").exists()
