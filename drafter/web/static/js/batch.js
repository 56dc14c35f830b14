/* ③ Batch: the form's spec × places × seeds on the server; progress by polling; the zip. */
"use strict";
window.Drafter = window.Drafter || {};

(function (D) {
  const $ = function (id) { return document.getElementById(id); };
  const POLL_MS = 1000;
  let polling = null;

  function progress(s) {
    $("batch-progress").max = Math.max(1, s.total);
    $("batch-progress").value = s.done;
    let text = "已完成 " + s.done + " / " + s.total + " 篇";
    if (s.failed) text += "，其中 " + s.failed + " 篇出错（原因见压缩包里的 manifest.csv）";
    if (s.error) text += "。" + s.error;
    else text += s.finished ? "。全部完成。" : "……";
    $("batch-text").textContent = text;
  }

  async function poll(job) {
    try {
      const s = await D.api.get("/api/batch/" + encodeURIComponent(job));
      progress(s);
      if (s.finished) {
        const zip = $("batch-zip");
        zip.href = "/api/batch/" + encodeURIComponent(job) + "/zip";
        zip.hidden = Boolean(s.error);  // a job that stopped has no zip (the server says 409)
        $("batch-start").disabled = false;
        return;
      }
      polling = setTimeout(function () { poll(job); }, POLL_MS);
    } catch (e) {
      $("batch-start").disabled = false;
      D.app.notice(e.message);
    }
  }

  function request() {
    const state = D.app.state;
    if (!state.form) throw new D.api.ApiError("请先在“① 填写与预览”里选好讲话类型、填好表单。", 0);
    const places = $("batch-places").value.trim();
    const file = $("batch-file").files[0];
    if (!places && !file) throw new D.api.ApiError("请粘贴地点（每行“名称,层级”），或选择一个 .csv/.xlsx 文件。", 0);
    const data = new FormData();
    data.append("spec", JSON.stringify(state.form.collect().spec));
    // Empty seeds: the server gives each place its own (base seed, +1, …), so thirty
    // townships do not all get the same wording.
    data.append("seeds", $("batch-seeds").value.trim());
    if (file) D.api.checkSize(file);
    if (file) data.append("file", file);
    else data.append("places", places);
    return data;
  }

  async function start() {
    clearTimeout(polling);
    $("batch-zip").hidden = true;
    try {
      const data = request();
      $("batch-start").disabled = true;
      const job = await D.api.post("/api/batch", data);
      $("batch-status").hidden = false;
      progress({ done: 0, total: job.total, failed: 0, finished: false });
      D.app.notice("");
      poll(job.job);
    } catch (e) {
      $("batch-start").disabled = false;
      D.app.failed(e);
    }
  }

  D.batch = { wire: function () { $("batch-start").addEventListener("click", start); } };
})(window.Drafter);
