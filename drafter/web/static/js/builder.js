/* Builds the form of one outline and reads it back as a spec (nested JSON, as a YAML spec is). */
"use strict";
window.Drafter = window.Drafter || {};

(function (D) {
  const el = D.form.el;
  const W = D.widgets;

  function widgetFor(f, id, outline) {
    if (Array.isArray(f.choices) && f.choices.length) return W.select(f, id, f.choices.map(String));
    switch (f.type) {
      case "level": return W.select(f, id, outline.levels || []);
      case "int": return W.textual(f, id, "input", "number");
      case "date": return W.date(f, id);
      case "list": return D.rows.list(f, id);
      case "table": return D.rows.table(f, id);
      case "lines": return W.lines(f, id);
      case "map": return W.mapping(f, id);
      default: return W.textual(f, id, "input", "text");
    }
  }

  function fieldBlock(f, widget, id) {
    const label = el("label", { for: id, class: "field-label", text: D.form.labelOf(f) });
    if (f.required) label.appendChild(el("b", { class: "req", title: "必填", text: " *" }));
    const parts = [label, widget.node];
    const help = D.form.helpOf(f);
    if (help && help !== D.form.labelOf(f)) parts.push(el("div", { class: "help", text: help }));
    const error = el("div", { class: "field-error", role: "alert", hidden: true });
    parts.push(error);
    return { node: el("div", { class: "field", "data-field": f.name }, parts), error: error };
  }

  function build(outline, form) {
    form.textContent = "";
    const fields = {};
    const boxes = {};
    D.form.GROUPS.forEach(function ([key, title]) {
      const box = key === "advanced"
        ? el("details", { class: "group advanced" }, [el("summary", { text: title })])
        : el("fieldset", { class: "group" }, [el("legend", { text: title })]);
      boxes[key] = box;
    });
    (outline.fields || []).forEach(function (f, i) {
      if (D.form.HIDDEN.has(f.name) || f.type === "path") return;
      const id = "f-" + i;
      const widget = widgetFor(f, id, outline);
      if (f.default !== null && f.default !== undefined && f.default !== "") widget.set(f.default);
      const block = fieldBlock(f, widget, id);
      fields[f.name] = { spec: f, widget: widget, block: block };
      boxes[D.form.groupOf(f)].appendChild(block.node);
    });
    D.form.GROUPS.forEach(function ([key]) {
      if (boxes[key].querySelector(".field")) form.appendChild(boxes[key]);
    });
    return controller(outline, fields);
  }

  function put(spec, name, value) {
    const parts = name.split(".");
    let node = spec;
    parts.slice(0, -1).forEach(function (p) { node = node[p] = node[p] || {}; });
    node[parts[parts.length - 1]] = value;
  }

  function controller(outline, fields) {
    return {
      /** {spec, missing: [labels of empty required fields]} */
      collect: function () {
        const spec = { outline: outline.id };
        const missing = [];
        Object.entries(fields).forEach(function ([name, fd]) {
          const v = fd.widget.get();
          if (v === undefined) {
            if (fd.spec.required) missing.push(D.form.labelOf(fd.spec));
            return;
          }
          put(spec, name, v);
        });
        return { spec: spec, missing: missing };
      },
      value: function (name) { return fields[name] ? fields[name].widget.get() : undefined; },
      /** Put back what collect() gave: a field it left out is empty. */
      restore: function (spec) {
        Object.entries(fields).forEach(function ([name, fd]) {
          const v = name.split(".").reduce(function (node, k) { return node && typeof node === "object" ? node[k] : undefined; }, spec);
          fd.widget.set(v);
        });
      },
      fillExamples: function () { Object.values(fields).forEach(function (fd) { fd.widget.example(); }); },
      clearErrors: function () {
        Object.values(fields).forEach(function (fd) {
          fd.block.error.hidden = true;
          fd.block.node.classList.remove("has-error");
        });
      },
      /** Put each {field, message} beside its field; returns the ones no field took. */
      showErrors: function (errors) {
        const rest = [];
        (errors || []).forEach(function (e) {
          const fd = fields[fieldName(e.field, fields)];
          if (!fd) { rest.push(e); return; }
          fd.block.error.textContent = e.message;
          fd.block.error.hidden = false;
          fd.block.node.classList.add("has-error");
        });
        return rest;
      },
    };
  }

  /** "goals[3]" → "goals"; "place" → its first field; "projects[2].name" → "projects". */
  function fieldName(name, fields) {
    if (!name) return null;
    if (fields[name]) return name;
    const bare = name.replace(/\[\d+\].*$/, "");
    if (fields[bare]) return bare;
    return Object.keys(fields).find(function (k) { return k.indexOf(bare + ".") === 0; }) || null;
  }

  D.builder = { build: build };
})(window.Drafter);
