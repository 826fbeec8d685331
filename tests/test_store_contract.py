"""One contract, every backend: the embedded store, a real Oxigraph server process and a real
Virtuoso (each written by Graph Store Protocol PUT or by SPARQL Update) behave the same, and
every named query gives the same rows on all of them.

Virtuoso is found by ``GOVKG_TEST_VIRTUOSO`` (its base URL, e.g. ``http://127.0.0.1:18890``)
with ``GOVKG_TEST_VIRTUOSO_USER``/``_PASSWORD`` (a writer with SPARQL_UPDATE), as printed by
``.ci/virtuoso.sh start DIR``. Without it the Virtuoso cases skip, except under CI, where
``.ci/run`` starts one and a missing server is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("pyoxigraph")

from govkg.errors import QueryError, StoreError  # noqa: E402
from govkg.graph.store import EmbeddedStore  # noqa: E402
from govkg.queries.runner import run_query  # noqa: E402

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "store" / "three_reports.trig"
ACROSS = Path(__file__).resolve().parent / "fixtures" / "across" / "store.trig"
ID = "https://w3id.org/govkg/id/"
A, B, C = (f"{ID}report/{c * 16}" for c in "abc")
# Virtuoso keeps system graphs of its own: look only at ours
ALL = f'SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{ID}")) }}'


def virtuoso_store(method: str):
    """Return a RemoteStore on the Virtuoso named by the environment, emptied of our graphs."""
    from govkg.graph.remote import RemoteStore

    url = os.environ.get("GOVKG_TEST_VIRTUOSO")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("GOVKG_TEST_VIRTUOSO is not set: .ci/run starts Virtuoso for these tests")
        pytest.skip("no Virtuoso: start one with .ci/virtuoso.sh and export what it prints")
    url = url.rstrip("/")
    store = RemoteStore(url + "/sparql", update_url=url + "/sparql-auth", gsp_url=url + "/sparql-graph-crud-auth",
                        method=method, auth=None,
                        credentials=(os.environ.get("GOVKG_TEST_VIRTUOSO_USER", "govkg"),
                                     os.environ.get("GOVKG_TEST_VIRTUOSO_PASSWORD", "")))
    graphs = store.query(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{ID}")) }}',
                         union=False).rows
    if graphs:
        store._update_all([f"DROP SILENT GRAPH {row[0]}" for row in graphs])
    return store


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    from govkg.queries.serve import free_port, start_oxigraph, stop_process

    try:
        port = free_port()
        proc = start_oxigraph(tmp_path_factory.mktemp("ox") / "db", port)
    except Exception as exc:  # the binary comes with the 'oxigraph' package
        pytest.fail(f"cannot start the oxigraph server: {exc}")
    yield f"http://127.0.0.1:{port}"
    stop_process(proc)


@pytest.fixture(params=["embedded", "server-gsp", "server-update", "virtuoso-gsp", "virtuoso-update"])
def backend(request, tmp_path):
    if request.param == "embedded":
        store = EmbeddedStore(tmp_path / "store")
        yield store
        store.close()
        return
    if request.param.startswith("virtuoso"):
        store = virtuoso_store(request.param.split("-")[1])
        yield store
        store.close()
        return
    from govkg.graph.remote import RemoteStore

    url = request.getfixturevalue("oxigraph_server")
    store = RemoteStore(url, method=request.param.split("-")[1], auth=None)
    store.update("CLEAR ALL")
    yield store
    store.close()


def quads(backend) -> set[tuple]:
    return {tuple(t.value for t in row) for row in backend.query(ALL, union=False).rows}


class TestStoreContract:
    def test_load_reports_all_graphs(self, backend):
        result = backend.replace_report_graphs(FIXTURE)
        assert result.reports == (A, B, C) and result.quads == 210
        assert len(quads(backend)) == 210
        assert [r.iri for r in backend.reports()] == [A, B, C]

    def test_load_twice_is_identical(self, backend):
        backend.replace_report_graphs(FIXTURE)
        once = quads(backend)
        backend.replace_report_graphs(FIXTURE)
        assert quads(backend) == once

    def test_replace_one_report(self, backend, tmp_path):
        backend.replace_report_graphs(FIXTURE)
        new = tmp_path / "c.nq"
        new.write_text(f'<{C}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
                       f'<https://w3id.org/govkg/ontology#Report> <{C}> .\n'
                       f'<{C}> <https://w3id.org/govkg/ontology#year> "2022"^^'
                       f'<http://www.w3.org/2001/XMLSchema#integer> <{C}> .\n', encoding="utf-8")
        backend.replace_report_graphs(new)
        got = quads(backend)
        assert len(got) == 210 - 17 + 2
        assert {q for q in got if q[3] == C} == {
            (C, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "https://w3id.org/govkg/ontology#Report", C),
            (C, "https://w3id.org/govkg/ontology#year", "2022", C)}

    def test_named_query_with_param(self, backend):
        backend.replace_report_graphs(FIXTURE)
        rows = run_query(backend, "outcomes_by_keyword", {"keyword": "合同"}).rows
        assert [(r[0].value, r[1].value, r[3].value) for r in rows] == [
            ("北京市西城区司法局", "2021", "80"), ("北京市西城区广内街道办事处", "2020", "120"),
            ("北京市西城区广内街道办事处", "2021", "150")]

    def test_union_default_graph(self, backend):
        backend.replace_report_graphs(FIXTURE)
        rows = backend.query("SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/govkg/ontology#Report> }").rows
        assert rows[0][0].value == "3"

    def test_remove_by_source(self, backend):
        backend.replace_report_graphs(FIXTURE)
        assert backend.remove_report("reports/xicheng-justice-2021.txt") == [B]
        assert [r.iri for r in backend.reports()] == [A, C]
        assert len(quads(backend)) == 210 - 88
        with pytest.raises(StoreError, match="no report"):
            backend.remove_report(B)

    def test_export_round_trip(self, backend, tmp_path):
        backend.replace_report_graphs(FIXTURE)
        out = tmp_path / "dump.nq"
        assert backend.export(out) == 210
        with EmbeddedStore(tmp_path / "copy") as copy:
            copy.replace_report_graphs(out)
            assert quads(copy) == quads(backend)

    def test_malformed_query(self, backend):
        with pytest.raises(QueryError, match="malformed SPARQL: .*1:"):
            backend.query("SELECT * WHERE { ?s ?p }")

    def test_injected_value_stays_a_literal(self, backend):
        backend.replace_report_graphs(FIXTURE)
        rows = run_query(backend, "outcomes_by_keyword", {"keyword": '"} } ; DROP ALL ; #'}).rows
        assert rows == []
        assert len(quads(backend)) == 210


# ---------------------------------------------------------------- every named query, every store
def _params(library) -> dict:
    """Values for the named queries' required parameters, picked from the fixture's reports
    (optional ones stay unbound: every row)."""
    return {
        "outcomes_by_keyword": {"keyword": "合同"},
        "indicator_across_units": {"indicator": "合同审查"},
        "report_outcomes": {"report": A},
        "unit_measures": {"unit": "unit/北京市西城区广内街道办事处"},
        "unit_instruments_cited": {"unit": "unit/北京市西城区广内街道办事处"},
        "measures_citing_instrument": {"instrument": "instrument/中华人民共和国宪法"},
        "plan_follow_up": {"unit": "unit/甲县人民政府"},
    }


def _sorted_rows(store, name, values):
    rows = run_query(store, name, values).rows
    return sorted(tuple("" if t is None else f"{type(t).__name__}:{t.value}" for t in row) for row in rows)


@pytest.fixture(scope="module")
def three_stores(tmp_path_factory, oxigraph_server):
    from govkg.graph.remote import RemoteStore

    embedded = EmbeddedStore(tmp_path_factory.mktemp("named") / "store")
    server = RemoteStore(oxigraph_server, auth=None)
    server.update("CLEAR ALL")
    stores = {"embedded": embedded, "oxigraph server": server, "virtuoso": virtuoso_store("update")}
    for store in stores.values():
        store.replace_report_graphs(FIXTURE)
        store.replace_report_graphs(ACROSS)  # task areas, indicator concepts, a checks graph, two years
    yield stores
    for store in stores.values():
        store.close()


def test_named_queries_same_rows_on_every_store(three_stores):
    from govkg.queries.runner import load_library

    library = load_library()
    params = _params(library)
    non_empty = 0
    for name in sorted(library):
        values = params.get(name, {})
        got = {label: _sorted_rows(store, name, values) for label, store in three_stores.items()}
        assert got["oxigraph server"] == got["embedded"], name
        assert got["virtuoso"] == got["embedded"], name
        non_empty += bool(got["embedded"])
    assert non_empty == len(library)  # the comparison is about rows, not empty answers


class TestStoreContractAtScale:
    """What a default Virtuoso gets wrong: one INSERT DATA above ~1,000 triples is refused,
    results are cut at 10,000 rows unless ResultSetMaxRows is raised, booleans come back as
    0/1."""

    def test_large_report_round_trip(self, backend, tmp_path):
        big = tmp_path / "big.nq"
        g = f"{ID}report/{'e' * 16}"
        lines = [f'<{g}/measure/{i}> <http://www.w3.org/2000/01/rdf-schema#label> "措施{i}" <{g}> .\n'
                 for i in range(12_000)]
        lines.append(f'<{g}> <https://w3id.org/govkg/ontology#open> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> <{g}> .\n')
        lines.append(f'<{g}> <https://w3id.org/govkg/ontology#shut> "false"^^<http://www.w3.org/2001/XMLSchema#boolean> <{g}> .\n')
        big.write_text("".join(lines), encoding="utf-8")
        assert backend.replace_report_graphs(big).quads == 12_002
        assert len(quads(backend)) == 12_002
        rows = backend.query(f"SELECT ?o WHERE {{ GRAPH <{g}> {{ <{g}> ?p ?o }} }}").rows
        assert sorted((r[0].value, r[0].datatype.value) for r in rows) == [
            ("false", "http://www.w3.org/2001/XMLSchema#boolean"), ("true", "http://www.w3.org/2001/XMLSchema#boolean")]
