/* Talking to drafter serve: the token on every POST, Chinese messages for every failure. */
"use strict";
window.Drafter = window.Drafter || {};

(function (D) {
  const TOKEN = (document.querySelector('meta[name="drafter-token"]') || {}).content || "";
  const OFFLINE = "连不上 drafter：请确认运行“drafter serve”的窗口还开着，然后再试一次。";

  /** An error the page shows as is: message in Chinese, per-field errors when the spec was bad. */
  class ApiError extends Error {
    constructor(message, status, errors) {
      super(message);
      this.status = status;
      this.errors = errors || [];
    }
  }

  async function send(method, url, body) {
    const init = { method: method, headers: {} };
    if (method !== "GET") init.headers["X-Drafter-Token"] = TOKEN;
    if (body instanceof FormData) {
      init.body = body;
    } else if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let resp;
    try {
      resp = await fetch(url, init);
    } catch (e) {
      throw new ApiError(OFFLINE, 0);
    }
    if (!resp.ok) throw await failure(resp);
    return resp;
  }

  async function failure(resp) {
    let data = null;
    try {
      data = await resp.json();
    } catch (e) {
      data = null;
    }
    const message = data && typeof data.error === "string" && data.error
      ? data.error : "drafter 没能完成这个请求（状态 " + resp.status + "）。";
    return new ApiError(message, resp.status, data && Array.isArray(data.errors) ? data.errors : []);
  }

  async function json(method, url, body) {
    const resp = await send(method, url, body);
    try {
      return await resp.json();
    } catch (e) {
      throw new ApiError("drafter 返回的内容读不懂，请再试一次。", resp.status);
    }
  }

  /** The file name from Content-Disposition (filename*=UTF-8''… first), else the fallback. */
  function filenameOf(resp, fallback) {
    const cd = resp.headers.get("Content-Disposition") || "";
    const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
    if (star) {
      try { return decodeURIComponent(star[1].trim()); } catch (e) { /* fall through */ }
    }
    const plain = /filename="?([^";]+)"?/i.exec(cd);
    return plain ? plain[1] : fallback;
  }

  /** Hand a Blob to the browser as a download. */
  function saveBlob(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  async function download(url, body, fallback) {
    const resp = await send("POST", url, body);
    saveBlob(await resp.blob(), filenameOf(resp, fallback));
  }

  const MAX_UPLOAD = 10 * 1024 * 1024;

  /** drafter serve takes at most 10 MB a request: say so before sending a larger file. */
  function checkSize(file) {
    if (file.size > MAX_UPLOAD) {
      throw new ApiError("文件“" + file.name + "”有 " + (file.size / 1048576).toFixed(1) +
        " MB，超过了 10 MB 的上限。", 413);
    }
  }

  D.api = {
    checkSize: checkSize,
    ApiError: ApiError,
    get: function (url) { return json("GET", url); },
    post: function (url, body) { return json("POST", url, body); },
    download: download,
    saveBlob: saveBlob,
  };
})(window.Drafter);
