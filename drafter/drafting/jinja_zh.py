"""Jinja's problems with an outline's sentence, in Chinese.

Jinja words its errors in English and keeps few specifics outside the sentence: a syntax
error's offending token and an undefined value's name are only in the message. So the names
and tokens are taken out of Jinja's wording (or out of the Undefined object, before Jinja words
it) and put into Chinese sentences; an unrecognised wording gets a general Chinese sentence,
never the English.
"""

from __future__ import annotations

import re

import jinja2
from jinja2.exceptions import SecurityError

# How Jinja names tokens in its messages → what the writer typed.
_TOKENS = {
    "begin of print statement": "{{", "end of print statement": "}}",
    "begin of statement block": "{%", "end of statement block": "%}",
    "begin of comment": "{#", "end of comment": "#}", "end of template": "句子结尾",
    "template data / text": "文字", "name": "名字", "integer": "数字", "float": "数字",
    "string": "引号括起的文字",
}


def _token(described: str) -> str:
    return "“" + _TOKENS.get(described, described) + "”"


def _end_of_template(m: re.Match) -> str:
    block = m.group("block")
    if block:
        return f"“{{% {block} %}}”没有对应的“{{% end{block} %}}”"
    return "句子提前结束了"


def _unknown_tag(m: re.Match) -> str:
    text = f"未知的标签“{{% {m.group('tag')} %}}”"
    if m.group("block"):
        text += f"（“{{% {m.group('block')} %}}”还没有结束）"
    return text


_INNERMOST = r"(?:.*The innermost block that needs to be closed is '(?P<block>\w+)'\.)?"
# Jinja's syntax-error wordings (jinja2/lexer.py, jinja2/parser.py) → a Chinese sentence.
_SYNTAX = [
    (r"unexpected char '(?P<a>.+)' at \d+", lambda m: f"有不能出现的字符“{m['a']}”"),
    (r"unexpected end of template, expected '(?P<a>.+?)'\.?",
     lambda m: f"句子提前结束了，缺少{_token(m['a'])}"),
    (r"Unexpected end of template\." + _INNERMOST, _end_of_template),
    (r"Encountered unknown tag '(?P<tag>[^']*)'\." + _INNERMOST, _unknown_tag),
    (r"expected token '(?P<a>.+?)', got '(?P<b>.+?)'",
     lambda m: f"这里应为{_token(m['a'])}，却是{_token(m['b'])}"),
    (r"Expected an expression, got '(?P<b>.+?)'", lambda m: f"{_token(m['b'])}前面缺少表达式"),
    (r"unexpected '(?P<a>.+?)', expected '(?P<b>.+?)'",
     lambda m: f"这里应为{_token(m['b'])}，却是{_token(m['a'])}"),
    (r"unexpected '(?P<a>.+?)'", lambda m: f"这里不该出现{_token(m['a'])}"),
    (r"[Mm]issing end of comment tag", lambda m: "注释“{#”没有以“#}”结束"),
]


def syntax_problem(e: jinja2.TemplateSyntaxError) -> str:
    """What is wrong with a sentence Jinja cannot parse, e.g. 多了“}”."""
    message = e.message or ""
    for pattern, word in _SYNTAX:
        m = re.fullmatch(pattern, message, re.S)
        if m:
            problem = word(m)
            break
    else:
        problem = "{{ }} 或 {% %} 的写法不对"
    if e.lineno and e.lineno > 1:  # the sentence's own line, for sentences of several lines
        problem += f"（句子第 {e.lineno} 行）"
    return problem


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "字典"
    if isinstance(value, (list, tuple)):
        return "列表"
    if isinstance(value, str):
        return "文字"
    return "空值" if value is None else "这个值"


class Refused(SecurityError):
    """Something the sandbox refuses, worded by drafter (Jinja's own SecurityErrors are not)."""


class FilterError(jinja2.TemplateRuntimeError):
    """One of drafter's filters given a value it cannot take, worded by drafter."""


class Undefined(jinja2.StrictUndefined):
    """StrictUndefined whose errors say, in Chinese, which name was undefined where. Jinja builds
    the message from _undefined_message alone, so that is the one thing changed (and the
    sandbox's refusals are raised as Refused, so they are known to be worded)."""

    __slots__ = ()

    def __init__(self, hint=None, obj=jinja2.utils.missing, name=None, exc=jinja2.UndefinedError):
        super().__init__(hint, obj, name, Refused if exc is SecurityError else exc)

    @property
    def _undefined_message(self) -> str:
        name, obj = self._undefined_name, self._undefined_obj
        if issubclass(self._undefined_exception, SecurityError):
            return f"不允许访问{_kind(obj)}的 {name}"
        if self._undefined_hint:
            # Jinja's own hints: first/last/min/max/random of an empty list, an inline if with
            # no else, a caller or parent block that does not exist.
            hint = self._undefined_hint
            if "sequence was empty" in hint:
                return "对空列表取值（first、last、min、max 等）"
            if "inline if-expression" in hint:
                return "行内 if 的条件不成立，又没有 else"
            return "得到了未定义的值"
        if obj is jinja2.utils.missing:
            return f"用到了未定义的变量 {name}"
        return f"用到了未定义的变量：{_kind(obj)}里没有 {name}"


# Python's own errors from a filter or an operator given the wrong kind of value.
_RUNTIME = [
    (RecursionError, "嵌套太深"),
    ((TypeError, AttributeError), "值的类型不对（例如文字和数字相加，或把列表当作文字用）"),
    (ArithmeticError, "数值计算出错"),
    (LookupError, "取不到这一项"),
    ((ValueError, AssertionError), "值不合适"),
]


def runtime_problem(e: Exception) -> str:
    """Why rendering a sentence failed, for errors that are not UndefinedError."""
    if isinstance(e, FilterError):
        return e.message or "过滤器用在了不合适的值上"
    for kinds, text in _RUNTIME:
        if isinstance(e, kinds):
            return text
    return "模板运行出错"
