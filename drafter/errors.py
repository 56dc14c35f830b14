"""The one error family shown to users: where the problem is, what is wrong, how to fix it."""

from __future__ import annotations

from pathlib import Path


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
        return text

    def __str__(self) -> str:
        return self.format()
