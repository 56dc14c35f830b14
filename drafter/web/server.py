"""Serving the app with waitress: the first free port from the one asked for, the URL and any
warning printed in Chinese, the browser opened on the page."""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable

from drafter.errors import DrafterError
from drafter.web.guard import MAX_REQUEST_BYTES, Guard, host_names, is_loopback

PORTS_TRIED = 20
THREADS = 8


def url_of(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def bind(host: str, port: int, token: str):
    """A waitress server on host and the first free port from `port` on."""
    from waitress.server import create_server

    from drafter.web.app import create_app

    _quiet_waitress()
    last = min(port + PORTS_TRIED, 65536)
    for candidate in range(port, last):
        app = create_app(Guard(host_names(host, candidate), token))
        try:
            # waitress refuses a body over its own limit with English text: keep its limit
            # above drafter's, so drafter's Chinese 413 is what a writer sees.
            return create_server(app, host=host, port=candidate, threads=THREADS,
                                 max_request_body_size=MAX_REQUEST_BYTES + 1024 * 1024,
                                 ident="drafter")
        except OSError as e:
            if _cannot_resolve(e):
                raise DrafterError(f"无法监听地址 {host}：找不到这个主机名或地址",
                                   hint="--host 写本机的 IP 地址，如 127.0.0.1") from None
            continue
    raise DrafterError(f"端口 {port}–{last - 1} 都被占用了", hint="用 --port 换一个端口")


def _cannot_resolve(e: OSError) -> bool:
    import socket

    return isinstance(e, socket.gaierror) or e.errno in (99,)  # EADDRNOTAVAIL


def _quiet_waitress() -> None:
    """waitress logs in English ("Serving on …", queue warnings): drafter prints its own lines."""
    log = logging.getLogger("waitress")
    log.handlers[:] = [logging.NullHandler()]
    log.propagate = False


def serve(host: str, port: int, open_browser: bool, echo: Callable[[str], None]) -> None:
    token = secrets.token_urlsafe(24)
    server = bind(host, port, token)
    actual = server.effective_port
    url = url_of(host, actual)
    if actual != port:
        echo(f"端口 {port} 已被占用，改用 {actual}。")
    if not is_loopback(host):
        echo(f"警告：正在监听 {host}，同一网络里的其他电脑也能打开这个页面并起草讲话稿。"
             "只在可信的内网里这样用；只给本机用时去掉 --host。")
    echo(f"drafter 网页已启动：{url}")
    echo("在浏览器里打开上面的网址；按 Ctrl+C 停止。")
    if open_browser:
        threading.Timer(0.5, _open, (url,)).start()
    try:
        server.run()
    except KeyboardInterrupt:
        echo("已停止。")
    finally:
        server.close()


def _open(url: str) -> None:
    import webbrowser

    try:
        webbrowser.open(url)
    except Exception:  # no browser on this machine: the URL is printed
        pass
