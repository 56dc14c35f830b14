"""The one error family shown to users: where the problem is, what is wrong, how to fix it."""

from __future__ import annotations

import re
from pathlib import Path

# Characters a message may quote from the user's file but must not send to a terminal as they
# are: controls (an "\e[2J" escape in a YAML key would clear the screen), lone surrogates, and
# bidirectional controls (they would reorder the rest of the line).
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _visible(text: str) -> str:
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
        return _visible(text)

    def __str__(self) -> str:
        return self.format()
