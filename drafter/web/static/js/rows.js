/* List and table fields: one row an item, with 添加/删除. */
"use strict";
window.Drafter = window.Drafter || {};

(function (D) {
  const el = D.form.el;
  const plain = D.form.plain;

  /** A growing list of rows; makeRow(value) → {node, get(), focus()}. */
  function rowList(f, id, makeRow, addText) {
    const box = el("div", { class: "rows", id: id, "data-field": f.name });
    const items = el("div", { class: "row-items" });
    const add = el("button", { type: "button", class: "add-row secondary", text: addText });
    let rows = [];
    function addRow(value) {
      const row = makeRow(value, rows.length);
      const del = el("button", { type: "button", class: "del-row", title: "删除这一条", text: "删除" });
      const wrap = el("div", { class: "row-item" }, [row.node, del]);
      del.addEventListener("click", function () {
        rows = rows.filter(function (r) { return r !== row; });
        wrap.remove();
        box.dispatchEvent(new Event("change", { bubbles: true }));
      });
      rows.push(row);
      items.appendChild(wrap);
      return row;
    }
    add.addEventListener("click", function () { addRow(null).focus(); });
    box.appendChild(items);
    box.appendChild(add);
    function set(values) {
      items.textContent = "";
      rows = [];
      (Array.isArray(values) ? values : []).forEach(addRow);
      if (!rows.length) addRow(null);
    }
    set(null);
    return {
      node: box,
      get: function () {
        const out = rows.map(function (r) { return r.get(); }).filter(function (v) { return v !== undefined; });
        return out.length ? out : undefined;
      },
      set: set,
      example: function () {
        if (rows.every(function (r) { return r.get() === undefined; }) && Array.isArray(f.example)) set(f.example);
      },
    };
  }

  /** A list item: one sentence, and for outlines that take them, detail lines under it. */
  function listRow(f, withDetail) {
    const examples = Array.isArray(f.example) ? f.example : [];
    return function (value, index) {
      const example = examples[index % Math.max(1, examples.length)];
      const text = el("input", { type: "text", class: "item-text", value: plain(value),
        placeholder: example ? "例：" + plain(example) : "写一句" });
      const parts = [text];
      let detail = null;
      if (withDetail) {
        const existing = value && typeof value === "object" && Array.isArray(value.detail) ? value.detail : [];
        detail = el("textarea", { class: "item-detail", rows: 2, hidden: !existing.length,
          placeholder: "补充具体情况（可不填），每行一条" });
        detail.value = existing.join("\n");
        const more = el("button", { type: "button", class: "link", hidden: existing.length > 0,
          text: "＋ 补充具体情况" });
        more.addEventListener("click", function () { detail.hidden = false; more.hidden = true; detail.focus(); });
        parts.push(detail, more);
      }
      return {
        node: el("div", { class: "item" }, parts),
        focus: function () { text.focus(); },
        get: function () {
          const t = text.value.trim();
          const d = detail ? detail.value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean) : [];
          if (!t) return undefined;
          return d.length ? { text: t, detail: d } : t;
        },
      };
    };
  }

  /** The label of each table key, read from the help ("name 项目名称；progress 进展……"). */
  function keyLabels(f) {
    const out = {};
    (f.keys || []).forEach(function (k) {
      const m = new RegExp("\\b" + k + "\\s+([^；;，,（(：:]+)").exec(f.help || "");
      out[k] = m ? m[1].trim() : k;
    });
    return out;
  }

  function tableRow(f) {
    const labels = keyLabels(f);
    return function (value) {
      const inputs = {};
      const cells = (f.keys || []).map(function (k) {
        inputs[k] = el("input", { type: "text", "data-key": k, placeholder: labels[k],
          value: value && typeof value === "object" ? (value[k] || "") : (k === f.keys[0] ? plain(value) : "") });
        return el("label", { class: "cell" }, [el("span", { text: labels[k] }), inputs[k]]);
      });
      return {
        node: el("div", { class: "item table-item" }, cells),
        focus: function () { inputs[f.keys[0]].focus(); },
        get: function () {
          const row = {};
          Object.entries(inputs).forEach(function ([k, input]) { if (input.value.trim()) row[k] = input.value.trim(); });
          return Object.keys(row).length ? row : undefined;
        },
      };
    };
  }

  D.rows = {
    list: function (f, id) {
      const withDetail = /detail/.test(f.help || "") || f.name === "goals";
      return rowList(f, id, listRow(f, withDetail), "＋ 添加一条");
    },
    table: function (f, id) { return rowList(f, id, tableRow(f), "＋ 添加一行"); },
  };
})(window.Drafter);
