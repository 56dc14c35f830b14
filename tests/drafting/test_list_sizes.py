"""Lists of any size read naturally: every list field of every outline at 0, 1, 2 and 6 items,
and a writer's items with and without detail. No context rule fires (one-item enumerations,
empty objects, doubled marks…), and no bold lead stands alone without a body."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from grid import cell_spec, draft

from drafter.checks.context_rules import find
from drafter.drafting import outline as outline_mod
from drafter.drafting.context import build
from drafter.drafting.render import _body
from drafter.errors import DrafterError

# Realistic items a writer might give, by field name; other fields cycle their example.
POOLS = {
    "achievements": ["全年地区生产总值增长6.8%", "新引进亿元以上项目5个", "完成老旧小区改造12个",
                     "村集体经济收入全部超过10万元", "群众满意度测评位居全县前列",
                     "安全生产事故起数同比下降三成"],
    "problems": ["产业带动能力还不强", "项目储备还不够充足", "招商引资的成效不够明显",
                 "部分干部担当意识不强", "民生领域还有不少短板", "安全隐患排查还不够彻底"],
    "goals": ["主要经济指标保持稳定增长", "重点项目按计划开工", "营商环境进一步优化",
              "群众生活水平稳步提高", "安全生产形势持续稳定", "干部作风明显转变"],
    "honours": ["杨家坪村等6个先进集体", "9个实绩突出的站所", "24名先进个人",
                "3个招商引资先进单位", "5名优秀共产党员", "2个平安建设示范社区"],
    "tasks": ["重大项目建设", "招商引资", "乡村振兴", "城市更新", "基层治理", "民生保障"],
}
DETAIL = ["今年以来已经取得初步进展", "但与年初目标相比还有差距"]
SIZES = (0, 1, 2, 6)
DATE = dt.date(2026, 7, 15)


def _list_fields(outline) -> dict[str, str]:
    """List field → 'select' (it names items by key) or 'facts' (the writer's own items)."""
    selects = {s.select for s in outline.sections if s.select}
    return {name: ("select" if name in selects else "facts")
            for name, fs in outline.fields.items() if fs.type in ("list", "table")}


def _items(outline, field: str, kind: str, n: int, detail: bool) -> list:
    if kind == "select":
        keys = [it.key for s in outline.sections if s.select == field for it in s.items]
        return keys[:n]
    fs = outline.fields[field]
    pool = POOLS.get(field) or list(fs.example or fs.default or [])
    items = [pool[i % len(pool)] for i in range(n)] if pool else []
    if fs.type == "table" or not detail:
        return items
    return [{"text": t, "detail": DETAIL} for t in items]


def _detail_cases(outline, field: str, kind: str, n: int) -> tuple[bool, ...]:
    # A writer's detail is given on list items; table rows carry their own columns.
    takes_detail = kind == "facts" and n and outline.fields[field].type == "list"
    return (False, True) if takes_detail else (False,)


LOADED = {oid: outline_mod.load(path) for oid, path in sorted(outline_mod.library().items())}
CASES = [(oid, field, kind, n, detail)
         for oid, o in LOADED.items()
         for field, kind in _list_fields(o).items()
         for n in SIZES for detail in _detail_cases(o, field, kind, n)]


def _level(outline) -> str:
    from drafter.drafting.context import expand_levels

    return "镇" if not outline.levels or "镇" in expand_levels(outline.levels) else "县"


@pytest.mark.parametrize(("oid", "field", "kind", "n", "detail"), CASES)
def test_a_list_of_any_size_reads_naturally(oid, field, kind, n, detail):
    outline = outline_mod.load(outline_mod.library()[oid])
    spec = cell_spec(oid, _level(outline), DATE, "party", 1)
    spec[field] = _items(outline, field, kind, n, detail)
    try:
        result = draft(spec)
    except DrafterError as e:
        assert n == 0 and outline.fields[field].required, e.format()
        return
    body = _body(result.markdown)
    plain = body.replace("**", "").replace("\\", "")
    hits = find(plain, build(result.spec), result.spec.place, result.spec.context())
    assert not hits, [(h.rule, plain[max(0, h.start - 15):h.end + 15]) for h in hits]
    bare = [p for p in body.split("\n\n") if re.fullmatch(r"\*\*[^*]+\*\*", p.strip())]
    assert not bare, f"bold lines with no body: {bare[:3]}"
    if detail:
        assert DETAIL[0] in plain, "a writer's detail must reach the draft"
