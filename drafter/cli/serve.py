"""CLI: `drafter serve` — the local web page (drafter/web)."""

from __future__ import annotations

import click

from drafter.cli.zh import ChineseCommand


@click.command("serve", cls=ChineseCommand)
@click.option("--host", default="127.0.0.1", show_default=True, metavar="地址",
              help="监听的地址。默认只有本机能打开；写局域网地址时同一网络的电脑也能打开（会有警告）。")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              metavar="端口", help="端口；被占用时依次试后面的端口。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
def serve_cmd(host: str, port: int, no_browser: bool) -> None:
    """启动本机网页：选提纲、填表、预览、检查、下载 .docx，批量生成。

    网页只在本机打开（除非用 --host 指定别的地址），不需要联网。接口说明见 docs/web.md。
    """
    from drafter.web.server import serve

    serve(host, port, not no_browser, click.echo)
