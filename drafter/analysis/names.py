"""Names of people and places a speech carries over from another (王波市长, 临川县委, 常州市).

Two readings, each kept once, because they answer differently and their callers' output depends on
it:
- tagged (check): jieba's part-of-speech tags (ns places, nr people) tell 常州市 and 王波 from
  common words ending in 市 or starting with 王. Precise, ~0.2 s a speech; jieba loads on first use
  (analysis/segmenter.py), and each paragraph is tagged once (tokens).
- pattern (extract): dictionary-free character rules (1–3 characters before a place suffix, a
  surname before a title) with stop lists, cheap enough to run on every sentence of a corpus.
The word lists are the caller's data (data/checks.yaml `names`, data/extract.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

_HAN = re.compile(r"[\u4e00-\u9fff]")
# Heads that make a place word a self-reference, not a name (全县, 本镇, 我乡, 各区, 该市).
_SELF_HEADS = ("全", "本", "我", "各", "该")


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


# --- tagged: jieba ------------------------------------------------------------------------------


# jieba's HMM grows worse than linearly on one long run of text (a 2 MB paragraph took 270 s),
# so text is tagged in pieces of at most this many characters, cut after punctuation.
MAX_RUN = 400
_BREAK = "。！？；，、：”）\n"


# Paragraphs whose tags are kept: the names rule reads each paragraph's tags twice (places,
# people), and a run over many speeches sees many; bounded.
TOKEN_CACHE = 4096
# Clauses whose tags are kept: speeches of one office (and drafts of one outline) share many
# clauses (坚持以习近平新时代中国特色社会主义思想为指导，), so a folder's tagging is mostly look-ups.
CLAUSE_CACHE = 32768
# jieba.posseg tags each run of Han characters, letters and digits on its own, and each other
# character alone, so text cut after one of these is tagged exactly as the whole.
_CLAUSE_END = re.compile(r"(?<=[。！？；，、：”）])")


@lru_cache(maxsize=TOKEN_CACHE)
def tokens(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part-of-speech tag) in order: jieba.posseg's, computed once per paragraph."""
    return tuple(t for piece in _pieces(text) for clause in _CLAUSE_END.split(piece) if clause
                 for t in _clause_tokens(clause))


@lru_cache(maxsize=CLAUSE_CACHE)
def _clause_tokens(clause: str) -> tuple[tuple[str, str], ...]:
    import warnings

    from drafter.analysis.segmenter import segmenter

    seg = segmenter()
    seg.prepare(clause)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tuple((p.word, p.flag) for p in seg.posseg.cut(clause))


def dictionary_words(text: str) -> list[str]:
    """The words of jieba's dictionary segmentation (no HMM: no guessed new words)."""
    from drafter.analysis.segmenter import segmenter

    seg = segmenter()
    seg.prepare(text)
    return list(seg.jieba.cut(text, HMM=False))


def _pieces(text: str) -> list[str]:
    out, start = [], 0
    while len(text) - start > MAX_RUN:
        window = text[start:start + MAX_RUN]
        cut = max(window.rfind(ch) for ch in _BREAK)
        end = start + (cut + 1 if cut > 0 else MAX_RUN)
        out.append(text[start:end])
        start = end
    out.append(text[start:])
    return out


@dataclass(frozen=True)
class TaggedNames:
    """The word lists of the tagged reading (data/checks.yaml `names`)."""

    place_suffixes: tuple[str, ...]  # 街道, 省, 市, 县 …
    organ_suffixes: tuple[str, ...]  # 委, 党委, 政府 … written right after a name (临川县委)
    proper_tags: frozenset[str]  # jieba's tags of real places and names
    generic_places: frozenset[str]  # words ending in a suffix that name no place (开发区)
    titles: frozenset[str]
    surnames: str

    @classmethod
    def from_table(cls, t: Mapping) -> TaggedNames:
        return cls(tuple(t["place_suffixes"]), tuple(t["organ_suffixes"]),
                   frozenset(t["proper_tags"]), frozenset(t["generic_places"]),
                   frozenset(t["titles"]), t["surnames"])

    @cached_property
    def suffix_tokens(self) -> dict[str, str]:
        """Tokens that end a place name: 镇, 县委, 乡政府, 街道办事处 … → the suffix they carry."""
        out = {}
        for s in self.place_suffixes:
            out[s] = s
            for organ in self.organ_suffixes:
                out[s + organ] = s
        return out


def tagged_places(text: str, names: TaggedNames, loose: bool = False) -> list[tuple[str, int]]:
    """Place names with a suffix (常州市, 临川县 from 临川县委) and their positions. loose also takes
    names jieba tags as common nouns (青石 镇): right for a title, too noisy for a body."""
    toks = tokens(text)
    out, pos = [], 0
    for k, (w, flag) in enumerate(toks):
        name = None
        if (len(w) >= 3 and flag in names.proper_tags and w.endswith(names.place_suffixes)
                and _HAN.fullmatch(w[0])):
            name = w
        elif (
            len(w) >= 2
            and (flag in names.proper_tags or loose and flag.startswith("n"))
            and all(_HAN.match(c) for c in w)
            and k + 1 < len(toks)
            and toks[k + 1][0] in names.suffix_tokens
        ):
            name = w + names.suffix_tokens[toks[k + 1][0]]
        if name and name not in names.generic_places and not name.startswith(_SELF_HEADS):
            out.append((name, pos))
        pos += len(w)
    return out


def tagged_people(text: str, names: TaggedNames) -> list[tuple[str, str, int]]:
    """(name, how it is written, position) for people with a title: 薄书记, 王波市长, 市长王波."""
    toks = tokens(text)
    offsets, pos = [], 0
    for w, _ in toks:
        offsets.append(pos)
        pos += len(w)

    def person(k: int) -> bool:
        w, flag = toks[k]
        return 2 <= len(w) <= 3 and flag.startswith("nr") and w[0] in names.surnames

    out = []
    for k, (w, _) in enumerate(toks):
        if w not in names.titles:
            continue
        before = toks[k - 1][0] if k > 0 else ""
        if k > 0 and (len(before) == 1 and before in names.surnames or person(k - 1)):
            out.append((before, before + w, offsets[k - 1]))
        elif k + 1 < len(toks) and person(k + 1):
            out.append((toks[k + 1][0], w + toks[k + 1][0], offsets[k]))
    return out


def speaker_names(line: str) -> set[str]:
    """The names in a speaker line (镇党委书记 王明): tagged as people, or its last 2–4 characters."""
    out = {w for w, f in tokens(line) if f.startswith("nr")}
    out.update(re.findall(r"[\u4e00-\u9fff]{2,4}$", line))
    return out


# --- pattern: dictionary-free -------------------------------------------------------------------


@dataclass(frozen=True)
class PatternNames:
    """The word lists of the pattern reading (data/extract.yaml)."""

    place_suffixes: str  # 市县区镇乡旗
    place_stop: frozenset[str]  # suffix words that are ordinary words (社区, 城乡)
    not_in_place: frozenset[str]  # characters of organs (委, 府): no place name holds them
    place_next_stop: frozenset[str]  # after a suffix they make a word (市民, 乡村)
    function_chars: frozenset[str]  # end the text before a name (的, 在, 全, 我 …)
    function_words: tuple[str, ...]  # the same, as words (贯彻落实|市政府)
    city_follow: tuple[str, ...]
    city_stop: str
    titles: tuple[str, ...]
    person_orgs: tuple[str, ...]
    surnames: str
    person_before: str

    @classmethod
    def from_rules(cls, r: Mapping) -> PatternNames:
        return cls("".join(r["place_suffixes"]), frozenset(r["place_stop"]),
                   frozenset(r["not_in_place"]), frozenset(r["place_next_stop"]),
                   frozenset(r["function_chars"]), tuple(r["function_words"]),
                   tuple(r["city_follow"]), r["city_stop"], tuple(r["titles"]),
                   tuple(r["person_orgs"]), r["surnames"], r["person_before"])

    @cached_property
    def people_rx(self) -> re.Pattern:
        """An optional organ (市委), a surname, up to two characters, a title (王波市长)."""
        titles = "|".join(sorted(map(re.escape, self.titles), key=len, reverse=True))
        orgs = "|".join(map(re.escape, self.person_orgs))
        return re.compile(
            rf"((?:[{self.place_suffixes}省](?:{orgs}))?)([{self.surnames}])"
            rf"([\u3400-\u9fff]{{0,2}}?)({titles})")


def pattern_places(text: str, names: PatternNames, exclude: Collection[str] = ()) -> list[str]:
    """Other places' names: 1–3 characters before a place suffix, cut at a function character
    or word (按照|常州市, 贯彻落实|市政府), and short names ending in 城 (柯城的); exclude are
    words the caller knows (this place's own)."""
    found = []
    for m in re.finditer(f"[{names.place_suffixes}]", text):
        i = m.start()
        if text[i + 1: i + 2] in names.place_next_stop:
            continue
        name = _before_suffix(text, i, names)
        if not name:
            continue
        word = name + text[i]
        if (any(word.endswith(w) for w in names.place_stop)
                or any(c in names.not_in_place for c in name)
                or any(c in names.place_suffixes for c in name) or word in exclude):
            continue
        found.append(word)
    follow = "|".join(names.city_follow)
    for m in re.finditer(rf"([\u3400-\u9fff])城(?={follow})", text):
        if m.group(1) not in names.city_stop and m.group(0) not in exclude:
            found.append(m.group(0))
    return found


def _before_suffix(text: str, i: int, names: PatternNames) -> str:
    """The up to three characters before position i that can be a name."""
    window = text[max(0, i - 3): i]
    cut = max((k for k, ch in enumerate(window)
               if not is_cjk(ch) or ch in names.function_chars), default=-1)
    for w in names.function_words:
        at = text.rfind(w, max(0, i - 3 - len(w)), i)
        if at >= 0 and at + len(w) > i - len(window):
            cut = max(cut, at + len(w) - (i - len(window)) - 1)
    return window[cut + 1:]


def pattern_people(text: str, names: PatternNames) -> list[str]:
    """People written with their title (王波市长, 市委薄书记), as written; not 总书记."""
    out = []
    for m in names.people_rx.finditer(text):
        start = m.start()
        before = text[start - 1] if start else ""
        if text[m.start(4) - 1: m.start(4)] == "总":
            continue
        if not m.group(1) and before and is_cjk(before) and before not in names.person_before:
            continue
        if any(c in names.function_chars for c in m.group(3)):
            continue
        out.append(m.group(0))
    return out


def own_name(title: str, suffix: str, names: PatternNames) -> str:
    """The place's own name when a title names it (在青石镇… → 青石 for suffix 镇), else ""."""
    m = re.match(rf"^在?([\u3400-\u9fff]{{2,4}}?){re.escape(suffix)}", title)
    if not m or m.group(1)[0] in names.function_chars:
        return ""
    return m.group(1)


def nameless_comrade(text: str) -> bool:
    """Whether a 同志 stands without the name before it (刚才，同志宣读了…)."""
    return re.search(r"(?<=[，。；、：])同志(?!们)", text) is not None
