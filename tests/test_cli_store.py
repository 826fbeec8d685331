"""``govkg load / remove / export / query / serve`` through the real entry point: exit codes,
exact error lines, and loading while a server runs."""

from __future__ import annotations

import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("pyoxigraph")

from cli_process import error_line, govkg  # noqa: E402

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "store" / "three_reports.trig"
ID = "https://w3id.org/govkg/id/"
A, B, C = (f"{ID}report/{c * 16}" for c in "abc")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"




@pytest.fixture
def loaded(tmp_path):
    store = tmp_path / "store"
    proc = govkg("load", "--store", store, FIXTURE)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"loaded 3 reports (210 quads) into {store} in ")
    return store


def test_cli_store_load_query_remove_export(loaded, tmp_path):
    again = govkg("load", "--store", loaded, FIXTURE)
    assert again.stdout.startswith(f"loaded 3 reports (210 quads, 3 replaced) into {loaded} in ")
    q = govkg("query", "outcomes_by_keyword", "--param", "keyword=满意率", "--format", "csv", "--store", loaded)
    assert q.returncode == 0, q.stderr
    assert q.stdout.splitlines() == [
        "unit_label,year,indicator,value,unit_of_measure,evidence,report",
        f"北京市西城区司法局,2021,满意率,98.5,%,办理行政复议案件46件，群众满意率98.5%。,{B}"]
    r = govkg("remove", "reports/guangnei-2021.txt", "--store", loaded)
    assert (r.returncode, r.stdout) == (0, f"removed {C}\n")
    out = tmp_path / "all.nq"
    e = govkg("export", "-o", out, "--store", loaded)
    assert e.returncode == 0 and len(out.read_text(encoding="utf-8").splitlines()) == 210 - 17
    env_q = govkg("query", COUNT, "-f", "tsv", env={"GOVKG_STORE": str(loaded)})
    assert env_q.stdout.splitlines() == ["?n", '"193"^^<http://www.w3.org/2001/XMLSchema#integer>']


def test_cli_store_query_list():
    proc = govkg("query", "--list")
    assert proc.returncode == 0
    names = [line.split()[0] for line in proc.stdout.splitlines()]
    assert len(names) >= 14 and "reports_missing_parts" in names


@pytest.mark.parametrize("args, expected", [
    (["query", "outcomes_by_keyword"],
     "Error: query outcomes_by_keyword needs parameter ?keyword (string); add --param keyword=VALUE"),
    (["query", "unit_measures", "-p", "unit=unit/x", "-p", "colour=red"],
     "Error: query unit_measures has no parameter ?colour; it takes: ?unit (IRI)"),
    (["query", "planned_measures_by_year", "-p", "year=next"],
     "Error: --param year: 'next' is not a valid integer"),
    (["remove", "nosuch.txt"], "Error: {store}: no report 'nosuch.txt' in the store; "
                               "see the reports with: govkg query reports_by_unit_year"),
    (["export", "-o", "{tmp}/out.ttl"], "Error: {tmp}/out.ttl: cannot export to .ttl; "
                                        "use .nq or .trig (formats that keep named graphs)"),
])
def test_cli_store_errors_are_one_line(loaded, tmp_path, args, expected):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    proc = govkg(*args, "--store", loaded)
    assert error_line(proc) == expected.replace("{store}", str(loaded)).replace("{tmp}", str(tmp_path))


def test_cli_store_unknown_query_lists_names(loaded):
    line = error_line(govkg("query", "nosuch", "--store", loaded))
    assert line.startswith("Error: unknown query 'nosuch'; known queries: ")
    assert {"indicator_across_units", "unit_measures"} <= set(line.split("known queries: ")[1].split(", "))


def test_cli_store_malformed_sparql_has_line_and_column(loaded):
    line = error_line(govkg("query", "SELECT * WHERE {\n ?s ?p\n}", "--store", loaded))
    assert line.startswith("Error: malformed SPARQL at line 3, column ") and "\\u{" not in line


def test_cli_store_bad_rdf_file_leaves_store(loaded, tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text('<http://a> <http://b> "x\n', encoding="utf-8")
    proc = govkg("load", "--store", loaded, bad)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"Error: {bad}: is not valid RDF (")
    count = govkg("query", COUNT, "-f", "csv", "--store", loaded)
    assert count.stdout.splitlines()[1] == "210"


def test_cli_store_locked_store(loaded):
    holder = subprocess.Popen([sys.executable, "-c", "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
                               "print('ready', flush=True); sys.stdin.read()", str(loaded)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        line = error_line(govkg("load", "--store", loaded, FIXTURE))
        assert line == (f"Error: {loaded}: store is locked by another process; wait for that process to "
                        "finish, stop it, or load through the running server with --endpoint")
        # a server cannot start over a store another process writes to
        serve = error_line(govkg("serve", "--store", loaded, "--port", "0"))
        assert serve.startswith(f"Error: {loaded}: store is locked by another process;")
    finally:
        holder.stdin.close()
        holder.wait(10)


def test_cli_store_query_missing_store(tmp_path):
    line = error_line(govkg("query", COUNT, "--store", tmp_path / "none"))
    assert line == f"Error: {tmp_path / 'none'}: no store here; load reports first with govkg load"


# ---------------------------------------------------------------- endpoints that fail
class _Stub(http.server.BaseHTTPRequestHandler):
    status = 500

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = b"database exploded\n"
        self.send_response(self.server.status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def stub():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("status, expected", [
    (401, "endpoint refused access (HTTP 401 Unauthorized); set GOVKG_ENDPOINT_TOKEN, "
          "or GOVKG_ENDPOINT_USER and GOVKG_ENDPOINT_PASSWORD"),
    (500, "endpoint failed (HTTP 500 Internal Server Error: database exploded)"),
])
@pytest.mark.parametrize("command", ["query", "load"])
def test_cli_store_endpoint_http_errors(stub, status, expected, command):
    stub.status = status
    url = f"http://127.0.0.1:{stub.server_port}"
    if command == "query":
        proc, where = govkg("query", COUNT, "--endpoint", url), f"{url}/query"
    else:
        proc, where = govkg("load", FIXTURE, "--endpoint", url), f"{url}/store"
    assert error_line(proc) == f"Error: {where}: {expected}"


def test_cli_store_unreachable_endpoint():
    from govkg.queries.serve import free_port

    url = f"http://127.0.0.1:{free_port()}"
    line = error_line(govkg("query", COUNT, "--endpoint", url))
    assert line == (f"Error: {url}/query: cannot reach the endpoint (Connection refused); "
                    "check the URL and that the server is running")


# ---------------------------------------------------------------- serve
@pytest.fixture
def served(loaded, request):
    views = loaded / "views"
    views.mkdir()
    (views / "units.html").write_text("<!DOCTYPE html><title>单位</title><p>单位图</p>", encoding="utf-8")
    extra = getattr(request, "param", [])
    proc = subprocess.Popen([sys.executable, "-m", "govkg", "serve", "--store", str(loaded), "--port", "0", *extra],
                            stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    assert line.startswith("serving http://127.0.0.1:"), line
    url = line.split()[1]
    yield url, loaded
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(20) == 0
    proc.stderr.close()


def http_get(url, accept="application/sparql-results+json", data=None, ctype=None, method=None):
    req = urllib.request.Request(url, data=data, method=method, headers={"Accept": accept})
    if ctype:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type"), resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type"), err.read().decode("utf-8")


@pytest.mark.parametrize("accept, ctype, body", [
    ("application/sparql-results+json", "application/sparql-results+json",
     '{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"3",'
     '"datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}'),
    ("text/csv", "text/csv; charset=utf-8", "n\r\n3\r\n"),
    # SPARQL 1.1 TSV lets integers take Turtle's short form
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", "?n\n3\n"),
])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_cli_store_serve_protocol_negotiates(served, accept, ctype, body, method):
    url, _ = served
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/govkg/ontology#Report> }"
    if method == "GET":
        got = http_get(url + "query?query=" + urllib.parse.quote(q), accept)
    else:
        got = http_get(url + "query", accept, data=q.encode(), ctype="application/sparql-query")
    assert got == (200, ctype, body)


def test_cli_store_serve_xml_results(served):
    url, _ = served
    status, ctype, body = http_get(url + "query?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"),
                                   "application/sparql-results+xml")
    assert (status, ctype) == (200, "application/sparql-results+xml")
    assert "<boolean>true</boolean>" in body


@pytest.mark.parametrize("path, data, ctype, method", [
    ("update", b"CLEAR ALL", "application/sparql-update", "POST"),
    ("query", b"update=CLEAR%20ALL", "application/x-www-form-urlencoded", "POST"),
    ("sparql", b"CLEAR ALL", "application/sparql-update", "POST"),
    ("store?graph=" + urllib.parse.quote(A, safe=""), b"<http://a> <http://b> <http://c> .",
     "application/n-triples", "PUT"),
    ("store?graph=" + urllib.parse.quote(A, safe=""), None, None, "DELETE"),
])
def test_cli_store_serve_refuses_updates(served, path, data, ctype, method):
    url, store = served
    status, _, body = http_get(url + path, data=data, ctype=ctype, method=method)
    assert status == 403 and "read-only" in body
    count = govkg("query", COUNT, "-f", "csv", "--store", store)
    assert count.stdout.splitlines()[1] == "210"


def test_cli_store_serve_page_views_and_named(served):
    url, _ = served
    assert http_get(url, "text/html")[:2] == (200, "text/html; charset=utf-8")
    assert http_get(url + "views/units.html", "text/html") == (
        200, "text/html; charset=utf-8", "<!DOCTYPE html><title>单位</title><p>单位图</p>")
    assert http_get(url + "views/../govkg-store.json")[0] == 404
    status, _, body = http_get(url + "named/outcomes_by_keyword?keyword=" + urllib.parse.quote("满意率"), "text/csv")
    assert (status, body.splitlines()[1].split(",")[:4]) == (200, ["北京市西城区司法局", "2021", "满意率", "98.5"])
    assert http_get(url + "named/outcomes_by_keyword")[:2] == (400, "text/plain; charset=utf-8")


def test_cli_store_load_while_serving_read_only_is_refused(served, tmp_path):
    url, store = served
    new = tmp_path / "d.nq"
    new.write_text(f"<{ID}report/dddddddddddddddd> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                   f"<https://w3id.org/govkg/ontology#Report> <{ID}report/dddddddddddddddd> .\n", encoding="utf-8")
    pid = json.loads((store / "govkg-server.json").read_text(encoding="utf-8"))["pid"]
    assert error_line(govkg("load", "--store", store, new)) == (
        f"Error: {store}: store is served read-only by govkg serve (pid {pid}) at {url}; "
        "stop it to write, or serve it with --writable to write through it")
    # reads still go through it
    count = govkg("query", COUNT, "-f", "csv", "--store", store)
    assert count.stdout.splitlines()[1] == "210"


@pytest.mark.parametrize("served", [["--writable"]], indirect=True)
def test_cli_store_load_while_serving_goes_through_server(served, tmp_path):
    url, store = served
    new = tmp_path / "d.nq"
    d = f"{ID}report/dddddddddddddddd"
    new.write_text(f"<{d}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                   f"<https://w3id.org/govkg/ontology#Report> <{d}> .\n", encoding="utf-8")
    proc = govkg("load", "--store", store, new)
    assert proc.returncode == 0, proc.stderr
    assert "owns" in proc.stderr and "going through it" in proc.stderr
    # the server answers with the new report at once: no stale data
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/govkg/ontology#Report> }"
    assert http_get(url + "query?query=" + urllib.parse.quote(q), "text/csv")[2] == "n\r\n4\r\n"
    removed = govkg("remove", "--store", store, d)
    assert removed.stdout == f"removed {d}\n"
    assert http_get(url + "query?query=" + urllib.parse.quote(q), "text/csv")[2] == "n\r\n3\r\n"
    second = govkg("serve", "--store", store, "--port", "0")
    assert error_line(second).startswith(f"Error: {store}: already served by govkg serve (pid ")


def test_cli_store_server_file_points_at_loopback(served):
    url, store = served
    info = json.loads((store / "govkg-server.json").read_text(encoding="utf-8"))
    assert info["public_url"] == url and info["writable"] is False
    assert info["internal_url"].startswith("http://127.0.0.1:")


def test_cli_store_serve_stops_cleanly(loaded):
    proc = subprocess.Popen([sys.executable, "-m", "govkg", "serve", "--store", str(loaded), "--port", "0"],
                            stderr=subprocess.PIPE, text=True)
    assert proc.stderr.readline().startswith("serving ")
    info = json.loads((loaded / "govkg-server.json").read_text(encoding="utf-8"))
    proc.send_signal(signal.SIGINT)
    assert proc.wait(20) == 0
    proc.stderr.close()
    assert not (loaded / "govkg-server.json").exists()
    with pytest.raises(ProcessLookupError):
        os.kill(info["oxigraph_pid"], 0)
    count = govkg("query", COUNT, "-f", "csv", "--store", loaded)
    assert count.stdout.splitlines()[1] == "210"


# ---------------------------------------------------------------- remote endpoint, real server
@pytest.fixture(scope="module")
def oxigraph_rw(tmp_path_factory):
    from govkg.queries.serve import free_port, start_oxigraph, stop_process

    port = free_port()
    proc = start_oxigraph(tmp_path_factory.mktemp("remote") / "db", port)
    yield f"http://127.0.0.1:{port}"
    stop_process(proc)


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_cli_store_remote_load_query_remove(oxigraph_rw, method):
    url = oxigraph_rw
    for _ in range(2):  # loading twice leaves the same 210 quads
        proc = govkg("load", FIXTURE, "--endpoint", url, "--update-method", method)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith(f"loaded 3 reports (210 quads) into {url} in ")
    count = govkg("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "-f", "csv", "--endpoint", url)
    assert count.stdout.splitlines() == ["n", "210"]
    q = govkg("query", "report_outcomes", "-p", f"report={A}", "-f", "csv", "--endpoint", url)
    assert q.stdout.splitlines()[1:] == ["主任办公会,27,次,false,召开主任办公会27次。",
                                         "合同审查,120,份,false,街道法律顾问团全年审查合同120份。"]
    r = govkg("remove", A, "--endpoint", url)
    assert r.stdout == f"removed {A}\n"
    count = govkg("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "-f", "csv", "--endpoint", url)
    assert count.stdout.splitlines() == ["n", str(210 - 105)]


class _Recorder(_Stub):
    seen: list = []

    def _answer(self):
        self.seen.append(self.headers.get("Authorization"))
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = b'{"head":{"vars":["n"]},"results":{"bindings":[]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer


@pytest.mark.parametrize("env, header", [
    ({"GOVKG_ENDPOINT_TOKEN": "t0k3n"}, "Bearer t0k3n"),
    ({"GOVKG_ENDPOINT_USER": "ann", "GOVKG_ENDPOINT_PASSWORD": "s3cret"}, "Basic YW5uOnMzY3JldA=="),
    ({}, None),
])
def test_cli_store_endpoint_auth_from_env(env, header):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        _Recorder.seen = []
        proc = govkg("query", COUNT, "--endpoint", f"http://127.0.0.1:{server.server_port}", env=env)
        assert proc.returncode == 0, proc.stderr
        assert _Recorder.seen == [header]
    finally:
        server.shutdown()
        server.server_close()


def test_cli_store_stale_server_record_is_ignored(loaded):
    from govkg.queries.serve import free_port

    # a record left by a server that died, whose pid now belongs to a live process
    (loaded / "govkg-server.json").write_text(json.dumps(
        {"pid": os.getpid(), "internal_url": f"http://127.0.0.1:{free_port()}",
         "public_url": "http://127.0.0.1:1/"}), encoding="utf-8")
    count = govkg("query", COUNT, "-f", "csv", "--store", loaded)
    assert (count.returncode, count.stdout.splitlines()) == (0, ["n", "210"])
    assert count.stderr == ""


def test_cli_store_serve_large_post_with_expect_continue(served):
    import http.client

    url, _ = served
    parts = urllib.parse.urlsplit(url)
    # a long query: clients such as curl send 'Expect: 100-continue' before such a body
    q = ("SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/govkg/ontology#Report> }" + " " * 4000 + "\n")
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    for _ in range(2):  # the connection stays usable afterwards
        conn.request("POST", "/query", body=q.encode(), headers={
            "Content-Type": "application/sparql-query", "Accept": "text/csv", "Expect": "100-continue"})
        resp = conn.getresponse()
        assert (resp.status, resp.read()) == (200, b"n\r\n3\r\n")
    conn.close()


def test_cli_store_serve_relays_large_results(served):
    url, _ = served
    q = "SELECT ?a ?c ?d ?f WHERE { ?a ?b ?c . ?d ?e ?f }"  # 210 x 210 rows, several MB of JSON
    status, _, body = http_get(url + "query?query=" + urllib.parse.quote(q))
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 210 * 210


def test_cli_store_front_times_out_slow_queries():
    import asyncio

    from govkg.queries.serve import Front

    async def scenario():
        async def silent(reader, writer):  # an upstream that never answers
            await reader.read()
            writer.close()

        upstream = await asyncio.start_server(silent, "127.0.0.1", 0)
        front = Front(upstream.sockets[0].getsockname()[:2], timeout=0.3)
        server = await asyncio.start_server(front.handle, "127.0.0.1", 0)
        reader, writer = await asyncio.open_connection(*server.sockets[0].getsockname()[:2])
        writer.write(b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = await asyncio.wait_for(reader.read(), 10)
        writer.close()
        server.close()
        upstream.close()
        return answer

    answer = asyncio.run(scenario())
    assert answer.startswith(b"HTTP/1.1 503 ")
    assert answer.endswith(b"query timed out after 0.3 s\n")


@pytest.mark.parametrize("raw, status", [
    (b"GET /query HTTP/1.1\r\nContent-Length: x\r\n\r\n", b"400"),
    (b"POST /query HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", b"411"),
    (b"BREW /pot HTCPCP/1.0\r\n\r\n", b"400"),
])
def test_cli_store_serve_rejects_bad_http(served, raw, status):
    import socket

    url, _ = served
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(raw)
        assert sock.recv(200).split(b" ")[1] == status
    assert http_get(url + "query?query=" + urllib.parse.quote("ASK {}"), "text/csv")[0] == 200  # still serving


def test_cli_store_load_skips_inputs_already_loaded(tmp_path):
    report = Path(__file__).resolve().parents[1] / "examples" / "city-bureau-2021.txt"
    store = tmp_path / "st"
    first = govkg("load", report, "--store", store, "--workers", "1")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("loaded 1 report (")
    again = govkg("load", report, "--store", store, "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"loaded 0 reports (0 quads) into {store} in ")
    assert again.stdout.rstrip().endswith("; 1 already loaded, skipped (--reload loads them again)")
    forced = govkg("load", report, "--store", store, "--workers", "1", "--reload")
    assert forced.returncode == 0 and ", 1 replaced)" in forced.stdout


def test_cli_store_views_read_from_an_endpoint(oxigraph_rw, tmp_path):
    # issue 11: visualize and stats had no --endpoint
    from govkg.graph.remote import RemoteStore

    url = oxigraph_rw

    with RemoteStore(url, auth=None) as remote:
        remote.update("CLEAR ALL")
    assert govkg("load", FIXTURE, "--endpoint", url).returncode == 0
    stats = govkg("stats", "--endpoint", url)
    assert stats.returncode == 0, stats.stderr
    assert "  reports 3  measures 6  units 4  instruments 3  outcomes 6  shortcomings 2\n" in stats.stdout
    view = govkg("visualize", "--endpoint", url, "-o", tmp_path / "v.html")
    assert view.returncode == 0, view.stderr
    assert view.stderr.startswith(f"wrote {tmp_path / 'v.html'}: 6 nodes, 5 edges")
    both = govkg("stats", "--endpoint", url, "--store", tmp_path / "s")
    assert error_line(both) == "Error: give --endpoint alone, without a graph file or --store"
