"""Sentence units and the findings cache: the rules whose findings depend only on one sentence
remember what they found in it, because drafts of one spec share almost all their sentences
(24,137 sentences over 200 seeds, 1,736 distinct) but few whole paragraphs.

A unit is a piece of a paragraph cut after a 。 that a hanzi follows, so every unit but the
first starts with a hanzi and every unit but the last ends with 。. A rule is computed per unit
only when none of its patterns can match across such a cut, nor look across it differently (a
lookbehind at a unit's start sees 。 in the paragraph and nothing in the unit): each cached
rule's module says why its patterns qualify, and tests/checks/test_findings_cache.py holds the
findings with and without the cache the same over the outline library and random paragraphs.
What a finding shows around its words (its excerpt) is cut from the paragraph, not the unit.

Each rule key has a table (unit → what the rule found in it; Doc.hits asks it for every unit
of a speech at once; a speech's paragraphs are cut into units once, by checks.document.Doc);
mojibake, placeholders and the context rules keep their own (memo). Rare characters (half-width
marks, control characters) are looked for unit by unit too, and a speech holding one is read by
the rules as written. The cache is per process and bounded (UNITS units a key, PARAGRAPHS
paragraphs and texts a memo, the oldest quarter dropped when full: about 15 MB at most,
whatever a batch worker's 100,000 cells hold); it is off while a project file tunes the rules'
table (its options change what a rule finds), inside disabled() and when ENABLED is False."""

from __future__ import annotations

import functools
import itertools
import operator
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from operator import itemgetter
from typing import Any, TypeVar

import drafter.checks.base as base

# How many units and paragraphs are kept (one spec's drafts share ~1,700 sentences; a record of
# a unit takes about 2 KB, a paragraph 1 KB): a batch worker drafts up to 100,000 cells.
UNITS = 4096
PARAGRAPHS = 4096
ENABLED = True  # False: no check in this process uses units or the cache
# Off for what runs inside disabled() (per thread: drafter serve checks in several at once).
_OFF: ContextVar[bool] = ContextVar("units_off", default=False)

T = TypeVar("T")


def active() -> bool:
    """Whether rules may use units and the cache now (not while drafter.toml tunes the table)."""
    return ENABLED and not _OFF.get() and base._TUNED.get() is None


@contextmanager
def disabled() -> Iterator[None]:
    """Run the rules as they were written, paragraph by paragraph, without the cache."""
    token = _OFF.set(True)
    try:
        yield
    finally:
        _OFF.reset(token)


def split(text: str, lines: bool = False) -> list[tuple[int, str]]:
    """(offset, unit) of each unit of a paragraph, in order; they join back into text. lines:
    text is paragraphs joined by line breaks, also cut after a line break that follows a 。."""
    out, start, at = [], 0, text.find("。")
    while at >= 0:  # str.find, not a regex: a lookbehind tried at every character is slower
        cut = at + 1
        if lines and text.startswith("\n", cut):
            cut += 1
        elif not (cut < len(text) and "\u4e00" <= text[cut] <= "\u9fff"):
            cut = 0
        if cut:
            out.append((start, text[start:cut]))
            start = cut
        at = text.find("。", at + 1)
    out.append((start, text[start:]))
    return out


MISSING: Any = object()  # no value yet (a rule may find None)


class Memo:
    """A bounded map from a key (a text and what else a rule reads) to what a rule found."""

    def __init__(self, size: int = PARAGRAPHS) -> None:
        self.size = size
        self.data: dict[Hashable, Any] = {}

    def get(self, key: Hashable, compute: Callable[..., T], *args: Any) -> T:
        """What compute(*args) gave for key, computed on the first call."""
        data = self.data
        value = data.get(key, MISSING)
        if value is MISSING:
            value = data[key] = compute(*args)
            if len(data) > self.size:
                self._drop_oldest()
        return value

    def _drop_oldest(self) -> None:
        """The oldest quarter goes at once (a hit costs one look-up, no reorder): a dict finds
        its first key past the slots of the keys deleted before it, so one at a time would
        make every insertion walk them."""
        data = self.data
        try:
            for key in list(itertools.islice(data, max(1, self.size // 4))):
                del data[key]
        except (KeyError, RuntimeError):
            pass  # another thread (drafter serve) changed it meanwhile: next time

    def clear(self) -> None:
        self.data.clear()


_MEMOS: dict[str, Memo] = {}
# What each rule found in each unit: rule key → unit → value. A key holds what the rule reads
# besides the unit (the level, the meeting date …); one table per key, so a speech's units are
# looked up in one (C-speed) pass: map(table.get, units).
_TABLES: dict[Hashable, Memo] = {}
MAX_TABLES = 64  # keys seen (a batch over many meeting dates makes a table per date)


def memo(name: str, size: int = PARAGRAPHS) -> Memo:
    """The cache of one rule (by name) for whole paragraphs or other texts than units."""
    found = _MEMOS.get(name)
    if found is None:
        found = _MEMOS[name] = Memo(size)
    return found


def table(key: Hashable) -> Memo:
    """Unit → what the rule of this key found in it."""
    found = _TABLES.get(key)
    if found is None:
        if len(_TABLES) >= MAX_TABLES:
            _TABLES.pop(next(iter(_TABLES)), None)  # the key seen first goes
        found = _TABLES[key] = Memo(UNITS)
    return found


def forget(rule: str) -> None:
    """Drop the tables of the keys (rule, …): what they hold no longer means what it did."""
    for key in [k for k in _TABLES if isinstance(k, tuple) and k[:1] == (rule,)]:
        _TABLES.pop(key, None)
    forget_marks()


# Which rule keys each unit has been asked of, and which found something in it: a bit per key
# (Doc.hits). A speech all of whose units were asked of a rule before finds those that gave
# something among the few units that gave anything to any rule, instead of a look-up per unit
# per rule (a dozen rules ask every unit of every draft of a batch). A rule gives the same for
# the same unit, so a mark outlives the table entry it came from; marks are forgotten with the
# tables (clear, forget) and when they grow past 4 × UNITS units. Doc.hits measured 7% of a
# batch's checks faster.
MARKED_KEYS = 60
_BITS: dict[Hashable, int] = {}
_BITS_LOCK = threading.Lock()
# A unit's text → [its canonical object, bits asked, bits that found something]: one look-up a
# unit gives both (seen()).
_SEEN: dict[str, list[Any]] = {}


def bit_of(key: Hashable) -> int | None:
    """The key's bit (None once MARKED_KEYS keys have one: then that key is not marked)."""
    found = _BITS.get(key)
    if found is None:
        with _BITS_LOCK:  # two threads must not give two keys one bit
            found = _BITS.get(key)
            if found is None and len(_BITS) < MARKED_KEYS:
                found = _BITS[key] = len(_BITS)
    return found


def mark(texts: list[str], bit: int, values: list[Any]) -> None:
    """Note that each unit was asked of the key of `bit`, and what it gave. Under a lock: two
    drafter serve threads or-ing bits into one record must not lose a "found" bit while its
    "asked" bit stays (then Doc.hits would pass over that unit's finding). A batch marks a
    speech's units only while some of them are new to it, so the lock is rarely taken."""
    flag = 1 << bit
    with _BITS_LOCK:
        for unit, value in zip(texts, values, strict=True):
            m = _SEEN.get(unit)
            if m is None:
                m = _SEEN[unit] = [unit, 0, 0]
            m[1] |= flag
            if value:
                m[2] |= flag


def seen(texts: list[str]) -> tuple[list[str], int, list[tuple[int, int]]]:
    """The units, each replaced by the first object seen with its text, with their marks: the
    bits every unit was asked of, and (j, bits that found something) for each unit that gave
    anything ((0, []) when a unit is new).

    With canonical objects every rule's table is looked up with the very keys it holds: a
    look-up that finds its key by identity skips comparing the characters (4% of a batch's
    checks, a speech's units being asked for by a dozen rules)."""
    got = list(map(_SEEN.get, texts))
    if not all(got):  # a record is a non-empty list: falsy only where a unit is new
        if len(_SEEN) > 4 * UNITS:
            _SEEN.clear()  # the tables keep their keys; the next speeches start it again
        got = [m if m is not None else _SEEN.setdefault(t, [t, 0, 0])
               for m, t in zip(got, texts, strict=True)]
        return list(map(itemgetter(0), got)), 0, []
    asked = functools.reduce(operator.and_, map(itemgetter(1), got))
    return list(map(itemgetter(0), got)), asked, [(j, m[2]) for j, m in enumerate(got) if m[2]]


def forget_marks() -> None:
    """Forget every unit's marks. The keys keep their bits for the life of the process (but
    for clear()): drafter serve checks in several threads, and a bit given to another key
    while a check holds it would mark the wrong rule."""
    _SEEN.clear()


def found(key: Hashable, unit: str, compute: Callable[..., T], *args: Any) -> T:
    """What a rule found in a unit: compute(unit, *args), kept in the key's table."""
    return table(key).get(unit, compute, unit, *args)


def clear() -> None:
    """Forget everything every rule remembered (tests start cold with it)."""
    _TABLES.clear()
    forget_marks()
    _BITS.clear()
    for m in _MEMOS.values():
        m.clear()
