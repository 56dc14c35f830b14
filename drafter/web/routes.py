"""The JSON API's handlers (contract: docs/web.md): each reads the request, calls work.py,
uploads.py or jobs.py, and answers JSON or the file."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import quote

from flask import Flask, Response, jsonify, request

from drafter.web import describe, work
from drafter.web.errors import WebError
from drafter.web.jobs import Jobs
from drafter.web.spec_json import depth_checked
from drafter.web.uploads import References, read_draft

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class State:
    """What the server keeps between requests, in memory and bounded."""

    references: References = field(default_factory=References)
    jobs: Jobs = field(default_factory=Jobs)


def json_body() -> dict:
    """The request's JSON object, or 400 in Chinese (bad JSON, too deep, not an object)."""
    try:
        body = json.loads(request.get_data(cache=True) or b"null")
    except (ValueError, RecursionError):
        raise WebError(400, "请求体不是有效的 JSON") from None
    if not isinstance(body, dict):
        raise WebError(400, "请求体应为 JSON 对象（{…}）")
    return depth_checked(body, "请求体")


def uploaded(name: str = "file") -> tuple[str, bytes]:
    f = request.files.get(name)
    if f is None:
        raise WebError(400, f"缺少上传的文件（表单字段 {name}）")
    return f.filename or "", f.read()


def attachment(data: bytes, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def register(app: Flask, state: State) -> None:
    @app.get("/api/outlines")
    def outlines():
        return jsonify({"outlines": describe.outlines()})

    @app.post("/api/draft")
    def draft():
        return jsonify(work.draft(json_body())[1])

    @app.post("/api/check")
    def check():
        body = json_body()
        speech = work.speech_from_markdown(body.get("markdown"))
        return jsonify(work.check(speech, body.get("level"), body.get("meeting_date")))

    @app.post("/api/docx")
    def docx():
        from drafter.batch import safe_name

        data, title = work.docx(json_body(), state.references)
        return attachment(data, safe_name(title.replace("\n", "")) + ".docx", DOCX_TYPE)

    @app.post("/api/upload")
    def upload():
        from drafter.document import markdown

        speech, warnings = read_draft(*uploaded())
        info = work.check(speech, request.form.get("level"), request.form.get("meeting_date"))
        info.update(markdown=markdown.dumps(speech), warnings=warnings)
        return jsonify(info)

    @app.post("/api/reference")
    def reference():
        return jsonify(state.references.add(*uploaded()))

    _batch_routes(app, state)


def _batch_routes(app: Flask, state: State) -> None:
    @app.post("/api/batch")
    def batch():
        form = request.form
        upload = request.files.get("file")
        table = (upload.filename or "", upload.read()) if upload is not None else None
        job = state.jobs.start(form.get("spec"), form.get("seeds"), form.get("places"), table)
        return jsonify({"job": job.id, "total": job.total})

    @app.get("/api/batch/<job_id>")
    def batch_status(job_id: str):
        return jsonify(state.jobs.get(job_id).status())

    @app.get("/api/batch/<job_id>/zip")
    def batch_zip(job_id: str):
        job = state.jobs.get(job_id)
        if job.zip is None:
            raise WebError(409, "批量任务还没有完成" if not job.finished else job.error or "没有结果")
        return attachment(job.zip, "讲话稿批量.zip", "application/zip")
