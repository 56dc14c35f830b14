"""Which rules run and how: a project file (drafter.toml's [check], or pyproject.toml's
[tool.drafter.check]) found from the checked file's folder upwards, as ruff finds its own, and
the run's --select/--ignore on top.

    [check]
    select = ["ALL"]          # codes, code prefixes (C2, X), names, groups (context, ALL)
    ignore = ["T102"]
    [check.rules.repeat]      # a rule by name or code
    severity = "error"
    min-chars = 12            # an option the rule declares in data/rules.yaml
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import drafter.checks.catalog as catalog
from drafter.errors import DrafterError

FILES = ("drafter.toml", "pyproject.toml")
_KEYS = {"select", "ignore", "rules"}
_RULE_KEYS = {"severity"}


@dataclass(frozen=True)
class Settings:
    """select None: every rule. severity: name → severity. options: checks.yaml key path (a
    tuple) → value."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    severity: tuple[tuple[str, str], ...] = ()
    options: tuple[tuple[tuple[str, ...], Any], ...] = ()
    source: Path | None = None

    def enabled(self) -> list[str]:
        """The rule names to run, in the table's order."""
        return [r.name for r in catalog.rules()
                if (self.select is None or r.name in self.select) and r.name not in self.ignore]

    def with_run(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Settings:
        """The run's --select replaces the file's choice (its select and its ignore: the writer
        asked for these rules by name); --ignore adds to the file's ignore."""
        chosen = catalog.resolve(select, "--select：") if select else self.select
        kept = frozenset() if select else self.ignore
        dropped = kept | catalog.resolve(ignore, "--ignore：")
        return Settings(frozenset(chosen) if chosen is not None else None, frozenset(dropped),
                        self.severity, self.options, self.source)


@dataclass
class _Reader:
    path: Path
    text: str
    table: dict[str, Any] = field(default_factory=dict)

    def fail(self, key: str, expected: str) -> DrafterError:
        return DrafterError(f"{self.path}{_line_of(self.text, key)}：字段 {key} 不对：{expected}")


def find(start: Path | str) -> Path | None:
    """The nearest drafter.toml, or pyproject.toml with a [tool.drafter] table, at or above
    start (a file's folder)."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        for name in FILES:
            path = folder / name
            if path.is_file() and (name != "pyproject.toml" or _has_tool_table(path)):
                return path
    return None


@lru_cache(maxsize=32)
def load(path: Path | None) -> Settings:
    """The settings of one project file (None: the defaults)."""
    if path is None:
        return Settings()
    text = _read(path)
    data = _parse(path, text)
    table = data.get("check", {}) if path.name != "pyproject.toml" else (
        data.get("tool", {}).get("drafter", {}).get("check", {}))
    return _settings(_Reader(path, text, table))


def for_file(path: Path | str, explicit: Path | None = None) -> Settings:
    """The settings that apply to a checked file: --config if given, else the nearest file."""
    return load(explicit.resolve() if explicit else find(Path(path).parent))


def _settings(r: _Reader) -> Settings:
    if not isinstance(r.table, dict):
        raise r.fail("check", "应是一个表（[check]）")
    unknown = set(r.table) - _KEYS
    if unknown:
        raise r.fail(sorted(unknown)[0], "不认识这个字段；可用：select、ignore、rules")
    select = _selectors(r, "select")
    ignore = _selectors(r, "ignore") or set()
    severity, options = _rule_tables(r)
    return Settings(frozenset(select) if select is not None else None, frozenset(ignore),
                    tuple(severity.items()), tuple(options.items()), r.path)


def _selectors(r: _Reader, key: str) -> set[str] | None:
    value = r.table.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise r.fail(key, "应是一组规则代码或名称，如 [\"C2\", \"placeholder\"]")
    return catalog.resolve(value, f"{r.path}{_line_of(r.text, key)}：{key}：")


def _rule_tables(r: _Reader) -> tuple[dict[str, str], dict[tuple[str, ...], Any]]:
    severity: dict[str, str] = {}
    options: dict[tuple[str, ...], Any] = {}
    tables = r.table.get("rules", {})
    if not isinstance(tables, dict):
        raise r.fail("rules", "应是按规则分的表，如 [check.rules.repeat]")
    for sel, values in tables.items():
        rule = _one_rule(r, sel)
        if not isinstance(values, dict):
            raise r.fail(sel, "应是一个表，如 severity = \"error\"")
        declared = dict(rule.options)
        for key, value in values.items():
            if key == "severity":
                if value not in catalog.SEVERITIES:
                    raise r.fail(key, "应是 error、warning 或 info")
                severity[rule.name] = value
            elif key in declared:
                options[tuple(declared[key].split("."))] = value
            else:
                can = "、".join([*_RULE_KEYS, *declared])
                raise r.fail(key, f"规则 {rule.code} {rule.name} 没有这个选项；可用：{can}")
    return severity, options


def _one_rule(r: _Reader, sel: str) -> catalog.Rule:
    rule = catalog.by_name().get(sel) or next(
        (x for x in catalog.rules() if x.code == sel.upper()), None)
    if rule is None:
        raise r.fail(sel, "[check.rules.…] 后面写一条规则的代码或名称，如 R101 或 repeat")
    return rule


def _read(path: Path) -> str:
    from drafter.files import decode_text, read_file

    return decode_text(read_file(path, "配置文件"), path)


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        # The parser's sentence is English; keep only where it stopped.
        m = re.search(r"line (\d+)", str(e))
        at_end = "end of document" in str(e)
        where = f"第{m.group(1)}行" if m else f"第{len(text.splitlines())}行" if at_end else ""
        raise DrafterError(f"{path}{where and '：' + where}：不是有效的 TOML 文件",
                           hint="检查引号、方括号和等号；格式见 docs/checks.md“配置”") from None


def _has_tool_table(path: Path) -> bool:
    return "[tool.drafter" in _read(path)


def _line_of(text: str, key: str) -> str:
    """'：第N行' for the first line that sets key, or '' when no line does."""
    rx = re.compile(rf"^\s*(\[.*\b{re.escape(key)}\b.*\]|\"?{re.escape(key)}\"?\s*=)")
    for n, line in enumerate(text.splitlines(), 1):
        if rx.search(line):
            return f"：第{n}行"
    return ""
