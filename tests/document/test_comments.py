"""Findings as Word comments (批注): each anchored on exactly its words, in a copy that is valid
Office Open XML and that LibreOffice opens; the text of the document is unchanged."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from openxml_audit import OpenXmlValidator
from word_files import hyperlink, ins, p, r, word

from drafter import api
from drafter.document.comments import Note, annotate, paragraph_text
from drafter.document.preview import soffice, to_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def anchored(data: bytes) -> dict[str, str]:
    """Comment text → the document text between its range start and end."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/comments.xml"))
    texts = {c.get(W + "id"): "".join(c.itertext()) for c in notes.iter(W + "comment")}
    out, open_ = {}, {}
    for el in body.iter():
        if el.tag == W + "commentRangeStart":
            open_[el.get(W + "id")] = ""
        elif el.tag == W + "commentRangeEnd":
            out[texts[el.get(W + "id")]] = open_.pop(el.get(W + "id"))
        elif el.tag == W + "t":
            for k in open_:
                open_[k] += el.text or ""
    return out


def authors(data: bytes) -> set[str]:
    return {c.author for c in docx.Document(io.BytesIO(data)).comments}


def valid(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "v.docx"
    path.write_bytes(data)
    return [str(e) for e in OpenXmlValidator().validate(str(path)).errors]


def text_of(data: bytes) -> list[str]:
    root = docx.Document(io.BytesIO(data)).element
    return [paragraph_text(el) for el in root.iter(W + "p")]


def test_a_comment_sits_on_the_words_of_a_drafted_speech(tmp_path):
    speech = api.draft(EXAMPLES / "qingshi-town.yaml").speech
    data = api.to_bytes(speech, "docx")
    path = tmp_path / "稿.docx"
    path.write_bytes(data)
    read = api.read_speech(path)
    i = next(k for k, b in enumerate(read.blocks) if b.kind == "paragraph" and len(b.text) > 60)
    text = read.blocks[i].text
    notes = [Note(i + 1, 10, 14, "C102 乱码：这四个字"), Note(i + 1, 30, 30, "P102 人名：这里缺名字"),
             Note(None, None, None, "S101 篇幅：全文太短")]
    out = annotate(data, read, notes)
    assert anchored(out) == {"C102 乱码：这四个字": text[10:14], "P102 人名：这里缺名字": text[30],
                             "S101 篇幅：全文太短": read.blocks[0].text}
    assert authors(out) == {"drafter"}
    assert text_of(out) == text_of(data)  # the runs were split, not the text changed
    assert valid(out, tmp_path) == []


def test_words_inside_a_hyperlink_and_a_tracked_insertion_are_anchored_too(tmp_path):
    path = word(tmp_path / "改过的.docx", [
        p(r("在大会上的讲话")),
        p(r("今年以来，"), ins(r("我县各项工作")), r("稳步推进，"), hyperlink("详见通知"), r("。")),
    ])
    speech = api.read_speech(path)
    body = speech.blocks[-1].text
    notes = [Note(len(speech.blocks), body.index("我县"), body.index("我县") + 2, "L101 自称：我县"),
             Note(len(speech.blocks), body.index("推进，详"), body.index("推进，详") + 5,
                  "R101 跨了三段：推进，详见")]
    out = annotate(path.read_bytes(), speech, notes)
    assert anchored(out) == {"L101 自称：我县": "我县", "R101 跨了三段：推进，详见": "推进，详见"}
    assert text_of(out) == text_of(path.read_bytes())
    # python-docx's template (which the fixture is written on) has its own complaints already.
    assert valid(out, tmp_path) == valid(path.read_bytes(), tmp_path)


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not on PATH")
def test_libreoffice_opens_the_commented_copy(tmp_path):
    speech = api.draft(EXAMPLES / "qingshi-town.yaml").speech
    data = api.to_bytes(speech, "docx")
    path = tmp_path / "稿.docx"
    path.write_bytes(data)
    read = api.read_speech(path)
    notes = [Note(k + 1, 2, 6, f"C201 第{k}段") for k in range(4, len(read.blocks), 5)]
    out = tmp_path / "commented.docx"
    out.write_bytes(annotate(data, read, notes))
    # And a Markdown draft's copy, laid out by drafter first, as `check --format docx` makes it.
    from drafter.checks.base import Finding
    from drafter.checks.locate import locator
    from drafter.checks.report import commented_docx, entries

    md = tmp_path / "稿.md"
    md.write_text(SPEECH_MD, encoding="utf-8")
    speech = api.read_speech(md)
    found = [Finding("placeholder", len(speech.blocks), "error", "占位符", "", 3, 5)]
    from_md = tmp_path / "from-md.docx"
    from_md.write_bytes(commented_docx(md, speech, entries(found, locator(md, speech))))
    for pdf in to_pdf([out, from_md], tmp_path):
        assert pdf.stat().st_size > 5_000


def test_a_markdown_draft_becomes_a_drafted_docx_with_its_comments(tmp_path):
    from drafter.checks.base import Finding
    from drafter.checks.locate import locator
    from drafter.checks.report import comment_path, commented_docx, entries

    path = tmp_path / "稿.md"
    path.write_text("# 在青石镇大会上的讲话\n\n> 镇长　王明\n\n同志们：\n\n今年以来，全镇上下扎实推进"
                    "\n我县各项工作,成效明显。\n", encoding="utf-8")
    speech = api.read_speech(path)
    text = speech.blocks[-1].text
    found = [Finding("self-reference", len(speech.blocks), "error", "“我县”是县的自称", "",
                     text.index("我县"), text.index("我县") + 2),
             Finding("punctuation-width", len(speech.blocks), "warning", "中文里用了半角逗号", "",
                     text.index(","), text.index(",") + 1, fix="，")]
    out = commented_docx(path, speech, entries(found, locator(path, speech)))
    assert comment_path(path).name == "稿.批注.docx"
    assert anchored(out) == {"L101 “我县”是县的自称": "我县",
                             "C201 中文里用了半角逗号（可改为“，”）": ","}
    assert valid(out, tmp_path) == []


# --- drafter check --format docx ------------------------------------------------------------------

SPEECH_MD = ("# 在青石镇大会上的讲话\n\n同志们：\n\n今年以来，全镇上下扎实推进各项工作。\n\n"
             "刚才，XX同志宣读了决定。\n")


def check(*args: str):
    from click.testing import CliRunner

    from drafter.cli import cli

    return CliRunner().invoke(cli, ["check", *args])


def test_check_writes_the_comments_into_a_copy_beside_the_file(in_tmp):
    api.write(api.draft(EXAMPLES / "qingshi-town.yaml").speech, in_tmp / "稿.docx")
    original = (in_tmp / "稿.docx").read_bytes()
    doc = docx.Document(in_tmp / "稿.docx")
    run = doc.paragraphs[6].runs[0]
    run.text = "我县" + run.text  # a 镇 speech: one self-reference copied from a county's
    doc.save(in_tmp / "稿.docx")
    edited = (in_tmp / "稿.docx").read_bytes()
    assert edited != original
    result = check("稿.docx", "--format", "docx")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[0] == "稿.docx: 批注 1 条，已写入 稿.批注.docx"
    out = (in_tmp / "稿.批注.docx").read_bytes()
    assert list(anchored(out).values()) == ["我县"]
    assert list(anchored(out))[0].startswith("L101 “我县”是县的自称")
    assert (in_tmp / "稿.docx").read_bytes() == edited  # the checked file is left as it was
    # Never over an existing copy without --force; with it, yes.
    again = check("稿.docx", "--format", "docx")
    assert again.exit_code == 2 and "输出文件已存在：稿.批注.docx" in again.output
    assert check("稿.docx", "--format", "docx", "--force").exit_code == 1
    assert check("稿.docx", "--format", "docx", "-o", "其他/批注.docx").exit_code == 1
    assert (in_tmp / "其他" / "批注.docx").is_file()


def test_check_lays_out_a_markdown_draft_to_comment_on_it(in_tmp):
    (in_tmp / "稿.md").write_text(SPEECH_MD, encoding="utf-8")
    result = check("稿.md", "--format", "docx")
    assert result.exit_code == 1
    assert "稿.md: 批注 1 条，已写入 稿.批注.docx" in result.output
    out = (in_tmp / "稿.批注.docx").read_bytes()
    # The comment is on the placeholder itself, in the laid-out copy of the Markdown draft.
    assert list(anchored(out).values()) == ["XX"]
    assert valid(out, in_tmp) == []


@pytest.mark.parametrize(("args", "message"), [
    (["a.md", "--format", "docx", "-o", "x.docx", "b.md"], "-o 只能配一个文件"),
    (["a.md", "-o", "x.docx"], "-o 和 --force 只用于 --format docx"),
    (["a.md", "--format", "docx", "-o", "a.md"], "批注副本不能写回原文件"),
])
def test_output_options_that_make_no_sense_exit_2(in_tmp, args, message):
    for name in ("a.md", "b.md"):
        (in_tmp / name).write_text(SPEECH_MD, encoding="utf-8")
    result = check(*args)
    assert result.exit_code == 2 and message in result.output, result.output
    assert (in_tmp / "a.md").read_text(encoding="utf-8") == SPEECH_MD


def test_a_finding_in_a_footnote_is_commented_on_the_title_saying_where(tmp_path):
    from word_files import note_ref

    path = word(tmp_path / "注.docx", [p(r("在大会上的讲话")), p(r("正文"), note_ref("footnote", 1))],
                footnotes=["脚注里的XX字"])
    speech = api.read_speech(path)
    n = next(k for k, b in enumerate(speech.blocks, 1) if "脚注" in b.text)
    out = annotate(path.read_bytes(), speech, [Note(n, 5, 7, "P101 占位符")])
    assert anchored(out) == {"P101 占位符（见“脚注里的XX字”）": "在大会上的讲话"}
