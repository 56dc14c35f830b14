"""Output: atomic writes that never overwrite an existing file unless asked to."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from drafter.errors import DrafterError, os_reason

# File names stay under this many bytes (most file systems allow 255), leaving room for the
# extension and the temp-file affixes.
MAX_NAME_BYTES = 180
# ext4's limit for one name, in bytes; NTFS counts 255 UTF-16 units, so this is the stricter.
MAX_FILE_NAME_BYTES = 255


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


def atomic_write(path: Path | str, data: bytes, force: bool = False, durable: bool = True
                 ) -> Path:
    """Write data to path via a temp file in the same folder, then a rename, so a reader (or a
    crash) sees either the old file or the whole new one. Without force an existing file is an
    error and stays untouched — checked by the link itself, so a racing writer cannot slip in.
    Even with force, only a regular file (or a link to one) is ever replaced.

    durable=False skips the fsync before the rename (2–3 ms a file on a journaled disk): for a
    batch, which syncs once at the end and whose --resume re-drafts any file that does not read
    back, so a power cut can cost a redo but never a half file taken for done."""
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    check_target(path, force)
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
            if durable:
                os.fsync(f.fileno())
        _publish(tmp, path, force)
    except OSError as e:
        raise DrafterError(f"无法写入 {path}：{os_reason(e)}", path) from e
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def check_target(path: Path, force: bool) -> None:
    """Refuse an output path drafter must not write: a name the file system cannot hold, a
    folder, a device, pipe or socket (even with force: `-o /dev/null --force` as root would
    replace the device), or an existing file without force."""
    if len(path.name.encode("utf-8", "surrogatepass")) > MAX_FILE_NAME_BYTES:
        raise DrafterError(f"文件名太长（超过 {MAX_FILE_NAME_BYTES} 字节）：{fit_name(path.name, 60)}…",
                           hint="换一个短一些的文件名")
    try:
        target = path.stat()  # follows a link: a link to a regular file may be replaced
    except FileNotFoundError:
        if path.is_symlink():
            raise DrafterError(f"输出路径是一个指向不存在文件的链接：{path}", path) from None
        return
    except OSError as e:
        raise DrafterError(f"无法写入 {path}：{os_reason(e)}", path) from e
    if stat.S_ISDIR(target.st_mode):
        raise DrafterError(f"输出路径是一个文件夹：{path}", path, hint="用 -o 指定文件名")
    if not stat.S_ISREG(target.st_mode):
        raise DrafterError(f"输出路径不是普通文件（设备、管道等），不会写入：{path}", path,
                           hint="用 -o 指定一个普通文件名")
    if not force:
        raise DrafterError(
            f"输出文件已存在：{path}", path, hint="加 --force 覆盖，或用 -o 指定其他文件名"
        )


def _publish(tmp: str, path: Path, force: bool) -> None:
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise DrafterError(
            f"输出文件已存在：{path}", path, hint="加 --force 覆盖，或用 -o 指定其他文件名"
        ) from None
    except OSError:
        # File systems without hard links: check_target above has to do.
        os.replace(tmp, path)
