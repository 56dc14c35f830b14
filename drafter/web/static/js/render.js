/* Pages and the findings list into the DOM; findings marked where block/start/end say. */
"use strict";
window.Drafter = window.Drafter || {};

(function (D) {
  const el = D.form.el;
  const P = D.preview;

  function severityOf(f) { return P.SEVERITY[f.severity] ? f.severity : "info"; }

  function describe(f) { return (f.code ? f.code + " " : "") + (f.message || ""); }

  function covering(spans, lo, hi) {
    return spans.filter(function (s) { return s.start <= lo && s.end >= hi && s.end > s.start; });
  }

  /** The text [a, b) of one block: the findings that fall in it wrapped in <mark>, and the
      bold lead phrases (blocks[i].bold: [[start, end], …], when the server sends them) in <b>. */
  function markedText(node, text, a, b, spans, bold) {
    const cuts = new Set([a, b]);
    spans.concat(bold).forEach(function (s) {
      if (s.start < b && s.end > a) { cuts.add(Math.max(a, s.start)); cuts.add(Math.min(b, s.end)); }
    });
    const points = Array.from(cuts).sort(function (x, y) { return x - y; });
    for (let i = 0; i + 1 < points.length; i++) {
      const lo = points[i];
      const hi = points[i + 1];
      const over = covering(spans, lo, hi);
      let piece = document.createTextNode(text.slice(lo, hi));
      if (covering(bold, lo, hi).length) piece = el("b", {}, [piece]);
      if (over.length) {
        const worst = over.some(function (s) { return s.sev === "error"; }) ? "error"
          : over.some(function (s) { return s.sev === "warning"; }) ? "warning" : "info";
        piece = el("mark", {
          class: "hl sev-" + worst,
          "data-findings": over.map(function (s) { return s.i; }).join(" "),
          title: over.map(function (s) { return s.label; }).join("\n"),
        }, [piece]);
      }
      node.appendChild(piece);
    }
  }

  function boldSpans(b) {
    return (Array.isArray(b.bold) ? b.bold : []).filter(function (r) {
      return Array.isArray(r) && Number.isInteger(r[0]) && Number.isInteger(r[1]);
    }).map(function (r) { return { start: r[0], end: r[1] }; });
  }

  function spansByBlock(findings) {
    const out = {};
    findings.forEach(function (f, i) {
      if (f.block === null || f.block === undefined) return;
      const list = out[f.block] = out[f.block] || { spans: [], whole: [] };
      const item = { i: i, sev: severityOf(f), label: describe(f), start: f.start, end: f.end };
      if (Number.isInteger(f.start) && Number.isInteger(f.end) && f.end > f.start) list.spans.push(item);
      else list.whole.push(item);
    });
    return out;
  }

  function pieceNode(blocks, piece, marks) {
    const b = blocks[piece.index];
    const p = el("p", { class: P.blockClass(b) + (piece.continued ? " cont" : "") + (piece.gap ? " gap" : ""),
      "data-block": piece.index });
    const m = marks[piece.index] || { spans: [], whole: [] };
    markedText(p, b.text || "", piece.a, piece.b, m.spans, boldSpans(b));
    if (m.whole.length && !piece.continued) {
      p.classList.add("flagged", "sev-" + m.whole[0].sev);
      p.setAttribute("data-findings", m.whole.map(function (s) { return s.i; }).join(" "));
      p.title = m.whole.map(function (s) { return s.label; }).join("\n");
    }
    return p;
  }

  function drawPages(container, blocks, findings) {
    const pages = P.paginate(blocks);
    const marks = spansByBlock(findings);
    container.textContent = "";
    pages.forEach(function (pieces, n) {
      const area = el("div", { class: "text-area" });
      pieces.forEach(function (piece) { area.appendChild(pieceNode(blocks, piece, marks)); });
      const number = el("div", { class: "page-number " + (n % 2 ? "even" : "odd"), text: "— " + (n + 1) + " —" });
      container.appendChild(el("div", { class: "page", "data-page": n + 1 }, [area, number]));
    });
    return pages.length;
  }

  function drawFindings(aside, list, findings, pagesEl) {
    list.textContent = "";
    aside.hidden = false;
    if (!findings.length) {
      list.appendChild(el("li", { class: "none", text: "没有发现问题。" }));
      return;
    }
    findings.forEach(function (f, i) {
      const where = f.block === null || f.block === undefined ? "全文" : "第 " + (f.block + 1) + " 段";
      const li = el("li", { class: "finding sev-" + severityOf(f), tabindex: 0, "data-finding": i }, [
        el("span", { class: "badge", text: P.SEVERITY[severityOf(f)] }),
        el("span", { class: "code", text: f.code || "" }),
        el("span", { class: "where", text: where }),
        el("div", { class: "message", text: f.message || "" }),
      ]);
      li.addEventListener("click", function () { reveal(pagesEl, i); });
      li.addEventListener("keydown", function (e) { if (e.key === "Enter") reveal(pagesEl, i); });
      list.appendChild(li);
    });
  }

  function reveal(pagesEl, i) {
    const target = Array.from(pagesEl.querySelectorAll("[data-findings]")).find(function (n) {
      return n.getAttribute("data-findings").split(" ").indexOf(String(i)) >= 0;
    });
    if (!target) return;
    target.scrollIntoView({ behavior: "smooth", block: "center" });
    target.classList.remove("flash");
    void target.offsetWidth;
    target.classList.add("flash");
  }

  D.render = { drawPages: drawPages, drawFindings: drawFindings };
})(window.Drafter);
