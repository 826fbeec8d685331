"""One contract, every backend: the embedded store and a real Oxigraph server process
(written by Graph Store Protocol PUT or by SPARQL Update) behave the same."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pyoxigraph")

from govkg.errors import QueryError, StoreError  # noqa: E402
from govkg.graph.store import EmbeddedStore  # noqa: E402
from govkg.queries.runner import run_query  # noqa: E402

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "store" / "three_reports.trig"
ID = "https://w3id.org/govkg/id/"
A, B, C = (f"{ID}report/{c * 16}" for c in "abc")
ALL = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


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


@pytest.fixture(params=["embedded", "server-gsp", "server-update"])
def backend(request, tmp_path):
    if request.param == "embedded":
        store = EmbeddedStore(tmp_path / "store")
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
