"""Benchmark the embedded store on synthetic reports shaped like the core vocabulary.

Generates ``--reports`` reports (~400 quads each: sections with statutory kinds, measures with
evidence, responsible units, cited and produced instruments, outcomes, shortcomings), loads
them with ``EmbeddedStore.replace_report_graphs`` (the ``govkg load`` path), then prints:
load rate (quads/s), store size on disk, p50/p95 latency of every named query, and the speed
ratio against rdflib in memory on ``--rdflib-reports`` reports (same queries, same data).

    .venv/bin/python benchmarks/store_bench.py                    # quick: 500 reports
    .venv/bin/python benchmarks/store_bench.py --reports 10000    # the full run
    .venv/bin/python benchmarks/store_bench.py --replace-only     # first load against replacing, 1,000 reports
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

GOV = "https://w3id.org/govkg/ontology#"
ID = "https://w3id.org/govkg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
INDICATORS = ["合同审查", "行政复议案件", "满意率", "主任办公会", "执法检查", "法律顾问咨询", "培训", "复议纠错率"]
KINDS = ["Achievements", "Shortcomings", "LeadershipDuties", "NextYearPlans"]
VERBS = ["制定", "开展", "推进", "完善", "加强", "落实", "组织", "健全"]


def _lit(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _int(n: int) -> str:
    return f'"{n}"^^<{XSD}integer>'


def synth_report(i: int, rng: random.Random, n_units: int = 2000, n_instruments: int = 3000) -> list[str]:
    """Return the N-Quads lines of one synthetic report."""
    r = f"{ID}report/{i:016x}"
    g = f"<{r}>"
    out = []

    def q(s, p, o):
        out.append(f"{s} <{p}> {o} {g} .\n")

    unit_no = i % n_units
    unit = f"<{ID}unit/单位{unit_no}>"
    parent = f"<{ID}unit/单位{unit_no // 10}>"
    year = 2015 + i % 10
    q(g, RDF_TYPE, f"<{GOV}Report>")
    q(g, GOV + "year", _int(year))
    q(g, "http://purl.org/dc/terms/source", _lit(f"reports/r{i}.txt"))
    q(g, LABEL, _lit(f"单位{unit_no}{year}年法治政府建设年度报告"))
    q(g, GOV + "reportingUnit", unit)
    for u, name in ((unit, f"单位{unit_no}"), (parent, f"单位{unit_no // 10}")):
        q(u, RDF_TYPE, f"<{GOV}GovernmentUnit>")
        q(u, LABEL, _lit(name))
    q(unit, "http://www.w3.org/ns/org#subOrganizationOf", parent)
    kinds = KINDS if rng.random() > 0.1 else KINDS[:3]
    sections = []
    for k, kind in enumerate(kinds, 1):
        s = f"<{r}/section/{k}>"
        q(g, GOV + "hasSection", s)
        q(s, RDF_TYPE, f"<{GOV}Section>")
        q(s, GOV + "sectionKind", f"<{GOV}{kind}>")
        q(s, GOV + "heading", _lit(f"第{k}部分"))
        q(s, GOV + "ordinal", _int(k))
        for j in range(1, 3):
            sub = f"<{r}/section/{k}-{j}>"
            q(s, GOV + "hasSection", sub)
            q(sub, RDF_TYPE, f"<{GOV}Section>")
            q(sub, GOV + "ordinal", _int(j))
            sections.append((sub, kind, s))
    cited = set()
    per_part: dict[str, int] = {}
    for m in range(1, 31):
        node = f"<{r}/measure/{m}>"
        sec, kind, part = sections[m % len(sections)]
        verb = VERBS[m % len(VERBS)]
        q(node, RDF_TYPE, f"<{GOV}Measure>")
        if kind == "NextYearPlans":
            q(node, RDF_TYPE, f"<{GOV}PlannedMeasure>")
        q(node, LABEL, _lit(f"{verb}工作事项{m}"))
        q(node, GOV + "evidence", _lit(f"{verb}工作事项{m}，取得明显成效。"))
        q(node, GOV + "evidenceStart", _int(m * 40))
        q(node, GOV + "inSection", sec)
        q(node, GOV + "inPart", part)  # the summary triples the extractor writes
        per_part[part] = per_part.get(part, 0) + 1
        q(node, "http://www.w3.org/ns/prov#wasDerivedFrom", g)
        q(node, GOV + "responsibleUnit", unit if m % 3 else f"<{ID}unit/单位{rng.randrange(n_units)}>")
        if m % 2 == 0:
            inst = min(int(rng.paretovariate(1.1)) - 1, n_instruments - 1)
            cited.add(inst)
            q(node, GOV + "cites", f"<{ID}instrument/法规{inst}>")
        if m % 10 == 0:
            made = f"<{ID}instrument/单位{unit_no}办法{i}-{m}>"
            q(node, GOV + "produces", made)
            q(made, RDF_TYPE, f"<{GOV}LegalInstrument>")
            q(made, LABEL, _lit(f"单位{unit_no}办法{i}-{m}"))
        if m % 3 == 0:
            o = f"<{r}/outcome/{m}>"
            q(node, GOV + "hasOutcome", o)
            q(o, RDF_TYPE, f"<{GOV}Outcome>")
            q(o, GOV + "indicator", _lit(INDICATORS[(i + m) % len(INDICATORS)]))
            q(o, GOV + "value", f'"{rng.randrange(1, 500)}"^^<{XSD}decimal>')
            q(o, GOV + "unit", _lit("件"))
            q(o, GOV + "evidence", _lit(f"完成{INDICATORS[(i + m) % len(INDICATORS)]}若干件。"))
    for part, n in per_part.items():
        q(part, GOV + "measureCount", _int(n))
    for inst in cited:
        q(f"<{ID}instrument/法规{inst}>", RDF_TYPE, f"<{GOV}LegalInstrument>")
        q(f"<{ID}instrument/法规{inst}>", LABEL, _lit(f"法规{inst}"))
    q(g, GOV + "cites", f"<{ID}instrument/法规0>")
    for s in range(1, 4):
        node = f"<{r}/shortcoming/{s}>"
        q(node, RDF_TYPE, f"<{GOV}Shortcoming>")
        q(node, LABEL, _lit(f"问题{s}"))
        q(node, GOV + "evidence", _lit(f"存在问题{s}。"))
    return out


PARAMS = {
    "unit_measures": {"unit": "unit/单位7"},
    "measures_citing_instrument": {"instrument": "instrument/法规5"},
    "outcomes_by_keyword": {"keyword": "满意率"},
    "report_outcomes": {"report": "report/" + f"{7:016x}"},
    "indicator_across_units": {"indicator": "合同审查"},
    "unit_instruments_cited": {"unit": "unit/单位7"},
    "reports_by_unit_year": {"unit": "unit/单位7"},
    "instruments_produced": {"unit": "unit/单位7"},
    "measures_by_responsible_unit": {"responsible": "unit/单位7"},
    "report_shortcomings": {"report": "report/" + f"{7:016x}"},
    "planned_measures_by_year": {"year": "2020"},
    "unit_tree": {"parent": "unit/单位0"},
}


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def replace_bench(work: Path, reports: int, runs: int) -> None:
    """Print a first load of ``reports`` reports against replacing them (same data, and new
    data for the same report graphs), as quads/s: the median of ``runs`` alternating runs."""
    from govkg.graph.store import EmbeddedStore

    files = {}
    for name, seed in (("first", 42), ("changed", 7)):
        files[name] = work / f"replace-{name}.nq"
        rng = random.Random(seed)
        with open(files[name], "w", encoding="utf-8") as fh:
            for i in range(reports):
                fh.writelines(synth_report(i, rng))
    rates: dict[str, list[float]] = {"first load": [], "replace, same data": [], "replace, new data": []}
    for run in range(runs):
        store_dir = work / f"replace-store-{run}"
        with EmbeddedStore(store_dir) as store:
            for label, source in (("first load", files["first"]), ("replace, same data", files["first"]),
                                  ("replace, new data", files["changed"])):
                res = store.replace_report_graphs(source)
                rates[label].append(res.quads / res.seconds)
        import shutil

        shutil.rmtree(store_dir)
    first = statistics.median(rates["first load"])
    print(f"\n{reports:,} reports, median of {runs} runs ({', '.join(f'{r:,.0f}' for r in rates['first load'])} "
          f"quads/s for the first load):")
    for label, values in rates.items():
        rate = statistics.median(values)
        print(f"  {label:20} {rate:10,.0f} quads/s   cost {first / rate:4.2f}x a first load")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=500)
    ap.add_argument("--rdflib-reports", type=int, default=100, help="reports for the rdflib comparison (0: skip)")
    ap.add_argument("--repeat", type=int, default=7, help="runs per query")
    ap.add_argument("--dir", help="work folder (default: a temp folder)")
    ap.add_argument("--replace-reports", type=int, default=1000, help="reports for first load against replace")
    ap.add_argument("--replace-only", action="store_true", help="run only the first load against replace")
    args = ap.parse_args()

    from govkg.graph.store import EmbeddedStore, inject_values
    from govkg.queries.runner import bind_params, load_library, run_query

    work = Path(args.dir or tempfile.mkdtemp(prefix="govkg-bench-"))
    replace_bench(work, args.replace_reports, 3)
    if args.replace_only:
        return 0
    rng = random.Random(42)
    t = time.perf_counter()
    nq = work / "reports.nq"
    with open(nq, "w", encoding="utf-8") as fh:
        for i in range(args.reports):
            fh.writelines(synth_report(i, rng))
    print(f"generated {args.reports} reports into {nq} ({nq.stat().st_size / 1e6:.0f} MB) "
          f"in {time.perf_counter() - t:.1f} s")

    store_dir = work / "store"
    with EmbeddedStore(store_dir) as store:
        res = store.replace_report_graphs(nq)
        store.raw.flush()
        print(f"govkg load (new reports; bulk loader above 100k quads, undoable): {res.quads:,} quads in "
              f"{res.seconds:.1f} s = {res.quads / res.seconds:,.0f} quads/s")
    import pyoxigraph

    raw = pyoxigraph.Store(str(work / "store-bulk"))
    t = time.perf_counter()
    raw.bulk_load(path=str(nq), format=pyoxigraph.RdfFormat.N_QUADS)
    raw.flush()
    dt = time.perf_counter() - t
    print(f"reference: pyoxigraph bulk_load of the same file: {len(raw):,} quads in {dt:.1f} s "
          f"= {len(raw) / dt:,.0f} quads/s")
    del raw
    import shutil

    shutil.rmtree(work / "store-bulk")
    with EmbeddedStore(store_dir) as store:
        sample = work / "sample.nq"
        with open(sample, "w", encoding="utf-8") as fh:
            for i in range(min(100, args.reports)):
                fh.writelines(synth_report(i, random.Random(i)))
        again = store.replace_report_graphs(sample)
        print(f"reload (replace existing: drop, then load): {again.quads:,} quads in "
              f"{again.seconds:.2f} s = {again.quads / again.seconds:,.0f} quads/s")
        store.raw.optimize()
        total_quads = len(store)

        library = load_library()
        lat = {}
        print(f"\n{'query':32} {'rows':>6} {'p50 ms':>9} {'p95 ms':>9}")
        for name in sorted(library):
            params = PARAMS.get(name, {})
            rows = len(run_query(store, name, params).rows)
            times = timed(lambda: run_query(store, name, params), args.repeat)
            lat[name] = times
            print(f"{name:32} {rows:6} {pct(times, .5) * 1000:9.1f} {pct(times, .95) * 1000:9.1f}")

    print(f"\nstore size on disk (closed, optimised): {du(store_dir) / 1e6:.0f} MB for {total_quads:,} quads")

    if args.rdflib_reports:
        from rdflib import Dataset

        n = min(args.rdflib_reports, args.reports)
        small = work / "small.nq"
        with open(small, "w", encoding="utf-8") as fh:
            rng = random.Random(42)
            for i in range(n):
                fh.writelines(synth_report(i, rng))
        t = time.perf_counter()
        ds = Dataset(default_union=True)
        ds.parse(str(small), format="nquads")
        rd_load = time.perf_counter() - t
        print(f"\nrdflib in memory: {len(ds):,} quads loaded in {rd_load:.1f} s "
              f"= {len(ds) / rd_load:,.0f} quads/s")
        with EmbeddedStore(work / "store-small") as ox_small:
            ox_small.replace_report_graphs(small)
            ratios = []
            print(f"{'query':32} {'rdflib ms':>10} {'oxigraph ms':>12} {'speed-up':>9}")
            for name in sorted(library):
                q = library[name]
                params = PARAMS.get(name, {})
                text = inject_values(q.text, bind_params(q, params))
                rd = statistics.median(timed(lambda: list(ds.query(text)), 3))
                ox = statistics.median(timed(lambda: run_query(ox_small, name, params), args.repeat))
                ratios.append(rd / ox)
                print(f"{name:32} {rd * 1000:10.1f} {ox * 1000:12.2f} {rd / ox:8.0f}x")
            print(f"median speed-up over rdflib at {n} reports: {statistics.median(ratios):.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
