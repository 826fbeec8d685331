"""Bounded loopback load test of ``govkg serve``: N concurrent keep-alive clients for S seconds.

Starts ``govkg serve`` on a temporary store loaded with the hand-written fixture (or uses
``--url``), runs a simple SPARQL query from ``--clients`` connections (default 16) for
``--seconds`` (default 10, at most 60), and prints requests, errors, throughput and
p50/p95/p99 latency. ``--direct`` runs the same load on the private Oxigraph port too.
``--hostile`` runs the load twice, side by side: alone (the baseline), then with one hostile
query a second mixed in (in turn: 2,500 nested groups, a five-way cartesian COUNT that runs
into the timeout, a SERVICE call to a loopback port), and prints what the hostile ones got
and whether the server is still up at the end.

    .venv/bin/python benchmarks/serve_load.py --seconds 10
    .venv/bin/python benchmarks/serve_load.py --seconds 60 --hostile --timeout 5
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERY = ("PREFIX gov: <https://w3id.org/govkg/ontology#> SELECT ?r ?y WHERE "
         "{ GRAPH ?r { ?r a gov:Report ; gov:year ?y } } LIMIT 10")


async def _client(host, port, request, deadline, latencies, errors):
    from govkg.queries.serve import _Buffered, _parse_head, _relay_body

    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status_line, headers = _parse_head(head)
            await _relay_body(reader, _Buffered(None), headers)
            if " 200 " not in status_line + " ":
                errors.append(status_line)
            latencies.append(time.perf_counter() - t0)
    finally:
        writer.close()


HOSTILE = [
    ("nested", "SELECT * WHERE " + "{ " * 2500 + "?s ?p ?o" + " }" * 2500),
    ("cartesian", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"),
    ("service", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"),
]


async def _hostile_one(host, port, name, text, outcomes):
    body = urllib.parse.urlencode({"query": text}).encode()
    try:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(b"POST /query HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                     b"Content-Type: application/x-www-form-urlencoded\r\n"
                     + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        status = (await reader.readline()).decode("latin-1").split(" ")[1:2] or ["no answer"]
        outcomes.append((name, status[0]))
        writer.close()
    except (OSError, asyncio.IncompleteReadError) as exc:
        outcomes.append((name, type(exc).__name__))


async def _hostile(host, port, deadline, outcomes):
    """Send one hostile query a second (without waiting for its answer) until ``deadline``."""
    tasks = []
    i = 0
    while time.perf_counter() < deadline:
        name, text = HOSTILE[i % len(HOSTILE)]
        tasks.append(asyncio.create_task(_hostile_one(host, port, name, text, outcomes)))
        i += 1
        await asyncio.sleep(1.0)
    await asyncio.gather(*tasks)


async def _run(url, clients, seconds, hostile=None):
    parts = urllib.parse.urlsplit(url)
    target = "/query?query=" + urllib.parse.quote(QUERY)
    request = (f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
               f"Accept: application/sparql-results+json\r\n\r\n").encode()
    latencies, errors = [], []
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()
    mixed = (asyncio.create_task(_hostile(parts.hostname, parts.port, deadline, hostile))
             if hostile is not None else None)
    results = await asyncio.gather(*[_client(parts.hostname, parts.port, request, deadline, latencies, errors)
                                     for _ in range(clients)], return_exceptions=True)
    elapsed = time.perf_counter() - start
    if mixed is not None:
        await mixed  # the last hostile answers (a timeout) come after the benign clients stop
    errors += [repr(r) for r in results if isinstance(r, BaseException)]
    return latencies, errors, elapsed


def report(label, latencies, errors, elapsed):
    lat = sorted(latencies)
    pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else float("nan")
    print(f"{label}: {len(lat)} requests in {elapsed:.1f} s = {len(lat) / elapsed:,.0f} req/s; "
          f"errors {len(errors)}; p50 {pick(.5):.2f} ms, p95 {pick(.95):.2f} ms, p99 {pick(.99):.2f} ms")
    if errors:
        print("  first error:", errors[0])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="an already running server (default: start govkg serve)")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--direct", action="store_true", help="also load the private Oxigraph port")
    ap.add_argument("--hostile", action="store_true",
                    help="run again with one hostile query a second mixed in, side by side")
    ap.add_argument("--timeout", type=float, default=5.0, help="the served --timeout (default 5 s)")
    args = ap.parse_args()
    seconds = min(args.seconds, 60.0)
    proc = None
    url = args.url
    if not url:
        from govkg.queries.serve import free_port, wait_for_http

        store = tempfile.mkdtemp(prefix="govkg-serve-load-")
        subprocess.run([sys.executable, "-m", "govkg", "load", "--store", store,
                        str(ROOT / "tests/fixtures/store/three_reports.trig")], check=True)
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "govkg", "serve", "--store", store, "--port", str(port),
                                 "--timeout", str(args.timeout)], stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/"
        wait_for_http(url, proc)
        time.sleep(0.5)
    try:
        report(f"govkg serve, {args.clients} clients", *asyncio.run(_run(url, args.clients, seconds)))
        if args.hostile:
            outcomes: list = []
            report(f"govkg serve, {args.clients} clients + 1 hostile query/s",
                   *asyncio.run(_run(url, args.clients, seconds, outcomes)))
            counts: dict = {}
            for name, status in outcomes:
                counts[(name, status)] = counts.get((name, status), 0) + 1
            print("  hostile queries: " + ", ".join(f"{name} -> {status} x{n}" for (name, status), n in sorted(counts.items())))
            up = proc is None or proc.poll() is None
            final = asyncio.run(_run(url, 1, 1.0))
            print(f"  server still up at the end: {'yes' if up and not final[1] else 'NO'}")
        if args.direct and proc is not None:
            info = json.loads((Path(store) / "govkg-server.json").read_text())
            report(f"oxigraph direct, {args.clients} clients",
                   *asyncio.run(_run(info["internal_url"] + "/", args.clients, seconds)))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
