"""Sandbox: the part of Jinja an outline's sentences may use — checked on load, enforced on render.

Outlines are shared between writers, so a sentence is untrusted code. Jinja's SandboxedEnvironment
already refuses `__class__`, `__globals__` and the like, but it still lets a template allocate
without bound ("a" * 10**9, "a".center(10**9), range() loops nested three deep) or raise
exceptions it does not wrap (range(10**9) → OverflowError, 1/0). Sentences need none of that:
variables, attributes, filters, tests, comparisons, `{% if %}` and + / -. So everything else is
refused when the outline loads, with the file and line, and the render environment has no
globals, only linear filters and no * / // % **, in case a sentence reaches it another way.

Linear filters still multiply when nested: join's separator is copied between every two items,
so ten nested `'aaaaaaaaaa'|list|join(…)` reach 10^10 characters. So separators must be short
literals (checked on load), and every render carries a work budget (_BudgetContext) that each
filter call and each + draws from — its inputs before it runs, a join's whole output before it
is built, its result after — so no render allocates much past MAX_WORK characters. Filters
are wrapped with pass_context, which also keeps Jinja from running them at compile time, where
no budget applies.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Mapping
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.parser import Parser
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import _PassArg

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
# Characters of work one render may do across all its filters and + (inputs, results, a join's
# separators): a real sentence uses a few hundred.
MAX_WORK = 1_000_000
# Filters that copy an argument between items, and where that argument sits.
_SEPARATOR_FILTERS = {"join": ("d", 0), "enum": ("sep", 1), "join_cn": ("last", 0)}
MAX_SEPARATOR = 10  # characters: 、 ， ； 和 以及 — a separator is a word at most
# How deep _size looks into nested values; deeper parts count as one character each.
_SIZE_DEPTH = 4


class _BudgetContext(Context):
    """A render's context, carrying the work it may still do."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget = MAX_WORK


def _draw(ctx: Context, cost: int) -> None:
    left = getattr(ctx, "budget", MAX_WORK) - cost
    if left < 0:
        raise Refused(f"的计算量超过上限（{MAX_WORK} 字），检查嵌套的过滤器和 +")
    if isinstance(ctx, _BudgetContext):
        ctx.budget = left


def _size(value: Any, depth: int = 0) -> int:
    """Characters a value stands for: text by its length, containers by their items."""
    if isinstance(value, str):
        return len(value)
    if depth >= _SIZE_DEPTH or isinstance(value, Iterator):
        return 1  # an iterator is sized by what consumes it
    if isinstance(value, Mapping):
        return 1 + sum(_size(k, depth + 1) + _size(v, depth + 1) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return 1 + sum(_size(v, depth + 1) for v in value)
    return 1


def _separator(name: str, args: tuple, kwargs: dict) -> str:
    keyword, index = _SEPARATOR_FILTERS[name]
    if keyword in kwargs:
        return str(kwargs[keyword])
    return str(args[index]) if len(args) > index else ""


def budgeted(name: str, fn: Any) -> Any:
    """fn drawing from the render's budget; with pass_context, so never folded at compile time."""
    passes = _PassArg.from_obj(fn)

    @jinja2.pass_context
    @functools.wraps(fn)
    def run(ctx: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
        if name in _SEPARATOR_FILTERS and isinstance(value, Iterator):
            value = list(value)  # sized before it is joined
        _draw(ctx, _size(value) + _size(args) + _size(kwargs))
        if name in _SEPARATOR_FILTERS:
            count = len(value) if hasattr(value, "__len__") else 1
            _draw(ctx, count * len(_separator(name, args, kwargs)))
        first = {_PassArg.context: ctx, _PassArg.eval_context: ctx.eval_ctx,
                 _PassArg.environment: ctx.environment}.get(passes)
        out = fn(value, *args, **kwargs) if first is None else fn(first, value, *args, **kwargs)
        _draw(ctx, _size(out))
        return out

    return run


class Sandbox(SandboxedEnvironment):
    """The environment outline sentences render in: no globals (range, lipsum, cycler, joiner,
    namespace, dict), only SAFE_BUILTIN_FILTERS plus drafter's own, no UNSAFE_TESTS, and no
    * / // % **."""

    # + is intercepted to draw from the budget; intercepted operators are also never folded
    # at compile time, which is where "a" * 10**9 would otherwise be evaluated.
    intercepted_binops = frozenset({"*", "**", "/", "//", "%", "+"})
    context_class = _BudgetContext

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.clear()
        self.tests = {k: v for k, v in self.tests.items() if k not in UNSAFE_TESTS}
        self.add_filters({k: v for k, v in self.filters.items() if k in SAFE_BUILTIN_FILTERS},
                         replace=True)

    def add_filters(self, filters: Mapping[str, Any], replace: bool = False) -> None:
        """Make filters available to sentences, each drawing from the render's budget."""
        wrapped = {name: budgeted(name, fn) for name, fn in filters.items()}
        self.filters = wrapped if replace else {**self.filters, **wrapped}

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator != "+":
            raise Refused(f"不能用 {operator} 运算")
        if isinstance(left, str) or isinstance(right, str) or isinstance(left, (list, tuple)):
            _draw(context, _size(left) + _size(right))
        return left + right


def check(env: jinja2.Environment, source: str, expression: bool = False) -> str | None:
    """Why `source` (a sentence, or with expression=True a when:/each: expression) may not be
    used, in Chinese; None when it is fine. Syntax errors are reported the same way."""
    if not expression and "{" not in source:
        return None  # no {{ }}, {% %} or {# #}: plain text, which Jinja passes through as it is
    # Outlines repeat their conditions (one when: on many alternatives): each is parsed once.
    return _check(env, source, expression)


@functools.lru_cache(maxsize=8192)
def _check(env: jinja2.Environment, source: str, expression: bool) -> str | None:
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
        if isinstance(value, float) and not math.isfinite(value):
            return "数字太大"  # 1e999 is inf, which Jinja cannot write back as Python
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
    if isinstance(node, nodes.Filter):
        return _separator_problem(node)
    return None


def _separator_problem(node: nodes.Filter) -> str | None:
    """join/enum/join_cn (also through map) take a separator only as a short literal."""
    name, args, kwargs = node.name, list(node.args), {k.key: k.value for k in node.kwargs}
    if name == "map" and args and isinstance(args[0], nodes.Const):
        name, args = args[0].value, args[1:]
    if name not in _SEPARATOR_FILTERS:
        return None
    keyword, index = _SEPARATOR_FILTERS[name]
    sep = kwargs.get(keyword, args[index] if len(args) > index else None)
    if sep is None:
        return None
    if not (isinstance(sep, nodes.Const) and isinstance(sep.value, str)
            and len(sep.value) <= MAX_SEPARATOR):
        return f"{name} 的分隔词只能直接写出，且不超过 {MAX_SEPARATOR} 个字（如 '、'）"
    return None
