"""The Jinja environments drafter renders with: the sandboxed one for outline sentences
(untrusted, every value escaped into the Markdown draft) and the one for the section layouts in
templates/, both with drafter's Chinese filters. Shared by the outline reader, which checks
sentences as it loads them, and the renderer."""

from __future__ import annotations

import datetime as dt
import functools
from functools import lru_cache
from types import CodeType
from typing import Any, ClassVar

import jinja2
from jinja2 import nodes
from jinja2.environment import TemplateExpression
from jinja2.parser import Parser
from jinja2.sandbox import SandboxedEnvironment

from drafter.document import markdown
from drafter.drafting.jinja_zh import FilterError, Undefined
from drafter.drafting.sandbox import Sandbox
from drafter.resources import resource_dir
from drafter.text import cn


def md_escape(value: Any) -> str:
    """Make a value plain text inside the Markdown draft: it cannot open a heading, a bold run,
    a list or a link, and it cannot break the line it is on."""
    if value is None:
        return ""
    return markdown.escape(str(value))


@jinja2.pass_context
def _before(ctx: jinja2.runtime.Context, value: Any) -> str:
    """A deadline as the meeting's listeners hear it: within the meeting's own month it is
    本月底前 / 本月20日前, not a date that sounds months away."""
    meeting = ctx.get("meeting") or {}
    date = meeting.get("date") if isinstance(meeting, dict) else None
    said = cn.before(value, date)
    if isinstance(date, dt.date) and isinstance(value, dt.date) \
            and (value.year, value.month) == (date.year, date.month):
        return "本" + said[said.index("月"):]
    return said


# drafter's filters and the values each takes (for the message when a sentence gives another).
_FILTERS = {
    "cn": (cn.cn, "小于一万亿的整数"),
    "count_cn": (cn.count_cn, "列表或整数"),
    "ordinal": (cn.ordinal, "正整数"),
    "date_cn": (cn.date_cn, "日期"),
    "date_upper": (cn.date_upper, "日期"),
    "year_cn": (cn.year_cn, "日期"),
    "quarter_cn": (cn.quarter_cn, "日期"),
    "before": (_before, "日期"),
    "join_cn": (cn.join_cn, "文字的列表"),
    "enum": (cn.enum, "文字的列表"),
    "quote": (cn.quote, "文字"),
}


def _filter(name: str, fn, takes: str):
    """fn, raising a FilterError that names the filter and what it takes: cn's own errors
    are for programmers, in English."""

    @functools.wraps(fn)  # keeps @pass_context
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (TypeError, ValueError, ArithmeticError) as e:
            raise FilterError(f"过滤器 {name} 用在了不合适的值上（应为{takes}）") from e

    return run


FILTERS = {name: _filter(name, fn, takes) for name, (fn, takes) in _FILTERS.items()}


@lru_cache(maxsize=1)
def text_env() -> SandboxedEnvironment:
    """For the sentences of outlines (untrusted: see sandbox.py): every {{ value }} passes
    through md_escape."""
    env = Sandbox(undefined=Undefined, finalize=md_escape, autoescape=False)
    env.add_filters(FILTERS)
    return env


class _LayoutSandbox(SandboxedEnvironment):
    """The sandbox for templates/*.md.j2, reading the fields of drafter's own records of a
    rendered draft (render.py: plain data) directly: the sandbox's checks would let each one
    through, and there are a hundred and more in a draft."""

    records: ClassVar[dict[type, frozenset[str]]] = {}

    def getattr(self, obj: Any, attribute: str) -> Any:
        fields = self.records.get(type(obj))
        if fields is not None and attribute in fields:
            return obj.__dict__[attribute]
        return super().getattr(obj, attribute)


def layout_record(cls: type) -> type:
    """Class decorator: a dataclass whose fields templates read as plain data (no method, no
    name with an underscore: what the sandbox lets through anyway)."""
    import dataclasses

    _LayoutSandbox.records[cls] = frozenset(
        f.name for f in dataclasses.fields(cls) if not f.name.startswith("_"))
    return cls


@lru_cache(maxsize=1)
def layout_env() -> SandboxedEnvironment:
    """For templates/*.md.j2, which arrange already-rendered (already-escaped) text."""
    env = _LayoutSandbox(
        loader=jinja2.FileSystemLoader(str(resource_dir("templates"))),
        undefined=Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        bytecode_cache=_Bytecode(),
    )
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=4096)
def compile_sentence(source: str) -> jinja2.Template:
    """text_env().from_string(source), its compiled code kept in the per-user cache."""
    env = text_env()
    code = _stored_code("sentences", source, lambda: env.compile(source))
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _stored_code(kind: str, source: str, compile_):
    """The code object Jinja compiles `source` to: from the cache when it holds it, else
    compiled and stored. The key is the source; the cache's stamp covers Jinja's version."""
    import marshal

    from drafter import cache

    key = source.encode("utf-8", "surrogatepass")
    payload = cache.read(kind, source, key)
    if payload is not None:
        try:
            code = marshal.loads(payload)
            if isinstance(code, CodeType):
                return code
        except (EOFError, ValueError, TypeError):
            pass
    code = compile_()
    cache.write(kind, source, key, marshal.dumps(code))
    return code


class _Bytecode(jinja2.BytecodeCache):
    """Jinja's bytecode cache for templates/*.md.j2 in drafter's cache folder, through
    cache.read/write (atomic, checked, silent when the folder is not writable)."""

    def load_bytecode(self, bucket) -> None:
        from drafter import cache

        payload = cache.read("templates", bucket.key, bucket.checksum.encode())
        if payload is not None:
            bucket.bytecode_from_string(payload)  # checks Jinja's magic and the checksum

    def dump_bytecode(self, bucket) -> None:
        from drafter import cache

        cache.write("templates", bucket.key, bucket.checksum.encode(),
                    bucket.bytecode_to_string())


@lru_cache(maxsize=1024)
def compile_expression(source: str):
    """text_env().compile_expression(source, undefined_to_none=False), its code kept in the
    per-user cache: compiling the first expression of a run builds Jinja's lexer (ms)."""
    env = text_env()
    try:
        code = _stored_code("expressions", source, lambda: _expression_code(env, source))
    except jinja2.TemplateSyntaxError:
        # Outlines are checked on load, so this is not reached; if it were, Jinja says why.
        return env.compile_expression(source, undefined_to_none=False)
    template = env.template_class.from_code(env, code, env.make_globals(None), None)
    return TemplateExpression(template, undefined_to_none=False)


def _expression_code(env: SandboxedEnvironment, source: str):
    """What Environment.compile_expression compiles: the template `result = <source>`."""
    parser = Parser(env, source, state="variable")
    expr = parser.parse_expression()
    if not parser.stream.eos:
        raise jinja2.TemplateSyntaxError("chunk after expression", parser.stream.current.lineno,
                                         None, None)
    expr.set_environment(env)
    body = [nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)]
    return env.compile(nodes.Template(body, lineno=1))
