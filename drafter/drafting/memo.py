"""What a draft computes that does not depend on its seed, kept across drafts in a process.

`when:` conditions, the alternatives of a sentence they leave, and a sentence's rendered text
read the spec and the context (and the variables of the item they sit in), never the seed: a
batch over seeds of one spec evaluates each once. Results are keyed by the context (the
Context, every spec value, the outline) and, within it, by a frozen copy of exactly the
variables of the enclosing item that the condition or sentence reads (Jinja's own list of the
names a template looks up)."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from functools import lru_cache
from typing import Any

import jinja2
from jinja2 import meta, nodes
from jinja2.parser import Parser

from drafter.drafting.environment import text_env
from drafter.drafting.outline import Item, Outline, Paragraph, Section, Text
from drafter.spec.validate import Fact

CONTEXTS = 4  # specs (contexts) whose results are kept; a batch plan's cells come spec by spec
ENTRIES = 200_000  # per context, at most (then it starts again): a few MB
# Filters that read the render's variables by name besides their arguments (environment.py).
_FILTER_READS = ("meeting",)
_SCALARS = frozenset({int, float, bool, type(None), dt.date, dt.datetime})
_OUTLINE = frozenset({Item, Paragraph, Section, Text})
# Where the element an item repeats for sits in the scope (not a name a sentence can write):
# `when: {topic: …}` reads it.
ITEM = "\x1fitem"
_contexts: OrderedDict[tuple, tuple[Outline, dict]] = OrderedDict()


class Unkeyable(Exception):
    """A value with no exact frozen form: what reads it is not memoized."""


def frozen(v: Any) -> Any:
    """A hashable value equal to another's exactly when templates cannot tell them apart
    (1, 1.0 and True differ; a dict's order counts). Parts of the outline go by identity: the
    memo holds the outline, so they stay alive."""
    t = type(v)
    if t is str:
        return v
    if t in _SCALARS:
        return (t, v)
    if t is list or t is tuple:
        return (t, tuple(map(frozen, v)))
    if t is dict:
        return (t, tuple((frozen(k), frozen(x)) for k, x in v.items()))
    if t in _OUTLINE:
        return (t, id(v))
    if t is Fact:  # a writer's item: its text and what it carries (detail)
        return (t, str.__str__(v), frozen(dict(vars(v))))
    raise Unkeyable


class Memo:
    """One renderer's view of its context's results (`results`, a dict shared across drafts)."""

    def __init__(self, outline: Outline, context: Any, variables: dict,
                 results: dict | None = None) -> None:
        """results: the context's dict when the caller kept it from an earlier draft."""
        self.results = _results(outline, context, variables) if results is None else results
        self._frozen: dict[int, tuple[Any, Any]] = {}  # id → (value, frozen): this draft's

    def key(self, names: tuple | None, extra: dict | None) -> tuple:
        """The variables among `names` (None: all) that the enclosing item sets, frozen.
        Raises _Unkeyable."""
        if not extra:
            return ()
        return tuple((n, self._freeze(extra[n])) for n in (extra if names is None else names)
                     if n in extra)

    def _freeze(self, v: Any) -> Any:
        if type(v) is str:
            return v
        got = self._frozen.get(id(v))
        if got is not None and got[0] is v:
            return got[1]
        f = frozen(v)
        self._frozen[id(v)] = (v, f)
        return f

    def reads(self, thing: Any, sentence: bool = False) -> tuple | None:
        """The variable names a condition (mapping or expression), the conditions of a Text,
        or (sentence=True) a sentence's source read; None when that cannot be told (then
        every variable counts)."""
        key = ("reads", sentence, id(thing))
        got = self.results.get(key)
        if got is None:
            got = self.results[key] = (thing, _sentence_reads(thing) if sentence
                                       else _reads(thing))
        return got[1]

    def put(self, key: tuple, value: Any) -> Any:
        if len(self.results) >= ENTRIES:
            self.results.clear()
        self.results[key] = value
        return value


def condition_reads(thing: Any) -> tuple | None:
    """The names a condition (mapping or expression), an each: expression or the conditions of
    a Text read; None when that cannot be told."""
    return _reads(thing)


def sentence_reads(source: str) -> tuple | None:
    """The names a sentence's source reads; None when that cannot be told."""
    return _sentence_reads(source)


def _results(outline: Outline, context: Any, variables: dict) -> dict:
    try:
        key = (id(outline), context, frozen(variables))
    except (Unkeyable, TypeError):
        return {}  # not shared: this draft alone
    entry = _contexts.get(key)
    if entry is None or entry[0] is not outline:
        entry = _contexts[key] = (outline, {})
        while len(_contexts) > CONTEXTS:
            _contexts.popitem(last=False)
    else:
        _contexts.move_to_end(key)
    return entry[1]


def _reads(thing: Any) -> tuple | None:
    if isinstance(thing, dict):
        names: set[str] = set()
        if not _condition_reads(thing, names):
            return None
        return tuple(sorted(names))
    if isinstance(thing, Text):
        parts = [thing.when, *thing.conditions]
        found = [_reads(c) for c in parts if c is not None]
        if any(f is None for f in found):
            return None
        return tuple(sorted({n for f in found for n in f}))
    return _expression_reads(thing)


def _condition_reads(cond: dict, names: set[str]) -> bool:
    """What context.holds() looks up in its scope: has/lacks/one/many paths' first part, the
    item for `topic`. False for a mapping it would not understand."""
    for key, value in cond.items():
        if key == "not":
            if not isinstance(value, dict) or not _condition_reads(value, names):
                return False
        elif key in ("has", "lacks", "one", "many"):
            names.update(str(p).split(".")[0]
                         for p in (value if isinstance(value, (list, tuple)) else [value]))
        elif key == "topic":
            names.add(ITEM)
        elif key not in ("level", "role", "phase", "length"):
            return False
    return True


@lru_cache(maxsize=1 << 14)  # by text: parsing is what a first draft of a context costs
def _expression_reads(source: str) -> tuple | None:
    # Parsed as Environment.compile_expression parses it.
    env = text_env()
    try:
        parser = Parser(env, str(source), state="variable")
        expr = parser.parse_expression()
        if not parser.stream.eos:
            return None
        body = nodes.Template([nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)],
                              lineno=1)
        return tuple(sorted(meta.find_undeclared_variables(_bound(body, env)) | {*_FILTER_READS}))
    except jinja2.TemplateError:
        return None


@lru_cache(maxsize=1 << 14)
def _sentence_reads(source: str) -> tuple | None:
    try:
        ast = text_env().parse(source)
        return tuple(sorted(meta.find_undeclared_variables(ast) | {*_FILTER_READS}))
    except jinja2.TemplateError:
        return None


def _bound(body: nodes.Template, env: jinja2.Environment) -> nodes.Template:
    body.set_environment(env)
    return body
