"""CLI: `drafter check FILE_OR_FOLDER...` — lint speeches (drafter.checks) and print the findings.
Every file is checked in this one process: jieba starts once (analysis/segmenter.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from drafter.cli.zh import ChineseCommand
from drafter.errors import DrafterError, visible

if TYPE_CHECKING:
    from drafter.checks import Finding
    from drafter.document.speech import Speech


@click.command("check", cls=ChineseCommand)
@click.argument(
    "paths", metavar="文件或文件夹...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option(
    "--level",
    metavar="层级",
    help="讲话的层级（乡、镇、街道、县、区、市……）；默认从标题和自称推断。",
)
@click.option(
    "--date", "meeting_date", metavar="日期", help="会议日期，如 2026-03-15；默认取稿子里的日期行。"
)
@click.option(
    "--against",
    metavar="语料文件夹",
    type=click.Path(path_type=Path),
    help="与这个文件夹里的语料查重（如 corpus/）。",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "docx"]),
    default="text",
    show_default=True,
    help="输出格式：text 给人看；json 给程序用；docx 把问题写成 Word 批注，存一份副本（讲话.批注.docx）。",
)
@click.option("-o", "--output", metavar="文件", type=click.Path(path_type=Path),
              help="--format docx 的副本存到这里（只查一个文件时）；默认在原文件旁边，名为“原名.批注.docx”。")
@click.option("--force", is_flag=True, help="--format docx 的副本已存在时覆盖它。")
@click.option("--select", "select", metavar="规则", multiple=True,
              help="只查这些规则：代码（C201）、代码前缀（C、X1）或规则名，逗号分隔，可重复。")
@click.option("--ignore", "ignore", metavar="规则", multiple=True,
              help="不查这些规则（写法同 --select），加在配置文件的 ignore 上。")
@click.option("--config", "config_path", metavar="配置文件", type=click.Path(path_type=Path),
              help="用这个配置文件（drafter.toml）；默认从被查文件所在文件夹往上找。")
@click.option("--fix", is_flag=True,
              help="自动改正能机械改正的问题（标点全半角、重复标点、多余空格、乱码），直接改写文件。")
def check(
    paths: tuple[Path, ...],
    level: str | None,
    meeting_date: str | None,
    against: Path | None,
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: Path | None,
    fix: bool,
    output: Path | None,
    force: bool,
) -> None:
    """检查讲话稿（.md、.txt、.docx）：占位符、编号、数目、自称、日期、错别字、标点、场合、查重、人名地名。

    可以给文件，也可以给文件夹：文件夹里（含子文件夹）所有 .docx、.md、.txt 按文件名顺序逐个检查，
    跳过隐藏文件、Word 的临时文件（~$开头）和批注副本（*.批注.docx）。

    每个问题：文件:位置: 代码 [规则] 说明，下一行引出原句，问题所在的字用〖〗标出；位置是 .txt、.md 的
    第几行，.docx 的第几页第几行和段首几个字。每个文件最后一行是字数和讲话时长；查文件夹时，
    最后再加一行合计。规则的代码、说明和配置文件 drafter.toml 见 docs/checks.md。

    退出码：0 没有问题（只有提示）；1 有错误或警告；2 有文件读不了或文件夹里没有讲话稿（其余文件照常检查）。
    """
    import json

    from drafter import checks

    # Options are checked once, before any file: a bad --level is the user's, not a file's.
    run = _Run(
        checks.normalize_level(level) if level else None,
        checks.to_date(meeting_date) if meeting_date else None,
        checks.build_index(against) if against is not None else None,
        (_split(select), _split(ignore)), config_path, fix)
    files, empty = speech_files(paths)
    _check_options(run, fmt, output, force, files)
    for folder in empty:
        click.echo(f"错误: {folder}: 文件夹里没有讲话稿（.docx、.md、.txt）", err=True)

    found: list[dict] = []
    failed = bool(empty)
    problems = 0
    unreadable = 0
    for path in files:
        try:
            speech, findings = _check_file(path, run)
        except DrafterError as e:
            failed = True
            unreadable += 1
            click.echo(f"错误: {e.format()}", err=True)
            continue
        problems += any(f.severity != "info" for f in findings)
        entries = _entries(path, speech, findings)
        if fmt == "json":
            found += [e.to_dict(str(path)) for e in entries]
        elif fmt == "docx":
            failed |= not _write_comments(path, speech, entries, output, force)
            click.echo(_summary(path, speech, findings))
        else:
            _print(path, speech, findings, entries)
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
    elif len(files) > 1 and any(p.is_dir() for p in paths):
        click.echo(f"合计：检查 {len(files)} 个文件，{problems} 个有错误或警告，"
                   f"{unreadable} 个读不了")
    if failed or problems:
        click.get_current_context().exit(2 if failed else 1)


SPEECH_SUFFIXES = (".docx", ".md", ".txt")


def speech_files(paths: tuple[Path, ...]) -> tuple[list[Path], list[Path]]:
    """The files to check, in order: a file as given, a folder's speeches (subfolders too, by
    path); and the folders that hold none. A file named twice is checked once."""
    files: dict[Path, None] = {}
    empty = []
    for path in paths:
        if not path.is_dir():
            files[path] = None
            continue
        inside = sorted(_speeches_in(path), key=lambda p: p.parts)
        if not inside:
            empty.append(path)
        files.update(dict.fromkeys(inside))
    return list(files), empty


def _speeches_in(folder: Path):
    """Speeches under folder, leaving out what is not one: hidden files and folders, Word's
    lock files (~$讲话.docx) and the commented copies `check --format docx` writes."""
    import os

    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if (name.lower().endswith(SPEECH_SUFFIXES) and not name.startswith((".", "~$"))
                    and not name.endswith(".批注.docx")):
                yield Path(root, name)


@dataclass(frozen=True)
class _Run:
    """What the options ask of every file."""

    level: str | None
    date: Any
    index: Any
    picked: tuple[list[str], list[str]]  # --select, --ignore
    config: Path | None
    fix: bool


def _check_options(run: _Run, fmt: str, output: Path | None, force: bool,
                   files: list[Path]) -> None:
    from drafter import checks

    if run.config is not None and not run.config.is_file():
        raise DrafterError(f"找不到配置文件：{run.config}")
    if run.picked[0] or run.picked[1]:
        checks.resolve(run.picked[0] + run.picked[1])  # a misspelt code fails before any file
    _check_output_options(fmt, output, force, files)


def _check_file(path: Path, run: _Run) -> tuple[Speech, list[Finding]]:
    """The file's speech and findings (after --fix, what is left)."""
    from functools import partial

    from drafter import api, checks

    settings = checks.settings_for(path, run.config).with_run(*run.picked)
    check = partial(checks.check, level=run.level, meeting_date=run.date, against=run.index,
                    settings=settings)
    speech = api.read_speech(path)
    findings = check(speech)
    if run.fix:
        return _fix(path, speech, findings, check)
    return speech, findings


def _split(values: tuple[str, ...]) -> list[str]:
    """--select C2,P101 --select X → ["C2", "P101", "X"]."""
    return [v.strip() for raw in values for v in raw.replace("，", ",").split(",") if v.strip()]


def _fix(path: Path, speech: Speech, findings: list[Finding], recheck):
    """Apply the findings' mechanical repairs to the file (atomically), say what changed, and
    check the new text again: what is printed after is what is left."""
    from drafter import api
    from drafter.checks.fix import apply
    from drafter.document.output import atomic_write
    from drafter.files import read_file

    outcome = apply(path, read_file(path), speech, findings)
    for e in _entries(path, speech, outcome.missed):
        where = e.location.describe() if e.location else f"段落{e.finding.paragraph}"
        click.echo(visible(f"{path}:{where}: {e.code} 没有自动改正：原文这几个字在文件里"
                           f"找不到唯一的位置，请手动修改（{e.finding.excerpt}）"), err=True)
    if outcome.data is None:
        return speech, findings
    atomic_write(path, outcome.data, force=True)
    tally = "、".join(f"{code} {n} 处" for code, n in _count(outcome.done))
    click.echo(f"{path}: 已改正 {len(outcome.done)} 处（{tally}）")
    speech = api.read_speech(path)
    return speech, recheck(speech)


def _count(findings: list[Finding]) -> list[tuple[str, int]]:
    from collections import Counter

    return sorted(Counter(f.code for f in findings).items())


def _check_output_options(fmt: str, output: Path | None, force: bool,
                          files: list[Path]) -> None:
    if (output is not None or force) and fmt != "docx":
        raise DrafterError("-o 和 --force 只用于 --format docx", hint="例如：drafter check 讲话.docx "
                           "--format docx -o 讲话.批注.docx")
    if output is not None and len(files) > 1:
        raise DrafterError("-o 只能配一个文件：查多个文件时，每个副本存在各自的原文件旁边",
                           hint="去掉 -o，副本名为“原名.批注.docx”")


def _entries(path: Path, speech: Speech, findings: list[Finding]):
    """The findings with their code, place in the file and quoted sentence."""
    from drafter.checks.locate import locator
    from drafter.checks.report import entries

    return entries(findings, locator(path, speech))


def _print(path: Path, speech: Speech, findings: list[Finding], entries) -> None:
    """Each finding: the headline, then its sentence with the words marked 〖〗 (underlined too
    on a terminal). Text from the file has its control characters shown as \u001b and the
    like, never sent to the terminal (report.text_lines)."""
    import sys

    from drafter.checks.report import text_lines

    style = (lambda w: click.style(w, underline=True)) if sys.stdout.isatty() else None
    for e in entries:
        if e.finding.rule == "length" and e.finding.severity == "info":
            continue  # it is the summary line below
        for line in text_lines(e, str(path), style):
            click.echo(line)
    click.echo(_summary(path, speech, findings))


def _write_comments(path: Path, speech: Speech, entries, output: Path | None,
                    force: bool) -> bool:
    """Write the findings as Word comments into a copy of the file; False (said on stderr)
    when the copy cannot be written."""
    from drafter.checks.report import comment_path, commented_docx
    from drafter.document.output import atomic_write

    target = output or comment_path(path)
    # The length line is the summary's, not a comment on the title.
    entries = [e for e in entries if not (e.finding.rule == "length" and
                                          e.finding.severity == "info")]
    try:
        if target.resolve() == path.resolve():
            raise DrafterError(f"批注副本不能写回原文件：{path}", path, hint="用 -o 指定另一个文件名")
        try:
            data = commented_docx(path, speech, entries)
        except DrafterError:
            raise
        except Exception as e:  # noqa: BLE001 — python-docx's own words stay behind --debug
            raise DrafterError("这个 .docx 的结构无法加批注", path,
                               hint="用 Word 或 WPS 打开后另存为 .docx 再试") from e
        atomic_write(target, data, force=force)
    except DrafterError as e:
        click.echo(f"错误: {e.format()}", err=True)
        return False
    click.echo(f"{path}: 批注 {len(entries)} 条，已写入 {target}")
    return True


def _summary(path: Path, speech: Speech, findings: list[Finding]) -> str:
    from drafter import checks
    from drafter.document.speech import CHARS_PER_MINUTE

    n = speech.char_count()
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    tally = f"错误 {errors} 处，警告 {warnings} 处" if errors or warnings else "未发现问题"
    return (
        f"{path}: 共 {n} 字，讲话{checks.speaking_time(n)}（按每分钟 {CHARS_PER_MINUTE} 字计）；"
        f"{tally}"
    )
