"""The pages of ``govkg serve``: an index, a query editor, named queries with forms, a page
per resource, the report reader and the views, made on request from the store.

``govkg serve`` (:mod:`govkg.queries.serve`) knows nothing of this module: the command line
hands it :class:`App` as its page maker, so the query layer never imports the visual one.
Every page is built on the server with every value from the graph escaped (``html.escape``)
or, for the reader and the views, carried in an escaped JSON block; each answer carries a
Content-Security-Policy that allows scripts only from this server and no other host.
The editor's highlighter and table code are ours (``templates/app.js``): no third-party
front-end code.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govkg.errors import GovKGError

ID_BASE = "https://w3id.org/govkg/id/"
TEMPLATE_DIR = Path(__file__).parent / "templates"
#: the prefixes every query in the editor may use without declaring them
PREFIXES = {
    "gov": "https://w3id.org/govkg/ontology#", "id": ID_BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#", "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/", "eli": "http://data.europa.eu/eli/ontology#",
}
#: pages: scripts and styles from this server only; queries to this server only
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HTML = "text/html; charset=utf-8"
#: the most rows a page shows (downloads hold them all)
PAGE_ROWS = 2000


@dataclass
class Answer:
    """An HTTP answer made by the app."""

    status: int
    body: bytes
    ctype: str = HTML
    headers: dict[str, str] = field(default_factory=dict)


def wants_html(accept: str | None, query: str = "") -> bool:
    """Return True when a request for a named query should get a page rather than results.

    A browser asks for ``text/html`` before anything else; a SPARQL client asks for a
    results format (or ``*/*``). ``?format=html`` forces the page.

    >>> wants_html("text/html,application/xhtml+xml,*/*;q=0.8"), wants_html("*/*")
    (True, False)
    >>> wants_html("application/sparql-results+json"), wants_html(None, "format=html")
    (False, True)
    """
    fmt = urllib.parse.parse_qs(query).get("format", [""])[-1]
    if fmt:
        return fmt == "html"
    best_html, best_results = 0.0, 0.0
    for part in (accept or "").split(","):
        kind, _, params = part.strip().partition(";")
        q = 1.0
        m = re.search(r"q=([0-9.]+)", params)
        if m:
            q = float(m.group(1))
        kind = kind.strip().lower()
        if kind in ("text/html", "application/xhtml+xml"):
            best_html = max(best_html, q)
        elif kind.startswith(("application/sparql-results", "text/csv", "text/tab-separated-values",
                              "application/json")):
            best_results = max(best_results, q)
    return best_html > 0 and best_html >= best_results


def esc(value: Any) -> str:
    """Return ``value`` as HTML text (quotes escaped too)."""
    return html.escape("" if value is None else str(value), quote=True)


def short_iri(iri: str, limit: int = 48) -> str:
    """Return an IRI written short: a known prefix, and the middle cut when still long.

    >>> short_iri("https://w3id.org/govkg/id/report/0123456789abcdef/measure/12", 30)
    'id:report/01…abcdef/measure/12'
    """
    text = iri
    for name, base in PREFIXES.items():
        if iri.startswith(base):
            text = name + ":" + urllib.parse.unquote(iri[len(base):])
            break
    if len(text) <= limit:
        return text
    head = limit * 2 // 5
    return text[:head] + "…" + text[-(limit - head - 1):]


def resource_url(iri: str) -> str:
    return "/resource?iri=" + urllib.parse.quote(iri, safe="")


class App:
    """Make the pages of ``govkg serve`` from the store the server fronts.

    Args:
        endpoint: the loopback URL of the Oxigraph server (queries go through it).
        library: the named queries (``govkg.queries.runner.load_library()``).
        views: the folder served at ``/views/`` (linked from the index when present).
        writable: whether the server accepts writes (shown on the pages).
    """

    ROUTES = ("/", "/index.html", "/editor", "/resource", "/reader", "/view", "/assets/app.js",
              "/assets/app.css")

    def __init__(self, endpoint: str, library: dict, views: Path | None = None, writable: bool = False,
                 timeout: float = 120.0):
        self.timeout = timeout
        self.endpoint = endpoint
        self.library = library
        self.views = views
        self.writable = writable

    # -- routing
    def handles(self, method: str, path: str, headers: list[tuple[str, str]], query: str) -> bool:
        """Return True when this app answers the request (cheap: no store access)."""
        if method not in ("GET", "HEAD"):
            return False
        if path.startswith("/named/"):
            # pages for browsers, results for clients (names in parameters resolved the same
            # way); an XML results client is left to the SPARQL front as before
            accept = (next((v for k, v in headers if k.lower() == "accept"), None) or "").lower()
            return wants_html(accept, query) or "xml" not in accept
        return path in self.ROUTES or path.startswith("/view/")

    def results_format(self, accept: str) -> str:
        """Return the results format a client's Accept asks for: json (default), csv or tsv."""
        accept = (accept or "").lower()
        for fmt, kind in (("csv", "text/csv"), ("tsv", "text/tab-separated-values")):
            if kind in accept and "json" not in accept:
                return fmt
        return "json"

    def respond(self, method: str, path: str, query: str, headers: list | None = None) -> Answer:
        """Return the answer to a request :meth:`handles` accepted (runs in a worker thread)."""
        path, query = _utf8(path), _utf8(query)
        params = {k: v[-1] for k, v in urllib.parse.parse_qs(query, keep_blank_values=True).items()}
        accept = next((v for k, v in headers or [] if k.lower() == "accept"), None)
        try:
            if path in ("/", "/index.html"):
                return self._page("govkg", self.index())
            if path == "/editor":
                return self._page("SPARQL 查询 query", self.editor())
            if path == "/assets/app.js":
                return Answer(200, (TEMPLATE_DIR / "app.js").read_bytes(), "text/javascript; charset=utf-8")
            if path == "/assets/app.css":
                return Answer(200, (TEMPLATE_DIR / "app.css").read_bytes(), "text/css; charset=utf-8")
            if path.startswith("/named/"):
                if "format" not in params and not wants_html(accept, query):
                    params["format"] = self.results_format(accept)
                return self.named(urllib.parse.unquote(path[len("/named/"):]), params)
            if path == "/resource":
                return self._page("资源 resource", self.resource(params.get("iri", "")))
            if path == "/reader":
                return self.reader(params.get("iri", ""))
            if path.startswith("/view"):
                return self.view(path[len("/view/"):], params.get("iri", ""))
        except GovKGError as exc:
            return self._page("Error", f'<p class="error">Error: {esc(exc.one_line())}</p>', status=400)
        return Answer(404, b"not found\n", "text/plain; charset=utf-8")

    # -- the store
    def store(self):
        """Return a backend on the served store (one per request: threads share nothing)."""
        from govkg.graph.remote import RemoteStore

        return RemoteStore(self.endpoint, auth=None, union_param=False, timeout=self.timeout)

    def select(self, sparql: str, bindings: dict | None = None) -> list[dict[str, Any]]:
        """Return the rows of a SELECT (the editor's prefixes declared) as ``{var: value}``."""
        head = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
        result = self.store().query(head + sparql, bindings or {})
        return [{n: (t.value if t is not None else None) for n, t in zip(result.variables, row)}
                for row in result.rows]

    # -- pages
    def _page(self, title: str, body: str, status: int = 200) -> Answer:
        """Return ``body`` (HTML made here, every store value escaped) inside the app's frame."""
        mode = "可写 read-write" if self.writable else "只读 read-only"
        views = ' <a href="/views/">视图文件 view files</a>' if self.views and self.views.is_dir() else ""
        page = f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{esc(title)} · govkg</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="/assets/app.css"><script src="/assets/app.js" defer></script></head>
<body><nav><a href="/" class="brand">govkg</a> <a href="/">首页 index</a> <a href="/editor">查询 query</a>
<a href="/view/overview">总览 overview</a>{views} <span class="mode">{mode}</span></nav>
<main>{body}</main></body></html>"""
        return Answer(status, page.encode("utf-8"), HTML, {"Content-Security-Policy": CSP})

    def index(self) -> str:
        """Return the index: reports, the busiest units and instruments, the named queries."""
        reports = self.select("""SELECT ?r (SAMPLE(?l) AS ?label) (SAMPLE(?y) AS ?year) (SAMPLE(?ul) AS ?unit)
            (SAMPLE(?s) AS ?source) WHERE { ?r a gov:Report .
            OPTIONAL { ?r rdfs:label ?l } OPTIONAL { ?r gov:year ?y } OPTIONAL { ?r dcterms:source ?s }
            OPTIONAL { ?r gov:reportingUnit/rdfs:label ?ul } } GROUP BY ?r ORDER BY DESC(?year) ?label LIMIT 1000""")
        units = self.select("""SELECT ?u (SAMPLE(?l) AS ?label) ?n WHERE {
            { SELECT ?u (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m gov:responsibleUnit|gov:involvesUnit ?u }
              GROUP BY ?u ORDER BY DESC(?n) LIMIT 60 } ?u rdfs:label ?l } GROUP BY ?u ?n ORDER BY DESC(?n) ?label""")
        instruments = self.select("""SELECT ?i (SAMPLE(?l) AS ?label) ?n WHERE {
            { SELECT ?i (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?x gov:cites ?i } }
              GROUP BY ?i ORDER BY DESC(?n) LIMIT 60 } ?i rdfs:label ?l } GROUP BY ?i ?n ORDER BY DESC(?n) ?label""")
        rows = "".join(
            f"<tr><td><a href=\"{esc(resource_url(r['r']))}\">{esc(r['label'] or _title(r))}</a></td>"
            f"<td>{esc(r['year'] or '')}</td><td>{esc(r['unit'] or '')}</td>"
            f"<td><a href=\"/reader?iri={esc(urllib.parse.quote(r['r'], safe=''))}\">阅读 reader</a> · "
            f"<a href=\"/view/report?iri={esc(urllib.parse.quote(r['r'], safe=''))}\">图 view</a></td></tr>"
            for r in reports)

        def entity_list(items, kind, count_name):
            return "".join(
                f"<li><a href=\"{esc(resource_url(e['u' if kind == 'unit' else 'i']))}\">{esc(e['label'])}</a> "
                f"<span class=\"n\">{esc(e['n'])} {count_name}</span> "
                f"<a class=\"small\" href=\"/view/{kind}?iri={esc(urllib.parse.quote(e['u' if kind == 'unit' else 'i'], safe=''))}\">图 view</a></li>"
                for e in items)
        named = "".join(f"<li><a href=\"/named/{esc(urllib.parse.quote(q.name))}\">{esc(q.name)}</a> "
                        f"<span class=\"small\">{esc(q.summary)}</span></li>"
                        for q in sorted(self.library.values(), key=lambda q: q.name))
        return f"""<h1>govkg: 法治政府建设年度报告知识图谱</h1>
<p>{len(reports)} 份报告 reports. SPARQL endpoint <code>/query</code>; <a href="/editor">查询编辑器 query editor</a>;
<a href="/view/overview">单位与法规文件总览 overview</a>.</p>
<section><h2>报告 reports</h2><table class="results"><thead><tr><th>报告 report</th><th>年度 year</th>
<th>报告单位 unit</th><th></th></tr></thead><tbody>{rows}</tbody></table></section>
<div class="cols"><section><h2>单位 units <span class="small">(by measures 举措数)</span></h2><ul>{entity_list(units, 'unit', '举措')}</ul></section>
<section><h2>法规文件 instruments <span class="small">(by citing reports 引用报告数)</span></h2><ul>{entity_list(instruments, 'instrument', '份报告')}</ul></section>
<section><h2>命名查询 named queries</h2><ul>{named}</ul></section></div>"""

    def editor(self) -> str:
        """Return the query editor (its script is ``templates/app.js``)."""
        prefixes = json.dumps(PREFIXES, ensure_ascii=False)
        library = json.dumps([{"name": q.name, "summary": q.summary, "text": q.text}
                              for q in sorted(self.library.values(), key=lambda q: q.name)], ensure_ascii=False)
        start = ("SELECT ?report ?year ?label WHERE {\n  ?report a gov:Report ; gov:year ?year .\n"
                 "  OPTIONAL { ?report rdfs:label ?label }\n} ORDER BY DESC(?year) LIMIT 20")
        options = "".join(f'<option value="{esc(q.name)}">{esc(q.name)} — {esc(q.summary)}</option>'
                          for q in sorted(self.library.values(), key=lambda q: q.name))
        return f"""<h1>SPARQL 查询 query</h1>
<p class="small">预置前缀 predeclared prefixes: {' '.join(f'<code>{esc(k)}:</code>' for k in PREFIXES)}
(used without a PREFIX line, they are declared for you). Ctrl-Enter runs.</p>
<p><select id="library"><option value="">命名查询 named queries…</option>{options}</select>
<a id="library-link" class="small" hidden>参数表单 form with parameters</a></p>
<div class="editor"><pre id="highlight" aria-hidden="true"></pre><textarea id="sparql" spellcheck="false"
 aria-label="SPARQL query">{esc(start)}</textarea></div>
<p><button id="run" type="button">运行 run</button> <button id="csv" type="button">CSV</button>
<button id="json" type="button">JSON</button> <span id="status" role="status"></span></p>
<p id="error" class="error" hidden></p>
<div id="results"></div>
<script type="application/json" id="prefixes">{_json_script(prefixes)}</script>
<script type="application/json" id="queries">{_json_script(library)}</script>"""

    def named(self, name: str, params: dict[str, str]) -> Answer:
        """Return a named query's page (form, results, downloads) or its results as
        ``params["format"]`` (csv, tsv, json) asks."""
        from govkg.queries.runner import format_result, resolve_values, run_query

        q = self.library.get(name)
        if q is None:
            return self._page("Error", f'<p class="error">Error: unknown query {esc(name)!s}; see the '
                                       f'<a href="/">index</a></p>', status=404)
        fmt = params.pop("format", "html")
        if fmt not in ("html", "csv", "tsv", "json"):
            return Answer(400, f"unknown format {fmt!r}; use html, csv, tsv or json\n".encode("utf-8"),
                          "text/plain; charset=utf-8")
        values = {k: v for k, v in params.items() if v.strip()}
        error, result = "", None
        missing = [p.name for p in q.params if not p.optional and p.name not in values]
        if not missing or fmt != "html":
            try:
                backend = self.store()
                result = run_query(backend, name, values, self.library)
                if fmt in ("csv", "tsv", "json"):
                    ctype = {"csv": "text/csv", "tsv": "text/tab-separated-values",
                             "json": "application/sparql-results+json"}[fmt] + "; charset=utf-8"
                    return Answer(200, format_result(result, fmt).encode("utf-8"), ctype,
                                  {"Content-Disposition": f'inline; filename="{name}.{fmt}"'})
                values = resolve_values(backend, q, values)
            except GovKGError as exc:
                if fmt != "html":
                    return Answer(400, (exc.one_line() + "\n").encode("utf-8"), "text/plain; charset=utf-8")
                error = exc.one_line()
        form = "".join(
            f'<label>{esc(p.name)} <span class="small">({esc(p.kind)}{", optional 可选" if p.optional else ""})</span> '
            f'<input name="{esc(p.name)}" value="{esc(params.get(p.name, ""))}" '
            f'placeholder="{esc(_placeholder(p))}"></label> ' for p in q.params)
        query_string = urllib.parse.urlencode({k: v for k, v in params.items() if v.strip()})
        downloads = (f'<a href="/named/{esc(urllib.parse.quote(name))}?{esc(query_string + "&" if query_string else "")}format=csv">CSV</a> · '
                     f'<a href="/named/{esc(urllib.parse.quote(name))}?{esc(query_string + "&" if query_string else "")}format=json">JSON</a>')
        body = [f"<h1>{esc(name)}</h1><p>{esc(q.summary)}</p>",
                f'<form method="get" class="params">{form}<button type="submit">运行 run</button></form>']
        if error:
            body.append(f'<p class="error">Error: {esc(error)}</p>')
        elif missing:
            body.append(f'<p class="small">需要参数 needs: {esc(", ".join(missing))}. '
                        'A name works (望湖街道, 法治政府建设实施纲要(2021-2025年)), as does an IRI.</p>')
        if result is not None:
            body.append(f'<p class="small">{len(result.rows)} rows · {downloads}</p>')
            if not result.rows:
                body.append('<p class="hint">没有结果 no rows: check the parameters (a name or an IRI).</p>')
            body.append(results_table(result))
        body.append(f'<details><summary>SPARQL</summary><pre class="sparql">{esc(q.text)}</pre></details>')
        return self._page(name, "".join(body))

    def resource(self, iri: str) -> str:
        """Return the page of one resource: its facts, evidence in context, links to it.

        Raises:
            GovKGError: no IRI given, or one that cannot be an IRI.
        """
        from govkg.visual.model import _iri, report_of

        iri = _full_iri(iri)
        ref = _iri(iri)  # refuses characters an IRI cannot hold, so it is safe in the text
        out = self.select(f"SELECT DISTINCT ?p ?o WHERE {{ {ref} ?p ?o }} LIMIT 2000")
        incoming = self.select(f"SELECT ?s ?p (SAMPLE(?l) AS ?label) WHERE {{ ?s ?p {ref} OPTIONAL {{ ?s rdfs:label ?l }} }} "
                               "GROUP BY ?s ?p ORDER BY ?p ?label LIMIT 500")
        if not out and not incoming:
            return f'<p class="error">Error: nothing in the store has the IRI {esc(iri)}</p>'
        label = next((r["o"] for r in out if r["p"] == PREFIXES["rdfs"] + "label"), None)
        types = sorted({short_iri(r["o"]) for r in out if r["p"] == PREFIXES["rdf"] + "type"})
        report = report_of(iri)
        links = []
        quoted = urllib.parse.quote
        if "gov:Report" in types:
            links += [f'<a href="/reader?iri={esc(quoted(iri, safe=""))}">阅读 reader</a>',
                      f'<a href="/view/report?iri={esc(quoted(iri, safe=""))}">报告图 report view</a>']
        elif report:
            links += [f'<a href="/reader?iri={esc(quoted(report, safe=""))}#fact={esc(quoted(iri, safe=""))}">'
                      '在原文中 in the text (reader)</a>',
                      f'<a href="{esc(resource_url(report))}">报告 report</a>']
        if "gov:GovernmentUnit" in types:
            links.append(f'<a href="/view/unit?iri={esc(quoted(iri, safe=""))}">单位图 unit view</a>')
        if "gov:LegalInstrument" in types:
            links.append(f'<a href="/view/instrument?iri={esc(quoted(iri, safe=""))}">文件图 instrument view</a>')
        names = {r["o"]: r["l"] for r in self.select(
            f"SELECT ?o (SAMPLE(?x) AS ?l) WHERE {{ {ref} ?p ?o . ?o rdfs:label|gov:heading ?x }} GROUP BY ?o")}
        order = {"rdf:type": 0, "rdfs:label": 1, "gov:evidence": 2}
        facts = "".join(
            f"<tr><th>{esc(short_iri(r['p']))}</th><td>{_cell(r['o'], r['p'], names.get(r['o']))}</td></tr>"
            for r in sorted(out, key=lambda r: (order.get(short_iri(r["p"]), 9), short_iri(r["p"]), str(r["o"])))
            if r["p"] != PREFIXES["gov"] + "text")
        if any(r["p"] == PREFIXES["gov"] + "text" for r in out):
            facts += "<tr><th>gov:text</th><td class=\"small\">(正文 the text: see the reader)</td></tr>"
        evidence = self._evidence_in_context(iri, out)
        back = "".join(f"<tr><td><a href=\"{esc(resource_url(r['s']))}\">{esc(r['label'] or short_iri(r['s']))}</a></td>"
                       f"<td>{esc(short_iri(r['p']))}</td></tr>" for r in incoming)
        return f"""<h1>{esc(label or short_iri(iri, 80))}</h1>
<p class="small"><code>{esc(iri)}</code> · {esc(' '.join(types))}</p>
<p class="links">{' · '.join(links)}</p>{evidence}
<section><h2>事实 facts</h2><table class="facts">{facts}</table></section>
<section><h2>指向它的 linked from ({len(incoming)})</h2><table class="results">{back}</table></section>"""

    def _evidence_in_context(self, iri: str, facts: list[dict]) -> str:
        """Return the evidence sentences of ``iri`` (or of the measures linking to it) with
        the text around them, the sentence marked."""
        from govkg.visual.model import _iri

        ref = _iri(iri)
        rows = self.select(f"""SELECT DISTINCT ?m ?label ?s ?e ?text WHERE {{
            {{ VALUES ?m {{ {ref} }} }} UNION {{ ?m gov:responsibleUnit|gov:involvesUnit|gov:cites|gov:produces|gov:hasOutcome {ref} }}
            GRAPH ?g {{ ?m gov:evidenceStart ?s ; gov:evidenceEnd ?e . OPTIONAL {{ ?m rdfs:label ?label }} }}
            ?g gov:text ?text }} LIMIT 30""")
        if not rows:
            return ""
        items = []
        for r in rows:
            text, start, end = r["text"], int(r["s"]), int(r["e"])
            before, sentence, after = text[max(0, start - 60):start], text[start:end], text[end:end + 60]
            items.append(f"<li><a href=\"{esc(resource_url(r['m']))}\">{esc(r['label'] or short_iri(r['m']))}</a>"
                         f"<blockquote>…{esc(before)}<mark>{esc(sentence)}</mark>{esc(after)}…</blockquote></li>")
        return f"<section><h2>原文 evidence in context</h2><ul class=\"evidence\">{''.join(items)}</ul></section>"

    def reader(self, iri: str) -> Answer:
        """Return the reader of one report, its facts linked to their pages."""
        from govkg.visual.reader import build_reader_html

        html_text, _info = build_reader_html(self.store(), _full_iri(iri), links={"resource": "/resource?iri="})
        return Answer(200, html_text.encode("utf-8"))

    def view(self, kind: str, iri: str) -> Answer:
        """Return a network view (overview, report, unit or instrument) made now."""
        from govkg.visual import model
        from govkg.visual.render import build_html

        store = self.store()
        if kind == "overview":
            G = model.overview_graph(store)
        elif kind == "report":
            G = model.report_graph(store, _full_iri(iri))
        elif kind in ("unit", "instrument"):
            G = model.ego_graph(store, _full_iri(iri), kind)
        else:
            return Answer(404, b"not found\n", "text/plain; charset=utf-8")
        html_text, _info = build_html(G, links={"resource": "/resource?iri="})
        return Answer(200, html_text.encode("utf-8"))


class _NotFound(GovKGError):
    pass


def _utf8(text: str) -> str:
    """Return a request target read as Latin-1 (as HTTP heads are) as the UTF-8 it was sent in."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _title(row: dict) -> str:
    if row.get("unit"):
        return f"{row['unit']}{row.get('year') or ''}年度报告"
    return Path(str(row.get("source") or row["r"])).name


def _full_iri(iri: str) -> str:
    if not iri:
        raise _NotFound("give ?iri=")
    return iri if "://" in iri else ID_BASE + iri


def _placeholder(p) -> str:
    return {"IRI": "名称或IRI name or IRI", "integer": "2022", "string": "文本 text",
            "decimal": "1.5", "date": "2022-12-31"}.get(p.kind, "")


def _json_script(text: str) -> str:
    for ch, e in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, e)
    return text


def _cell(value: Any, predicate: str = "", label: str | None = None) -> str:
    """Return one value as HTML: an IRI as a link to its page (named by ``label`` or a short
    IRI), a literal as text."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(("http://", "https://")) and " " not in text:
        from govkg.queries.runner import term_names

        name = term_names().get(text)
        return (f'<a href="{esc(resource_url(text))}" title="{esc(text)}">'
                f'{esc(label or name or short_iri(text, 40))}</a>')
    return esc(text)


def results_table(result) -> str:
    """Return a query result as an HTML table (IRIs as short links, at most PAGE_ROWS rows)."""
    if result.boolean is not None:
        return f"<p>{'true' if result.boolean else 'false'}</p>"
    head = "".join(f"<th>{esc(v)}</th>" for v in result.variables)
    body = []
    for row in result.rows[:PAGE_ROWS]:
        cells = []
        for t in row:
            if t is None:
                cells.append("<td></td>")
            elif type(t).__name__ == "NamedNode":
                cells.append(f"<td class=\"iri\">{_cell(t.value)}</td>")
            else:
                cells.append(f"<td>{esc(t.value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = (f'<p class="small">showing {PAGE_ROWS} of {len(result.rows)} rows; download all as CSV or JSON</p>'
            if len(result.rows) > PAGE_ROWS else "")
    return f'<table class="results"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>{more}'
