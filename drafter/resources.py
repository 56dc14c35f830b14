"""Where drafter's own files are: data tables in drafter/data, and the writer-facing folders
(templates/, outlines/, corpus/) at the repository root or, installed, inside drafter/data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from stat import S_ISDIR, S_ISREG

PACKAGE_DIR = Path(__file__).parent
DATA_DIR = PACKAGE_DIR / "data"
ROOT_DIR = PACKAGE_DIR.parent


def resource_dir(name: str) -> Path:
    """templates/, outlines/ or corpus/: inside the installed package, else at the repository root."""
    inside, outside = _places(name)
    found = _stat(inside)
    return inside if not isinstance(found, OSError) and S_ISDIR(found.st_mode) else outside


@lru_cache(maxsize=8)
def _places(name: str) -> tuple[Path, Path]:
    return DATA_DIR / name, ROOT_DIR / name  # (a Path made per draft was a tenth of its look-up)


# While set (a batch: settled()), the stat and resolved path of each file drafter looks at,
# as first looked at.
_SETTLED: ContextVar[dict | None] = ContextVar("settled_files", default=None)


@contextmanager
def settled() -> Iterator[None]:
    """Within it, drafter's files (outlines, templates and their folders) are taken as they
    were when first looked at: every cell of a batch drafts from the same files, and no cell
    pays a stat of each (a twentieth of a cell's time). Per thread: drafter serve's other
    requests see edits at once."""
    token = _SETTLED.set({}) if _SETTLED.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            try:
                _SETTLED.reset(token)
            except ValueError:  # a generator closed from another context (a batch dropped)
                _SETTLED.set(None)


def settle() -> None:
    """settled() for the rest of this thread's life (a batch's worker process)."""
    if _SETTLED.get() is None:
        _SETTLED.set({})


def stat(path: str | os.PathLike) -> os.stat_result:
    """os.stat(path), remembered while settled()."""
    got = _stat(path)
    if isinstance(got, OSError):
        raise got.with_traceback(None)
    return got


def _stat(path: str | os.PathLike) -> os.stat_result | OSError:
    """stat(), its error returned rather than raised (the package's data/ folder is missing
    from a source tree at every look: raising it each time cost more than the look-up)."""
    seen = _SETTLED.get()
    key = ("stat", os.fspath(path))
    got = seen.get(key) if seen is not None else None
    if got is None:
        try:
            got = os.stat(path)
        except OSError as e:
            got = e
        if seen is not None:
            seen[key] = got
    return got


def is_file(path: str | os.PathLike) -> bool:
    try:
        got = _stat(path)
    except ValueError:  # a NUL in the name
        return False
    return not isinstance(got, OSError) and S_ISREG(got.st_mode)


def resolve(path: Path) -> Path:
    """path.resolve(), remembered while settled()."""
    seen = _SETTLED.get()
    if seen is None:
        return path.resolve()
    key = ("resolve", os.fspath(path))
    got = seen.get(key)
    if got is None:
        got = seen[key] = path.resolve()
    return got
