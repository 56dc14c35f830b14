from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = ROOT / "examples"


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden", action="store_true",
        help="rewrite tests/golden/ from the current output instead of comparing",
    )


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def mini_outline() -> Path:
    return FIXTURES / "mini-outline.yaml"


@pytest.fixture
def in_tmp(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


os.environ.setdefault("PYTHONHASHSEED", "0")
# drafter's per-user cache (drafter/cache.py) goes to a folder of this run's own, set before
# any test module is collected and inherited by the commands tests run: tests never write to
# the home folder of whoever runs them, and start from an empty cache.
_CACHE = tempfile.mkdtemp(prefix="drafter-test-cache-")
os.environ["DRAFTER_CACHE_DIR"] = _CACHE


@pytest.fixture(autouse=True, scope="session")
def drafter_cache() -> Iterator[Path]:
    yield Path(_CACHE)
    shutil.rmtree(_CACHE, ignore_errors=True)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """After a run of the variety tests, the library table the variety issue asks for
    (tests/drafting/variety.py), so the figures are in every CI log."""
    reports = [r for key in ("passed", "failed") for r in terminalreporter.stats.get(key, [])]
    if not any("test_variety.py" in r.nodeid for r in reports):
        return
    from variety import format_table, row  # tests/drafting, on the path once its tests ran

    from drafter.drafting import outline as outline_mod

    terminalreporter.section("提纲库：变体差异、篇幅、原创性")
    terminalreporter.write_line(format_table([row(oid) for oid in sorted(outline_mod.library())]))
