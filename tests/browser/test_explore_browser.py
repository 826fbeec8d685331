"""The views read at first paint, and the reader marks every fact where it was found.

Real headless chromium, offline, at 1600x1000 CSS px. The legibility figures are printed
(run with -s to see them) and asserted: the share of a report view's parts, sections and
measures whose label is drawn at >= 10 CSS px overlapping no other drawn label, and the same
for the 30 most connected nodes of the overview. The bundled examples are measured always;
the real seed report and the dev openings when ../shared is next to the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govkg.cli import main

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEED = sorted((SHARED / "seeds").glob("*.txt"))
DEV = SHARED / "eval" / "dev" / "reports"
CORE = ("Part", "Section", "Measure", "PlannedMeasure", "Shortcoming")

from conftest import Page, legibility  # noqa: E402  (the browser tests' shared helpers)


@pytest.fixture(scope="module")
def examples_graph(tmp_path_factory):
    out = tmp_path_factory.mktemp("examples") / "examples.nq"
    assert main(["extract", str(ROOT / "examples"), "-o", str(out), "--workers", "1"]) == 0
    return out


@pytest.fixture(scope="module")
def shared_graph(tmp_path_factory):
    if not SEED or not DEV.is_dir():
        pytest.skip("../shared (the seed report and the dev openings) is not next to the repository")
    out = tmp_path_factory.mktemp("shared") / "all.nq"
    assert main(["extract", str(SEED[0]), str(DEV), str(ROOT / "examples"), "-o", str(out),
                 "--workers", "1"]) == 0
    return out


def _report_view_legibility(chromium, graph: Path, report: str, out: Path, name: str) -> float:
    page = out / f"{name}.html"
    assert main(["visualize", str(graph), "--report", report, "-o", str(page)]) == 0
    view = Page(chromium, page.as_uri())
    labels = view.labels()
    core = [lab for lab in labels if lab["group"] in CORE]
    legible, smallest = legibility(labels, core)
    share = legible / len(core)
    print(f"\n{name}: {legible}/{len(core)} parts, sections and measures legible ({share:.3f}); "
          f"smallest label {smallest:.1f} px; {len(labels)} nodes")
    assert (view.errors, view.requests) == ([], [])
    view.page.close()
    return share


def _overview_legibility(chromium, graph: Path, out: Path, name: str) -> int:
    page = out / f"{name}.html"
    assert main(["visualize", str(graph), "-o", str(page)]) == 0
    view = Page(chromium, page.as_uri())
    labels = view.labels()
    top = sorted(labels, key=lambda lab: (-lab["deg"], lab["full"]))[:30]
    legible, smallest = legibility(labels, top)
    everything, _ = legibility(labels, labels)
    print(f"\n{name}: {legible}/{len(top)} of the 30 most connected legible (smallest {smallest:.1f} px); "
          f"all nodes {everything}/{len(labels)}")
    assert (view.errors, view.requests) == ([], [])
    view.page.close()
    return legible


@pytest.mark.parametrize("report", ["city-bureau-2021.txt", "county-government-2023.txt", "street-office-2022.txt"])
def test_explore_report_view_legible_examples(chromium, examples_graph, tmp_path, report):
    assert _report_view_legibility(chromium, examples_graph, report, tmp_path, report) >= 0.9


def test_explore_overview_legible_examples(chromium, examples_graph, tmp_path):
    assert _overview_legibility(chromium, examples_graph, tmp_path, "overview-examples") == 30


def test_explore_report_view_legible_seed(chromium, shared_graph, tmp_path):
    assert _report_view_legibility(chromium, shared_graph, SEED[0].name, tmp_path, "seed-report") >= 0.9


def test_explore_overview_legible_seed_dev_examples(chromium, shared_graph, tmp_path):
    assert _overview_legibility(chromium, shared_graph, tmp_path, "overview-seed-dev-examples") == 30


def _expected_marks(graph: Path, source_name: str) -> tuple[str, dict[str, str]]:
    """Return the report's IRI and ``{fact IRI: text[start:end]}`` for its measures and outcomes,
    read straight from the graph file (not through the reader)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(graph), format=ox.RdfFormat.N_QUADS)
    rows = list(store.query("""PREFIX gov: <https://w3id.org/govkg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?r ?text ?f ?s ?e ?ev WHERE { GRAPH ?r {
          ?r gov:text ?text ; dcterms:source ?src . FILTER(STRENDS(STR(?src), "%s"))
          ?f a ?t ; gov:evidenceStart ?s ; gov:evidenceEnd ?e ; gov:evidence ?ev .
          VALUES ?t { gov:Measure gov:PlannedMeasure gov:Outcome } } }""" % source_name))
    assert rows, source_name
    text = rows[0]["text"].value
    expected = {}
    for row in rows:
        start, end = int(row["s"].value), int(row["e"].value)
        assert " ".join(text[start:end].split()) == " ".join(row["ev"].value.split())
        expected[row["f"].value] = text[start:end]
    return rows[0]["r"].value, expected


def _check_reader(chromium, graph: Path, source: Path, out: Path) -> None:
    report, expected = _expected_marks(graph, source.name)
    page = out / "reader.html"
    assert main(["visualize", str(graph), "--report", source.name, "--reader", "-o", str(page)]) == 0
    view = Page(chromium, page.as_uri())
    p = view.page
    marked = p.evaluate("""() => { const r = govkgView.data.reader, out = {};
        r.facts.forEach((f, k) => { if (f.cls === 'Measure' || f.cls === 'PlannedMeasure' || f.cls === 'Outcome')
          out[f.iri] = govkgView.readerMarks(k).map(m => m.textContent).join(''); });
        return out; }""")
    unplaced = p.evaluate("govkgView.data.reader.unplaced.map(f => f.iri)")
    print(f"\n{source.name}: {len(marked)} measures and outcomes marked, {len(unplaced)} unplaced, "
          f"{len(expected)} in the graph")
    assert unplaced == []
    assert marked == expected
    # a mark clicked: its facts shown, its node selected in the graph
    fact = next(iter(expected))
    k = p.evaluate("iri => govkgView.data.reader.facts.findIndex(f => f.iri === iri)", fact)
    p.evaluate("k => govkgView.readerMarks(k)[0].scrollIntoView({block: 'center'})", k)
    box = p.evaluate("k => { const r = govkgView.readerMarks(k)[0].getClientRects()[0]; "
                     "return [r.left + 2, r.top + r.height / 2]; }", k)
    p.mouse.click(*box)
    assert fact in p.inner_text("#fact")
    selected = p.evaluate("govkgView.network.getSelectedNodes().map(id => govkgView.nodes.get(id).iri)")
    assert len(selected) == 1 and selected[0] in p.inner_text("#fact")
    # a node clicked in the graph: the text scrolls to its sentence and marks it
    last = list(expected)[-1]
    node = p.evaluate("iri => govkgView.nodes.get({filter: n => n.iri === iri})[0].id", last)
    p.evaluate("id => govkgView.network.focus(id, {scale: 1.5, animation: false})", node)
    stage = p.locator("#mynetwork").bounding_box()
    dom = p.evaluate("id => govkgView.network.canvasToDOM(govkgView.network.getPositions([id])[id])", node)
    p.mouse.click(stage["x"] + dom["x"], stage["y"] + dom["y"])
    current = p.evaluate("""() => { const m = document.querySelector('#text mark.current');
        const r = m.getBoundingClientRect(), t = document.getElementById('text').getBoundingClientRect();
        return [m.textContent, r.top >= t.top && r.bottom <= t.bottom]; }""")
    assert current[0] in expected[last] and current[1], current
    assert (view.errors, view.requests, view.dialogs) == ([], [], [])
    view.page.close()


def test_explore_reader_marks_examples(chromium, examples_graph, tmp_path):
    _check_reader(chromium, examples_graph, ROOT / "examples" / "county-government-2023.txt", tmp_path)


def test_explore_reader_marks_seed(chromium, shared_graph, tmp_path):
    _check_reader(chromium, shared_graph, SEED[0], tmp_path)


@pytest.mark.parametrize("term, found", [
    ("法治政府建设实施纲要", "法治政府建设实施纲要(2021-2025年)"),  # cited by 3 reports; the 2015 edition by 1
    ("崇岭县人民政府", "崇岭县人民政府"),                              # exact beats longer names holding it
])
def test_explore_search_ranks_exact_then_most_connected(chromium, examples_graph, tmp_path, term, found):
    page = tmp_path / "overview.html"
    assert main(["visualize", str(examples_graph), "-o", str(page)]) == 0
    view = Page(chromium, page.as_uri())
    view.page.fill("#search", term)
    view.page.press("#search", "Enter")
    assert view.page.inner_text("#status") == "找到 found: " + found
    view.page.close()


def test_explore_filter_fits_what_is_left(chromium, examples_graph, tmp_path):
    page = tmp_path / "report.html"
    assert main(["visualize", str(examples_graph), "--report", "county-government-2023.txt", "-o", str(page)]) == 0
    view = Page(chromium, page.as_uri())
    p = view.page
    before = p.evaluate("govkgView.network.getScale()")
    p.select_option("#filter-part", "存在的不足")
    after = p.evaluate("govkgView.network.getScale()")
    stage = p.locator("#mynetwork").bounding_box()
    part = p.evaluate("govkgView.nodes.get({filter: n => !n.hidden && n.part === '存在的不足'}).map(n => n.id)")
    shown = [lab for lab in view.labels() if lab["id"] in part]
    inside = [lab for lab in shown if lab["box"][0] >= -1 and lab["box"][2] <= stage["width"] + 1
              and lab["box"][1] >= -1 and lab["box"][3] <= stage["height"] + 1]
    print(f"\nfilter to one part: zoom {before:.2f} -> {after:.2f}; {len(inside)}/{len(shown)} of its labels "
          f"inside the canvas")
    assert after > 1.5 * before and len(inside) == len(shown) > 0
    assert min(lab["px"] for lab in shown) >= 10
    view.page.close()
