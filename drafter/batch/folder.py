"""The output folder of a batch: made safely, held by one batch at a time, and never written
by workers that outlive the batch."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from drafter.document.output import MAX_FILE_NAME_BYTES
from drafter.errors import DrafterError, os_reason

LOCK_NAME = ".drafter-batch.lock"
PARENT_POLL_SECONDS = 0.2  # a worker notices its batch is gone within this


def prepare_out_dir(out_dir: Path) -> Path:
    """The folder a batch writes into, created if needed; a clear message when it cannot be."""
    too_long = [p for p in out_dir.parts if len(p.encode("utf-8", "surrogatepass"))
                > MAX_FILE_NAME_BYTES]
    if too_long:
        raise DrafterError(f"输出文件夹的名字太长（超过 {MAX_FILE_NAME_BYTES} 字节）",
                           hint="换一个短一些的文件夹名")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise DrafterError(f"输出路径已存在，但不是文件夹：{out_dir}", out_dir,
                           hint="-o 要指定一个文件夹（不存在的会自动创建）") from None
    except OSError as e:
        raise DrafterError(f"无法创建输出文件夹 {out_dir}：{os_reason(e)}", out_dir) from e
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise DrafterError(f"输出文件夹不可写：{out_dir}", out_dir, hint="换一个有写权限的文件夹")
    return out_dir


@contextmanager
def folder_lock(out_dir: Path) -> Iterator[None]:
    """Hold the folder for one batch: a second batch into it stops at once and says which
    process has it (two would delete each other's temp files and overwrite the manifest). The
    operating system drops the lock when the process dies, so a killed batch leaves none."""
    path = out_dir / LOCK_NAME
    try:
        handle = open(path, "a+", encoding="ascii")  # noqa: SIM115 - held for the whole batch
    except OSError as e:
        raise DrafterError(f"无法在输出文件夹里建锁文件：{os_reason(e)}", path) from e
    try:
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "未知"
            raise DrafterError(f"另一个批量任务（进程 {holder}）正在写这个文件夹：{out_dir}",
                               out_dir, hint="等它结束，或用 -o 换一个文件夹")
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
        path.unlink(missing_ok=True)  # a finished batch leaves no trace; a killed one, no lock
    finally:
        handle.close()  # closing releases the lock


def _try_lock(handle) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def exit_with_parent() -> None:
    """In a worker: end this process soon after the batch that started it is gone (killed with
    -9, it cannot tell its workers), instead of drafting and writing on for seconds."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="drafter-parent-watch", daemon=True).start()
