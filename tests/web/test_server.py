"""`drafter serve` itself: its help and option errors, the port it falls back to, the warning off
loopback, the browser it opens; and the real waitress server answering 40 drafts at once."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner

from drafter.cli import cli

from .web_helpers import SPEC


def _serve(monkeypatch, *args):
    """Run `drafter serve` until its server starts serving, then stop it as Ctrl+C would."""
    import waitress.server

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(waitress.server.BaseWSGIServer, "run", interrupted)  # as Ctrl+C
    return CliRunner().invoke(cli, ["serve", *args])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_help():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "启动本机网页：选提纲、填表、预览、检查、下载 .docx，批量生成。" in result.output
    for option in ("--host 地址", "--port 端口", "--no-browser"):
        assert option in result.output
    assert "[默认：127.0.0.1]" in result.output


@pytest.mark.parametrize("value", ["0", "70000", "abc"])
def test_a_bad_port(value):
    result = CliRunner().invoke(cli, ["serve", "--port", value])
    assert result.exit_code == 2
    assert result.output.startswith(f"错误: 选项 --port 应为 1 到 65535 的整数，实际是“{value}”\n")


def test_the_url_is_printed_and_ctrl_c_stops(monkeypatch):
    port = _free_port()
    result = _serve(monkeypatch, "--port", str(port), "--no-browser")
    assert result.exit_code == 0
    assert result.output == (f"drafter 网页已启动：http://127.0.0.1:{port}/\n"
                             "在浏览器里打开上面的网址；按 Ctrl+C 停止。\n已停止。\n")


def test_a_port_in_use_moves_to_the_next(monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        if port == 65535:
            pytest.skip("the port after it does not exist")
        result = _serve(monkeypatch, "--port", str(port), "--no-browser")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith(f"端口 {port} 已被占用，改用 ")
    moved = int(lines[0].removeprefix(f"端口 {port} 已被占用，改用 ").rstrip("。"))
    assert moved > port
    assert lines[1] == f"drafter 网页已启动：http://127.0.0.1:{moved}/"


def test_a_host_off_loopback_is_warned_about(monkeypatch):
    result = _serve(monkeypatch, "--host", "0.0.0.0", "--port", str(_free_port()), "--no-browser")
    assert result.exit_code == 0
    port = int(result.output.split("drafter 网页已启动：http://127.0.0.1:")[1].split("/")[0])
    assert result.output.startswith(
        f"警告：正在监听 0.0.0.0，同一网络里的其他电脑用 http://这台电脑的IP地址:{port}/ "
        "也能打开这个页面并起草讲话稿。")


def test_localhost_is_served_on_the_address_it_resolves_to_first(monkeypatch):
    # localhost → ::1 and 127.0.0.1 (Windows' default) used to make waitress build one server
    # per address, which has no effective_port: serve stopped with an internal error.
    import socket

    real = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: (
        real("127.0.0.1", *a, **k) + real("::1", *a, **k) if host == "localhost"
        else real(host, *a, **k)))
    result = _serve(monkeypatch, "--host", "localhost", "--port", str(_free_port()),
                    "--no-browser")
    assert result.exit_code == 0, result.output
    assert "drafter 网页已启动：http://localhost:" in result.output


def test_an_address_not_on_this_machine():
    result = CliRunner().invoke(cli, ["serve", "--host", "203.0.113.7", "--no-browser"])
    assert result.exit_code == 2
    assert result.output.startswith("错误: 无法监听地址 203.0.113.7：这台电脑没有这个地址\n")


def test_the_browser_opens_the_page_unless_no_browser(monkeypatch):
    import webbrowser

    from drafter.web import server

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", opened.append)
    monkeypatch.setattr(server.threading, "Timer", lambda _, fn, args: threading.Thread(
        target=fn, args=args))
    port = _free_port()
    _serve(monkeypatch, "--port", str(port))
    _serve(monkeypatch, "--port", str(port), "--no-browser")
    time.sleep(0.2)
    assert opened == [f"http://127.0.0.1:{port}/"]


# --- the real server --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served():
    """waitress serving drafter on a free port in a thread: (base URL, token)."""
    from drafter.web.server import bind, stop_running

    token = "concurrency-token"
    server = bind("127.0.0.1", _free_port(), token)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}", token
    stop_running(server, thread)
    assert not thread.is_alive()


def _post(url: str, token: str, body: bytes, headers: dict | None = None):
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "X-Drafter-Token": token, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=120) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def _headers_only(base: str, token: str, length: int) -> tuple[int, dict]:
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(f"POST /api/draft HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Drafter-Token: {token}"
                  f"\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n".encode())
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def test_40_concurrent_drafts_are_all_answered(served):
    base, token = served
    results: dict[int, tuple[int, dict]] = {}

    def one(seed: int) -> None:
        body = json.dumps({"spec": SPEC, "seed": seed}, ensure_ascii=False).encode("utf-8")
        results[seed] = _post(base + "/api/draft", token, body)

    start = time.perf_counter()
    one(0)  # the first draft of a process reads the outline library and starts jieba
    print(f"\nfirst /api/draft of the server: {time.perf_counter() - start:.2f} s")
    threads = [threading.Thread(target=one, args=(seed,)) for seed in range(1, 41)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    print(f"40 concurrent /api/draft through waitress: {wall:.2f} s wall")
    del results[0]
    assert sorted(results) == list(range(1, 41))
    assert {status for status, _ in results.values()} == {200}
    assert [body["seed"] for _, body in (results[s] for s in range(1, 41))] == list(range(1, 41))
    assert len({body["markdown"] for _, body in results.values()}) == 40


def test_the_real_server_refuses_and_goes_on(served):
    base, token = served
    status, body = _post(base + "/api/draft", token, b"{}", {"Host": "evil.example"})
    assert (status, body["error"]) == (403, "拒绝访问：请求的主机名不是本服务的地址（请用启动时显示的网址打开，如 http://127.0.0.1:端口/）")
    # Over waitress's own limit: refused from the headers, before any of the body is read.
    status, body = _headers_only(base, token, 12 * 1024 * 1024)
    assert (status, body) == (413, {"error": "请求太大：上限 10 MB"})
    status, body = _post(base + "/api/draft", token, json.dumps({"spec": SPEC}).encode())
    assert status == 200 and body["title"] == "在青石镇机关效能建设动员大会上的讲话"


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name == "nt", reason="POSIX 信号")
def test_sigterm_stops_the_server_as_ctrl_c_does(tmp_path):
    port = _free_port()
    env = {**os.environ, "DRAFTER_CACHE_DIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "drafter", "serve", "--no-browser", "--port",
                             str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=env, text=True, encoding="utf-8")
    try:
        first = proc.stdout.readline()
        assert first == f"drafter 网页已启动：http://127.0.0.1:{port}/\n"
        proc.send_signal(signal.SIGTERM)
        rest, _ = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0
    assert rest.endswith("已停止。\n")
