"""Untrusted outlines, templates and YAML: writers share outlines, so a sentence is code.

Reaching for Python internals, imports, unbounded work and YAML tricks (python tags, alias and
merge bombs, deep nesting) all end in a DrafterError naming the file and line — quickly, with
bounded memory, and through the CLI without a traceback.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import EXAMPLES, FIXTURES, write
from jinja2.sandbox import SecurityError

from drafter import api
from drafter.batch import load_plan
from drafter.cli import cli
from drafter.drafting.environment import text_env
from drafter.drafting.outline import load as load_outline
from drafter.drafting.sandbox import MAX_NESTING, MAX_OUTPUT
from drafter.errors import DrafterError
from drafter.spec.source import MAX_DEPTH, load_yaml

SPEC = """\
outline: mini-outline.yaml
place: {name: 青石镇, level: 镇}
meeting: {theme: 发扬实干精神, date: 2026-03-15}
speaker: {name: 王明, title: 书记}
"""
SENTENCE = "下面，我讲{{ headings|count_cn }}点意见。"
SENTENCE_LINE = 17  # its line in tests/fixtures/mini-outline.yaml


def with_sentence(tmp_path: Path, sentence: str, spec: str = SPEC) -> Path:
    """The mini outline with one sentence replaced, and a spec using it."""
    text = (FIXTURES / "mini-outline.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[SENTENCE_LINE - 1].strip() == "- " + SENTENCE
    write(tmp_path / "mini-outline.yaml", text.replace(SENTENCE, json.dumps(sentence)))
    return write(tmp_path / "s.yaml", spec)


def refused(spec: Path) -> DrafterError:
    start = time.perf_counter()
    with pytest.raises(DrafterError) as e:
        api.draft(spec)
    assert time.perf_counter() - start < 1
    return e.value


# --- sentences reaching for internals, imports, unbounded work --------------------------------

REFUSED_ON_LOAD = {
    "{{ ''.__class__.__mro__ }}": "下划线",
    "{{ place.__class__.__mro__[1].__subclasses__() }}": "不能调用",
    "{{ lipsum.__globals__.os }}": "下划线",
    "{{ cycler.__init__.__globals__ }}": "下划线",
    "{{ place['__class__'] }}": "下划线",
    "{{ goals|map(attribute='__class__')|list }}": "下划线",
    "{{ ''.mro() }}": "不能调用",
    "{{ place.name.upper() }}": "不能调用",
    "{{ range(10**9)|length }}": "不能调用",
    "{{ namespace(s='a') }}": "不能调用",
    "{{ 'a'.center(1000000000) }}": "不能调用",
    "{% for i in goals %}{% for j in goals %}x{% endfor %}{% endfor %}": "{% for %}",
    "{% set ns = namespace(s='a') %}": "{% set %}",
    "{% import 'os' as os %}": "{% import %}",
    "{% from '/etc/passwd' import x %}": "{% from … import %}",
    "{% include '/etc/passwd' %}": "{% include %}",
    "{% extends 'frame.md.j2' %}": "{% extends %}",
    "{% macro m() %}x{% endmacro %}": "{% macro %}",
    "{% with a = 1 %}{% endwith %}": "{% with %}",
    "{{ 'a' * 1000000000 }}": "不能用 *",
    "{{ 10 ** 10 ** 10 }}": "不能用 **",
    "{{ 1 / 0 }}": "不能用 /",
    "{{ '%999999999d' % 1 }}": "不能用 %",
    "{{ 'a'|center(1000000000) }}": "未知的过滤器 center",
    "{{ goals|map('center', 1000000000)|list }}": "map 用到了未知的过滤器 center",
    "{{ goals|random }}": "未知的过滤器 random",
    "{% if '%999999999d' is odd %}x{% endif %}": "未知的判断 odd",
    "{{ " + "(" * 500 + "1" + ")" * 500 + " }}": "嵌套",
    "{{ goals" + "|first" * (MAX_NESTING + 5) + " }}": "嵌套",
    "{{ 1" + "0" * 5000 + " }}": "数字太长",
    "{{ 0x" + "f" * 5000 + " }}": "数字太长",
    "{{ place.name }": "模板语法错误",
}


@pytest.mark.parametrize("sentence", list(REFUSED_ON_LOAD), ids=range(len(REFUSED_ON_LOAD)))
def test_a_sentence_outside_the_sandbox_is_refused_with_file_and_line(tmp_path, sentence):
    e = refused(with_sentence(tmp_path, sentence))
    assert e.path == str(tmp_path / "mini-outline.yaml")
    assert e.line == SENTENCE_LINE
    assert REFUSED_ON_LOAD[sentence] in e.message
    assert e.hint


@pytest.mark.parametrize("name", ["range", "lipsum", "cycler", "joiner", "namespace", "dict"])
def test_jinja_globals_are_gone(tmp_path, name):
    e = refused(with_sentence(tmp_path, "{{ " + name + " }}"))
    assert (e.path, e.line) == (str(tmp_path / "mini-outline.yaml"), SENTENCE_LINE)
    assert "未定义的变量" in e.message and name in e.message


@pytest.mark.parametrize("sentence", [
    "{{ place.name|date_cn }}",  # a filter given the wrong kind of value
    "{{ goals|cn }}",
    "{{ 0|ordinal }}",
    "{{ 10000000000000|cn }}",
    "{{ goals|map('cn')|list }}",
])
def test_a_filter_failing_at_render_names_the_sentence(tmp_path, sentence):
    e = refused(with_sentence(tmp_path, sentence))
    assert (e.path, e.line) == (str(tmp_path / "mini-outline.yaml"), SENTENCE_LINE)
    assert "渲染失败" in e.message


@pytest.mark.parametrize("key, expression, fragment", [
    ("when", "range(10**9)", "不能调用"),
    ("when", "''.__class__", "下划线"),
    ("when", "1/0", "不能用 /"),
    ("when", "x }}{% for i in goals %}{{ i", "表达式后面多了内容"),  # once spliced into {{ }}
    ("each", "goals * 1000000000", "不能用 *"),
])
def test_when_and_each_expressions_are_checked_the_same_way(tmp_path, key, expression, fragment):
    text = (FIXTURES / "mini-outline.yaml").read_text(encoding="utf-8")
    old = "      - key: 梗\n"
    assert old in text
    text = text.replace(old, f"{old}        {key}: {json.dumps(expression)}\n")
    write(tmp_path / "mini-outline.yaml", text)
    e = refused(write(tmp_path / "s.yaml", SPEC))
    assert e.path == str(tmp_path / "mini-outline.yaml") and e.line == 30
    assert fragment in e.message


def test_a_sentence_longer_than_any_speech_is_refused(tmp_path):
    spec = SPEC.replace("title: 书记", "title: " + "长" * (MAX_OUTPUT + 1))
    e = refused(with_sentence(tmp_path, "{{ speaker.title }}", spec))
    assert (e.path, e.line) == (str(tmp_path / "mini-outline.yaml"), SENTENCE_LINE)
    assert f"超过 {MAX_OUTPUT} 字" in e.message


def test_nested_each_over_literal_lists_is_bounded(tmp_path):
    # Five levels of each: over 30 elements would be 24 million items.
    item = {"key": "k0", "text": ["{{ a }}"], "each": str(list(range(30))), "as": "a"}
    for depth in range(1, 5):
        item = {"key": f"k{depth}", "text": ["x"], "each": str(list(range(30))), "as": "a",
                "items": [item]}
    outline = {"id": "bomb", "name": "bomb", "title": "题", "sections": [
        {"kind": "problems", "heading": "问题", "items": [item]}]}
    write(tmp_path / "mini-outline.yaml", yaml.safe_dump(outline, allow_unicode=True))
    e = refused(write(tmp_path / "s.yaml", SPEC.replace("{theme:", "{name: 大会, theme:")))
    assert e.path == str(tmp_path / "mini-outline.yaml") and "条目展开超过" in e.message


def test_the_render_environment_itself_holds_without_the_load_check():
    # Defence in depth: what reaches text_env() by another road than an outline file.
    env = text_env()
    assert not env.globals
    assert {"center", "indent", "format", "wordwrap", "random", "replace", "sum"}.isdisjoint(
        env.filters)
    assert {"odd", "even", "divisibleby"}.isdisjoint(env.tests)
    start = time.perf_counter()
    template = env.from_string("{{ 'a' * 1000000000 }}{{ 10 ** 10 ** 10 }}")  # not folded
    with pytest.raises(SecurityError):
        template.render()
    with pytest.raises(SecurityError):
        env.from_string("{{ ''.__class__ }}").render()
    assert time.perf_counter() - start < 1


def test_the_shipped_outlines_stay_inside_the_sandbox():
    for path in sorted((EXAMPLES.parent / "outlines").glob("*.yaml")):
        load_outline(path)


def test_cli_shows_file_and_line_and_no_traceback(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with_sentence(tmp_path, "{{ lipsum.__globals__['os'] }}")
    result = CliRunner().invoke(cli, ["draft", "s.yaml"])
    assert result.exit_code == 2
    assert f"mini-outline.yaml:{SENTENCE_LINE}: " in result.output
    assert "Traceback" not in result.output and "下划线" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini-outline.yaml", "s.yaml"]


# --- YAML: python tags, alias and merge bombs, deep nesting -----------------------------------

TAGS = [
    "!!python/object/apply:os.system [touch PWNED]",
    "!!python/object/new:os.system [touch PWNED]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!<tag:yaml.org,2002:python/object/apply:os.system> [touch PWNED]",
    "!!python/object/apply:subprocess.check_output [[touch, PWNED]]",
]


@pytest.mark.parametrize("tag", TAGS)
@pytest.mark.parametrize("kind", ["spec", "outline", "plan", "key"])
def test_python_tags_are_refused_everywhere(tmp_path, monkeypatch, tag, kind):
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURES / "mini-outline.yaml", tmp_path / "mini-outline.yaml")
    spec = write(tmp_path / "s.yaml", SPEC)
    if kind == "spec":
        write(spec, SPEC + f"goals: {tag}\n")
    elif kind == "key":
        write(spec, SPEC + f"? {tag}\n: 1\n")
    elif kind == "outline":
        outline = tmp_path / "mini-outline.yaml"
        write(outline, outline.read_text(encoding="utf-8") + f"summary: {tag}\n")
    with pytest.raises(DrafterError) as e:
        if kind == "plan":
            load_plan(write(tmp_path / "plan.yaml", f"base: s.yaml\nmatrix:\n  seed: {tag}\n"))
        else:
            api.draft(spec)
    assert e.value.line is not None
    assert "标签" in e.value.message or kind == "key" and "键必须是简单的文字" in e.value.message
    assert not (tmp_path / "PWNED").exists()


def billion_laughs() -> str:
    rows = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    rows += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    return "\n".join(rows) + "\n"


def merge_bomb(levels: int = 30) -> str:
    """Each level merges the one inside it twice: 2**30 keys once flattened by PyYAML."""
    node = "{k: v}"
    for i in range(levels):
        node = f"{{<<: [&m{i} {node}, *m{i}]}}"
    return f"outline: efficiency-mobilization\nz: {node}\n"


MEASURE = textwrap.dedent("""\
    import resource, sys, time
    from drafter.errors import DrafterError
    from drafter.spec.source import load_yaml
    text = sys.stdin.read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        load_yaml("bomb.yaml", text=text)
        outcome = "loaded"
    except DrafterError as e:
        outcome = e.message
    seconds = time.perf_counter() - start
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(seconds, grown, outcome, sep="\\n")
""")


@pytest.mark.parametrize("text", [billion_laughs(), merge_bomb()], ids=["aliases", "merges"])
def test_bombs_are_refused_within_a_second_and_50_MB(text):
    # A fresh process, so the peak RSS it reports is this load's alone.
    run = subprocess.run([sys.executable, "-c", MEASURE], input=text, capture_output=True,
                         text=True, timeout=60)
    seconds, grown_kb, outcome = run.stdout.splitlines()
    assert "过大" in outcome
    assert float(seconds) < 1
    assert int(grown_kb) < 50 * 1024


def test_merge_keys_still_merge_and_written_keys_win(tmp_path):
    text = "base: &b {name: 青石镇, level: 镇}\nplace:\n  <<: *b\n  level: 县\n"
    src = load_yaml(None, text=text)
    assert src.data["place"] == {"name": "青石镇", "level": "县"}
    assert src.line(("place", "level")) == 4


@pytest.mark.parametrize("text", [
    "[" * 10_000 + "]" * 10_000,
    "- " * 10_000 + "x\n",
    "{a: " * 10_000 + "1" + "}" * 10_000,
    "".join(" " * i + "-\n" for i in range(0, 2 * 200, 2)),
])
def test_deep_nesting_is_bounded_without_recursion_error(text):
    with pytest.raises(DrafterError) as e:
        load_yaml("deep.yaml", text=text)
    assert f"嵌套超过 {MAX_DEPTH} 层" in e.value.message
    assert e.value.line is not None


# An English word run of three or more: what a parser's own message looks like.
_ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,'-]+[A-Za-z]{2,}){2,}")


@pytest.mark.parametrize("text", [
    "[" * 1_500 + "]" * 1_500,                      # past libyaml's own limit of 1,000
    "- " * 1_500 + "x\n",
    "a:\n" + "[\n" * 70 + "]\n" * 70,               # brackets over many lines
    "a: '[[[['\nb: " + "{c: " * 70 + "1" + "}" * 70,   # quoted brackets do not count
])
def test_deep_nesting_names_the_limit_and_the_line_in_chinese(text):
    with pytest.raises(DrafterError) as e:
        load_yaml("deep.yaml", text=text)
    assert e.value.message.startswith(f"YAML 格式错误：第{e.value.line}行嵌套超过 {MAX_DEPTH} 层")
    assert not _ENGLISH.search(e.value.format())


def test_nesting_within_the_limit_loads():
    depth = MAX_DEPTH - 4
    assert load_yaml(None, text="[" * depth + "1" + "]" * depth).data is not None


@pytest.mark.parametrize("text", [
    "a: b: c\n",
    "a:\n  - x\n - y\n",
    "a: [1, 2\n",
    "a: {b: 1\n",
    'a: "\\q"\n',
    "a: &x 1\nb: *y\n",
    "a: 1\n---\nb: 2\n",
    "\ta: 1\n",
    "a: !!python/object:os.system x\n",
    "a: 2026-02-30\n",
    "%YAML 2.0\n---\na: 1\n",
    "a: 'unclosed\n",
    "? [a]\n: b\n",
])
def test_every_yaml_error_is_one_chinese_sentence_with_a_line(text):
    with pytest.raises(DrafterError) as e:
        load_yaml("bad.yaml", text=text)
    assert e.value.message.startswith(("YAML 格式错误：", "无效的值", "键必须是")), e.value.message
    assert "不符合 YAML 语法" not in e.value.message  # each of these has its own explanation
    assert e.value.line is not None
    assert not _ENGLISH.search(e.value.format()), e.value.format()


def test_nesting_that_crashed_libyaml_exits_2_through_the_cli(tmp_path):
    # libyaml's composer recursed in C: 30,000 "[" (60 KB) was a segmentation fault.
    path = write(tmp_path / "deep.yaml", "[" * 200_000 + "]" * 200_000)
    run = subprocess.run([sys.executable, "-m", "drafter", "draft", str(path)],
                         capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert f"嵌套超过 {MAX_DEPTH} 层" in run.stderr and "Traceback" not in run.stderr
