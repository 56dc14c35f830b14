"""What every request must pass before a handler sees it: the Host header names the address
served (a DNS-rebinding page cannot reach the server under another name), a POST comes from
the page itself (no foreign Origin, the per-start token), and the body is within the limit."""

from __future__ import annotations

import hmac
import ipaddress

from drafter.web.errors import WebError

MAX_REQUEST_BYTES = 10 * 1024 * 1024
TOKEN_HEADER = "X-Drafter-Token"


def host_names(host: str, port: int) -> frozenset[str]:
    """The Host header values that name this server: loopback by any name, and --host."""
    names = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"{_bracketed(host)}:{port}"}
    if port == 80:  # a browser leaves the default port out
        names |= {n.rsplit(":", 1)[0] for n in names}
    return frozenset(n.lower() for n in names)


def _bracketed(host: str) -> str:
    try:
        if ipaddress.ip_address(host).version == 6:
            return f"[{host}]"
    except ValueError:
        pass
    return host


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Guard:
    def __init__(self, hosts: frozenset[str], token: str) -> None:
        self.hosts = hosts
        self.origins = frozenset(f"http://{h}" for h in hosts)
        self.token = token

    def check(self, method: str, headers, content_length: int | None) -> None:
        host = (headers.get("Host") or "").strip().lower()
        if host not in self.hosts:
            raise WebError(403, "拒绝访问：请求的主机名不是本服务的地址"
                           "（请用启动时显示的网址打开，如 http://127.0.0.1:端口/）")
        if method in ("GET", "HEAD", "OPTIONS"):
            return
        origin = headers.get("Origin")
        if origin is not None and origin.lower() not in self.origins:
            raise WebError(403, "拒绝访问：这个请求来自别的网站，不是 drafter 的页面")
        given = headers.get(TOKEN_HEADER) or ""
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode()):
            raise WebError(403, "拒绝访问：缺少或错误的页面令牌（请刷新页面后再试）")
        if content_length is not None and content_length > MAX_REQUEST_BYTES:
            raise WebError(413, "请求太大：上限 10 MB")
