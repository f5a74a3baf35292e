// The documents answers are drawn from: upload files (picker or drag and drop), see every source with its chunk
// count and status, remove one; and, when a cited passage is opened, show it highlighted among its neighbouring
// passages. Uses the side panel of app.js. Text from the server is put on the page as text nodes only.
(function () {
  "use strict";

  const STRINGS = {
    en: {
      button: "Documents", heading: "Documents", hint: "Answers cite the passages of these documents.",
      drop: "Drop files here or", choose: "choose files", uploading: "Uploading {0}…",
      uploaded: "{0} ingested, {1} chunks.", unchanged: "Nothing new: the files were already indexed.",
      skipped: "Skipped", empty: "No documents yet.", chunks: "{0} chunks", remove: "Remove", confirm: "Remove",
      cancel: "Cancel", removed: "Removed {0}.", context: "In context", status: { indexed: "indexed", changed: "changed on disk", missing: "file missing" },
      files: (n) => n === 1 ? "1 file" : n + " files",
    },
    zh: {
      button: "文档", heading: "文档", hint: "回答引用这些文档中的段落。",
      drop: "把文件拖到这里，或", choose: "选择文件", uploading: "正在上传 {0}…",
      uploaded: "已导入 {0}，共 {1} 个片段。", unchanged: "没有新内容：这些文件已经导入过。",
      skipped: "未导入", empty: "还没有文档。", chunks: "{0} 个片段", remove: "删除", confirm: "确认删除",
      cancel: "取消", removed: "已删除 {0}。", context: "上下文", status: { indexed: "已索引", changed: "文件已修改", missing: "文件不存在" },
      files: (n) => n + " 个文件",
    },
  };
  const lang = (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
  const S = STRINGS[lang];
  const format = (text, ...args) => text.replace(/\{(\d)\}/g, (_, i) => String(args[i]));
  const $ = (id) => document.getElementById(id);

  function el(name, className, content) {
    const node = document.createElement(name);
    if (className) node.className = className;
    if (content !== undefined && content !== null) node.textContent = String(content);
    return node;
  }

  async function request(path, options = {}) {
    const headers = {};
    const key = localStorage.getItem("wenjin.apiKey");
    if (key) headers.Authorization = "Bearer " + key;
    const response = await fetch(path, { method: options.method || "GET", headers, body: options.body });
    if (!response.ok) {
      let message = response.status + " " + response.statusText;
      try {
        const error = await response.json();
        if (error && error.error && error.error.message) message = error.error.message;
      } catch (ignored) { /* not JSON */ }
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return response.status === 204 ? null : response.json();
  }

  // ---- the documents panel

  let panelOpen = false;

  function openPanel() {
    panelOpen = true;
    for (const node of document.querySelectorAll(".cite.selected, .citation-item.selected")) node.classList.remove("selected");
    $("source-heading").textContent = S.heading;
    const meta = $("source-meta");
    meta.replaceChildren(el("div", "memory-hint", S.hint));
    const body = $("source-text");
    body.replaceChildren(dropZone(), el("div", "upload-report"), el("ul", "document-list"));
    $("source-panel").hidden = false;
    refresh();
  }

  function showing() {
    return panelOpen && !$("source-panel").hidden && $("source-heading").textContent === S.heading;
  }

  function dropZone() {
    const zone = el("div", "drop-zone");
    const input = el("input");
    input.type = "file";
    input.multiple = true;
    input.id = "document-files";
    input.className = "document-files";
    const label = el("label", "choose-files", S.choose);
    label.htmlFor = input.id;
    zone.append(el("span", null, S.drop + " "), label, input);
    input.addEventListener("change", () => {
      if (input.files.length) upload([...input.files]);
      input.value = "";
    });
    zone.addEventListener("dragover", (e) => {
      e.preventDefault();
      zone.classList.add("dragging");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("dragging");
      const files = [...(e.dataTransfer?.files || [])];
      if (files.length) upload(files);
    });
    return zone;
  }

  async function upload(files) {
    const report = document.querySelector("#source-text .upload-report");
    if (!report) return;
    report.replaceChildren(el("div", "upload-progress", format(S.uploading, S.files(files.length))));
    const form = new FormData();
    for (const file of files) form.append("file", file, file.name);
    try {
      const result = await request("/api/documents", { method: "POST", body: form });
      report.replaceChildren(el("div", "upload-done",
        result.files > 0 ? format(S.uploaded, S.files(result.files), result.chunks) : result.skipped.length ? "" : S.unchanged));
      if (result.skipped.length) {
        const list = el("ul", "upload-skipped");
        for (const skip of result.skipped) {
          const item = el("li", "skipped-file");
          item.append(el("strong", null, skip.path || "?"), document.createTextNode(": " + skip.reason));
          list.appendChild(item);
        }
        report.append(el("div", "skipped-heading", S.skipped), list);
      }
    } catch (error) {
      report.replaceChildren(el("div", "upload-failed", error.message));
    }
    refresh();
  }

  async function refresh() {
    const list = document.querySelector("#source-text .document-list");
    if (!list) return;
    let sources;
    try {
      sources = (await request("/api/sources")).sources;
    } catch (error) {
      list.replaceChildren(el("li", "upload-failed", error.message));
      return;
    }
    if (!showing()) return;
    list.replaceChildren();
    if (sources.length === 0) list.appendChild(el("li", "empty-list", S.empty));
    for (const source of sources) list.appendChild(sourceItem(source));
  }

  function sourceItem(source) {
    const item = el("li", "document-item");
    item.dataset.source = source.source;
    const text = el("div", "document-text");
    text.append(el("span", "document-title", source.title || source.source));
    const meta = el("div", "document-meta");
    meta.append(el("span", "document-source", source.source), document.createTextNode(" · "),
      el("span", "document-chunks", format(S.chunks, source.chunks)));
    if (source.modified) {
      meta.append(document.createTextNode(" · "), el("span", "document-modified",
        new Date(source.modified).toLocaleDateString(lang === "zh" ? "zh-CN" : undefined, { year: "numeric", month: "short", day: "numeric" })));
    }
    if (source.status) {
      meta.append(document.createTextNode(" "), el("span", "badge document-status " + source.status, S.status[source.status] || source.status));
    }
    text.appendChild(meta);
    const actions = el("div", "document-actions");
    const remove = el("button", "document-remove", S.remove);
    remove.type = "button";
    remove.addEventListener("click", () => confirmRemove(source, actions));
    actions.appendChild(remove);
    item.append(text, actions);
    return item;
  }

  function confirmRemove(source, actions) {
    const yes = el("button", "document-confirm-remove", S.confirm);
    const no = el("button", "document-cancel-remove", S.cancel);
    yes.type = no.type = "button";
    actions.replaceChildren(yes, no);
    no.addEventListener("click", refresh);
    yes.addEventListener("click", async () => {
      try {
        await request("/api/sources?source=" + encodeURIComponent(source.source), { method: "DELETE" });
        const report = document.querySelector("#source-text .upload-report");
        if (report) report.replaceChildren(el("div", "upload-done", format(S.removed, source.title || source.source)));
      } catch (error) {
        const report = document.querySelector("#source-text .upload-report");
        if (report) report.replaceChildren(el("div", "upload-failed", error.message));
      }
      refresh();
    });
    yes.focus();
  }

  // ---- a cited passage among its neighbours

  let opened = 0;

  async function showInContext(citation) {
    panelOpen = false;
    const token = ++opened;
    if (citation.kind !== "passage" || !citation.source_id) return;
    const heading = $("source-heading").textContent;
    let context;
    try {
      context = await request("/api/passages/" + encodeURIComponent(citation.source_id) + "?radius=1");
    } catch (error) {
      return; // removed or changed since it was cited: the panel keeps the text the answer quoted
    }
    if (token !== opened || $("source-panel").hidden || $("source-heading").textContent !== heading) return;
    const body = $("source-text");
    body.replaceChildren();
    let cited = null;
    let section = null;
    for (const passage of context.passages) {
      if (passage.section && passage.section !== section) body.appendChild(el("div", "context-section", passage.section));
      section = passage.section;
      const node = el(passage.cited ? "mark" : "div", passage.cited ? "cited-passage" : "context-passage", passage.text);
      body.appendChild(node);
      if (passage.cited) cited = node;
    }
    if (cited) cited.scrollIntoView({ block: "center" });
  }

  document.addEventListener("wenjin:source-opened", (e) => showInContext(e.detail));
  document.addEventListener("DOMContentLoaded", () => {
    const open = el("button", "memories-button documents-button", S.button);
    open.type = "button";
    open.id = "open-documents";
    open.addEventListener("click", openPanel);
    const memories = $("open-memories");
    memories.parentNode.insertBefore(open, memories);
    $("close-source").addEventListener("click", () => { panelOpen = false; });
  });
})();
