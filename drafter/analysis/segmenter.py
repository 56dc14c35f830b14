"""jieba, started once a process and in a fraction of its own start-up.

jieba loads its whole dictionary when it starts: 498,000 words and prefixes from a 9 MB cache,
then 349,000 part-of-speech tags parsed line by line from dict.txt when jieba.posseg is imported
(~0.8 s, most of `drafter check` on one file). Every look-up jieba makes while cutting a text is
of a piece of that text, so only words starting with one of its characters are ever needed: a
speech holds ~700 distinct characters, which start ~40% of the words. drafter keeps jieba's
dictionary split by first character in its cache folder (built once, from jieba's own files) and
loads a character's words and tags the first time a text holds it. The cutting is jieba's own
code over jieba's own dictionary; only the loading differs, so the words and tags are the same.
Cut only through drafter.analysis.names (tokens, dictionary_words), which prepare the text:
jieba called directly would see a dictionary without the words of characters not yet met.

jieba.posseg's HMM (new words: names the dictionary lacks) is 75% of tagging time; viterbi below
computes its result to the bit over fewer candidates, ~2.5x faster, and is installed in its place.
"""

from __future__ import annotations

import marshal
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

# Bumped when the cache file's layout changes; a file of another layout is rebuilt.
FORMAT = 1
CACHE_NAME = "jieba-dict.marshal"


def cache_dir() -> Path | None:
    """drafter's cache folder (drafter/cache.py), where jieba's split dictionary is kept."""
    from drafter import cache

    return cache.folder()


class Segmenter:
    """jieba and jieba.posseg; prepare(text) before cutting text."""

    def __init__(self, jieba: Any, posseg: Any, shards: dict[str, bytes] | None):
        self.jieba, self.posseg = jieba, posseg
        self._shards = shards  # None: the whole dictionary is loaded
        self._seen: set[str] = set()

    def prepare(self, text: str) -> None:
        """Load the words and tags starting with any character of text not seen before."""
        if self._shards is None:
            return
        new = set(text) - self._seen
        if not new:
            return
        self._seen |= new
        freq, tags = self.jieba.dt.FREQ, self.posseg.dt.word_tag_tab
        for ch in new:
            blob = self._shards.get(ch)
            if blob is not None:
                words, word_tags = marshal.loads(blob)
                freq.update(words)
                tags.update(word_tags)


@lru_cache(maxsize=1)
def segmenter() -> Segmenter:
    """The process's one jieba: from drafter's cache when it holds this jieba's dictionary,
    else loaded whole (and the cache written for the next process)."""
    import logging
    import warnings

    with warnings.catch_warnings():
        # jieba 0.42 has invalid escapes in its sources: noise that pytest's
        # filterwarnings = error would turn into failures.
        warnings.simplefilter("ignore")
        jieba = _import_jieba()
        jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict…" lines go to stderr
        folder = cache_dir()
        path = folder / CACHE_NAME if folder else None
        cached = _read_cache(path, _stamp(jieba)) if path else None
        if cached is not None and not jieba.dt.initialized and "jieba.posseg" not in sys.modules:
            total, shards = cached
            return Segmenter(jieba, _fast(_posseg_without_tags(jieba, total)), shards)
        jieba.initialize()
        import jieba.posseg as posseg
    _fast(posseg)
    if path:
        _write_cache(path, _stamp(jieba), jieba.dt, posseg.dt.word_tag_tab)
    return Segmenter(jieba, posseg, None)


def _fast(posseg: Any) -> Any:
    """posseg with the Viterbi below, which returns what its own does, ~2.5x faster."""
    posseg.viterbi = viterbi
    return posseg


def _import_jieba() -> Any:
    """import jieba, without the pkg_resources it imports only to open its own dict.txt (~70 ms
    of start-up; without it jieba opens the file by its path)."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes its import fail
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def _posseg_without_tags(jieba: Any, total: int) -> Any:
    """jieba.posseg over an empty dictionary that prepare() fills: jieba marked started with
    none of its words, and posseg's tag table read from an empty file instead of dict.txt."""
    import io

    jieba.dt.FREQ, jieba.dt.total, jieba.dt.initialized = {}, total, True
    jieba.dt.get_dict_file = lambda: io.BytesIO(b"")
    try:
        import jieba.posseg as posseg
    finally:
        del jieba.dt.get_dict_file
    return posseg


def _stamp(jieba: Any) -> tuple:
    """What the cache must match: its layout, jieba's version and its dict.txt."""
    st = os.stat(os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME))
    return (FORMAT, jieba.__version__, st.st_size, st.st_mtime_ns)


def _read_cache(path: Path, stamp: tuple) -> tuple[int, dict[str, bytes]] | None:
    """(total frequency, first character → its words and tags), or None when the file is
    missing, unreadable or from another jieba."""
    try:
        data = marshal.loads(path.read_bytes())
        if data[0] == stamp and isinstance(data[2], dict):
            return data[1], data[2]
    except Exception:  # noqa: BLE001 — a damaged cache is rebuilt, never an error
        pass
    return None


def _write_cache(path: Path, stamp: tuple, dt: Any, tags: dict[str, str]) -> None:
    """Split the loaded dictionary by first character and save it; a folder that cannot be
    written only costs the next process the full load."""
    split: dict[str, tuple[dict, dict]] = {}
    for word, freq in dt.FREQ.items():
        split.setdefault(word[0], ({}, {}))[0][word] = freq
    for word, tag in tags.items():
        split.setdefault(word[0], ({}, {}))[1][word] = tag
    blob = marshal.dumps((stamp, dt.total, {ch: marshal.dumps(v) for ch, v in split.items()}))
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(blob)
        os.replace(tmp, path)  # whole or not at all, even with two processes writing
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


# --- jieba.posseg's Viterbi, the same arithmetic over fewer candidates ------------------------

_MIN_FLOAT = -3.14e100  # jieba's log-probability of a character a state never emits
_NEG = float("-inf")  # jieba's score of a transition that does not exist


def viterbi(obs: str, states: dict, start_p: dict, trans_p: dict, emit_p: dict):
    """jieba.posseg.viterbi's result to the bit, ~2.5x faster: the best path of (B/M/E/S, tag)
    states for a run of characters no dictionary word covers (a new name, 王磊超).

    jieba builds a (score, state) pair for every previous state, scoring -inf where there is
    no transition. Here only previous states with a transition are scored, by the same
    expression in the same order, so the same pair is the maximum (ties go to the greater
    state, as in jieba); when none scores above -inf, jieba's own expression decides."""
    V: list[dict] = [{}]
    mem_path: list[dict] = [{}]
    all_states = trans_p.keys()
    for y in states.get(obs[0], all_states):
        V[0][y] = start_p[y] + emit_p[y].get(obs[0], _MIN_FLOAT)
        mem_path[0][y] = ""
    for t in range(1, len(obs)):
        prev, now, path = V[t - 1], {}, {}
        prev_states = [x for x in mem_path[t - 1] if len(trans_p[x]) > 0]
        expect_next = {y for x in prev_states for y in trans_p[x]}
        obs_states = set(states.get(obs[t], all_states)) & expect_next
        if not obs_states:
            obs_states = expect_next if expect_next else all_states
        edges = [(prev[y0], y0, trans_p[y0]) for y0 in prev_states]
        for y in obs_states:
            e = emit_p[y].get(obs[t], _MIN_FLOAT)
            best = max(((v + out[y] + e, y0) for v, y0, out in edges if y in out),
                       default=(_NEG, None))
            if best[0] == _NEG:
                best = max((v + out.get(y, _NEG) + e, y0) for v, y0, out in edges)
            now[y], path[y] = best
        V.append(now)
        mem_path.append(path)
    prob, state = max((V[-1][y], y) for y in mem_path[-1])
    route = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = mem_path[i][state]
    return prob, route
