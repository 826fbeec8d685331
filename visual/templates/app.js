// govkg serve: the query editor (our own small SPARQL highlighter), result tables with short
// IRI links, CSV/JSON downloads and one-line errors. Every value from the store reaches the
// page through textContent or an attribute set from script, never as markup.
(function () {
  "use strict";
  var byId = function (id) { return document.getElementById(id); };
  var sparql = byId("sparql");
  if (!sparql) return;
  var prefixes = JSON.parse(byId("prefixes").textContent);
  var library = JSON.parse(byId("queries").textContent);
  var highlight = byId("highlight");

  // ---- highlighting: one regular expression, a class per token kind
  var KEYWORDS = /^(select|construct|describe|ask|where|from|named|prefix|base|optional|union|minus|filter|bind|as|values|graph|service|group|by|order|asc|desc|limit|offset|distinct|reduced|having|not|exists|in|a|count|sum|min|max|avg|sample|group_concat|separator|str|lang|langmatches|datatype|iri|uri|bnode|contains|strstarts|strends|regex|replace|concat|strlen|substr|ucase|lcase|if|coalesce|bound|isiri|isuri|isblank|isliteral|year|month|day|now|true|false|undef|lateral)$/i;
  var TOKEN = /(#[^\n]*)|("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>"{}|^`\\\s]*>)|([?$][\w\u00b7\u0300-\u036f\u203f-\u2040\u3001-\ud7ff\uf900-\ufffd]+)|([A-Za-z][\w.-]*)?(:[\w\u3001-\ud7ff\uf900-\ufffd%.-]*)|(@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)|([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_]\w*)/g;
  function paint() {
    var text = sparql.value, out = document.createDocumentFragment(), last = 0, m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text)) !== null) {
      if (m.index > last) out.appendChild(document.createTextNode(text.slice(last, m.index)));
      var cls = m[1] ? "tok-comment" : m[2] ? "tok-string" : m[3] ? "tok-iri" : m[4] ? "tok-var" :
        m[6] !== undefined ? "tok-pname" : m[7] ? "tok-lang" : m[8] ? "tok-number" :
        (m[9] && KEYWORDS.test(m[9])) ? "tok-keyword" : null;
      if (cls) {
        var span = document.createElement("span");
        span.className = cls;
        span.textContent = m[0];
        out.appendChild(span);
      } else {
        out.appendChild(document.createTextNode(m[0]));
      }
      last = m.index + m[0].length;
    }
    out.appendChild(document.createTextNode(text.slice(last) + "\n"));
    highlight.replaceChildren(out);
    highlight.scrollTop = sparql.scrollTop;
    highlight.scrollLeft = sparql.scrollLeft;
  }
  window.govkgHighlight = paint;
  sparql.addEventListener("input", paint);
  sparql.addEventListener("scroll", function () {
    highlight.scrollTop = sparql.scrollTop;
    highlight.scrollLeft = sparql.scrollLeft;
  });
  paint();

  // ---- the query sent: the predeclared prefixes the text uses and does not declare
  function withPrefixes(text) {
    var head = [];
    Object.keys(prefixes).forEach(function (p) {
      var used = new RegExp("(^|[\\s(/^|,;])" + p + ":", "m").test(text.replace(/<[^>]*>|"[^"\n]*"|#[^\n]*/g, " "));
      var declared = new RegExp("prefix\\s+" + p + "\\s*:", "i").test(text);
      if (used && !declared) head.push("PREFIX " + p + ": <" + prefixes[p] + ">");
    });
    return { text: head.join("\n") + (head.length ? "\n" : "") + text, added: head.length };
  }

  // ---- errors in one line, the position in the text as typed
  function oneLine(message, added) {
    var m = /error at (\d+):(\d+):\s*([\s\S]*)/.exec(message);
    if (!m) return message.split("\n")[0].slice(0, 300);
    var what = m[3].replace(/\s+/g, " ");
    var cut = what.search(/, \[|\[\s*'/);  // Oxigraph lists the characters it expected: drop them
    if (cut > 0) what = what.slice(0, cut) + ", …";
    return "line " + (Number(m[1]) - added) + ", column " + m[2] + ": " + what;
  }

  var status = byId("status"), errorBox = byId("error"), results = byId("results");
  function shortIri(iri) {
    var text = iri;
    Object.keys(prefixes).some(function (p) {
      if (iri.indexOf(prefixes[p]) === 0) {
        var rest = iri.slice(prefixes[p].length);
        try { rest = decodeURIComponent(rest); } catch (e) { /* keep it encoded */ }
        text = p + ":" + rest;
        return true;
      }
      return false;
    });
    return text.length > 44 ? text.slice(0, 17) + "…" + text.slice(-26) : text;
  }
  function table(res) {
    results.replaceChildren();
    if (res.boolean !== undefined) { results.textContent = String(res.boolean); return; }
    var vars = res.head.vars, t = document.createElement("table");
    t.className = "results";
    var hr = t.createTHead().insertRow();
    vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = v; hr.appendChild(th); });
    var body = t.createTBody();
    res.results.bindings.slice(0, 2000).forEach(function (b) {
      var r = body.insertRow();
      vars.forEach(function (v) {
        var td = r.insertCell(), cell = b[v];
        if (!cell) return;
        if (cell.type === "uri") {
          var a = document.createElement("a");
          a.href = "/resource?iri=" + encodeURIComponent(cell.value);
          a.title = cell.value;
          a.textContent = shortIri(cell.value);
          td.className = "iri";
          td.appendChild(a);
        } else {
          td.textContent = cell.value;
        }
      });
    });
    results.appendChild(t);
    status.textContent = res.results.bindings.length + " rows" +
      (res.results.bindings.length > 2000 ? " (showing 2000; download them all)" : "");
  }
  function send(accept) {
    var q = withPrefixes(sparql.value);
    errorBox.hidden = true;
    status.textContent = "…";
    return fetch("/query", { method: "POST", body: q.text,
      headers: { "Content-Type": "application/sparql-query", "Accept": accept } })
      .then(function (resp) {
        if (resp.ok) return resp;
        return resp.text().then(function (t) {
          errorBox.textContent = "Error: " + oneLine(t, q.added);
          errorBox.hidden = false;
          status.textContent = "";
          throw new Error("query failed");
        });
      });
  }
  function run() {
    send("application/sparql-results+json").then(function (r) { return r.json(); }).then(table)
      .catch(function () { /* shown in the error line */ });
  }
  function download(accept, name) {
    send(accept).then(function (r) { return r.blob(); }).then(function (blob) {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      status.textContent = "downloaded " + name;
    }).catch(function () { /* shown in the error line */ });
  }
  byId("run").addEventListener("click", run);
  byId("csv").addEventListener("click", function () { download("text/csv", "results.csv"); });
  byId("json").addEventListener("click", function () { download("application/sparql-results+json", "results.json"); });
  sparql.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); run(); }
  });
  var pick = byId("library"), link = byId("library-link");
  pick.addEventListener("change", function () {
    var q = library.filter(function (x) { return x.name === pick.value; })[0];
    if (!q) { link.hidden = true; return; }
    sparql.value = q.text;
    link.href = "/named/" + encodeURIComponent(q.name);
    link.hidden = false;
    paint();
  });
  window.govkgEditor = { run: run, withPrefixes: withPrefixes, oneLine: oneLine };
})();
