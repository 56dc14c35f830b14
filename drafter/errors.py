"""The one error family shown to users: where the problem is, what is wrong, how to fix it."""

from __future__ import annotations

import errno
import re
from pathlib import Path

# Characters a message may quote from the user's file but must not send to a terminal as they
# are: controls (an "\e[2J" escape in a YAML key would clear the screen), lone surrogates, and
# bidirectional controls (they would reorder the rest of the line).
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def visible(text: str) -> str:
    """text with controls, lone surrogates and direction controls written as \\uXXXX."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class DrafterError(Exception):
    """A problem the user can fix; the CLI prints it without a traceback and exits 2."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.hint = hint

    def location(self) -> str:
        parts = [p for p in (self.path, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts)

    def format(self) -> str:
        loc = self.location()
        text = f"{loc}: {self.message}" if loc else self.message
        if self.hint:
            text += f"\n提示: {self.hint}"
        return visible(text)

    def __str__(self) -> str:
        return self.format()


# Why the system refused to read or write, in Chinese (OSError.strerror is the C library's
# English, e.g. "Permission denied").
_OS_REASONS = {
    getattr(errno, name): text
    for name, text in (
        ("ENOENT", "文件或文件夹不存在"), ("EACCES", "没有权限"), ("EPERM", "没有权限"),
        ("ENOSPC", "磁盘空间不足"), ("EDQUOT", "超出磁盘配额"), ("EROFS", "文件系统是只读的"),
        ("EISDIR", "这是一个文件夹"), ("ENOTDIR", "路径中有一段不是文件夹"),
        ("ENAMETOOLONG", "文件名太长"), ("EEXIST", "文件已存在"), ("EMFILE", "打开的文件太多"),
        ("ENFILE", "打开的文件太多"), ("EIO", "读写出错（磁盘或设备故障）"),
        ("EINVAL", "文件名不合法"), ("EBUSY", "文件正被占用"), ("ETXTBSY", "文件正被占用"),
        ("ELOOP", "符号链接绕成了圈"), ("ENOEXEC", "不是可以运行的程序"),
        ("ENOMEM", "内存不足"), ("EFBIG", "文件太大"),
    )
    if hasattr(errno, name)
}


def os_reason(e: OSError) -> str:
    """The reason for an OSError as a user reads it: Chinese, or the errno's name."""
    if e.errno in _OS_REASONS:
        return _OS_REASONS[e.errno]
    name = errno.errorcode.get(e.errno) if e.errno is not None else None
    return f"系统错误 {name}" if name else "系统错误"
