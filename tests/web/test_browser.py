"""drafter serve in a real browser: Debian's Chromium, headless, driven by Playwright against the
real server (waitress, on a free port). A writer's path through the page: choose an outline by
its Chinese name, fill the form, see the preview, switch the seed, download the .docx and read it
back, edit the Markdown and re-check it, upload the .docx again, run a batch.

Skips, saying why, where Playwright or Chromium is not installed (.ci/run installs Chromium)."""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import threading
import zipfile
from pathlib import Path

import pytest

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    pytest.skip("没有安装 playwright（pip install playwright），跳过浏览器测试", allow_module_level=True)


def _chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


CHROMIUM = _chromium()
if CHROMIUM is None:  # pragma: no cover - depends on the machine
    pytest.skip("没有 Debian 的 Chromium（apt-get install chromium；.ci/run 会安装），跳过浏览器测试",
                allow_module_level=True)

# The machine has no network: nothing in Chromium may try to reach one.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "browser-test-token"
TIMEOUT_MS = 90_000  # 2 shared cores: a draft can take seconds while other tests run

OUTLINE_NAME = "机关效能建设动员大会讲话"
PLACE = "白沙镇"
TITLE = "在白沙镇机关效能建设动员大会上的讲话"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server_url():
    from drafter.web.server import bind, stop_running

    server = bind("127.0.0.1", _free_port(), TOKEN)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}/"
    stop_running(server, thread)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server_url):
    context = browser.new_context(locale="zh-CN", accept_downloads=True,
                                  viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(server_url)
    pg.wait_for_selector(f"#outline-select option:text-is('{OUTLINE_NAME}')", state="attached")
    yield pg
    context.close()
    assert errors == [], f"the page's scripts failed: {errors}"


def field(pg, name: str):
    return pg.locator(f"#spec-form [name='{name}']")


def fill_form(pg) -> None:
    """Choose the outline by its Chinese name and fill what a writer types. The page drafts
    once every required field is filled: the last one filled is required, so one draft follows."""
    pg.select_option("#outline-select", label=OUTLINE_NAME)
    field(pg, "speaker.title").fill("镇党委书记")
    field(pg, "place.name").fill(PLACE)
    field(pg, "place.level").select_option("镇")
    field(pg, "meeting.theme").fill("发扬实干精神，推动机关效能建设上台阶")
    field(pg, "meeting.date").fill("2026-03-15")
    field(pg, "speaker.name").fill("李华")


def wait_status(pg, text: str) -> None:
    pg.wait_for_function("t => document.getElementById('status').textContent.includes(t)", arg=text)


def wait_preview(pg, present: str, absent: str | None = None) -> None:
    """Until the preview's text (the pieces of a paragraph cut by a page joined again) has one
    phrase and lacks another."""
    pg.wait_for_function(
        "([yes, no]) => { const t = Array.from(document.querySelectorAll('#pages p'))"
        ".map(p => p.textContent).join(''); return t.includes(yes) && !(no && t.includes(no)); }",
        arg=[present, absent])


def body_paragraphs(pg) -> list[str]:
    return pg.locator("#pages p.b-paragraph:not(.cont)").all_inner_texts()


def test_draft_preview_seed_and_docx_read_back(page, tmp_path):
    pg = page
    pg.select_option("#outline-select", label=OUTLINE_NAME)
    info = pg.inner_text("#outline-info")
    assert "适用层级：" in info and "镇" in info
    assert "篇幅：1500–8000 字" in info

    fill_form(pg)
    pg.wait_for_selector(f"#pages .b-title:text-is('{TITLE}')")
    wait_status(pg, "第 1 种说法")
    assert pg.locator("#pages .page").count() >= 3  # ~3000 characters at 616 a page
    assert pg.locator("#pages .b-speaker").inner_text() == "镇党委书记　李华"
    first = body_paragraphs(pg)

    pg.get_by_role("button", name="换一种说法").click()
    wait_status(pg, "第 2 种说法")
    second = body_paragraphs(pg)
    assert second != first
    assert pg.locator("#pages .b-title").inner_text() == TITLE

    pg.click("#tab-edit")
    with pg.expect_download() as got:
        pg.click("#download-docx")
    assert got.value.suggested_filename == TITLE + ".docx"
    path = tmp_path / got.value.suggested_filename
    got.value.save_as(path)

    from drafter import api

    speech = api.read_speech(path)
    assert speech.title == TITLE
    assert PLACE in speech.text
    assert speech.speaker == "镇党委书记　李华"
    # The .docx is the draft on screen: seed 2, not the first one.
    docx_paragraphs = [b.text for b in speech.blocks if b.kind == "paragraph"]
    assert second[0] in docx_paragraphs
    assert first[0] not in docx_paragraphs

    # The .docx uploaded again (to check it or lay it out anew) comes back as the same draft.
    pg.set_input_files("#upload-file", str(path))
    pg.wait_for_selector(f"#notice:has-text('已读入 {path.name}')")
    assert pg.input_value("#editor").startswith("# " + TITLE)
    wait_status(pg, "手工修改稿")
    assert body_paragraphs(pg)[0] == second[0]


def download_docx(pg, folder: Path, name: str) -> Path:
    with pg.expect_download() as got:
        pg.click("#download-docx")
    path = folder / name
    got.value.save_as(path)
    return path


def docx_part(path: Path, prefix: str) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith(prefix))


def test_docx_podium_windows_fonts_and_unit_template(page, tmp_path):
    pg = page
    fill_form(pg)
    wait_status(pg, "第 1 种说法")
    pg.click("#tab-edit")
    pg.select_option("#dl-layout", "podium")
    pg.select_option("#dl-fonts", "windows")
    styles = docx_part(download_docx(pg, tmp_path, "podium.docx"), "word/styles.xml")
    assert 'w:sz w:val="36"' in styles  # 讲台版: 小二 (18 pt) body
    assert "仿宋" in styles and "仿宋_GB2312" not in styles

    import docx

    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "白沙镇人民政府办公室"
    template.save(tmp_path / "单位模板.docx")
    pg.set_input_files("#reference-file", str(tmp_path / "单位模板.docx"))
    pg.wait_for_selector("#reference-name:has-text('单位模板.docx')")
    laid = download_docx(pg, tmp_path, "on-template.docx")
    assert "白沙镇人民政府办公室" in docx_part(laid, "word/header")

    from drafter import api

    assert api.read_speech(laid).title == TITLE


def test_list_rows_added_and_removed_and_length(page):
    pg = page
    fill_form(pg)
    wait_status(pg, "第 1 种说法")
    goals = pg.locator(".field[data-field='goals']")
    assert goals.locator(".item-text").count() == 4  # the outline's default goals
    goals.get_by_role("button", name="＋ 添加一条").click()
    goals.locator(".item-text").last.fill("把村级便民服务站的代办事项全部理清楚")
    wait_preview(pg, present="五是把村级便民服务站的代办事项全部理清楚")

    goals.locator(".row-item").first.get_by_role("button", name="删除").click()
    wait_preview(pg, present="四是把村级便民服务站的代办事项全部理清楚", absent="树牢大局意识")

    before = pg.locator("#pages .page").count()
    pg.eval_on_selector("#length", "r => { r.value = 6000; r.dispatchEvent(new Event('input')); "
                                   "r.dispatchEvent(new Event('change')); }")
    assert pg.inner_text("#length-out") == "约 6000 字"
    pg.wait_for_function("() => { const m = /约 (\\d+) 字/.exec(document.getElementById('status')"
                         ".textContent); return m !== null && Number(m[1]) > 5000; }")
    assert pg.locator("#pages .page").count() > before


def test_every_outline_gets_a_form_without_yaml(page):
    """Each outline's form: its fields labelled in Chinese, and no help that speaks YAML
    (text:/detail: items, [a, b] lists, table keys) to a writer who has never seen it."""
    pg = page
    names = pg.eval_on_selector_all("#outline-select option", "os => os.map(o => o.textContent)")
    assert len(names) >= 10 and OUTLINE_NAME in names
    for name in names:
        pg.select_option("#outline-select", label=name)
        assert pg.locator("#spec-form [name='place.name']").count() == 1, name
        labels = pg.locator("#spec-form .field-label").all_inner_texts()
        assert all(not re.search(r"[A-Za-z]", label) for label in labels), (name, labels)
        for help_text in pg.locator("#spec-form .help").all_inner_texts():
            assert not re.search(r"\b(text|detail|name|progress|remark)\b|\[", help_text), (name, help_text)


# Characters per line of the preview's second page, grouped by where each character sits.
PAGE_LINES = """() => {
  const page = document.querySelectorAll('#pages .page')[1];
  const box = r => r.getBoundingClientRect();
  const perLine = new Map();
  page.querySelectorAll('.text-area p').forEach(p => {
    const walk = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      for (let i = 0; i < n.length; i++) {
        const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
        const top = Math.round(box(r).top / 4);
        perLine.set(top, (perLine.get(top) || 0) + 1);
      }
    }
  });
  const area = page.querySelector('.text-area');
  return {counts: Array.from(perLine.values()), page: [box(page).width, box(page).height],
          area: [box(area).width, box(area).height]};
}"""


def test_preview_pages_in_the_gbt_9704_look(page):
    """A4 pages, a 156 × 225 mm text area, 22 lines of 28 characters, as the .docx has them."""
    pg = page
    fill_form(pg)
    wait_status(pg, "第 1 种说法")
    got = pg.evaluate(PAGE_LINES)
    width, height = got["page"]
    assert abs(height / width - 297 / 210) < 0.005
    assert abs(got["area"][0] / width - 156 / 210) < 0.005
    assert abs(got["area"][1] / height - 225 / 297) < 0.005
    counts = got["counts"]
    assert 21 <= len(counts) <= 22  # a full page, or one a heading left a line short
    assert max(set(counts), key=counts.count) == 28
    assert font_stack(pg, "#pages .b-title")[:2] == ["FZXiaoBiaoSong-B05S", "方正小标宋简体"]
    assert font_stack(pg, "#pages .b-paragraph")[:2] == ["FangSong_GB2312", "仿宋_GB2312"]
    assert pg.eval_on_selector("#pages .b-paragraph", "p => getComputedStyle(p).fontSize") == "21.3333px"
    # The lead phrases in bold, as the .docx sets them: 一是……。 starts its paragraph.
    leads = pg.locator("#pages p.b-paragraph b").all_inner_texts()
    assert any(t.startswith("一是") for t in leads) and any(t.startswith("二是") for t in leads)

    # Printed (打印 / Ctrl+P): the pages alone, full size, one sheet each.
    pages = pg.locator("#pages .page").count()
    pg.emulate_media(media="print")
    assert not pg.is_visible("#spec-form") and not pg.is_visible("#finding-list")
    assert pg.locator("#pages .page").count() == pages
    assert pg.eval_on_selector("#pages .page", "p => getComputedStyle(p).zoom") == "1"
    assert pg.eval_on_selector("#pages .page", "p => getComputedStyle(p).breakAfter") == "page"


def font_stack(pg, selector: str) -> list[str]:
    family = pg.eval_on_selector(selector, "e => getComputedStyle(e).fontFamily")
    return [name.strip().strip('"') for name in family.split(",")]


def test_spec_error_shown_beside_its_field(page):
    pg = page
    fill_form(pg)
    wait_status(pg, "第 1 种说法")
    field(pg, "deadline").fill("2025-01-01")  # before the meeting: drafter refuses it
    error = pg.locator(".field[data-field='deadline'] .field-error")
    error.wait_for(state="visible")
    assert "早于会议日期" in error.inner_text()
    assert pg.locator(".field.has-error").count() == 1

    field(pg, "deadline").fill("2026-06-30")
    error.wait_for(state="hidden")
    wait_status(pg, "第 1 种说法")


def test_edit_recheck_marks_placeholder_and_downloads(page, tmp_path):
    pg = page
    fill_form(pg)
    wait_status(pg, "第 1 种说法")
    assert pg.locator("#pages mark.hl").count() == 0

    pg.click("#tab-edit")
    lines = pg.input_value("#editor").split("\n")
    i = next(n for n, line in enumerate(lines) if line.startswith("同志们") or len(line) > 40)
    i = next(n for n in range(i + 1, len(lines)) if len(lines[n]) > 40 and not lines[n].startswith("#"))
    lines[i] = lines[i][:6] + "XX" + lines[i][6:]
    pg.fill("#editor", "\n".join(lines))
    pg.get_by_role("button", name="重新检查").click()

    mark = pg.locator("#pages mark.hl.sev-error")
    mark.first.wait_for()
    assert mark.first.inner_text() == "XX"
    assert "P101" in mark.first.get_attribute("title")
    assert "占位符" in mark.first.get_attribute("title")
    assert "未替换的占位符“XX”" in pg.inner_text("#finding-list")
    wait_status(pg, "手工修改稿")

    with pg.expect_download() as got:
        pg.click("#download-md")
    md = tmp_path / "draft.md"
    got.value.save_as(md)
    assert got.value.suggested_filename == TITLE + ".md"
    assert md.read_text(encoding="utf-8") == "\n".join(lines)

    # The edited draft comes back through upload: its placeholder is found again.
    pg.set_input_files("#upload-file", str(md))
    pg.wait_for_selector("#notice:has-text('已读入 draft.md')")
    assert "XX" in pg.input_value("#editor")
    assert "未替换的占位符“XX”" in pg.inner_text("#finding-list")


def test_batch_progress_and_zip(page, tmp_path):
    pg = page
    fill_form(pg)
    wait_status(pg, "第 1 种说法")
    pg.click("#tab-batch")
    pg.fill("#batch-places", "青石镇,镇\n白沙乡,乡")
    pg.fill("#batch-seeds", "1")
    pg.get_by_role("button", name="开始批量起草").click()
    pg.wait_for_selector("#batch-zip:visible")
    assert "已完成 2 / 2 篇" in pg.inner_text("#batch-text")

    with pg.expect_download() as got:
        pg.click("#batch-zip")
    with zipfile.ZipFile(io.BytesIO(Path(got.value.path()).read_bytes())) as z:
        names = z.namelist()
    assert sum(n.endswith(".docx") for n in names) == 2
    assert any(n.endswith("manifest.csv") for n in names)

    # A table file instead of pasted lines.
    table = tmp_path / "地点.csv"
    table.write_text("名称,层级\n东城街道,街道\n", encoding="utf-8")
    pg.fill("#batch-places", "")
    pg.set_input_files("#batch-file", str(table))
    assert pg.inner_text(".file-name[data-for='batch-file']") == "地点.csv"
    pg.get_by_role("button", name="开始批量起草").click()
    pg.wait_for_selector("#batch-text:has-text('已完成 1 / 1 篇')")
    with pg.expect_download() as got:
        pg.click("#batch-zip")
    with zipfile.ZipFile(io.BytesIO(Path(got.value.path()).read_bytes())) as z:
        (name,) = [n for n in z.namelist() if n.endswith(".docx")]
        (tmp_path / "one.docx").write_bytes(z.read(name))

    from drafter import api

    assert api.read_speech(tmp_path / "one.docx").title == "在东城街道机关效能建设动员大会上的讲话"


def test_network_failure_said_in_chinese(page):
    pg = page
    pg.route("**/api/draft", lambda route: route.abort())
    fill_form(pg)
    pg.wait_for_selector("#notice:has-text('连不上 drafter')")
    assert pg.locator("#pages .page").count() == 0


def test_work_kept_across_a_reload(page):
    """Reloading the page (as a refused request asks) keeps the form, the seed and a hand-edited
    draft; 清空重填 forgets them."""
    pg = page
    fill_form(pg)
    wait_status(pg, "第 1 种说法")
    pg.get_by_role("button", name="换一种说法").click()
    wait_status(pg, "第 2 种说法")
    second = body_paragraphs(pg)

    pg.reload()
    wait_status(pg, "第 2 种说法")
    assert field(pg, "place.name").input_value() == PLACE
    assert field(pg, "meeting.date").input_value() == "2026-03-15"
    assert body_paragraphs(pg) == second

    pg.click("#tab-edit")
    pg.fill("#editor", pg.input_value("#editor").replace("同志们：", "同志们：XX", 1))
    pg.get_by_role("button", name="重新检查").click()
    pg.locator("#pages mark.hl").first.wait_for()
    pg.reload()
    wait_status(pg, "手工修改稿")
    assert "同志们：XX" in pg.input_value("#editor")
    assert pg.locator("#pages mark.hl").first.inner_text() == "XX"

    pg.once("dialog", lambda dialog: dialog.accept())
    pg.click("#tab-draft")
    pg.get_by_role("button", name="清空重填").click()
    assert field(pg, "place.name").input_value() == ""
    pg.reload()
    pg.wait_for_selector("#status:has-text('还需要填写')")
    assert field(pg, "place.name").input_value() == ""


def test_refusal_shows_the_servers_chinese_message(browser, server_url):
    """A page left open across a restart of drafter serve holds an old token: the server
    refuses its POSTs, and the page shows the server's own message."""
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)

    def stale(route):
        html = route.fetch().text().replace(TOKEN, "token-of-an-earlier-start")
        route.fulfill(body=html, content_type="text/html; charset=utf-8")

    pg.route(server_url, stale)
    pg.goto(server_url)
    pg.wait_for_selector(f"#outline-select option:text-is('{OUTLINE_NAME}')", state="attached")
    fill_form(pg)
    pg.wait_for_selector("#notice:has-text('页面令牌')")
    assert "请刷新页面后再试" in pg.inner_text("#notice")
    assert pg.inner_text("#status") == "没有完成"
    context.close()


def test_file_over_the_limit_refused_before_sending(page):
    pg = page
    sent: list[str] = []
    pg.route("**/api/upload", lambda route: (sent.append(route.request.url), route.continue_()))
    pg.click("#tab-edit")
    pg.set_input_files("#upload-file", files=[{"name": "大文件.md", "mimeType": "text/markdown",
                                               "buffer": b"x" * (11 * 1024 * 1024)}])
    pg.wait_for_selector("#notice:has-text('超过了 10 MB 的上限')")
    assert "大文件.md" in pg.inner_text("#notice")
    assert sent == []
