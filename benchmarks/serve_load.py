"""Bounded loopback load test of ``govkg serve``: N concurrent keep-alive clients for S seconds.

Starts ``govkg serve`` on a temporary store loaded with the hand-written fixture (or uses
``--url``), runs a simple SPARQL query from ``--clients`` connections (default 16) for
``--seconds`` (default 10, at most 60), and prints requests, errors, throughput and
p50/p95/p99 latency. ``--direct`` runs the same load on the private Oxigraph port too.

    .venv/bin/python benchmarks/serve_load.py --seconds 10
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


async def _run(url, clients, seconds):
    parts = urllib.parse.urlsplit(url)
    target = "/query?query=" + urllib.parse.quote(QUERY)
    request = (f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
               f"Accept: application/sparql-results+json\r\n\r\n").encode()
    latencies, errors = [], []
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()
    results = await asyncio.gather(*[_client(parts.hostname, parts.port, request, deadline, latencies, errors)
                                     for _ in range(clients)], return_exceptions=True)
    elapsed = time.perf_counter() - start
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
        proc = subprocess.Popen([sys.executable, "-m", "govkg", "serve", "--store", store, "--port", str(port)],
                                stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/"
        wait_for_http(url, proc)
        time.sleep(0.5)
    try:
        report(f"govkg serve, {args.clients} clients", *asyncio.run(_run(url, args.clients, seconds)))
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
