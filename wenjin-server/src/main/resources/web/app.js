// The Wenjin web chat: conversations, streamed answers with citations, the trace of each answer, feedback.
// Everything that comes from the server (answers, titles, passages, traces) is put on the page as text nodes
// or through WenjinMarkdown, never as HTML.
(function () {
  "use strict";

  const STRINGS = {
    en: {
      newChat: "New conversation", noConversations: "No conversations yet.", apiKey: "API key", save: "Save",
      welcomeTitle: "Ask a question",
      welcomeText: "Answers come from the knowledge graph and documents, with numbered citations you can open and a trace of how each answer was made.",
      placeholder: "Ask anything… (Enter to send, Shift+Enter for a new line)", send: "Send", stop: "Stop",
      untitled: "New conversation", rename: "Rename", remove: "Delete", confirmDelete: "Delete", cancel: "Cancel",
      sources: "Sources", source: "Source", trace: "How this answer was made", loading: "Loading…",
      good: "Good answer", bad: "Bad answer", comment: "Comment", better: "Write a better answer",
      commentPlaceholder: "What was good or wrong about this answer?", betterPlaceholder: "The answer you would have wanted",
      submit: "Submit", thanks: "Thanks — feedback saved.", stopped: "Stopped.", model: "Model",
      keySaved: "Key saved in this browser.", keyNeeded: "This server needs an API key.", keyOptional: "This server needs no key.",
      question: "Question", rewritten: "Rewritten question", plan: "Plan", entities: "Entities", facts: "Facts",
      passages: "Passages", memories: "Memories", prompt: "Prompt", budget: "Prompt budget", notes: "Notes", timings: "Timings", total: "total",
      noPrompt: "No prompt: in extractive mode the answer is assembled from the sources without a model.",
      noSource: "This answer has no source [{0}].", fact: "fact", passage: "passage",
      examples: ["What is retrieval-augmented generation?", "Who developed ERNIE Bot?",
        "How does quantization make a model smaller?", "什么是 Transformer？"],
      disclaimer: "Answers can be wrong; check the cited sources.", failed: "The answer failed: {0}",
      memoriesButton: "What Wenjin remembers", memoriesHeading: "What Wenjin remembers about you",
      memoriesHint: "Taken from what you said; used to tailor answers. Edit or delete anything.",
      noMemories: "Nothing yet. Say things like \u201cI work at a school\u201d or \u201canswer in English\u201d.",
      addMemory: "Remember", addPlaceholder: "Something Wenjin should remember", preference: "preference",
      fromConversation: "from a conversation", addedByHand: "added by you", edit: "Edit",
    },
    zh: {
      newChat: "新对话", noConversations: "还没有对话。", apiKey: "API 密钥", save: "保存",
      welcomeTitle: "提个问题吧",
      welcomeText: "回答来自知识图谱和文档，附带可点开的编号引用，以及每个回答是如何生成的完整过程。",
      placeholder: "输入问题…（Enter 发送，Shift+Enter 换行）", send: "发送", stop: "停止",
      untitled: "新对话", rename: "重命名", remove: "删除", confirmDelete: "确认删除", cancel: "取消",
      sources: "来源", source: "来源", trace: "这个回答是如何生成的", loading: "加载中…",
      good: "回答很好", bad: "回答不好", comment: "评论", better: "写一个更好的回答",
      commentPlaceholder: "这个回答哪里好，哪里不对？", betterPlaceholder: "你期望的回答",
      submit: "提交", thanks: "谢谢，反馈已保存。", stopped: "已停止。", model: "模型",
      keySaved: "密钥已保存在本浏览器。", keyNeeded: "此服务器需要 API 密钥。", keyOptional: "此服务器不需要密钥。",
      question: "问题", rewritten: "改写后的问题", plan: "计划", entities: "实体", facts: "事实",
      passages: "段落", memories: "记忆", prompt: "提示词", budget: "提示词预算", notes: "备注", timings: "耗时", total: "合计",
      noPrompt: "没有提示词：抽取模式下，回答直接由来源拼成，不经过模型。",
      noSource: "这个回答没有来源 [{0}]。", fact: "事实", passage: "段落",
      examples: ["什么是检索增强生成？", "文心一言是谁开发的？", "量化如何让模型变小？", "What is a Transformer?"],
      disclaimer: "回答可能有误，请核对引用的来源。", failed: "回答失败：{0}",
      memoriesButton: "问津记住了什么", memoriesHeading: "问津记住的关于你的事",
      memoriesHint: "来自你说过的话，用来让回答更贴切。每一条都可以修改或删除。",
      noMemories: "还没有。可以说“我在县医院儿科工作”或“请用英文回答”。",
      addMemory: "记住", addPlaceholder: "想让问津记住的事", preference: "偏好",
      fromConversation: "来自对话", addedByHand: "你手动添加", edit: "修改",
    },
  };
  const lang = (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
  function t(key, ...args) {
    const value = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
    return typeof value === "string" ? value.replace(/\{(\d)\}/g, (_, i) => String(args[i])) : value;
  }

  const $ = (id) => document.getElementById(id);
  const state = {
    key: localStorage.getItem("wenjin.apiKey") || "",
    conversations: [],
    current: null,
    streaming: null,
    health: null,
  };
  /** Each rendered answer's citations by number, keyed by the answer's element. */
  const citationsOf = new WeakMap();

  // ---- elements

  function el(name, className, content) {
    const node = document.createElement(name);
    if (className) node.className = className;
    if (content !== undefined && content !== null) node.textContent = String(content);
    return node;
  }

  function button(className, label, title) {
    const b = el("button", className, label);
    b.type = "button";
    if (title) {
      b.title = title;
      b.setAttribute("aria-label", title);
    }
    return b;
  }

  // Icon shapes after Feather Icons (MIT licence); drawn as SVG so they look the same without an emoji font.
  const ICONS = {
    up: "M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3",
    down: "M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 22 4v7a2.31 2.31 0 0 1-2.33 2H17",
    edit: "M17 3a2.83 2.83 0 1 1 4 4L7.5 20.5 2 22l1.5-5.5L17 3z",
    trash: "M3 6h18M19 6v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V6m3 0V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2",
  };

  function iconButton(className, name, title) {
    const b = button(className, null, title);
    const svgNs = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(svgNs, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("class", "icon");
    svg.setAttribute("aria-hidden", "true");
    const path = document.createElementNS(svgNs, "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    b.appendChild(svg);
    return b;
  }

  function toast(message) {
    const node = $("toast");
    node.textContent = message;
    node.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { node.hidden = true; }, 4000);
  }

  // ---- API

  async function api(path, options = {}) {
    const headers = {};
    if (state.key) headers.Authorization = "Bearer " + state.key;
    let body;
    if (options.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.json);
    }
    const response = await fetch(path, { method: options.method || "GET", headers, body, signal: options.signal });
    if (!response.ok) {
      let message = response.status + " " + response.statusText;
      try {
        const error = await response.json();
        if (error && error.error && error.error.message) message = error.error.message;
      } catch (ignored) { /* not JSON */ }
      if (response.status === 401) askForKey(state.key ? message : t("keyNeeded"));
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return response;
  }

  async function apiJson(path, options) {
    const response = await api(path, options);
    return response.status === 204 ? null : response.json();
  }

  /** Reads a text/event-stream response, calling onEvent(name, data) for each event. */
  async function readEvents(response, onEvent) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let pending = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      pending += value.replace(/\r\n?/g, "\n");
      let boundary;
      while ((boundary = pending.indexOf("\n\n")) >= 0) {
        const block = pending.slice(0, boundary);
        pending = pending.slice(boundary + 2);
        let name = "message";
        const data = [];
        for (const line of block.split("\n")) {
          if (line === "" || line.startsWith(":")) continue;
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          let content = colon < 0 ? "" : line.slice(colon + 1);
          if (content.startsWith(" ")) content = content.slice(1);
          if (field === "event") name = content;
          else if (field === "data") data.push(content);
        }
        if (data.length) onEvent(name, JSON.parse(data.join("\n")));
      }
    }
  }

  // ---- API key

  function setupKey() {
    const input = $("api-key");
    input.value = state.key;
    const save = () => {
      state.key = input.value.trim();
      if (state.key) localStorage.setItem("wenjin.apiKey", state.key);
      else localStorage.removeItem("wenjin.apiKey");
      hint(t("keySaved"), false);
      loadConversations();
    };
    $("save-key").addEventListener("click", save);
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") save(); });
  }

  function hint(message, warning) {
    const node = $("key-hint");
    node.textContent = message;
    node.classList.toggle("warning", warning);
  }

  function askForKey(message) {
    hint(message, true);
    $("sidebar").classList.add("open");
    $("api-key").focus();
  }

  // ---- conversations

  async function loadConversations() {
    try {
      const result = await apiJson("/api/conversations");
      state.conversations = result.conversations;
    } catch (e) {
      if (e.status !== 401) toast(e.message);
      state.conversations = [];
    }
    renderConversationList();
  }

  function formatTime(iso) {
    const date = new Date(iso);
    const now = new Date();
    if (date.toDateString() === now.toDateString()) {
      return date.toLocaleTimeString(lang === "zh" ? "zh-CN" : undefined, { hour: "2-digit", minute: "2-digit" });
    }
    return date.toLocaleDateString(lang === "zh" ? "zh-CN" : undefined, { month: "short", day: "numeric" });
  }

  function renderConversationList() {
    const list = $("conversation-list");
    list.replaceChildren();
    $("empty-list").hidden = state.conversations.length > 0;
    for (const conversation of state.conversations) {
      const item = el("li", "conversation");
      item.dataset.id = conversation.id;
      if (conversation.id === state.current) item.classList.add("active");
      const open = button("conversation-open");
      open.appendChild(el("span", "conversation-title", conversation.title || t("untitled")));
      open.appendChild(el("span", "conversation-time", formatTime(conversation.updated_at)));
      open.addEventListener("click", () => openConversation(conversation.id));
      const actions = el("div", "conversation-actions");
      const rename = iconButton("rename", "edit", t("rename"));
      rename.addEventListener("click", () => startRename(item, conversation));
      const remove = iconButton("delete", "trash", t("remove"));
      remove.addEventListener("click", () => confirmDelete(item, conversation, actions));
      actions.append(rename, remove);
      item.append(open, actions);
      list.appendChild(item);
    }
  }

  function startRename(item, conversation) {
    const input = el("input", "rename-input");
    input.value = conversation.title;
    input.setAttribute("aria-label", t("rename"));
    item.replaceChildren(input);
    input.focus();
    input.select();
    let done = false;
    const finish = async (save) => {
      if (done) return;
      done = true;
      const title = input.value.trim();
      if (save && title && title !== conversation.title) {
        try {
          await apiJson("/api/conversations/" + encodeURIComponent(conversation.id), { method: "PATCH", json: { title } });
          if (conversation.id === state.current) $("conversation-title").textContent = title;
        } catch (e) {
          toast(e.message);
        }
      }
      loadConversations();
    };
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.isComposing) finish(true);
      if (e.key === "Escape") finish(false);
    });
    input.addEventListener("blur", () => finish(true));
  }

  function confirmDelete(item, conversation, actions) {
    item.classList.add("confirming");
    const yes = button("confirm-delete", t("confirmDelete"));
    const no = button("cancel-delete", t("cancel"));
    actions.replaceChildren(yes, no);
    no.addEventListener("click", () => renderConversationList());
    yes.addEventListener("click", async () => {
      try {
        await apiJson("/api/conversations/" + encodeURIComponent(conversation.id), { method: "DELETE" });
        if (conversation.id === state.current) showWelcome();
      } catch (e) {
        toast(e.message);
      }
      loadConversations();
    });
    yes.focus();
  }

  function remember(id) {
    state.current = id;
    if (id) {
      localStorage.setItem("wenjin.current", id);
      history.replaceState(null, "", "#c=" + encodeURIComponent(id));
    } else {
      localStorage.removeItem("wenjin.current");
      history.replaceState(null, "", location.pathname);
    }
    for (const item of document.querySelectorAll(".conversation")) {
      item.classList.toggle("active", item.dataset.id === id);
    }
  }

  async function openConversation(id) {
    if (state.streaming) return;
    let result;
    try {
      result = await apiJson("/api/conversations/" + encodeURIComponent(id));
    } catch (e) {
      toast(e.message);
      return;
    }
    remember(id);
    closeSource();
    $("sidebar").classList.remove("open");
    $("conversation-title").textContent = result.conversation.title || t("untitled");
    const messages = $("messages");
    messages.replaceChildren();
    for (const message of result.messages) {
      if (message.role === "user") {
        messages.appendChild(userMessage(message.content));
      } else if (message.role === "assistant") {
        const view = assistantMessage();
        messages.appendChild(view.root);
        view.finish({
          content: message.content, citations: message.citations, message_id: message.id,
          trace_id: message.trace_id, mode: message.mode, model: message.model,
        });
      }
    }
    messages.scrollTop = messages.scrollHeight;
  }

  function showWelcome() {
    remember(null);
    closeSource();
    $("conversation-title").textContent = "Wenjin";
    $("messages").replaceChildren(welcome());
    $("question").focus();
  }

  function welcome() {
    const box = el("div", "welcome");
    box.id = "welcome";
    box.appendChild(el("div", "welcome-mark", "问津"));
    box.appendChild(el("h2", null, t("welcomeTitle")));
    box.appendChild(el("p", null, t("welcomeText")));
    const examples = el("div", "examples");
    for (const example of t("examples")) {
      const chip = button("example", example);
      chip.addEventListener("click", () => ask(example));
      examples.appendChild(chip);
    }
    box.appendChild(examples);
    return box;
  }

  // ---- messages

  function userMessage(content) {
    const root = el("div", "message user");
    root.appendChild(el("div", "bubble", content));
    return root;
  }

  function addCopyButton(pre, source) {
    const copy = button("copy-code", "Copy");
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source);
        copy.textContent = "✓";
      } catch (e) {
        copy.textContent = "✗";
      }
      setTimeout(() => { copy.textContent = "Copy"; }, 1500);
    });
    pre.appendChild(copy);
  }

  /** The element of one answer, filled as it streams and completed by finish(). */
  function assistantMessage() {
    const root = el("div", "message assistant");
    root.appendChild(el("div", "avatar", "津"));
    const body = el("div", "answer-body");
    const answer = el("div", "answer");
    const typing = el("div", "typing");
    typing.append(el("span"), el("span"), el("span"));
    answer.appendChild(typing);
    body.appendChild(answer);
    root.appendChild(body);
    citationsOf.set(root, new Map());

    let pendingText = null;
    const render = (text, known) => {
      answer.replaceChildren(WenjinMarkdown.render(text, { citations: known, onCodeBlock: addCopyButton }));
    };

    return {
      root,
      setText(text) {
        // Re-render at most once per frame however fast the deltas come.
        if (pendingText === null) {
          requestAnimationFrame(() => {
            // finish() or stopped() may have rendered the final text since: a stale frame must not redraw
            // it without its citation links.
            if (pendingText === null) return;
            render(pendingText);
            pendingText = null;
            followBottom();
          });
        }
        pendingText = text;
      },
      finish(done) {
        pendingText = null;
        const citations = new Map((done.citations || []).map((c) => [c.number, c]));
        citationsOf.set(root, citations);
        render(done.content, new Set(citations.keys()));
        root.dataset.messageId = done.message_id || "";
        if (done.cancelled) body.appendChild(el("div", "meta-line", t("stopped")));
        if (citations.size) body.appendChild(citationList(citations));
        const meta = el("div", "meta-line");
        if (done.model) meta.appendChild(el("span", null, t("model") + ": " + done.model));
        if (done.mode) meta.appendChild(el("span", "badge", done.mode));
        body.appendChild(meta);
        if (done.trace_id) body.appendChild(tracePanel(done.trace_id));
        if (done.message_id) body.appendChild(feedbackBar(done.message_id, done.content));
        if (done.content && window.WenjinMedia) body.appendChild(WenjinMedia.actions(() => answer.innerText, api, done.media));
      },
      stopped(text) {
        pendingText = null;
        render(text || "");
        body.appendChild(el("div", "meta-line", t("stopped")));
      },
      fail(message) {
        pendingText = null;
        if (answer.querySelector(".typing")) answer.replaceChildren();
        body.appendChild(el("div", "error-note", t("failed", message)));
      },
    };
  }

  function followBottom() {
    const messages = $("messages");
    if (messages.scrollHeight - messages.scrollTop - messages.clientHeight < 160) {
      messages.scrollTop = messages.scrollHeight;
    }
  }

  function citationList(citations) {
    const box = el("div", "citations");
    box.appendChild(el("h3", null, t("sources")));
    const list = el("ol");
    for (const citation of citations.values()) {
      const item = el("li");
      const open = button("citation-item");
      open.dataset.cite = String(citation.number);
      open.appendChild(el("span", "citation-number", "[" + citation.number + "]"));
      const label = el("span");
      label.appendChild(el("span", "citation-title", citation.title || citation.source_id || ""));
      if (citation.source && citation.source !== citation.title) {
        label.appendChild(el("span", "citation-source", " · " + citation.source));
      }
      open.appendChild(label);
      open.appendChild(el("span", "badge citation-kind", t(citation.kind) || citation.kind));
      item.appendChild(open);
      list.appendChild(item);
    }
    box.appendChild(list);
    return box;
  }

  // ---- the source panel

  function openSource(root, number) {
    const citation = citationsOf.get(root)?.get(number);
    if (!citation) {
      toast(t("noSource", number));
      return;
    }
    for (const node of document.querySelectorAll(".cite.selected, .citation-item.selected")) node.classList.remove("selected");
    for (const node of root.querySelectorAll('[data-cite="' + number + '"]')) node.classList.add("selected");
    $("source-heading").textContent = t("source") + " [" + number + "]";
    const meta = $("source-meta");
    meta.replaceChildren();
    meta.appendChild(el("div", "source-title", citation.title || citation.source_id || ""));
    if (citation.source) meta.appendChild(el("div", "source-origin", citation.source));
    meta.appendChild(el("div", null, t(citation.kind) + (citation.source_id ? " · " + citation.source_id : "")));
    $("source-text").textContent = citation.text || "";
    $("source-panel").hidden = false;
    // sources.js replaces the text with the passage among its neighbours when the index still holds it.
    document.dispatchEvent(new CustomEvent("wenjin:source-opened", { detail: citation }));
  }

  function closeSource() {
    $("source-panel").hidden = true;
    for (const node of document.querySelectorAll(".cite.selected, .citation-item.selected")) node.classList.remove("selected");
  }

  // ---- the memories panel: everything remembered is shown, and each item can be edited or deleted

  async function openMemories() {
    closeSource();
    $("source-heading").textContent = t("memoriesHeading");
    const meta = $("source-meta");
    meta.replaceChildren(el("div", "memory-hint", t("memoriesHint")));
    const body = $("source-text");
    body.replaceChildren(el("div", null, t("loading")));
    $("source-panel").hidden = false;
    try {
      const { memories } = await apiJson("/api/memories");
      renderMemories(body, memories);
    } catch (error) {
      body.replaceChildren(el("div", null, error.message));
    }
  }

  function renderMemories(body, memories) {
    body.replaceChildren();
    const list = el("ul", "memory-list");
    if (memories.length === 0) body.appendChild(el("p", "empty-list", t("noMemories")));
    for (const memory of memories) {
      const item = el("li", "memory-item");
      item.dataset.id = memory.id;
      const text = el("div", "memory-text", memory.text);
      const meta = el("div", "memory-meta",
        (memory.kind === "preference" ? t("preference") + " · " : "")
        + (memory.source_message_id ? t("fromConversation") : t("addedByHand")));
      const actions = el("div", "memory-actions");
      const edit = iconButton("icon-button memory-edit", "edit", t("edit"));
      const remove = iconButton("icon-button memory-delete", "trash", t("remove"));
      edit.addEventListener("click", () => {
        const input = el("input", "memory-input");
        input.value = memory.text;
        const save = button("memory-save", t("save"));
        save.addEventListener("click", async () => {
          try {
            await apiJson("/api/memories/" + encodeURIComponent(memory.id), { method: "PATCH", json: { text: input.value } });
            openMemories();
          } catch (error) {
            toast(error.message);
          }
        });
        text.replaceChildren(input, save);
        input.focus();
      });
      remove.addEventListener("click", async () => {
        try {
          await apiJson("/api/memories/" + encodeURIComponent(memory.id), { method: "DELETE" });
          item.remove();
        } catch (error) {
          toast(error.message);
        }
      });
      actions.append(edit, remove);
      item.append(text, meta, actions);
      list.appendChild(item);
    }
    body.appendChild(list);
    const form = el("form", "memory-add");
    const input = el("input", "memory-input");
    input.placeholder = t("addPlaceholder");
    const add = el("button", "memory-save", t("addMemory"));
    add.type = "submit";
    form.append(input, add);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!input.value.trim()) return;
      try {
        await apiJson("/api/memories", { method: "POST", json: { text: input.value } });
        openMemories();
      } catch (error) {
        toast(error.message);
      }
    });
    body.appendChild(form);
  }

  // ---- the trace panel

  function tracePanel(traceId) {
    const details = el("details", "trace");
    details.appendChild(el("summary", null, t("trace")));
    const body = el("div", "trace-body", t("loading"));
    details.appendChild(body);
    let loaded = false;
    details.addEventListener("toggle", async () => {
      if (!details.open || loaded) return;
      loaded = true;
      try {
        const trace = await apiJson("/api/traces/" + encodeURIComponent(traceId));
        body.replaceChildren(...traceSections(trace));
      } catch (e) {
        loaded = false;
        body.textContent = e.message;
      }
    });
    return details;
  }

  function traceSections(trace) {
    const sections = [];
    const section = (title, content) => {
      sections.push(el("h4", null, title));
      sections.push(content);
    };
    const listOf = (items, ordered) => {
      const list = el(ordered ? "ol" : "ul");
      for (const item of items) list.appendChild(el("li", null, item));
      return list;
    };
    const sources = (items) => listOf(items.map((c) =>
      "[" + c.number + "] " + (c.title ? c.title + " — " : "") + (c.text || "")), false);

    section(t("question"), el("div", null, trace.question));
    if (trace.rewritten_question && trace.rewritten_question !== trace.question) {
      section(t("rewritten"), el("div", null, trace.rewritten_question));
    }
    if (trace.plan && trace.plan.length) section(t("plan"), listOf(trace.plan, true));
    if (trace.entities && trace.entities.length) section(t("entities"), listOf(trace.entities, false));
    if (trace.facts && trace.facts.length) section(t("facts"), sources(trace.facts));
    if (trace.passages && trace.passages.length) section(t("passages"), sources(trace.passages));
    if (trace.memories && trace.memories.length) section(t("memories"), listOf(trace.memories, false));
    section(t("prompt"), trace.prompt ? el("pre", null, trace.prompt) : el("div", "trace-empty", t("noPrompt")));
    if (trace.budget && trace.budget.length) section(t("budget"), listOf(trace.budget, false));
    if (trace.notes && trace.notes.length) section(t("notes"), listOf(trace.notes, false));
    const timings = el("table");
    let total = 0;
    for (const [step, millis] of Object.entries(trace.timings_millis || {})) {
      const row = el("tr");
      row.append(el("td", null, step), el("td", null, millis + " ms"));
      timings.appendChild(row);
      total += millis;
    }
    const totalRow = el("tr");
    totalRow.append(el("td", null, t("total")), el("td", null, total + " ms"));
    timings.appendChild(totalRow);
    section(t("timings") + " · " + (trace.model || "") + " · " + (trace.mode || ""), timings);
    return sections;
  }

  // ---- feedback

  function feedbackBar(messageId, answerText) {
    const bar = el("div", "feedback");
    const status = el("span", "feedback-status");
    const post = async (body) => {
      try {
        await apiJson("/api/messages/" + encodeURIComponent(messageId) + "/feedback", { method: "POST", json: body });
        status.textContent = t("thanks");
        return true;
      } catch (e) {
        toast(e.message);
        return false;
      }
    };
    const up = iconButton("rate-up", "up", t("good"));
    const down = iconButton("rate-down", "down", t("bad"));
    for (const [node, rating] of [[up, "up"], [down, "down"]]) {
      node.setAttribute("aria-pressed", "false");
      node.addEventListener("click", async () => {
        if (await post({ rating })) {
          up.setAttribute("aria-pressed", String(rating === "up"));
          down.setAttribute("aria-pressed", String(rating === "down"));
        }
      });
    }
    const comment = button("write-comment", t("comment"));
    const better = button("write-better", t("better"));
    let form = null;
    const openForm = (field, placeholder, initial) => {
      if (form) form.remove();
      form = el("div", "feedback-form");
      const area = el("textarea");
      area.placeholder = placeholder;
      area.value = initial;
      area.setAttribute("aria-label", placeholder);
      const row = el("div", "row");
      const cancel = button(null, t("cancel"));
      const submit = button("primary submit-feedback", t("submit"));
      cancel.addEventListener("click", () => { form.remove(); form = null; });
      submit.addEventListener("click", async () => {
        if (!area.value.trim()) return;
        if (await post({ [field]: area.value })) {
          form.remove();
          form = null;
        }
      });
      row.append(cancel, submit);
      form.append(area, row);
      bar.after(form);
      area.focus();
    };
    comment.addEventListener("click", () => openForm("comment", t("commentPlaceholder"), ""));
    better.addEventListener("click", () => openForm("better_answer", t("betterPlaceholder"), answerText));
    bar.append(up, down, comment, better, status);
    return bar;
  }

  // ---- asking

  async function ask(text) {
    text = text.trim();
    if (!text || state.streaming) return;
    let id = state.current;
    if (!id) {
      try {
        const conversation = await apiJson("/api/conversations", { method: "POST", json: {} });
        id = conversation.id;
        remember(id);
        $("messages").replaceChildren();
        $("conversation-title").textContent = t("untitled");
      } catch (e) {
        toast(e.message);
        return;
      }
    }
    const question = $("question");
    question.value = "";
    resizeComposer();
    const messages = $("messages");
    $("welcome")?.remove();
    messages.appendChild(userMessage(text));
    const view = assistantMessage();
    messages.appendChild(view.root);
    messages.scrollTop = messages.scrollHeight;
    view.root.classList.add("streaming");

    const controller = new AbortController();
    state.streaming = controller;
    setStreaming(true);
    let streamed = "";
    let finished = false;
    try {
      const response = await api("/api/conversations/" + encodeURIComponent(id) + "/messages",
        { method: "POST", json: { content: text }, signal: controller.signal });
      await readEvents(response, (name, data) => {
        if (name === "delta") {
          streamed += data.text;
          view.setText(streamed);
        } else if (name === "done") {
          finished = true;
          view.finish(data);
        } else if (name === "error") {
          finished = true;
          view.fail(data.error.message);
        }
      });
      if (!finished) view.fail("the connection closed before the answer was complete");
    } catch (e) {
      if (e.name === "AbortError") view.stopped(streamed);
      else view.fail(e.message);
    } finally {
      view.root.classList.remove("streaming");
      state.streaming = null;
      setStreaming(false);
      followBottom();
      await loadConversations();
      const current = state.conversations.find((c) => c.id === id);
      if (current && id === state.current) $("conversation-title").textContent = current.title || t("untitled");
    }
  }

  function setStreaming(on) {
    $("send").hidden = on;
    $("stop").hidden = !on;
  }

  function resizeComposer() {
    const area = $("question");
    area.style.height = "auto";
    area.style.height = Math.min(area.scrollHeight, 200) + "px";
    area.style.overflowY = area.scrollHeight > 200 ? "auto" : "hidden";
  }

  function setupComposer() {
    const area = $("question");
    $("composer").addEventListener("submit", (e) => {
      e.preventDefault();
      ask(area.value);
    });
    area.addEventListener("keydown", (e) => {
      // isComposing: Enter that confirms an IME candidate (Chinese, Japanese input) must not send.
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        ask(area.value);
      }
    });
    area.addEventListener("input", resizeComposer);
    $("stop").addEventListener("click", () => state.streaming && state.streaming.abort());
    $("new-chat").addEventListener("click", () => {
      if (!state.streaming) showWelcome();
      $("sidebar").classList.remove("open");
    });
    $("sidebar-toggle").addEventListener("click", () => $("sidebar").classList.toggle("open"));
    $("close-source").addEventListener("click", closeSource);
    $("open-memories").addEventListener("click", openMemories);
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") closeSource(); });
    // Citation markers and source list entries, in every answer present and future.
    $("messages").addEventListener("click", (e) => {
      const target = e.target.closest("[data-cite]");
      if (!target) return;
      e.preventDefault();
      openSource(target.closest(".message"), parseInt(target.dataset.cite, 10));
    });
    $("composer-note").textContent = t("disclaimer");
  }

  function translatePage() {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  }

  async function boot() {
    translatePage();
    setupComposer();
    setupKey();
    $("messages").replaceChildren(welcome());
    try {
      state.health = await (await fetch("/api/health")).json();
      const info = $("model-info");
      info.replaceChildren(document.createTextNode(t("model") + ": "), el("strong", null, state.health.model), document.createTextNode(" "),
        el("span", "badge", state.health.mode));
      if (state.health.auth_required && !state.key) askForKey(t("keyNeeded"));
      else hint(state.health.auth_required ? "" : t("keyOptional"), false);
    } catch (e) {
      toast(e.message);
    }
    await loadConversations();
    const wanted = new URLSearchParams(location.hash.slice(1)).get("c") || localStorage.getItem("wenjin.current");
    if (wanted && state.conversations.some((c) => c.id === wanted)) await openConversation(wanted);
    else remember(null);
    document.body.dataset.ready = "true";
  }

  window.addEventListener("hashchange", () => {
    const wanted = new URLSearchParams(location.hash.slice(1)).get("c");
    if (wanted && wanted !== state.current) openConversation(wanted);
  });
  document.addEventListener("DOMContentLoaded", boot);
})();
