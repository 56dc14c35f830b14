"""The Flask app of `drafter serve`: the page, the JSON API (docs/web.md), the guard every
request passes, and error pages that are JSON in Chinese whatever went wrong."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

from flask import Flask, Request, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from drafter.errors import DrafterError
from drafter.web import routes
from drafter.web.errors import WebError, drafter_message
from drafter.web.guard import MAX_REQUEST_BYTES, Guard

HERE = Path(__file__).parent
# werkzeug's English reasons, said in Chinese (the page shows `error`).
HTTP_MESSAGES = {
    400: "请求有误", 403: "拒绝访问", 404: "没有这个地址", 405: "这个地址不支持这种请求方法",
    409: "请求与当前状态冲突",
    408: "请求超时", 411: "请求缺少长度", 413: "请求太大：上限 10 MB", 414: "网址太长",
    415: "不支持的内容类型", 429: "请求太多，请稍后再试", 431: "请求头太大",
    500: "服务器内部错误", 501: "不支持这种请求", 503: "服务暂时不可用",
}


class _InMemoryRequest(Request):
    """Uploaded files stay in memory (bounded by the 10 MB limit), never spooled to disk."""

    def _get_file_stream(self, total_content_length, content_type, filename=None,
                         content_length=None):
        return io.BytesIO()


def create_app(guard: Guard) -> Flask:
    import mimetypes

    from drafter import __version__

    # Windows takes these types from the registry, where .js is sometimes text/plain; under
    # nosniff the browser would then refuse the page's scripts and stylesheets.
    mimetypes.add_type("text/javascript", ".js")
    mimetypes.add_type("text/css", ".css")
    app = Flask("drafter.web", root_path=str(HERE), template_folder="templates",
                static_folder="static")
    app.request_class = _InMemoryRequest
    app.config.update(MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES, MAX_FORM_MEMORY_SIZE=MAX_REQUEST_BYTES,
                      MAX_FORM_PARTS=100)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    state = routes.State()

    @app.before_request
    def _guard() -> None:
        guard.check(request.method, request.headers, request.content_length)

    @app.get("/")
    def index() -> Any:
        return render_template("index.html", token=guard.token, version=__version__)

    routes.register(app, state)
    _error_handlers(app)

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
        response.headers["Referrer-Policy"] = "no-referrer"
        if request.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    return app


def _error_handlers(app: Flask) -> None:
    @app.errorhandler(WebError)
    def _web(e: WebError):
        return jsonify(e.body()), e.status

    @app.errorhandler(DrafterError)
    def _drafter(e: DrafterError):
        # drafter's own refusal (a draft without a title, a character a .docx cannot hold …):
        # its Chinese message, not "report a bug".
        return jsonify({"error": drafter_message(e)}), 422

    @app.errorhandler(HTTPException)
    def _http(e: HTTPException):
        code = e.code or 500
        return jsonify({"error": HTTP_MESSAGES.get(code, f"请求没有完成（{code}）")}), code

    @app.errorhandler(Exception)
    def _bug(e: Exception):
        # A bug in drafter: the writer gets Chinese, the console a line to report; the server
        # goes on serving.
        print(f"drafter 网页服务内部错误：{request.method} {request.path}（{type(e).__name__}）",
              file=sys.stderr)
        return jsonify({"error": f"服务器内部错误（{type(e).__name__}），请把操作步骤报告给开发者"}), 500

