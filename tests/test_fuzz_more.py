"""Fuzzing, second round: batch plans, output names and consoles. Same contract as test_fuzz.py —
a result, or drafter's own error — and the same switch for a long run
(DRAFTER_FUZZ_EXAMPLES=N)."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import yaml
from conftest import EXAMPLES
from hypothesis import event, given
from hypothesis import strategies as st
from test_fuzz import fuzz

from drafter.batch import load_plan, windows_reserved
from drafter.cli import console
from drafter.document.output import MAX_FILE_NAME_BYTES, atomic_write
from drafter.errors import DrafterError

MATRIX_KEYS = ["seed", "place.name", "place.level", "place", "place.name.x", "meeting.date",
               "outline", "length", "speaker.title", "goals", "x.y.z", "", "a..b", "place."]
NAME_PIECES = ["{seed}", "{place.name}", "{place.level}", "{nope}", "{", "}", "CON", "aux .",
               "COM¹", "lpt0", "..", "/", "\\", ":", ".", " ", "讲话", "-", "\x00", "\u202e"]
VALUES = st.one_of(st.integers(-5, 10**6), st.text(max_size=12), st.none(), st.booleans(),
                   st.sampled_from(["镇", "县", "青石镇", "2026-03-15", "../x", "COM1", "长" * 90]),
                   st.dictionaries(st.sampled_from(["name", "level"]), st.text(max_size=6),
                                   max_size=2))


@st.composite
def plans(draw) -> str:
    matrix = draw(st.dictionaries(st.sampled_from(MATRIX_KEYS) | st.text(max_size=8),
                                  st.lists(VALUES, max_size=4) | VALUES, max_size=3))
    plan = {"base": str(EXAMPLES / "qingshi-town.yaml"), "matrix": matrix,
            "name": "".join(draw(st.lists(st.sampled_from(NAME_PIECES), max_size=5)))}
    for key in draw(st.lists(st.sampled_from(["format", "layout", "extra"]), max_size=2)):
        plan[key] = draw(st.sampled_from(["docx", "md", "podium", "gb", "pdf", 3]))
    return yaml.safe_dump(plan, allow_unicode=True)


@fuzz(300)
@given(text=plans())
def test_a_plan_loads_with_safe_distinct_names_or_says_why(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("plan") / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        plan = load_plan(path)
    except DrafterError as e:
        assert e.message and "Traceback" not in e.message
        event("refused")
        return
    event("loaded")
    names = [c.name.lower() for c in plan.cells]
    assert len(set(names)) == len(names)
    for name in names:
        assert "/" not in name and "\\" not in name and not name.startswith(".")
        assert not windows_reserved(name)
        assert len(name.encode("utf-8")) <= MAX_FILE_NAME_BYTES


@fuzz(300)
@given(name=st.text(min_size=1, max_size=120))
def test_any_output_name_is_written_inside_its_folder_or_refused(tmp_path_factory, name):
    folder = tmp_path_factory.mktemp("out")
    try:
        written = atomic_write(folder / name, b"x")
    except DrafterError as e:
        assert e.message
        event("refused")
        return
    except ValueError:  # a NUL in a path: Python refuses to hand it to the system
        assert "\x00" in name
        return
    event("written")
    assert Path(written).resolve().parent == folder.resolve() or "/" in name or name in (".", "..")


@fuzz(300)
@given(text=st.text(max_size=200), encoding=st.sampled_from(["ascii", "gbk", "gb2312",
                                                             "cp936", "latin-1"]))
def test_a_console_writes_any_text_in_any_encoding(text, encoding):
    console.register()
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="drafter-replace")
    stream.write(text)
    stream.flush()
    shown = raw.getvalue().decode(encoding)
    assert len(shown) == len(text.replace("\r\n", "\n")) or "?" in shown
    assert codecs.lookup_error("drafter-replace")
