"""Every command's --help on an 80-column console: Chinese lines wrapped by their width on
screen, no line opening with a closing mark, and no space left inside a Chinese sentence where
a line of the command's docstring ended."""

from __future__ import annotations

import unicodedata

import click
import pytest
from click.testing import CliRunner

from drafter.cli import cli

WIDTH = 80


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    yield path
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # commands are loaded when named (cli._LAZY)
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name)


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.mark.parametrize("path", list(_commands(cli)), ids=" ".join)
def test_help_fits_an_80_column_console(path):
    result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=WIDTH)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    too_wide = [ln for ln in lines if _width(ln) > WIDTH]
    assert too_wide == []
    assert [ln for ln in lines if ln.strip()[:1] in set("，。、；：？！）》」”")] == []
    assert [ln for ln in lines if ln.rstrip() != ln] == []


def test_a_docstring_line_break_inside_a_chinese_sentence_leaves_no_space():
    # corpus overlap's docstring breaks its first sentence after "最长的重合段落，".
    result = CliRunner().invoke(cli, ["corpus", "overlap", "--help"], terminal_width=200)
    assert "列出最长的重合段落，再逐句找" in result.output
    assert "段落， 再" not in result.output
