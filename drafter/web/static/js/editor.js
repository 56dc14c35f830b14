/* ② The Markdown draft: edit, re-check, download (.docx from the server, .md from the page),
   upload an edited draft, the unit's Word template. */
"use strict";
window.Drafter = window.Drafter || {};

(function (D) {
  const $ = function (id) { return document.getElementById(id); };
  let title = "";
  let reference = null;

  function app() { return D.app; }

  /** A fresh draft from the form replaces the editor's text. */
  function load(markdown, newTitle) {
    $("editor").value = markdown || "";
    title = newTitle || "";
  }

  function setMode(mode) {
    const state = app().state;
    state.mode = mode;
    D.store.saveSoon();
    $("back-to-form").hidden = mode === "form";
    ["next-seed", "length"].forEach(function (id) { $(id).disabled = mode !== "form"; });
    $("prev-seed").disabled = mode !== "form" || app().state.seed <= 1;
  }

  function backToForm(quiet) {
    setMode("form");
    if (!quiet) app().notice("");
    app().draftNow();
  }

  /** A hand-edited draft kept from the last visit: back in the editor, checked again. */
  function restoreEdited(markdown) {
    load(markdown, "");
    setMode("edited");
    recheck();
  }

  function edited() {
    D.store.saveSoon();
    if (app().state.mode === "form") {
      setMode("edited");
      app().status("稿子已手工修改：点“重新检查”更新预览；表单的改动不再自动起草。");
    }
  }

  function checkBody() {
    const form = app().state.form;
    const body = { markdown: $("editor").value };
    const level = form && form.value("place.level");
    const date = form && form.value("meeting.date");
    if (level) body.level = level;
    if (date) body.meeting_date = date;
    return body;
  }

  async function recheck() {
    if (!$("editor").value.trim()) { app().notice("稿子是空的：先起草一篇，或上传一份稿子。"); return; }
    D.store.save();
    app().status("正在检查……", "busy");
    try {
      const result = await D.api.post("/api/check", checkBody());
      title = result.title || title;
      app().notice("");
      app().show(result);
    } catch (e) {
      app().failed(e);
    }
  }

  function docxBody() {
    const state = app().state;
    let body;
    if (state.mode === "form") {
      const got = state.form ? state.form.collect() : { spec: null, missing: ["讲话类型"] };
      if (got.missing.length) throw new D.api.ApiError("还需要填写：" + got.missing.join("、"), 0);
      body = { spec: got.spec, seed: state.seed, length: state.length };
    } else {
      if (!$("editor").value.trim()) throw new D.api.ApiError("稿子是空的：先起草一篇，或上传一份稿子。", 0);
      body = { markdown: $("editor").value };
    }
    body.layout = $("dl-layout").value;
    body.fonts = $("dl-fonts").value;
    if (reference) body.reference = reference;
    return body;
  }

  async function downloadDocx() {
    const button = $("download-docx");
    button.disabled = true;
    try {
      await D.api.download("/api/docx", docxBody(), (title || "讲话稿") + ".docx");
      app().notice("已下载 Word 文件。", true);
    } catch (e) {
      app().failed(e);
    } finally {
      button.disabled = false;
    }
  }

  function downloadMd() {
    const text = $("editor").value;
    if (!text.trim()) { app().notice("稿子是空的：先起草一篇，或上传一份稿子。"); return; }
    D.api.saveBlob(new Blob([text], { type: "text/markdown;charset=utf-8" }), (title || "讲话稿") + ".md");
  }

  async function upload(input) {
    const file = input.files[0];
    if (!file) return;
    const data = new FormData();
    data.append("file", file);
    const form = app().state.form;
    const level = form && form.value("place.level");
    const date = form && form.value("meeting.date");
    if (level) data.append("level", level);
    if (date) data.append("meeting_date", date);
    try {
      D.api.checkSize(file);
      app().status("正在读取 " + file.name + "……", "busy");
      const result = await D.api.post("/api/upload", data);
      setMode("edited");
      load(result.markdown, result.title);
      const warnings = Array.isArray(result.warnings) ? result.warnings : [];
      app().notice(["已读入 " + file.name + "，可以修改、检查或重新排版下载。"].concat(warnings).join("\n"),
        !warnings.length);
      app().show(result);
    } catch (e) {
      app().failed(e);
    } finally {
      input.value = "";
    }
  }

  async function uploadReference(input) {
    const file = input.files[0];
    reference = null;
    $("reference-name").textContent = "";
    if (!file) return;
    const data = new FormData();
    data.append("file", file);
    try {
      D.api.checkSize(file);
      const got = await D.api.post("/api/reference", data);
      reference = got.id;
      $("reference-name").textContent = "下载的 Word 将排在“" + (got.name || file.name) + "”上。";
    } catch (e) {
      input.value = "";
      app().failed(e);
    }
  }

  function wire() {
    $("editor").addEventListener("input", edited);
    $("recheck").addEventListener("click", recheck);
    $("back-to-form").addEventListener("click", function () { backToForm(false); });
    $("download-docx").addEventListener("click", downloadDocx);
    $("download-md").addEventListener("click", downloadMd);
    $("upload-file").addEventListener("change", function (e) { upload(e.target); });
    $("reference-file").addEventListener("change", function (e) { uploadReference(e.target); });
  }

  D.editor = { load: load, wire: wire, backToForm: backToForm, restoreEdited: restoreEdited };
})(window.Drafter);
