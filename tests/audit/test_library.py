"""The library passes its own check: `drafter outlines check` over every outline in outlines/
exits 0 (context grid, list sizes, levels, variety between seeds, lengths, near-paraphrase,
repeated phrases, unused fields — thresholds in drafter/data/audit.yaml); docs/outlines.md
lists every outline."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from drafter.cli import cli
from drafter.drafting import outline as outline_mod


@pytest.mark.parametrize("oid", sorted(outline_mod.library()))
def test_every_library_outline_passes_drafter_outlines_check(oid):
    result = CliRunner().invoke(cli, ["outlines", "check", oid], catch_exceptions=False)
    assert result.exit_code == 0, result.output


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
