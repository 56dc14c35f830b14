"""Sandbox: the part of Jinja an outline's sentences may use — checked on load, enforced on render.

Outlines are shared between writers, so a sentence is untrusted code. Jinja's SandboxedEnvironment
already refuses `__class__`, `__globals__` and the like, but it still lets a template allocate
without bound ("a" * 10**9, "a".center(10**9), range() loops nested three deep) or raise
exceptions it does not wrap (range(10**9) → OverflowError, 1/0). Sentences need none of that:
variables, attributes, filters, tests, comparisons, `{% if %}` and + / -. So everything else is
refused when the outline loads, with the file and line, and the render environment has no
globals, only linear filters and no * / // % **, in case a sentence reaches it another way.
"""

from __future__ import annotations

from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.parser import Parser
from jinja2.sandbox import SandboxedEnvironment

from drafter.drafting.jinja_zh import Refused, syntax_problem

# Jinja's built-in filters whose output grows at most linearly with their input, whatever the
# arguments. Left out: center, indent, format, wordwrap, batch, slice (sizes from arguments),
# replace and sum (quadratic on long inputs), random (breaks "same seed, same draft"), and
# escape/safe/urlize/xmlattr/tojson/pprint/attr/groupby/striptags (no use in a sentence).
SAFE_BUILTIN_FILTERS = frozenset(
    "abs capitalize count d default dictsort first float int items join last length list lower"
    " map max min reject rejectattr reverse round select selectattr sort string title trim"
    " truncate unique upper wordcount".split()
)

# Tests that compute value % n: on a string that is printf formatting ("%999999999d" is odd
# allocates a gigabyte, even at compile time when the string is a literal).
UNSAFE_TESTS = frozenset({"odd", "even", "divisibleby"})

# The syntax a sentence may use. Anything else (for, set, macro, include, import, calls, …) is
# refused on load with a message naming it.
_ALLOWED = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.If, nodes.Name, nodes.Const,
    nodes.Getattr, nodes.Getitem, nodes.Slice, nodes.Filter, nodes.Test, nodes.Compare,
    nodes.Operand, nodes.And, nodes.Or, nodes.Not, nodes.Neg, nodes.Pos, nodes.CondExpr,
    nodes.Concat, nodes.Add, nodes.Sub, nodes.List, nodes.Tuple, nodes.Dict, nodes.Pair,
    nodes.Keyword,
)
_REFUSED = {
    nodes.Call: "不能调用函数或方法（如 range()、x.upper()），请用文档列出的过滤器",
    nodes.For: "不能用 {% for %} 循环；要逐项重复的条目请用 each:/as:",
    nodes.Include: "不能用 {% include %} 引入其他文件",
    nodes.Import: "不能用 {% import %} 引入其他文件",
    nodes.FromImport: "不能用 {% from … import %} 引入其他文件",
    nodes.Extends: "不能用 {% extends %} 继承其他模板",
    nodes.Assign: "不能用 {% set %} 赋值",
    nodes.AssignBlock: "不能用 {% set %} 赋值",
    nodes.Macro: "不能用 {% macro %} 定义宏",
    nodes.CallBlock: "不能用 {% call %}",
    nodes.FilterBlock: "不能用 {% filter %}",
    nodes.With: "不能用 {% with %}",
    nodes.Scope: "不能用 {% autoescape %}",
    nodes.Mul: "不能用 * 运算（只能用 + 和 -）",
    nodes.Pow: "不能用 ** 运算（只能用 + 和 -）",
    nodes.Div: "不能用 / 运算（只能用 + 和 -）",
    nodes.FloorDiv: "不能用 // 运算（只能用 + 和 -）",
    nodes.Mod: "不能用 % 运算（只能用 + 和 -）",
}
MAX_NESTING = 40  # expression depth: Python's own compiler gives up near 200 nested brackets
MAX_OUTPUT = 200_000  # characters one sentence may render to (a whole speech is at most 20,000)


class Sandbox(SandboxedEnvironment):
    """The environment outline sentences render in: no globals (range, lipsum, cycler, joiner,
    namespace, dict), only SAFE_BUILTIN_FILTERS plus drafter's own, no UNSAFE_TESTS, and no
    * / // % **."""

    intercepted_binops = frozenset({"*", "**", "/", "//", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.clear()
        self.filters = {k: v for k, v in self.filters.items() if k in SAFE_BUILTIN_FILTERS}
        self.tests = {k: v for k, v in self.tests.items() if k not in UNSAFE_TESTS}

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        # Intercepted operators are also never constant-folded at compile time, which is
        # where "a" * 10**9 would otherwise be evaluated.
        raise Refused(f"不能用 {operator} 运算")


def check(env: jinja2.Environment, source: str, expression: bool = False) -> str | None:
    """Why `source` (a sentence, or with expression=True a when:/each: expression) may not be
    used, in Chinese; None when it is fine. Syntax errors are reported the same way."""
    try:
        if expression:
            parser = Parser(env, source, state="variable")
            tree = parser.parse_expression()
            if not parser.stream.eos:
                return f"表达式后面多了内容：{parser.stream.current.value!r}"
        else:
            tree = env.parse(source)
    except jinja2.TemplateSyntaxError as e:
        return f"模板语法错误：{syntax_problem(e)}"
    except RecursionError:  # (((((… a few hundred deep
        return f"模板语法错误：表达式嵌套超过 {MAX_NESTING} 层"
    except ValueError:  # an integer literal of thousands of digits
        return "模板语法错误：数字太长"
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        problem = _problem(env, node, depth)
        if problem:
            return problem
        stack.extend((child, depth + 1) for child in node.iter_child_nodes())
    return None


def _problem(env: jinja2.Environment, node: nodes.Node, depth: int) -> str | None:
    if depth > MAX_NESTING:
        return f"表达式嵌套超过 {MAX_NESTING} 层"
    if not isinstance(node, _ALLOWED):
        for kind, message in _REFUSED.items():
            if isinstance(node, kind):
                return message
        return f"不能使用 {type(node).__name__}（句子里只能用变量、过滤器、判断和 {{% if %}}）"
    if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
        return f"不允许访问以下划线开头的属性 {node.attr}"
    if isinstance(node, nodes.Const):
        value = node.value
        if isinstance(value, str) and value.startswith("__"):
            # A string naming an attribute: x['__class__'], map(attribute='__class__').
            return f"不允许访问以下划线开头的属性 {value}"
        if isinstance(value, int) and value.bit_length() > 64:
            return "数字太长"  # 0xfff… of thousands of digits cannot even be printed
    if isinstance(node, nodes.Filter) and node.name not in env.filters:
        return f"未知的过滤器 {node.name}"
    if isinstance(node, nodes.Filter) and node.name in ("map", "select", "reject") and node.args:
        # map('upper') applies a filter by name, select('odd') a test: the names must exist.
        name = node.args[0]
        known, what = (env.filters, "过滤器") if node.name == "map" else (env.tests, "判断")
        if isinstance(name, nodes.Const) and name.value not in known:
            return f"{node.name} 用到了未知的{what} {name.value}"
    if isinstance(node, nodes.Test) and node.name not in env.tests:
        return f"未知的判断 {node.name}"
    return None
