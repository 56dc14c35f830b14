"""The structure found, as the CLI prints it."""

from __future__ import annotations

from drafter.corpus.extract.base import KIND_NAMES, Extraction, short
from drafter.text.cn import cn


def summary(result: Extraction) -> str:
    """The structure found, what became variables and the warnings, as the CLI prints them."""
    c = result.counts
    lines = [f"《{c['title']}》→ 提纲 {result.id}（{result.level}级讲话）", "结构："]
    if c["opening"]:
        lines.append(f"  开头 {c['opening']} 段")
    number = 0
    for s in c["sections"]:
        if s["heading"]:
            number += 1
            head = f"{cn(number)}、{short(s['heading'], 20)}"
        else:
            head = "（无标题）"
        kind = KIND_NAMES.get(s["kind"], s["kind"])
        if s["items"]:
            subs = "".join(f"，第{i}条下分 {n} 条" for i, n in enumerate(s["sub"], 1) if n)
            marker = s["marker"].rstrip("，、")
            lines.append(f"  {head}［{kind}］{marker}…共 {s['items']} 条{subs}")
        else:
            lines.append(f"  {head}［{kind}］只有段落")
    if c["closing"]:
        lines.append(f"  结尾 {c['closing']} 段")
    if result.replaced:
        words = "，".join(f"{k} ×{v}" for k, v in sorted(result.replaced.items(),
                                                         key=lambda kv: -kv[1]))
        lines.append(f"变量：{words}")
    if c["counts_linked"]:
        lines.append(f"数量词：{c['counts_linked']} 处改为随条目数变化")
    if result.warnings:
        lines.append(f"警告（{len(result.warnings)} 条）：")
        lines += [f"  - {w}" for w in result.warnings]
    else:
        lines.append("没有警告。")
    return "\n".join(lines)
