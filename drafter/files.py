"""Reading a writer's files: bytes with a Chinese error, and text as Windows and Chinese sites
save it."""

from __future__ import annotations

from pathlib import Path

from drafter.errors import DrafterError, os_reason


def read_file(path: Path | str, what: str = "文件") -> bytes:
    """A file's bytes; a missing file, a folder or an unreadable file is a DrafterError."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError as e:
        raise DrafterError(f"找不到{what}：{path}", path) from e
    except IsADirectoryError as e:
        raise DrafterError(f"这是一个文件夹，不是文件：{path}", path) from e
    except OSError as e:
        raise DrafterError(f"无法读取{what}：{os_reason(e)}", path) from e


def decode_text(data: bytes, path: Path | str | None = None) -> str:
    """UTF-8 (with or without BOM), else GB 18030: Windows Notepad and Chinese sites often
    save GBK, which GB 18030 contains."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise DrafterError(
        "无法识别文件编码（不是 UTF-8，也不是 GBK/GB18030）", path,
        hint="用文本编辑器另存为 UTF-8 再试",
    )
