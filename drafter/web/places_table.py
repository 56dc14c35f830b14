"""The places of a batch: pasted lines (名称,层级), or a .csv/.xlsx with one row per place and
a header row naming the columns (名称/层级 or name/level; without one, name then level)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from drafter.web.errors import WebError

MAX_PLACES = 300
# A workbook of 300 places inflates to well under 1 MB; openpyxl reads its shared strings whole,
# so a small file that inflates to gigabytes would take the server's memory.
MAX_XLSX_INFLATED = 20 * 1024 * 1024
MAX_COLUMNS = 64
_SPLIT = re.compile(r"[,，\t、]")
_SPACES = re.compile(r"[ \u3000]+")
NAME_HEADERS = ("名称", "地名", "地点", "name", "place", "place.name")
LEVEL_HEADERS = ("层级", "级别", "level", "place.level")


def read(pasted: Any, table: tuple[str, bytes] | None) -> list[tuple[str, str | None]]:
    """(name, level or None) per place, levels checked against drafter's table."""
    if table is not None:
        rows = _table_rows(*table)
    elif isinstance(pasted, str) and pasted.strip():
        rows = [_pasted_row(line) for line in pasted.splitlines()]
    else:
        raise WebError(400, "缺少地点：粘贴地点列表（每行“名称,层级”），或上传 .csv/.xlsx 文件")
    return _places(rows)


def _pasted_row(line: str) -> list[str]:
    """名称,层级 — or 名称 层级 with a space, when what follows the last space is a level."""
    from drafter.text import places

    cells = [c.strip() for c in _SPLIT.split(line)]
    if len(cells) == 1:
        name, _, last = _SPACES.sub(" ", cells[0]).rpartition(" ")
        if name and places.canonical_level(last) is not None:
            return [name, last]
    return cells


def _table_rows(filename: str, data: bytes) -> list[list[str]]:
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "csv":
        from drafter.files import decode_text

        text = decode_text(data)
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    if suffix == "xlsx":
        return _xlsx_rows(data)
    raise WebError(400, f"不支持的文件类型：{'.' + suffix if suffix else '（无扩展名）'}，"
                   "地点表只能是 .csv 或 .xlsx")


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    _refuse_bomb(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl's errors are English and many: not a workbook, damaged
        raise WebError(400, "不是有效的 .xlsx 文件（请用 Excel 或 WPS 另存为 .xlsx）") from None
    try:
        rows = []
        for row in book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS):
            rows.append(["" if v is None else str(v).strip() for v in row])
            if len(rows) > MAX_PLACES + 1:
                break
        return rows
    finally:
        book.close()


def _refuse_bomb(data: bytes) -> None:
    """Refuse a workbook whose parts inflate past MAX_XLSX_INFLATED. zipfile never reads a part
    past the size its header declares, so the declared sizes bound what openpyxl can get."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            inflated = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise WebError(400, "不是有效的 .xlsx 文件（请用 Excel 或 WPS 另存为 .xlsx）") from None
    if inflated > MAX_XLSX_INFLATED:
        raise WebError(413, f"地点表解压后太大（{inflated // 1024 // 1024} MB，上限 "
                       f"{MAX_XLSX_INFLATED // 1024 // 1024} MB）：一张地点表用不了这么多，"
                       "请只留地点那一张表另存为 .xlsx")


def _places(rows: list[list[str]]) -> list[tuple[str, str | None]]:
    from drafter.text import places

    rows = [r for r in rows if any(r)]
    name_col, level_col = 0, 1
    if rows and any(c.lower() in NAME_HEADERS for c in rows[0]):
        header = [c.lower() for c in rows[0]]
        name_col = next(i for i, c in enumerate(header) if c in NAME_HEADERS)
        level_col = next((i for i, c in enumerate(header) if c in LEVEL_HEADERS), -1)
        rows = rows[1:]
    if not rows:
        raise WebError(400, "地点列表是空的")
    if len(rows) > MAX_PLACES:
        raise WebError(400, f"地点太多：一次最多 {MAX_PLACES} 个")
    out = []
    for number, row in enumerate(rows, 1):
        name = row[name_col] if name_col < len(row) else ""
        level = row[level_col] if 0 <= level_col < len(row) and row[level_col] else None
        if not name:
            raise WebError(400, f"地点列表第 {number} 行没有名称")
        if level is not None and places.canonical_level(level) is None:
            raise WebError(400, f"地点列表第 {number} 行（{name}）的层级“{level}”不认识，"
                           "可用：" + "、".join(places.level_names()))
        out.append((name, level))
    return out
