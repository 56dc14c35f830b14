/* The draft as A4 pages in the GB/T 9704 look: blocks measured in a hidden text column of the
   real size (156 mm wide, 22 lines of 225 mm / 22), then laid out page by page; a paragraph that
   does not fit is cut at the last character that still fits the page. Findings are marked in place. */
"use strict";
window.Drafter = window.Drafter || {};

(function (D) {
  const el = D.form.el;
  const LINES = 22;
  const FRONT = new Set(["title", "subtitle", "speaker", "date"]);
  const SEVERITY = { error: "错误", warning: "提醒", info: "提示" };

  let measurer = null;
  let linePx = 0;

  function setUp() {
    if (measurer) return;
    measurer = el("div", { class: "text-area measure", "aria-hidden": "true" });
    document.body.appendChild(measurer);
    const probe = el("div", { style: "height:225mm;position:absolute;visibility:hidden" });
    document.body.appendChild(probe);
    linePx = probe.getBoundingClientRect().height / LINES;
    probe.remove();
  }

  function blockClass(b) {
    if (b.kind === "heading") return "b-heading h" + Math.min(Math.max(b.level || 1, 1), 4);
    return "b-" + b.kind;
  }

  /** Lines a stretch of a block takes on the page (continuation: no first-line indent). */
  function linesOf(b, text, continued) {
    const p = el("p", { class: blockClass(b) + (continued ? " cont" : "") });
    p.textContent = text || "\u3000";
    measurer.textContent = "";
    measurer.appendChild(p);
    return Math.max(1, Math.round(p.getBoundingClientRect().height / linePx));
  }

  /** The longest prefix of text (from start) that fits in room lines. */
  function fitting(b, text, start, room, continued) {
    let lo = start + 1;
    let hi = text.length;
    let best = start;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (linesOf(b, text.slice(start, mid), continued) <= room) { best = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return best;
  }

  /** [{pieces: [{index, a, b, continued}]}], each page at most 22 lines. */
  function paginate(blocks) {
    setUp();
    const pages = [[]];
    let used = 0;
    const newPage = function () { pages.push([]); used = 0; };
    blocks.forEach(function (b, index) {
      const text = b.text || "";
      const gap = FRONT.has(b.kind) && !(blocks[index + 1] && FRONT.has(blocks[index + 1].kind)) ? 1 : 0;
      let n = linesOf(b, text, false) + gap;
      // Close to drafter's .docx (measured against docx_pages on every outline's example: all
      // page counts and ~98% of block start pages agree): a paragraph is cut wherever the page
      // ends (official documents turn widow control off); a heading or the salutation moves
      // on when fewer than two lines would follow it on its page.
      const keepWithNext = b.kind === "heading" || b.kind === "salutation" ? 2 : 0;
      if (used + n + keepWithNext > LINES && used > 0 && (b.kind !== "paragraph" || used >= LINES)) newPage();
      let start = 0;
      let continued = false;
      while (used + n > LINES && b.kind === "paragraph") {
        const cut = fitting(b, text, start, LINES - used, continued);
        if (cut <= start) { if (used === 0) break; newPage(); continue; }
        pages[pages.length - 1].push({ index: index, a: start, b: cut, continued: continued });
        newPage();
        start = cut;
        continued = true;
        n = linesOf(b, text.slice(start), true);
      }
      pages[pages.length - 1].push({ index: index, a: start, b: text.length, continued: continued, gap: gap });
      used += n;
    });
    measurer.textContent = "";
    return pages;
  }

  D.preview = { paginate: paginate, blockClass: blockClass, SEVERITY: SEVERITY, FRONT: FRONT };
})(window.Drafter);
