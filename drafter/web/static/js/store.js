/* The writer's work kept in this browser (localStorage), so that reloading the page — which a
   refused request asks for — or closing it by mistake loses nothing: the outline, the form,
   seed and length, and a hand-edited draft. */
"use strict";
window.Drafter = window.Drafter || {};

(function (D) {
  const KEY = "drafter-page-v1";
  let timer = null;

  function save() {
    const s = D.app.state;
    if (!s.form || !s.outline) return;
    const editor = document.getElementById("editor");
    try {
      localStorage.setItem(KEY, JSON.stringify({
        outline: s.outline.id, spec: s.form.collect().spec, seed: s.seed, length: s.length,
        mode: s.mode, markdown: s.mode === "edited" ? editor.value : null,
      }));
    } catch (e) {
      // Storage full or turned off: the page still works, it just will not remember.
    }
  }

  D.store = {
    save: save,
    saveSoon: function () { clearTimeout(timer); timer = setTimeout(save, 500); },
    load: function () {
      try {
        const saved = JSON.parse(localStorage.getItem(KEY) || "null");
        return saved && typeof saved === "object" && saved.spec ? saved : null;
      } catch (e) {
        return null;
      }
    },
    clear: function () {
      clearTimeout(timer);
      try { localStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
    },
  };
})(window.Drafter);
