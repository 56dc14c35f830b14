"""CLI: `drafter check FILE...` — lint speeches (drafter.checks) and print the findings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from drafter.cli.zh import ChineseCommand
from drafter.errors import visible

if TYPE_CHECKING:
    from drafter.checks import Finding
    from drafter.document.speech import Speech


@click.command("check", cls=ChineseCommand)
@click.argument(
    "files", metavar="文件...", nargs=-1, required=True, type=click.Path(path_type=Path)
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
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式：text 给人看，json 给程序用。",
)
def check(
    files: tuple[Path, ...],
    level: str | None,
    meeting_date: str | None,
    against: Path | None,
    fmt: str,
) -> None:
    """检查讲话稿（.md、.txt、.docx）：占位符、编号、数目、自称、日期、重复句、篇幅、查重、人名地名。

    \b
    每个问题一行：文件:段落N: [规则] 说明（原文）；每个文件最后一行是字数和讲话时长。
    退出码：0 没有问题（只有提示）；1 有错误或警告；2 有文件读不了（其余文件照常检查）。
    """
    import json

    from drafter import api, checks
    from drafter.errors import DrafterError

    # Options are checked once, before any file: a bad --level is the user's, not a file's.
    level = checks.normalize_level(level) if level else None
    date = checks.to_date(meeting_date) if meeting_date else None
    index = checks.build_index(against) if against is not None else None

    found: list[dict] = []
    failed = False
    problems = False
    for path in files:
        try:
            speech = api.read_speech(path)
        except DrafterError as e:
            failed = True
            click.echo(f"错误: {e.format()}", err=True)
            continue
        findings = checks.check(speech, level=level, meeting_date=date, against=index)
        problems |= any(f.severity != "info" for f in findings)
        if fmt == "json":
            found += [{"file": str(path), **f.to_dict()} for f in findings]
            continue
        for f in findings:
            if f.rule == "length" and f.severity == "info":
                continue  # it is the summary line below
            where = f"{path}:段落{f.paragraph}" if f.paragraph else str(path)
            shown = f"（原文：{f.excerpt}）" if f.excerpt else ""
            # Quoted text is the checked file's: its control and escape characters are shown
            # as \u001b and the like, never sent to the terminal.
            click.echo(visible(f"{where}: {f.code} [{f.rule}] {f.message}{shown}"))
        click.echo(_summary(path, speech, findings))
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
    if failed or problems:
        click.get_current_context().exit(2 if failed else 1)


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
