/* The page's state and wiring: outline → form → debounced draft → preview. */
"use strict";
window.Drafter = window.Drafter || {};

(function (D) {
  const $ = function (id) { return document.getElementById(id); };
  const el = D.form.el;
  const DEBOUNCE_MS = 600;

  const state = {
    outlines: [], outline: null, form: null, seed: 1, length: null,
    mode: "form",          // "form": the preview is the form's draft; "edited": the editor's text
    result: null, timer: null, asked: 0,
  };

  function notice(message, ok) {
    const n = $("notice");
    n.textContent = message || "";
    n.hidden = !message;
    n.classList.toggle("ok", !!ok);
    clearTimeout(notice.timer);
    if (ok && message) notice.timer = setTimeout(function () { n.hidden = true; }, 5000);
  }

  function status(text, kind) {
    const s = $("status");
    s.textContent = text;
    s.className = "status" + (kind ? " " + kind : "");
  }

  function describe(result) {
    const parts = ["约 " + result.length + " 字", "讲约 " + Math.max(1, Math.round(result.minutes || 0)) + " 分钟"];
    if (state.mode === "form") parts.push("第 " + state.seed + " 种说法");
    else parts.push("手工修改稿");
    const errors = (result.findings || []).filter(function (f) { return f.severity === "error"; }).length;
    parts.push(result.findings.length ? "发现 " + result.findings.length + " 处问题" + (errors ? "（" + errors + " 处错误）" : "") : "未发现问题");
    return parts.join("，");
  }

  /** Show a draft or a checked text: pages, findings, the status line. */
  function show(result) {
    result.findings = result.findings || [];
    state.result = result;
    D.render.drawPages($("pages"), result.blocks || [], result.findings);
    D.render.drawFindings($("findings"), $("finding-list"), result.findings, $("pages"));
    fitPages();
    status(describe(result));
  }

  function fitPages() {
    const pages = $("pages");
    const probe = el("div", { style: "width:210mm;position:absolute;visibility:hidden" });
    document.body.appendChild(probe);
    const pagePx = probe.getBoundingClientRect().width;
    probe.remove();
    const zoom = Math.min(1, (pages.clientWidth - 32) / pagePx);
    pages.style.setProperty("--zoom", zoom > 0.3 ? zoom.toFixed(3) : "0.3");
  }

  function scheduleDraft() {
    if (state.mode !== "form") return;
    clearTimeout(state.timer);
    state.timer = setTimeout(draftNow, DEBOUNCE_MS);
  }

  async function draftNow() {
    clearTimeout(state.timer);
    if (!state.form || state.mode !== "form") return;
    const got = state.form.collect();
    D.store.save();
    state.form.clearErrors();
    if (got.missing.length) {
      status("还需要填写：" + got.missing.join("、"), "bad");
      return;
    }
    $("prev-seed").disabled = state.seed <= 1;
    const asked = ++state.asked;
    status("正在起草……", "busy");
    try {
      const result = await D.api.post("/api/draft", { spec: got.spec, seed: state.seed, length: state.length });
      if (asked !== state.asked || state.mode !== "form") return;  // a newer request is on its way
      notice("");
      D.editor.load(result.markdown, result.title);
      show(result);
    } catch (e) {
      if (asked !== state.asked) return;
      failed(e);
    }
  }

  /** An API or network error: per-field messages beside their fields, the rest on top. */
  function failed(e) {
    const rest = state.form && e.errors ? state.form.showErrors(e.errors) : [];
    const taken = e.errors && e.errors.length > rest.length;
    notice(taken && !rest.length ? "表单里有要改的地方，见“① 填写与预览”里标红的字段。" : (e.message || String(e)));
    status(taken ? "表单里有要改的地方" : "没有完成", "bad");
  }

  D.app = { state: state, $: $, notice: notice, status: status, show: show, failed: failed,
    draftNow: draftNow, scheduleDraft: scheduleDraft, fitPages: fitPages };
})(window.Drafter);
