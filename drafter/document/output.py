"""Output: atomic writes that never overwrite an existing file unless asked to."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from drafter.errors import DrafterError, os_reason

# File names stay under this many bytes (most file systems allow 255), leaving room for the
# extension and the temp-file affixes.
MAX_NAME_BYTES = 180


def fit_name(name: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """Cut a file name (without extension) to max_bytes of UTF-8, at a character boundary."""
    data = name.encode("utf-8", "surrogatepass")[:max_bytes]
    return data.decode("utf-8", "ignore").rstrip(" .")


def temp_prefix(path: Path) -> str:
    """The prefix of the temp file an atomic write of path uses (so a batch can find the ones a
    killed run left behind)."""
    return "." + fit_name(path.name, 120) + "."


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path | str, data: bytes, force: bool = False) -> Path:
    """Write data to path via a temp file in the same folder, then a rename, so a reader (or a
    crash) sees either the old file or the whole new one. Without force an existing file is an
    error and stays untouched — checked by the link itself, so a racing writer cannot slip in."""
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise DrafterError(f"输出路径是一个文件夹：{path}", path, hint="用 -o 指定文件名")
    if path.exists() and not force:
        raise DrafterError(
            f"输出文件已存在：{path}", path, hint="加 --force 覆盖，或用 -o 指定其他文件名"
        )
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=temp_prefix(path), suffix=".tmp")
    except OSError as e:
        raise DrafterError(f"无法写入 {parent}：{os_reason(e)}", path) from e
    try:
        # mkstemp makes the file private (0600); give it the permissions any new file gets.
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise DrafterError(
                    f"输出文件已存在：{path}", path, hint="加 --force 覆盖，或用 -o 指定其他文件名"
                ) from None
            except OSError:
                # File systems without hard links: the exists() check above has to do.
                os.replace(tmp, path)
    except OSError as e:
        raise DrafterError(f"无法写入 {path}：{os_reason(e)}", path) from e
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
