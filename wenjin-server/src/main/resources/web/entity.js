// The entity view. When a cited fact is opened in the side panel of app.js, its subject and object become
// links; an entity's view shows its names by language, aliases, classes, the facts about it in both directions
// and its neighbours, each linking on to the next entity. Text from the server is put on the page as text
// nodes only.
(function () {
  "use strict";

  const STRINGS = {
    en: {
      entity: "Entity", about: "Open the entities of this fact:", names: "Names", aliases: "Also called",
      types: "Is a", outgoing: "Facts", incoming: "Facts pointing here", neighbours: "Neighbours",
      back: "← Back", loading: "Loading…", inferred: "inferred by {0}", from: "from {0}", none: "None.",
      connections: (n) => n === 1 ? "1 fact" : n + " facts",
    },
    zh: {
      entity: "实体", about: "查看这条事实中的实体：", names: "名称", aliases: "别名",
      types: "类型", outgoing: "事实", incoming: "指向它的事实", neighbours: "相邻实体",
      back: "← 返回", loading: "加载中…", inferred: "由 {0} 推理得出", from: "来自 {0}", none: "无。",
      connections: (n) => n + " 条事实",
    },
  };
  const lang = (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
  const S = STRINGS[lang];
  const format = (text, ...args) => text.replace(/\{(\d)\}/g, (_, i) => String(args[i]));
  const $ = (id) => document.getElementById(id);
  /** The entities shown since the panel last showed something else, for Back. */
  let trail = [];
  /** Bumped on every new view, so a slow response cannot overwrite a later one. */
  let shown = 0;

  function el(name, className, content) {
    const node = document.createElement(name);
    if (className) node.className = className;
    if (content !== undefined && content !== null) node.textContent = String(content);
    return node;
  }

  async function request(path) {
    const headers = {};
    const key = localStorage.getItem("wenjin.apiKey");
    if (key) headers.Authorization = "Bearer " + key;
    const response = await fetch(path, { headers });
    if (!response.ok) {
      let message = response.status + " " + response.statusText;
      try {
        const error = await response.json();
        if (error && error.error && error.error.message) message = error.error.message;
      } catch (ignored) { /* not JSON */ }
      throw new Error(message);
    }
    return response.json();
  }

  function entityLink(iri, label) {
    const link = el("button", "entity-link", label || iri);
    link.type = "button";
    link.dataset.iri = iri;
    link.title = iri;
    link.addEventListener("click", () => showEntity(iri, true));
    return link;
  }

  // ---- a cited fact: links to its subject and object

  async function linkFact(citation) {
    trail = [];
    const token = ++shown;
    if (citation.kind !== "fact" || !citation.source_id || !citation.title) return;
    let fact;
    try {
      fact = await request("/api/facts/" + encodeURIComponent(citation.source_id) + "?subject="
        + encodeURIComponent(citation.title) + "&lang=" + lang);
    } catch (error) {
      return; // gone from the graph since it was cited: the panel keeps the text the answer quoted
    }
    if (token !== shown || $("source-panel").hidden) return;
    const links = el("div", "entity-fact-links");
    links.appendChild(el("span", "entity-hint", S.about));
    links.appendChild(entityLink(fact.subject, fact.subject_label));
    links.appendChild(el("span", "entity-predicate", fact.predicate_label));
    if (fact.object_is_entity) links.appendChild(entityLink(fact.object, fact.object_label));
    else links.appendChild(el("span", "entity-value", fact.object_label));
    $("source-meta").appendChild(links);  // beside the fact, not in the quoted text
  }

  // ---- an entity's view in the side panel

  async function showEntity(iri, remember) {
    const token = ++shown;
    if (remember) trail.push(iri);
    $("source-heading").textContent = S.entity;
    const meta = $("source-meta");
    meta.replaceChildren(el("div", null, S.loading));
    const body = $("source-text");
    body.replaceChildren();
    $("source-panel").hidden = false;
    let entity;
    try {
      entity = await request("/api/entities/" + encodeURIComponent(iri) + "?lang=" + lang);
    } catch (error) {
      if (token === shown) meta.replaceChildren(el("div", "error-note", error.message));
      return;
    }
    if (token !== shown) return;
    meta.replaceChildren(el("div", "source-title entity-title", entity.label), el("div", "entity-iri", entity.iri));
    const view = el("div", "entity-view");
    view.dataset.iri = entity.iri;
    if (trail.length > 1) {
      const back = el("button", "entity-back", S.back);
      back.type = "button";
      back.addEventListener("click", () => {
        trail.pop();
        showEntity(trail[trail.length - 1], false);
      });
      view.appendChild(back);
    }
    section(view, S.names, names(entity.labels), "entity-labels");
    if (entity.aliases.length) section(view, S.aliases, names(entity.aliases), "entity-aliases");
    if (entity.types.length) {
      const types = el("div", "entity-types");
      for (const type of entity.types) types.appendChild(entityLink(type.iri, type.label));
      section(view, S.types, types);
    }
    section(view, S.outgoing, facts(entity.outgoing, "outgoing"), "entity-outgoing");
    section(view, S.incoming, facts(entity.incoming, "incoming"), "entity-incoming");
    const neighbours = el("ul", "entity-neighbours");
    for (const neighbour of entity.neighbours) {
      const item = el("li");
      item.append(entityLink(neighbour.iri, neighbour.label), el("span", "entity-count", S.connections(neighbour.facts)));
      neighbours.appendChild(item);
    }
    section(view, S.neighbours, entity.neighbours.length ? neighbours : el("div", "entity-empty", S.none));
    body.appendChild(view);
  }

  function section(parent, title, content, className) {
    const box = el("section", "entity-section" + (className ? " " + className : ""));
    box.append(el("h3", null, title), content);
    parent.appendChild(box);
  }

  function names(list) {
    const box = el("ul", "entity-names");
    for (const name of list) {
      const item = el("li", null, name.text);
      if (name.language) item.appendChild(el("span", "badge", name.language));
      box.appendChild(item);
    }
    return box;
  }

  function facts(list, direction) {
    if (!list.length) return el("div", "entity-empty", S.none);
    const box = el("ul", "entity-facts");
    for (const fact of list) {
      const item = el("li", "entity-fact");
      item.dataset.factId = fact.id;
      if (direction === "incoming") {
        item.append(entityLink(fact.subject, fact.subject_label), el("span", "entity-predicate", fact.predicate_label));
      } else {
        item.appendChild(el("span", "entity-predicate", fact.predicate_label));
        item.appendChild(fact.object_is_entity ? entityLink(fact.object, fact.object_label)
          : el("span", "entity-value", fact.object_label));
      }
      const note = fact.rule ? format(S.inferred, fact.rule) : format(S.from, fact.source);
      item.appendChild(el("span", "entity-source", note));
      box.appendChild(item);
    }
    return box;
  }

  document.addEventListener("wenjin:source-opened", (e) => linkFact(e.detail));
  window.WenjinEntity = { show: (iri) => { trail = []; showEntity(iri, true); } };
})();
