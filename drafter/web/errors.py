"""The one error the web handlers raise: an HTTP status, a Chinese message and, for a spec,
drafter's own message per field. app.py turns it into the JSON the page shows."""

from __future__ import annotations

import re
from typing import Any


class WebError(Exception):
    def __init__(self, status: int, message: str,
                 errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": self.message}
        if self.errors is not None:
            out["errors"] = self.errors
        return out


def drafter_message(e: Exception) -> str:
    """A DrafterError as the page shows it: its message and hint, without a file path (the
    server's temporary files and the request's own names are nobody's business)."""
    message = getattr(e, "message", None) or "无法处理"
    hint = getattr(e, "hint", None)
    if hint and _YAML_EXAMPLE.match(hint):  # "例如：meeting.date: …" is for a YAML file
        hint = None
    return f"{message}（{hint}）" if hint else message


_YAML_EXAMPLE = re.compile(r"例如：\s*[A-Za-z_][\w.]*:\s")
