"""How a finding reads: the sentence quoted with the offending words marked 〖〗, the headline
with file, place, code and rule, and the JSON record."""

from __future__ import annotations

from drafter.checks.base import Finding
from drafter.checks.locate import Locator, TextLocator
from drafter.checks.report import entries, quote, text_lines
from drafter.document.markdown import parse

TEXT = "会议开得很成功。今年以来，全镇上下扎实推进我县各项工作，成效明显。下一步要继续努力。"


def test_the_sentence_with_the_words_is_quoted_and_the_words_marked():
    start = TEXT.index("我县")
    q = quote(TEXT, start, start + 2)
    assert q.plain() == "今年以来，全镇上下扎实推进〖我县〗各项工作，成效明显。"


def test_a_gap_is_marked_where_the_missing_words_belong():
    text = "刚才，同志宣读了表彰决定。"
    at = text.index("同志")
    assert quote(text, at, at).plain() == "刚才，〖〗同志宣读了表彰决定。"


def test_a_long_sentence_is_cut_around_the_words():
    text = "甲" * 50 + "错字" + "乙" * 50 + "。"
    q = quote(text, 50, 52)
    assert q.plain() == "…" + "甲" * 20 + "〖错字〗" + "乙" * 20 + "…"


def test_a_title_broken_over_two_lines_is_quoted_on_one():
    text = "在青石镇\n大会上的讲话"
    assert quote(text, 2, 4).plain() == "在青〖石镇〗 大会上的讲话"


def test_text_that_holds_square_brackets_keeps_them_apart_from_the_mark():
    text = "请【待补】同志发言。"
    at = text.index("【")
    assert quote(text, at, at + 4).plain() == "请〖【待补】〗同志发言。"


MD = "# 在青石镇大会上的讲话\n\n同志们：\n\n今年以来，全镇上下扎实推进\n我县各项工作。\n"


def test_the_text_output_names_file_line_code_rule_message_and_quotes():
    speech = parse(MD)
    block = speech.blocks[2]
    start = block.text.index("我县")
    f = Finding("self-reference", 3, "error", "“我县”是县的自称", "推进我县各", start, start + 2)
    (entry,) = entries([f], TextLocator(speech, MD))
    assert text_lines(entry, "稿.md") == [
        "稿.md:第6行: L101 [self-reference] “我县”是县的自称",
        "    今年以来，全镇上下扎实推进〖我县〗各项工作。",
    ]
    # On a terminal the words are underlined too; the marks stay for a copy.
    styled = text_lines(entry, "稿.md", style=lambda w: f"\x1b[4m{w}\x1b[24m")
    assert styled[1] == "    今年以来，全镇上下扎实推进〖\x1b[4m我县\x1b[24m〗各项工作。"


def test_control_characters_of_the_file_are_shown_not_sent():
    speech = parse("# 标题\n\n正文里有\x1b[31m怪字。\n")
    f = Finding("characters", 2, "error", "看不见的控制字符", "", 4, 5)
    (entry,) = entries([f], Locator(speech))
    assert text_lines(entry, "x.md")[1] == "    正文里有〖\\u001b〗[31m怪字。"


def test_a_finding_without_offsets_quotes_the_sentence_of_its_excerpt_unmarked():
    speech = parse(MD)
    found = [Finding("placeholder", 3, "error", "未替换的占位符", "推进我县"),
             Finding("numbering", 3, "error", "编号跳号", "并不在文中"),
             Finding("length", None, "info", "全文 20 字")]
    a, b, c = entries(found, TextLocator(speech, MD))
    # Placed by its excerpt (on the second line of the paragraph), quoted as written.
    assert text_lines(a, "稿.md") == ["稿.md:第5行: P101 [placeholder] 未替换的占位符",
                                      "    今年以来，全镇上下扎实推进我县各项工作。"]
    assert text_lines(b, "稿.md") == ["稿.md:第5行: N101 [numbering] 编号跳号", "    并不在文中"]
    assert text_lines(c, "稿.md") == ["稿.md: S101 [length] 全文 20 字"]
    assert a.to_dict("稿.md")["sentence"] == "今年以来，全镇上下扎实推进我县各项工作。"


def test_without_the_file_the_place_is_the_paragraph_s_first_words():
    speech = parse(MD)
    (entry,) = entries([Finding("placeholder", 3, "error", "未替换的占位符", "")], Locator(speech))
    assert text_lines(entry, "稿.md") == ["稿.md:“今年以来，全镇上下扎…”段: P101 [placeholder] 未替换的占位符"]


def test_the_json_record_keeps_codes_offsets_sentence_place_and_fix():
    speech = parse(MD)
    start = speech.blocks[2].text.index("，")
    f = Finding("punctuation-width", 3, "warning", "半角标点", "以来，全镇", start, start + 1,
                fix=",")
    (entry,) = entries([f], TextLocator(speech, MD))
    assert entry.to_dict("稿.md") == {
        "file": "稿.md", "code": "C201", "name": "punctuation-width", "rule": "punctuation-width",
        "severity": "warning",
        "message": "半角标点", "paragraph": 3, "start": 4, "end": 5, "excerpt": "以来，全镇",
        "sentence": "今年以来〖，〗全镇上下扎实推进我县各项工作。", "location": {"line": 5},
        "fix": ",",
    }


def test_check_json_keeps_codes_offsets_the_place_and_the_sentence(in_tmp):
    import json

    from click.testing import CliRunner

    from drafter.cli import cli

    (in_tmp / "稿.md").write_text("# 在青石镇大会上的讲话\n\n同志们：\n\n今年以来，全镇上下扎实推进"
                                  "各项工作。\n\n我镇要抓好落实，我县要抓好落实，我镇要抓好落实。\n",
                                  encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--format", "json", "稿.md"])
    rows = [r for r in json.loads(result.output) if r["code"] == "L101"]
    assert len(rows) == 1, result.output
    row = rows[0]
    assert (row["name"], row["paragraph"], row["start"], row["end"]) == ("self-reference", 4, 8, 10)
    assert row["location"] == {"line": 7}
    assert row["sentence"] == "我镇要抓好落实，〖我县〗要抓好落实，我镇要抓好落实。"
    assert row["fix"] is None
