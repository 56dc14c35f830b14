"""The sandbox bounds work as it is done: nested joins, long separators, spec data used as a
separator and numeric edges end in drafter's own message within a second, at the load check or
during the render, never in gigabytes or a traceback."""

from __future__ import annotations

import resource
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2.sandbox import SecurityError
from test_untrusted import SPEC, refused, with_sentence

from drafter.drafting.environment import text_env
from drafter.drafting.render import _RENDER_ERRORS as RENDER_ERRORS
from drafter.drafting.sandbox import MAX_SEPARATOR, MAX_WORK, check

TEN_NESTED = "{{ " + "'aaaaaaaaaa'|list|join(" * 10 + "'a'" + ")" * 10 + " }}"
GOALS_NESTED = "{{ " + "goals|join(" * 34 + "'、'" + ")" * 34 + " }}"
SPEC_WITH_GOALS = SPEC + "goals: [" + ", ".join(["增强大局意识"] * 8) + "]\n"


@pytest.mark.parametrize(("sentence", "fragment"), [
    (TEN_NESTED, f"分隔词只能直接写出，且不超过 {MAX_SEPARATOR} 个字"),
    (GOALS_NESTED, "分隔词只能直接写出"),
    ("{{ goals|join('" + "长" * (MAX_SEPARATOR + 1) + "') }}", "分隔词"),
    ("{{ goals|map('join', goals|first)|list }}", "分隔词"),
    ("{{ goals|enum('一是', goals|first) }}", "分隔词"),
    ("{{ goals|join_cn(last=goals|first) }}", "分隔词"),
    ("{{ 1e999|int }}", "数字太大"),
    ("{{ -1e999 }}", "数字太大"),
])
def test_amplifiers_are_refused_when_the_outline_loads(tmp_path, sentence, fragment):
    e = refused(with_sentence(tmp_path, sentence, SPEC_WITH_GOALS))
    assert fragment in e.message, e.message


def test_short_literal_separators_still_work(tmp_path):
    from drafter import api

    spec = with_sentence(tmp_path, "目标是{{ goals|join('、') }}，{{ goals|enum('一是', '；') }}",
                         SPEC_WITH_GOALS)
    assert "增强大局意识、增强大局意识" in api.draft(spec).markdown


def _render_directly(source: str, **data) -> str:
    """Past the load check, as a sentence reaching the environment another way would."""
    return text_env().from_string(source).render(**data)


@pytest.mark.parametrize("source", [
    TEN_NESTED,
    GOALS_NESTED,
    "{{ (x ~ x ~ x ~ x ~ x ~ x ~ x ~ x)|list|join(x)|list|join(x) }}",
    "{{ x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x }}",
])
def test_the_budget_stops_amplification_during_the_render(source):
    start = time.perf_counter()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(SecurityError) as e:
        _render_directly(source, goals=["增强大局意识"] * 8, x="长" * 100_000)
    assert "计算量超过上限" in str(e.value)
    assert time.perf_counter() - start < 1
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert grown_mb < 200


def test_a_real_sentence_is_far_inside_the_budget():
    out = _render_directly("{{ goals|map('upper')|join('、') }}{{ goals|length + 1 }}",
                           goals=["甲", "乙"])
    assert out == "甲、乙3"


# Random nesting of the filters and operators a sentence may use, over spec-like data.
_LEAVES = st.sampled_from(["goals", "x", "'aaaaaaaaaa'", "goals|first", "'、'"])
_WRAPS = st.sampled_from([
    "({})|list", "({})|join('、')", "({})|join", "({})|string", "({})|reverse", "({})|unique",
    "({})|map('upper')|list", "({})|first", "({})|last", "({})|sort", "({}) ~ ({})",
    "({}) + ({})", "({})|truncate(50)", "({})|join_cn", "({})|enum('一是')", "({})|length",
])


@st.composite
def _chains(draw):
    expr = draw(_LEAVES)
    for _ in range(draw(st.integers(1, 14))):
        expr = draw(_WRAPS).replace("{}", expr)
    return "{{ " + expr + " }}"


@settings(max_examples=150, deadline=None)
@given(_chains())
def test_any_chain_of_filters_ends_quickly_in_a_result_or_drafter_s_message(source):
    env = text_env()
    if check(env, source):
        return  # refused on load, as an outline would be
    start = time.perf_counter()
    try:
        out = _render_directly(source, goals=["增强大局意识"] * 20, x="长" * 5_000)
    except SecurityError as e:
        assert "计算量超过上限" in str(e) or "不能" in str(e)
    except RENDER_ERRORS:
        pass  # a filter given the wrong kind of value: the renderer words it (render.fail)
    else:
        assert len(out) <= 12 * MAX_WORK
    assert time.perf_counter() - start < 5  # generous: a loaded CI machine is not a benchmark
