"""The package's shape, as docs/architecture.md draws it: stages import only from below them,
no import cycles (lazy imports inside functions count too), and the heavy or interface
libraries stay in the one stage that needs them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "drafter"

# What each part of drafter may import (besides itself). Kept as data: a new module is placed by
# adding it here and to docs/architecture.md.
BASE = {"errors", "resources", "files", "cache"}
ALLOWED = {
    "errors": set(),
    "resources": set(),
    "files": {"errors"},
    "cache": {"resources"},
    "text": BASE,
    "analysis": BASE | {"text"},
    "document": BASE | {"text"},
    "spec": BASE | {"text"},
    "drafting": BASE | {"text", "document", "spec"},
    "corpus": BASE | {"text", "analysis", "document", "spec"},
    "checks": BASE | {"text", "analysis", "document", "spec", "drafting", "corpus"},
    "api": BASE | {"text", "document", "spec", "drafting", "corpus"},
    "batch": BASE | {"text", "analysis", "document", "spec", "drafting", "checks", "api"},
    "audit": BASE | {"text", "analysis", "document", "spec", "drafting", "corpus", "checks", "api"},
    # The local web page (`drafter serve`): a front end beside cli, over the same API.
    "web": BASE | {"text", "analysis", "document", "spec", "drafting", "corpus", "checks", "api",
                   "batch"},
    "cli": BASE | {"text", "analysis", "document", "spec", "drafting", "corpus", "checks", "api",
                   "batch", "audit", "web"},
    "__init__": {"errors", "api", "document"},
    "__main__": {"cli"},
}
# Third-party libraries that belong to one place only.
ONLY_IN = {
    "click": ("drafter.cli",),
    "docx": ("drafter.document.docx_build", "drafter.document.docx_reader",
             "drafter.document.docx_reference", "drafter.document.comments"),
    "flask": ("drafter.web",),
    "werkzeug": ("drafter.web",),
    "waitress": ("drafter.web",),
    "openpyxl": ("drafter.web",),
    "ruamel": ("drafter.drafting.starter",),
    "isal": ("drafter.document.docx_zip",),
    "lxml": ("drafter.document.docx_build", "drafter.document.docx_reader",
             "drafter.document.docx_edit", "drafter.document.docx_pages",
             "drafter.document.comments"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function, resolved to full names."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            # `from drafter.x import y` may name a submodule y.
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    """Module → the drafter modules it imports. The root package is left out as a target:
    `from drafter import api` passes through it, and it holds only the version and lazy names."""
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in _imports(p) if m in files and m not in (name, "drafter")}
            for name, p in files.items()}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_part_of_the_package_is_placed():
    unplaced = sorted({_part(m) for m in _graph()} - set(ALLOWED))
    assert not unplaced, f"add to ALLOWED and docs/architecture.md: {unplaced}"


def test_stages_import_only_from_below():
    wrong = [f"{m} → {dep}" for m, deps in _graph().items() for dep in sorted(deps)
             if _part(dep) != _part(m) and _part(dep) not in ALLOWED[_part(m)]]
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles():
    graph, state, cycles = _graph(), {}, []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        for dep in sorted(graph[node]):
            if state.get(dep) == "open":
                cycles.append(" → ".join([*stack[stack.index(dep):], dep]))
            elif dep not in state:
                visit(dep, [*stack, dep])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(cycles)


@pytest.mark.parametrize("library", sorted(ONLY_IN))
def test_interface_libraries_stay_in_their_stage(library):
    owners = ONLY_IN[library]
    wrong = sorted(_module_name(p) for p in PACKAGE.rglob("*.py")
                   if any(m == library or m.startswith(library + ".") for m in _imports(p))
                   and not _module_name(p).startswith(owners))
    assert not wrong, f"{library} imported outside {owners}: {wrong}"


def test_the_checks_themselves_can_fail():
    # The walker must see lazy imports and relative ones, or the tests above prove nothing.
    found = _imports(PACKAGE / "cli" / "__init__.py")
    assert "click" in found and "drafter.errors" in found
    assert "drafter.document.docx_writer" in _imports(PACKAGE / "api.py")  # inside to_bytes
