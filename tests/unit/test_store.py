"""The embedded pyoxigraph store: replace, remove, export, listing, locks and versions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pyoxigraph = pytest.importorskip("pyoxigraph")

from govkg.errors import InputError, OutputError, QueryError, StoreError  # noqa: E402
from govkg.graph.store import MARKER, EmbeddedStore, inject_values, to_term  # noqa: E402

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "store" / "three_reports.trig"
A = "https://w3id.org/govkg/id/report/aaaaaaaaaaaaaaaa"
B = "https://w3id.org/govkg/id/report/bbbbbbbbbbbbbbbb"
C = "https://w3id.org/govkg/id/report/cccccccccccccccc"


def quad_set(store: EmbeddedStore) -> set[str]:
    return {str(q) for q in store.raw}


@pytest.fixture
def store(tmp_path):
    with EmbeddedStore(tmp_path / "store") as s:
        s.replace_report_graphs(FIXTURE)
        yield s


def test_store_load_counts_reports_and_quads(tmp_path):
    with EmbeddedStore(tmp_path / "s") as s:
        result = s.replace_report_graphs(FIXTURE)
        assert result.reports == (A, B, C)
        assert result.quads == 210
        assert len(s) == 210


def test_store_loading_twice_leaves_store_identical(store):
    before = quad_set(store)
    result = store.replace_report_graphs(FIXTURE)
    assert result.replaced == (A, B, C)
    assert quad_set(store) == before


def test_store_replace_drops_triples_missing_from_new_version(store, tmp_path):
    new = tmp_path / "b.nq"
    new.write_text(f'<{B}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
                   f'<https://w3id.org/govkg/ontology#Report> <{B}> .\n', encoding="utf-8")
    store.replace_report_graphs(new)
    in_b = list(store.raw.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(B)))
    assert len(in_b) == 1
    assert len(list(store.raw.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(A)))) == 105


@pytest.mark.parametrize("content, suffix", [
    ('<http://a> <http://p> "unterminated <http://g> .\n', ".nq"),
    ("<http://a> <http://p> <http://o> .\n", ".nq"),  # a triple outside any named graph
    ("@prefix x: <http://x/> . x:g { x:a x:p ", ".trig"),
])
def test_store_failing_load_leaves_store_unchanged(store, tmp_path, content, suffix):
    before = quad_set(store)
    bad = tmp_path / f"bad{suffix}"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(InputError):
        store.replace_report_graphs(bad)
    assert quad_set(store) == before


@pytest.mark.parametrize("ref", [C, "report/cccccccccccccccc", "reports/guangnei-2021.txt", "guangnei-2021.txt"])
def test_store_remove_report_by_iri_or_source(store, ref):
    assert store.remove_report(ref) == [C]
    assert [r.iri for r in store.reports()] == [A, B]
    assert len(store) == 210 - 17


def test_store_remove_unknown_report_raises(store):
    with pytest.raises(StoreError, match="no report 'nosuch.txt'"):
        store.remove_report("nosuch.txt")


def test_store_reports_lists_source_year_unit_quads(store):
    got = [(r.iri, r.source, r.year, r.unit.rsplit("/", 1)[-1], r.quads) for r in store.reports()]
    assert got == [(A, "reports/guangnei-2020.txt", 2020, "北京市西城区广内街道办事处", 105),
                   (B, "reports/xicheng-justice-2021.txt", 2021, "北京市西城区司法局", 88),
                   (C, "reports/guangnei-2021.txt", 2021, "北京市西城区广内街道办事处", 17)]


@pytest.mark.parametrize("name", ["out.nq", "out.trig"])
def test_store_export_round_trips(store, tmp_path, name):
    out = tmp_path / "x" / name
    assert store.export(out) == 210
    with EmbeddedStore(tmp_path / "again") as again:
        again.replace_report_graphs(out)
        assert quad_set(again) == quad_set(store)
    assert [p.name for p in out.parent.iterdir()] == [name]  # no temp file left behind


def test_store_export_unknown_suffix_writes_nothing(store, tmp_path):
    with pytest.raises(OutputError, match="cannot export to .ttl"):
        store.export(tmp_path / "out.ttl")
    assert list(tmp_path.glob("out*")) == []


def test_store_locked_by_another_process(tmp_path):
    path = tmp_path / "s"
    EmbeddedStore(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
         "print('ready', flush=True); sys.stdin.read()", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="store is locked by another process") as info:
            EmbeddedStore(path)
        assert "wait for that process to finish" in info.value.one_line()
    finally:
        holder.stdin.close()
        holder.wait(10)
    EmbeddedStore(path).close()  # free again once the holder is gone


@pytest.mark.parametrize("marker, message", [
    ({"format": 99}, "store format 99 is incompatible with this govkg (format 1)"),
    ("not json", f"{MARKER} is unreadable"),
])
def test_store_incompatible_version_refused(tmp_path, marker, message):
    path = tmp_path / "s"
    EmbeddedStore(path).close()
    (path / MARKER).write_text(marker if isinstance(marker, str) else json.dumps(marker), encoding="utf-8")
    with pytest.raises(StoreError) as info:
        EmbeddedStore(path)
    assert info.value.message == message


def test_store_refuses_non_store_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="folder is not empty and is not a govkg store"):
        EmbeddedStore(tmp_path)


def test_store_malformed_query_names_line_and_column(store):
    with pytest.raises(QueryError) as info:
        store.query("SELECT * WHERE {\n  ?s ?p \n}")
    assert info.value.message.startswith("malformed SPARQL: error at 3:")


@pytest.mark.parametrize("value, kind, expected", [
    ("unit/北京市西城区司法局", "IRI", "<https://w3id.org/govkg/id/unit/北京市西城区司法局>"),
    ("<http://example.org/x>", "IRI", "<http://example.org/x>"),
    ("2021", "integer", '"2021"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    ("98.5", "decimal", '"98.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
    ('合同" } ; DROP ALL #', "string", '"合同\\" } ; DROP ALL #"'),
])
def test_store_to_term_serialises_typed_terms(value, kind, expected):
    assert str(to_term(value, kind)) == expected


@pytest.mark.parametrize("value, kind", [("20x1", "integer"), ("a b", "IRI"), ("1.2.3", "decimal")])
def test_store_to_term_rejects_bad_values(value, kind):
    with pytest.raises(QueryError):
        to_term(value, kind)


@pytest.mark.parametrize("query, expected", [
    ("SELECT ?s WHERE { ?s ?p ?o }", 'SELECT ?s WHERE { BIND("v" AS ?k) VALUES ?i { <http://i> } ?s ?p ?o }'),
    ("PREFIX a: <http://x/#{>\n# a comment {\nSELECT * {?s ?p ?o}", "PREFIX a: <http://x/#{>\n# a comment {\n"
     'SELECT * { BIND("v" AS ?k) VALUES ?i { <http://i> }?s ?p ?o}'),
    ("SELECT * { GRAPH ?g { ?s ?p ?k } GRAPH <http://g> { ?s ?p ?o } GRAPH ?h { ?i ?p ?o . BIND(1 AS ?k) } }",
     'SELECT * { BIND("v" AS ?k) VALUES ?i { <http://i> } GRAPH ?g { BIND("v" AS ?k) ?s ?p ?k } '
     "GRAPH <http://g> { ?s ?p ?o } GRAPH ?h { VALUES ?i { <http://i> } ?i ?p ?o . BIND(1 AS ?k) } }"),
])
def test_store_inject_values_binds_first_and_graph_groups(query, expected):
    bindings = {"k": pyoxigraph.Literal("v"), "i": pyoxigraph.NamedNode("http://i")}
    assert inject_values(query, bindings) == expected


def test_store_injected_string_cannot_change_query(store):
    rows = store.query("SELECT ?o WHERE { ?o <https://w3id.org/govkg/ontology#indicator> ?k }",
                       {"k": to_term('合同审查" } ; DROP ALL #', "string")}).rows
    assert rows == []
    assert len(store) == 210


def test_store_interrupted_bulk_load_is_undone_on_open(tmp_path):
    path = tmp_path / "s"
    with EmbeddedStore(path) as s:
        s.replace_report_graphs(FIXTURE)
        before = quad_set(s)
        extra = tmp_path / "d.nq"
        d = "https://w3id.org/govkg/id/report/dddddddddddddddd"
        extra.write_text(f'<{d}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
                         f'<https://w3id.org/govkg/ontology#Report> <{d}> .\n', encoding="utf-8")
        s.replace_report_graphs(extra, bulk=True)
        assert len(s) == 211 and not (path / "govkg-loading.json").exists()
    # simulate a crash after the bulk write, before the record was removed
    (path / "govkg-loading.json").write_text(json.dumps({"graphs": [d]}), encoding="utf-8")
    with EmbeddedStore(path) as s:
        assert s.recovered == [d]
        assert quad_set(s) == before
    assert not (path / "govkg-loading.json").exists()


def test_store_bulk_load_matches_transactional_load(tmp_path):
    with EmbeddedStore(tmp_path / "t") as t, EmbeddedStore(tmp_path / "b") as b:
        t.replace_report_graphs(FIXTURE)
        b.replace_report_graphs(FIXTURE, bulk=True)
        assert quad_set(t) == quad_set(b)


def test_atomic_file_commit_and_discard(tmp_path):
    from govkg.graph.io import AtomicFile

    target = tmp_path / "out.nq"
    target.write_bytes(b"old\n")
    with AtomicFile(target) as f:
        f.write(b"new, never committed\n")
    assert target.read_bytes() == b"old\n"
    with AtomicFile(target) as f:
        f.write(b"new\n")
        f.commit()
    assert target.read_bytes() == b"new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nq"]


def test_atomic_file_unwritable_folder_is_an_output_error(tmp_path):
    from govkg.errors import OutputError
    from govkg.graph.io import AtomicFile

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot be written"):
        AtomicFile(blocker / "out.nq")


def graph_terms(store: EmbeddedStore, graph: str) -> set[tuple]:
    return {(q.subject.value, q.predicate.value, q.object.value)
            for q in store.raw.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(graph))}


YEAR = "https://w3id.org/govkg/ontology#year"


def test_store_replace_writes_only_the_change(tmp_path):
    path = tmp_path / "s"
    new = tmp_path / "c.nq"
    with EmbeddedStore(path) as s:
        s.replace_report_graphs(FIXTURE)
        old = graph_terms(s, C)
        # the same report with its year changed
        quads = [q for q in s.raw.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(C))
                 if q.predicate.value != YEAR]
        quads.append(pyoxigraph.Quad(pyoxigraph.NamedNode(C), pyoxigraph.NamedNode(YEAR), pyoxigraph.Literal(
            "2030", datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
            pyoxigraph.NamedNode(C)))
        new.write_bytes(pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS))
        assert s.replace_report_graphs(new).replaced == (C,)
        got = graph_terms(s, C)
        assert {t for t in got if t[1] == YEAR} == {(C, YEAR, "2030")}
        assert {t for t in got if t[1] != YEAR} == {t for t in old if t[1] != YEAR}
        assert len(s) == 210
        assert s.replace_report_graphs(new).replaced == (C,)  # the same data again: nothing changes
        assert graph_terms(s, C) == got
    assert not (path / "govkg-replacing.nq").exists()


def test_store_interrupted_replacement_is_finished_on_open(tmp_path):
    path = tmp_path / "s"
    with EmbeddedStore(path) as s:
        s.replace_report_graphs(FIXTURE)
    # a crash after the new data was recorded, before (or while) it was written
    (path / "govkg-replacing.nq").write_text(
        f'<{C}> <{YEAR}> "2031"^^<http://www.w3.org/2001/XMLSchema#integer> <{C}> .\n', encoding="utf-8")
    with EmbeddedStore(path) as s:
        assert s.finished == [C]
        assert graph_terms(s, C) == {(C, YEAR, "2031")}
        assert len(s) == 210 - 17 + 1
    assert not (path / "govkg-replacing.nq").exists()
