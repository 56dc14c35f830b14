"""Reading a .txt speech: a file someone typed, and a page saved from a 范文 or document site,
which `drafter check` must read as the speech it holds (furniture never the title, never a
finding) with every block pointing at its line in the file."""

from __future__ import annotations

from click.testing import CliRunner

from drafter.cli import cli
from drafter.document import plaintext

TYPED = """在全镇防汛工作会议上的讲话
镇长 李四
（2025年6月3日）
同志们：
一、认清形势
今年汛期来得早，各村要早做准备。
"""

PAGE = """公文高手，超级方便的公文写作神器！ 立即了解
首页 > 讲话稿 > 防汛
资源描述：在全镇防汛工作会议上的讲话，由会员上传分享

在全镇防汛工作会议上的讲话
同志们：
今年汛期来得早，各村要早做准备，把物资和队伍落实到位。
第 1 页 共 2 页
此处隐藏1200个字。VIP会员可见
同志们，防汛无小事，大家要守土尽责。
下载后可任意编辑
网友评论《在全镇防汛工作会议上的讲话》
好文章，学习了
"""


def blocks(speech):
    return [(b.kind, b.text, b.source) for b in speech.blocks]


def test_a_typed_speech_reads_as_before_with_line_numbers():
    assert blocks(plaintext.parse(TYPED)) == [
        ("title", "在全镇防汛工作会议上的讲话", 1), ("speaker", "镇长 李四", 2),
        ("date", "（2025年6月3日）", 3), ("salutation", "同志们：", 4),
        ("heading", "一、认清形势", 5), ("paragraph", "今年汛期来得早，各村要早做准备。", 6),
    ]


def test_a_saved_page_loses_its_furniture_and_keeps_file_lines():
    assert blocks(plaintext.parse(PAGE)) == [
        ("title", "在全镇防汛工作会议上的讲话", 5),
        ("salutation", "同志们：", 6),
        ("paragraph", "今年汛期来得早，各村要早做准备，把物资和队伍落实到位。", 7),
        ("paragraph", "同志们，防汛无小事，大家要守土尽责。", 10),
    ]


def test_a_flattened_page_has_a_body():
    flat = ("在全镇防汛工作会议上的讲话 同志们：今年汛期来得早。一、认清形势。各村要早做准备。"
            "二、压实责任。村干部要包片到户。同志们，防汛无小事。\n")
    speech = plaintext.parse(flat)
    assert speech.title == "在全镇防汛工作会议上的讲话"
    assert [b.text for b in speech.body] == [
        "同志们：", "今年汛期来得早。", "一、认清形势。各村要早做准备。", "二、压实责任。村干部要包片到户。",
        "同志们，防汛无小事。"]
    assert {b.source for b in speech.blocks} == {1}


def test_check_on_a_flattened_page_finds_a_body(tmp_path):
    flat = "在全镇防汛工作会议上的讲话 同志们：" + "今年汛期来得早，各村要早做准备。一、认清形势。要把物资备足。" * 3 + \
        "二、压实责任。村干部要包片到户。"
    (tmp_path / "flat.txt").write_text(flat + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "flat.txt")])
    assert "没有正文" not in result.output
    assert "共 " in result.output


def test_check_on_a_saved_page_reports_nothing_in_its_furniture(tmp_path):
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "page.txt")])
    for chrome in ("神器", "资源描述", "第 1 页", "VIP", "网友评论", "下载后"):
        assert chrome not in result.output


def test_a_traditional_page_is_read_in_its_own_characters():
    page = ("白沙鎮防汛會議講話_某某範文網\n發佈者：admin 時間：2025-07-09\n"
            "在白沙鎮防汛工作會議上的講話\n同志們：\n隨著汛期到來，各村要做好準備。\n")
    assert blocks(plaintext.parse(page)) == [
        ("title", "在白沙鎮防汛工作會議上的講話", 3), ("salutation", "同志們：", 4),
        ("paragraph", "隨著汛期到來，各村要做好準備。", 5),
    ]
