/* The spec form, generated from an outline's field metadata (GET /api/outlines). */
"use strict";
window.Drafter = window.Drafter || {};

(function (D) {
  // Fields the page sets elsewhere: the outline select, the seed switcher, the length slider and
  // the download options; a file path means nothing to a browser.
  const HIDDEN = new Set(["outline", "seed", "length", "fonts", "reference_doc"]);
  const ADVANCED = new Set(["title", "place.words", "speaker.role"]);
  const LABELS = {
    "place.name": "地名", "place.level": "层级", "place.parent": "上级行政区",
    "place.words": "改写自称用词", "meeting.name": "会议名称", "meeting.theme": "会议主题",
    "meeting.date": "会议日期", "meeting.before": "讲话之前的议程", "speaker.name": "讲话人姓名",
    "speaker.title": "讲话人职务", "speaker.role": "讲话人角色", goals: "目标", title: "自定标题",
    achievements: "主要成绩", tasks: "重点任务", focus: "重点领域", problems: "问题",
    deadline: "完成期限", projects: "观摩的项目", situation: "总体情况", gaps: "突出差距",
    milestones: "时间节点", honours: "表彰的集体和个人", sectors: "重点行业领域",
    accidents: "事故教训", class: "培训班名称", trainees: "参训人员", days: "培训天数",
    topics: "课程专题", organizer: "承办单位", stages: "活动步骤", served: "服务对象",
    system: "本系统名称", disciplines: "纪律", campaigns: "开展的“年”活动",
  };
  const GROUPS = [["place", "地点"], ["meeting", "会议"], ["speaker", "讲话人"], ["", "讲话内容"],
    ["advanced", "更多（一般不用填）"]];

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(function ([k, v]) {
      if (k === "text") node.textContent = v;
      else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  /** A label for a field: ours, else the first clause of its help. */
  function labelOf(f) {
    if (LABELS[f.name]) return LABELS[f.name];
    const first = (f.help || "").split(/[：，；（。,;(]/)[0].trim();
    return first && first.length <= 14 ? first : f.name;
  }

  // Core fields whose help speaks of YAML; the form says it its own way.
  const HELP = {
    title: "自己定的标题，代替提纲的标题；太长要回行时，分几行写，每行一行",
    "place.words": "改写自称用词，每行一项，如 leaders：镇党委、镇政府（一般不用填）",
  };

  /** A field's help for a writer who has never seen YAML: no "text:/detail:" syntax (the form
      has its own 补充具体情况 box), no [a, b] lists, no table keys. */
  function helpOf(f) {
    if (HELP[f.name]) return HELP[f.name];
    let text = f.help || "";
    (f.keys || []).forEach(function (k) { text = text.replace(new RegExp("\\b" + k + "\\s+", "g"), ""); });
    const yaml = /\b(text|detail)\b/;
    const dropped = yaml.test(text);
    text = text.split(/[；;]/).map(function (clause) {
      return clause.split("，").filter(function (part) { return !yaml.test(part); }).join("，");
    }).filter(Boolean).join("；");
    if (dropped) text += "；每条下面可点“＋ 补充具体情况”写具体情况";
    return text.replace(/\[([^\[\]]+)\]/g, function (m, inner) {
      return inner.split(/\s*[,，]\s*/).join("、");
    });
  }

  function groupOf(f) {
    if (ADVANCED.has(f.name)) return "advanced";
    const dot = f.name.indexOf(".");
    return dot > 0 ? f.name.slice(0, dot) : "";
  }

  function plain(v) {
    if (v === null || v === undefined) return "";
    if (typeof v === "object" && !Array.isArray(v)) return v.text || v.name || "";
    return Array.isArray(v) ? v.join("\n") : String(v);
  }

  D.form = { el: el, labelOf: labelOf, helpOf: helpOf, groupOf: groupOf, plain: plain, HIDDEN: HIDDEN, GROUPS: GROUPS };
})(window.Drafter);
