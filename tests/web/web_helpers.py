"""What the web tests share: the served address, the page's token, a spec, and a client that
speaks as the page does."""

from __future__ import annotations

PORT = 8000
BASE = f"http://127.0.0.1:{PORT}"
TOKEN = "test-token-123"

SPEC = {
    "outline": "efficiency-mobilization",
    "place": {"name": "青石镇", "level": "镇", "parent": "临川县"},
    "meeting": {"name": "机关效能建设动员大会", "theme": "发扬实干精神，推动机关效能建设上台阶",
                "date": "2026-03-15"},
    "speaker": {"name": "王明", "title": "镇党委书记"},
    "goals": ["树牢一盘棋思想，扭转各自为政、推诿扯皮的局面", "把办事效率提上来"],
}


def make_app(host: str = "127.0.0.1", port: int = PORT):
    from drafter.web.app import create_app
    from drafter.web.guard import Guard, host_names

    return create_app(Guard(host_names(host, port), TOKEN))


class Client:
    """Flask's test client speaking as the page: the served Host, the token on every POST."""

    def __init__(self, app) -> None:
        self.raw = app.test_client()

    def get(self, path: str, **kw):
        return self.raw.get(path, base_url=BASE, **kw)

    def post(self, path: str, headers: dict | None = None, **kw):
        return self.raw.post(path, base_url=BASE, headers={"X-Drafter-Token": TOKEN,
                                                           **(headers or {})}, **kw)


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> dict:
    """A multipart/form-data body as bytes (Flask's test client spools a dict of large files to
    a temporary file it does not close) and its content type, as keyword arguments of post()."""
    boundary = "drafter-test-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'.encode() + v.encode()
             for k, v in fields.items()]
    parts += [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
              f"Content-Type: application/octet-stream\r\n\r\n".encode() + data
              for k, (name, data) in files.items()]
    body = b"\r\n".join(parts) + f"\r\n--{boundary}--\r\n".encode()
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}
