"""A spec sent as JSON → drafter's validated Spec, with every field problem in drafter's own
words (spec/validate.py), one per field.

drafter's validation stops at the first problem. To show the writer all of them at once, the
field at fault is found from the error (each key is given its own line number, so the line a
DrafterError names is the key it is about), that value is set aside (a required one replaced
by the outline's example) and the spec validated again, up to MAX_SPEC_ERRORS times.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from drafter.drafting import outline as outline_mod
from drafter.errors import DrafterError
from drafter.spec import validate as spec_mod
from drafter.spec.source import MAX_DEPTH, Source, dotted
from drafter.web.errors import WebError, drafter_message

MAX_SPEC_ERRORS = 20
# Fields the page may not send: a path on the server's disk (a unit's template is uploaded).
PATH_FIELDS = ("reference_doc",)
_MISSING = re.compile(r"^缺少必填字段 ([\w.]+)（")
_NAMED = re.compile(r"字段 ([A-Za-z_][\w.]*)")


def depth_checked(value: Any, what: str) -> Any:
    """JSON nested no deeper than a YAML spec may be (drafter refuses deeper in its reader):
    deeper would exhaust Python's recursion in copying and validating it."""
    level = [value]
    for _ in range(MAX_DEPTH + 1):
        level = [v for x in level
                 for v in (x.values() if isinstance(x, dict) else x if isinstance(x, list) else ())]
        if not level:
            return value
    raise WebError(400, f"{what}嵌套超过 {MAX_DEPTH} 层")


def invalid(field: str, message: str) -> WebError:
    return WebError(422, "规格有误：" + message, [{"field": field, "message": message}])


def find_outline(ref: Any) -> outline_mod.Outline:
    """A library outline by id or Chinese name; never a file named by the request."""
    if not isinstance(ref, str) or not ref.strip():
        raise invalid("outline", "缺少必填字段 outline（提纲）")
    ref = ref.strip()
    if ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref or ref.startswith("."):
        raise invalid("outline", f"网页里只能用提纲库里的提纲，不能写文件路径：{ref}")
    try:
        return outline_mod.find(ref)
    except DrafterError as e:
        raise invalid("outline", drafter_message(e)) from None


def parse_spec(data: Any, seed: Any = None, length: Any = None
               ) -> tuple[spec_mod.Spec, outline_mod.Outline]:
    """The validated spec and its outline; WebError 422 listing the fields at fault."""
    if not isinstance(data, dict):
        raise WebError(400, "spec 应为讲话规格（JSON 对象：字段名 → 值）")
    data = copy.deepcopy(data)
    if seed is not None:
        data["seed"] = seed
    if length is not None:
        data["length"] = length
    outline = find_outline(data.get("outline"))
    for name in PATH_FIELDS:
        if data.get(name) is not None:
            raise invalid(name, "网页里不能写服务器上的文件路径；单位模板请用“上传单位模板”")
    return _validated(data, outline), outline


def _validated(data: dict, outline: outline_mod.Outline) -> spec_mod.Spec:
    schema = spec_mod.merged_fields(outline.fields)
    errors: list[dict[str, str]] = []
    seen: set[str] = set()
    for _ in range(MAX_SPEC_ERRORS):
        src, names = _source(data)
        try:
            spec = spec_mod.validate(src, outline.fields)
        except DrafterError as e:
            field = _field_of(e, names, schema)
            message = drafter_message(e)
            if field is None or field in seen:
                if not errors or field is None:
                    errors.append({"field": field or "", "message": message})
                break
            seen.add(field)
            if not _missing_in_bad_group(e, field, seen):
                errors.append({"field": field, "message": message})
            if not _set_aside(data, field, schema):
                break
            continue
        if not errors:
            return spec
        break
    if not errors:  # only set-aside values kept failing: say that the spec is not usable
        errors.append({"field": "", "message": "规格里的问题太多，请先改正标出的字段"})
    raise WebError(422, "规格有误：" + errors[0]["message"], errors)


def _missing_in_bad_group(e: DrafterError, field: str, seen: set[str]) -> bool:
    """place.name missing after place itself was refused is the same problem, said once."""
    return bool(_MISSING.match(e.message)) and field.split(".")[0] in seen - {field}


def _source(data: dict) -> tuple[Source, dict[int, tuple]]:
    """data as a Source whose every key and item has a line of its own."""
    lines: dict[tuple, int] = {}

    def walk(value: Any, path: tuple, depth: int) -> None:
        if depth > 3:
            return
        items = value.items() if isinstance(value, dict) else \
            enumerate(value) if isinstance(value, list) else ()
        for key, sub in items:
            lines[path + (key,)] = len(lines) + 1
            walk(sub, path + (key,), depth + 1)

    walk(data, (), 0)
    return Source(None, data, lines), {line: path for path, line in lines.items()}


def _field_of(e: DrafterError, names: dict[int, tuple], schema: dict) -> str | None:
    missing = _MISSING.match(e.message)
    if missing:
        return missing.group(1)
    if e.line in names:
        return _schema_name(names[e.line], schema)
    named = _NAMED.search(e.message)
    return named.group(1) if named else None


def _schema_name(path: tuple, schema: dict) -> str:
    """("goals", 2, "text") → goals; ("place", "words", "x") → place.words; an unknown key as
    written (place.foo)."""
    keys = []
    for part in path:
        if not isinstance(part, str):
            break
        keys.append(part)
    for n in range(len(keys), 0, -1):
        if ".".join(keys[:n]) in schema:
            return ".".join(keys[:n])
    return dotted(tuple(keys[:2])) or dotted(path)


def _set_aside(data: dict, field: str, schema: dict) -> bool:
    """Take the faulty value out (a required field gets the outline's example) so that
    validation can go on to the next field; False when nothing can stand in for it."""
    *groups, last = field.split(".")
    node = data
    for g in groups:
        if not isinstance(node.get(g), dict):
            node[g] = {}
        node = node[g]
    fs = schema.get(field)
    node.pop(last, None)
    if fs is not None and fs.required:
        if fs.example is None:
            return False
        node[last] = fs.example
    return True


def render_error(e: DrafterError, spec: spec_mod.Spec) -> WebError:
    """A problem found while drafting (an outline written for other levels or roles): 422 on
    the field the spec's line names, when it names one."""
    names = {line: path for path, line in spec.lines.items()}
    schema = spec_mod.CORE_FIELDS
    field = _schema_name(names[e.line], schema) if e.line in names else ""
    message = drafter_message(e)
    return WebError(422, "规格有误：" + message, [{"field": field, "message": message}])
