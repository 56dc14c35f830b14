"""The persistent 查重 index (`drafter corpus index`): the same results as the in-memory overlap,
incremental updates by file hash, staleness, and the errors a user can meet (exit 2, Chinese)."""

from __future__ import annotations

import functools
import json
import os
import random
import shutil
import sqlite3

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT, write

from drafter import api
from drafter.checks.overlap import build_index
from drafter.cli import cli
from drafter.corpus import index as idx
from drafter.corpus.clean import load_corpus
from drafter.corpus.overlap import OverlapIndex, body_text

UNRELATED = (
    "村里的图书角开张那天，孩子们排着队借书。老李把旧仓库刷成了浅黄色，靠墙摆了四排木架子，"
    "最上面一层放的是连环画和地图册。下雨天来看书的人反而更多，有人带着热水瓶，有人抱着小板凳。"
)


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def copy_corpus(folder):
    folder.mkdir()
    for p in sorted((ROOT / "corpus").glob("*.md")):
        if p.stem != "README":
            shutil.copy(p, folder / p.name)
    return folder


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    folder = copy_corpus(tmp_path_factory.mktemp("idx") / "c")
    idx.build(folder)
    return folder


@pytest.fixture(scope="module")
def pieces(tmp_path_factory):
    """A 25-document corpus cut from the shipped one (eight paragraphs a document)."""
    folder = tmp_path_factory.mktemp("pieces") / "c"
    folder.mkdir()
    k = 0
    for doc in load_corpus(ROOT / "corpus"):
        paras = doc.text.split("\n")
        for i in range(0, len(paras), 8):
            write(folder / f"{k:03d}.md", f"---\ntitle: 片段{k}\n---\n\n# 片段{k}\n\n"
                  + "\n\n".join(paras[i:i + 8]) + "\n")
            k += 1
    idx.build(folder)
    return folder


@functools.cache
def drafts() -> list[str]:
    """Drafts a user would check: a corpus document, a mix of copied stretches, a speech of
    the library's own, an unrelated text, a sentence with two words swapped."""
    docs = load_corpus(ROOT / "corpus")
    rng = random.Random(7)
    mixed = UNRELATED
    for d in docs:
        start = rng.randrange(len(d.text) - 200)
        mixed += d.text[start:start + rng.choice((30, 60, 150))] + UNRELATED[:40]
    swapped = docs[2].text.split("。")[5].replace("的", "之", 1) + "。"
    speech = api.draft(EXAMPLES / "qingshi-town.yaml").speech
    return [docs[3].text, mixed, body_text(speech), UNRELATED, UNRELATED + swapped]


def rows(results):
    return [r.to_dict() for r in results]


def test_the_index_gives_the_in_memory_results_on_the_shipped_corpus(shipped):
    memory = OverlapIndex.from_folder(shipped)
    indexed = idx.open_corpus(shipped)
    assert indexed.count == 5 and indexed.stale is None
    for text in drafts():
        assert rows(indexed.compare(text)) == rows(memory.compare(text))
        assert indexed.paraphrases().compare(text) == memory.paraphrases().compare(text)


def test_candidates_reported_are_exact_and_long_passages_are_never_missed(pieces):
    memory = OverlapIndex.from_folder(pieces)
    indexed = idx.open_corpus(pieces)
    indexed.candidates = 6  # of 25: the candidate search itself, not a whole-corpus compare
    for text in drafts():
        expected = {r.doc_id: r.to_dict() for r in memory.compare(text)}
        got = indexed.compare(text)
        assert len(got) <= 6
        for r in got:
            assert r.to_dict() == expected[r.doc_id]
        with_long = {r.doc_id for r in memory.compare(text)
                     if any(p.length >= idx.GUARANTEED for p in r.passages)}
        assert with_long <= {r.doc_id for r in got} or len(with_long) > 6


def test_winnowing_finds_every_shared_passage_of_23_characters():
    rng = random.Random(3)
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
    for _ in range(200):
        doc = "".join(rng.choice(alphabet) for _ in range(400))
        start = rng.randrange(400 - idx.GUARANTEED)
        shared = doc[start:start + idx.GUARANTEED]
        draft = "".join(rng.choice(alphabet) for _ in range(50)) + shared + "甲乙丙"
        assert idx.fingerprints(doc) & set(idx.gram_hashes(draft))


def test_update_reindexes_added_changed_and_removed_files_only(tmp_path):
    folder = copy_corpus(tmp_path / "c")
    result = run("corpus", "index", str(folder))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"已建立语料索引：{folder}/.drafter/index.sqlite（5 篇）")
    (folder / "000.md").touch()  # touched, same content: not a change
    text = (folder / "001.md").read_text(encoding="utf-8")
    (folder / "001.md").write_text(text.replace("机关", "单位"), encoding="utf-8")
    shutil.copy(folder / "002.md", folder / "009.md")
    (folder / "004.md").unlink()
    result = run("corpus", "index", str(folder), "--update")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        f"已更新语料索引：{folder}/.drafter/index.sqlite（共 5 篇；新增 1 篇、修改 1 篇、删除 1 篇）")
    indexed = idx.open_corpus(folder)
    assert indexed.stale is None
    memory = OverlapIndex.from_folder(folder)
    for text in drafts()[:2]:
        assert rows(indexed.compare(text)) == rows(memory.compare(text))
    result = run("corpus", "index", str(folder), "--update")
    assert "新增 0 篇、修改 0 篇、删除 0 篇" in result.output


def test_a_stale_index_is_said_in_chinese_and_still_used(tmp_path):
    folder = copy_corpus(tmp_path / "c")
    idx.build(folder)
    os.utime(folder / "000.md", ns=(1, 1))  # another modification time, the same content
    assert idx.open_corpus(folder).stale is None
    shutil.copy(folder / "002.md", folder / "009.md")
    (folder / "004.md").unlink()
    hint = (f"注意：语料索引已过期：建索引以后语料文件夹 {folder} 新增 1 篇、删除 1 篇，"
            f"这次仍按建索引时的范文比较；用 drafter corpus index {folder} --update 更新索引")
    result = run("corpus", "overlap", str(ROOT / "corpus" / "003.md"), "--corpus", str(folder),
                 "--format", "json")
    assert result.exit_code == 0
    assert hint in result.stderr
    assert json.loads(result.stdout)["documents"][0]["doc_id"] == "003"
    result = run("check", str(ROOT / "corpus" / "003.md"), "--against", str(folder),
                 "--select", "overlap")
    assert hint[3:] in result.output
    assert "与语料 003《机关效能动员大会讲话》重合 100%" in result.output


def test_the_cli_reports_the_same_as_without_an_index(shipped):
    draft = str(ROOT / "corpus" / "001.md")
    with_index = run("corpus", "overlap", draft, "--corpus", str(shipped))
    without = run("corpus", "overlap", draft, "--corpus", str(ROOT / "corpus"))
    assert with_index.exit_code == 0 and with_index.output == without.output
    only_index = run("corpus", "overlap", draft, "--index",
                     str(shipped / ".drafter" / "index.sqlite"))
    assert only_index.output == without.output


def test_building_over_an_existing_index_needs_force(tmp_path):
    folder = copy_corpus(tmp_path / "c")
    assert run("corpus", "index", str(folder)).exit_code == 0
    result = run("corpus", "index", str(folder))
    assert result.exit_code == 2
    assert f"错误: {folder}/.drafter/index.sqlite: 语料索引已存在" in result.output
    assert f"用 drafter corpus index {folder} --update 更新，或加 --force 重建" in result.output
    assert run("corpus", "index", str(folder), "--force").exit_code == 0
    elsewhere = tmp_path / "查重库.sqlite"  # --update without an index yet builds one
    result = run("corpus", "index", str(folder), "--update", "--index", str(elsewhere))
    assert result.output.startswith(f"已更新语料索引：{elsewhere}（共 5 篇；新增 5 篇、修改 0 篇、删除 0 篇）")


def _overlap_with(index_file):
    return run("corpus", "overlap", str(ROOT / "corpus" / "003.md"), "--index", str(index_file))


def test_broken_indexes_are_user_errors(tmp_path):
    bad = write(tmp_path / "bad.sqlite", "这不是数据库" * 100)
    result = _overlap_with(bad)
    assert result.exit_code == 2
    assert "语料索引文件已损坏（不是 SQLite 数据库）" in result.output
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.commit()
    result = _overlap_with(other)
    assert result.exit_code == 2 and "这个文件不是 drafter 的语料索引" in result.output
    result = _overlap_with(tmp_path / "没有.sqlite")
    assert result.exit_code == 2 and "找不到语料索引文件" in result.output


def test_an_index_of_another_schema_version_asks_for_a_rebuild(tmp_path):
    folder = copy_corpus(tmp_path / "c")
    path = idx.build(folder).path
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    con.commit()
    con.close()
    result = _overlap_with(path)
    assert result.exit_code == 2
    assert "语料索引的格式版本是 0，这个版本的 drafter 用的是 1" in result.output
    assert "--force 重建" in result.output


def test_an_index_being_written_elsewhere_is_reported(tmp_path, monkeypatch):
    folder = copy_corpus(tmp_path / "c")
    path = idx.build(folder).path
    monkeypatch.setattr(idx, "TIMEOUT", 0.05)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        result = run("corpus", "index", str(folder), "--update")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 2
    assert "语料索引正被另一个进程写入，暂时打不开" in result.output


def test_build_index_gives_batch_the_folder_index(shipped):
    assert isinstance(build_index(shipped), idx.IndexedCorpus)
    assert isinstance(build_index(ROOT / "corpus"), OverlapIndex)


def test_a_read_only_index_is_opened_immutable_and_gives_the_same_results(shipped, tmp_path,
                                                                          monkeypatch):
    """A published copy on a read-only share: no lock, no -wal/-shm files beside it."""
    memory = OverlapIndex.from_folder(shipped)
    published = shutil.copy(shipped / ".drafter" / "index.sqlite", tmp_path / "查重库.sqlite")
    monkeypatch.setattr(idx.os, "access", lambda *a: False)
    indexed = idx.open_corpus(published)
    text = drafts()[1]
    assert rows(indexed.compare(text)) == rows(memory.compare(text))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["查重库.sqlite"]
