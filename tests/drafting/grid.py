"""The context grid the library is tested over: every outline × level × season × speaker role
× seed, with the spec that reproduces each cell. Shared by the grid tests and by anyone who
wants to read a cell's draft (python tests/drafting/grid.py OUTLINE LEVEL DATE ROLE SEED)."""

from __future__ import annotations

import copy
import datetime as dt
import re
import sys
from pathlib import Path

import yaml

from drafter.audit.grid import (  # the grid `drafter outlines check` drafts
    DATES,
    PLACES,
    speaker_title,
)
from drafter.audit.measures import spec_values

__all__ = ["DATES", "PLACES", "ROLES", "SEEDS", "cell_spec", "draft", "levels_of", "spec_values"]
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
ROLES = ("party", "exec")
SEEDS = (1, 2)


def example_of(outline_id: str) -> dict:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("outline") == outline_id:
            return data
    raise LookupError(outline_id)


def cell_spec(outline_id: str, level: str, date: dt.date, role: str, seed: int,
              length: int = 3000) -> dict:
    spec = copy.deepcopy(example_of(outline_id))
    spec["place"] = {"name": PLACES[level], "level": level}
    if level == "局":
        spec["place"]["parent"] = "临川县"
    spec["meeting"] = {**spec.get("meeting", {}), "date": date}
    if re.search(r"\d{4}", str(spec["meeting"].get("name", ""))):
        del spec["meeting"]["name"]  # "2027年…大会" belongs to one date, like a deadline
    spec["speaker"] = {"name": "王明", "title": speaker_title(level, role)}
    spec.pop("deadline", None)  # a deadline belongs to one meeting date
    spec["seed"], spec["length"] = seed, length
    return spec


def levels_of(outline_id: str) -> list[str]:
    """The grid's levels an outline declares (all of them when it declares none)."""
    from drafter.drafting import outline as outline_mod
    from drafter.drafting.context import expand_levels

    declared = outline_mod.load(outline_mod.library()[outline_id]).levels
    allowed = expand_levels(declared) if declared else set(PLACES)
    return [lv for lv in PLACES if lv in allowed]


def draft(spec: dict):
    from drafter import api
    from drafter.spec.source import Source

    return api.draft(Source(EXAMPLES / "grid.yaml", spec))


if __name__ == "__main__":
    oid, level, date, role, seed = sys.argv[1:6]
    print(draft(cell_spec(oid, level, DATES.get(date) or dt.date.fromisoformat(date), role,
                          int(seed))).markdown)
