"""A layout settings file (--layout 本单位版式.yaml): the few numbers offices set differently —
body size, lines a page, characters a line, the page-number style, fonts — on top of one of
drafter's layouts, instead of editing code. Checked here; the writer turns the settings into
page geometry (document/docx_writer.Layout.from_settings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from drafter.errors import DrafterError
from drafter.spec.source import load_yaml

# Key → (what it is, the range it must fall in; None for text).
KEYS: dict[str, tuple[str, tuple[float, float] | None]] = {
    "base": ("从哪个版式改起：gb（公文版）或 podium（讲台版）", None),
    "body_size": ("正文字号（磅，三号为 16）", (10, 30)),
    "lines_per_page": ("每页行数", (10, 40)),
    "chars_per_line": ("每行字数", (15, 40)),
    "page_number": ("页码样式，用 {页} 表示页码，如 “— {页} —”“第{页}页”", None),
    "fonts": ("字体：gb2312 或 windows", None),
    "heading1_bold": ("一级标题是否加粗：true 或 false", None),
}
BASES = ("gb", "podium")
FONTS = ("gb2312", "windows")


def is_layout_file(value: str) -> bool:
    return str(value).lower().endswith((".yaml", ".yml"))


def load_layout(path: Path | str) -> dict[str, Any]:
    """The checked settings of a layout file; a mistake names the file, line and key."""
    src = load_yaml(path, what="版式文件")
    data = src.data
    if not isinstance(data, dict):
        raise DrafterError("版式文件应为“键: 值”的映射", src.path, 1,
                           hint="例如：\nbase: gb\nlines_per_page: 22\nchars_per_line: 28")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise src.error(f"版式文件中未知的键 {key}", (key,),
                            hint="可用：" + "、".join(KEYS))
        what, bounds = KEYS[key]
        out[key] = _value(src, key, value, what, bounds)
    return out


def _value(src, key: str, value: Any, what: str, bounds) -> Any:
    if bounds is not None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not bounds[0] <= value <= bounds[1]:
            raise src.error(f"{key}（{what}）应在 {bounds[0]:g}–{bounds[1]:g} 之间，实际是 {value}",
                            (key,))
        return value
    choices = {"base": BASES, "fonts": FONTS}.get(key)
    if choices is not None and value not in choices:
        raise src.error(f"{key} 应为 {' 或 '.join(choices)}，实际是 {value}", (key,), hint=what)
    if key == "heading1_bold" and not isinstance(value, bool):
        raise src.error(f"heading1_bold 应为 true 或 false，实际是 {value}", (key,))
    if key == "page_number" and (not isinstance(value, str) or value.count("{页}") != 1
                                 or len(value) > 20):
        raise src.error(f"page_number 应写一次 {{页}}，如 “— {{页}} —”，实际是 {value}", (key,))
    return value
