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


def is_wildcard(host: str) -> bool:
    return host.strip("[]") in ("0.0.0.0", "::", "")


def _ip_literal(host: str, port: int) -> bool:
    """host is `address:port` with an IP address: what a browser sends when the page is opened
    by this machine's address. A DNS-rebinding page always sends its own domain name."""
    address, _, given = host.rpartition(":")
    try:
        ipaddress.ip_address(address.strip("[]") if address.startswith("[") else address)
    except ValueError:
        return False
    return given == str(port) or (port == 80 and not given)


class Guard:
    def __init__(self, hosts: frozenset[str], token: str, any_address_port: int | None = None
                 ) -> None:
        """hosts: the Host values accepted; any_address_port: listening on every address
        (--host 0.0.0.0), so any IP address of this machine with that port is accepted too."""
        self.hosts = hosts
        self.token = token
        self.any_address_port = any_address_port

    def _named(self, host: str) -> bool:
        return host in self.hosts or (
            self.any_address_port is not None and _ip_literal(host, self.any_address_port))

    def check(self, method: str, headers, content_length: int | None) -> None:
        host = (headers.get("Host") or "").strip().lower()
        if not self._named(host):
            raise WebError(403, "拒绝访问：请求的主机名不是本服务的地址"
                           "（请用启动时显示的网址打开，如 http://127.0.0.1:端口/）")
        if method in ("GET", "HEAD", "OPTIONS"):
            return
        origin = headers.get("Origin")
        # Same origin: the page that posts was loaded from the address it posts to.
        if origin is not None and origin.lower() != f"http://{host}":
            raise WebError(403, "拒绝访问：这个请求来自别的网站，不是 drafter 的页面")
        given = headers.get(TOKEN_HEADER) or ""
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode()):
            raise WebError(403, "拒绝访问：缺少或错误的页面令牌（请刷新页面后再试）")
        if content_length is not None and content_length > MAX_REQUEST_BYTES:
            raise WebError(413, "请求太大：上限 10 MB")
