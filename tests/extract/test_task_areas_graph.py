"""Every measure and planned measure of an extracted report carries exactly one task area,
with its reason, and the report's graph holds the concept's notation (the scorer's SPARQL
reads ``?m gov:taskArea ?c . ?c skos:notation ?n`` on one report's output).

Expected areas are written by hand from reading examples/county-government-2023.txt.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pyoxigraph = pytest.importorskip("pyoxigraph")

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "county-government-2023.txt"
PREFIXES = """PREFIX gov: <https://w3id.org/govkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@pytest.fixture(scope="module")
def graph(extractor):
    from govkg.extract.text.readers import read_document
    from govkg.graph.build import report_nquads

    store = pyoxigraph.Store()
    store.load(report_nquads(extractor.extract(read_document(EXAMPLE))), format=pyoxigraph.RdfFormat.N_QUADS)
    return store


def _rows(store, query):
    return [tuple(t.value if t is not None else None for t in row)
            for row in store.query(PREFIXES + query, use_default_graph_as_union=True)]


def test_task_areas_graph_one_area_per_measure(graph):
    rows = _rows(graph, """SELECT ?m (COUNT(DISTINCT ?c) AS ?n) (COUNT(DISTINCT ?r) AS ?reasons) WHERE {
        ?m a gov:Measure . OPTIONAL { ?m gov:taskArea ?c } OPTIONAL { ?m gov:areaReason ?r } } GROUP BY ?m""")
    assert rows, "the example has measures"
    assert {(n, r) for _m, n, r in rows} == {("1", "1")}


def test_task_areas_graph_concepts_travel_with_the_report(graph):
    rows = _rows(graph, """SELECT DISTINCT ?c ?n ?label WHERE { ?m gov:taskArea ?c .
        ?c a skos:Concept ; skos:notation ?n ; skos:prefLabel ?label ;
           skos:inScheme <https://w3id.org/govkg/task-area/> }""")
    assert all(c == "https://w3id.org/govkg/task-area/" + n for c, n, _l in rows)
    assert ("https://w3id.org/govkg/task-area/TA07", "TA07", "健全社会矛盾纠纷行政预防调处化解体系") in rows


@pytest.mark.parametrize("words, area", [
    ("实行集中受理、集中审理", "TA07"),
    ("深化政务公开", "TA08"),
    ("会前学法制度", "TA10"),
])
def test_task_areas_graph_example_measures(graph, words, area):
    rows = _rows(graph, """SELECT ?l ?n WHERE { ?m a gov:Measure ; rdfs:label ?l ; gov:taskArea ?c .
        ?c skos:notation ?n }""")
    found = {n for label, n in rows if words in label}
    assert found == {area}
