"""A per-user cache of what drafter derives from files alone: outlines parsed and checked,
compiled templates and sentences, the .docx base packages (document/docx_writer.py). Only a speed-up: an entry is used when its key matches (the
source's content, drafter's and Python's versions, the cache format, the code that reads it);
a missing, stale, corrupt or unwritable entry means parsing as before, never another draft or
another message. Errors are never cached: a file that fails is read again and fails the same way.

Where: $DRAFTER_CACHE_DIR (empty or "off": no cache), else %LOCALAPPDATA%\\drafter\\cache on
Windows, $XDG_CACHE_HOME/drafter or ~/.cache/drafter elsewhere; under v<FORMAT>/.
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import lru_cache
from pathlib import Path

ENV = "DRAFTER_CACHE_DIR"
FORMAT = 1  # bump when what an entry holds changes shape
_MAGIC = b"drafterC"
_DIGEST = 32


def folder() -> Path | None:
    """The cache folder (not created here), or None when the cache is off; entries go under
    v<FORMAT>/, jieba's split dictionary (analysis/segmenter.py) beside it."""
    value = os.environ.get(ENV)
    if value is not None:
        value = value.strip()
        return None if value in ("", "off") else Path(value).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "drafter" / "cache" if base else None
    base = os.environ.get("XDG_CACHE_HOME") or ""
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "drafter"


# Modules and data whose change changes what an outline, a template or a base package becomes. Their sizes and
# times stand in for drafter's version while it is being edited (an editable install keeps its
# version number); a release changes __version__ as well.
_CODE = ("drafting", "spec", "text", "data", "document")


@lru_cache(maxsize=1)
def stamp() -> bytes:
    """What every key shares: format, versions, and the state of the code that reads sources."""
    import jinja2
    import yaml

    from drafter import __version__
    from drafter.resources import PACKAGE_DIR, resource_dir

    parts = [str(FORMAT), __version__, sys.version, jinja2.__version__, yaml.__version__,
             str(getattr(yaml, "__with_libyaml__", False))]
    for folder_ in [*(PACKAGE_DIR / name for name in _CODE), resource_dir("templates")]:
        try:
            entries = sorted(os.scandir(folder_), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith((".", "_")) or "." not in entry.name:
                continue  # __pycache__ changes as Python writes it; what counts is the sources
            try:
                st = entry.stat()
            except OSError:
                continue
            parts.append(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).digest()


def _file(kind: str, name: str) -> Path | None:
    root = folder()
    if root is None:
        return None
    safe = hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return root / f"v{FORMAT}" / kind / f"{safe}.bin"


def read(kind: str, name: str, key: bytes) -> bytes | None:
    """The payload stored under (kind, name) if its key is `key` and it is intact, else None."""
    path = _file(kind, name)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            data = f.read()
    except (OSError, ValueError):
        return None
    key = stamp() + key
    head = len(_MAGIC) + _DIGEST + 4
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    digest = data[len(_MAGIC):len(_MAGIC) + _DIGEST]
    body = data[len(_MAGIC) + _DIGEST:]
    if hashlib.blake2b(body, digest_size=_DIGEST).digest() != digest:
        return None  # torn or damaged
    size = int.from_bytes(body[:4], "big")
    if body[4:4 + size] != key:
        return None  # another version, or the source changed
    return body[4 + size:]


def write(kind: str, name: str, key: bytes, payload: bytes) -> None:
    """Store payload under (kind, name), atomically; silently nothing when that fails."""
    path = _file(kind, name)
    if path is None:
        return
    key = stamp() + key
    body = len(key).to_bytes(4, "big") + key + payload
    data = _MAGIC + hashlib.blake2b(body, digest_size=_DIGEST).digest() + body
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{id(data):x}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            _remove(tmp)
            raise
    except (OSError, ValueError):
        pass  # read-only home, full disk, a name too long: the next run parses again


def _remove(path: Path) -> None:
    try:
        os.remove(path)
    except OSError:
        pass
