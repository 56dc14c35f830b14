"""drafting/layout.py renders the shipped templates/*.md.j2 in Python: it must write what
Jinja writes from them, byte for byte, and step aside for a template a writer has edited."""

from __future__ import annotations

import re
import shutil

import jinja2
import pytest
from grid import DATES, cell_spec, draft, levels_of
from hypothesis import given
from hypothesis import strategies as st

from drafter.drafting import layout, outline, render
from drafter.drafting.environment import layout_env
from drafter.drafting.render import RItem, RParagraph, RSection, _Slot


def jinja(front: dict, sections: list) -> str:
    return layout_env().get_template("frame.md.j2").render(front=front, sections=sections)


def front(**changes) -> dict:
    out = {"title": "在青石镇大会上的讲话", "subtitle": "", "speaker": "镇党委书记\u3000王明",
           "date": "2026年7月15日", "salutation": "同志们：",
           "title_lines": ["在青石镇大会上的讲话"]}
    return {**out, **changes}


def item(marker="一是", lead="", text="", more=(), items=()):
    return RItem(marker, lead, text, list(more), list(items))


SECTIONS = [
    RSection("opening", "", "", [RParagraph("今天召开会议。", ["补一句。"]), RParagraph("")], [],
             []),
    RSection("problems", "一、", "问题", [RParagraph("主要有三：")],
             [item(lead="慢。", text="办事慢。", more=[_Slot("\x001\x00")]),
              item("二是", "", "梗阻。", items=[item("1.", "子项", "细节。")]),
              item("三是", "虚。", "")],
             [RParagraph("要正视。")]),
    RSection("significance", "二、", "意义", [],
             [item("（一）", "提高认识", "要认识到。", more=["再补。"]),
              item("（二）", "统一思想", "", more=[_Slot("\x002\x00")]),
              item("（三）", "压实责任", "", items=[item("一是", "", "分工。")])],
             []),
    RSection("closing", "", "", [RParagraph("同志们，加油！")], [], [RParagraph("")]),
]


@pytest.mark.parametrize("top", [
    front(),
    front(subtitle="——在全镇大会上", speaker=""),
    front(title_lines=["在青石镇机关效能建设", "动员大会上的讲话"]),
])
@pytest.mark.parametrize("count", [0, 1, 4])
def test_the_shipped_frame_reads_as_jinja_renders_it(top, count):
    sections = SECTIONS[:count]
    assert layout.render(top, sections) == jinja(top, sections)


def test_every_kind_is_laid_out_by_the_shipped_templates():
    folder = layout_env().loader.searchpath[0]
    assert layout.shipped(folder, set(outline.kinds())), \
        "a shipped template changed: update drafter/drafting/layout.py (SHIPPED and render)"
    for kind in outline.kinds():
        section = RSection(kind, "一、", "标题", [RParagraph("段落。")],
                           [item(lead="带头。", text="正文。"), item("二是", "", "正文。")],
                           [RParagraph("收尾。")])
        assert layout.render(front(), [section]) == jinja(front(), [section]), kind


@pytest.mark.parametrize("oid", sorted(outline.library()))
def test_drafts_read_the_same_through_jinja(oid, monkeypatch):
    specs = [cell_spec(oid, levels_of(oid)[-1], DATES[season], "party", seed)
             for season, seed in (("春节后", 1), ("岁末", 2))]
    fast = [draft(s).markdown for s in specs]
    monkeypatch.setattr(layout, "shipped", lambda folder, kinds: False)
    assert [draft(s).markdown for s in specs] == fast


def test_an_edited_template_is_rendered_as_edited(tmp_path, monkeypatch):
    folder = tmp_path / "templates"
    shutil.copytree(layout_env().loader.searchpath[0], folder)
    closing = folder / "closing.md.j2"
    closing.write_text(closing.read_text(encoding="utf-8") + "（完）\n", encoding="utf-8")
    edited = layout_env().overlay(loader=jinja2.FileSystemLoader(str(folder)))
    spec = cell_spec("efficiency-mobilization", "镇", DATES["年中"], "party", 1)
    before = draft(spec).markdown
    monkeypatch.setattr(render, "layout_env", lambda: edited)
    after = draft(spec).markdown
    assert "（完）" not in before
    assert after.endswith("\n\n（完）\n")  # (the length it adds may change what fit() adds)


@given(st.text(alphabet="\n a\u3000", max_size=40))
def test_tidy_makes_every_run_of_blank_lines_one(text):
    """render._tidy: any run of three or more line breaks becomes two, the ends are stripped."""
    assert render._tidy(text) == re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
