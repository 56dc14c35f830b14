"""The starter spec (`drafter new`): every value it writes reads back, through drafter's own spec
reader, as the value written; what it comments out reads back as shown once uncommented; every
outline's starter drafts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.cli import cli
from drafter.drafting.outline import find, library
from drafter.drafting.starter import starter_spec
from drafter.spec.source import load_yaml
from drafter.spec.validate import FieldSpec, merged_fields

# Text a hand-written quoter gets wrong: YAML 1.1 booleans, nulls, base-60 and hex numbers,
# dates, indicators at the start, ": " and " #" inside, quotes, escapes, line breaks of every
# kind, spaces at either end, controls, direction marks, wide characters.
SPECIAL = [
    "a: b", "a:b", "#x", "x #y", "x#y", "on", "On", "OFF", "yes", "No", "y", "n", "Y", "null",
    "Null", "~", "", " ", "  ", "12:30", "1:20:30", "-12:30", "0x1F", "0b101", "0o17", "017",
    "1e3", "1.5e3", "1.5", ".5", "-1", "+1", "1_000", ".inf", "-.Inf", ".NaN", "2026-01-01",
    "2026-1-1", "2026-01-01 10:00:00", "2026-01-01T10:00:00Z", "=", "<<", "true", "False",
    "'", '"', "''", '"x"', "'x'", "it's", "\\", "\\n", "a\\b", "\\x41", "- a", "-", "--",
    "? b", "?", ":", ": x", "!t", "!!str x", "!!python/object x", "&a", "*a", "%YAML 1.2",
    "@x", "`x", "|", "|-", ">", ">+ x", "[a, b]", "]", "{a: b}", "}", "a, b", ",", "---",
    "...", "--- x", " lead", "trail ", "a\nb", "a\n\nb", "a  \n b", "\n", "\n\n", "x\n",
    "\tx", "x\ty", "x\t", "\r\n", "a\rb", "\x85", "a\x85b", "\u2028", "x\u2029y", "\ufeffx",
    "\x00", "\x07", "\x1b[2J", "\x7f", "\u202eabc", "\u200b", "\u3000青石镇\u3000", "青石镇",
    "😀", "“全角”引号：冒号，逗号", "在……暨\n……上的讲话",
]
PREFIXES = ["", "-", "?", "!", "&", "*", "%", "@", "`", "#", "'", '"', " ", ":", "|", ">", "["]
SUFFIXES = ["", " ", "  ", ":", " #", "\n", "\t", ",", "]"]
texts = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(max_size=12),
    st.builds(lambda a, b, c: a + b + c, st.sampled_from(PREFIXES),
              st.one_of(st.sampled_from(SPECIAL), st.text(max_size=6)), st.sampled_from(SUFFIXES)),
)
items = st.one_of(texts, st.fixed_dictionaries({"text": texts}, optional={"detail": st.lists(texts, max_size=3)}))
rows = st.one_of(texts, st.fixed_dictionaries(
    {"name": texts}, optional={"progress": texts, "remark": st.one_of(texts, st.lists(texts, max_size=2))}))
VALUES = {
    "str": texts, "level": texts, "path": texts,
    "int": st.integers(-(10 ** 18), 10 ** 18),
    "date": st.dates(),
    "list": st.lists(items, max_size=4),
    "table": st.lists(rows, max_size=3),
    "map": st.dictionaries(texts, texts, max_size=3),
    "lines": st.one_of(texts, st.lists(texts, min_size=1, max_size=3)),
}
# One field of every type, at the top level and inside a group.
EXTRA = {f"x_{kind}": FieldSpec(kind, keys=("name", "progress", "remark") if kind == "table" else ())
         for kind in VALUES}
EXTRA["meeting.host"] = FieldSpec("str")
OUTLINE = find("project-review")
WIDE = dataclasses.replace(OUTLINE, fields={**OUTLINE.fields, **EXTRA})
FIELDS = {n: fs for n, fs in merged_fields(WIDE.fields).items() if n != "outline"}


def _get(data, name):
    for part in name.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _same(a, b) -> bool:
    """Equal and of the same types all the way down (1 == True and 1 == 1.0 in Python)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({}, optional={n: VALUES[fs.type] for n, fs in FIELDS.items()}))
def test_every_value_written_reads_back_as_written(values):
    text = starter_spec(WIDE, values)
    data = load_yaml(None, text).data
    assert data["outline"] == "project-review"
    for name, value in values.items():
        assert _same(_get(data, name), value), (name, text)
    for name, fs in FIELDS.items():
        if name not in values and not fs.required:
            assert _get(data, name) is None, name  # left out: commented, not written


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({n: VALUES[fs.type] for n, fs in EXTRA.items()}))
def test_a_commented_out_example_reads_back_as_shown_once_uncommented(examples):
    fields = {n: dataclasses.replace(fs, example=examples[n]) for n, fs in EXTRA.items()}
    # path and lines fields are commented out; make every field so by an empty default.
    fields = {n: dataclasses.replace(fs, default=[] if fs.type in ("list", "table") else "")
              if fs.type not in ("path", "lines") else fs for n, fs in fields.items()}
    outline = dataclasses.replace(OUTLINE, fields={**OUTLINE.fields, **fields})
    text = starter_spec(outline)
    body = text.split("\n\n", 1)[1]  # after the header
    uncommented = "\n".join(_uncomment(line) for line in body.splitlines())
    data = load_yaml(None, uncommented).data
    for name, example in examples.items():
        shown = example if example not in ([], None) else ["一条"]
        assert _same(_get(data, name), shown), (name, uncommented)


def _uncomment(line: str) -> str:
    stripped = line.lstrip(" ")
    if stripped.startswith("# "):
        return line[: len(line) - len(stripped)] + stripped[2:]
    return line


def test_values_hand_written_quoting_got_wrong_draft_as_written(in_tmp):
    goals = ["a: b", "#x 开头", "on", "yes", "12:30", "0x1F", "1e3", "~", "null", "2026-1-1",
             "2026-01-01", " 前后有空格 ", "两行\n文字", "- 一条", "? 问", "@某人", "`x`", "'引号'",
             '"双引号"', "反斜杠\\n"]
    values = {"outline": "efficiency-mobilization", "place.name": "on", "place.level": "镇",
              "meeting.theme": "12:30", "meeting.date": dt.date(2026, 3, 15),
              "speaker.name": "王明", "goals": goals}
    text = starter_spec(find("efficiency-mobilization"), values)
    assert load_yaml(None, text).data["goals"] == goals
    (in_tmp / "s.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["draft", "s.yaml", "-f", "md", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "on" in result.output.split("\n", 1)[0]  # the title names the place as written


@pytest.mark.parametrize("outline_id", sorted(library()))
def test_every_outline_s_starter_drafts(outline_id, in_tmp):
    result = CliRunner().invoke(cli, ["new", outline_id, "-o", "spec.yaml"])
    assert result.exit_code == 0, result.output
    text = (in_tmp / "spec.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 讲话规格：") and "%YAML" not in text
    assert "必填" in text and "可选" in text
    result = CliRunner().invoke(cli, ["draft", "spec.yaml", "-f", "md", "-o", "d.md"])
    assert result.exit_code == 0, result.output
    assert (in_tmp / "d.md").read_text(encoding="utf-8").startswith("# ")


def test_an_outline_file_outside_the_library_is_named_by_its_path(in_tmp):
    source = library()["efficiency-mobilization"].read_text(encoding="utf-8")
    (in_tmp / "mine").mkdir()
    (in_tmp / "mine" / "my.yaml").write_text(source.replace("id: efficiency-mobilization",
                                                           "id: my-speech"), encoding="utf-8")
    (in_tmp / "specs").mkdir()
    result = CliRunner().invoke(cli, ["new", "mine/my.yaml", "-o", "specs/s.yaml"])
    assert result.exit_code == 0, result.output
    assert "outline: ../mine/my.yaml" in (in_tmp / "specs" / "s.yaml").read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["draft", "specs/s.yaml", "-f", "md", "-o", "d.md"])
    assert result.exit_code == 0, result.output


def test_ruamel_is_loaded_only_when_a_starter_is_written():
    code = ("import sys, drafter.drafting.starter as s, drafter.drafting.outline as o;"
            "print('ruamel.yaml' in sys.modules);"
            "s.starter_spec(o.find('efficiency-mobilization'));"
            "print('ruamel.yaml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_starters_written_in_threads_are_each_whole():
    from concurrent.futures import ThreadPoolExecutor

    outlines = [find(oid) for oid in sorted(library())] * 4
    alone = [starter_spec(o) for o in outlines]
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(starter_spec, outlines)) == alone
