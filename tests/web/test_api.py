"""The JSON API of `drafter serve` (docs/web.md) through Flask's test client: outlines, draft,
check, docx, upload, reference — each answer as the page reads it, the .docx read back."""

from __future__ import annotations

import json

import pytest

from drafter import api
from drafter.drafting import outline as outline_mod

from .web_helpers import Client, make_app, multipart

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _read_docx(data: bytes, tmp_path):
    path = tmp_path / "downloaded.docx"
    path.write_bytes(data)
    return api.read_speech(path)


# --- /api/outlines ---------------------------------------------------------------------------


def test_outlines_lists_the_library_with_the_fields_drafter_new_uses(client):
    r = client.get("/api/outlines")
    assert r.status_code == 200
    outlines = {o["id"]: o for o in r.get_json()["outlines"]}
    assert set(outlines) == set(outline_mod.library())
    o = outlines["efficiency-mobilization"]
    assert o["name"] == "机关效能建设动员大会讲话"
    assert o["length"]["min"] == 1500 and o["length"]["max"] == 8000
    fields = {f["name"]: f for f in o["fields"]}
    assert "outline" not in fields and "reference_doc" not in fields
    assert fields["place.name"] == {"name": "place.name", "type": "text", "required": True,
                                    "default": None, "example": "青石镇", "help": "地名全称",
                                    "keys": [], "choices": None}
    assert fields["meeting.date"]["type"] == "date"
    assert fields["meeting.date"]["example"] == "2026-03-15"
    assert fields["place.level"]["type"] == "choice"
    assert fields["place.level"]["choices"] == o["levels"]
    assert fields["fonts"]["choices"] == ["gb2312", "windows"]
    # The role is chosen, never filled from an example: empty, it is read from the title.
    assert fields["speaker.role"]["type"] == "choice"
    assert fields["speaker.role"]["choices"] == ["书记", "行政", "副职", "其他"]
    assert fields["speaker.role"]["example"] is None
    assert fields["goals"]["type"] == "list"


def test_outline_levels_are_names_a_spec_accepts_groups_expanded(client):
    outlines = {o["id"]: o for o in client.get("/api/outlines").get_json()["outlines"]}
    # review-and-deploy is written for 乡镇, 街道, 县区, 市, 局 (groups of levels).
    assert outlines["review-and-deploy"]["levels"] == ["乡", "镇", "街道", "县", "区", "市", "旗", "局"]
    assert "局" not in outlines["rural-revitalization"]["levels"]


# --- /api/draft ------------------------------------------------------------------------------


def test_draft_answers_the_speech_its_blocks_and_findings(client, spec):
    r = client.post("/api/draft", json={"spec": spec, "seed": 3})
    assert r.status_code == 200
    d = r.get_json()
    assert d["title"] == "在青石镇机关效能建设动员大会上的讲话"
    assert d["seed"] == 3
    assert d["markdown"].startswith("# 在青石镇机关效能建设动员大会上的讲话\n")
    kinds = [b["kind"] for b in d["blocks"]]
    assert kinds[:4] == ["title", "speaker", "date", "salutation"]
    assert d["blocks"][1]["text"] == "镇党委书记\u3000王明"
    body = [b for b in d["blocks"] if b["kind"] not in ("title", "subtitle", "speaker", "date")]
    assert d["length"] == sum(len("".join(b["text"].split())) for b in body)
    assert d["minutes"] == round(d["length"] / 230, 1)
    assert any(f["code"] == "S101" and f["block"] is None for f in d["findings"])


def test_draft_marks_the_bold_lead_phrases_of_each_block(client, spec, tmp_path):
    import yaml


    d = client.post("/api/draft", json={"spec": spec, "seed": 3}).get_json()
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump({**spec, "seed": 3}, allow_unicode=True), encoding="utf-8")
    speech = api.draft(path).speech
    expected = [["".join(r.text for r in b.runs if r.bold)] for b in speech.blocks]
    shown = [["".join(blk["text"][a:z] for a, z in blk["bold"])] for blk in d["blocks"]]
    assert shown == expected
    leads = [blk for blk in d["blocks"] if blk["bold"]]
    assert leads and all(blk["bold"][0][0] == 0 for blk in leads[:3])


def test_static_scripts_and_styles_carry_their_types_whatever_the_registry_says(client):
    import mimetypes

    mimetypes.add_type("text/plain", ".js")  # as a Windows registry may have it
    try:
        fresh = Client(make_app())
        answers = [fresh.get("/static/js/main.js"), fresh.get("/static/style.css")]
        for r in answers:
            r.close()  # send_file's open file
    finally:
        mimetypes.add_type("text/javascript", ".js")
    assert [(r.status_code, r.mimetype) for r in answers] == [(200, "text/javascript"),
                                                              (200, "text/css")]


def test_draft_is_the_same_as_drafter_draft_for_the_same_spec(client, spec, tmp_path):
    import yaml

    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump({**spec, "seed": 5}, allow_unicode=True), encoding="utf-8")
    d = client.post("/api/draft", json={"spec": spec, "seed": 5}).get_json()
    assert d["markdown"] == api.draft(path).markdown


def test_seeds_give_other_words_and_the_same_seed_the_same(client, spec):
    one = client.post("/api/draft", json={"spec": spec, "seed": 1}).get_json()["markdown"]
    two = client.post("/api/draft", json={"spec": spec, "seed": 2}).get_json()["markdown"]
    again = client.post("/api/draft", json={"spec": {**spec, "seed": 1}}).get_json()["markdown"]
    assert one != two
    assert one == again


def test_length_sets_the_target(client, spec):
    d = client.post("/api/draft", json={"spec": spec, "length": 2000}).get_json()
    assert abs(d["length"] - 2000) <= 200


def test_invalid_spec_lists_drafters_message_for_every_field(client, spec):
    spec["place"]["level"] = "村"
    spec["meeting"]["date"] = "2026-13-45"
    spec["speaker"]["name"] = ""
    spec["colour"] = "red"
    del spec["meeting"]["theme"]
    r = client.post("/api/draft", json={"spec": spec, "seed": "abc"})
    assert r.status_code == 422
    body = r.get_json()
    errors = {e["field"]: e["message"] for e in body["errors"]}
    assert list(errors) == ["place.level", "meeting.date", "speaker.name", "colour", "seed",
                            "meeting.theme"]
    assert errors["place.level"].startswith("字段 place.level 是未知的层级“村”")
    # The whole message: the YAML example ("例如：meeting.date: 2026-03-15") is for a file.
    assert errors["meeting.date"] == "字段 meeting.date 应为日期（如 2026-03-15），实际是文字“2026-13-45”"
    assert errors["speaker.name"] == "字段 speaker.name 不能为空"
    assert errors["colour"].startswith("未知字段 colour")
    assert errors["seed"].startswith("字段 seed 应为整数，实际是文字“abc”")
    assert errors["meeting.theme"].startswith("缺少必填字段 meeting.theme（主题）")
    assert body["error"] == "规格有误：" + body["errors"][0]["message"]


def test_a_group_that_is_not_a_mapping_is_one_error(client, spec):
    spec["place"] = "青石镇"
    errors = client.post("/api/draft", json={"spec": spec}).get_json()["errors"]
    assert [e["field"] for e in errors] == ["place"]
    assert errors[0]["message"].startswith("字段 place 应为下一级字段的映射，实际是文字“青石镇”")


@pytest.mark.parametrize("length, message", [
    (100, "字段 length 应在 300–20000 之间，实际是 100"),
    (50000, "字段 length 应在 300–20000 之间，实际是 50000"),
])
def test_draft_length_is_capped(client, spec, length, message):
    r = client.post("/api/draft", json={"spec": spec, "length": length})
    assert r.status_code == 422
    assert r.get_json()["errors"] == [{"field": "length", "message": message}]


def test_unknown_outline(client, spec):
    spec["outline"] = "no-such-outline"
    r = client.post("/api/draft", json={"spec": spec})
    assert r.status_code == 422
    [error] = r.get_json()["errors"]
    assert error["field"] == "outline"
    assert error["message"].startswith("未知的提纲 no-such-outline")


def test_outline_by_chinese_name(client, spec):
    spec["outline"] = "机关效能"
    assert client.post("/api/draft", json={"spec": spec}).status_code == 200


@pytest.mark.parametrize("ref", ["../../../etc/passwd.yaml", "/etc/hostname", "outlines\\x"])
def test_an_outline_path_is_refused(client, spec, ref):
    spec["outline"] = ref
    r = client.post("/api/draft", json={"spec": spec})
    assert r.status_code == 422
    assert r.get_json()["errors"] == [
        {"field": "outline", "message": f"网页里只能用提纲库里的提纲，不能写文件路径：{ref}"}]


def test_a_template_path_in_the_spec_is_refused(client, spec):
    spec["reference_doc"] = "/etc/passwd"
    r = client.post("/api/draft", json={"spec": spec})
    assert r.status_code == 422
    assert r.get_json()["errors"][0]["field"] == "reference_doc"


def test_an_outline_not_written_for_the_level_names_the_level(client, spec):
    spec["outline"] = "rural-revitalization"
    spec["place"] = {"name": "临川县市场监管局", "level": "局"}
    r = client.post("/api/draft", json={"spec": spec})
    assert r.status_code == 422
    [error] = r.get_json()["errors"]
    assert error["field"] == "place.level"
    assert error["message"].startswith("提纲 rural-revitalization（乡村振兴工作会议讲话）是为")


@pytest.mark.parametrize("data, status, message", [
    (b"{not json", 400, "请求体不是有效的 JSON"),
    (b"[1, 2]", 400, "请求体应为 JSON 对象（{…}）"),
    (b"", 400, "请求体应为 JSON 对象（{…}）"),
    (b"[" * 200_000, 400, "请求体不是有效的 JSON"),
    (b'{"spec": [1]}', 400, "spec 应为讲话规格（JSON 对象：字段名 → 值）"),
    (b'{"spec": {"goals": ' + b"[" * 500 + b"]" * 500 + b"}}", 400, "请求体嵌套超过 64 层"),
])
def test_bad_json(client, data, status, message):
    r = client.post("/api/draft", data=data, content_type="application/json")
    assert r.status_code == status
    assert r.get_json() == {"error": message}


# --- /api/check ------------------------------------------------------------------------------


EDITED = "# 在XX镇会议上的讲话\n\n同志们：\n\n今天召开会议，XX镇要做好工作。\n"


def test_check_marks_findings_in_place(client):
    r = client.post("/api/check", json={"markdown": EDITED, "level": "镇"})
    assert r.status_code == 200
    d = r.get_json()
    assert d["title"] == "在XX镇会议上的讲话"
    placeholders = [f for f in d["findings"] if f["code"] == "P101"]
    assert len(placeholders) == 2
    for f in placeholders:
        assert f["severity"] == "error"
        assert d["blocks"][f["block"]]["text"][f["start"]:f["end"]] == "XX"
    assert "seed" not in d


def test_check_of_an_empty_draft(client):
    r = client.post("/api/check", json={"markdown": "  \n"})
    assert r.status_code == 422
    assert r.get_json()["error"].startswith("没有正文")


def test_check_with_a_bad_meeting_date(client):
    r = client.post("/api/check", json={"markdown": EDITED, "meeting_date": "明天"})
    assert r.status_code == 400
    assert "明天" in r.get_json()["error"]


@pytest.mark.parametrize("level, message", [
    ("村", "未知的层级：村（可用：乡、镇、街道、县、区、市、旗、开发区、局）"),
    (3, "level 应为文字"),
])
def test_check_with_a_bad_level(client, level, message):
    r = client.post("/api/check", json={"markdown": EDITED, "level": level})
    assert (r.status_code, r.get_json()) == (400, {"error": message})


def test_check_caps_the_draft_length(client):
    r = client.post("/api/check", json={"markdown": "# 标题\n\n" + "字" * 200_001})
    assert r.status_code == 413
    assert r.get_json()["error"].startswith("草稿太长")


# --- /api/docx -------------------------------------------------------------------------------


def test_docx_of_a_spec_reads_back_as_the_draft(client, spec, tmp_path):
    d = client.post("/api/draft", json={"spec": spec, "seed": 2}).get_json()
    r = client.post("/api/docx", json={"spec": spec, "seed": 2})
    assert r.status_code == 200
    assert r.mimetype == DOCX
    assert r.headers["Content-Disposition"] == (
        "attachment; filename*=UTF-8''%E5%9C%A8%E9%9D%92%E7%9F%B3%E9%95%87%E6%9C%BA%E5%85%B3"
        "%E6%95%88%E8%83%BD%E5%BB%BA%E8%AE%BE%E5%8A%A8%E5%91%98%E5%A4%A7%E4%BC%9A%E4%B8%8A"
        "%E7%9A%84%E8%AE%B2%E8%AF%9D.docx")
    speech = _read_docx(r.data, tmp_path)
    assert speech.title == d["title"]
    assert [b.text for b in speech.blocks] == [b["text"] for b in d["blocks"]]


def test_docx_of_edited_markdown_in_both_layouts(client, tmp_path):
    text = "# 在青石镇会议上的讲话\n\n同志们：\n\n这是改过的一段话。\n"
    standard = client.post("/api/docx", json={"markdown": text})
    podium = client.post("/api/docx", json={"markdown": text, "layout": "podium", "fonts": "windows"})
    assert standard.status_code == podium.status_code == 200
    assert standard.data != podium.data
    for r in (standard, podium):
        assert [b.text for b in _read_docx(r.data, tmp_path).blocks] == [
            "在青石镇会议上的讲话", "同志们：", "这是改过的一段话。"]


@pytest.mark.parametrize("body, message", [
    ({"markdown": "# 标题\n\n正文", "layout": "a4"}, "layout 应为 standard、podium 之一，实际是 a4"),
    ({"markdown": "# 标题\n\n正文", "fonts": ["x"]}, "fonts 应为 gov、windows 之一，实际是 ['x']"),
    ({"markdown": 3}, "markdown 应为草稿的文字"),
    ({"layout": "podium"}, "请求里要有 spec（讲话规格）或 markdown（草稿）"),
])
def test_docx_bad_options(client, body, message):
    r = client.post("/api/docx", json=body)
    assert r.status_code == 400
    assert r.get_json() == {"error": message}


# --- /api/upload and /api/reference ----------------------------------------------------------


def _upload(client, path, name, data):
    return client.post(path, **multipart({}, {"file": (name, data)}))


def test_upload_a_docx_gives_its_markdown_and_findings(client, spec):
    docx = client.post("/api/docx", json={"spec": spec}).data
    r = _upload(client, "/api/upload", "定稿.docx", docx)
    assert r.status_code == 200
    d = r.get_json()
    assert d["title"] == "在青石镇机关效能建设动员大会上的讲话"
    assert d["markdown"].startswith("# 在青石镇机关效能建设动员大会上的讲话\n")
    assert d["warnings"] == []
    assert d["length"] > 2000


@pytest.mark.parametrize("name, data", [
    ("草稿.md", EDITED.encode("utf-8")),
    ("草稿.txt", "在XX镇会议上的讲话\n同志们：\n今天召开会议，XX镇要做好工作。\n".encode("gb18030")),
])
def test_upload_md_and_txt(client, name, data):
    d = _upload(client, "/api/upload", name, data).get_json()
    assert d["title"] == "在XX镇会议上的讲话"
    assert [f["code"] for f in d["findings"]].count("P101") == 2
    assert "今天召开会议，XX镇要做好工作。" in d["markdown"]


@pytest.mark.parametrize("name, data, status, message", [
    ("a.pdf", b"%PDF", 400, "不支持的文件类型：.pdf，草稿只能是 .md、.markdown、.txt、.docx"),
    ("noext", b"x", 400, "不支持的文件类型：（无扩展名），草稿只能是 .md、.markdown、.txt、.docx"),
    ("a.docx", b"not a zip", 422, "不是有效的 .docx 文件（用 Word 或 WPS 另存为 .docx）"),
    ("a.md", b"   \n", 422, "没有正文：文件是空的（或只有空白）"),
])
def test_upload_refusals(client, name, data, status, message):
    r = _upload(client, "/api/upload", name, data)
    assert r.status_code == status
    assert r.get_json() == {"error": message}


def test_upload_caps_the_draft_length(client):
    r = _upload(client, "/api/upload", "长.txt", ("标题\n" + "字" * 200_001).encode("utf-8"))
    assert r.status_code == 413
    assert r.get_json() == {"error": "草稿太长：200004 字，上限 200000 字"}


def test_upload_without_a_file(client):
    r = client.post("/api/upload", data={"other": "x"}, content_type="multipart/form-data")
    assert r.status_code == 400
    assert r.get_json() == {"error": "缺少上传的文件（表单字段 file）"}


def test_upload_never_uses_the_uploaded_name_as_a_path(client, in_tmp):
    r = _upload(client, "/api/upload", "../../escape.md", EDITED.encode())
    assert r.status_code == 200
    assert list(in_tmp.iterdir()) == []
    assert not (in_tmp.parent / "escape.md").exists()
    assert not (in_tmp.parent.parent / "escape.md").exists()


def test_reference_template_lays_out_the_docx(client, spec, tmp_path):
    template = client.post("/api/docx", json={"spec": spec, "layout": "podium"}).data
    r = _upload(client, "/api/reference", "单位模板.docx", template)
    assert r.status_code == 200
    ref = r.get_json()
    assert ref["name"] == "单位模板.docx" and ref["id"]
    text = "# 在青石镇会议上的讲话\n\n同志们：\n\n这是改过的一段话。\n"
    laid = client.post("/api/docx", json={"markdown": text, "reference": ref["id"]})
    plain = client.post("/api/docx", json={"markdown": text})
    assert laid.status_code == 200
    assert laid.data != plain.data
    assert [b.text for b in _read_docx(laid.data, tmp_path).blocks] == [
        "在青石镇会议上的讲话", "同志们：", "这是改过的一段话。"]


def test_reference_refusals(client):
    assert _upload(client, "/api/reference", "模板.dotx", b"x").get_json() == {
        "error": "不支持的文件类型：.dotx，单位模板只能是 .docx"}
    r = _upload(client, "/api/reference", "模板.docx", b"PK\x03\x04 broken")
    assert r.status_code == 422
    assert r.get_json()["error"].startswith("单位模板不是有效的 .docx 文件")
    r = client.post("/api/docx", json={"markdown": "# 标题\n\n正文", "reference": "unknown"})
    assert r.status_code == 404
    assert r.get_json()["error"].startswith("找不到这个单位模板")


@pytest.mark.parametrize("path", ["/api/check", "/api/docx"])
def test_an_edited_draft_without_its_title_gets_drafters_message_not_a_bug_report(client, path):
    r = client.post(path, json={"markdown": "同志们：\n\n今天召开会议。"})
    assert r.status_code == 422
    assert r.get_json()["error"].startswith("Markdown 草稿缺少标题（第一行写“# 标题”")


@pytest.mark.parametrize("char, what", [("\x00", "控制字符（U+0000）"),
                                        ("\ud800", "孤立的代理字符（U+D800）")])
def test_a_character_no_docx_can_hold_is_named_with_its_line(client, char, what):
    text = f"# 在青石镇会议上的讲话\n\n同志们：\n\n今天{char}召开会议。"
    for path in ("/api/check", "/api/docx"):
        r = client.post(path, data=json.dumps({"markdown": text}), content_type="application/json")
        assert r.status_code == 422
        assert r.get_json() == {"error": f"草稿第 5 行有{what}，请删去后再试"}
