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

  D.form = { el: el, labelOf: labelOf, groupOf: groupOf, plain: plain, HIDDEN: HIDDEN, GROUPS: GROUPS };
})(window.Drafter);
