"""Rebuild the base packages drafter ships (drafter/data/docx): one .docx per layout × fonts
(gb, podium × gb2312, windows) and the style ids its paragraphs name, so `drafter draft` never
imports python-docx. Run after changing the builder (document/docx_build.py); the test
tests/document/test_docx_writer_shipped.py fails until the shipped files match it again.

    python tools/build_docx_bases.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drafter.document import docx_build, docx_zip  # noqa: E402
from drafter.document.docx_parts import FONT_CHOICES  # noqa: E402
from drafter.document.docx_writer import LAYOUTS, SHIPPED  # noqa: E402

# A fixed date in the zip headers: rebuilding an unchanged base gives the same bytes.
STAMP = (2026, 1, 1, 0, 0, 0)


def build(folder: Path = SHIPPED) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written, ids = [], {}
    for layout in LAYOUTS:
        for fonts in FONT_CHOICES:
            base = docx_build.base_bytes(layout, fonts)
            path = folder / f"{layout}-{fonts}.docx"
            path.write_bytes(docx_zip.zip_bytes(docx_zip.members(base), STAMP))
            ids[f"{layout}-{fonts}"] = docx_build.style_ids(base)
            written.append(path)
    path = folder / "style_ids.json"
    path.write_text(json.dumps(ids, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    return [*written, path]


if __name__ == "__main__":
    for path in build():
        print(path)
