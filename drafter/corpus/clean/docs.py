"""Corpus documents: a cleaned speech written as corpus/<id>.md (YAML front matter, then the
speech in the Markdown subset drafter.document.markdown parses), and read back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from drafter.corpus.clean.page import Cleaned, Finding
from drafter.errors import DrafterError, os_reason

_DOC_ID = re.compile(r"^(\d+)[_\-. ]")


@dataclass
class CorpusDoc:
    """A document of corpus/: its id (file stem), front matter, title and body text."""

    id: str
    meta: dict
    title: str
    text: str
    path: Path | None = None


def doc_id(name: str | Path) -> str:
    """000_6f928f7a2bf66737.txt → 000; a name without a number prefix keeps its stem."""
    stem = Path(name).name
    m = _DOC_ID.match(stem)
    return m.group(1) if m else Path(stem).stem


@dataclass
class Rendered:
    """A corpus document as text, with where each body line of Cleaned.text landed (1-based line
    in the file, and the column offset the escaping and the "> " prefix add)."""

    text: str
    lines: dict[int, int]


def render_doc(cleaned: Cleaned) -> Rendered:
    """Front matter, then "# 标题", lines before the salutation as a ">" block (subtitle,
    speaker, date, as in a draft), then the paragraphs separated by blank lines."""
    import yaml

    from drafter.document.markdown import SALUTATION, escape

    meta = dict(cleaned.meta)
    meta["title"] = cleaned.title
    meta["flags"] = len(cleaned.flags)
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    out = ["---", *head.rstrip("\n").split("\n"), "---", "", f"# {escape(cleaned.title)}", ""]
    paras = cleaned.paragraphs
    sal = next((i for i, p in enumerate(paras) if SALUTATION.match(p)), None)
    front = sal is not None and 0 < sal and all(
        len(p) <= 40 and not p.endswith("。") for p in paras[:sal])
    lines: dict[int, int] = {}
    for i, p in enumerate(paras):
        if front and i < sal:
            out.append(f"> {escape(p)}")
            if i == sal - 1:
                out.append("")
        else:
            out += [escape(p), ""]
        lines[i + 1] = len(out) - (0 if front and i < sal - 1 else 1)
    return Rendered("\n".join(out).rstrip("\n") + "\n", lines)


def file_position(cleaned: Cleaned, finding: Finding) -> tuple[int, int]:
    """Where a finding sits in the written corpus file: (line, column), 1-based."""
    from drafter.document.markdown import escape

    rendered = render_doc(cleaned)
    line = rendered.lines[finding.line]
    text = rendered.text.split("\n")[line - 1]
    para = cleaned.paragraphs[finding.line - 1]
    prefix = len(text) - len(escape(para))
    return line, prefix + len(escape(para[: finding.column - 1])) + 1


def write_doc(cleaned: Cleaned, out_dir: Path | str, doc_id: str, force: bool = False) -> Path:
    """Write <out_dir>/<doc_id>.md atomically; an existing file needs force."""
    from drafter.document.output import atomic_write

    path = Path(out_dir) / f"{doc_id}.md"
    return atomic_write(path, render_doc(cleaned).text.encode("utf-8"), force=force)



def split_front_matter(text: str, path: Path | None = None) -> tuple[dict, str, int]:
    """(front matter, body, line number where the body starts)."""
    import yaml

    if not text.startswith("---\n"):
        raise DrafterError("语料文件缺少开头的 --- 元数据块", path, 1,
                           hint="用 drafter corpus clean 生成语料文件")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise DrafterError("元数据块没有以 --- 结束", path, 1)
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as e:  # its own text is English: the line is what the user needs
        mark = getattr(e, "problem_mark", None)
        raise DrafterError("元数据 YAML 格式错误", path, mark.line + 2 if mark else None,
                           hint="检查冒号、引号和缩进；或用 drafter corpus clean 重新生成",
                           column=mark.column + 1 if mark else None) from e
    if not isinstance(meta, dict):
        raise DrafterError("元数据应当是“字段: 值”的列表", path, 2)
    return meta, text[end + 5:], text[: end + 5].count("\n") + 1


def read_doc(path: Path | str) -> CorpusDoc:
    from drafter.document.markdown import parse

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise DrafterError("语料文件不是 UTF-8 编码", path) from e
    except OSError as e:
        raise DrafterError(f"无法读取语料文件：{os_reason(e)}", path) from e
    meta, body, _ = split_front_matter(text, path)
    speech = parse(body, path)
    title = str(meta.get("title") or speech.title)
    return CorpusDoc(path.stem, meta, title, "\n".join(b.text for b in speech.body), path)


def load_corpus(folder: Path | str) -> list[CorpusDoc]:
    """Every corpus/<id>.md (README.md aside), sorted by id."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DrafterError(f"找不到语料文件夹：{folder}", folder,
                           hint="用 --corpus 指定，或先用 drafter corpus clean 建立语料")
    paths = sorted(p for p in folder.glob("*.md") if p.stem.lower() != "readme")
    return [read_doc(p) for p in paths]
