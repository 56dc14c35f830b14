"""Any JSON in any field of a spec gets an answer the page can show: 200, or 400/422 in Chinese
with each spec problem tied to a field — never a 500 or a server error page."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .web_helpers import SPEC, Client, make_app

FIELDS = ["outline", "seed", "length", "title", "fonts", "goals", "problems", "deadline",
          "place", "place.name", "place.level", "place.parent", "place.words", "meeting",
          "meeting.name", "meeting.date", "meeting.before", "speaker", "speaker.name",
          "speaker.role", "unknown", "place.unknown"]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20) | st.sampled_from(["镇", "2026-03-15", "{{ x }}", "\u202e", "a: b"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                  max_size=3),
    max_leaves=8)
CLIENT = Client(make_app())


def _put(spec: dict, name: str, value) -> None:
    *groups, last = name.split(".")
    for g in groups:
        if not isinstance(spec.get(g), dict):
            spec[g] = {}
        spec = spec[g]
    spec[last] = value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(st.sampled_from(FIELDS), JSON), min_size=1, max_size=3),
       seed=st.none() | JSON)
def test_any_spec_gets_an_answer_in_chinese(changes, seed):
    spec = copy.deepcopy(SPEC)
    for name, value in changes:
        _put(spec, name, value)
    body = {"spec": spec} if seed is None else {"spec": spec, "seed": seed}
    r = CLIENT.post("/api/draft", json=body)
    assert r.status_code in (200, 400, 422), r.get_json()
    answer = r.get_json()
    if r.status_code == 422:
        assert answer["errors"] and all(e["field"] and e["message"] for e in answer["errors"])
    if r.status_code != 200:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in answer["error"])
