"""The refusals of `drafter serve`: a Host that is not the served address (DNS rebinding), a
cross-origin POST, a POST without the page's token, a body over 10 MB; and whatever goes
wrong, a Chinese JSON answer and a server that keeps serving."""

from __future__ import annotations

import pytest

from .web_helpers import BASE, PORT, TOKEN, make_app, multipart

HOST_REFUSED = "拒绝访问：请求的主机名不是本服务的地址（请用启动时显示的网址打开，如 http://127.0.0.1:端口/）"
ORIGIN_REFUSED = "拒绝访问：这个请求来自别的网站，不是 drafter 的页面"
TOKEN_REFUSED = "拒绝访问：缺少或错误的页面令牌（请刷新页面后再试）"


@pytest.mark.parametrize("host", ["evil.example:8000", "127.0.0.1:8001", "127.0.0.1",
                                  "localhost", "attacker.127.0.0.1.nip.io:8000", ""])
def test_a_foreign_host_header_is_refused(app, host):
    raw = app.test_client()
    for r in (raw.get("/api/outlines", headers={"Host": host}),
              raw.get("/", headers={"Host": host}),
              raw.post("/api/draft", headers={"Host": host, "X-Drafter-Token": TOKEN}, json={})):
        assert r.status_code == 403
        assert r.get_json() == {"error": HOST_REFUSED}


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"[::1]:{PORT}",
                                  f"LOCALHOST:{PORT}"])
def test_the_loopback_names_are_served(app, host):
    assert app.test_client().get("/api/outlines", headers={"Host": host}).status_code == 200


def test_the_host_given_with_host_is_served():
    raw = make_app("192.168.1.5", 9000).test_client()
    assert raw.get("/api/outlines", headers={"Host": "192.168.1.5:9000"}).status_code == 200
    assert raw.get("/api/outlines", headers={"Host": "127.0.0.1:9000"}).status_code == 200
    assert raw.get("/api/outlines", headers={"Host": "192.168.1.6:9000"}).status_code == 403


def test_on_every_address_any_ip_of_this_machine_is_served_but_never_a_name():
    from drafter.web.app import create_app
    from drafter.web.guard import Guard, host_names

    raw = create_app(Guard(host_names("0.0.0.0", 9000), TOKEN, 9000)).test_client()
    for host in ("192.168.1.5:9000", "10.0.0.7:9000", "[fe80::1]:9000", "127.0.0.1:9000"):
        assert raw.get("/api/outlines", headers={"Host": host}).status_code == 200, host
    for host in ("192.168.1.5:9001", "192.168.1.5", "drafter.example:9000",
                 "1.2.3.4.nip.io:9000"):
        assert raw.get("/api/outlines", headers={"Host": host}).status_code == 403, host
    # The page opened at one address posts to that address; another address's page is foreign.
    ok = raw.post("/api/check", json={"markdown": "# 在青石镇会议上的讲话\n\n同志们：\n\n开会。"},
                  headers={"Host": "192.168.1.5:9000", "Origin": "http://192.168.1.5:9000",
                           "X-Drafter-Token": TOKEN})
    other = raw.post("/api/check", json={}, headers={
        "Host": "192.168.1.5:9000", "Origin": "http://10.0.0.7:9000", "X-Drafter-Token": TOKEN})
    assert ok.status_code == 200
    assert (other.status_code, other.get_json()) == (403, {"error": ORIGIN_REFUSED})


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:8001",
                                    "https://127.0.0.1:8000"])
def test_a_cross_origin_post_is_refused(client, spec, origin):
    r = client.post("/api/draft", json={"spec": spec}, headers={"Origin": origin})
    assert r.status_code == 403
    assert r.get_json() == {"error": ORIGIN_REFUSED}


def test_a_same_origin_post_is_answered(client, spec):
    r = client.post("/api/draft", json={"spec": spec}, headers={"Origin": BASE})
    assert r.status_code == 200


@pytest.mark.parametrize("headers", [{}, {"X-Drafter-Token": "wrong"},
                                     {"X-Drafter-Token": TOKEN + "x"}, {"X-Drafter-Token": ""}])
@pytest.mark.parametrize("path", ["/api/draft", "/api/check", "/api/docx", "/api/upload",
                                  "/api/reference", "/api/batch"])
def test_a_post_without_the_token_is_refused(app, spec, headers, path):
    r = app.test_client().post(path, base_url=BASE, headers=headers, json={"spec": spec})
    assert r.status_code == 403
    assert r.get_json() == {"error": TOKEN_REFUSED}


def test_the_page_carries_the_token(client):
    r = client.get("/")
    assert r.status_code == 200
    assert f'<meta name="drafter-token" content="{TOKEN}">' in r.get_data(as_text=True)
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_a_body_over_10_mb_is_refused(client):
    body = b"{" + b" " * (10 * 1024 * 1024) + b"}"
    r = client.post("/api/draft", data=body, content_type="application/json")
    assert r.status_code == 413
    assert r.get_json() == {"error": "请求太大：上限 10 MB"}


def test_an_upload_over_10_mb_is_refused(client):
    body = multipart({}, {"file": ("a.md", b"x" * (10 * 1024 * 1024 + 1))})
    r = client.post("/api/upload", **body)
    assert r.status_code == 413
    assert r.get_json() == {"error": "请求太大：上限 10 MB"}


@pytest.mark.parametrize("method, path, status, message", [
    ("get", "/no/such/page", 404, "没有这个地址"),
    ("get", "/api/draft", 405, "这个地址不支持这种请求方法"),
    ("post", "/api/outlines", 405, "这个地址不支持这种请求方法"),
    ("get", "/static/../../etc/passwd", 404, "没有这个地址"),
])
def test_http_errors_are_chinese_json(client, method, path, status, message):
    r = getattr(client, method)(path)
    assert r.status_code == status
    assert r.get_json() == {"error": message}


def test_a_bug_in_a_handler_is_a_500_and_the_server_goes_on(client, spec, monkeypatch, capsys):
    from drafter.web import work

    def broken(body):
        raise RuntimeError("an English message nobody should read")

    monkeypatch.setattr(work, "draft", broken)
    r = client.post("/api/draft", json={"spec": spec})
    assert r.status_code == 500
    assert r.get_json() == {"error": "服务器内部错误（RuntimeError），请把操作步骤报告给开发者"}
    assert "drafter 网页服务内部错误：POST /api/draft（RuntimeError）" in capsys.readouterr().err
    monkeypatch.undo()
    assert client.post("/api/draft", json={"spec": spec}).status_code == 200
