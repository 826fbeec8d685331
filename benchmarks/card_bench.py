"""Benchmark the store-wide report card and the queries behind it on generated reports.

Generates ``--reports`` reports shaped like extracted ones (a text of ~4,000 characters with the
four statutory parts, 30 measures with task areas, 10 outcomes with indicator concepts, cited
instruments, a signature date; each unit reports on five consecutive years, so plan follow-up
has previous years to look at), loads them into the embedded store, then prints p50/p95 of:
every query the store card runs (the checks' queries per chunk of reports), the whole store card
on the freshly loaded store (every report checked as the card is made), `govkg check` (queries +
Python, then writing the checks graph), the named queries of issue 10 and the store card again
(reading the results `govkg check` kept).

    .venv/bin/python benchmarks/card_bench.py                    # quick: 1,000 reports
    .venv/bin/python benchmarks/card_bench.py --reports 10000    # the acceptance run
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

GOV = "https://w3id.org/govkg/ontology#"
ID = "https://w3id.org/govkg/id/"
TA = "https://w3id.org/govkg/task-area/"
IND = "https://w3id.org/govkg/indicator/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
KINDS = [("Achievements", "主要举措和成效"), ("Shortcomings", "存在的不足和原因"),
         ("LeadershipDuties", "党政主要负责人履行推进法治建设第一责任人职责情况"), ("NextYearPlans", "下一年度工作安排")]
INDICATORS = [("admin-review-correction-rate", "行政复议纠错率", "%", 0, 30),
              ("litigation-loss-rate", "行政诉讼败诉率", "%", 0, 25),
              ("head-appearance-rate", "行政机关负责人出庭应诉率", "%", 50, 100),
              ("contracts-reviewed", "法律顾问审查合同", "份", 10, 800),
              ("admin-review-cases", "行政复议案件数", "件", 1, 400),
              ("legality-reviews", "合法性审查件数", "件", 5, 300)]
FILLER = "坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻习近平法治思想,扎实推进法治政府建设各项工作。"


def _lit(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _int(n: int) -> str:
    return f'"{n}"^^<{XSD}integer>'


def synth_report(i: int, rng: random.Random) -> list[str]:
    """Return the N-Quads lines of one generated report."""
    r = f"{ID}report/{i:016x}"
    g = f"<{r}>"
    out = []

    def q(s, p, o):
        out.append(f"{s} <{p}> {o} {g} .\n")

    unit_no, year = i // 5, 2018 + i % 5
    unit = f"<{ID}unit/单位{unit_no}县人民政府>"
    q(g, RDF_TYPE, f"<{GOV}Report>")
    q(g, GOV + "year", _int(year))
    q(g, LABEL, _lit(f"单位{unit_no}县人民政府{year}年法治政府建设年度报告"))
    month = rng.choice([1, 2, 3, 3, 4, 5])
    q(g, "http://purl.org/dc/terms/issued", f'"{year + 1}-{month:02d}-{rng.randrange(1, 28):02d}"^^<{XSD}date>')
    q(g, GOV + "reportingUnit", unit)
    q(unit, RDF_TYPE, f"<{GOV}GovernmentUnit>")
    q(unit, LABEL, _lit(f"单位{unit_no}县人民政府"))
    kinds = KINDS if rng.random() > 0.1 else KINDS[:3]
    text = [f"单位{unit_no}县人民政府{year}年法治政府建设年度报告\n", FILLER * 4, "\n"]
    for k, (kind, heading) in enumerate(kinds, 1):
        s = f"<{r}/section/{k}>"
        q(g, GOV + "hasSection", s)
        q(s, RDF_TYPE, f"<{GOV}Section>")
        q(s, GOV + "sectionKind", f"<{GOV}{kind}>")
        q(s, GOV + "heading", _lit(heading))
        q(s, GOV + "ordinal", _int(k))
        text.append(f"{'一二三四'[k - 1]}、{heading}\n")
        if kind == "Shortcomings":
            text.append("一是执法力量不足。" + ("究其原因,主要是编制调整未到位。" if rng.random() > 0.3 else "") + FILLER)
        elif kind == "LeadershipDuties":
            text.append("主要负责人主持召开常务会议专题研究法治工作6次。" + FILLER * 2)
        elif kind == "NextYearPlans":
            text.append("力争年底前完成规章清理3件。" + FILLER * 2)
        else:
            text.append(FILLER * 40 + ("以一起违法建设案为例。" if rng.random() > 0.5 else ""))
        text.append("\n")
    text.append("《法治政府建设实施纲要(2021-2025年)》\n")
    cited: set[int] = set()
    q(g, GOV + "text", _lit("".join(text)))
    for m in range(1, 31):
        node = f"<{r}/measure/{m}>"
        area = f"TA{2 + (m * 7 + i) % 10:02d}"
        q(node, RDF_TYPE, f"<{GOV}Measure>")
        if m > 25:
            q(node, RDF_TYPE, f"<{GOV}PlannedMeasure>")
        q(node, LABEL, _lit(f"推进专项工作{(m + i) % 40}事项"))
        q(node, GOV + "taskArea", f"<{TA}{area}>")
        q(node, GOV + "evidence", _lit(f"推进专项工作{(m + i) % 40}事项,取得明显成效。"))
        if m % 3 == 0:
            o = f"<{r}/outcome/{m}>"
            notation, label, unit_word, lo, hi = INDICATORS[(i + m) % len(INDICATORS)]
            q(node, GOV + "hasOutcome", o)
            q(o, RDF_TYPE, f"<{GOV}Outcome>")
            q(o, GOV + "indicator", _lit(label))
            value = round(rng.uniform(lo, hi), 1) if unit_word == "%" else rng.randrange(lo, hi)
            q(o, GOV + "value", f'"{value}"^^<{XSD}decimal>')
            q(o, GOV + "unit", _lit(unit_word))
            q(o, GOV + "indicatorConcept", f"<{IND}{notation}>")
        if m % 4 == 0:
            n = rng.randrange(300)
            cited.add(n)
            q(node, GOV + "cites", f"<{ID}instrument/法规{n}>")
    for n in sorted(cited):
        q(f"<{ID}instrument/法规{n}>", LABEL, _lit(f"法规{n}"))
    for notation, label, *_ in INDICATORS:
        q(f"<{IND}{notation}>", f"{SKOS}notation", _lit(notation))
        q(f"<{IND}{notation}>", f"{SKOS}prefLabel", _lit(label) + "@zh")
        q(f"<{IND}{notation}>", f"{SKOS}inScheme", f"<{IND}>")
    return out


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def timed(fn, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return times, result


def time_store_card(store, out: Path, repeat: int) -> tuple[list[float], int]:
    """Build and write the store-wide card ``repeat`` times; return the times and its size."""
    from govkg.visual import card

    times, size = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        size = card.write_card(card.store_card(store), out)
        times.append(time.perf_counter() - t)
    return times, size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5, help="runs per query")
    ap.add_argument("--card-repeat", type=int, default=3, help="runs of the whole store card")
    ap.add_argument("--dir", help="work folder (default: a temp folder); an existing store there is reused")
    args = ap.parse_args()

    from govkg.graph.store import EmbeddedStore
    from govkg.queries import checks
    from govkg.queries.runner import run_query
    from govkg.visual import card

    work = Path(args.dir or tempfile.mkdtemp(prefix="govkg-card-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    store_dir = work / f"store-{args.reports}"
    if not store_dir.exists():
        rng = random.Random(42)
        nq = work / "reports.nq"
        t = time.perf_counter()
        with open(nq, "w", encoding="utf-8") as fh:
            for i in range(args.reports):
                fh.writelines(synth_report(i, rng))
        print(f"generated {args.reports} reports ({nq.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f} s")
        with EmbeddedStore(store_dir) as store:
            res = store.replace_report_graphs(nq, bulk=True)
            store.raw.flush()
            print(f"loaded {res.quads:,} quads in {res.seconds:.1f} s")
        nq.unlink()

    with EmbeddedStore(store_dir) as store:
        print(f"store: {len(store):,} quads, {args.reports} reports")
        import pyoxigraph

        store.raw.remove_graph(pyoxigraph.NamedNode(checks.CHECKS_GRAPH))   # start without cached results
        print(f"{'query (govkg check, per chunk of 400)':40} {'p50 ms':>9} {'p95 ms':>9} {'rows':>8}")
        some = [f"{ID}report/{i:016x}" for i in range(4000, 4000 + min(400, args.reports))]
        for name in checks.STORE_QUERIES + ("Q_PLAN_LABELS",):
            times, result = timed(lambda: checks._run(store, getattr(checks, name), some), args.repeat)
            print(f"{'checks.' + name:40} {pct(times, .5) * 1000:9.0f} {pct(times, .95) * 1000:9.0f} {len(result):8}")
        times, result = timed(lambda: run_query(store, checks.Q_REPORTS), args.repeat)
        print(f"{'checks.Q_REPORTS (all)':40} {pct(times, .5) * 1000:9.0f} {pct(times, .95) * 1000:9.0f} "
              f"{len(result.rows):8}")

        out = work / "store-card.html"
        times, size = time_store_card(store, out, args.card_repeat)   # freshly loaded: every report checked now
        print(f"store card, no govkg check before (every report checked now): p50 {pct(times, .5):.1f} s, "
              f"p95 {pct(times, .95):.1f} s over {args.card_repeat} runs")

        t = time.perf_counter()
        results = checks.run_checks(store)
        print(f"govkg check: run_checks {time.perf_counter() - t:.1f} s for {len(results)} reports", end="")
        t = time.perf_counter()
        store.replace_report_graphs(checks.checks_nquads(results), bulk=True)
        print(f", writing the checks graph {time.perf_counter() - t:.1f} s")

        print(f"{'query (the store card)':40} {'p50 ms':>9} {'p95 ms':>9} {'rows':>8}")
        worst = 0.0
        for name in ("Q_HASHES", "Q_SUMMARIES", "Q_REPORTS"):
            times, result = timed(lambda: run_query(store, getattr(checks, name)), args.repeat)
            worst = max(worst, pct(times, .95))
            print(f"{'checks.' + name:40} {pct(times, .5) * 1000:9.0f} {pct(times, .95) * 1000:9.0f} "
                  f"{len(result.rows):8}")
        named = [("task_area_coverage", {"unit": "unit/单位7县人民政府"}), ("units_missing_area", {"area": "TA06", "year": "2020"}),
                 ("reports_failing_check", {"check": "four_parts"}), ("plan_follow_up", {"unit": "unit/单位7县人民政府"}),
                 ("indicator_across_units", {"indicator": "行政复议纠错率"}), ("research_variables", {}),
                 ("task_area_coverage", {}), ("units_missing_area", {})]
        print(f"{'named query (not in the card)':40} {'p50 ms':>9} {'p95 ms':>9} {'rows':>8}")
        for name, params in named:
            times, result = timed(lambda: run_query(store, name, params), args.repeat)
            print(f"{name + (' ' + ','.join(params) if params else ''):40} {pct(times, .5) * 1000:9.0f} "
                  f"{pct(times, .95) * 1000:9.0f} {len(result.rows):8}")

        times, size = time_store_card(store, out, args.card_repeat)
        print(f"store card (results kept by govkg check): p50 {pct(times, .5):.1f} s, p95 {pct(times, .95):.1f} s "
              f"({size / 1e6:.1f} MB) over {args.card_repeat} runs; slowest card query p95 {worst * 1000:.0f} ms")
        t = time.perf_counter()
        card.write_card(card.report_card(store, f"{ID}report/{7:016x}"), work / "report-card.html")
        print(f"one report's card: {time.perf_counter() - t:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
