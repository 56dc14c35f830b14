"""Serving the app with waitress: the first free port from the one asked for, the URL and any
warning printed in Chinese, the browser opened on the page."""

from __future__ import annotations

import logging
import secrets
import signal
import threading
from collections.abc import Callable

from drafter.errors import DrafterError, os_reason
from drafter.web.guard import MAX_REQUEST_BYTES, Guard, host_names, is_loopback, is_wildcard

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
        # Probed first: a waitress server that fails to bind leaves its threads and sockets.
        address = _free(host, candidate)
        if address is None:
            continue
        app = create_app(Guard(host_names(host, candidate), token,
                               candidate if is_wildcard(host) else None))
        try:
            # waitress's own limit just above drafter's: a larger body is refused before it is
            # buffered (to a temporary file), in Chinese too (_channel_class).
            # The address probed, not the name: `localhost` may resolve to ::1 and 127.0.0.1,
            # and waitress would then make one server per address (a MultiSocketServer).
            server = create_server(app, host=address, port=candidate, threads=THREADS,
                                   max_request_body_size=MAX_REQUEST_BYTES + 1024 * 1024,
                                   ident="drafter")
        except OSError as e:  # taken between the probe and now
            _unless_in_use(e, host, candidate)
            continue
        server.channel_class = _channel_class()
        return server
    raise DrafterError(f"端口 {port}–{last - 1} 都被占用了", hint="用 --port 换一个端口")


def _free(host: str, port: int) -> str | None:
    """The address host resolves to first, if port is free on it; None if it is taken."""
    import os
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise DrafterError(f"无法监听地址 {host}：找不到这个主机名或地址",
                           hint="--host 写本机的 IP 地址，如 127.0.0.1") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        if os.name != "nt":  # as waitress binds (on Windows, SO_REUSEADDR would share a port)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as e:
            _unless_in_use(e, host, port)
            return None
    return str(address[0])


def _channel_class():
    """waitress's channel, its own refusals (a body over its limit, a malformed request)
    answered in Chinese JSON like the app's, not in waitress's English."""
    import json

    from waitress.channel import HTTPChannel
    from waitress.task import ErrorTask

    from drafter.web.app import HTTP_MESSAGES

    class ChineseErrorTask(ErrorTask):
        def execute(self) -> None:
            code = self.request.error.code
            body = json.dumps({"error": HTTP_MESSAGES.get(code, f"请求没有完成（{code}）")},
                              ensure_ascii=False).encode("utf-8")
            self.status = f"{code} {self.request.error.reason}"
            self.response_headers.append(("Content-Type", "application/json; charset=utf-8"))
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class Channel(HTTPChannel):
        error_task_class = ChineseErrorTask

    return Channel


def _unless_in_use(e: OSError, host: str, port: int) -> None:
    """A port in use means: try the next one; any other reason stops with what it is."""
    import errno
    import socket

    if e.errno == errno.EADDRINUSE or getattr(e, "winerror", None) == 10048:
        return
    if isinstance(e, socket.gaierror) or e.errno == errno.EADDRNOTAVAIL:
        raise DrafterError(f"无法监听地址 {host}：这台电脑没有这个地址",
                           hint="--host 写本机的 IP 地址，如 127.0.0.1") from None
    if e.errno in (errno.EACCES, errno.EPERM):
        raise DrafterError(f"没有权限使用端口 {port}",
                           hint="1024 以下的端口要管理员权限；用 --port 8000 之类的端口") from None
    raise DrafterError(f"无法在 {host}:{port} 启动网页服务：{os_reason(e)}") from None


def _quiet_waitress() -> None:
    """waitress logs in English ("Serving on …", queue warnings): drafter prints its own lines."""
    log = logging.getLogger("waitress")
    log.handlers[:] = [logging.NullHandler()]
    log.propagate = False


def serve(host: str, port: int, open_browser: bool, echo: Callable[[str], None]) -> None:
    token = secrets.token_urlsafe(24)
    server = bind(host, port, token)
    previous = _stop_on_sigterm()  # before the URL is printed: whoever reads it may stop us
    try:
        _announce(host, port, int(server.effective_port), open_browser, echo)
        server.run()  # waitress returns from it on Ctrl+C
    except KeyboardInterrupt:
        pass
    finally:
        stop(server)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    echo("已停止。")


def _announce(host: str, port: int, actual: int, open_browser: bool,
              echo: Callable[[str], None]) -> None:
    """The lines a writer reads at start, the background warm-up and the browser."""
    url = url_of(host, actual)
    if actual != port:
        echo(f"端口 {port} 已被占用，改用 {actual}。")
    if not is_loopback(host):
        shared = (f"http://这台电脑的IP地址:{actual}/" if is_wildcard(host) else url)
        echo(f"警告：正在监听 {host}，同一网络里的其他电脑用 {shared} 也能打开这个页面并起草"
             "讲话稿。只在可信的内网里这样用；只给本机用时去掉 --host。")
    echo(f"drafter 网页已启动：{url}")
    echo("在浏览器里打开上面的网址；按 Ctrl+C 停止。")
    threading.Thread(target=_warm, name="drafter-warm", daemon=True).start()
    if open_browser:
        threading.Timer(0.5, _open, (url,)).start()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _stop_on_sigterm():
    """A service manager's or the launcher's stop (SIGTERM) ends the server as Ctrl+C does:
    sockets closed, 已停止 said. The previous handler is returned to be put back."""
    try:
        return signal.signal(signal.SIGTERM, _interrupt)
    except (ValueError, OSError):  # not the main thread: leave the signal alone
        return None


def stop(server) -> None:
    server.task_dispatcher.shutdown()
    server.close()


def stop_running(server, thread: threading.Thread, seconds: float = 10) -> None:
    """Stop a server whose run() loop is in `thread` (a test, an embedding program): its loop
    closes every socket itself and then ends. Closing them from outside races the loop's
    select(), which then fails on a closed descriptor in the server's thread."""
    from waitress import wasyncore

    server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
    thread.join(seconds)
    server.task_dispatcher.shutdown()


def _warm() -> None:
    from drafter.web.work import warm

    try:
        warm()
    except Exception:  # the first request will say what is wrong
        pass


def _open(url: str) -> None:
    import webbrowser

    try:
        webbrowser.open(url)
    except Exception:  # no browser on this machine: the URL is printed
        pass
