"""A remote SPARQL 1.1 store: queries over the SPARQL Protocol, writes by Graph Store Protocol
PUT (one request per report graph) or SPARQL Update (several reports per request).

Works with Oxigraph server, Apache Jena Fuseki, GraphDB and Virtuoso; the URLs of each are in
the README. Credentials come from the environment: ``GOVKG_ENDPOINT_TOKEN`` (bearer) or
``GOVKG_ENDPOINT_USER`` and ``GOVKG_ENDPOINT_PASSWORD`` (basic).
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import time
import urllib.parse

from govkg.errors import QueryError, StoreError
from govkg.graph.store import (REPORTS_QUERY, LoadResult, QueryResult, ReportInfo, _ox, _report_infos,
                               export_format, find_report_query, group_quads, inject_values,
                               ntriples_body)
from govkg.graph.guard import check_query
from govkg.graph.io import write_atomically

RESULTS_JSON = "application/sparql-results+json"


def auth_from_env(env=None) -> str | None:
    """Return an ``Authorization`` header value from the environment, or None.

    >>> auth_from_env({"GOVKG_ENDPOINT_TOKEN": "t0k"})
    'Bearer t0k'
    >>> auth_from_env({"GOVKG_ENDPOINT_USER": "u", "GOVKG_ENDPOINT_PASSWORD": "p"})
    'Basic dTpw'
    """
    env = os.environ if env is None else env
    if env.get("GOVKG_ENDPOINT_TOKEN"):
        return "Bearer " + env["GOVKG_ENDPOINT_TOKEN"]
    if env.get("GOVKG_ENDPOINT_USER"):
        pair = f"{env['GOVKG_ENDPOINT_USER']}:{env.get('GOVKG_ENDPOINT_PASSWORD', '')}"
        return "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
    return None


def endpoint_urls(url: str, update_url: str | None = None, gsp_url: str | None = None) -> tuple[str, str, str]:
    """Return the (query, update, graph store) URLs for an endpoint URL.

    A base URL (``http://host:7878``) or one ending in ``/query`` or ``/sparql`` gives
    Oxigraph's layout: ``/query``, ``/update``, ``/store``. Other servers name the update
    and graph-store URLs explicitly.

    >>> endpoint_urls("http://127.0.0.1:7878")
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
    >>> endpoint_urls("http://h:3030/ds/sparql", gsp_url="http://h:3030/ds/data")[1:]
    ('http://h:3030/ds/update', 'http://h:3030/ds/data')
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"{url!r} is not an http(s) URL", hint="e.g. --endpoint http://127.0.0.1:7878/query")
    path = parts.path.rstrip("/")
    if path.endswith("/query") or path.endswith("/sparql"):
        base_path, query_path = path.rsplit("/", 1)[0], path
    else:
        base_path, query_path = path, path + "/query"
    base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, base_path, "", ""))
    query = urllib.parse.urlunsplit((parts.scheme, parts.netloc, query_path, parts.query, ""))
    return query, update_url or base + "/update", gsp_url or base + "/store"


def parse_json_results(data: bytes) -> QueryResult:
    """Return a :class:`QueryResult` from SPARQL 1.1 JSON results."""
    ox = _ox()
    doc = json.loads(data)
    if "boolean" in doc:
        return QueryResult(variables=[], boolean=bool(doc["boolean"]))
    names = list(doc.get("head", {}).get("vars", []))
    rows = []
    for binding in doc.get("results", {}).get("bindings", []):
        rows.append(tuple(_json_term(binding.get(name), ox) for name in names))
    return QueryResult(variables=names, rows=rows)


def _json_term(cell, ox):
    if cell is None:
        return None
    kind, value = cell.get("type"), cell.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value) if value.replace("_", "").isalnum() else ox.BlankNode()
    if "xml:lang" in cell:
        return ox.Literal(value, language=cell["xml:lang"])
    if cell.get("datatype"):
        return ox.Literal(value, datatype=ox.NamedNode(cell["datatype"]))
    return ox.Literal(value)


class RemoteStore:
    """A SPARQL 1.1 endpoint used as a store.

    Args:
        url: the endpoint (base URL or its query URL).
        update_url: the SPARQL Update URL (default: ``<base>/update``).
        gsp_url: the Graph Store Protocol URL (default: ``<base>/store``).
        method: how report graphs are written: ``gsp`` (PUT per graph) or ``update``.
        auth: an ``Authorization`` header value; by default taken from the environment.
        batch_quads: most quads sent in one SPARQL Update request.
        timeout: seconds to wait for each HTTP answer.
        union_param: add Oxigraph's ``union-default-graph`` parameter to queries.
    """

    def __init__(self, url: str, update_url: str | None = None, gsp_url: str | None = None,
                 method: str = "gsp", auth: str | None | bool = True, batch_quads: int = 50_000,
                 timeout: float = 120.0, union_param: bool = False):
        if method not in ("gsp", "update"):
            raise StoreError(f"unknown update method {method!r}", hint="use gsp or update")
        self.url = url
        self.query_url, self.update_url, self.gsp_url = endpoint_urls(url, update_url, gsp_url)
        self.method = method
        self.auth = auth_from_env() if auth is True else (auth or None)
        self.batch_quads = batch_quads
        self.timeout = timeout
        self.union_param = union_param
        self.via_server = None
        self._conns: dict[tuple, http.client.HTTPConnection] = {}

    # -- HTTP
    def _request(self, method: str, url: str, body: bytes | None = None, headers: dict | None = None,
                 ok=(200, 201, 204)) -> bytes:
        parts = urllib.parse.urlsplit(url)
        key = (parts.scheme, parts.netloc)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        where = url.split("?", 1)[0]
        hdrs = {"User-Agent": "govkg", **(headers or {})}
        if self.auth:
            hdrs["Authorization"] = self.auth
        for attempt in (0, 1):
            conn = self._conns.get(key)
            if conn is None:
                cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
                conn = self._conns[key] = cls(parts.netloc, timeout=self.timeout)
            try:
                conn.request(method, target, body=body, headers=hdrs)
                resp = conn.getresponse()
                data = resp.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                conn.close()
                self._conns.pop(key, None)
                if attempt:  # a kept-alive connection may have been closed by the server: retry once
                    raise StoreError(f"endpoint closed the connection ({exc})", path=where) from None
            except TimeoutError:
                conn.close()
                self._conns.pop(key, None)
                raise StoreError(f"endpoint did not answer within {self.timeout:g} s", path=where) from None
            except OSError as exc:
                conn.close()
                self._conns.pop(key, None)
                raise StoreError(f"cannot reach the endpoint ({exc.strerror or exc})", path=where,
                                 hint="check the URL and that the server is running") from None
        if resp.status in ok:
            return data
        message = " ".join(data.decode("utf-8", "replace").split())[:300]
        if resp.status in (401, 403):
            raise StoreError(f"endpoint refused access (HTTP {resp.status} {resp.reason})", path=where,
                             hint="set GOVKG_ENDPOINT_TOKEN, or GOVKG_ENDPOINT_USER and GOVKG_ENDPOINT_PASSWORD")
        if resp.status == 400 and method != "PUT" and url == self.query_url:
            raise QueryError(f"malformed SPARQL: {message}", path=where)
        raise StoreError(f"endpoint failed (HTTP {resp.status} {resp.reason}"
                         + (f": {message}" if message else "") + ")", path=where)

    def close(self) -> None:
        """Close the kept-alive connections."""
        for conn in self._conns.values():
            conn.close()
        self._conns.clear()

    def __enter__(self) -> "RemoteStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reads
    def query(self, sparql: str, bindings: dict | None = None, union: bool = True,
              timeout: float | None = None) -> QueryResult:
        """Run a SPARQL query on the endpoint; parameters are bound with ``VALUES``.

        Raises:
            QueryError: the endpoint rejected the query as malformed.
            StoreError: the endpoint is unreachable or failed.
        """
        text = inject_values(sparql, bindings or {})
        check_query(text)
        url = self.query_url
        if self.union_param and union:
            url += ("&" if "?" in url else "?") + "union-default-graph"
        data = self._request("POST", url, text.encode("utf-8"),
                             {"Content-Type": "application/sparql-query; charset=utf-8",
                              "Accept": RESULTS_JSON})
        try:
            return parse_json_results(data)
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"endpoint sent unreadable SPARQL results ({exc})", path=self.query_url) from None

    def reports(self) -> list[ReportInfo]:
        """Return every report graph with its source, year and reporting unit."""
        return _report_infos(self.query(REPORTS_QUERY, union=False))

    # -- writes
    def update(self, text: str) -> None:
        """Send one SPARQL Update request."""
        self._request("POST", self.update_url, text.encode("utf-8"),
                      {"Content-Type": "application/sparql-update; charset=utf-8"})

    def replace_report_graphs(self, source, batch_quads: int | None = None, bulk: bool = False) -> LoadResult:
        """Replace each report's named graph on the endpoint (PUT per graph, or batched Update).

        ``bulk`` is accepted for the common signature; every request is already one transaction.

        Raises:
            InputError: the source cannot be parsed (nothing is sent).
            StoreError: the endpoint refused or failed; graphs sent before stay replaced,
                the one in flight is left as it was (each request is one transaction).
        """
        ox = _ox()
        start = time.perf_counter()
        groups = group_quads(source)
        total = sum(len(q) for q in groups.values())
        limit = batch_quads or self.batch_quads
        if self.method == "gsp":
            for g, quads in groups.items():
                self._request("PUT", self.gsp_url + "?graph=" + urllib.parse.quote(g, safe=""),
                              ntriples_body(quads).encode("utf-8"),
                              {"Content-Type": "application/n-triples"})
        else:
            parts, size = [], 0
            for g, quads in groups.items():
                node = ox.NamedNode(g)
                parts.append(f"DROP SILENT GRAPH {node} ;\nINSERT DATA {{ GRAPH {node} {{\n"
                             f"{ntriples_body(quads)}}} }}")
                size += len(quads)
                if size >= limit:
                    self.update(" ;\n".join(parts))
                    parts, size = [], 0
            if parts:
                self.update(" ;\n".join(parts))
        return LoadResult(reports=tuple(groups), quads=total, seconds=time.perf_counter() - start)

    def remove_report(self, ref: str) -> list[str]:
        """Drop the report graph named ``ref`` (its IRI or its source path).

        Raises:
            StoreError: no report matches ``ref``, or the endpoint failed.
        """
        ox = _ox()
        q, bindings = find_report_query(ref)
        graphs = [row[0].value for row in self.query(q, bindings).rows]
        if not graphs:
            raise StoreError(f"no report {ref!r} at the endpoint", path=self.url,
                             hint="see the reports with: govkg query reports_by_unit_year")
        self.update(" ;\n".join(f"DROP GRAPH {ox.NamedNode(g)}" for g in graphs))
        return graphs

    def export(self, path) -> int:
        """Write every report graph on the endpoint to ``path`` (.nq or .trig) atomically.

        Raises:
            OutputError: unknown suffix or the folder cannot be written.
            StoreError: the endpoint failed.
        """
        ox = _ox()
        fmt = export_format(path)
        # one request per graph keeps quads attached to their graph on every server
        graphs = [i.iri for i in self.reports()]
        quads = []
        for g in graphs:
            body = self._request("GET", self.gsp_url + "?graph=" + urllib.parse.quote(g, safe=""),
                                 headers={"Accept": "application/n-triples"})
            for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
                quads.append(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g)))

        def write(tmp):
            ox.serialize(quads, tmp, format=fmt)

        write_atomically(path, write)
        return len(quads)
