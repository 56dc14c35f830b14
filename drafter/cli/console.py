"""The console drafter prints to: never a crash on a character it cannot show.

A Chinese Windows console, or output redirected to a file there, is GBK; a minimal container
may be ASCII. What such a console cannot encode is replaced by "?", and the writer is told
once, at the end, how to get the whole text."""

from __future__ import annotations

import atexit
import codecs
import sys

_HANDLER = "drafter-replace"
_replaced = False
_installed: set[str] = set()


def _replace(error: UnicodeError) -> tuple[str, int]:
    global _replaced
    _replaced = True
    return "?" * (error.end - error.start), error.end


def _notice() -> None:
    if _replaced:
        encoding = getattr(sys.stderr, "encoding", "") or "未知"
        try:
            sys.stderr.write(f"提示: 终端的编码（{encoding}）显示不了部分字符，已用 ? 代替；"
                             "用 -o 写入文件可得到完整内容\n")
        except (OSError, ValueError):
            pass


def register() -> None:
    """The error handler "drafter-replace": "?" for what an encoding cannot hold, noted."""
    codecs.register_error(_HANDLER, _replace)


def setup() -> None:
    """Make stdout and stderr replace what they cannot encode, instead of raising; once."""
    if _HANDLER in _installed:
        return
    _installed.add(_HANDLER)
    register()
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and not (stream.encoding or "").lower().startswith("utf"):
            stream.reconfigure(errors=_HANDLER)
    atexit.register(_notice)
