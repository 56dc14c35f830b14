"""Overlap (查重): ratios and shared passages against corpus/, and `drafter corpus overlap`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT, write

from drafter import api
from drafter.cli import cli
from drafter.corpus.clean import load_corpus
from drafter.corpus.overlap import OverlapIndex, body_text, strip

CORPUS = ROOT / "corpus"
# Written for this test: about a village library, nothing a mobilization speech says.
UNRELATED = (
    "村里的图书角开张那天，孩子们排着队借书。老李把旧仓库刷成了浅黄色，靠墙摆了四排木架子，"
    "最上面一层放的是连环画和地图册。下雨天来看书的人反而更多，有人带着热水瓶，有人抱着小板凳。"
    "管理员每周三整理一次借阅登记本，把翻破的书页用透明胶带粘好。"
)


@pytest.fixture(scope="module")
def docs():
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def index(docs):
    return OverlapIndex.from_corpus(docs)


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_a_corpus_document_overlaps_itself_completely(docs, index):
    for doc in docs:
        best = index.compare(doc.text)[0]
        assert best.doc_id == doc.id and best.ratio == 1.0
        # One passage: the whole text from first to last compared character.
        assert best.passages[0].length == len(strip(doc.text)[0])
        assert best.passages[0].draft_offset == 0 == best.passages[0].doc_offset


def test_punctuation_and_line_breaks_do_not_hide_copying(docs, index):
    doc = docs[3]
    disguised = doc.text.replace("，", "、").replace("。", "；\n")
    assert index.compare(disguised)[0].ratio == 1.0


def test_unrelated_text_is_near_zero(index):
    results = index.compare(UNRELATED)
    assert len(results) == 5
    assert all(r.ratio < 0.02 and not any(p.length >= 12 for p in r.passages) for r in results)


def test_a_copied_sentence_is_found_with_its_positions(docs, index):
    doc = docs[4]
    copied = doc.text[200:260]
    draft = UNRELATED + copied + UNRELATED
    best = index.compare(draft)[0]
    assert best.doc_id == "004"
    p = best.passages[0]
    assert draft[p.draft_offset:].startswith(p.text)
    assert strip(p.text)[0] == strip(copied)[0] and p.length == len(strip(copied)[0])
    assert strip(doc.text[p.doc_offset:])[0].startswith(strip(p.text)[0])
    # The ratio counts the draft's 8-grams: those inside the copied stretch, of all of them.
    assert best.ratio == pytest.approx((p.length - 7) / (len(strip(draft)[0]) - 7))


def test_passages_are_maximal_and_longest_first(docs, index):
    a, b = docs[0].text[100:180], docs[0].text[900:940]
    best = index.compare(UNRELATED + a + UNRELATED + b + UNRELATED)[0]
    lengths = [p.length for p in best.passages]
    assert lengths == sorted(lengths, reverse=True)
    assert lengths[:2] == [len(strip(a)[0]), len(strip(b)[0])]


def test_a_short_draft_has_no_grams(index):
    assert all(r.ratio == 0 and not r.passages for r in index.compare("同志们：好。"))


def test_the_example_draft_does_not_copy_the_corpus(index):
    speech = api.draft(EXAMPLES / "qingshi-town.yaml").speech
    results = index.compare(body_text(speech))
    worst = results[0]
    assert worst.ratio <= 0.10, worst
    long = [(r.doc_id, p.text) for r in results for p in r.passages if p.length >= 25]
    assert long == []


# --- the command line --------------------------------------------------------------------------


def test_overlap_of_a_corpus_document_prints_100_percent():
    result = run("corpus", "overlap", str(CORPUS / "003.md"), "--corpus", str(CORPUS))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "与 5 篇范文比较（8 字片段重合比例，不计空白和标点）" in lines[0]
    assert lines[1] == "100.0%  003  机关效能动员大会讲话"
    assert lines[2].lstrip().startswith("3140 字  草稿第 1 段第 1 字 / 范文第 1 段第 1 字：一、充分认识")


def test_overlap_of_a_spec_drafts_it_first_and_reports_json():
    result = run("corpus", "overlap", str(EXAMPLES / "qingshi-town.yaml"),
                 "--corpus", str(CORPUS), "--top", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    docs = data["documents"]
    assert len(docs) == 2
    assert set(docs[0]) == {"doc_id", "title", "ratio", "passages"}
    assert docs[0]["ratio"] <= 0.10
    for passage in docs[0]["passages"]:  # the library's drafts now share none
        assert set(passage) == {"draft_offset", "doc_offset", "length", "text"}
    for near in data["near_paraphrases"]:
        assert set(near) == {"draft_offset", "draft_sentence", "doc_id", "title",
                             "doc_sentence", "similarity"}


def test_overlap_reads_a_plain_text_draft(in_tmp):
    write(in_tmp / "草稿.txt", "关于图书角的讲话\n同志们：\n" + UNRELATED + "\n")
    result = run("corpus", "overlap", "草稿.txt", "--corpus", str(CORPUS), "--top", "1")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith("  0.0%")


def test_overlap_without_a_corpus_folder_uses_the_shipped_corpus(in_tmp):
    write(in_tmp / "草稿.txt", "标题\n同志们：\n" + UNRELATED)
    result = run("corpus", "overlap", "草稿.txt")
    assert result.exit_code == 0, result.output
    assert "与 5 篇范文比较" in result.output
    result = run("corpus", "overlap", "草稿.txt", "--corpus", "没有的文件夹")
    assert result.exit_code == 2
    assert "找不到语料文件夹：没有的文件夹" in result.output


def test_overlap_of_a_missing_draft_is_a_user_error():
    result = run("corpus", "overlap", "没有这个文件.md", "--corpus", str(CORPUS))
    assert result.exit_code == 2
    assert "错误: 没有这个文件.md: 找不到文件：没有这个文件.md" in result.output


def test_overlap_with_an_empty_corpus_folder_is_a_user_error(in_tmp):
    (in_tmp / "empty").mkdir()
    write(in_tmp / "草稿.txt", "标题\n同志们：\n" + UNRELATED)
    result = run("corpus", "overlap", "草稿.txt", "--corpus", "empty")
    assert result.exit_code == 2
    assert "语料文件夹里没有语料文件：empty" in result.output


def test_a_corpus_file_without_front_matter_is_reported(in_tmp):
    (in_tmp / "c").mkdir()
    write(in_tmp / "c" / "009.md", "# 标题\n\n同志们：\n")
    write(in_tmp / "草稿.txt", "标题\n同志们：\n" + UNRELATED)
    result = run("corpus", "overlap", "草稿.txt", "--corpus", "c")
    assert result.exit_code == 2
    assert "错误: c/009.md:1: 语料文件缺少开头的 --- 元数据块" in result.output


def test_a_sentence_with_two_words_swapped_is_a_near_paraphrase_shown_side_by_side(in_tmp):
    from drafter.corpus.clean import load_corpus
    from drafter.corpus.paraphrase import sentences

    source = next(s for d in load_corpus(CORPUS) for _, s, kept in sentences(d.text)
                  if len(kept) > 20 and "的" in s and s.endswith("。"))
    swapped = source.replace("的", "之", 1).replace("。", "！")
    write(in_tmp / "草稿.txt", "标题\n同志们：\n" + UNRELATED + "\n" + swapped + "\n")
    result = run("corpus", "overlap", "草稿.txt", "--corpus", str(CORPUS))
    assert result.exit_code == 0, result.output
    assert "近似改写：1 句" in result.output
    assert swapped[:20] in result.output and source[:20] in result.output


def test_unrelated_sentences_are_no_near_paraphrases():
    from drafter.corpus.clean import load_corpus
    from drafter.corpus.paraphrase import ParaphraseIndex

    index = ParaphraseIndex()
    for d in load_corpus(CORPUS):
        index.add(d.id, d.title, d.text)
    assert index.compare(UNRELATED) == []
