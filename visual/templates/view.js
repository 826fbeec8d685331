// govkg view: reads the JSON data block and draws it with vis-network, physics off.
// Every text from the graph goes into the DOM through textContent / value, never as HTML.
// (This file is included by a Jinja template: it must not contain two opening braces in a row.)
(function () {
  "use strict";
  window.__govkgStart = performance.now();
  var data = JSON.parse(document.getElementById("govkg-data").textContent);
  var byId = function (id) { return document.getElementById(id); };
  var el = function (tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };

  byId("note").textContent = data.note || "";
  var groups = {};
  data.classes.forEach(function (c) {
    var fill = c.shape === "box" ? c.tint : c.color;  // labelled boxes: a light fill, dark text
    groups[c.key] = {
      shape: c.shape,
      color: { background: fill, border: c.border,
               highlight: { background: fill, border: "#000000" },
               hover: { background: fill, border: "#000000" } },
      shapeProperties: { borderDashes: c.dashed ? [3, 3] : false },
      font: { size: c.font },
      borderWidth: c.dashed ? 2 : 1
    };
  });
  var options = data.options;
  options.groups = groups;
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = byId("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var state = { classes: {}, part: "", year: "", pinned: null, highlight: null };
  var view = { nodes: nodes, edges: edges, network: network, data: data, state: state };
  window.govkgView = view;
  // vis guesses the first zoom from the node count (0.1 for 240 nodes) and leaves wide
  // margins; fit the boxes themselves instead, before the first frame is painted
  function fitNodes(list) {
    if (!list.length) return;
    if (list[0].bw === undefined) {
      network.fit({ nodes: list.map(function (n) { return n.id; }), animation: false, maxZoomLevel: 2 });
      return;
    }
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    list.forEach(function (n) {
      x0 = Math.min(x0, n.x - n.bw / 2); x1 = Math.max(x1, n.x + n.bw / 2);
      y0 = Math.min(y0, n.y - n.bh / 2); y1 = Math.max(y1, n.y + n.bh / 2);
    });
    var w = container.clientWidth - 16, h = container.clientHeight - 16;
    var scale = Math.min(2, w / Math.max(x1 - x0, 1), h / Math.max(y1 - y0, 1));
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: scale, animation: false });
  }
  view.fitNodes = fitNodes;
  fitNodes(data.nodes);
  network.once("afterDrawing", function () {
    window.__govkgReady = performance.now();
    document.body.setAttribute("data-ready", "1");
  });

  // ---- tooltip: a definition list built from text nodes
  var tip = byId("tip");
  function showTip(rows, dom) {
    tip.replaceChildren();
    var dl = el("dl");
    rows.forEach(function (row) {
      dl.appendChild(el("dt", row[0]));
      dl.appendChild(el("dd", row[1]));
    });
    tip.appendChild(dl);
    tip.style.display = "block";
    var w = container.clientWidth, h = container.clientHeight;
    var x = Math.min(dom.x + 14, Math.max(0, w - tip.offsetWidth - 4));
    var y = Math.min(dom.y + 14, Math.max(0, h - tip.offsetHeight - 4));
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() { tip.style.display = "none"; tip.replaceChildren(); }
  function nodeDom(id) {
    var p = network.getPositions([id])[id];
    return network.canvasToDOM(p);
  }
  function showNodeTip(id, dom) {
    var n = nodes.get(id);
    if (n) showTip(n.tip, dom || nodeDom(id));
  }
  view.showNodeTip = showNodeTip;

  network.on("hoverNode", function (p) { showNodeTip(p.node, p.pointer.DOM); });
  network.on("blurNode", function () {
    if (state.pinned !== null) showNodeTip(state.pinned); else hideTip();
  });
  network.on("hoverEdge", function (p) {
    var e = edges.get(p.edge);
    if (!e) return;
    var rows = [["关系 relation", e.rel]];
    if (e.w) rows.push(["权重 weight", String(e.w)]);
    (e.tip || []).forEach(function (r) { rows.push(r); });
    showTip(rows, p.pointer.DOM);
  });
  network.on("blurEdge", function () {
    if (state.pinned !== null) showNodeTip(state.pinned); else hideTip();
  });
  network.on("dragStart", function () { if (state.pinned === null) hideTip(); });
  network.on("zoom", function () { if (state.pinned !== null) showNodeTip(state.pinned); });
  network.on("dragEnd", function () { if (state.pinned !== null) showNodeTip(state.pinned); });

  // ---- neighbourhood highlight: dim everything but the node and its neighbours. An update
  // replaces a node's font and (a vis quirk) falls back to its group's shape, so both are
  // sent again with each update.
  var look = {}, edgeWidth = {};
  edges.forEach(function (e) { edgeWidth[e.id] = e.width || 1; });
  data.nodes.forEach(function (n) { look[n.id] = { size: n.font ? n.font.size : undefined, shape: n.shape }; });
  function restyle(id, on) {
    var l = look[id], u = { id: id, opacity: on ? 1 : 0.15, font: { color: on ? "#222222" : "rgba(0,0,0,0.15)" } };
    if (l.size !== undefined) u.font.size = l.size;
    if (l.shape) u.shape = l.shape;
    return u;
  }
  var dimming = data.nodes.length <= 1500;  // restyling thousands of nodes takes a second
  function highlight(id) {
    if (!dimming) { state.highlight = id; return; }
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (m) { keep[m] = true; });
    var upd = [];
    nodes.forEach(function (n) {
      var on = keep[n.id] === true;
      upd.push(restyle(n.id, on));
    });
    nodes.update(upd);
    var eupd = [];  // the node's own links stand out; the others fade
    edges.forEach(function (e) {
      var on = e.from === id || e.to === id;
      eupd.push({ id: e.id, color: { opacity: on ? 1 : 0.12 }, width: on ? Math.max(2, edgeWidth[e.id]) : edgeWidth[e.id] });
    });
    edges.update(eupd);
    state.highlight = id;
  }
  function clearHighlight() {
    if (state.highlight === null) return;
    if (!dimming) { state.highlight = null; return; }
    var upd = [];
    nodes.forEach(function (n) { upd.push(restyle(n.id, true)); });
    nodes.update(upd);
    var eupd = [];
    edges.forEach(function (e) { eupd.push({ id: e.id, color: { opacity: 1 }, width: edgeWidth[e.id] }); });
    edges.update(eupd);
    state.highlight = null;
  }
  var nodeLink = byId("node-link");
  function select(id, dom) {
    if (data.links && data.links.resource) {  // served by govkg serve: the node's own page
      var a = el("a", "打开页面 open its page");
      a.href = data.links.resource + encodeURIComponent(nodes.get(id).iri);
      nodeLink.replaceChildren(a);
    }
    network.selectNodes([id]);
    highlight(id);
    state.pinned = id;
    showNodeTip(id, dom);
  }
  function unselect() {
    network.unselectAll();
    clearHighlight();
    state.pinned = null;
    hideTip();
  }
  view.select = select;
  view.unselect = unselect;
  network.on("click", function (p) {
    if (p.nodes.length) select(p.nodes[0], p.pointer.DOM); else unselect();
  });

  // ---- search: exact name first, then names that start with it, then names that hold it,
  // then IRIs; among equals the most connected node wins (西城 finds the district, not a
  // document that mentions it once)
  var status = byId("status");
  var list = byId("search-list");
  function fillSearchList() {  // after the first draw: thousands of options cost time
    var seen = {}, frag = document.createDocumentFragment();
    data.nodes.slice().sort(function (a, b) { return b.deg - a.deg; }).forEach(function (n) {
      if (seen[n.full]) return;
      seen[n.full] = true;
      var o = document.createElement("option");
      o.value = n.full;
      frag.appendChild(o);
    });
    list.appendChild(frag);
  }
  network.once("afterDrawing", function () { setTimeout(fillSearchList, 0); });
  function rank(n, q) {
    var full = n.full.toLowerCase(), label = String(n.label).toLowerCase();
    if (full === q || label === q) return 0;
    if (full.indexOf(q) === 0) return 1;
    if (full.indexOf(q) > 0) return 2;
    return String(n.iri || "").toLowerCase().indexOf(q) >= 0 ? 3 : 9;
  }
  function find(query) {
    var q = String(query || "").trim().toLowerCase();
    if (!q) return null;
    var best = null, bestRank = 9;
    nodes.forEach(function (n) {
      if (n.hidden) return;
      var r = rank(n, q);
      if (r < bestRank || (r === bestRank && r < 9 && (n.deg > best.deg ||
          (n.deg === best.deg && n.full.length < best.full.length)))) { best = n; bestRank = r; }
    });
    if (best === null) {
      status.textContent = "未找到 not found: " + query;
      return null;
    }
    network.focus(best.id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    select(best.id);
    status.textContent = "找到 found: " + best.full;
    return best.id;
  }
  view.find = find;
  byId("search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); find(this.value); }
  });
  byId("search").addEventListener("change", function () { find(this.value); });
  byId("search-go").addEventListener("click", function () { find(byId("search").value); });

  // ---- filters: class (legend check boxes), part, year
  function applyFilters() {
    var upd = [], shown = 0;
    nodes.forEach(function (n) {
      var show = state.classes[n.group] !== false &&
        (!state.part || !n.part || n.part === state.part) &&
        (!state.year || !n.years.length || n.years.indexOf(Number(state.year)) >= 0);
      if (show) shown += 1;
      if (Boolean(n.hidden) === show) upd.push({ id: n.id, hidden: !show });
    });
    nodes.update(upd);
    if (state.pinned !== null && nodes.get(state.pinned).hidden) unselect();
    status.textContent = "显示 showing " + shown + " / " + nodes.length;
    fitShown();
    return shown;
  }
  view.applyFilters = applyFilters;
  // after every filter the nodes left fill the canvas again (a part's nodes were left tiny
  // in a corner)
  function fitShown() {
    var shown = nodes.get({ filter: function (n) { return !n.hidden; } });
    // a part chosen: fit its own nodes (units and instruments shared with other parts stay
    // shown, a pan away)
    var own = state.part ? shown.filter(function (n) { return n.part === state.part; }) : [];
    fitNodes(own.length ? own : shown);
  }
  view.fitShown = fitShown;
  var legend = byId("legend");
  data.classes.forEach(function (c) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = c.key;
    box.addEventListener("change", function () { state.classes[c.key] = this.checked; applyFilters(); });
    var boxes = c.shape === "box";  // nodes drawn as labelled boxes
    var sw = el("span", undefined, "swatch " + c.shape);
    sw.style.background = boxes ? c.tint : c.color;
    sw.style.borderColor = c.border;
    if (c.dashed) sw.style.borderStyle = "dashed";
    label.appendChild(box);
    label.appendChild(sw);
    label.appendChild(el("span", c.name));
    legend.appendChild(label);
  });
  function fillSelect(select, values, key) {
    values.forEach(function (v) {
      var o = document.createElement("option");
      o.value = String(v);
      o.textContent = String(v);
      select.appendChild(o);
    });
    select.addEventListener("change", function () { state[key] = this.value; applyFilters(); });
  }
  fillSelect(byId("filter-part"), data.parts, "part");
  fillSelect(byId("filter-year"), data.years, "year");
  byId("reset").addEventListener("click", function () {
    state.part = ""; state.year = ""; state.classes = {};
    byId("filter-part").value = ""; byId("filter-year").value = "";
    legend.querySelectorAll("input").forEach(function (b) { b.checked = true; });
    applyFilters();
    unselect();
  });

  // ---- statistics (govkg stats --html): a table per block, figures right-aligned
  var stats = byId("stats");
  data.stats.forEach(function (block) {
    stats.appendChild(el("h2", block[0]));
    var table = el("table");
    block[1].forEach(function (line) {
      var m = /^\s*(-?[\d.,]+)\s\s+(.*)$/.exec(line), tr = table.insertRow();
      if (m) {
        tr.appendChild(el("td", m[1], "num"));
        tr.appendChild(el("td", m[2]));
      } else {
        var td = el("td", line);
        td.colSpan = 2;
        tr.appendChild(td);
      }
    });
    stats.appendChild(table);
  });

  // ---- the reader: the report's text with every fact marked at its offsets
  if (data.reader) reader(data.reader);
  function reader(r) {
    var chars = Array.from(r.text);  // offsets count code points, as gov:evidenceStart does
    var tint = {}, colour = {}, names = {};
    data.classes.forEach(function (c) { tint[c.key] = c.tint; colour[c.key] = c.color; names[c.key] = c.name; });
    var byIri = {};
    data.nodes.forEach(function (n) { byIri[n.iri] = n.id; });
    var sentence = { Measure: 1, PlannedMeasure: 2, Shortcoming: 3, Outcome: 4 };
    // cut the text at every fact boundary; each piece knows the facts that cover it
    var cuts = { 0: true };
    cuts[chars.length] = true;
    r.facts.forEach(function (f) { cuts[f.start] = true; cuts[f.end] = true; });
    var points = Object.keys(cuts).map(Number).sort(function (a, b) { return a - b; });
    var textBox = byId("text"), marksOf = {};
    var frag = document.createDocumentFragment();
    var open = [], next = 0, facts = r.facts;
    for (var i = 0; i + 1 < points.length; i++) {
      var a = points[i], b = points[i + 1];
      while (next < facts.length && facts[next].start <= a) { open.push(next); next += 1; }
      open = open.filter(function (k) { return facts[k].end > a; });
      var piece = chars.slice(a, b).join("");
      if (!open.length) { frag.appendChild(document.createTextNode(piece)); continue; }
      var mark = el("mark", piece);
      var bg = null, rank = 0, mention = null;
      open.forEach(function (k) {
        var f = facts[k];
        if (sentence[f.cls] !== undefined) {
          if (sentence[f.cls] > rank) { rank = sentence[f.cls]; bg = f.cls; }
        } else if (mention === null) { mention = f.cls; }
        (marksOf[k] = marksOf[k] || []).push(mark);
      });
      if (bg) { mark.classList.add("sentence"); mark.style.background = tint[bg] || "#eee"; }
      if (open.some(function (k) { return facts[k].start === a && sentence[facts[k].cls] !== undefined; })) {
        mark.classList.add("begin");  // two sentences side by side still read as two
      }
      if (mention) { mark.classList.add("mention"); mark.style.borderBottomColor = colour[mention] || "#333"; }
      mark.dataset.f = open.join(" ");
      frag.appendChild(mark);
    }
    textBox.appendChild(frag);
    view.readerMarks = function (k) { return marksOf[k] || []; };

    // legend of the marks
    var legend = byId("reader-legend");
    legend.appendChild(el("span", "标注 marks:"));
    data.classes.forEach(function (c) {
      if (!r.facts.some(function (f) { return f.cls === c.key; })) return;
      var key = el("span", c.name, "key");
      if (sentence[c.key] !== undefined) key.style.background = c.tint;
      else { key.style.borderBottom = "2px solid " + c.color; key.style.fontWeight = "600"; }
      legend.appendChild(key);
    });
    legend.appendChild(el("span", r.facts.length + " placed, " + r.unplaced.length + " not placed"));

    // a mark clicked: its facts, with links, and their nodes selected in the graph
    var box = byId("fact");
    function link(f) {
      if (r.links && r.links.resource) {
        var a = el("a", "页面 page");
        a.href = r.links.resource + encodeURIComponent(f.iri);
        return a;
      }
      return null;
    }
    function showFacts(ks, mark) {
      box.replaceChildren();
      textBox.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
      if (mark) mark.classList.add("current");
      var ul = el("ul");
      ks.forEach(function (k) {
        var f = facts[k], li = el("li");
        li.appendChild(el("strong", names[f.cls] || f.cls));
        li.appendChild(document.createTextNode(" " + f.label + " "));
        var go = el("button", "图中 in graph");
        go.type = "button";
        go.addEventListener("click", function () { focusNode(f.iri); });
        li.appendChild(go);
        var a = link(f);
        if (a) { li.appendChild(document.createTextNode(" ")); li.appendChild(a); }
        li.appendChild(el("div", f.iri));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    function focusNode(iri) {
      var id = byIri[iri];
      if (id === undefined) return;
      network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
      select(id);
    }
    textBox.addEventListener("click", function (ev) {
      var mark = ev.target.closest ? ev.target.closest("mark") : null;
      if (!mark) return;
      var ks = mark.dataset.f.split(" ").map(Number);
      showFacts(ks, mark);
      var first = facts[ks[ks.length - 1]];
      if (byIri[first.iri] !== undefined) {
        var id = byIri[first.iri];
        network.selectNodes([id]);
        highlight(id);
        state.pinned = id;
        // bring it close enough to read in the graph beside the text
        network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: false });
      }
    });
    // a node clicked in the graph: scroll the text to its sentence (or first mention)
    function scrollToIri(iri) {
      for (var k = 0; k < facts.length; k++) {
        if (facts[k].iri !== iri) continue;
        var marks = marksOf[k] || [];
        if (!marks.length) continue;
        marks[0].scrollIntoView({ block: "center" });
        marks.forEach(function (m) { m.classList.remove("flash"); void m.offsetWidth; m.classList.add("flash"); });
        showFacts([k], marks[0]);
        return k;
      }
      return null;
    }
    view.scrollToIri = scrollToIri;
    // opened from a fact's page (#fact=IRI): start at that fact
    var wanted = /^#fact=(.+)$/.exec(location.hash);
    if (wanted) {
      var iri = decodeURIComponent(wanted[1]);
      network.once("afterDrawing", function () { scrollToIri(iri); if (byIri[iri] !== undefined) select(byIri[iri]); });
    }
    network.on("click", function (p) {
      if (p.nodes.length) scrollToIri(nodes.get(p.nodes[0]).iri);
    });

    if (r.unplaced.length) {
      var sec = el("div");
      sec.id = "unplaced";
      sec.appendChild(el("h2", "未能在正文中定位的事实 facts not placed in the text (" + r.unplaced.length + ")"));
      var ul = el("ul");
      r.unplaced.forEach(function (f) {
        var li = el("li");
        li.appendChild(el("strong", names[f.cls] || f.cls));
        li.appendChild(document.createTextNode(" " + f.label + " — " + f.why));
        if (f.evidence) li.appendChild(el("div", f.evidence));
        ul.appendChild(li);
      });
      sec.appendChild(ul);
      textBox.appendChild(sec);
    }
  }
})();
