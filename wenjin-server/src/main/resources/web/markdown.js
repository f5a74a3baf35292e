// A small Markdown renderer for untrusted text (model output, document passages).
//
// Safety comes from never handing text to an HTML parser: every piece of input ends up in a DOM text node
// (createTextNode escapes <, >, & and quotes by construction), elements are created by name from a fixed
// list, and the only attribute taken from the input is a link's href, accepted only for http, https and
// mailto URLs. No innerHTML, no attributes copied from the input, no images (they would load remote content).
//
// Supported: paragraphs, line breaks, ATX headings, fenced and indented code blocks, block quotes, ordered and
// unordered (nested) lists, GFM tables, horizontal rules; inline code, strong, emphasis, strikethrough, links,
// autolinks, backslash escapes, and citation markers [n] / [n, m] that become links the page can react to.
(function (global) {
  "use strict";

  const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

  function el(name, className) {
    const node = document.createElement(name);
    if (className) node.className = className;
    return node;
  }

  function text(value) {
    return document.createTextNode(value);
  }

  /** The URL if it is absolute http(s) or mailto, else null. */
  function safeUrl(raw) {
    try {
      const url = new URL(raw.trim());
      return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  // ---- block level

  const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
  const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
  const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
  const QUOTE = /^ {0,3}> ?(.*)$/;
  const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
  const TABLE_DIVIDER = /^ *\|? *:?-+:? *(\| *:?-+:? *)*\|? *$/;

  function isBlank(line) {
    return /^\s*$/.test(line);
  }

  function startsBlock(line) {
    return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || LIST_ITEM.test(line);
  }

  function renderBlocks(lines, parent, options) {
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      if (isBlank(line)) {
        i++;
        continue;
      }
      let match;
      if ((match = FENCE.exec(line))) {
        const fence = match[1];
        const language = match[2].toLowerCase().replace(/[^a-z0-9+#_-]/g, "");
        const body = [];
        i++;
        while (i < lines.length && !new RegExp("^ {0,3}" + fence[0] + "{" + fence.length + ",}\\s*$").test(lines[i])) {
          body.push(lines[i]);
          i++;
        }
        i++; // the closing fence (or the end of a still-streaming answer)
        parent.appendChild(codeBlock(body.join("\n"), language, options));
        continue;
      }
      if (/^( {4}|\t)/.test(line)) {
        const body = [];
        while (i < lines.length && (/^( {4}|\t)/.test(lines[i]) || isBlank(lines[i]))) {
          body.push(lines[i].replace(/^( {4}|\t)/, ""));
          i++;
        }
        while (body.length && isBlank(body[body.length - 1])) body.pop();
        parent.appendChild(codeBlock(body.join("\n"), "", options));
        continue;
      }
      if ((match = HEADING.exec(line))) {
        const heading = el("h" + match[1].length);
        renderInline(match[2] || "", heading, options);
        parent.appendChild(heading);
        i++;
        continue;
      }
      if (RULE.test(line)) {
        parent.appendChild(el("hr"));
        i++;
        continue;
      }
      if (QUOTE.test(line)) {
        const inner = [];
        while (i < lines.length && !isBlank(lines[i])) {
          const quoted = QUOTE.exec(lines[i]);
          inner.push(quoted ? quoted[1] : lines[i]);
          i++;
        }
        const quote = el("blockquote");
        renderBlocks(inner, quote, options);
        parent.appendChild(quote);
        continue;
      }
      if (LIST_ITEM.test(line)) {
        i = renderList(lines, i, parent, options);
        continue;
      }
      if (line.includes("|") && i + 1 < lines.length && TABLE_DIVIDER.test(lines[i + 1]) && lines[i + 1].includes("-")) {
        i = renderTable(lines, i, parent, options);
        continue;
      }
      const paragraph = [];
      while (i < lines.length && !isBlank(lines[i]) && !(paragraph.length && startsBlock(lines[i]))) {
        paragraph.push(lines[i].trim());
        i++;
      }
      const p = el("p");
      renderInline(paragraph.join("\n"), p, options);
      parent.appendChild(p);
    }
  }

  function codeBlock(source, language, options) {
    const pre = el("pre", "code-block");
    const code = el("code");
    if (language) {
      code.className = "language-" + language;
      pre.dataset.language = language;
    }
    code.appendChild(text(source));
    pre.appendChild(code);
    if (options.onCodeBlock) options.onCodeBlock(pre, source);
    return pre;
  }

  function renderList(lines, start, parent, options) {
    const first = LIST_ITEM.exec(lines[start]);
    const indent = first[1].length;
    const ordered = /\d/.test(first[2]);
    const list = el(ordered ? "ol" : "ul");
    if (ordered) {
      const number = parseInt(first[2], 10);
      if (number !== 1) list.start = number;
    }
    let i = start;
    while (i < lines.length) {
      const match = LIST_ITEM.exec(lines[i]);
      if (!match || match[1].length !== indent || /\d/.test(match[2]) !== ordered) break;
      const item = el("li");
      const body = [match[3]];
      i++;
      // Continuation lines and nested lists: anything indented deeper than this item's marker.
      while (i < lines.length) {
        const line = lines[i];
        if (isBlank(line)) {
          const next = lines[i + 1];
          if (next !== undefined && /^\s+/.test(next) && leadingSpaces(next) > indent) {
            body.push("");
            i++;
            continue;
          }
          break;
        }
        const nested = LIST_ITEM.exec(line);
        if (nested && nested[1].length <= indent) break;
        if (!nested && leadingSpaces(line) <= indent && startsBlock(line)) break;
        body.push(line.slice(Math.min(leadingSpaces(line), indent + 2)));
        i++;
      }
      if (body.some(isBlank)) {
        renderBlocks(body, item, options);  // a loose item: its parts are paragraphs
      } else {
        // A tight item: its text inline, then any nested list.
        let k = 1;
        while (k < body.length && !LIST_ITEM.test(body[k])) k++;
        renderInline(body.slice(0, k).map((l) => l.trim()).join("\n"), item, options);
        if (k < body.length) renderBlocks(body.slice(k), item, options);
      }
      list.appendChild(item);
      while (i < lines.length && isBlank(lines[i]) && i + 1 < lines.length) {
        const next = LIST_ITEM.exec(lines[i + 1]);
        if (next && next[1].length === indent && /\d/.test(next[2]) === ordered) {
          i++;
        } else {
          break;
        }
      }
    }
    parent.appendChild(list);
    return i;
  }

  function leadingSpaces(line) {
    return line.length - line.replace(/^ +/, "").length;
  }

  function splitRow(line) {
    let row = line.trim();
    if (row.startsWith("|")) row = row.slice(1);
    if (row.endsWith("|") && !row.endsWith("\\|")) row = row.slice(0, -1);
    const cells = [];
    let current = "";
    for (let i = 0; i < row.length; i++) {
      if (row[i] === "\\" && row[i + 1] === "|") {
        current += "|";
        i++;
      } else if (row[i] === "|") {
        cells.push(current.trim());
        current = "";
      } else {
        current += row[i];
      }
    }
    cells.push(current.trim());
    return cells;
  }

  function renderTable(lines, start, parent, options) {
    const header = splitRow(lines[start]);
    const aligns = splitRow(lines[start + 1]).map((cell) => {
      const left = cell.startsWith(":");
      const right = cell.endsWith(":");
      return left && right ? "center" : right ? "right" : left ? "left" : "";
    });
    const wrapper = el("div", "table-wrap");
    const table = el("table");
    const head = el("thead");
    const headRow = el("tr");
    header.forEach((cell, c) => {
      const th = el("th");
      if (aligns[c]) th.className = "align-" + aligns[c];
      renderInline(cell, th, options);
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    const body = el("tbody");
    let i = start + 2;
    while (i < lines.length && !isBlank(lines[i]) && lines[i].includes("|")) {
      const row = el("tr");
      const cells = splitRow(lines[i]);
      for (let c = 0; c < header.length; c++) {
        const td = el("td");
        if (aligns[c]) td.className = "align-" + aligns[c];
        renderInline(cells[c] || "", td, options);
        row.appendChild(td);
      }
      body.appendChild(row);
      i++;
    }
    table.appendChild(body);
    wrapper.appendChild(table);
    parent.appendChild(wrapper);
    return i;
  }

  // ---- inline level

  const ESCAPABLE = "\\`*_{}[]()#+-.!|~<>\"'";

  /** Appends the inline content of {@code source} to {@code parent}. */
  function renderInline(source, parent, options) {
    let plain = "";
    const flush = () => {
      if (plain) {
        parent.appendChild(text(plain));
        plain = "";
      }
    };
    let i = 0;
    while (i < source.length) {
      const c = source[i];
      if (c === "\\" && i + 1 < source.length && ESCAPABLE.includes(source[i + 1])) {
        plain += source[i + 1];
        i += 2;
        continue;
      }
      if (c === "\n") {
        flush();
        parent.appendChild(el("br"));
        i++;
        continue;
      }
      if (c === "`") {
        const run = /^`+/.exec(source.slice(i))[0];
        const end = source.indexOf(run, i + run.length);
        if (end > 0) {
          flush();
          const code = el("code");
          code.appendChild(text(source.slice(i + run.length, end).replace(/\n/g, " ").replace(/^ (.*) $/, "$1")));
          parent.appendChild(code);
          i = end + run.length;
          continue;
        }
        plain += run;
        i += run.length;
        continue;
      }
      const citation = /^\[(\d{1,3}(?:\s*[,，]\s*\d{1,3})*)\](?!\()/.exec(source.slice(i));
      if (citation) {
        flush();
        const numbers = citation[1].split(/\s*[,，]\s*/).map((n) => parseInt(n, 10));
        const group = el("sup", "cite-group");
        numbers.forEach((n) => group.appendChild(citationLink(n, options)));
        parent.appendChild(group);
        i += citation[0].length;
        continue;
      }
      if (c === "!" && source[i + 1] === "[") {
        // Images are shown as their alt text linked to the image; loading them could track the reader.
        const link = parseLink(source, i + 1);
        if (link) {
          flush();
          appendLink(parent, link.label || link.url, link.url, options);
          i = link.end;
          continue;
        }
      }
      if (c === "[") {
        const link = parseLink(source, i);
        if (link) {
          flush();
          appendLink(parent, link.label, link.url, options);
          i = link.end;
          continue;
        }
      }
      if (c === "<") {
        const auto = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/.exec(source.slice(i));
        if (auto) {
          flush();
          appendLink(parent, auto[1], auto[1], options);
          i += auto[0].length;
          continue;
        }
      }
      if ((c === "h" || c === "w") && (i === 0 || /[\s(（]/.test(source[i - 1]))) {
        const bare = /^(?:https?:\/\/|www\.)[^\s<>()（）]+[^\s<>()（）.,;:!?'"。，；：！？」』]/.exec(source.slice(i));
        if (bare) {
          flush();
          const href = bare[0].startsWith("www.") ? "https://" + bare[0] : bare[0];
          appendLink(parent, bare[0], href, options);
          i += bare[0].length;
          continue;
        }
      }
      if (c === "~" && source[i + 1] === "~") {
        const end = source.indexOf("~~", i + 2);
        if (end > i + 2) {
          flush();
          const del = el("del");
          renderInline(source.slice(i + 2, end), del, options);
          parent.appendChild(del);
          i = end + 2;
          continue;
        }
      }
      if (c === "*" || c === "_") {
        const emphasis = parseEmphasis(source, i);
        if (emphasis) {
          flush();
          const node = el(emphasis.strong ? "strong" : "em");
          renderInline(emphasis.inner, node, options);
          parent.appendChild(node);
          i = emphasis.end;
          continue;
        }
      }
      plain += c;
      i++;
    }
    flush();
  }

  function parseEmphasis(source, i) {
    const c = source[i];
    const strong = source[i + 1] === c;
    const marker = strong ? c + c : c;
    const after = source[i + marker.length];
    if (after === undefined || /\s/.test(after)) return null;
    // Underscores inside words (snake_case) are not emphasis.
    if (c === "_" && i > 0 && /[\p{L}\p{N}]/u.test(source[i - 1])) return null;
    let search = i + marker.length;
    while (true) {
      const end = source.indexOf(marker, search);
      if (end < 0) return null;
      if (!strong && source[end + 1] === c) {
        search = end + 2;
        continue;
      }
      if (/\s/.test(source[end - 1])) {
        search = end + 1;
        continue;
      }
      if (c === "_" && /[\p{L}\p{N}]/u.test(source[end + marker.length] || "")) {
        search = end + 1;
        continue;
      }
      if (end === i + marker.length) return null;
      return { strong, inner: source.slice(i + marker.length, end), end: end + marker.length };
    }
  }

  /** [label](url "title") starting at i, or null. Nested brackets in the label are allowed one level deep. */
  function parseLink(source, i) {
    let depth = 0;
    let j = i;
    for (; j < source.length; j++) {
      if (source[j] === "\\") {
        j++;
      } else if (source[j] === "[") {
        depth++;
      } else if (source[j] === "]") {
        depth--;
        if (depth === 0) break;
      }
    }
    if (j >= source.length || source[j + 1] !== "(") return null;
    // The destination ends at the ")" that balances its "(", so URLs such as Wikipedia's keep their parentheses.
    let close = -1;
    for (let k = j + 2, open = 0; k < source.length; k++) {
      if (source[k] === "\\") {
        k++;
      } else if (source[k] === "(") {
        open++;
      } else if (source[k] === ")") {
        if (open === 0) {
          close = k;
          break;
        }
        open--;
      }
    }
    if (close < 0) return null;
    const target = source.slice(j + 2, close).trim().replace(/\s+"[^"]*"$/, "").replace(/^<(.*)>$/, "$1");
    return { label: source.slice(i + 1, j), url: target, end: close + 1 };
  }

  function appendLink(parent, label, url, options) {
    const href = safeUrl(url);
    if (!href) {
      // Not a link we will follow (javascript:, data:, relative paths...): keep only the words.
      renderInline(label, parent, options);
      return;
    }
    const a = el("a");
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer nofollow";
    renderInline(label, a, options);
    parent.appendChild(a);
  }

  function citationLink(number, options) {
    const a = el("a", "cite");
    a.href = "#";
    a.dataset.cite = String(number);
    a.appendChild(text("[" + number + "]"));
    if (options.citations && !options.citations.has(number)) a.classList.add("cite-unknown");
    return a;
  }

  /**
   * Renders Markdown into a new DocumentFragment.
   * options.citations: a Set of citation numbers that exist (others are marked .cite-unknown);
   * options.onCodeBlock(pre, source): called for each code block, e.g. to add a copy button.
   */
  function render(source, options) {
    const fragment = document.createDocumentFragment();
    const lines = String(source == null ? "" : source).replace(/\r\n?/g, "\n").split("\n");
    renderBlocks(lines, fragment, options || {});
    return fragment;
  }

  global.WenjinMarkdown = Object.freeze({ render, safeUrl });
})(window);
