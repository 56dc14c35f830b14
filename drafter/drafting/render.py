"""Render: outline + spec → Markdown draft, through sandboxed Jinja with Chinese-aware filters."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import jinja2

from drafter.drafting import context, memo
from drafter.drafting import layout as layout_mod
from drafter.drafting.environment import (
    compile_expression,
    compile_sentence,
    layout_env,
    layout_record,
    md_escape,
)
from drafter.drafting.jinja_zh import Refused, runtime_problem
from drafter.drafting.outline import (
    Condition,
    Item,
    Outline,
    Paragraph,
    Section,
    Text,
    check_fit,
)
from drafter.drafting.sandbox import MAX_OUTPUT
from drafter.errors import DrafterError
from drafter.spec.validate import Spec
from drafter.text import cn

# What evaluating an outline's sentence may raise besides DrafterError: Jinja's errors, and
# what drafter's filters and Python raise on values of the wrong kind (1/0, a date filter on a
# list). All become a DrafterError naming the outline's file and line.
_RENDER_ERRORS = (
    jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError, AttributeError,
    RecursionError, AssertionError,  # Jinja's truncate asserts on its arguments
)
# Copies of items an outline may make with each: (nested each: over literal lists multiplies).
MAX_ITEMS = 10_000
REFITS = 3  # renderings after the first, at most, for a seed that misses its target
REFIT_MARGIN = 0.06  # within this share of the target a draft is kept as it is (promise: 10%)
# Markers that count items within a paragraph run; one item alone takes none of them.
LIST_STYLES = ("一是", "一要", "第一", "第一，", "首先")
ITEM = memo.ITEM  # where an item's element sits in the scope; `when: {topic: …}` reads it


def _hash(*parts: object) -> int:
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _hash_tail(prefix: Any, tail: str) -> int:
    h = prefix.copy()
    h.update(tail.encode())
    return int.from_bytes(h.digest(), "big")


def choose(seed: int, key: str, n: int) -> int:
    """Which of n alternatives a sentence takes: a function of (seed, the sentence's key) only,
    so editing one part of an outline leaves every other choice as it was. Seeds go in runs of
    n (1…n, n+1…2n): within a run each alternative is taken once, in an order of the key's
    own, so seeds 1 and 2 never say the same sentence where there is a choice; across runs the
    orders are independent, so no two seeds agree more often than chance."""
    if n == 1:
        return 0
    run, place = divmod(seed - 1, n)
    return _order(key, run, n)[place]


@functools.lru_cache(maxsize=1 << 12)
def _order(key: str, run: int, n: int) -> tuple[int, ...]:
    # Cached: a batch's seeds share their run's order, and every draft of one seed its keys'.
    # A batch needs only each key's current run (a few hundred entries): a cache of 65,536
    # filled with runs long past made every hit a miss of the processor's caches (a draft
    # measured 5% slower).
    # _sorted_by_hash(_prefix(key, run), range(n)), written out: a miss a sentence of a line
    # argued now and then makes in nearly every draft that argues it.
    prefix = _key_state(key).copy()
    prefix.update(_TAILS[run] + b"\x1f" if run < 64 else f"{run}\x1f".encode())
    digests = []
    for tail in _TAILS[:n] if n <= len(_TAILS) else [str(i).encode() for i in range(n)]:
        h = prefix.copy()
        h.update(tail)
        digests.append(h.digest())
    return tuple(sorted(range(n), key=digests.__getitem__))


# str(i).encode() of small numbers: the tails _order and pick() hash most.
_TAILS = tuple(str(i).encode() for i in range(64))


@functools.lru_cache(maxsize=1 << 12)
def _key_state(key: str) -> Any:
    """blake2b after f"{key}\x1f": a key's orders over the runs of seeds share it."""
    return hashlib.blake2b(f"{key}\x1f".encode(), digest_size=8)


def _sorted_by_hash(prefix: Any, numbers: Any) -> tuple[int, ...]:
    """numbers sorted by _hash_tail(prefix, str(i)): the digests compared as bytes, which
    orders them as their big-endian integers do (ties alike: the sort is stable)."""
    digests = {}
    for i in numbers:
        h = prefix.copy()
        h.update(_TAILS[i] if i < 64 else str(i).encode())
        digests[i] = h.digest()
    return tuple(sorted(digests, key=digests.__getitem__))


def _prefix(*parts: object) -> Any:
    """The state of _hash(*parts, x) before x: _hash_tail(_prefix(*parts), str(x)) is it."""
    return hashlib.blake2b(("\x1f".join(map(str, parts)) + "\x1f").encode(), digest_size=8)


# Seeds come in blocks of this many; within a block the lines of argument of all sections are
# chosen together, as a code with a large minimum distance (the seeds' choices differ in as
# many sections as they can), from this many candidates each.
CODE_BLOCK, CODE_CANDIDATES = 30, 24


def codeword(seed: int, counts: tuple[int, ...]) -> tuple[int, ...]:
    """Which line each section takes (counts[j] lines to choose from in section j)."""
    if not counts:
        return ()
    block, place = divmod(seed - 1, CODE_BLOCK)
    return _codebook(counts, block)[place]


@functools.lru_cache(maxsize=256)
def _codebook(counts: tuple[int, ...], block: int) -> list[tuple[int, ...]]:
    """_build_codebook, kept in the per-user cache: building one is a tenth of a cold draft."""
    import marshal

    from drafter import cache

    name = f"{counts}/{block}/{CODE_BLOCK}/{CODE_CANDIDATES}"
    stored = cache.read("codebooks", name, name.encode())
    if stored is not None:
        try:
            book = marshal.loads(stored)
        except (EOFError, ValueError, TypeError):
            book = None
        if _is_codebook(book, counts):
            return book
    book = _build_codebook(counts, block)
    cache.write("codebooks", name, name.encode(), marshal.dumps(book))
    return book


def _is_codebook(book: Any, counts: tuple[int, ...]) -> bool:
    return (isinstance(book, list) and len(book) == CODE_BLOCK
            and all(isinstance(w, tuple) and len(w) == len(counts)
                    and all(type(x) is int and 0 <= x < n for x, n in zip(w, counts, strict=True))
                    for w in book))


def _build_codebook(counts: tuple[int, ...], block: int) -> list[tuple[int, ...]]:
    """CODE_BLOCK codewords chosen greedily: each the candidate farthest (in sections that
    differ) from those already chosen — nearest neighbour first, then the sum. Candidates come
    from a hash, so the book is the same on every machine and Python."""
    book: list[tuple[int, ...]] = []
    # Each word also as one bit per section (at its offset plus the line taken): two words
    # differ in half as many sections as the bits of their XOR.
    offsets = [sum(counts[:j]) for j in range(len(counts))]
    packed: list[int] = []
    # _hash("code", counts, block, k, c, j), its common prefixes hashed once.
    prefix = hashlib.blake2b("\x1f".join(map(str, ("code", counts, block, ""))).encode(),
                             digest_size=8)
    # Each section's tail, line count and first bit; a word's bits are disjoint, so OR is sum.
    sections = [(str(j).encode(), n, at) for j, (n, at) in enumerate(zip(counts, offsets,
                                                                         strict=True))]
    from_bytes = int.from_bytes
    for k in range(CODE_BLOCK):
        best, best_key, best_bits = None, None, 0
        row = prefix.copy()
        row.update(f"{k}\x1f".encode())
        for c in range(CODE_CANDIDATES):
            state = row.copy()
            state.update(f"{c}\x1f".encode())
            word, bits = [], 0
            for tail, n, at in sections:
                h = state.copy()
                h.update(tail)
                x = from_bytes(h.digest(), "big") % n
                word.append(x)
                bits |= 1 << (at + x)
            gaps = [(bits ^ other).bit_count() >> 1 for other in packed]
            key = (min(gaps, default=len(counts)), sum(gaps))
            if best_key is None or key > best_key:
                best, best_key, best_bits = tuple(word), key, bits
        book.append(best)
        packed.append(best_bits)
    return book


def visible_len(markdown_text: str) -> int:
    """Characters a reader sees: no whitespace, no escaping backslashes, no bold markers."""
    s = markdown_text.replace("**", "")
    if "\\" in s:  # (most drafts have no escape: the regex pass is skipped)
        s = re.sub(r"\\(.)", r"\1", s)
    return len("".join(s.split()))


# fit() measures the same elaborations in every draft of a spec (sentences, not whole drafts).
_elaboration_len = functools.lru_cache(maxsize=1 << 14)(visible_len)


@layout_record
@dataclass
class RParagraph:
    """A rendered paragraph: its sentences, and the elaborations chosen to reach the length."""

    text: str
    more: list[str] = field(default_factory=list)


@layout_record
@dataclass
class RItem:
    """A rendered item."""

    marker: str
    lead: str
    text: str
    more: list[str] = field(default_factory=list)
    items: list[RItem] = field(default_factory=list)


@layout_record
@dataclass
class RSection:
    """What templates/<kind>.md.j2 receives as `section`."""

    kind: str
    number: str
    heading: str
    paragraphs: list[RParagraph]
    items: list[RItem]
    after: list[RParagraph]


@dataclass
class Draft:
    """A rendered draft: its Markdown, its length in visible characters, the target."""

    markdown: str
    length: int
    target: int


# What a renderer computes from the spec and the scale alone, for the last few specs: a
# batch drafts one spec over many seeds.
_SETTINGS: OrderedDict[tuple, tuple] = OrderedDict()
SETTINGS = 8


def _setting(outline: Outline, spec: Spec, scale: int) -> tuple:
    """The context, the variables sentences see, the memo's results of the context (None:
    memo.py finds them) and the sections' programs (None: not kept) for a spec at a scale."""
    key = (id(outline), spec.key, scale) if spec.key is not None else None
    got = _SETTINGS.get(key) if key is not None else None
    if got is not None and got[0] is outline:
        try:
            _SETTINGS.move_to_end(key)
        except KeyError:
            pass  # let go meanwhile by another thread (drafter serve drafts in threads)
        return got[1:]
    ctx_ = dataclasses.replace(context.build(spec), length=scale)
    check_fit(outline, ctx_, spec)
    variables = {**spec.context(), **ctx_.variables()}
    if key is None:
        return ctx_, variables, None, None
    # Its own copy of the values: the caller may change those of the Spec it holds.
    variables = _copy(variables)
    got = _SETTINGS[key] = (outline, ctx_, variables,
                            memo.Memo(outline, ctx_, variables).results, {})
    while len(_SETTINGS) > SETTINGS:
        try:
            _SETTINGS.popitem(last=False)
        except KeyError:
            break  # emptied meanwhile by another thread
    return got[1:]


def _copy(v: Any) -> Any:
    if type(v) is dict:
        return {k: _copy(x) for k, x in v.items()}
    if type(v) is list:
        return [_copy(x) for x in v]
    return v


class _Renderer:
    def __init__(self, outline: Outline, spec: Spec, target: int, scale: int | None = None) -> None:
        """`scale` is the length the outline's `when: {length: N}` gates see: the target,
        unless a first rendering at the target missed it (see render())."""
        self.outline = outline
        self.spec = spec
        self.seed = spec.seed
        self.target = target
        self.context, self.ctx, results, self.programs = _setting(
            outline, spec, _gated(scale or target, _gates(outline)))
        self.copies = 0  # items made so far, against MAX_ITEMS
        self.memo = memo.Memo(outline, self.context, self.ctx, results)
        self._copies: dict[tuple[str, int], list[int]] = {}  # pick(): orders of repeated items

    def fail(self, e: Exception, line: int | None, what: str) -> DrafterError:
        # Messages of drafter's Undefined and Refused are Chinese; Jinja's own are not shown.
        if isinstance(e, jinja2.UndefinedError):
            msg = f"{what}{e.message}"
            hint = "变量名见 docs/outlines.md；spec 的可选字段要在提纲 fields: 里声明"
        elif isinstance(e, jinja2.exceptions.SecurityError):
            msg = f"{what}{e.message}" if isinstance(e, Refused) else f"{what}试图访问不允许的内容"
            hint = "提纲和模板只能使用文档列出的变量和过滤器"
        else:
            msg = f"{what}渲染失败：{runtime_problem(e)}"
            hint = None
        return DrafterError(msg, self.outline.path, line, hint)

    def text(self, t: Text, extra: dict | None = None, salt: str = "") -> str:
        """One sentence; `salt` tells apart the copies of an item repeated with `each`. Only the
        alternatives whose conditions hold are picked from; none, and the sentence is left out."""
        extra = extra or {}
        eligible = self._eligible(t, extra)
        if not eligible:
            return ""
        n = len(eligible)
        source = eligible[self.pick(t, salt, n) if n > 1 else 0]  # one: pick() gives 0
        if "{" not in source:
            return source  # plain text: nothing for Jinja to do, and compiling costs time
        return self._memoized("text", source, extra, lambda: self._sentence(t, source, extra),
                              sentence=True)

    def _memoized(self, kind: str, thing: Any, extra: dict | None, compute: Callable[[], Any],
                  sentence: bool = False) -> Any:
        """compute(), or what it gave for thing in an earlier draft of this context with the
        same values of the variables thing reads (memo.py)."""
        try:
            key = (kind, id(thing), self.memo.key(self.memo.reads(thing, sentence), extra))
        except memo.Unkeyable:
            return compute()
        got = self.memo.results.get(key)
        if got is None or got[0] is not thing:  # an id reused by another object: recompute
            got = self.memo.put(key, (thing, compute()))
        return got[1]

    def _sentence(self, t: Text, source: str, extra: dict) -> str:
        try:
            out = compile_sentence(source).render({**self.ctx, **extra}).strip()
        except _RENDER_ERRORS as e:
            raise self.fail(e, t.line, "句子") from e
        if len(out) > MAX_OUTPUT:
            raise DrafterError(
                f"句子渲染结果超过 {MAX_OUTPUT} 字", self.outline.path, t.line,
                "检查这句话用到的列表或过滤器",
            )
        return out

    def _eligible(self, t: Text, extra: dict) -> tuple[str, ...]:
        """The alternatives whose conditions hold (none when the sentence's own does not)."""
        if t.when is None and t.conditions.count(None) == len(t.conditions):
            return tuple(t.alternatives)  # no condition: most sentences, and nothing to look up
        return self._memoized("eligible", t, extra, lambda: self._eligible_now(t, extra))

    def _eligible_now(self, t: Text, extra: dict) -> tuple[str, ...]:
        if not self.when(t.when, extra):
            return ()
        return tuple(a for a, c in zip(t.alternatives,
                                       t.conditions or (None,) * len(t.alternatives),
                                       strict=True) if self.when(c, extra))

    def pick(self, t: Text, salt: str, n: int) -> int:
        """Which of the n eligible alternatives a sentence takes. Copies of a repeated item ("#i"
        at the end of the salt) go through them in an order of the seed's own, from the start
        choose() gives: neighbouring copies never say the same sentence, and two seeds that
        start alike part after the first copy instead of repeating each other item by item."""
        if "#" not in salt:  # no copy of a repeated item: most sentences
            return choose(self.seed, t.key + salt, n)
        parent, _, copy = salt.rpartition("#")
        if not copy:
            return choose(self.seed, t.key + salt, n)
        order = self._copies.get((t.key + parent, n))
        if order is None:  # the same for every copy of the item: sorted once a draft
            start = choose(self.seed, t.key + parent, n)
            rest = _sorted_by_hash(_prefix(self.seed, t.key + parent),
                                   [i for i in range(n) if i != start])
            order = self._copies[(t.key + parent, n)] = [start, *rest]
        return order[int(copy) % n]

    def value(self, expr: str, extra: dict | None = None) -> Any:
        try:
            return compile_expression(expr)(**{**self.ctx, **(extra or {})})
        except _RENDER_ERRORS as e:
            raise self.fail(e, None, f"表达式“{expr}”") from e

    def when(self, cond: Condition | None, extra: dict | None = None) -> bool:
        if cond is None:
            return True
        return self._memoized("when", cond, extra, lambda: self._when_now(cond, extra))

    def _when_now(self, cond: Condition, extra: dict | None) -> bool:
        if isinstance(cond, dict):
            scope = {**self.ctx, **(extra or {})}
            return context.holds(cond, self.context, scope, scope.get(ITEM))
        return bool(self.value(cond, extra))

    def items(self, items: list[Item], extra: dict, salt: str = "") -> list[tuple]:
        """The items that appear: (item, variables it binds, salt). An item with `each` appears
        once per element of its list, the element named by `as`."""
        out = []
        for it in items:
            if it.each is None:
                if self.when(it.when, extra):
                    out.append((it, {}, salt))
                continue
            seq = self.value(it.each, extra)
            if seq is None or isinstance(seq, str):
                seq = [seq] if seq else []  # an empty or one-line column of a table row
            if not isinstance(seq, (list, tuple)):
                raise DrafterError(
                    f"条目 {it.key} 的 each 应得到一个列表：{it.each}", self.outline.path
                )
            for i, element in enumerate(seq):
                bound = {it.as_: element, ITEM: element}
                if self.when(it.when, {**extra, **bound}):
                    out.append((it, bound, f"{salt}#{i}"))
        self.copies += len(out)
        if self.copies > MAX_ITEMS:
            raise DrafterError(
                f"条目展开超过 {MAX_ITEMS} 个", self.outline.path,
                hint="检查提纲里层层嵌套的 each:",
            )
        return out

    def select(self, section: Section, items: list[tuple]) -> list[tuple]:
        """Keep the items whose keys the spec lists in the field `section.select`."""
        chosen = self.ctx.get(section.select) or []
        if not chosen:
            return items
        keys = [it.key for it, _, _ in items]
        for k in chosen:
            if k not in keys:
                field = (section.select,)
                raise DrafterError(
                    f"字段 {section.select} 中的“{k}”不是本提纲的条目", self.spec.path,
                    self.spec.lines.get(field), "可选：" + "、".join(keys),
                )
        return [e for e in items if e[0].key in chosen]

    def paragraph(self, p: Paragraph, extra: dict, elaborations: list) -> RParagraph | None:
        if not self.when(p.when, extra):
            return None
        out = RParagraph("".join(self.text(t, extra) for t in p.text))
        elaborations.extend(self._more(p.more, out, extra))
        return out

    def paragraphs(self, ps: list[Paragraph], extra: dict, elaborations: list) -> list:
        return [r for r in (self.paragraph(p, extra, elaborations) for p in ps) if r]

    def _more(self, more: list[Text], holder, extra: dict, salt: str = "") -> list:
        """The elaborations that apply here, numbered in order: one whose conditions leave it
        empty is skipped, so it does not hold back those after it."""
        texts = [(t.key + salt, self.text(t, extra, salt)) for t in more]
        return [(key, i, holder, text)
                for i, (key, text) in enumerate((k, x) for k, x in texts if x)]

    def item(self, entry: tuple, n: int, marker: str, extra: dict, elaborations: list,
             count: int = 0) -> RItem:
        it, bound, salt = entry
        scope = {**extra, **bound}
        subs = self.items(it.items, scope, salt)
        local = {**scope, "items": subs}
        out = RItem(
            _marker(n, marker, count),
            self.text(it.lead, local, salt) if it.lead else "",
            "".join(self.text(t, local, salt) for t in it.text),
        )
        elaborations.extend(self._more(it.more, out, local, salt))
        out.items = [self.item(sub, i, it.marker, local, elaborations, len(subs))
                     for i, sub in enumerate(subs, 1)]
        return out

    def _section(self, s: Section, base: dict, elaborations: list) -> RSection:
        """A section as the seed words it (its number is set by render())."""
        items = self.items(s.items, base)
        if s.select:
            items = self.select(s, items)
        extra = {**base, "items": items}
        heading = self.text(s.heading, extra) if s.heading else ""
        return RSection(
            s.kind, "", heading,
            self.paragraphs(s.paragraphs, extra, elaborations),
            [self.item(it, i, s.marker, extra, elaborations, len(items))
             for i, it in enumerate(items, 1)],
            self.paragraphs(s.after, extra, elaborations),
        )

    # A section's program: its sentences with the alternatives their conditions leave, its items
    # and paragraphs, as _section() finds them; none of that depends on the seed, so the next
    # seeds of the spec only pick and join (_run_section) what _section() would.

    def _program_key(self, i: int, s: Section, headings: list) -> tuple | None:
        if self.programs is None:
            return None
        if len(self.programs) >= PROGRAMS:
            self.programs.clear()
        reads = self.programs.get(("headings", id(s)))
        if reads is None or reads[0] is not s:
            reads = self.programs[("headings", id(s))] = (s, _reads_headings(s))
        # What reads `headings` depends on the lines the seed argues in the other sections.
        return (i, id(s), tuple(map(id, headings)) if reads[1] else None)

    def _keep(self, key: tuple, s: Section, base: dict, copies: int) -> None:
        """The program of a section _section() has just drafted: the same steps, with the
        same (memoized) results, so it cannot fail where _section() did not."""
        saved, self.copies = self.copies, 0
        try:
            items = self.items(s.items, base)
            if s.select:
                items = self.select(s, items)
            extra = {**base, "items": items}
            self.programs[key] = _SectionP(
                s, copies, s.kind, self._slot(s.heading, extra, "") if s.heading else None,
                self._paragraph_programs(s.paragraphs, extra),
                [self._item_program(e, i, s.marker, extra, len(items))
                 for i, e in enumerate(items, 1)],
                self._paragraph_programs(s.after, extra),
            )
        except (DrafterError, *_RENDER_ERRORS):
            pass  # not kept: the next seed drafts it as this one did
        finally:
            self.copies = saved

    def _slot(self, t: Text, extra: dict, salt: str) -> _TextP:
        return _TextP(t, salt, t.key + salt, extra, self._eligible(t, extra), {})

    def _paragraph_programs(self, ps: list[Paragraph], extra: dict) -> list[_ParagraphP]:
        return [_ParagraphP([self._slot(t, extra, "") for t in p.text],
                            [self._slot(t, extra, "") for t in p.more])
                for p in ps if self.when(p.when, extra)]

    def _item_program(self, entry: tuple, n: int, marker: str, extra: dict,
                      count: int) -> _ItemP:
        it, bound, salt = entry
        scope = {**extra, **bound}
        subs = self.items(it.items, scope, salt)
        local = {**scope, "items": subs}
        return _ItemP(
            _marker(n, marker, count), self._slot(it.lead, local, salt) if it.lead else None,
            [self._slot(t, local, salt) for t in it.text],
            [self._slot(t, local, salt) for t in it.more],
            [self._item_program(sub, i, it.marker, local, len(subs))
             for i, sub in enumerate(subs, 1)],
        )

    def _run_section(self, p: _SectionP, elaborations: list) -> RSection:
        self.copies += p.copies
        heading = self._run_text(p.heading) if p.heading else ""
        return RSection(p.kind, "", heading, self._run_paragraphs(p.paragraphs, elaborations),
                        [self._run_item(it, elaborations) for it in p.items],
                        self._run_paragraphs(p.after, elaborations))

    def _run_paragraphs(self, ps: list[_ParagraphP], elaborations: list) -> list[RParagraph]:
        out = []
        for p in ps:
            r = RParagraph("".join([self._run_text(t) for t in p.text]))
            elaborations.extend(self._run_more(p.more, r))
            out.append(r)
        return out

    def _run_item(self, p: _ItemP, elaborations: list) -> RItem:
        out = RItem(p.marker, self._run_text(p.lead) if p.lead else "",
                    "".join([self._run_text(t) for t in p.text]))
        elaborations.extend(self._run_more(p.more, out))
        out.items = [self._run_item(sub, elaborations) for sub in p.items]
        return out

    def _run_more(self, slots: list[_TextP], holder: Any) -> list:
        """_more() of a program: an elaboration whose every alternative is known (_shape) is
        left for fit() to pick only if it asks (four in ten lie in rounds fit() skips)."""
        out = []
        for t in slots:
            if not t.eligible:
                continue
            if t.shape if t.shape is not None else self._shape(t):
                out.append((t.key, len(out), holder, t))  # picked by fit() if it asks
            else:
                text = self._run_text(t)
                if text:
                    out.append((t.key, len(out), holder, text))
        return out

    def _shape(self, p: _TextP) -> _Shape | bool:
        """What fit() needs to know of an elaboration before it is picked, when every
        alternative renders non-empty; else False (its place among the elaborations then
        depends on the choice: it is picked at once)."""
        try:
            texts = [self._alternative(p, i) for i in range(len(p.eligible))]
        except Exception:  # one the seed may never take fails: picked at once, as before
            texts = [""]
        if not all(texts):
            p.shape = False
            return False
        lengths = list(map(_elaboration_len, texts))
        p.shape = _Shape(min((n for n in lengths if n > 0), default=0), max(lengths),
                         0 in lengths, any("\x00" in x for x in texts))
        return p.shape

    def _run_text(self, p: _TextP) -> str:
        """text(p.t, p.extra, p.salt), its alternatives' texts kept in the program."""
        eligible = p.eligible
        if not eligible:
            return ""
        n = len(eligible)
        if n == 1:
            i = 0
        elif "#" not in p.salt:  # pick() without the copies of a repeated item: p.key kept
            i = choose(self.seed, p.key, n)
        else:
            i = self.pick(p.t, p.salt, n)
        got = p.texts.get(i)
        return got if got is not None else self._alternative(p, i)

    def _alternative(self, p: _TextP, i: int) -> str:
        """The text of the i-th eligible alternative, kept in the program."""
        got = p.texts.get(i)
        if got is None:
            source = p.eligible[i]
            got = source if "{" not in source else self._memoized(
                "text", source, p.extra, lambda: self._sentence(p.t, source, p.extra),
                sentence=True)
            p.texts[i] = got
        return got

    def argued(self, sections: list[Section]) -> list[Section]:
        """Each section as the seed argues it: one of its lines whose condition holds, the
        lines of all sections chosen together (codeword()) so that two seeds rarely argue
        many sections the same way."""
        eligible = [self.fitting(s, [ln for ln in s.lines if self.when(ln.when)])
                    if s.lines else None for s in sections]
        coded = [i for i, e in enumerate(eligible) if e and len(e) > 1]
        word = dict(zip(coded, codeword(self.seed, tuple(len(eligible[i]) for i in coded)),
                        strict=True))
        out = []
        for i, s in enumerate(sections):
            lines = eligible[i]
            if lines is None:
                out.append(s)
            elif lines:
                out.append(lines[word.get(i, 0)])
        return out

    def fitting(self, section: Section, lines: list[Section]) -> list[Section]:
        """When the spec names the items of a section (`select`), the lines that have them all:
        a writer who asks for 慢 and 梗 gets a line that argues 慢 and 梗."""
        chosen = set(self.ctx.get(section.select) or ()) if section.select else set()
        if not chosen:
            return lines
        having = [ln for ln in lines if chosen <= {it.key for it in ln.items}]
        return having or lines  # none has them all: select() names what is missing

    def render(self) -> Draft:
        target = self.target
        sections = self.argued([s for s in self.outline.sections if self.when(s.when)])
        headings = [s for s in sections if s.heading is not None]
        base = {"headings": headings}
        elaborations: list = []
        rendered = []
        number = 0
        for i, s in enumerate(sections):
            key = self._program_key(i, s, headings)
            program = self.programs.get(key) if key is not None else None
            if program is not None and program.section is s \
                    and self.copies + program.copies <= MAX_ITEMS:
                section = self._run_section(program, elaborations)
            else:
                copies = self.copies
                section = self._section(s, base, elaborations)
                if key is not None:  # drafted without error: kept for the next seeds
                    self._keep(key, s, base, self.copies - copies)
            if section.heading:
                number += 1
                section.number = cn.ordinal(number, "一、")
            rendered.append(section)
        front = {
            "title": self.ctx.get("title") or self.text(self.outline.title, base),
            "subtitle": self.text(self.outline.subtitle, base) if self.outline.subtitle else "",
            # A full-width space between post and name, as GB/T 9704 documents set them.
            "speaker": "\u3000".join(
                md_escape(v) for v in (self.ctx["speaker"].get("title"),
                                       self.ctx["speaker"].get("name")) if v
            ),
            "date": cn.date_cn(self.ctx["meeting"]["date"]),
            "salutation": self.outline.salutation,
        }
        front["title_lines"] = front["title"].split("\n")  # a title the writer broke: # per line
        text, length = _frame(front, rendered, elaborations, target, self.seed, self._run_text)
        return Draft(text, length, target)


PROGRAMS = 4096  # sections' programs kept per spec and scale, at most (then it starts again)


@dataclass
class _TextP:
    """A sentence in a section's program: its eligible alternatives and their texts."""

    t: Text
    salt: str
    key: str  # t.key + salt
    extra: dict
    eligible: tuple[str, ...]
    texts: dict[int, str]
    shape: Any = None  # as an elaboration: _Renderer._shape's answer, once asked

    def __deepcopy__(self, memo: dict) -> _TextP:
        return self  # (what it gives for a seed never changes)


class _Shape(NamedTuple):
    """An elaboration's alternatives as fit() sees them: the shortest visible length above 0,
    the longest, whether one is 0, whether one holds a NUL (the frame's mark)."""

    shortest: int
    longest: int
    zero: bool
    nul: bool


@dataclass
class _ParagraphP:
    text: list[_TextP]
    more: list[_TextP]


@dataclass
class _ItemP:
    marker: str
    lead: _TextP | None
    text: list[_TextP]
    more: list[_TextP]
    items: list[_ItemP]


@dataclass
class _SectionP:
    section: Section  # the outline's (the memo holds it alive: ids stay its own)
    copies: int
    kind: str
    heading: _TextP | None
    paragraphs: list[_ParagraphP]
    items: list[_ItemP]
    after: list[_ParagraphP]


def _reads_headings(s: Section) -> bool:
    """Whether anything in a section's body may read `headings` (or cannot be told)."""
    for t in _texts(s):
        if isinstance(t, Text):
            # A sentence reads a name only by writing it: parsing the others (every sentence of
            # the outline, at each cold start) would cost more than the draft.
            found = [memo.condition_reads(t), *(memo.sentence_reads(a) for a in t.alternatives
                                                if "{" in a and "headings" in a)]
        else:  # a when: or each: of a paragraph or item
            found = [memo.condition_reads(t)]
        if any(f is None or "headings" in f for f in found):
            return True
    return False


def _texts(s: Section | Item) -> list:
    """The sentences, conditions and each: expressions of a section or item body."""
    out: list = [s.heading] if isinstance(s, Section) and s.heading else []
    if isinstance(s, Item):
        out += [x for x in (s.lead, s.when, s.each) if x is not None]
        out += [*s.text, *s.more]
    for p in [*getattr(s, "paragraphs", ()), *getattr(s, "after", ())]:
        out += [*p.text, *p.more, *([p.when] if p.when is not None else [])]
    for it in s.items:
        out += _texts(it)
    return out


class _Slot:
    """A holder's `more` while the frame renders: empty to the templates' tests (as it is
    before fit()), and joined (`more | join`) as a mark where fit()'s elaborations will go."""

    def __init__(self, mark: str) -> None:
        self.mark = mark

    def __bool__(self) -> bool:
        return False

    def __iter__(self):
        return iter((self.mark,))


_MARK = re.compile("\x00([0-9]+)\x00")
_SLOTS: list[_Slot] = []


def _slots(n: int) -> list[_Slot]:
    """The marks of n holders or more (made once: every draft has about fifty; a new list
    replaces a short one whole, so a thread never sees one half made)."""
    global _SLOTS
    slots = _SLOTS
    if len(slots) < n:
        slots = _SLOTS = [_Slot(f"\x00{i}\x00") for i in range(max(n, 64))]
    return slots


def _frame(front: dict, rendered: list, elaborations: list, target: int, seed: int,
           pick: Callable[[Any], str] | None = None) -> tuple[str, int]:
    """The draft through templates/frame.md.j2, rendered once: with marks where the
    elaborations go, measured with them empty, then filled with what fit() chose. The same
    text as rendering before and after fit(); where a mark is missing, doubled, or could be
    confused with the text, it renders again after fit() as it used to. pick: the text of an
    elaboration left to pick (fit())."""
    layout = _layout(rendered)
    holders = list({id(h): h for _, _, h, _ in elaborations}.values())
    for holder, slot in zip(holders, _slots(len(holders))):  # noqa: B905 (slots outnumber)
        holder.more = slot
    try:
        raw = layout(front, rendered)
    finally:
        for holder in holders:
            holder.more = []
    found = [int(m) for m in _MARK.findall(raw)]
    measured = _MARK.sub("", raw)
    # _tidy() only drops blank lines and the text's outer whitespace: the length is the same
    # without it unless the first line starts with a space (then what _body() keeps changes).
    length = visible_len(_body(_tidy(measured) if measured[:1].isspace() else measured))
    length = fit(elaborations, length, target, seed, pick)
    marks = set(found)
    once = (raw.count("\x00") == 2 * len(found) and len(marks) == len(found)
            and all(i < len(holders) for i in found)
            and all(i in marks or not h.more for i, h in enumerate(holders))
            and not any("\x00" in text if type(text) is str else text.shape.nul
                        for _, _, _, text in elaborations))
    if not once:
        return _tidy(layout(front, rendered)), length
    # Every \x00 is a mark's (once): split, the marks are the odd pieces.
    pieces = raw.split("\x00")
    pieces[1::2] = ["".join(holders[int(i)].more) for i in pieces[1::2]]
    return _tidy("".join(pieces)), length


def _layout(rendered: list) -> Callable[[dict, list], str]:
    """What renders templates/frame.md.j2: layout.py while the templates the draft goes
    through are the shipped ones, else Jinja."""
    env = layout_env()
    searchpath = getattr(env.loader, "searchpath", ())
    if len(searchpath) == 1 and layout_mod.shipped(searchpath[0], {s.kind for s in rendered}):
        return layout_mod.render
    frame = env.get_template("frame.md.j2")
    return lambda front, sections: frame.render(front=front, sections=sections)


def _tidy(text: str) -> str:
    """Runs of three line breaks or more made two, the outer whitespace dropped. (Replacing
    three by two until none is left takes any run of k ≥ 3 to 2, as re.sub(r"\n{3,}") did,
    in half its time.)"""
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


def fit(elaborations: list, length: int, target: int, seed: int,
        pick: Callable[[Any], str] | None = None) -> int:
    """Add whole optional elaborations, in order within each place, spread over the speech,
    while each brings the length closer to the target. Sentences are never cut. An
    elaboration may be a program's sentence not picked yet (_Renderer._run_more): pick gives
    its text, asked only when needed."""
    rounds: dict[int, list] = {}
    prefix = _prefix(seed)  # _hash(seed, "fit/" + key), the seed hashed once

    def order(e: tuple) -> bytes:  # _hash_tail's digest: bytes sort as its integers do
        h = prefix.copy()
        h.update(_fit_tail(e[0]))
        return h.digest()

    for key, index, holder, text in elaborations:
        rounds.setdefault(index, []).append((key, holder, text))
    for index in sorted(rounds):
        # An elaboration of n characters brings the length closer iff 0 < n < 2 × the gap,
        # and the gap only shrinks: a round none of whose elaborations could be taken is
        # skipped unsorted (hashing the seed with every key was a tenth of a warm draft).
        batch = rounds[index]
        if not any(_may_take(e[2], 2 * (target - length), pick) for e in batch):
            continue
        taken = _all_taken(batch, index, length, target, pick)
        if taken is not None:
            length = taken
            continue
        for _key, holder, text in sorted(batch, key=order):
            if len(holder.more) != index:
                continue  # the elaboration before it was left out: keep their order
            if type(text) is not str:
                text = pick(text)
            n = _elaboration_len(text)
            if abs(length + n - target) < abs(length - target):
                holder.more.append(text)
                length += n
    return length


def _all_taken(batch: list, index: int, length: int, target: int,
               pick: Callable[[Any], str] | None) -> int | None:
    """A round of fit() whose elaborations all fit in what is left to the target: each is
    taken (but an empty one, or one whose holder left out the one before it) in whatever order
    they come, so the round is taken without hashing the seed with every key to sort it. The
    length after it; None when they do not all fit (or a holder comes twice): then the order
    decides which are taken."""
    live = [(holder, text if type(text) is str else pick(text))
            for _key, holder, text in batch if len(holder.more) == index]
    sizes = [_elaboration_len(text) for _, text in live]
    if length + sum(sizes) > target or len({id(h) for h, _ in live}) != len(live):
        return None
    for (holder, text), n in zip(live, sizes, strict=True):
        if n > 0:  # 0 < n ≤ the gap left: it brings the length closer, as fit() asks
            holder.more.append(text)
            length += n
    return length


def _may_take(text: Any, limit: int, pick: Callable[[Any], str] | None) -> bool:
    """0 < its length < limit; for an elaboration not picked yet, known without picking when
    all its alternatives agree."""
    if type(text) is not str:
        shape = text.shape
        if not shape.zero and shape.longest < limit:
            return True
        if not 0 < shape.shortest < limit:
            return False
        text = pick(text)
    return 0 < _elaboration_len(text) < limit


@functools.lru_cache(maxsize=1 << 14)
def _fit_tail(key: str) -> bytes:
    return ("fit/" + key).encode()


def _marker(n: int, style: str, count: int) -> str:
    """The marker of the n-th of count items: a lone item is no list, so it gets no 一是."""
    if count == 1 and style in LIST_STYLES:
        return ""
    return cn.ordinal(n, style)


def _body(markdown_text: str) -> str:
    """The part of a draft after the title block (what char counts measure)."""
    lines = markdown_text.splitlines()
    return "\n".join(ln for ln in lines if not ln.startswith(("# ", ">")))


def check_length(outline: Outline, target: int, path: Any = None, line: int | None = None) -> None:
    """The outline's own length range (drafter draft, and new --ask at the question)."""
    low, high = outline.lengths
    if not low <= target <= high:
        raise DrafterError(
            f"提纲 {outline.id}（{outline.name}）能写 {low}–{high} 字，目标 {target} 字不在范围内",
            path, line,
            hint=f"把字数改在 {low}–{high} 之间，或换一个篇幅合适的提纲（drafter outlines 列出范围）",
        )


def render(outline: Outline, spec: Spec, length: int | None = None) -> Draft:
    """The Markdown draft of a spec with its outline; length is the target in characters."""
    target = length or spec.length or outline.length
    where = ("length",) if (spec.length and not length) else None
    check_length(outline, target, spec.path if where else None,
                 spec.lines.get(where) if where else None)
    best = _Renderer(outline, spec, target).render()
    gates = _gates(outline)
    drafts = {_gated(target, gates): best}  # what each setting of the gates drafted
    scale = target
    # The lines a seed argues differ in size, so a seed may miss the target with the items its
    # gates admit. It is rendered again with the gates set as for a proportionally longer (or
    # shorter) speech: whole items and sections come or go in the outline's designed order.
    for _ in range(REFITS):
        if abs(best.length - target) <= target * REFIT_MARGIN:
            break
        scale = max(1, round(scale * target / best.length))
        again = drafts.get(_gated(scale, gates))
        if again is None:  # (the same gates draft the same text: not drafted twice)
            again = drafts[_gated(scale, gates)] = _Renderer(outline, spec, target,
                                                             scale).render()
        if abs(again.length - target) < abs(best.length - target):
            best = again
    return best


_GATES: dict[int, tuple[Outline, tuple]] = {}


def _gates(outline: Outline) -> tuple:
    """Every N of a `when: {length: N}` in the outline (and any other number a mapping in it
    holds under `length`: more is harmless), sorted."""
    got = _GATES.get(id(outline))
    if got is None or got[0] is not outline:
        if len(_GATES) >= 64:
            _GATES.clear()
        found: set = set()
        _length_values(outline, found, set())
        got = _GATES[id(outline)] = (outline, tuple(sorted(found)))
    return got[1]


def _length_values(v: Any, found: set, seen: set) -> None:
    t = type(v)
    if t is dict:
        n = v.get("length")
        if type(n) in (int, float):
            found.add(n)
        for x in v.values():
            _length_values(x, found, seen)
    elif t is list or t is tuple:
        for x in v:
            _length_values(x, found, seen)
    elif dataclasses.is_dataclass(v) and not isinstance(v, type) and id(v) not in seen:
        seen.add(id(v))
        for f in dataclasses.fields(v):
            _length_values(getattr(v, f.name), found, seen)


def _gated(scale: int, gates: tuple) -> Any:
    """The length the gates see, as one value per way they fall: context.holds() tests
    `length >= N` only, so scales between two gates draft alike (and share their caches)."""
    below = [n for n in gates if n <= scale]
    return below[-1] if below else (gates[0] - 1 if gates else 0)
