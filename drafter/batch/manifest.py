"""The manifest of a batch, kept on disk as the cells finish: each row goes to a hidden JSON-lines
file in the output folder the moment its cell is done, and manifest.csv / manifest.json are
written from it in cell order at the end, one row in memory at a time. The parent of a batch of
100,000 cells holds an offset per cell (8 bytes), not the rows (a few KB each with findings)."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from drafter.batch.plan import MANIFEST_COLUMNS
from drafter.document.output import check_target, temp_prefix
from drafter.errors import DrafterError, os_reason

ROWS_NAME = ".drafter-batch-rows.jsonl"  # removed when the manifest is written


class RowLog:
    """Rows as they finish, any order, one JSON line each; read back in cell order."""

    def __init__(self, out_dir: Path, cells: int) -> None:
        self.path = out_dir / ROWS_NAME
        try:
            self.file: IO[bytes] = open(self.path, "w+b")  # noqa: SIM115 - held for the batch
        except OSError as e:
            raise DrafterError(f"无法在输出文件夹里写清单：{os_reason(e)}", self.path) from e
        self.offsets = array("q", [-1]) * (cells + 1)  # cell number → where its row starts

    def add(self, row: dict) -> None:
        self.offsets[row["cell"]] = self.file.tell()
        line = json.dumps(row, ensure_ascii=False, default=str, separators=(",", ":"))
        self.file.write(line.encode("utf-8") + b"\n")
        self.file.flush()  # handed to the OS now: the parent keeps no buffer of rows

    def rows(self) -> Iterator[dict]:
        """The rows in cell order (a cell that sent none is left out)."""
        self.file.flush()
        for offset in self.offsets:
            if offset >= 0:
                self.file.seek(offset)
                yield json.loads(self.file.readline())

    def close(self) -> None:
        self.file.close()
        self.path.unlink(missing_ok=True)


def write_manifest(rows: Iterable[dict], out_dir: Path, keys: list[str] | None = None
                   ) -> tuple[Path, Path]:
    """manifest.json keeps each cell's inputs whole; manifest.csv has a column per matrix field
    (a group such as place shown by its name) for reading in a spreadsheet. rows come in cell
    order (a list is sorted first) and are written one at a time; keys are the matrix fields
    (else the first row's)."""
    if isinstance(rows, list):
        rows = sorted(rows, key=lambda r: r["cell"])
    csv_path, json_path = out_dir / "manifest.csv", out_dir / "manifest.json"
    with _Atomic(csv_path) as csv_file, _Atomic(json_path) as json_file:
        # UTF-8 with BOM so that Excel and WPS open the Chinese columns correctly.
        csv_text = io.TextIOWrapper(csv_file, encoding="utf-8-sig", newline="")
        json_text = io.TextIOWrapper(json_file, encoding="utf-8", newline="")
        writer = csv.writer(csv_text, lineterminator="\n")
        first = True
        for r in rows:
            if first:
                keys = list(r["inputs"]) if keys is None else keys
                writer.writerow(["cell", *keys, *MANIFEST_COLUMNS])
            shown = [v.get("name", json.dumps(v, ensure_ascii=False, default=str))
                     if isinstance(v, dict) else v for v in (r["inputs"].get(k, "") for k in keys)]
            writer.writerow([r["cell"], *shown, *(r[c] for c in MANIFEST_COLUMNS)])
            # One row as json.dumps(rows, indent=2) would lay it out inside the list.
            item = json.dumps([r], ensure_ascii=False, indent=2, default=str)[2:-2]
            json_text.write(("[\n" if first else ",\n") + item)
            first = False
        if first:
            writer.writerow(["cell", *(keys or []), *MANIFEST_COLUMNS])
        json_text.write("[]" if first else "\n]")
        csv_text.flush()
        json_text.flush()
        csv_text.detach()
        json_text.detach()
    return csv_path, json_path


class _Atomic:
    """A file written through a temp file in the same folder and renamed over the target at the
    end (as document.output.atomic_write, for text written in pieces); on an error, no file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> IO[bytes]:
        check_target(self.path, force=True)
        try:
            fd, self.tmp = tempfile.mkstemp(dir=self.path.parent, prefix=temp_prefix(self.path),
                                            suffix=".tmp")
        except OSError as e:
            raise DrafterError(f"无法写入 {self.path.parent}：{os_reason(e)}", self.path) from e
        self.file = os.fdopen(fd, "wb")
        return self.file

    def __exit__(self, kind, error, tb) -> None:
        try:
            if kind is None:
                self.file.flush()
                os.fsync(self.file.fileno())
                self.file.close()
                os.chmod(self.tmp, 0o666 & ~_umask())
                os.replace(self.tmp, self.path)
        except OSError as e:
            raise DrafterError(f"无法写入 {self.path}：{os_reason(e)}", self.path) from e
        finally:
            self.file.close()
            if os.path.exists(self.tmp):
                os.unlink(self.tmp)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
