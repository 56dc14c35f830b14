"""Reading YAML sources: safe loading that remembers the line of every key and item."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from drafter.errors import DrafterError
from drafter.files import decode_text, read_file

# Bounds that keep a hostile file (alias bombs, deep nesting) cheap to refuse.
MAX_NODES = 200_000
MAX_DEPTH = 64

# PyYAML's problems as a writer should read them. Matched by prefix; anything else gets a
# general Chinese sentence, never the parser's English.
_PROBLEMS = {
    "mapping values are not allowed": "此处不能出现“键: 值”（冒号后有空格的文字要加引号）",
    "could not find expected ':'": "缺少冒号“:”",
    "found character that cannot start any token": "出现了不能开头的字符（制表符或特殊符号要加引号）",
    "found undefined alias": "引用了未定义的锚点",
    "found duplicate anchor": "同一个锚点定义了两次",
    "expected <block end>, but found": "缩进不一致",
    "did not find expected key": "缩进不一致或缺少键",
    "did not find expected '-' indicator": "列表项的缩进不一致",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
    "found unexpected ':'": "出现了多余的冒号（含冒号的文字要加引号）",
    "found unknown escape character": "双引号字符串里有无效的转义字符",
    "did not find expected ',' or ']'": "方括号列表没有正确结束（含 {{ }} 或逗号的文字要加引号）",
    "expected ',' or ']'": "方括号列表没有正确结束（含 {{ }} 或逗号的文字要加引号）",
    "did not find expected ',' or '}'": "花括号没有正确结束（含 {{ }} 或逗号的文字要加引号）",
    "expected ',' or '}'": "花括号没有正确结束（含 {{ }} 或逗号的文字要加引号）",
    "could not determine a constructor for the tag": "不允许的 YAML 标签（出于安全考虑只接受普通数据）",
    "found invalid Unicode character escape code":
        "双引号字符串里有无效的 Unicode 转义（如孤立的代理字符 \\ud800）",
    "found a tab character": "缩进里有制表符（YAML 只能用空格缩进）",
    "found incompatible YAML document": "不支持的 YAML 版本声明",
    "but found another document": "文件里有不止一个 YAML 文档（“---”分隔），只能有一个",
}
_GENERAL_PROBLEM = "不符合 YAML 语法"
# What our own depth-bounded composer raises (see _Loader).
_DEEP_PROBLEM = "nested too deeply"
_TOO_DEEP = f"嵌套超过 {MAX_DEPTH} 层"
_DEEP_HINT = "规格和提纲用不到这么深的嵌套；检查括号是否成对"
_NESTING_MARKS = re.compile(r"[\[\]{}]")
_QUOTED_OR_COMMENT = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"|(?:^|\s)#.*")
_BLOCK_INDICATORS = re.compile(r"\s*(?:[-?]\s+)*")

# libyaml's parser when PyYAML has it (10x faster on an outline); same safe constructors.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_MERGE_TAG = "tag:yaml.org,2002:merge"
# Integers longer than this many bits cannot be printed (Python's 4300-digit limit) and mean
# nothing in a spec; 0x… literals get there without hitting the decimal parsing limit.
_MAX_INT_BITS = 13_000
_Composer = yaml.composer.Composer


class _Loader(_Base):
    """libyaml's events composed by PyYAML's Python composer, depth-bounded: libyaml's own
    composer recurses in C and crashes the process on ~30,000 nested "[" (a 60 KB file)."""

    get_single_node = _Composer.get_single_node
    compose_document = _Composer.compose_document
    compose_scalar_node = _Composer.compose_scalar_node
    compose_sequence_node = _Composer.compose_sequence_node
    compose_mapping_node = _Composer.compose_mapping_node

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.anchors = {}
        self.depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, _DEEP_PROBLEM, self.peek_event().start_mark
                )
            return _Composer.compose_node(self, parent, index)
        finally:
            self.depth -= 1


@dataclass
class Source:
    """A loaded YAML document plus the 1-based line of every key and list item."""

    path: Path | None
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line(self, path: tuple) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]

    def error(self, message: str, path: tuple = (), hint: str | None = None) -> DrafterError:
        return DrafterError(message, self.path, self.line(path), hint)


def dotted(path: tuple) -> str:
    """('place', 'name') → place.name; ('goals', 2) → goals[3] (1-based, as a writer counts)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def close_matches(word: str, possibilities, n: int = 1, cutoff: float = 0.6) -> list[str]:
    """difflib's "是不是…？" suggestions; difflib is imported when a message needs one, not at
    every start."""
    import difflib

    return difflib.get_close_matches(word, possibilities, n=n, cutoff=cutoff)


def _translate(problem: str | None) -> str:
    problem = problem or ""
    for key, zh in _PROBLEMS.items():
        if problem.startswith(key):
            return zh
    return _GENERAL_PROBLEM


def _too_deep_line(text: str) -> int | None:
    """The first line at which brackets, or list dashes on one line, nest deeper than
    MAX_DEPTH. Asked only once the parser has failed, so drafter says why in its own words
    whatever the parser's limit and wording are (libyaml stops at 1,000 levels, in English)."""
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        line = _QUOTED_OR_COMMENT.sub("", line)
        if depth == 0:
            dashes = _BLOCK_INDICATORS.match(line).group().count("-")
            if dashes > MAX_DEPTH:
                return number
        for mark in _NESTING_MARKS.findall(line):
            depth = depth + 1 if mark in "[{" else max(depth - 1, 0)
            if depth > MAX_DEPTH:
                return number
    return None


def load_yaml(path: Path | str | None, text: str | None = None, what: str = "文件") -> Source:
    """Load YAML with safe_load semantics; errors become DrafterError with line and column."""
    p = Path(path) if path is not None else None
    if text is None:
        if p is None:
            raise ValueError("need a path or text")
        text = decode_text(read_file(p, what), p)
    try:
        # The reader checks every character as the loader is built.
        loader = _Loader(text)
        node = loader.get_single_node()
    except yaml.reader.ReaderError as e:
        before = text[: e.position]
        line = before.count("\n") + 1
        col = e.position - (before.rfind("\n") + 1) + 1
        raise DrafterError(
            f"YAML 格式错误：第{line}行第{col}列有不允许的控制字符 U+{e.character:04X}"
            if isinstance(e.character, int)
            else f"YAML 格式错误：第{line}行第{col}列有不允许的字符",
            p,
            line,
            hint="删除该字符；换行、制表符以外的控制字符不能出现在文件里",
            column=col,
        ) from e
    except yaml.YAMLError as e:
        raise _yaml_error(e, text, p) from e
    src = Source(p, None)
    try:
        if node is not None:
            src.data = _Builder(loader, src).build(node, (), 0)
    finally:
        loader.dispose()
    return src


def _yaml_error(e: yaml.YAMLError, text: str, path: Path | None) -> DrafterError:
    """A parser failure as one Chinese sentence with line and column."""
    deep = _too_deep_line(text)
    if deep is not None or getattr(e, "problem", None) == _DEEP_PROBLEM:
        mark = getattr(e, "problem_mark", None)
        line = deep or (mark.line + 1 if mark else None)
        where = f"第{line}行" if line else ""
        return DrafterError(f"YAML 格式错误：{where}{_TOO_DEEP}", path, line, hint=_DEEP_HINT)
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    if mark is None:
        return DrafterError(f"YAML 格式错误：{_GENERAL_PROBLEM}", path,
                            hint="检查缩进、冒号和引号")
    line, col = mark.line + 1, mark.column + 1
    return DrafterError(
        f"YAML 格式错误：第{line}行第{col}列{_translate(getattr(e, 'problem', None))}",
        path, line, hint="检查这一行及上一行的缩进、冒号和引号", column=col,
    )


class _Builder:
    """Turns the node graph into plain data, recording lines and refusing duplicates."""

    def __init__(self, loader: yaml.SafeLoader, src: Source) -> None:
        self.loader = loader
        self.src = src
        self.count = 0

    def fail(self, message: str, node: yaml.Node, hint: str | None = None) -> DrafterError:
        return DrafterError(message, self.src.path, node.start_mark.line + 1, hint)

    def build(self, node: yaml.Node, path: tuple, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail("YAML 内容过大（可能是锚点/别名的指数展开）", node)
        if depth > MAX_DEPTH:
            raise self.fail(f"YAML 嵌套超过 {MAX_DEPTH} 层", node)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
            raise self.fail(
                f"YAML 格式错误：不允许的标签 {node.tag}", node, "只能使用普通文字、数字、日期和列表"
            )
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            # Merge keys (<<: *base) are expanded here, node by node, so MAX_NODES bounds them;
            # PyYAML's flatten_mapping copies lists first and a 400-byte file of nested merges
            # took seconds and gigabytes before any count. Written keys override merged ones.
            merged: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    for k, v in self.merge(value_node, path, depth).items():
                        merged.setdefault(k, v)
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail("键必须是简单的文字", key_node)
                key = self.scalar(key_node)
                if not isinstance(key, (str, int)):
                    key = str(key)
                if key in out:
                    raise self.fail(f"重复的键：{dotted(path + (key,))}", key_node, "删除其中一个")
                self.src.lines[path + (key,)] = key_node.start_mark.line + 1
                out[key] = self.build(value_node, path + (key,), depth + 1)
            return {**merged, **out} if merged else out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                self.src.lines[path + (i,)] = item.start_mark.line + 1
                items.append(self.build(item, path + (i,), depth + 1))
            return items
        return self.scalar(node)

    def merge(self, node: yaml.Node, path: tuple, depth: int) -> dict:
        """The mapping a merge key brings in: one mapping, or a list of them (earlier wins)."""
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        out: dict[Any, Any] = {}
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise self.fail("合并键 << 只能引用映射（如 <<: *基础）", source)
            for k, v in self.build(source, path, depth + 1).items():
                out.setdefault(k, v)
        return out

    def scalar(self, node: yaml.Node) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as e:
            raise self.fail(
                f"YAML 格式错误：{_translate(e.problem)}", node, "只能使用普通文字、数字、日期和列表"
            ) from e
        except (ValueError, LookupError, AttributeError, TypeError, OverflowError) as e:
            # The safe constructors fail this way on values that look like a type but are not
            # one: 2026-02-30 (a date that does not exist), !!bool maybe, !!int x.
            raise self.fail(
                f"无效的值“{node.value[:50]}”：{_INVALID.get(node.tag, '无法识别')}", node,
                "日期要写真实存在的日期，如 2026-03-15；要当文字用的值请加引号",
            ) from e
        if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
            raise self.fail("数字太长", node, "要当文字用的值请加引号")
        return value


_INVALID = {
    "tag:yaml.org,2002:timestamp": "不是有效的日期",
    "tag:yaml.org,2002:int": "不是有效的整数",
    "tag:yaml.org,2002:float": "不是有效的数字",
    "tag:yaml.org,2002:bool": "不是有效的布尔值",
}
