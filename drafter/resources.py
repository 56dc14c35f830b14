"""Where drafter's own files are: data tables in drafter/data, and the writer-facing folders
(templates/, outlines/, corpus/) at the repository root or, installed, inside drafter/data."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).parent
DATA_DIR = PACKAGE_DIR / "data"
ROOT_DIR = PACKAGE_DIR.parent


def resource_dir(name: str) -> Path:
    """templates/, outlines/ or corpus/: inside the installed package, else at the repository root."""
    inside = DATA_DIR / name
    return inside if inside.is_dir() else ROOT_DIR / name
