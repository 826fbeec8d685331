"""RDF -> networkx views, on the hand-written fixtures in tests/fixtures/visual/.

Expected nodes, classes and weights below were counted by hand from two_reports.trig.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from govkg.errors import InputError, QueryError
from govkg.visual import model

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "visual"
ID = "https://w3id.org/govkg/id/"
REPORT_A = ID + "report/aaaaaaaaaaaaaaaa"
REPORT_B = ID + "report/bbbbbbbbbbbbbbbb"
WANGHU = ID + "unit/云江市柳溪区望湖街道办事处"
SFJ = ID + "unit/云江市柳溪区司法局"
GANGYAO = ID + "instrument/法治政府建设实施纲要(2021-2025年)"
GUIDING = ID + "instrument/望湖街道重大行政决策程序规定"


@pytest.fixture(scope="module")
def store():
    return model.open_source(FIXTURES / "two_reports.trig")


def test_model_report_view_nodes_and_classes(store):
    G = model.report_graph(store, REPORT_A)
    assert Counter(c for _, c in G.nodes(data="cls")) == {
        "Report": 1, "Part": 2, "Section": 1, "Measure": 2, "PlannedMeasure": 1,
        "Outcome": 1, "Unit": 3, "Instrument": 2}
    assert G.number_of_edges() == 17
    assert G.graph["focus"] == REPORT_A
    assert G.graph["title"] == "报告 望湖街道办事处2022年法治政府建设年度报告"


def test_model_report_view_tree_order(store):
    G = model.report_graph(store, REPORT_A)
    sec = REPORT_A + "/section/1.1"
    assert G.has_edge(REPORT_A, REPORT_A + "/section/1")
    assert G.has_edge(REPORT_A + "/section/1", sec)
    assert G.has_edge(sec, REPORT_A + "/measure/2")  # section -> measure, drawn outwards
    assert G.edges[REPORT_A + "/measure/2", REPORT_A + "/outcome/1"]["rel"] == "成效"
    assert G.edges[REPORT_A + "/measure/1", GUIDING]["rel"] == "制定"


@pytest.mark.parametrize("node, cls, label, part, years, tip_rows", [
    (REPORT_A + "/measure/2", "Measure", "审查各类合同", "主要举措和成效", [2022],
     [["证据 evidence", "街道法律顾问室全年审查各类合同120份。"],
      ["报告 report", "望湖街道办事处2022年法治政府建设年度报告"],
      ["章节 section", "健全依法决策机制,提升决策质量"]]),
    (REPORT_A + "/measure/3", "PlannedMeasure", "推进老旧小区改造依法决策", "下一年度工作安排", [2022],
     [["证据 evidence", "2023年,街道将推进老旧小区改造依法决策。"]]),
    (REPORT_A + "/outcome/1", "Outcome", "合同审查 120份", "主要举措和成效", [2022], []),
    (REPORT_A + "/section/1", "Part", "主要举措和成效", "主要举措和成效", [2022], []),  # by its kind
    (WANGHU, "Unit", "云江市柳溪区望湖街道办事处", "", [2022], []),
])
def test_model_report_view_node_attributes(store, node, cls, label, part, years, tip_rows):
    d = model.report_graph(store, REPORT_A).nodes[node]
    assert (d["cls"], d["label"], d["part"], d["years"]) == (cls, label, part, years)
    for row in tip_rows:
        assert row in d["tip"]
    assert d["tip"][-1] == ["IRI", node]


def test_model_overview_weights(store):
    G = model.overview_graph(store)
    assert set(G.nodes) == {WANGHU, SFJ, GANGYAO, GUIDING}
    weights = {(a, b): d["weight"] for a, b, d in G.edges(data=True)}
    assert weights == {(WANGHU, GANGYAO): 3, (WANGHU, GUIDING): 1, (SFJ, GANGYAO): 1,
                       (WANGHU, SFJ): 1, (SFJ, WANGHU): 1}
    assert G.nodes[WANGHU]["years"] == [2022, 2023]
    assert ["举措数 measures", "3"] in G.nodes[WANGHU]["tip"]


def test_model_overview_cap_keeps_most_connected(store):
    G = model.overview_graph(store, max_nodes=2)
    # the others are gathered, not dropped: instruments into one node, units by level and region
    others, district = "urn:govkg:overview/instrument", "urn:govkg:overview/unit/3/其他地区"
    assert set(G.nodes) == {WANGHU, GANGYAO, others, district}
    assert (G.nodes[others]["full"], G.nodes[district]["full"]) == (
        "其他法规文件 (1)", "其他地区·区县 (1)")
    assert (G.nodes[others]["cls"], G.nodes[district]["cls"]) == ("Instrument", "Unit")
    assert G.graph["note"] == ("showing the 2 most connected of 4 units and instruments; the others gathered "
                               "into 2 nodes by level and region; narrow with --unit, --instrument or --report")


@pytest.mark.parametrize("entity, kind, count, must", [
    (WANGHU, "unit", 11, [REPORT_A, REPORT_B, REPORT_B + "/outcome/1", REPORT_A + "/unit/街道法律顾问室"]),
    (GANGYAO, "instrument", 9, [REPORT_A, REPORT_B + "/measure/1", GUIDING]),
])
def test_model_ego_view(store, entity, kind, count, must):
    G = model.ego_graph(store, entity, kind)
    assert G.number_of_nodes() == count
    assert all(n in G for n in must)
    assert G.graph["focus"] == entity


@pytest.mark.parametrize("name, kind, expected", [
    ("望湖街道", "unit", WANGHU),                    # altLabel
    ("云江市柳溪区司法局", "unit", SFJ),            # exact label
    ("司法局", "unit", SFJ),                        # unique part of a label
    ("《法治政府建设实施纲要(2021-2025年)》", "instrument", GANGYAO),
    (GUIDING, "instrument", GUIDING),
])
def test_model_resolve_entity(store, name, kind, expected):
    assert model.resolve_entity(store, name, kind) == expected


@pytest.mark.parametrize("name, kind, message", [
    ("街道", "unit", "2 units match '街道'"),
    ("国务院", "unit", "no unit matches '国务院'"),
    (WANGHU, "instrument", f"no instrument has the IRI {WANGHU}"),
])
def test_model_resolve_entity_errors(store, name, kind, message):
    with pytest.raises(InputError) as err:
        model.resolve_entity(store, name, kind)
    assert err.value.message == message


@pytest.mark.parametrize("name, expected", [
    ("aaaaaaaaaaaaaaaa", REPORT_A), (REPORT_B, REPORT_B), ("sfj-2023.txt", REPORT_B),
    ("望湖街道办事处2022", REPORT_A),
])
def test_model_resolve_report(store, name, expected):
    assert model.resolve_report(store, name) == expected


def test_model_resolve_report_ambiguous(store):
    with pytest.raises(InputError) as err:
        model.resolve_report(store, "报告")
    assert err.value.one_line() == ("2 reports match '报告'; give the full IRI or a longer name: "
                                    "望湖街道办事处2022年法治政府建设年度报告 (2022); "
                                    "柳溪区司法局2023年法治政府建设年度报告 (2023)")


@pytest.mark.parametrize("query, nodes, edges", [
    ("PREFIX gov: <https://w3id.org/govkg/ontology#> SELECT ?m ?u WHERE { ?m gov:responsibleUnit ?u }", 7, 4),
    ("PREFIX gov: <https://w3id.org/govkg/ontology#> SELECT ?m ?p ?i WHERE { ?m ?p ?i . "
     "VALUES ?p { gov:cites gov:produces } ?m a gov:Measure }", 4, 3),
    ("PREFIX gov: <https://w3id.org/govkg/ontology#> CONSTRUCT { ?m gov:cites ?i } WHERE { ?m gov:cites ?i }", 4, 3),
])
def test_model_query_graph(store, query, nodes, edges):
    G = model.query_graph(store, query)
    assert (G.number_of_nodes(), G.number_of_edges()) == (nodes, edges)
    assert all(d["cls"] != "Other" for _, d in G.nodes(data=True))


@pytest.mark.parametrize("query, message", [
    ("ASK { ?s ?p ?o }", "an ASK query has no graph to draw"),
    ("PREFIX gov: <https://w3id.org/govkg/ontology#> SELECT ?r ?y WHERE { ?r gov:year ?y }",
     "a SELECT drawn as a graph needs two or three IRI columns; this one has 1 (?r)"),
    ("SELECT WHERE", None),
])
def test_model_query_graph_errors(store, query, message):
    with pytest.raises(QueryError) as err:
        model.query_graph(store, query)
    if message:
        assert err.value.message == message
    else:
        assert err.value.message.startswith("is not valid SPARQL")


@pytest.mark.parametrize("path, message", [
    ("missing.trig", "no such file"),
    ("graph.csv", "unknown RDF format .csv"),
])
def test_model_open_source_errors(tmp_path, path, message):
    with pytest.raises(InputError) as err:
        model.open_source(tmp_path / path)
    assert err.value.message == message


def test_model_open_source_invalid_rdf(tmp_path):
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(InputError) as err:
        model.open_source(bad)
    assert err.value.message.startswith("is not valid RDF")


def test_model_open_source_rdflib_dataset():
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(FIXTURES / "two_reports.trig", format="trig")
    store = model.open_source(ds)
    assert [r["report"] for r in model.list_reports(store)] == [REPORT_A, REPORT_B]


def test_model_views_through_a_backend_match_the_store(store, tmp_path):
    """A govkg backend (``.query`` -> QueryResult, as the running server gives) draws the same."""
    from govkg.graph.store import EmbeddedStore

    with EmbeddedStore(tmp_path / "s") as backend:
        backend.replace_report_graphs(FIXTURES / "two_reports.trig")
        for make in (lambda s: model.report_graph(s, REPORT_A), model.overview_graph,
                     lambda s: model.ego_graph(s, WANGHU, "unit")):
            direct, via = make(store), make(backend)
            assert sorted(direct.nodes(data="tip")) == sorted(via.nodes(data="tip"))
            assert sorted(direct.edges(data="rel")) == sorted(via.edges(data="rel"))


@pytest.mark.parametrize("report, nodes, edges", [(REPORT_A, 13, 17), (REPORT_B, 9, 9)])
def test_model_report_view_from_turtle(tmp_path, report, nodes, edges):
    """A Turtle file has no named graphs; the report view still finds the report's parts."""
    from rdflib import Dataset, Graph

    ds = Dataset()
    ds.parse(FIXTURES / "two_reports.trig", format="trig")
    flat = Graph()
    for s, p, o, _g in ds.quads((None, None, None, None)):
        flat.add((s, p, o))
    flat.serialize(tmp_path / "two.ttl", format="turtle")
    G = model.report_graph(model.open_source(tmp_path / "two.ttl"), report)
    assert (G.number_of_nodes(), G.number_of_edges()) == (nodes, edges)
