"""Batches from the page: a base spec × places (pasted, .csv or .xlsx) × seeds, run by drafter's
batch in the background, progress polled, the zip of .docx drafts and manifest.csv read back."""

from __future__ import annotations

import csv
import io
import json
import time
import zipfile

import pytest

from drafter import api


def _start(client, spec, seeds="1,2", places=None, file=None):
    data = {"spec": json.dumps(spec, ensure_ascii=False), "seeds": seeds}
    if places is not None:
        data["places"] = places
    if file is not None:
        data["file"] = file
    return client.post("/api/batch", data=data, content_type="multipart/form-data")


def _finish(client, job: str) -> dict:
    for _ in range(600):
        status = client.get(f"/api/batch/{job}").get_json()
        if status["finished"]:
            return status
        time.sleep(0.05)
    raise AssertionError("the batch did not finish in 30 s")


def _zip(client, job: str, tmp_path) -> tuple[dict, list[dict]]:
    r = client.get(f"/api/batch/{job}/zip")
    assert r.status_code == 200
    assert r.mimetype == "application/zip"
    z = zipfile.ZipFile(io.BytesIO(r.data))
    speeches = {}
    for name in z.namelist():
        if name.endswith(".docx"):
            path = tmp_path / name
            path.write_bytes(z.read(name))
            speeches[name] = api.read_speech(path)
    rows = list(csv.DictReader(io.StringIO(z.read("manifest.csv").decode("utf-8-sig"))))
    return speeches, rows


def _run(client, spec, tmp_path, **kw):
    r = _start(client, spec, **kw)
    assert r.status_code == 200, r.get_json()
    job = r.get_json()
    status = _finish(client, job["job"])
    assert status == {"done": job["total"], "total": job["total"], "failed": 0, "finished": True}
    return job, _zip(client, job["job"], tmp_path)


def test_pasted_places_times_seeds(client, spec, tmp_path):
    job, (speeches, rows) = _run(client, spec, tmp_path, seeds="1-2",
                                 places="青石镇,镇\n白水乡，乡\n城东街道\t街道\n")
    assert job["total"] == 6
    assert sorted(speeches) == sorted(f"{p}-{s}.docx" for p in ("青石镇", "白水乡", "城东街道")
                                      for s in (1, 2))
    assert speeches["白水乡-2.docx"].title == "在白水乡机关效能建设动员大会上的讲话"
    assert "我乡" in speeches["白水乡-2.docx"].text
    assert [(r["place"], r["seed"], r["path"], r["status"]) for r in rows] == [
        ("青石镇", "1", "青石镇-1.docx", "完成"), ("青石镇", "2", "青石镇-2.docx", "完成"),
        ("白水乡", "1", "白水乡-1.docx", "完成"), ("白水乡", "2", "白水乡-2.docx", "完成"),
        ("城东街道", "1", "城东街道-1.docx", "完成"), ("城东街道", "2", "城东街道-2.docx", "完成")]


def test_csv_with_a_header_row_in_gbk(client, spec, tmp_path):
    table = "层级,名称\n镇,青石镇\n县,临川县\n".encode("gb18030")
    job, (speeches, rows) = _run(client, spec, tmp_path, seeds="3",
                                 file=(io.BytesIO(table), "地点.csv"))
    assert sorted(speeches) == ["临川县-3.docx", "青石镇-3.docx"]
    assert "我县" in speeches["临川县-3.docx"].text
    assert [r["place"] for r in rows] == ["青石镇", "临川县"]


def test_xlsx_one_row_a_place(client, spec, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["name", "level"])
    sheet.append(["青石镇", "镇"])
    sheet.append(["城东街道", "街道"])
    sheet.append(["红旗镇", None])  # the base spec's level
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    job, (speeches, rows) = _run(client, spec, tmp_path, seeds="",
                                 file=(buffer, "地点.xlsx"))
    # No seeds: each place its own (base seed, +1, …), as `distinct: true` does.
    assert sorted(speeches) == ["城东街道.docx", "红旗镇.docx", "青石镇.docx"]
    assert "我镇" in speeches["红旗镇.docx"].text
    assert [r["place"] for r in rows] == ["青石镇", "城东街道", "红旗镇"]
    assert all(r["status"] == "完成" for r in rows)


def test_the_manifest_names_no_server_folder(client, spec, tmp_path):
    r = _start(client, spec, places="青石镇,镇")
    job = r.get_json()["job"]
    _finish(client, job)
    manifest = zipfile.ZipFile(io.BytesIO(client.get(f"/api/batch/{job}/zip").data)).read(
        "manifest.csv").decode("utf-8-sig")
    assert "drafter-batch-" not in manifest and "/" not in manifest


@pytest.mark.parametrize("kw, message", [
    ({"places": ""}, "缺少地点：粘贴地点列表（每行“名称,层级”），或上传 .csv/.xlsx 文件"),
    ({"places": "青石镇,村"}, "地点列表第 1 行（青石镇）的层级“村”不认识，可用：乡、镇、街道、县、区、市、旗、开发区、局"),
    ({"places": "青石镇\n青石镇"}, "地点列表里有重名的地点，生成的文件会同名"),
    ({"places": "名称,层级\n"}, "地点列表是空的"),
    ({"places": "CON,镇", "seeds": ""},
     "地点“CON”做文件名是 Windows 的系统保留名（CON.docx 无法解压），请在名称里加上地区字样"),
    ({"places": "aux,镇", "seeds": ""},
     "地点“aux”做文件名是 Windows 的系统保留名（aux.docx 无法解压），请在名称里加上地区字样"),
    ({"places": "青石镇", "seeds": "a-b"}, "种子写法有误：“a-b”（应写成 1,2,3 或 1-5）"),
    ({"places": "青石镇", "seeds": "1-100"}, "种子写法有误：“1-100”（从小到大，最多 50 个，每个不超过 1000000000）"),
    ({"file": (io.BytesIO(b"x"), "地点.txt")}, "不支持的文件类型：.txt，地点表只能是 .csv 或 .xlsx"),
    ({"file": (io.BytesIO(b"not a workbook"), "地点.xlsx")}, "不是有效的 .xlsx 文件（请用 Excel 或 WPS 另存为 .xlsx）"),
])
def test_batch_refusals(client, spec, kw, message):
    r = _start(client, spec, **kw)
    assert r.status_code == 400
    assert r.get_json() == {"error": message}


def test_batch_with_an_invalid_base_spec(client, spec):
    spec["meeting"]["date"] = "下周"
    r = _start(client, spec, places="青石镇,镇")
    assert r.status_code == 422
    assert [e["field"] for e in r.get_json()["errors"]] == ["meeting.date"]


def test_batch_with_a_spec_nested_too_deep(client, spec):
    spec["goals"] = [[[]]] * 2
    for _ in range(70):
        spec["goals"] = [spec["goals"]]
    r = _start(client, spec, places="青石镇,镇")
    assert r.status_code == 400
    assert r.get_json() == {"error": "基础规格（spec）嵌套超过 64 层"}


def test_batch_without_a_spec(client):
    r = client.post("/api/batch", data={"places": "青石镇"}, content_type="multipart/form-data")
    assert r.status_code == 400
    assert r.get_json() == {"error": "缺少基础规格（表单字段 spec，JSON 文字）"}


def test_batch_too_many_cells(client, spec):
    places = "\n".join(f"第{i}镇,镇" for i in range(1, 11))
    r = _start(client, spec, seeds="1-31", places=places)
    assert r.status_code == 400
    assert r.get_json() == {"error": "共 310 篇，超过一次批量的上限 300 篇"}


def test_a_job_not_finished_has_no_zip_and_the_queue_is_bounded(app, client, spec, monkeypatch):
    import threading

    from drafter.web import jobs

    release = threading.Event()

    def held(job, plan):  # a batch that runs until the test lets it finish
        release.wait(30)
        job.finished = True

    monkeypatch.setattr(jobs, "_run", held)
    try:
        started = [_start(client, spec, places="青石镇,镇") for _ in range(jobs.QUEUED_JOBS)]
        assert [r.status_code for r in started] == [200] * jobs.QUEUED_JOBS
        job = started[0].get_json()["job"]
        assert client.get(f"/api/batch/{job}").get_json() == {
            "done": 0, "total": 2, "failed": 0, "finished": False}
        r = client.get(f"/api/batch/{job}/zip")
        assert (r.status_code, r.get_json()) == (409, {"error": "批量任务还没有完成"})
        r = _start(client, spec, places="青石镇,镇")
        assert r.status_code == 429
        assert r.get_json() == {"error": "已有 3 个批量任务在排队，请等其中一个完成后再开始"}
    finally:
        release.set()


def test_unknown_job(client):
    for path in ("/api/batch/nope", "/api/batch/nope/zip"):
        r = client.get(path)
        assert r.status_code == 404
        assert r.get_json()["error"].startswith("找不到这个批量任务")


def test_places_pasted_with_a_space_before_the_level():
    from drafter.web import places_table

    assert places_table.read("青石镇 镇\n白沙　街道\n东风 新村", None) == [
        ("青石镇", "镇"), ("白沙", "街道"), ("东风 新村", None)]


def test_seeds_typed_with_an_input_method_are_read_as_the_digits_they_show():
    from drafter.web import jobs

    # isdigit() takes ① and ² but int() does not: these used to be a 500.
    assert jobs.parse_seeds("１－３，５") == [1, 2, 3, 5]
    assert jobs.parse_seeds("①、②") == [1, 2]
    assert jobs.parse_seeds("1-²") == [1, 2]


@pytest.mark.parametrize("seeds", ["Ⅴ", "1-Ⅴ", "١"])
def test_seeds_in_other_numerals_are_refused_in_chinese(client, spec, seeds):
    r = _start(client, spec, places="青石镇,镇", seeds=seeds)
    assert r.status_code == 400
    assert r.get_json()["error"].startswith("种子写法有误")


def test_a_workbook_that_inflates_past_the_limit_is_refused_before_it_is_read(client, spec):
    from drafter.web import places_table

    body = io.BytesIO()
    with zipfile.ZipFile(body, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/sharedStrings.xml", b"<sst>" + b"0" * (places_table.MAX_XLSX_INFLATED + 1))
    assert len(body.getvalue()) < 100_000
    r = _start(client, spec, file=(io.BytesIO(body.getvalue()), "地点.xlsx"))
    assert r.status_code == 413
    assert r.get_json()["error"].startswith("地点表解压后太大")
