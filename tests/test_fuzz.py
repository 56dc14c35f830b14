"""Fuzzing: hostile or broken specs, arbitrary Unicode in every field, arbitrary reader input.

Every property ends in one of two outcomes — a result, or a DrafterError that names the file and
a field or a YAML position — never another exception. The example counts (1,650 inputs) keep
this file near 30 s; DRAFTER_FUZZ_EXAMPLES=5000 runs every property that many times, and
--hypothesis-show-statistics shows how the outcomes split (docs/reliability.md). Examples that
once failed are pinned with @example and as plain tests at the end.
"""

from __future__ import annotations

import copy
import io
import os
import re
import unicodedata
import warnings
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import docx
import pytest
import yaml
from click.testing import CliRunner
from conftest import EXAMPLES, write
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from drafter import api
from drafter.cli import cli
from drafter.document.docx_reader import read_docx
from drafter.drafting.outline import library, load
from drafter.errors import DrafterError
from drafter.spec.validate import CORE_FIELDS
from drafter.text import cn

# When a property fails, Hypothesis's pytest plugin imports libcst to suggest a patch, and
# libcst's import warns (mypy_extensions.TypedDict): with filterwarnings = error that warning
# hid the failing example behind an INTERNALERROR. Imported once here, quietly.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import hypothesis.extra._patching  # noqa: F401
    except ImportError:
        pass


def fuzz(default: int):
    """Hypothesis settings: `default` examples, or DRAFTER_FUZZ_EXAMPLES for a long run."""
    n = int(os.environ.get("DRAFTER_FUZZ_EXAMPLES") or default)
    return settings(
        max_examples=n, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.function_scoped_fixture],
    )


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


SPECS = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "plan.yaml")
SPEC_DATA = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in SPECS]
FIELDS = sorted({*CORE_FIELDS, *(name for path in library().values() for name in load(path).fields)})


def names_a_field_or_position(e: DrafterError) -> bool:
    """A message a writer can act on: a line in the file, or the field by name."""
    if e.line is not None:
        return True
    return "编码" in e.message or any(f in e.message for f in FIELDS)


def draft_or_error(path: Path):
    """The property every spec must have; returns the result, or None after a good error."""
    try:
        result = api.draft(path)
    except DrafterError as e:
        assert e.path == str(path), e.format()
        assert names_a_field_or_position(e), e.format()
        event("refused")
        return None
    event("drafted")
    return result


# --- mutated valid specs and arbitrary YAML --------------------------------------------------

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.dates(),
    st.datetimes(),
    st.sampled_from(["", "镇", "县级市", "2026-02-30", "efficiency-mobilization", "../x.yaml",
                     "/etc/passwd", "{{ place.__class__ }}", "<<", "~", "0x1F", "1e400"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["name", "level", "date", "measures", "x"]), inner,
                      max_size=3),
    max_leaves=8,
)
KEYS = ["outline", "place", "name", "level", "parent", "meeting", "theme", "date", "speaker",
        "title", "goals", "seed", "length", "deadline", "problems", "campaigns", "words",
        "leaders", "Place", "place.name", "日期"]
SNIPPETS = ["\t", ":", "- ", "[", "{", "&a ", "*a", "!!python/object/apply:os.system [ls]",
            "!!binary x", "<<: *a\n", '"', "'", "|", "#", "\n  ", "\x00", "\ufeff", "\x1b",
            "%YAML 1.1\n---\n", "? ", "!!set {a}", "!!omap [a: 1]", "2026-02-30",
            "0x" + "f" * 4000]


def _paths(data, prefix=()):
    yield prefix
    items = data.items() if isinstance(data, dict) else enumerate(data) \
        if isinstance(data, list) else ()
    for k, v in items:
        yield from _paths(v, prefix + (k,))


@st.composite
def mutated_specs(draw) -> str:
    """An example spec with a few keys dropped, renamed or retyped, then perhaps its text
    damaged: a line doubled (duplicate keys) or lost, a snippet inserted, cut short, emptied."""
    data = copy.deepcopy(draw(st.sampled_from(SPEC_DATA)))
    for _ in range(draw(st.integers(1, 2))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for k in path[:-1]:
            parent = parent[k]
        key = path[-1]
        op = draw(st.sampled_from(["drop", "rename", "retype", "list", "map", "nest", "same",
                                   "same", "same"]))
        if op == "drop":
            del parent[key]
        elif op == "rename" and isinstance(parent, dict):
            parent[draw(st.sampled_from(KEYS) | st.text(max_size=6))] = parent.pop(key)
        elif op == "retype":
            parent[key] = draw(VALUES)
        elif op == "list":
            parent[key] = [parent[key]]
        elif op == "map":
            parent[key] = {draw(st.sampled_from(KEYS)): parent[key]}
        elif op == "nest":
            parent[key] = [[{"a": [parent[key]]}]]
        elif isinstance(parent[key], str):  # a value of the right type that may still be wrong
            parent[key] = draw(st.text(max_size=12))
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    lines = text.splitlines(keepends=True)
    damage = draw(st.sampled_from(["none", "none", "none", "double", "lose", "insert", "cut",
                                   "empty", "two documents"]))
    if damage == "double":
        i = draw(st.integers(0, len(lines) - 1))
        lines.insert(i, lines[i])
    elif damage == "lose":
        del lines[draw(st.integers(0, len(lines) - 1))]
    elif damage == "insert":
        at = draw(st.integers(0, len(text)))
        lines = [text[:at], draw(st.sampled_from(SNIPPETS) | st.text(max_size=4)), text[at:]]
    elif damage == "cut":
        lines = [text[: draw(st.integers(0, len(text)))]]
    elif damage == "empty":
        lines = [draw(st.sampled_from(["", "---\n", "~\n", "[]\n", "{}\n", "# 注释\n"]))]
    elif damage == "two documents":
        lines += ["---\n", *lines]
    return "".join(lines)


TOKENS = ["outline: efficiency-mobilization\n", "place:", "meeting:", " ", "\n", "  ", "- ",
          "[", "]", "{", "}", ",", ": ", "&a ", "*a", "<<: ", '"', "'", "|", ">", "#", "\t",
          "name", "镇", "2026-03-15", "? ", "---", "...", "%TAG ! x\n", "!x ", '"\\ud800"',
          '"\\u202e"', "null", "~", "yes", ".inf", *SNIPPETS]
YAML_TEXT = st.one_of(
    st.text(),
    st.lists(st.sampled_from(TOKENS) | st.text(max_size=3), max_size=30).map("".join),
)


@fuzz(300)
@given(text=mutated_specs())
@example(text="meeting:\n  date: 2026-02-30\n")
@example(text="outline: efficiency-mobilization\nplace: {name: 青石镇, level: \"镇\\x01\"}\n")
@example(text="outline: efficiency-mobilization\nseed: 0x" + "f" * 4000 + "\n")
def test_mutated_spec_drafts_or_names_the_problem(work, text):
    draft_or_error(write(work / "mutated.yaml", text))


@fuzz(300)
@given(text=YAML_TEXT)
@example(text="[" * 10_000 + "]" * 10_000)
@example(text="a: &a {k: v}\nb:\n  <<: [*a, *a]\n")
def test_arbitrary_yaml_drafts_or_names_the_problem(work, text):
    path = work / "arbitrary.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    draft_or_error(path)


@fuzz(150)
@given(text=st.one_of(mutated_specs(), YAML_TEXT))
def test_cli_exits_0_or_2_and_never_shows_a_traceback(work, text):
    (work / "cli.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
    out = work / "cli.docx"
    out.unlink(missing_ok=True)
    result = CliRunner().invoke(cli, ["draft", str(work / "cli.yaml"), "-o", str(out)])
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    event(f"exit {result.exit_code}")
    if result.exit_code == 2:
        assert "cli.yaml" in result.output


# --- arbitrary Unicode in every string field -------------------------------------------------

SPECIAL = (
    "\x00\x01\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f"  # C0/C1 controls: refused
    "\ud800\udfff"  # lone surrogates: YAML refuses the escape
    "\ufffe\uffff"  # not XML characters: refused
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"  # bidi: refused
    "\u200b\u200c\u200d\u2060\ufeff"  # zero width: dropped
    "\u00ad\u2028\u2029\u3000\u00a0\t\n\r "  # soft hyphen, separators, spaces
    "，：；？！（）,:;?!().\"'“”‘’—…·、。"  # full- and half-width punctuation
    "*#_[]|\\`>-+=~<&{}%!"  # Markdown and Jinja specials
    "\u0301\u0651\U0001f389\U0001f468\U0001f1e8\U0001f1f3中镇县ｱ１"  # combining, emoji, widths
)
CHARS = st.one_of(st.sampled_from(SPECIAL), st.integers(0, 0x10FFFF).map(chr))
TEXTS = st.one_of(
    st.text(CHARS, max_size=24),
    st.builds(lambda c, n: c * n, st.sampled_from(["中", "a", "\U0001f389", "*", "e\u0301"]),
              st.integers(1, 10_000)),
)
STRING_FIELDS = ["place.name", "place.parent", "meeting.name", "meeting.theme", "speaker.name",
                 "speaker.title", "place.words.leaders", "goals"]
VISIBLE_DROPPED = "\u200b\u200c\u200d\u2060\ufeff"


def yaml_quote(s: str) -> str:
    """A double-quoted YAML scalar carrying any code point, lone surrogates included."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch in '\\"':
            out.append("\\" + ch)
        elif 0x20 <= o < 0x7F:
            out.append(ch)
        else:
            out.append(f"\\u{o:04x}" if o <= 0xFFFF else f"\\U{o:08x}")
    return '"' + "".join(out) + '"'


def unicode_spec(field: str, value: str, goals: list[str]) -> str:
    v = {"place.name": "青石镇", "place.parent": "临川县", "meeting.name": "机关效能建设动员大会",
         "meeting.theme": "发扬实干精神", "speaker.name": "王明", "speaker.title": "镇党委书记",
         "place.words.leaders": "镇党委、镇政府"}
    if field != "goals":
        v[field] = value
    q = {k: yaml_quote(s) for k, s in v.items()}
    return (
        "outline: efficiency-mobilization\n"
        f"place:\n  name: {q['place.name']}\n  level: 镇\n  parent: {q['place.parent']}\n"
        f"  words: {{leaders: {q['place.words.leaders']}}}\n"
        f"meeting:\n  name: {q['meeting.name']}\n  theme: {q['meeting.theme']}\n"
        "  date: 2026-03-15\n"
        f"speaker:\n  name: {q['speaker.name']}\n  title: {q['speaker.title']}\n"
        "goals:\n" + "".join(f"  - {yaml_quote(g)}\n" for g in goals) + "length: 1500\n"  # the shortest the outline writes
    )


def _visible(s: str) -> int:
    return sum(1 for ch in s if not ch.isspace() and ch not in VISIBLE_DROPPED)


def _laid_out(block) -> str:
    if block.kind == "speaker":
        return re.sub(r"[ \t\u3000]+", "\u3000", block.text.strip())
    return block.text


@fuzz(400)
@given(field=st.sampled_from(STRING_FIELDS), value=TEXTS, goals=st.lists(TEXTS, max_size=3))
@example(field="place.name", value="\ufffe", goals=[])
@example(field="speaker.name", value="\u200b", goals=[])
@example(field="speaker.name", value="王\u202e明", goals=[])
@example(field="meeting.theme", value="甲\u2028乙", goals=[])
@example(field="speaker.title", value="* # _ [x] | \\ ` > - 1. <b>", goals=["- 一", "# 二"])
def test_any_unicode_in_a_field_is_refused_by_name_or_reads_back(work, field, value, goals):
    goals = [value, *goals] if field == "goals" else ["把效率提上来"]
    path = write(work / "unicode.yaml", unicode_spec(field, value, goals))
    try:
        result = api.draft(path)
    except DrafterError as e:
        assert e.path == str(path), e.format()
        assert field in e.message or re.search(r"第\d+行第\d+列", e.message), e.format()
        event("refused")
        return
    event("drafted, read back")
    values = result.spec.values
    place = values["place"]
    got = {"place.name": place["name"], "place.parent": place["parent"],
           "meeting.name": values["meeting"]["name"], "meeting.theme": values["meeting"]["theme"],
           "speaker.name": values["speaker"]["name"], "speaker.title": values["speaker"]["title"],
           "place.words.leaders": result.spec.place["leaders"]}
    # Normalizing drops only zero-width characters and edge whitespace, and widens punctuation
    # one for one: nothing visible is lost.
    if field != "goals":
        assert _visible(got[field]) == _visible(value), (got[field], value)

    data = api.to_bytes(result.speech, "docx")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    # As laid out: a long title broken into lines, one full-width space in the speaker line.
    paragraphs[0] = paragraphs[0].replace("\n", "")
    assert paragraphs == [_laid_out(b) for b in result.speech.blocks]
    text = "\n".join(paragraphs)
    assert paragraphs[0] == f"在{got['place.name']}{got['meeting.name']}上的讲话"
    speaker = "\u3000".join(v for v in (got["speaker.title"], got["speaker.name"]) if v)
    assert re.sub(r"[ \t\u3000]+", "\u3000", speaker) in paragraphs[1:4]
    assert cn.quote(got["meeting.theme"]) in text
    for goal in values["goals"]:
        assert goal.rstrip("。；;，,") in text


# --- the readers -----------------------------------------------------------------------------

MD_CHARS = st.one_of(
    st.sampled_from(list("#>*_-+=`\\[]()!|~<&:：0123456789. \n\t\u3000一、（）同志们—")
                    + ["**", "1. ", "- ", "> ", "# ", "## 一、", "\r\n", "\u2028", "\x00",
                       "\ud800", "\ufffe", "\u202e"]),
    st.characters(),
)


@fuzz(300)
@given(text=st.lists(MD_CHARS, max_size=80).map("".join), suffix=st.sampled_from([".md", ".txt"]))
def test_markdown_and_text_readers_return_a_speech_or_a_drafter_error(work, text, suffix):
    path = work / f"reader{suffix}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        speech = api.read_speech(path)
    except DrafterError as e:
        assert e.path == str(path)
        event("refused")
        return
    event("read")
    for fmt in ("md", "txt", "docx"):
        try:
            api.to_bytes(speech, fmt)
        except DrafterError:
            assert fmt == "docx"  # a control character the .docx cannot hold


_BASE_DOCX: dict[str, bytes] = {}


def base_docx() -> dict[str, bytes]:
    if not _BASE_DOCX:
        speech = api.draft(EXAMPLES / "qingshi-town.yaml").speech
        with zipfile.ZipFile(io.BytesIO(api.to_bytes(speech, "docx"))) as z:
            _BASE_DOCX.update({n: z.read(n) for n in z.namelist()})
    return _BASE_DOCX


XML_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\t\n "),
                   max_size=20)
ATTR = st.sampled_from(["Title", "Heading1", "Heading9", "Subtitle", "center", "start", "end",
                        "both", "1", "0", "yes", "", 'a"b']) | XML_TEXT
RUN = st.builds(
    lambda text, bold: "<w:r>" + (f"<w:rPr><w:b w:val={quoteattr(bold)}/></w:rPr>"
                                  if bold is not None else "")
    + f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>',
    XML_TEXT, st.none() | ATTR,
)
PARAGRAPH = st.builds(
    lambda style, jc, runs: "<w:p><w:pPr>"
    + (f"<w:pStyle w:val={quoteattr(style)}/>" if style is not None else "")
    + (f"<w:jc w:val={quoteattr(jc)}/>" if jc is not None else "") + "</w:pPr>"
    + "".join(runs) + "</w:p>",
    st.none() | ATTR, st.none() | ATTR, st.lists(RUN, max_size=3),
)


@st.composite
def docx_files(draw) -> bytes:
    """Random bytes; a zip of random parts; or our own .docx with random paragraphs (odd
    styles, alignments, bold values), parts dropped or cut short."""
    kind = draw(st.sampled_from(["bytes", "zip", "ours", "ours"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "zip":
        members = draw(st.dictionaries(st.sampled_from(sorted(base_docx())),
                                       st.binary(max_size=80), max_size=5))
    else:
        members = dict(base_docx())
        xml = members["word/document.xml"].decode()
        head, tail = xml.split("<w:body>")[0], xml[xml.rindex("<w:sectPr"):]
        members["word/document.xml"] = (
            head + "<w:body>" + "".join(draw(st.lists(PARAGRAPH, max_size=6))) + tail
        ).encode()
        for name in draw(st.sets(st.sampled_from(sorted(members)), max_size=2)):
            if draw(st.booleans()):
                del members[name]
            else:
                members[name] = members[name][: draw(st.integers(0, 200))]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@fuzz(200)
@given(data=docx_files())
def test_docx_reader_returns_a_speech_or_a_drafter_error(work, data):
    path = work / "reader.docx"
    path.write_bytes(data)
    try:
        speech = read_docx(path)
    except DrafterError as e:
        assert e.path == str(path)
        event("refused")
        return
    event("read")
    assert speech.blocks


# --- the failures fuzzing found, one test each -----------------------------------------------

GOOD = (EXAMPLES / "qingshi-town.yaml").read_text(encoding="utf-8")


def refused(tmp_path, text: str) -> DrafterError:
    path = write(tmp_path / "s.yaml", text)
    with pytest.raises(DrafterError) as e:
        api.draft(path)
    assert e.value.path == str(path)
    return e.value


def line_of(text: str) -> int:
    return next(i for i, line in enumerate(GOOD.splitlines(), 1) if text in line)


@pytest.mark.parametrize("date", ["2026-02-30", "0000-01-01", "2026-13-01"])
def test_a_date_that_does_not_exist_names_its_line(tmp_path, date):
    # Was ValueError from PyYAML's timestamp constructor.
    e = refused(tmp_path, GOOD.replace("2026-03-15", date))
    assert e.line == line_of("2026-03-15")
    assert date in e.message and "日期" in e.message


def test_a_number_too_long_to_print_is_refused(tmp_path):
    # Was ValueError (Python's 4300-digit limit) when the value was used as text.
    e = refused(tmp_path, GOOD.replace("name: 王明", "name: 0x" + "f" * 4000))
    assert e.line == line_of("name: 王明") and "数字太长" in e.message


def test_a_control_character_in_the_level_names_the_field(tmp_path):
    # Was an uncaught BadCharacter: place.level skipped the check other fields had.
    e = refused(tmp_path, GOOD.replace("level: 镇", 'level: "镇\\x01"'))
    assert "place.level" in e.message and "U+0001" in e.message


@pytest.mark.parametrize("char, what", [("\ufffe", "非字符"), ("\u202e", "双向文字控制符"),
                                        ("\u2066", "双向文字控制符"), ("\u200f", "双向文字控制符")])
def test_characters_no_docx_should_hold_name_the_field(tmp_path, char, what):
    # U+FFFE used to pass the spec and fail in the .docx writer with neither file nor field.
    e = refused(tmp_path, GOOD.replace("name: 王明", f'name: "王\\u{ord(char):04x}明"'))
    assert f"字段 speaker.name 含有不允许的{what} U+{ord(char):04X}" in e.message


def test_zero_width_characters_are_dropped_but_a_blank_required_field_is_refused(tmp_path):
    result = api.draft(write(tmp_path / "s.yaml",
                             GOOD.replace("name: 王明", 'name: "王\\u200b明\\ufeff"')))
    assert result.spec.values["speaker"]["name"] == "王明"
    # Was accepted, giving a speech with no speaker name.
    e = refused(tmp_path, GOOD.replace("name: 王明", 'name: "\\u200b"'))
    assert "字段 speaker.name 不能为空" in e.message


def test_line_and_paragraph_separators_join_like_line_breaks(tmp_path):
    # A U+2028 stayed inside the value, and the .txt reader (splitlines) split a paragraph there.
    result = api.draft(write(tmp_path / "s.yaml",
                             GOOD.replace("发扬实干精神，", '"发扬实干精神\\u2028')
                             .replace("上台阶", '上台阶"')))
    assert result.spec.values["meeting"]["theme"] == "发扬实干精神推动机关效能建设上台阶"


def test_a_long_title_still_makes_a_file_name_that_fits(tmp_path, monkeypatch):
    # The default name (the title) of 80 Chinese characters plus the atomic writer's temporary
    # suffix passed 255 bytes: "File name too long".
    monkeypatch.chdir(tmp_path)
    long_name = "name: " + "机关效能建设动员大会" * 8
    write(tmp_path / "s.yaml", GOOD.replace("name: 机关效能建设动员大会", long_name))
    result = CliRunner().invoke(cli, ["draft", "s.yaml"])
    assert result.exit_code == 0, result.output
    (made,) = tmp_path.glob("*.docx")
    assert made.name.startswith("在青石镇机关效能") and len(made.name.encode()) <= 190


def test_error_messages_do_not_send_control_or_bidi_characters_to_the_terminal(tmp_path):
    e = refused(tmp_path, GOOD + '"a\\e[2J\\u202eb": 1\n')
    assert "\x1b" not in e.format() and "\u202e" not in e.format()
    assert "a\\u001b[2J\\u202eb" in e.format()


def _docx_with(tmp_path, old: bytes, new: bytes) -> Path:
    members = dict(base_docx())
    assert old in members["word/document.xml"]
    members["word/document.xml"] = members["word/document.xml"].replace(old, new, 3)
    path = tmp_path / "edited.docx"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize("new", [
    b'<w:pPr><w:jc w:val="start"/></w:pPr>',  # LibreOffice's left alignment: was ValueError
    b'<w:pPr><w:pStyle w:val="a&quot;b"/></w:pPr>',  # was lxml XPathEvalError
    b'<w:pPr/><w:r><w:rPr><w:b w:val="yes"/></w:rPr><w:t>x</w:t></w:r>',  # was InvalidXmlError
])
def test_docx_values_python_docx_cannot_map_read_as_unset(tmp_path, new):
    speech = read_docx(_docx_with(tmp_path, b"<w:pPr/>", new))
    assert speech.title


def test_a_docx_with_a_broken_xml_part_is_not_a_valid_docx(tmp_path):
    # Was lxml XMLSyntaxError.
    members = dict(base_docx(), **{"[Content_Types].xml": b""})
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    with pytest.raises(DrafterError, match="不是有效的 .docx 文件"):
        read_docx(path)


def test_refusal_categories_are_what_the_docs_say():
    from drafter.text.chars import BIDI, check_characters, normalize

    assert {unicodedata.category(c) for c in BIDI} == {"Cf"}
    assert normalize("王\u200b\u200c\u200d\u2060\ufeff明") == "王明"
    check_characters("王\u202e明")  # not strict: the corpus keeps what pages had
