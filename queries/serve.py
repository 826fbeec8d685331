"""``govkg serve``: the Oxigraph server over the store, behind a small asyncio front.

(It lives in the queries layer because it serves the named queries; it imports nothing of
``govkg.visual``: the views folder is served as static files.)

The ``oxigraph`` binary (PyPI package ``oxigraph``) serves the store folder on a private
loopback port with ``--union-default-graph``, supervised by :mod:`govkg.queries.engine`
(restarted if it dies, replaced when a query overruns the timeout): ``serve-read-only``
while the front is read-only (the front then holds the store's lock itself), ``serve``
with ``--writable`` (it holds the RocksDB write lock). Either way no other process writes
behind its back. The front, on the public address, speaks HTTP/1.1 with keep-alive and:

* screens every query and update (:mod:`govkg.queries.screening`: stack-exhausting shapes
  get 400, ``SERVICE``/``LOAD`` 403 unless ``--allow-service``), then forwards SPARQL 1.1
  Protocol queries (GET and POST ``/query`` or ``/sparql``; results in JSON, XML, CSV or TSV
  by the client's ``Accept``) to Oxigraph, byte for byte, cut at the timeout;
* refuses updates and Graph Store writes with 403 unless ``--writable``;
* serves a query page at ``/``, the named queries at ``/named/<name>?param=value``
  (bound as typed terms), and the HTML views folder at ``/views/``.

While it runs, ``<store>/govkg-server.json`` tells ``govkg load/remove/export/query`` to go
through the private port, so loads are seen by the next query and never race the server
(``load``/``remove`` only when it is ``--writable``; read-only, they are refused).
"""

from __future__ import annotations

import asyncio
import html
import json
import mimetypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from govkg.errors import DependencyError, StoreError

MAX_HEAD = 64 * 1024
MAX_BODY = 64 * 1024 * 1024
READ_PATHS = ("/query", "/sparql")


def oxigraph_binary() -> str:
    """Return the path of the ``oxigraph`` server binary.

    Raises:
        DependencyError: the ``oxigraph`` package is not installed.
    """
    here = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if not found:
        raise DependencyError("the oxigraph server binary is not installed",
                              hint="pip install 'oxigraph>=0.5,<0.6'")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that is free on ``host`` right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_for_http(url: str, proc: subprocess.Popen | None = None, timeout: float = 30.0) -> None:
    """Wait until ``url`` answers HTTP.

    Raises:
        StoreError: the process exited first (its last stderr line is in the message) or
            nothing answered within ``timeout`` seconds.
    """
    import http.client

    parts = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
            last = [line for line in err.splitlines() if line.strip()]
            text = last[-1] if last else f"exit code {proc.returncode}"
            if "lock" in text.lower():
                raise StoreError("store is locked by another process", hint="stop the process "
                                 "that has it open (a govkg load or another server) and retry")
            raise StoreError(f"the oxigraph server stopped at start ({text[:300]})")
        try:
            conn = http.client.HTTPConnection(parts.netloc, timeout=2)
            conn.request("GET", "/query?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.05)
    raise StoreError(f"the server at {url} did not answer within {timeout:g} s")


def start_oxigraph(location: str | os.PathLike | None, port: int, *, read_only: bool = False,
                   timeout: float | None = None, union: bool = True, wait: bool = True) -> subprocess.Popen:
    """Start ``oxigraph serve`` (or ``serve-read-only``) on 127.0.0.1:``port``; wait until it answers.

    Args:
        location: the store folder (None: in memory; read-write only).
        port: loopback port to bind.
        read_only: use ``serve-read-only`` (it does not see later writes by others).
        timeout: per-query timeout in seconds.
        union: make the default graph the union of all graphs.
        wait: wait until it answers (else the caller waits, e.g. without blocking its loop).

    Raises:
        DependencyError: the binary is missing.
        StoreError: the server did not start (e.g. the store is locked).
    """
    cmd = [oxigraph_binary(), "serve-read-only" if read_only else "serve",
           "--bind", f"127.0.0.1:{port}"]
    if location is not None:
        cmd += ["--location", str(location)]
    if union:
        cmd.append("--union-default-graph")
    if timeout:
        cmd += ["--timeout-s", str(max(1, round(timeout)))]
    from govkg.queries.engine import die_with_parent

    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, preexec_fn=die_with_parent)
    if not wait:
        return proc
    try:
        wait_for_http(f"http://127.0.0.1:{port}", proc)
    except BaseException:
        stop_process(proc)
        raise
    return proc


def stop_process(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """Stop a child process: SIGTERM, then SIGKILL after ``grace`` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for stream in (proc.stderr, proc.stdout):
        if stream:
            stream.close()


# ---------------------------------------------------------------- HTTP plumbing
class _BadRequest(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


async def _read_head(reader: asyncio.StreamReader) -> bytes | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if exc.partial.strip():
            raise _BadRequest(400, "incomplete request") from None
        return None
    except asyncio.LimitOverrunError:
        raise _BadRequest(431, "request head too large") from None
    return head


def _parse_head(head: bytes) -> tuple[str, list[tuple[str, str]]]:
    lines = head.decode("latin-1").split("\r\n")
    first = lines[0]
    headers = []
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise _BadRequest(400, "malformed header line")
        headers.append((name.strip(), value.strip()))
    return first, headers


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    name = name.lower()
    for k, v in headers:
        if k.lower() == name:
            return v
    return None


class _Buffered:
    """Collect a response and hand it to the transport in few large writes: one ``send``
    per small response instead of one per chunk (the front's main cost under load)."""

    LIMIT = 256 * 1024

    def __init__(self, writer: asyncio.StreamWriter | None, start: bytes = b""):
        self.writer = writer
        self.buf = bytearray(start)

    async def write(self, data: bytes) -> None:
        if self.writer is None:
            return
        self.buf += data
        if len(self.buf) >= self.LIMIT:
            await self.flush()
            await self.writer.drain()

    async def flush(self) -> None:
        if self.writer is not None and self.buf:
            self.writer.write(bytes(self.buf))
            self.buf.clear()


async def _relay_body(reader: asyncio.StreamReader, out: _Buffered,
                      headers: list[tuple[str, str]], *, no_body: bool = False) -> bool:
    """Copy one message body from reader to ``out``; return False if it ends the connection."""
    if no_body:
        return True
    te = (_header(headers, "transfer-encoding") or "").lower()
    if "chunked" in te:
        while True:
            line = await reader.readuntil(b"\r\n")
            await out.write(line)
            size = int(line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while True:  # trailers, then the empty line
                    trailer = await reader.readuntil(b"\r\n")
                    await out.write(trailer)
                    if trailer == b"\r\n":
                        return True
            await out.write(await reader.readexactly(size + 2))
    length = _header(headers, "content-length")
    if length is not None:
        remaining = int(length)
        while remaining:
            data = await reader.read(min(remaining, 1 << 16))
            if not data:
                raise ConnectionResetError("upstream closed mid-body")
            remaining -= len(data)
            await out.write(data)
        return True
    while True:  # no length: the body runs to the end of the connection
        data = await reader.read(1 << 16)
        if not data:
            return False
        await out.write(data)


def _response(status: int, body: bytes | str, ctype: str = "text/plain; charset=utf-8",
              extra: dict | None = None, head_only: bool = False) -> bytes:
    if isinstance(body, str):
        body = body.encode("utf-8")
    reasons = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
               411: "Length Required", 413: "Payload Too Large", 431: "Request Header Fields Too Large",
               500: "Internal Server Error", 502: "Bad Gateway", 501: "Not Implemented",
               503: "Service Unavailable"}
    lines = [f"HTTP/1.1 {status} {reasons.get(status, 'Status')}", f"Content-Type: {ctype}",
             f"Content-Length: {len(body)}", "Server: govkg"]
    for k, v in (extra or {}).items():
        lines.append(f"{k}: {v}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (b"" if head_only else body)


_RETRY = object()  # _forward: the engine went away before answering; the read may be sent again


def screen_request(method, target, headers, body, *, allow_service: bool = False) -> bytes | None:
    """Return the refusal of a query or update that must not reach the engine, or None."""
    from govkg.queries.screening import screen

    refused = screen(method, target, headers, body, allow_service=allow_service)
    if refused is None:
        return None
    return _response(refused[0], refused[1] + "\n", head_only=method == "HEAD")


def _is_read(method, target, headers, body) -> bool:
    from govkg.queries.screening import is_read

    return is_read(method, target, headers, body)


class Front:
    """The public HTTP front of ``govkg serve``.

    Args:
        upstream: (host, port) of the private Oxigraph server.
        views: folder served at ``/views/`` (or None).
        writable: forward updates and Graph Store writes (default: refuse them).
        timeout: seconds a query may take, answer included: no head by then gets 503 (and
            the engine is replaced, which stops the query); a longer answer is cut.
        engine: the supervised Oxigraph process (:class:`~govkg.queries.engine.Engine`), if any:
            replaced on a timeout, waited for while it restarts.
        allow_service: let queries use ``SERVICE`` (federation) and updates ``LOAD``; off, both
            are refused, so the server never fetches a URL a client names.
        pages: an object with ``handles(method, path, headers, query) -> bool`` and
            ``respond(method, path, query, headers)`` returning an answer with ``status``, ``body``,
            ``ctype`` and ``headers``: the app's pages, made in a worker thread.
    """

    def __init__(self, upstream: tuple[str, int], views: Path | None = None, writable: bool = False,
                 timeout: float | None = None, engine=None, allow_service: bool = False, pages=None):
        self.pages = pages  # the page maker (govkg.visual.app.App), handed in by the command line
        self.upstream = upstream
        self.engine = engine
        self.allow_service = allow_service
        self.timeout = timeout
        self.views = views.resolve() if views else None
        self.writable = writable
        self._library = None
        self.requests = 0

    @property
    def library(self):
        if self._library is None:
            from govkg.queries.runner import load_library

            self._library = load_library()
        return self._library

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Serve one client connection (HTTP/1.1 keep-alive, requests in order)."""
        up: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        try:
            while True:
                try:
                    head = await _read_head(reader)
                    if head is None:
                        return
                    first, headers = _parse_head(head)
                    method, target, version = (first.split(" ") + ["", "", ""])[:3]
                    if not version.startswith("HTTP/1."):
                        raise _BadRequest(400, "not an HTTP/1.x request")
                    if "chunked" in (_header(headers, "transfer-encoding") or "").lower():
                        raise _BadRequest(411, "chunked request bodies are not supported; send Content-Length")
                    try:
                        length = int(_header(headers, "content-length") or 0)
                    except ValueError:
                        raise _BadRequest(400, "bad Content-Length") from None
                    if length < 0 or length > MAX_BODY:
                        raise _BadRequest(413, "request body too large")
                    if length and (_header(headers, "expect") or "").lower() == "100-continue":
                        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                    body = await reader.readexactly(length) if length else b""
                except _BadRequest as exc:
                    writer.write(_response(exc.status, exc.message + "\n", extra={"Connection": "close"}))
                    await writer.drain()
                    return
                self.requests += 1
                close = ((_header(headers, "connection") or "").lower() == "close"
                         or (version == "HTTP/1.0" and (_header(headers, "connection") or "").lower() != "keep-alive"))
                local = self._route_local(method, target, headers, body)
                if isinstance(local, _Page):
                    local = await local.make()
                if not isinstance(local, bytes):  # bound for the engine: screen it first
                    local = screen_request(*(local or (method, target, headers, body)),
                                           allow_service=self.allow_service) or local
                if isinstance(local, bytes):
                    writer.write(local)
                else:
                    if local is not None:  # a rewritten request for Oxigraph
                        method, target, headers, body = local
                    up, ok = await self._proxy(up, writer, method, target, headers, body)
                    if not ok:
                        if up is not None:
                            up[1].close()
                        up = None
                        close = True
                await writer.drain()
                if close:
                    return
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError, ValueError):
            return  # the peer went away or broke the protocol: drop this connection only
        finally:
            if up is not None:
                up[1].close()
            writer.close()

    async def _proxy(self, up, writer, method, target, headers, body):
        """Forward one request to Oxigraph within the deadline, retrying a read whose engine
        went away (restarted) before it answered; return ``(upstream, keep_alive)``."""
        deadline = time.monotonic() + self.timeout if self.timeout else None
        retryable = self.engine is not None and _is_read(method, target, headers, body)
        for attempt in range(3):
            if up is None:
                try:
                    up = await asyncio.open_connection(*self.upstream)
                except OSError:
                    if retryable and attempt < 2 and await self.engine.wait_ready(deadline):
                        continue
                    writer.write(_response(502, "the oxigraph server did not answer\n"))
                    return None, False
            ok = await self._forward(up, writer, method, target, headers, body, deadline)
            if ok is _RETRY:
                up[1].close()
                up = None
                if retryable and attempt < 2 and await self.engine.wait_ready(deadline):
                    continue
                writer.write(_response(502, "the oxigraph server did not answer\n"))
                return None, False
            return up, ok
        return up, False

    async def _forward(self, up, writer, method, target, headers, body, deadline: float | None = None):
        ureader, uwriter = up
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.upstream[0]}:{self.upstream[1]}"]
        for k, v in headers:
            if k.lower() not in ("host", "connection", "keep-alive", "proxy-connection", "content-length",
                                 "transfer-encoding", "te", "upgrade", "expect"):
                lines.append(f"{k}: {v}")
        if body or method in ("POST", "PUT"):
            lines.append(f"Content-Length: {len(body)}")
        uwriter.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        def remaining():
            return None if deadline is None else max(0.0, deadline - time.monotonic())

        try:
            rhead = await asyncio.wait_for(ureader.readuntil(b"\r\n\r\n"), remaining())
        except asyncio.TimeoutError:
            writer.write(_response(503, f"query timed out after {self.timeout:g} s\n"))
            if self.engine is not None:
                # Oxigraph cannot cancel a query from outside: replace the process running it.
                self.engine.restart(kill=True)
            return False
        except (asyncio.IncompleteReadError, ConnectionError):
            if self.engine is not None:
                return _RETRY
            writer.write(_response(502, "the oxigraph server did not answer\n"))
            return False
        status_line, rheaders = _parse_head(rhead)
        status = int(status_line.split(" ")[1])
        while 100 <= status < 200:  # interim answers: the body was sent already
            rhead = await ureader.readuntil(b"\r\n\r\n")
            status_line, rheaders = _parse_head(rhead)
            status = int(status_line.split(" ")[1])
        out = _Buffered(writer, rhead)
        try:
            # A streamed answer past the deadline is cut: closing its connection stops Oxigraph.
            return await asyncio.wait_for(
                _relay_body(ureader, out, rheaders, no_body=method == "HEAD" or status in (204, 304)),
                remaining())
        except asyncio.TimeoutError:
            return False
        finally:
            await out.flush()

    # -- routing
    def _route_local(self, method: str, target: str, headers, body: bytes):
        """Return a local response (bytes), a rewritten request (tuple) or None (forward as is)."""
        parts = urllib.parse.urlsplit(target)
        path = parts.path
        head_only = method == "HEAD"
        if self.pages is not None and self.pages.handles(method, path, headers, parts.query):
            return _Page(self.pages, method, path, parts.query, headers)
        if path in ("/", "/index.html") and method in ("GET", "HEAD"):
            return _response(200, self.page(), "text/html; charset=utf-8", head_only=head_only)
        if path == "/queries.json" and method in ("GET", "HEAD"):
            return _response(200, self.queries_json(), "application/json", head_only=head_only)
        if path.startswith("/named/"):
            return self._named(method, path[len("/named/"):], parts.query, headers)
        if path == "/views" or path.startswith("/views/"):
            return self._static(method, path)
        if self.writable:
            return None
        if method in ("GET", "HEAD"):
            if path in READ_PATHS or path == "/store" or path.endswith((".js", ".css", ".svg")):
                return None
            if path == "/update":
                return _response(405, "this server is read-only\n", head_only=head_only)
            return _response(404, "not found\n", head_only=head_only)
        if method == "POST" and path in READ_PATHS:
            ctype = (_header(headers, "content-type") or "").split(";")[0].strip().lower()
            if ctype == "application/sparql-query":
                return None
            if ctype == "application/x-www-form-urlencoded":
                form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
                if "update" not in form and "query" in form:
                    return ("POST", "/query" + (f"?{parts.query}" if parts.query else ""), headers, body)
        return _response(403, "this server is read-only: updates and graph store writes are refused; "
                              "load with govkg load\n")

    def _named(self, method: str, name: str, query: str, headers):
        from govkg.errors import QueryError
        from govkg.graph.store import inject_values
        from govkg.queries.runner import bind_params

        if method not in ("GET", "HEAD"):
            return _response(405, "use GET\n")
        name = urllib.parse.unquote(name)
        q = self.library.get(name)
        if q is None:
            return _response(404, f"unknown query {name!r}; known: {', '.join(sorted(self.library))}\n")
        values = {k: v[-1] for k, v in urllib.parse.parse_qs(query).items()}
        try:
            text = inject_values(q.text, bind_params(q, values))
        except QueryError as exc:
            return _response(400, exc.one_line() + "\n")
        accept = [(k, v) for k, v in headers if k.lower() == "accept"] or [("Accept", "application/sparql-results+json")]
        return ("POST", "/query", accept + [("Content-Type", "application/sparql-query; charset=utf-8")],
                text.encode("utf-8"))

    def _static(self, method: str, path: str) -> bytes:
        if method not in ("GET", "HEAD"):
            return _response(405, "use GET\n")
        if self.views is None or not self.views.is_dir():
            return _response(404, "no views folder; write views with govkg visualize -o <store>/views/NAME.html or pass --views DIR\n")
        rel = urllib.parse.unquote(path[len("/views"):]).lstrip("/")
        target = (self.views / rel).resolve()
        if target != self.views and self.views not in target.parents:
            return _response(404, "not found\n")
        if target.is_dir():
            index = target / "index.html"
            if index.is_file():
                target = index
            else:
                items = sorted(p.name + ("/" if p.is_dir() else "") for p in target.iterdir()
                               if not p.name.startswith("."))
                links = "".join(f'<li><a href="{html.escape(urllib.parse.quote(i))}">{html.escape(i)}</a></li>'
                                for i in items)
                base = "/views/" + (rel.rstrip("/") + "/" if rel else "")
                page = (f'<!DOCTYPE html><meta charset="utf-8"><base href="{html.escape(base)}">'
                        f"<title>views</title><h1>views</h1><ul>{links}</ul>")
                return _response(200, page, "text/html; charset=utf-8", head_only=method == "HEAD")
        if not target.is_file():
            return _response(404, "not found\n")
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        return _response(200, target.read_bytes(), ctype, head_only=method == "HEAD")

    def queries_json(self) -> str:
        return json.dumps([{"name": q.name, "summary": q.summary,
                            "params": [{"name": p.name, "kind": p.kind, "optional": p.optional} for p in q.params],
                            "returns": list(q.returns), "text": q.text}
                           for q in sorted(self.library.values(), key=lambda q: q.name)], ensure_ascii=False)

    def page(self) -> str:
        views = ' · <a href="/views/">views</a>' if self.views and self.views.is_dir() else ""
        mode = "read-write" if self.writable else "read-only"
        return PAGE.replace("{{VIEWS}}", views).replace("{{MODE}}", mode)


class _Page:
    """A page the app makes: built in a worker thread, since it queries the store."""

    def __init__(self, pages, method: str, path: str, query: str, headers):
        self.pages, self.method, self.path, self.query, self.headers = pages, method, path, query, headers

    async def make(self) -> bytes:
        loop = asyncio.get_running_loop()
        try:
            answer = await loop.run_in_executor(None, self.pages.respond, self.method, self.path, self.query,
                                                self.headers)
        except Exception as exc:  # a page failed: one line for the browser, the server goes on
            return _response(500, f"Error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}\n")
        return _response(answer.status, answer.body, answer.ctype, extra=answer.headers,
                         head_only=self.method == "HEAD")


PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>govkg SPARQL</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5em;max-width:80em}
textarea{width:100%;height:14em;font-family:monospace}
table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #ccc;padding:.2em .5em;vertical-align:top}
th{background:#eee}.err{color:#b00;white-space:pre-wrap}label{margin-right:1em}
</style></head><body>
<h1>govkg SPARQL</h1>
<p>SPARQL 1.1 endpoint: <code>/query</code> (GET or POST; {{MODE}}){{VIEWS}}</p>
<p><select id="named"><option value="">— 命名查询 / named queries —</option></select>
<span id="params"></span> <button id="runNamed">运行 / run</button></p>
<p id="summary"></p>
<textarea id="q">SELECT ?report ?year WHERE { GRAPH ?report { ?report a <https://w3id.org/govkg/ontology#Report> ; <https://w3id.org/govkg/ontology#year> ?year } } LIMIT 20</textarea>
<p><button id="run">运行 SPARQL / run SPARQL</button></p>
<div id="out"></div>
<script>
const $ = id => document.getElementById(id);
let queries = [];
function show(res) {
  const out = $("out"); out.textContent = "";
  if (res.boolean !== undefined) { out.textContent = String(res.boolean); return; }
  const vars = res.head.vars, t = document.createElement("table"), hr = t.insertRow();
  vars.forEach(v => { const th = document.createElement("th"); th.textContent = v; hr.appendChild(th); });
  res.results.bindings.forEach(b => { const r = t.insertRow();
    vars.forEach(v => { r.insertCell().textContent = b[v] ? b[v].value : ""; }); });
  const n = document.createElement("p"); n.textContent = res.results.bindings.length + " rows";
  out.appendChild(n); out.appendChild(t);
}
async function call(resp) {
  if (!resp.ok) { $("out").innerHTML = ""; const p = document.createElement("p"); p.className = "err";
    p.textContent = "HTTP " + resp.status + ": " + await resp.text(); $("out").appendChild(p); return; }
  show(await resp.json());
}
$("run").onclick = () => fetch("/query", {method: "POST", headers: {"Content-Type": "application/sparql-query",
  "Accept": "application/sparql-results+json"}, body: $("q").value}).then(call);
$("runNamed").onclick = () => { const name = $("named").value; if (!name) return;
  const ps = new URLSearchParams(); document.querySelectorAll("#params input").forEach(i => { if (i.value) ps.set(i.name, i.value); });
  fetch("/named/" + encodeURIComponent(name) + "?" + ps, {headers: {"Accept": "application/sparql-results+json"}}).then(call); };
$("named").onchange = () => { const q = queries.find(q => q.name === $("named").value); const box = $("params"); box.textContent = "";
  if (!q) return; $("q").value = q.text; $("summary").textContent = q.summary;
  q.params.forEach(p => { const l = document.createElement("label"); l.textContent = p.name + " (" + p.kind + (p.optional ? ", optional" : "") + ") ";
    const i = document.createElement("input"); i.name = p.name; l.appendChild(i); box.appendChild(l); }); };
fetch("/queries.json").then(r => r.json()).then(qs => { queries = qs; qs.forEach(q => { const o = document.createElement("option");
  o.value = q.name; o.textContent = q.name + " — " + q.summary; $("named").appendChild(o); }); });
</script></body></html>
"""


# ---------------------------------------------------------------- the command
def serve(store=None, host: str = "127.0.0.1", port: int = 7878, views=None, writable: bool = False,
          timeout: float = 30.0, ready=None, stop_event=None, allow_service: bool = False, pages=None) -> int:
    """Run ``govkg serve`` until interrupted; return the exit code.

    Args:
        store: the store folder (default ``$GOVKG_STORE`` or ``./govkg-data``).
        host, port: public address (port 0 picks a free one).
        views: HTML views folder for ``/views/`` (default ``<store>/views`` when present).
        writable: let clients send updates and Graph Store writes.
        timeout: per-query timeout in seconds.
        ready: called with the public base URL once the server accepts connections.
        allow_service: let queries use SERVICE and updates LOAD (federation; off by default).
        pages: makes the app's pages: called as ``pages(endpoint=, library=, views=,
            writable=, timeout=)`` (``govkg.visual.app.App``); None serves the plain query page.

    Raises:
        StoreError: the store is locked, already served, or the server did not start.
    """
    from govkg.graph.store import SERVER_FILE, EmbeddedStore, read_server_file, resolve_store_path
    from govkg.queries.engine import Engine, StoreLock

    path = resolve_store_path(store)
    try:
        EmbeddedStore(path).close()  # create it, check its version and that nobody holds the lock
        # Read-only, the engine takes no lock: hold it here so no writer opens the store meanwhile.
        lock = None if writable else StoreLock(path)
    except StoreError as exc:
        running = read_server_file(path)
        if running and "locked" in exc.message:
            raise StoreError(f"already served by govkg serve (pid {running.get('pid')}) at "
                             f"{running.get('public_url')}", path=str(path)) from None
        raise
    views_dir = Path(views) if views else path / "views"
    # Oxigraph's own --timeout-s starts one sleeping thread per query: under load it runs out of
    # threads and answers 500, so the front enforces the timeout instead (see queries/engine.py).
    engine = Engine(path, free_port(), read_only=not writable)
    server_file = path / SERVER_FILE
    try:
        engine.start()
        return _run(_serve_async(engine, path, server_file, host, port, views_dir,
                                 writable, ready, stop_event, timeout, allow_service, pages))
    finally:
        server_file.unlink(missing_ok=True)
        engine.stop()
        if lock is not None:
            lock.release()


def _run(coro):
    """Run ``coro`` on uvloop when it is installed (about twice the requests per second)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


async def _serve_async(engine, path, server_file, host, port, views_dir, writable, ready, stop_event,
                       timeout, allow_service, pages=None):
    from govkg.graph.io import write_atomically

    front = Front(engine.address, views_dir, writable, timeout=timeout, engine=engine,
                  allow_service=allow_service)
    if pages is not None:
        host_, port_ = engine.address
        front.pages = pages(endpoint=f"http://{host_}:{port_}", library=front.library,
                            views=front.views, writable=writable, timeout=timeout)
    server = await asyncio.start_server(front.handle, host, port, limit=MAX_HEAD, backlog=512)
    bound = server.sockets[0].getsockname()
    shown = f"[{bound[0]}]" if ":" in bound[0] else bound[0]
    public = f"http://{shown}:{bound[1]}/"

    def record(proc) -> None:
        info = {"pid": os.getpid(), "oxigraph_pid": proc.pid, "internal_url": f"http://127.0.0.1:{engine.port}",
                "public_url": public, "writable": writable}
        write_atomically(server_file, lambda tmp: Path(tmp).write_text(json.dumps(info) + "\n", encoding="utf-8"))

    record(engine.proc)
    engine.on_restart = record
    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, done.set)
        except (NotImplementedError, RuntimeError):
            pass
    if ready:
        ready(public)

    async def watch():
        # A query can still crash the engine (the guard only knows the shapes we found):
        # start a new one on the same port and store; the front retries reads meanwhile.
        while not done.is_set():
            if not engine.alive():
                await engine.restart(kill=False)
            if stop_event is not None and stop_event.is_set():
                done.set()
                return
            await asyncio.sleep(0.2)

    watcher = asyncio.create_task(watch())
    async with server:
        await done.wait()
    engine.stopping = True
    watcher.cancel()
    return 0


__all__ = ["serve", "Front", "start_oxigraph", "stop_process", "free_port", "oxigraph_binary"]
