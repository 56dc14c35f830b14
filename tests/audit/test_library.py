"""The library as docs/outlines.md lists it."""

from __future__ import annotations

from drafter.drafting import outline as outline_mod


def test_docs_list_every_library_outline_with_its_name_and_range():
    from conftest import ROOT

    rows = {line.split("|")[1].strip(): line
            for line in (ROOT / "docs" / "outlines.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| ") and line.count("|") == 6}
    for oid, path in outline_mod.library().items():
        o = outline_mod.load(path)
        assert oid in rows, f"docs/outlines.md 的提纲库缺少 {oid}"
        assert f"| {o.name} |" in rows[oid] and rows[oid].rstrip().endswith(
            f"| {o.lengths[0]}–{o.lengths[1]} |"), rows[oid]
