"""Every level's draft uses its own words: no 我乡 in a 镇 speech, no 镇党委 in a 区 speech."""

from __future__ import annotations

import re

import pytest
from conftest import write

from drafter import api
from drafter.text import places

LEVELS = ["乡", "镇", "街道", "县", "区", "市", "旗", "开发区", "局"]
NAMES = {"乡": "石门乡", "镇": "青石镇", "街道": "城关街道", "县": "临川县", "区": "云溪区",
         "市": "江州市", "旗": "草原旗", "开发区": "高新开发区", "局": "临川县财政局"}
# Ordinary words that happen to equal a level's word (全局 = "the overall situation").
COMMON = {"全局"}
SPEC = """\
outline: efficiency-mobilization
place: {{name: {name}, level: {level}}}
meeting: {{theme: 发扬实干精神，推动机关效能建设上台阶, date: 2026-03-15}}
speaker: {{name: 王明, title: 书记}}
deadline: 2026-06-30
"""


def foreign_words(level: str) -> set[str]:
    """Self-reference words of every other level that this level's draft must not contain."""
    table = places.table()
    own = table[level]
    allowed = {v for k, v in own.items() if isinstance(v, str)}
    allowed |= set(re.split("[、]", own["upper"]))
    words = set()
    for other, row in table.items():
        if other == level:
            continue
        for key in ("self", "all", "local", "party", "gov", "leaders", "organs", "people",
                    "cadres", "leaders_short"):
            for w in re.split("[、]", row[key]):
                if w and w not in allowed and w not in COMMON and not any(w in a for a in allowed):
                    words.add(w)
    return words


@pytest.mark.parametrize("level", LEVELS)
def test_no_word_of_another_level(tmp_path, level):
    path = write(tmp_path / "s.yaml", SPEC.format(name=NAMES[level], level=level))
    for seed in range(1, 6):
        text = api.draft(path, seed=seed).speech.text.replace(NAMES[level], "")
        found = sorted(w for w in foreign_words(level) if w in text)
        assert not found, f"{level} seed {seed}: {found}"
        own = places.table()[level]
        assert own["self"] in text or own["all"] in text


@pytest.mark.parametrize("level", LEVELS)
def test_seams_read_cleanly(tmp_path, level):
    path = write(tmp_path / "s.yaml", SPEC.format(name=NAMES[level], level=level))
    for seed in range(1, 6):
        text = api.draft(path, seed=seed).speech.text
        for bad in ("的的", "。。", "，，", "、、", "、。", "，。", "XX", "××", "某某", "None", "{{"):
            assert bad not in text, (level, seed, bad)
        own = places.table()[level]
        assert own["all"] * 2 not in text and own["self"] + own["party"] not in text
        assert text.count("“") == text.count("”"), (level, seed)
