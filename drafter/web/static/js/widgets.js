/* One input per field type. A widget is {node, get(), set(value), example()}; get() returns
   undefined when the writer left it empty, so the outline's default applies. */
"use strict";
window.Drafter = window.Drafter || {};

(function (D) {
  const el = D.form.el;
  const plain = D.form.plain;

  function textual(f, id, tag, type) {
    const input = el(tag, { id: id, name: f.name, type: type, placeholder: exampleText(f) });
    if (tag === "textarea") input.rows = 2;
    return {
      node: input,
      get: function () {
        const v = input.value.trim();
        if (!v) return undefined;
        return type === "number" && /^\d+$/.test(v) ? Number(v) : v;
      },
      set: function (v) { input.value = plain(v); },
      example: function () { if (!input.value.trim() && f.example != null) input.value = plain(f.example); },
    };
  }

  function exampleText(f) {
    if (f.example === null || f.example === undefined) return null;
    return "例：" + (Array.isArray(f.example) ? f.example.map(plain).join("；") : plain(f.example));
  }

  function select(f, id, options) {
    const s = el("select", { id: id, name: f.name });
    s.appendChild(el("option", { value: "", text: f.required ? "请选择" : "（不填）" }));
    options.forEach(function (o) { s.appendChild(el("option", { value: o, text: o })); });
    return {
      node: s,
      get: function () { return s.value || undefined; },
      set: function (v) { s.value = plain(v); },
      example: function () {
        if (!s.value && f.example != null && options.indexOf(String(f.example)) >= 0) s.value = f.example;
      },
    };
  }

  function date(f, id) {
    const w = textual(f, id, "input", "date");
    w.node.removeAttribute("placeholder");
    w.set = function (v) { w.node.value = v ? String(v).slice(0, 10) : ""; };
    w.example = function () { if (!w.node.value && f.example) w.set(f.example); };
    return w;
  }

  /** "lines" (a title broken by the writer): one line a row; a single line is sent as text. */
  function lines(f, id) {
    const w = textual(f, id, "textarea");
    w.get = function () {
      const rows = w.node.value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
      return rows.length === 0 ? undefined : rows.length === 1 ? rows[0] : rows;
    };
    return w;
  }

  /** A mapping (place.words): "键：值" a line. */
  function mapping(f, id) {
    const w = textual(f, id, "textarea");
    w.node.placeholder = "每行一项，如：leaders：镇党委、镇政府";
    w.get = function () {
      const out = {};
      w.node.value.split("\n").forEach(function (line) {
        const m = /^\s*([^:：]+?)\s*[:：]\s*(.+?)\s*$/.exec(line);
        if (m) out[m[1]] = m[2];
      });
      return Object.keys(out).length ? out : undefined;
    };
    w.set = function (v) {
      w.node.value = Object.entries(v || {}).map(function ([k, x]) { return k + "：" + x; }).join("\n");
    };
    w.example = function () {};
    return w;
  }

  D.widgets = { textual: textual, select: select, date: date, lines: lines, mapping: mapping,
    exampleText: exampleText };
})(window.Drafter);
