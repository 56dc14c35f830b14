"""A persistent 查重 index: one SQLite file (stdlib, WAL) per corpus folder, built once by
`drafter corpus index DIR` and refreshed by file hash with `--update`.

Storing every 8-gram of 100,000 documents would not fit 2 GB, so the index keeps, as MOSS does,
winnowed fingerprints: of every WINDOW consecutive 8-gram hashes of a document, the smallest
(Schleimer, Wilkerson, Aiken 2003). A query looks up ALL of a draft's 8-gram hashes; any passage
of at least WINDOW + N - 1 compared characters shared with a document holds one whole window of
that document, hence one of its fingerprints, so the document becomes a candidate. The top
candidates (most shared fingerprints) are then compared exactly by the in-memory algorithm
(OverlapIndex, ParaphraseIndex) over their text, stored compressed in the index: ratios,
passages and near-paraphrases of every document reported are those the full in-memory search
gives, and do not depend on the files still being there. A corpus of at most CANDIDATES
documents is compared whole, so its results are the in-memory ones exactly.
"""

from __future__ import annotations

import hashlib
import heapq
import os
import sqlite3
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.corpus.overlap import N, OverlapIndex, OverlapResult, compared
from drafter.errors import DrafterError

SCHEMA_VERSION = 1
APP = "drafter-corpus-index"
WINDOW = 16  # winnowing window: any shared passage of ≥ WINDOW + N - 1 = 23 characters is found
GUARANTEED = WINDOW + N - 1
CANDIDATES = 64  # documents compared exactly per draft
SENTENCE_CANDIDATES = 2  # and, for near-paraphrase, the closest documents of each sentence
MORE_CANDIDATES = 192
DEFAULT = Path(".drafter") / "index.sqlite"
REFRESH = "drafter corpus index {folder} --update"
TIMEOUT = 5.0  # seconds to wait for another process's write lock

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE docs(id INTEGER PRIMARY KEY, name TEXT NOT NULL, file TEXT NOT NULL UNIQUE,
                  size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha1 TEXT NOT NULL,
                  title TEXT NOT NULL, body BLOB NOT NULL);
CREATE TABLE fp(hash INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY(hash, doc)) WITHOUT ROWID;
"""


def default_path(folder: Path | str) -> Path:
    """Where a corpus folder's index lives unless --index says otherwise."""
    return Path(folder) / DEFAULT


def _crcs(stripped: str) -> list[int]:
    """The CRC-32 of each 8-gram (of its UTF-32 bytes, sliced without copying)."""
    crc, view = zlib.crc32, memoryview(stripped.encode("utf-32-le"))
    return [crc(view[i:i + 4 * N]) for i in range(0, 4 * (len(stripped) - N + 1), 4)]


# Hashes are stored signed: SQLite keeps a signed 32-bit integer in 4 bytes, an unsigned one in 6.
_SIGN = 0x80000000


def gram_hashes(stripped: str) -> list[int]:
    """The hash of every 8-gram: what a draft looks up."""
    return [h - _SIGN for h in _crcs(stripped)]


def fingerprints(stripped: str) -> set[int]:
    """Winnowing: the smallest hash of every window of WINDOW consecutive 8-grams (a shorter
    text keeps its smallest). Minima of 2, 4, 8, then 16 neighbours (WINDOW is a power of 2):
    four passes in C instead of a Python loop over windows."""
    h = _crcs(stripped)
    if len(h) <= WINDOW:
        return {min(h) - _SIGN} if h else set()
    span = 1
    while span < WINDOW:
        h = list(map(min, h, h[span:]))
        span *= 2
    return {x - _SIGN for x in set(h)}


def corpus_files(folder: Path) -> list[Path]:
    """The corpus documents of a folder, as load_corpus reads them (*.md, README aside)."""
    return sorted(p for p in folder.glob("*.md") if p.stem.lower() != "readme")


# --- errors ------------------------------------------------------------------------------------


def _db_error(e: sqlite3.Error, path: Path) -> DrafterError:
    text = str(e).lower()
    if "locked" in text or "busy" in text:
        return DrafterError("语料索引正被另一个进程写入，暂时打不开", path,
                            hint="等那个 drafter corpus index 结束后再试")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DrafterError("语料索引文件已损坏（不是 SQLite 数据库）", path,
                            hint="删除这个文件，再用 drafter corpus index 语料文件夹 重建")
    return DrafterError(f"读写语料索引出错：{e}", path)


def _check_meta(con: sqlite3.Connection, path: Path) -> dict[str, str]:
    try:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError as e:
        if "no such table" not in str(e):
            raise
        meta = {}
    if meta.get("app") != APP:
        raise DrafterError("这个文件不是 drafter 的语料索引", path,
                           hint="用 --index 指定 drafter corpus index 建立的索引文件")
    if meta.get("schema") != str(SCHEMA_VERSION):
        raise DrafterError(f"语料索引的格式版本是 {meta.get('schema')}，"
                           f"这个版本的 drafter 用的是 {SCHEMA_VERSION}", path,
                           hint="用 drafter corpus index 语料文件夹 --force 重建")
    return meta


def _connect(path: Path) -> sqlite3.Connection:
    """A connection; a file this process may not write (a read-only share) is opened immutable,
    since WAL readers otherwise need to create the -shm file next to it."""
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        return sqlite3.connect(_uri(path) + "?immutable=1", uri=True, timeout=TIMEOUT,
                               check_same_thread=False)
    return sqlite3.connect(path, timeout=TIMEOUT, check_same_thread=False)


def _uri(path: Path) -> str:
    """A file: URI SQLite accepts without a host part: /C:/… for a drive, ////server/share/…
    for a Windows share (Path.as_uri gives file://server/…, which SQLite refuses)."""
    from urllib.parse import quote

    posix = str(path.resolve()).replace("\\", "/")
    if not posix.startswith("/"):
        posix = "/" + posix
    elif posix.startswith("//"):
        posix = "//" + posix
    return "file:" + quote(posix)


def open_index(path: Path) -> tuple[sqlite3.Connection, dict[str, str]]:
    """An existing index, checked: DrafterError (exit 2) when locked, corrupt, of another
    schema version or not an index at all."""
    if not path.is_file():
        raise DrafterError("找不到语料索引文件", path,
                           hint="先用 drafter corpus index 语料文件夹 建立索引")
    try:
        con = _connect(path)
        return con, _check_meta(con, path)
    except sqlite3.Error as e:
        raise _db_error(e, path) from e


# --- reading documents (in worker processes when there are many) ------------------------------


@dataclass
class _Entry:
    file: str
    name: str
    size: int
    mtime_ns: int
    sha1: str
    title: str
    body: bytes
    fps: list[int]


def _sha1(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def _entry(path: Path) -> _Entry:
    from drafter.corpus.clean import read_doc

    doc = read_doc(path)
    st = path.stat()
    return _Entry(path.name, doc.id, st.st_size, st.st_mtime_ns, _sha1(path), doc.title,
                  zlib.compress(doc.text.encode(), 6), sorted(fingerprints(compared(doc.text))))


def _entries(paths: list[Path], jobs: int) -> Any:
    """_Entry of each path, in order; parsing is most of the build, so many go to a pool."""
    if jobs <= 1 or len(paths) < 200:
        yield from map(_entry, paths)
        return
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        yield from pool.imap(_entry, paths, chunksize=32)


# --- building and updating ---------------------------------------------------------------------


@dataclass
class Report:
    path: Path
    docs: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def _corpus_or_fail(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise DrafterError(f"找不到语料文件夹：{folder}", folder,
                           hint="先用 drafter corpus clean 建立语料")
    files = corpus_files(folder)
    if not files:
        raise DrafterError(f"语料文件夹里没有语料文件：{folder}", folder,
                           hint="先用 drafter corpus clean 建立语料")
    return files


def build(folder: Path, path: Path | None = None, force: bool = False, jobs: int = 1) -> Report:
    """A new index of folder, written to a temporary file and moved into place whole."""
    files = _corpus_or_fail(folder)
    path = path or default_path(folder)
    if path.exists() and not force:
        raise DrafterError("语料索引已存在", path,
                           hint=f"用 {REFRESH.format(folder=folder)} 更新，或加 --force 重建")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        con = sqlite3.connect(tmp)
        try:
            _fill(con, files, jobs)
        finally:
            con.close()
        # The old file's -wal could hold frames a new connection would apply to the new file:
        # it goes first (a reader still open keeps its own copies; POSIX unlinks open files).
        for stale in (f"{path}-wal", f"{path}-shm"):
            Path(stale).unlink(missing_ok=True)
        os.replace(tmp, path)
    except sqlite3.Error as e:
        raise _db_error(e, path) from e
    finally:
        tmp.unlink(missing_ok=True)
    return Report(path, len(files), [f.name for f in files])


def _fill(con: sqlite3.Connection, files: list[Path], jobs: int) -> None:
    """Documents and fingerprints; the postings are sorted once by SQLite (a temporary table,
    then one ordered insert), which packs the table's pages and keeps memory flat."""
    # No journal while building a file nobody else sees yet (a failed build is deleted);
    # WAL, for readers during later updates, is switched on once it is complete.
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                      "PRAGMA cache_size=-65536; PRAGMA temp_store=FILE;" + _SCHEMA)
    con.execute("CREATE TEMP TABLE raw(hash INTEGER, doc INTEGER)")
    con.executemany("INSERT INTO meta VALUES (?, ?)",
                    [("app", APP), ("schema", str(SCHEMA_VERSION)), ("n", str(N)),
                     ("window", str(WINDOW))])
    for k, e in enumerate(_entries(files, jobs), 1):
        _insert_doc(con, k, e)
        con.executemany("INSERT INTO raw VALUES (?, ?)", ((h, k) for h in e.fps))
    con.execute("INSERT INTO fp SELECT hash, doc FROM raw ORDER BY hash, doc")
    con.execute("DROP TABLE raw")
    _sign(con)
    con.commit()
    con.execute("PRAGMA journal_mode=WAL")


def _insert_doc(con: sqlite3.Connection, k: int | None, e: _Entry) -> int:
    cur = con.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      (k, e.name, e.file, e.size, e.mtime_ns, e.sha1, e.title, e.body))
    return cur.lastrowid


def update(folder: Path, path: Path | None = None, jobs: int = 1) -> Report:
    """Bring an index up to date with its folder: files compared by SHA-1; added and changed
    ones (re)indexed, removed ones dropped, in one transaction. No index yet: build one."""
    files = _corpus_or_fail(folder)
    path = path or default_path(folder)
    if not path.exists():
        return build(folder, path, jobs=jobs)
    con, _ = open_index(path)
    try:
        con.execute("BEGIN IMMEDIATE")
        report = _refresh(con, folder, files, jobs, Report(path))
        _sign(con)
        con.commit()
        report.docs = con.execute("SELECT count(*) FROM docs").fetchone()[0]
        return report
    except sqlite3.Error as e:
        raise _db_error(e, path) from e
    finally:
        con.close()


def _refresh(con: sqlite3.Connection, folder: Path, files: list[Path], jobs: int,
             report: Report) -> Report:
    stored = {f: (k, sha) for k, f, sha in con.execute("SELECT id, file, sha1 FROM docs")}
    todo = []
    for p in files:
        old = stored.pop(p.name, None)
        st = p.stat()
        sha = _sha1(p)
        if old is None:
            report.added.append(p.name)
        elif old[1] != sha:
            report.changed.append(p.name)
            _drop(con, old[0])
        else:  # same content: remember the new stat so the quick staleness test agrees
            con.execute("UPDATE docs SET size = ?, mtime_ns = ? WHERE id = ?",
                        (st.st_size, st.st_mtime_ns, old[0]))
            continue
        todo.append(p)
    for name, (k, _) in sorted(stored.items()):
        report.removed.append(name)
        _drop(con, k)
    for e in _entries(todo, jobs):
        k = _insert_doc(con, None, e)
        con.executemany("INSERT INTO fp VALUES (?, ?)", ((h, k) for h in e.fps))
    return report


def _drop(con: sqlite3.Connection, k: int) -> None:
    """A document and its postings, found again from its stored text (no per-document list
    of fingerprints is kept: it would cost 10% more disk)."""
    (body,) = con.execute("SELECT body FROM docs WHERE id = ?", (k,)).fetchone()
    fps = fingerprints(compared(zlib.decompress(body).decode()))
    con.executemany("DELETE FROM fp WHERE hash = ? AND doc = ?", ((h, k) for h in fps))
    con.execute("DELETE FROM docs WHERE id = ?", (k,))


# --- staleness ---------------------------------------------------------------------------------


def _signature(entries: list[tuple[str, int, int]]) -> str:
    """One digest of the (file, size, modification time) of every document, sorted by file."""
    lines = "".join(f"{f}\t{size}\t{mtime}\n" for f, size, mtime in sorted(entries))
    return hashlib.sha1(lines.encode()).hexdigest()


def _sign(con: sqlite3.Connection) -> None:
    """Store the signature of what was indexed: a query compares it with the folder's and only
    reads the 100,000 rows of docs when they differ."""
    rows = con.execute("SELECT file, size, mtime_ns FROM docs").fetchall()
    con.execute("INSERT OR REPLACE INTO meta VALUES ('files', ?)", (_signature(rows),))


def _folder_entries(folder: Path) -> list[tuple[str, int, int]]:
    """(file, size, modification time) of the corpus files, as corpus_files lists them; stat
    relative to the open folder where the system allows it (no path resolved 100,000 times)."""
    import stat

    names = [n for n in os.listdir(folder) if n.endswith(".md") and not n.startswith(".")
             and n[:-3].lower() != "readme"]
    if os.stat in os.supports_dir_fd:
        fd = os.open(folder, os.O_RDONLY)
        try:
            stats = [os.stat(n, dir_fd=fd) for n in names]
        finally:
            os.close(fd)
    else:
        stats = [os.stat(os.path.join(folder, n)) for n in names]
    return [(n, st.st_size, st.st_mtime_ns) for n, st in zip(names, stats, strict=True)
            if stat.S_ISREG(st.st_mode)]


def changes(con: sqlite3.Connection, folder: Path) -> tuple[int, int, int]:
    """(added, changed, removed) files of folder since it was indexed. Size and modification
    time first (their digest, then file by file); a file whose differ is hashed, so a mere
    touch does not count."""
    current = _folder_entries(folder)
    signed = con.execute("SELECT value FROM meta WHERE key = 'files'").fetchone()
    if signed and signed[0] == _signature(current):
        return 0, 0, 0
    stored = {f: (size, mtime) for f, size, mtime in
              con.execute("SELECT file, size, mtime_ns FROM docs")}
    added = changed = 0
    for name, size, mtime in current:
        old = stored.pop(name, None)
        if old is None:
            added += 1
        elif (size, mtime) != old and _changed(con, folder / name):
            changed += 1
    return added, changed, len(stored)


def _changed(con: sqlite3.Connection, path: Path) -> bool:
    (sha,) = con.execute("SELECT sha1 FROM docs WHERE file = ?", (path.name,)).fetchone()
    return _sha1(path) != sha


def stale_message(counts: tuple[int, int, int], folder: Path) -> str | None:
    added, changed, removed = counts
    if not (added or changed or removed):
        return None
    parts = [f"{label} {n} 篇" for label, n in (("新增", added), ("修改", changed),
                                                 ("删除", removed)) if n]
    return (f"语料索引已过期：建索引以后语料文件夹 {folder} {'、'.join(parts)}，"
            f"这次仍按建索引时的范文比较；用 {REFRESH.format(folder=folder)} 更新索引")


# --- querying ----------------------------------------------------------------------------------


class IndexedCorpus:
    """The index of a corpus, queried like an OverlapIndex: compare(text) and
    paraphrases().compare(text), over the candidate documents of that text."""

    def __init__(self, path: Path, folder: Path | None = None) -> None:
        self.path = path
        self.con, _ = open_index(path)
        try:
            self.count = self.con.execute("SELECT count(*) FROM docs").fetchone()[0]
            self.stale = stale_message(changes(self.con, folder), folder) if folder else None
        except sqlite3.Error as e:
            raise _db_error(e, path) from e
        self.candidates = CANDIDATES
        self._last: _Draft | None = None

    def compare(self, text: str) -> list[OverlapResult]:
        return self.verifier(text).compare(text)

    def paraphrases(self) -> Any:
        return _Paraphrases(self)

    def verifier(self, text: str) -> OverlapIndex:
        """The in-memory index of the candidate documents of text (the last draft's is kept:
        overlap and near-paraphrase ask for the same draft in turn)."""
        return self._prepare(text).overlap

    def _prepare(self, text: str) -> _Draft:
        if self._last is None or self._last.text != text:
            try:
                ids, more = self._candidates(text)
                self._last = _Draft(text, self._load(ids, text), ids, more)
            except sqlite3.Error as e:
                raise _db_error(e, self.path) from e
        return self._last

    def paraphrase_index(self, text: str) -> Any:
        """The near-paraphrase index of the candidates and of the documents closest to each
        draft sentence, holding only the bigrams the draft's sentences look up."""
        from drafter.corpus.paraphrase import ParaphraseIndex, draft_bigrams

        draft = self._prepare(text)
        if draft.para is None:
            draft.para, only = ParaphraseIndex(), draft_bigrams(text)
            try:
                for name, title, body in self._rows(None if draft.ids is None
                                                    else draft.ids + draft.more):
                    draft.para.add(name, title, zlib.decompress(body).decode(), only)
            except sqlite3.Error as e:
                raise _db_error(e, self.path) from e
        return draft.para

    def _candidates(self, text: str) -> tuple[list[int] | None, list[int]]:
        """(documents sharing the most fingerprints with the draft's 8-grams, None: all;
        further documents sharing the most with one of its sentences, for near-paraphrase)."""
        if self.count <= self.candidates:
            return None, []
        con = self.con
        con.execute("CREATE TEMP TABLE IF NOT EXISTS q(hash INTEGER PRIMARY KEY)")
        con.execute("DELETE FROM q")
        con.executemany("INSERT OR IGNORE INTO q VALUES (?)",
                        ((h,) for h in gram_hashes(compared(text))))
        # CROSS JOIN keeps the draft's hashes as the outer loop: left to itself, SQLite
        # scanned the whole posting table instead (1 s at 10,000 documents, not 10 ms).
        rows = con.execute("SELECT q.hash, fp.doc FROM q CROSS JOIN fp ON fp.hash = q.hash"
                           ).fetchall()
        ids = _top(Counter(k for _, k in rows), self.candidates)
        return ids, _sentence_candidates(text, rows, set(ids))

    def _rows(self, ids: list[int] | None) -> list[tuple[str, str, bytes]]:
        """(id, title, compressed text) of documents, in the order load_corpus reads them."""
        if ids is None:
            return self.con.execute("SELECT name, title, body FROM docs ORDER BY file").fetchall()
        marks = ",".join("?" * len(ids))
        return self.con.execute(f"SELECT name, title, body FROM docs WHERE id IN ({marks}) "
                                "ORDER BY file", ids).fetchall()

    def _load(self, ids: list[int] | None, text: str) -> OverlapIndex:
        stripped = compared(text)
        only = {stripped[i:i + N] for i in range(len(stripped) - N + 1)}
        index = OverlapIndex()
        for name, title, body in self._rows(ids):
            index.add(name, title, zlib.decompress(body).decode(), only)
        return index


@dataclass
class _Draft:
    """What one draft is compared with."""

    text: str
    overlap: OverlapIndex
    ids: list[int] | None
    more: list[int]
    para: Any = None


def _top(counts: Counter, n: int) -> list[int]:
    """The n documents counted most often; ties to the earlier document."""
    return [k for k, _ in heapq.nsmallest(n, counts.items(), key=lambda e: (-e[1], e[0]))]


def _sentence_candidates(text: str, rows: list[tuple[int, int]], taken: set[int]) -> list[int]:
    """For each draft sentence, the SENTENCE_CANDIDATES documents sharing the most of its
    fingerprints (a sentence with a few words swapped usually keeps an 8-gram or two), besides
    the draft's candidates: a document that shares one sentence and nothing else is searched
    too. At most MORE_CANDIDATES in all."""
    from drafter.corpus.paraphrase import sentences

    docs_of: dict[int, list[int]] = defaultdict(list)
    for h, k in rows:
        docs_of[h].append(k)
    more: dict[int, None] = {}
    for _, _, kept in sentences(text):
        counts = Counter(k for h in set(gram_hashes(kept)) for k in docs_of.get(h, ()))
        for k in _top(counts, SENTENCE_CANDIDATES):
            if k not in taken:
                more[k] = None
        if len(more) >= MORE_CANDIDATES:
            break
    return list(more)[:MORE_CANDIDATES]


class _Paraphrases:
    def __init__(self, corpus: IndexedCorpus) -> None:
        self.corpus = corpus

    def compare(self, text: str) -> list:
        return self.corpus.paraphrase_index(text).compare(text)


def open_corpus(against: Path | str, index: Path | None = None) -> IndexedCorpus | None:
    """The index to compare with: `index` if given (with folder `against` checked for
    staleness when it is a folder), an index file given as `against`, or the folder's own
    index (DIR/.drafter/index.sqlite) when it has one; None: no index, compare in memory."""
    against = Path(against)
    if index is not None:
        return IndexedCorpus(index, against if against.is_dir() else None)
    if against.is_file():
        return IndexedCorpus(against)
    path = default_path(against)
    return IndexedCorpus(path, against) if path.exists() else None
