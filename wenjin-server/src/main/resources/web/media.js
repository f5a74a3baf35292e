// Media from an answer: "read aloud" (POST /v1/audio/speech), "make a poster" (POST /api/media/poster) and
// "make a video" (POST /api/media/video, then its job polled until the MP4 is ready), each shown inline under
// the answer. Everything is fetched with the page's API key and shown from blob: URLs; nothing from the server
// is put on the page as HTML.
(function () {
  "use strict";

  const STRINGS = {
    en: {
      readAloud: "Read aloud", poster: "Make a poster", video: "Make a video", download: "Download",
      speaking: "Reading aloud…", drawing: "Drawing the poster…", queued: "Waiting for a turn…",
      narration: "Reading the text aloud", slides: "Drawing the slides", encoding: "Encoding the video",
      done: "Done", failed: "Could not make it: {0}", posterAlt: "Poster of this answer",
      fromTemplate: "Designed by the template.", fromModel: "Designed by the model.",
    },
    zh: {
      readAloud: "朗读", poster: "生成海报", video: "生成视频", download: "下载",
      speaking: "正在朗读…", drawing: "正在绘制海报…", queued: "排队等待中…",
      narration: "正在朗读文本", slides: "正在绘制幻灯片", encoding: "正在编码视频",
      done: "完成", failed: "未能生成：{0}", posterAlt: "这个回答的海报",
      fromTemplate: "由模板设计。", fromModel: "由模型设计。",
    },
  };
  const lang = (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
  function t(key, ...args) {
    const value = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
    return value.replace(/\{(\d)\}/g, (_, i) => String(args[i]));
  }

  /** How often a video job is asked after, in milliseconds. */
  const POLL_MS = 1000;

  function el(name, className, content) {
    const node = document.createElement(name);
    if (className) node.className = className;
    if (content !== undefined && content !== null) node.textContent = String(content);
    return node;
  }

  function button(className, label) {
    const b = el("button", className, label);
    b.type = "button";
    return b;
  }

  /** The answer as plain text to read or design from: its rendered text without the citation markers. */
  function plainText(answerText) {
    return answerText().replace(/\[\d+\]/g, "").replace(/[ \t]+\n/g, "\n").trim();
  }

  /**
   * The media buttons for one answer and the area their results appear in.
   *
   * @param answerText returns the answer's text when a button is pressed
   * @param planned the media steps the answer's plan holds ("speak", "poster", "video"), started at once
   * @param api the page's fetch with the API key: api(path, {method, json}) resolves to the Response or
   *     rejects with an Error whose message is the server's
   */
  function actions(answerText, api, planned) {
    const root = el("div", "media");
    const bar = el("div", "media-actions");
    const output = el("div", "media-output");
    const blobUrl = (blob) => URL.createObjectURL(blob);

    /** Runs one action with its button disabled, its status shown, and an error shown in its place on failure. */
    function action(className, label, run) {
      const b = button("media-button " + className, label);
      b.addEventListener("click", async () => {
        b.disabled = true;
        const slot = output.querySelector(".media-slot." + className) || el("div", "media-slot " + className);
        slot.replaceChildren();
        output.appendChild(slot);
        const status = el("div", "media-status");
        slot.appendChild(status);
        try {
          await run(slot, status);
        } catch (e) {
          status.textContent = t("failed", e.message);
          status.classList.add("media-error");
        } finally {
          b.disabled = false;
        }
      });
      return b;
    }

    const speak = action("read-aloud", t("readAloud"), async (slot, status) => {
      status.textContent = t("speaking");
      const response = await api("/v1/audio/speech", { method: "POST", json: { input: plainText(answerText), voice: "auto" } });
      const audio = el("audio", "media-audio");
      audio.controls = true;
      audio.src = blobUrl(await response.blob());
      status.remove();
      slot.appendChild(audio);
      audio.play().catch(() => { /* the browser wants a click on the player first */ });
    });

    const poster = action("make-poster", t("poster"), async (slot, status) => {
      status.textContent = t("drawing");
      const response = await api("/api/media/poster", { method: "POST", json: { text: plainText(answerText) } });
      const url = blobUrl(await response.blob());
      const image = el("img", "media-poster");
      image.alt = t("posterAlt");
      image.src = url;
      const link = el("a", "media-download", t("download"));
      link.href = url;
      link.download = "wenjin-poster.png";
      status.textContent = response.headers.get("X-Poster-Source") === "model" ? t("fromModel") : t("fromTemplate");
      slot.append(image, link);
    });

    const video = action("make-video", t("video"), async (slot, status) => {
      const progress = el("progress", "media-progress");
      progress.max = 1;
      progress.value = 0;
      slot.appendChild(progress);
      status.textContent = t("queued");
      let job = await (await api("/api/media/video", { method: "POST", json: { text: plainText(answerText) } })).json();
      while (job.status === "queued" || job.status === "running") {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        job = await (await api(job.status_url)).json();
        progress.value = job.progress;
        status.textContent = job.status === "queued" ? t("queued")
          : t(job.stage) + " · " + Math.round(job.progress * 100) + "%";
      }
      if (job.status !== "done") throw new Error(job.error || job.status);
      const url = blobUrl(await (await api(job.file_url)).blob());
      progress.remove();
      const player = el("video", "media-video");
      player.controls = true;
      player.src = url;
      const link = el("a", "media-download", t("download"));
      link.href = url;
      link.download = "wenjin-video.mp4";
      status.textContent = t("done") + " · " + job.duration_seconds.toFixed(1) + " s";
      slot.append(player, link);
    });

    bar.append(speak, poster, video);
    root.append(bar, output);
    // What the question asked for (the plan's media steps) starts at once, as if its button were pressed.
    const byStep = { speak, poster, video };
    for (const step of planned || []) {
      if (byStep[step]) setTimeout(() => byStep[step].click(), 0);
    }
    return root;
  }

  window.WenjinMedia = { actions };
})();
