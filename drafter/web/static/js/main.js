/* Start-up: read the outlines, wire the controls. */
"use strict";

(function (D) {
  const A = D.app;
  const $ = A.$;
  const state = A.state;
  const el = D.form.el;

  function outlineInfo(o) {
    const box = $("outline-info");
    box.textContent = "";
    if (o.summary) box.appendChild(el("div", { text: o.summary }));
    const facts = [];
    if (o.occasion) facts.push("场合：" + o.occasion);
    if (o.levels && o.levels.length) facts.push("适用层级：" + o.levels.join("、"));
    if (o.length) facts.push("篇幅：" + o.length.min + "–" + o.length.max + " 字");
    box.appendChild(el("div", { class: "facts", text: facts.join("　") }));
  }

  function lengthControl(o, kept) {
    const r = $("length");
    const range = o.length || { min: 1500, max: 8000 };
    r.min = range.min;
    r.max = range.max;
    const start = kept || range.default || Math.round((range.min + range.max) / 200) * 100;
    r.value = Math.min(range.max, Math.max(range.min, start));
    state.length = Number(r.value);
    $("length-out").textContent = "约 " + r.value + " 字";
  }

  /** saved: the page's last state (store.js) when it was this outline's, else null. */
  function chooseOutline(id, saved) {
    const o = state.outlines.find(function (x) { return x.id === id; });
    if (!o) return;
    if (state.mode === "edited" && !window.confirm("换一种讲话类型会按新的表单重新起草，手工修改过的稿子将被替换。继续吗？")) {
      $("outline-select").value = state.outline ? state.outline.id : "";
      return;
    }
    state.outline = o;
    state.form = D.builder.build(o, $("spec-form"));
    state.seed = saved && Number.isInteger(saved.seed) && saved.seed > 0 ? saved.seed : 1;
    $("pages").textContent = "";  // the last outline's draft is not this one's
    $("findings").hidden = true;
    outlineInfo(o);
    lengthControl(o, saved && saved.length);
    if (saved) state.form.restore(saved.spec);
    if (saved && saved.mode === "edited" && saved.markdown) D.editor.restoreEdited(saved.markdown);
    else D.editor.backToForm(true);
  }

  function clearForm() {
    if (!state.outline || !window.confirm("清空这份表单（和手工修改过的稿子），从提纲的默认值重新填吗？")) return;
    D.store.clear();
    state.mode = "form";
    chooseOutline(state.outline.id, null);
  }

  async function loadOutlines() {
    const select = $("outline-select");
    try {
      const data = await D.api.get("/api/outlines");
      state.outlines = data.outlines || [];
    } catch (e) {
      select.innerHTML = "<option value=''>读不到提纲</option>";
      A.notice(e.message);
      return;
    }
    select.textContent = "";
    state.outlines.forEach(function (o) { select.appendChild(el("option", { value: o.id, text: o.name })); });
    if (!state.outlines.length) return;
    const saved = D.store.load();
    const known = saved && state.outlines.some(function (o) { return o.id === saved.outline; });
    const first = known ? saved.outline : state.outlines[0].id;
    select.value = first;
    chooseOutline(first, known ? saved : null);
  }

  function switchTab(name) {
    document.querySelectorAll(".tab").forEach(function (t) {
      const on = t.getAttribute("data-tab") === name;
      t.classList.toggle("active", on);
      t.setAttribute("aria-selected", on ? "true" : "false");
    });
    document.querySelectorAll("[data-panel]").forEach(function (p) { p.hidden = p.getAttribute("data-panel") !== name; });
  }

  function wire() {
    $("outline-select").addEventListener("change", function (e) { chooseOutline(e.target.value); });
    const form = $("spec-form");
    form.addEventListener("input", A.scheduleDraft);
    form.addEventListener("change", A.scheduleDraft);
    form.addEventListener("submit", function (e) { e.preventDefault(); A.draftNow(); });
    $("clear-form").addEventListener("click", clearForm);
    $("print").addEventListener("click", function () { window.print(); });
    $("fill-examples").addEventListener("click", function () { if (state.form) { state.form.fillExamples(); A.draftNow(); } });
    $("next-seed").addEventListener("click", function () { state.seed += 1; A.draftNow(); });
    $("prev-seed").addEventListener("click", function () { if (state.seed > 1) { state.seed -= 1; A.draftNow(); } });
    $("length").addEventListener("input", function (e) { $("length-out").textContent = "约 " + e.target.value + " 字"; });
    $("length").addEventListener("change", function (e) { state.length = Number(e.target.value); A.draftNow(); });
    document.querySelectorAll(".tab").forEach(function (t) {
      t.addEventListener("click", function () { switchTab(t.getAttribute("data-tab")); });
    });
    let resize = null;
    window.addEventListener("resize", function () { clearTimeout(resize); resize = setTimeout(A.fitPages, 150); });
    document.querySelectorAll("input[type=file]").forEach(function (input) {
      input.addEventListener("change", function () {
        const shown = document.querySelector('.file-name[data-for="' + input.id + '"]');
        if (shown && input.files[0]) shown.textContent = input.files[0].name;
      });
    });
    D.editor.wire();
    D.batch.wire();
  }

  wire();
  loadOutlines();
})(window.Drafter);
