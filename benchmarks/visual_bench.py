"""Benchmark the HTML views: generation time and file size for 500 / 5,000 / 20,000-node graphs,
and the time until the 5,000-node view is interactive in headless Chromium.

Run from the repository root:  .venv/bin/python benchmarks/visual_bench.py [--no-browser]

The graphs are synthetic but shaped like ours: reports -> parts -> sections -> measures,
measures -> shared units and instruments, some measures -> outcomes. "Interactive" is the
first vis-network ``afterDrawing`` event, read as ``performance.now()`` (milliseconds since
navigation start), with physics off and positions precomputed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def synthetic_graph(target: int, seed: int = 1):
    """Return a report-shaped view graph with about ``target`` nodes."""
    import networkx as nx

    rng = random.Random(seed)
    G = nx.DiGraph()
    G.graph.update(title=f"synthetic {target}", focus=None, note="")
    units = [f"u{i}" for i in range(max(10, target // 25))]
    instruments = [f"i{i}" for i in range(max(5, target // 50))]
    for u in units:
        G.add_node(u, cls="Unit", full=f"云江市柳溪区第{u[1:]}街道办事处", part="", years=[])
    for i in instruments:
        G.add_node(i, cls="Instrument", full=f"法治政府建设实施纲要第{i[1:]}号", part="", years=[])
    parts = ["主要举措和成效", "存在的不足", "第一责任人职责", "下一年度工作安排"]
    r = 0
    while G.number_of_nodes() < target:
        rid, year = f"r{r}", 2019 + r % 6
        G.add_node(rid, cls="Report", full=f"第{r}号街道{year}年法治政府建设年度报告", part="", years=[year])
        for p, part in enumerate(parts):
            pid = f"{rid}/p{p}"
            G.add_node(pid, cls="Part", full=part, part=part, years=[year])
            G.add_edge(rid, pid, rel="包含")
            for s in range(2):
                sid = f"{pid}/s{s}"
                G.add_node(sid, cls="Section", full=f"({s + 1})健全依法决策机制", part=part, years=[year])
                G.add_edge(pid, sid, rel="包含")
                for m in range(4):
                    mid = f"{sid}/m{m}"
                    G.add_node(mid, cls="Measure", full=f"修订重大行政决策程序规定{r}-{p}-{s}-{m}", part=part,
                               years=[year], tip=[["证据 evidence", "全年审查各类合同120份。" * 3]])
                    G.add_edge(sid, mid, rel="举措")
                    G.add_edge(mid, rng.choice(units), rel="负责")
                    if rng.random() < 0.5:
                        G.add_edge(mid, rng.choice(instruments), rel="引用")
                    if rng.random() < 0.3:
                        oid = f"{mid}/o"
                        G.add_node(oid, cls="Outcome", full="合同审查 120份", part=part, years=[year])
                        G.add_edge(mid, oid, rel="成效")
        r += 1
    for n, d in G.nodes(data=True):
        d.setdefault("label", d["full"][:18])
        d.setdefault("tip", [["名称 name", d["full"]]])
    return G


def synthetic_nquads(reports: int, seed: int = 1) -> str:
    """Return N-Quads for ``reports`` report graphs shaped like the extractor's output."""
    rng = random.Random(seed)
    gov, base = "https://w3id.org/govkg/ontology#", "https://w3id.org/govkg/id/"
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    units = [f"{base}unit/云江市第{i}区人民政府" for i in range(max(20, reports // 5))]
    instruments = [f"{base}instrument/法治建设规定第{i}号" for i in range(max(10, reports // 10))]
    lines = []
    for r in range(reports):
        rep = f"{base}report/{r:016x}"
        g = f"<{rep}>"

        def q(s, p, o):
            lines.append(f"<{s}> {p} {o} {g} .")
        q(rep, rdf_type, f"<{gov}Report>")
        q(rep, label, f'"第{r}号报告"')
        q(rep, f"<{gov}year>", f'"{2019 + r % 6}"^^<http://www.w3.org/2001/XMLSchema#integer>')
        own = rng.choice(units)
        q(rep, f"<{gov}reportingUnit>", f"<{own}>")
        q(own, rdf_type, f"<{gov}GovernmentUnit>")
        q(own, label, f'"{own.rsplit("/", 1)[1]}"')
        for s in range(4):
            sec = f"{rep}/section/{s + 1}"
            q(rep, f"<{gov}hasSection>", f"<{sec}>")
            q(sec, rdf_type, f"<{gov}Section>")
            q(sec, f"<{gov}heading>", f'"第{s + 1}部分"')
            q(sec, f"<{gov}sectionKind>", f"<{gov}{('Achievements', 'Shortcomings', 'LeadershipDuties', 'NextYearPlans')[s]}>")
            for m in range(10):
                mea = f"{rep}/measure/{s}-{m}"
                q(mea, rdf_type, f"<{gov}Measure>")
                q(mea, label, f'"举措{s}-{m}"')
                q(mea, f"<{gov}evidence>", '"全年审查各类合同120份。"')
                q(mea, f"<{gov}inSection>", f"<{sec}>")
                q(mea, "<http://www.w3.org/ns/prov#wasDerivedFrom>", g)
                unit = own if rng.random() < 0.6 else rng.choice(units)
                q(mea, f"<{gov}responsibleUnit>", f"<{unit}>")
                q(unit, rdf_type, f"<{gov}GovernmentUnit>")
                q(unit, label, f'"{unit.rsplit("/", 1)[1]}"')
                if rng.random() < 0.4:
                    inst = rng.choice(instruments)
                    q(mea, f"<{gov}cites>", f"<{inst}>")
                    q(inst, rdf_type, f"<{gov}LegalInstrument>")
                    q(inst, label, f'"{inst.rsplit("/", 1)[1]}"')
    return "\n".join(lines) + "\n"


def rdf_views(reports: int) -> None:
    """Time the overview, stats and one report view on a synthetic store of ``reports``."""
    import pyoxigraph as ox

    from govkg.visual import model
    from govkg.visual.render import build_html
    from govkg.visual.stats import compute_stats

    data = synthetic_nquads(reports)
    store = ox.Store()
    t0 = time.perf_counter()
    store.bulk_load(data.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    print(f"\n{reports:,} synthetic reports, {len(store):,} quads loaded in {time.perf_counter() - t0:.1f} s")
    for name, make in (
        ("overview", lambda: model.overview_graph(store)),
        ("report view", lambda: model.report_graph(store, model.list_reports(store)[0]["report"])),
    ):
        t0 = time.perf_counter()
        G = make()
        t1 = time.perf_counter()
        html, info = build_html(G)
        t2 = time.perf_counter()
        print(f"  {name:12} model {t1 - t0:6.2f} s, render {t2 - t1:5.2f} s: {info.nodes} nodes, "
              f"{info.edges} edges, {info.size / 1e6:.2f} MB" + (f"; note: {info.note}" if info.note else ""))
    t0 = time.perf_counter()
    compute_stats(store)
    print(f"  {'stats':12} {time.perf_counter() - t0:6.2f} s")


def browser_ready_ms(path: Path, runs: int = 3):
    """Open ``path`` in headless Chromium (network blocked) ``runs`` times; return the median
    ms until the first draw, and the ms a search and select took after it."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    exe = next((c for c in CHROMIUM if Path(c).exists()), None)
    if exe is None:
        return None
    readies, finds = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=ARGS, headless=True)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto(path.as_uri())
            # (a selector, not wait_for_function: the page's CSP forbids the eval that polling uses)
            page.wait_for_selector("body[data-ready]", state="attached", timeout=120_000)
            readies.append(page.evaluate("window.__govkgReady"))
            # prove it responds: search and select a node after the first draw
            finds.append(page.evaluate("(() => { const t0 = performance.now(); govkgView.find('第1号'); "
                                       "return performance.now() - t0; })()"))
            page.close()
        browser.close()
    return sorted(readies)[runs // 2], sorted(finds)[runs // 2]


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    from govkg.visual.render import build_html, write_text_atomic

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--sizes", default="500,5000,20000")
    parser.add_argument("--rdf-reports", type=int, default=1000,
                        help="also time the views on a synthetic store of this many reports (0: skip)")
    args = parser.parse_args(argv)
    out = Path(tempfile.mkdtemp(prefix="govkg-visual-bench-"))
    print(f"{'nodes':>7} {'cap':>6} {'drawn':>6} {'edges':>6} {'generate s':>11} {'size MB':>8}")
    pages = {}
    for size in (int(s) for s in args.sizes.split(",")):
        G = synthetic_graph(size)
        for cap in ((5000, None) if G.number_of_nodes() > 5000 else (5000,)):
            t0 = time.perf_counter()
            html, info = build_html(G, cap=cap)
            path = out / f"view-{size}-{cap}.html"
            write_text_atomic(path, html)
            seconds = time.perf_counter() - t0
            pages[(size, cap)] = path
            print(f"{G.number_of_nodes():>7} {str(cap):>6} {info.nodes:>6} {info.edges:>6} "
                  f"{seconds:>11.2f} {info.size / 1e6:>8.2f}")
    if (5000, 5000) in pages:  # the same graph drawn as labelled boxes: outline and groups
        G = synthetic_graph(5000)
        for kind in ("outline", "groups"):
            G.graph.update(layout=kind, focus="r0" if kind == "outline" else None)
            t0 = time.perf_counter()
            html, info = build_html(G, cap=5000)
            path = out / f"view-5000-{kind}.html"
            write_text_atomic(path, html)
            pages[(5000, kind)] = path
            print(f"{G.number_of_nodes():>7} {5000:>6} {info.nodes:>6} {info.edges:>6} "
                  f"{time.perf_counter() - t0:>11.2f} {info.size / 1e6:>8.2f}  ({kind} layout)")
    for key, name in (((5000, 5000), "radial"), ((5000, "outline"), "outline"), ((5000, "groups"), "groups")):
        if args.no_browser or key not in pages:
            continue
        result = browser_ready_ms(pages[key])
        if result is None:
            print("browser: no chromium/playwright; skipped")
            break
        ready, find = result
        print(f"5,000-node view ({name} layout) interactive in Chromium after {ready / 1000:.2f} s "
              f"(first draw since navigation start, median of 3); search+select then took {find:.0f} ms")
    if args.rdf_reports:
        rdf_views(args.rdf_reports)
    print(f"pages in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
