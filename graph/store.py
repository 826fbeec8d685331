"""The embedded store: a persistent Oxigraph (pyoxigraph) store in a folder, one named graph per report.

The folder holds RocksDB files plus ``govkg-store.json`` (the store format version). One
process at a time may open it for writing (RocksDB keeps a ``LOCK`` file); while ``govkg
serve`` runs, it owns the store and writes go through it (see :func:`open_backend`).

Every backend (this one and :class:`govkg.graph.remote.RemoteStore`) offers the same methods:
``replace_report_graphs``, ``remove_report``, ``export``, ``reports``, ``query``, ``close``.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from govkg.graph.guard import check_query
from govkg.graph.io import write_atomically
from govkg.errors import DependencyError, InputError, OutputError, QueryError, StoreError

STORE_ENV = "GOVKG_STORE"
DEFAULT_STORE = "govkg-data"
MARKER = "govkg-store.json"
SERVER_FILE = "govkg-server.json"
LOADING_FILE = "govkg-loading.json"
#: the new data of a replacement under way: redone in full if the process stops half-way
REPLACING_FILE = "govkg-replacing.nq"
#: new reports above this many quads go through Oxigraph's bulk loader (guarded by LOADING_FILE)
BULK_THRESHOLD = 100_000
FORMAT_VERSION = 1
GOV = "https://w3id.org/govkg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT_SOURCE = "http://purl.org/dc/terms/source"
ID_BASE = "https://w3id.org/govkg/id/"

#: file suffix -> pyoxigraph RDF format name (only formats that keep named graphs)
QUAD_FORMATS = {".nq": "application/n-quads", ".trig": "application/trig"}


def _ox():
    try:
        import pyoxigraph
    except ImportError:  # pragma: no cover - pyoxigraph is a core dependency
        raise DependencyError("pyoxigraph is not installed", hint="pip install 'pyoxigraph>=0.4'") from None
    return pyoxigraph


@dataclass(frozen=True)
class LoadResult:
    """What one load did: the report graphs replaced, the quads written and the time taken."""

    reports: tuple[str, ...]
    quads: int
    seconds: float
    replaced: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportInfo:
    """One report graph in a store."""

    iri: str
    source: str | None
    year: int | None
    unit: str | None
    quads: int = 0


@dataclass
class QueryResult:
    """Rows of a SELECT (``variables`` + ``rows`` of pyoxigraph terms or None), an ASK
    (``boolean``), or a CONSTRUCT/DESCRIBE (``variables`` = subject predicate object)."""

    variables: list[str]
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None


def resolve_store_path(path: str | os.PathLike | None = None) -> Path:
    """Return the store folder: ``path``, else ``$GOVKG_STORE``, else ``./govkg-data``."""
    return Path(path or os.environ.get(STORE_ENV) or DEFAULT_STORE)


# ---------------------------------------------------------------- quads in
def _source_bytes(source) -> tuple[str, tuple | None]:
    """Return ``(name, (data, RdfFormat))`` for a file, N-Quads bytes or an rdflib Dataset;
    ``(name, None)`` for quads.

    Raises:
        InputError: the file's suffix is not a quad format, or the file is missing.
    """
    ox = _ox()
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        media = QUAD_FORMATS.get(path.suffix.lower())
        if media is None:
            raise InputError(f"cannot load {path.suffix or 'a file without suffix'} into the store",
                             path=str(path), hint="give report .txt files or .nq/.trig datasets")
        with _rdf_errors(str(path)):
            return str(path), (path.read_bytes(), ox.RdfFormat.from_media_type(media))
    if isinstance(source, (bytes, bytearray)):  # N-Quads, e.g. a chunk of extracted reports
        return "extracted reports", (bytes(source), ox.RdfFormat.N_QUADS)
    if hasattr(source, "serialize") and hasattr(source, "quads"):  # rdflib Dataset
        return "dataset", (source.serialize(format="nquads", encoding="utf-8"), ox.RdfFormat.N_QUADS)
    return "dataset", None


@contextmanager
def _rdf_errors(name: str):
    """Turn the errors of reading and parsing RDF into one-line InputErrors naming ``name``."""
    try:
        yield
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except SyntaxError as exc:
        raise InputError(f"is not valid RDF ({_first_line(exc)})", path=name) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot be read ({_first_line(exc)})", path=name) from None


def _named_quads(name: str, raw: tuple | None, quads) -> Iterator:
    """Yield the quads of ``raw`` (or the quad objects ``quads``), each checked to be in a named graph.

    Raises:
        InputError: not valid RDF, or a triple outside any named graph (each report must be
            its own graph).
    """
    ox = _ox()
    with _rdf_errors(name):
        for q in (ox.parse(raw[0], format=raw[1]) if raw is not None else quads):
            if not isinstance(q.graph_name, ox.NamedNode):
                raise InputError("holds triples outside a named report graph", path=name,
                                 hint="every report's triples must be in the graph named by its IRI")
            yield q


def group_quads(source) -> dict[str, list]:
    """Return the quads of ``source`` grouped by named-graph IRI, in first-seen order.

    Args:
        source: an rdflib Dataset, a path to a ``.nq``/``.trig`` file, N-Quads bytes or pyoxigraph quads.

    Raises:
        InputError: the file is missing or not valid RDF, or it holds triples outside any
            named graph (each report must be its own graph).
    """
    name, raw = _source_bytes(source)
    groups: dict[str, list] = {}
    for q in _named_quads(name, raw, source):
        groups.setdefault(q.graph_name.value, []).append(q)
    return groups


def scan(source) -> tuple[list[str], int, tuple | None, list | None]:
    """Parse ``source`` once, without storing it: check it and list its graphs.

    Args:
        source: an rdflib Dataset, a path to a ``.nq``/``.trig`` file, N-Quads bytes or pyoxigraph quads.

    Returns:
        ``(graphs, quads, raw, objects)``: the named-graph IRIs in first-seen order, the number
        of quads, and either ``raw`` = ``(data, RdfFormat)`` to hand to ``Store.load`` or, for
        quads given as objects, those quads in a list (``objects``; ``raw`` is then None).

    Raises:
        InputError: the file is missing or not valid RDF, or it holds triples outside any
            named graph (each report must be its own graph).
    """
    name, raw = _source_bytes(source)
    objects = list(source) if raw is None else None
    graphs: dict[str, None] = {}
    total = 0
    for q in _named_quads(name, raw, objects):
        graphs[q.graph_name.value] = None
        total += 1
    return list(graphs), total, raw, objects


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


def ntriples_body(quads: Iterable) -> str:
    """Return the quads' triples as N-Triples text (terms serialised by pyoxigraph, so escaped)."""
    return "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)


def resolve_report_ref(ref: str) -> str:
    """Return ``ref`` unchanged if it is an IRI, else the report IRI for a bare 16-hex id."""
    if "://" in ref:
        return ref
    if ref.startswith("report/"):
        return ID_BASE + ref
    return ref


# ---------------------------------------------------------------- query plumbing
def to_term(value: str, kind: str = "string"):
    """Return ``value`` as a pyoxigraph term of ``kind`` (IRI, string, integer, decimal, date).

    Raises:
        QueryError: the value is not a valid term of that kind.

    >>> to_term("2020", "integer")
    <Literal value=2020 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
    """
    ox = _ox()
    xsd = "http://www.w3.org/2001/XMLSchema#"
    kind = kind.lower()
    try:
        if kind == "iri":
            if value.startswith("<") and value.endswith(">"):
                value = value[1:-1]
            if "://" not in value and not value.startswith("urn:"):
                value = ID_BASE + value  # e.g. unit/北京市西城区人民政府
            return ox.NamedNode(value)
        if kind == "integer":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(xsd + "integer"))
        if kind == "decimal":
            from decimal import Decimal, InvalidOperation

            try:
                Decimal(value)
            except InvalidOperation:
                raise ValueError(value) from None
            return ox.Literal(value, datatype=ox.NamedNode(xsd + "decimal"))
        if kind == "date":
            import datetime

            return ox.Literal(datetime.date.fromisoformat(value).isoformat(),
                              datatype=ox.NamedNode(xsd + "date"))
        return ox.Literal(value)
    except ValueError:
        raise QueryError(f"{value!r} is not a valid {kind}") from None


def inject_values(sparql: str, bindings: dict) -> str:
    """Return ``sparql`` with each binding fixed (``VALUES`` for an IRI, ``BIND`` for a literal)
    at the start of its first group, and again at the start of each ``GRAPH ... { }`` group
    that mentions the variable.

    The terms are serialised by pyoxigraph (IRIs validated, literals escaped), so a value can
    never change the query's structure. Repeating the binding inside a GRAPH group means the
    same (the outer group already fixes the variable; a FILTER there could not see it
    otherwise) but lets the engine use it as a constant there: on Oxigraph an outer-only ``VALUES`` is joined after the graph pattern
    is evaluated in full (100 ms instead of 0.5 ms for one report at 500 reports).

    Raises:
        QueryError: the query has no WHERE group to bind into.

    >>> import pyoxigraph as ox
    >>> inject_values("SELECT ?s WHERE { ?s ?p ?o }", {"s": ox.NamedNode("http://a")})
    'SELECT ?s WHERE { VALUES ?s { <http://a> } ?s ?p ?o }'
    """
    if not bindings:
        return sparql
    masked = _mask(sparql)
    first = masked.find("{")
    if first < 0:
        raise QueryError("cannot bind parameters: the query has no WHERE { ... } group")
    inserts: dict[int, list[str]] = {first: [_bind_clause(n, t) for n, t in bindings.items()]}
    for m in _GRAPH_OPEN.finditer(masked):
        at = m.end() - 1
        if at == first:
            continue
        close = _matching_brace(masked, at)
        scope = masked[m.start():close]
        names = [n for n in bindings if re.search(rf"[?$]{re.escape(n)}\b", scope)
                 and not re.search(rf"\bAS\s+[?$]{re.escape(n)}\b", scope, re.IGNORECASE)]
        if names:
            inserts[at] = [_bind_clause(n, bindings[n]) for n in names]
    out = sparql
    for at in sorted(inserts, reverse=True):
        out = f"{out[:at + 1]} {' '.join(inserts[at])}{out[at + 1:]}"
    return out


def _bind_clause(name: str, term) -> str:
    """Return ``VALUES ?name { <iri> }`` for an IRI, ``BIND(literal AS ?name)`` for a literal:
    Oxigraph uses a VALUES IRI as a constant, but filters a BIND literal faster (520 ms
    against 890 ms for outcomes_by_keyword at 5,000 reports)."""
    if type(term).__name__ == "NamedNode":
        return f"VALUES ?{name} {{ {term} }}"
    return f"BIND({term} AS ?{name})"


_GRAPH_OPEN = re.compile(r"\bGRAPH\s+(?:[?$]\w+|<x*>|[A-Za-z][\w.-]*:[\w.-]*)\s*\{", re.IGNORECASE)


def _matching_brace(masked: str, at: int) -> int:
    depth = 0
    for i in range(at, len(masked)):
        if masked[i] == "{":
            depth += 1
        elif masked[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(masked)


def _mask(text: str) -> str:
    """Return ``text`` with comments, string contents and IRI contents blanked (same length)."""
    out = list(text)
    i, n = 0, len(text)

    def blank(a: int, b: int, fill: str = " ") -> None:
        for k in range(a, min(b, n)):
            out[k] = fill

    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
        elif c == "<" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] not in "=<":
            end = text.find(">", i)
            if end < 0 or any(ch.isspace() for ch in text[i:end]):
                i += 1
                continue
            blank(i + 1, end, "x")
            i = end + 1
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            blank(i + len(quote), j)
            i = j + len(quote)
        else:
            i += 1
    return "".join(out)


def _rows_from(result, ox) -> QueryResult:
    if isinstance(result, bool):
        return QueryResult(variables=[], boolean=result)
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(variables=[], boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = [tuple(sol[i] for i in range(len(names))) for sol in result]
        return QueryResult(variables=names, rows=rows)
    rows = [(t.subject, t.predicate, t.object) for t in result]  # QueryTriples
    return QueryResult(variables=["subject", "predicate", "object"], rows=rows)


REPORTS_QUERY = """
PREFIX gov: <https://w3id.org/govkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?g (SAMPLE(?src) AS ?source) (SAMPLE(?y) AS ?year) (SAMPLE(?u) AS ?unit) WHERE {
  GRAPH ?g { ?g a gov:Report .
    OPTIONAL { ?g dcterms:source ?src } OPTIONAL { ?g gov:year ?y } OPTIONAL { ?g gov:reportingUnit ?u } }
} GROUP BY ?g ORDER BY ?g
"""


def _report_infos(result: QueryResult) -> list[ReportInfo]:
    out = []
    for g, src, year, unit in result.rows:
        y = None
        if year is not None:
            try:
                y = int(year.value)
            except ValueError:
                y = None
        out.append(ReportInfo(iri=g.value, source=src.value if src is not None else None,
                              year=y, unit=unit.value if unit is not None else None))
    return out


def find_report_query(ref: str) -> tuple[str, dict]:
    """Return a query (and its bindings) finding report graphs named ``ref`` or whose source is ``ref``."""
    ox = _ox()
    q = ("PREFIX gov: <https://w3id.org/govkg/ontology#>\n"
         "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
         "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a gov:Report . "
         "OPTIONAL { ?g dcterms:source ?src } } "
         "FILTER(?g = IRI(?ref) || STR(?src) = ?ref || STRENDS(STR(?src), CONCAT(\"/\", ?ref))) }")
    return q, {"ref": ox.Literal(resolve_report_ref(ref))}


def export_format(path: str | os.PathLike):
    """Return the pyoxigraph RdfFormat for an export file (.nq or .trig).

    Raises:
        OutputError: any other suffix (only these keep the named graphs).
    """
    ox = _ox()
    fmt = QUAD_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise OutputError(f"cannot export to {Path(path).suffix or 'a file without suffix'}",
                          path=str(path), hint="use .nq or .trig (formats that keep named graphs)")
    return ox.RdfFormat.from_media_type(fmt)


# ---------------------------------------------------------------- the embedded store
class EmbeddedStore:
    """A persistent pyoxigraph store in a folder.

    Args:
        path: the store folder (created when missing).
        read_only: open without the write lock (sees a snapshot; never writes).

    Raises:
        StoreError: the folder is locked by another writer, is not a govkg store, or was
            written by an incompatible version.

    >>> import tempfile
    >>> with EmbeddedStore(tempfile.mkdtemp() + "/s") as store:
    ...     store.reports()
    []
    """

    def __init__(self, path: str | os.PathLike, read_only: bool = False):
        ox = _ox()
        self.path = Path(path)
        self.read_only = read_only
        self._check_folder()
        try:
            self._store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as exc:
            text = str(exc)
            if "lock" in text.lower():
                raise StoreError(f"store is locked by another process{_holder(self.path)}",
                                 path=str(self.path),
                                 hint="wait for that process to finish, stop it, or load through "
                                      "the running server with --endpoint") from None
            raise StoreError(f"cannot open the store ({_first_line(exc)})", path=str(self.path),
                             hint="check the folder, or point --store at an empty folder") from None
        except RuntimeError as exc:
            raise StoreError(f"is not a readable Oxigraph store or of an incompatible version "
                             f"({_first_line(exc)})", path=str(self.path),
                             hint="export it with the govkg version that wrote it, or use a new folder"
                             ) from None
        self.recovered: list[str] = []  # new graphs of an interrupted bulk load, dropped
        self.finished: list[str] = []  # graphs of an interrupted replacement, written in full
        if not read_only:
            self._write_marker()
            self._recover()
            self._redo_replace()

    # -- folder checks
    def _check_folder(self) -> None:
        marker = self.path / MARKER
        if marker.exists():
            try:
                info = json.loads(marker.read_text(encoding="utf-8"))
                version = int(info["format"])
            except (ValueError, KeyError, TypeError, OSError):
                raise StoreError(f"{MARKER} is unreadable", path=str(self.path),
                                 hint="this folder was not written by govkg; use another --store") from None
            if version != FORMAT_VERSION:
                raise StoreError(f"store format {version} is incompatible with this govkg "
                                 f"(format {FORMAT_VERSION})", path=str(self.path),
                                 hint="export it with the govkg version that wrote it and load it anew")
            return
        if self.path.exists() and not self.path.is_dir():
            raise StoreError("is not a folder", path=str(self.path), hint="give --store a folder")
        if self.path.is_dir() and any(self.path.iterdir()) and not (self.path / "CURRENT").exists():
            raise StoreError("folder is not empty and is not a govkg store", path=str(self.path),
                             hint="give --store an empty or new folder")
        if self.read_only and not self.path.exists():
            raise StoreError("no store here", path=str(self.path), hint="load reports first with govkg load")

    def _write_marker(self) -> None:
        marker = self.path / MARKER
        if not marker.exists():
            ox = _ox()
            marker.write_text(json.dumps({"format": FORMAT_VERSION, "engine": "oxigraph",
                                          "pyoxigraph": ox.__version__}) + "\n", encoding="utf-8")

    def _recover(self) -> None:
        """Drop the new report graphs of a bulk load that did not finish (crash, kill, full disk)."""
        loading = self.path / LOADING_FILE
        if not loading.exists():
            return
        try:
            graphs = json.loads(loading.read_text(encoding="utf-8"))["graphs"]
        except (OSError, ValueError, KeyError, TypeError):
            raise StoreError(f"{LOADING_FILE} is unreadable: an interrupted load cannot be undone",
                             path=str(self.path), hint="remove the reports it held with govkg remove, "
                             f"then delete {LOADING_FILE}") from None
        ox = _ox()
        for g in graphs:
            self._store.remove_graph(ox.NamedNode(g))
        self._store.flush()
        loading.unlink()
        self.recovered = list(graphs)

    def _bulk_write(self, graphs: list[str], write) -> None:
        """Run ``write()`` (a non-transactional bulk load of the new ``graphs``) so that a crash
        half-way is undone the next time the store is opened."""
        loading = self.path / LOADING_FILE
        write_atomically(loading, lambda tmp: Path(tmp).write_text(json.dumps({"graphs": graphs}),
                                                                   encoding="utf-8"))
        try:
            write()
            self._store.flush()
        except BaseException:
            self._recover()
            raise
        loading.unlink()

    def _redo_replace(self) -> None:
        """Finish a replacement that did not (see :meth:`_replace`): drop its graphs, load its data."""
        journal = self.path / REPLACING_FILE
        if not journal.exists():
            return
        ox = _ox()
        data = journal.read_bytes()
        try:
            graphs = {q.graph_name.value for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)}
        except (SyntaxError, ValueError):
            raise StoreError(f"{REPLACING_FILE} is unreadable: an interrupted load cannot be finished",
                             path=str(self.path), hint=f"delete {REPLACING_FILE} and load those reports "
                             "again") from None
        self._replace(sorted(graphs), (data, ox.RdfFormat.N_QUADS), None, journaled=True,
                      bulk=len(data) > BULK_THRESHOLD * 100)
        self.finished = sorted(graphs)

    def _replace(self, graphs: list[str], raw: tuple | None, objects: list | None, *,
                 journaled: bool = False, bulk: bool = False) -> None:
        """Replace the existing report graphs ``graphs`` with those of ``raw`` (or the quad
        objects), loading the source's other graphs too.

        Only what changed is written: each existing graph is read back (Oxigraph writes it
        as N-Triples in bulk) and compared with its new triples; the triples gone are deleted
        in one SPARQL Update and the new ones loaded in one transaction. Deletes cost about
        as much as inserts on RocksDB, so dropping whole graphs and loading them again cost
        five first loads (one Update per report) and still near three (whole graphs);
        loading the same reports again now costs less than a first load. The steps are not
        one transaction, so the new data is first written to ``govkg-replacing.nq``: a
        process stopped half-way is finished, from that file, the next time the store is
        opened (which also makes the bulk loader safe here: ``bulk``).
        """
        ox = _ox()
        journal = self.path / REPLACING_FILE
        nq = ox.RdfFormat.N_QUADS
        # Oxigraph's own N-Quads, so that lines compare equal to what the store writes back
        quads = objects if raw is None else ox.parse(raw[0], format=raw[1])
        data = ox.serialize(quads, format=nq)
        if not journaled:
            write_atomically(journal, lambda tmp: Path(tmp).write_bytes(data))
        new: dict[bytes, set[bytes]] = {}
        for line in data.splitlines():
            if line:
                triple, graph, _dot = line.rsplit(b" ", 2)
                new.setdefault(graph, set()).add(triple)
        gone: list[str] = []
        dropped: list[str] = []
        added: list[bytes] = []
        for g in graphs:
            node = ox.NamedNode(g)
            key = str(node).encode("utf-8")
            old = {line[:-2] for line in self._store.dump(format=ox.RdfFormat.N_TRIPLES,
                                                          from_graph=node).splitlines() if line}
            fresh = new.pop(key, set())
            removed = old - fresh
            if any(b"_:" in t for t in removed):  # DELETE DATA takes no blank nodes: drop the graph
                dropped.append(g)
                removed, plus = set(), fresh
            else:
                plus = fresh - old
            if removed:
                gone.append(f"GRAPH {node} {{\n" + b" .\n".join(removed).decode("utf-8") + " .\n}")
            added.extend(t + b" " + key + b" .\n" for t in plus)
        for graph, triples in new.items():  # reports new to the store
            added.extend(t + b" " + graph + b" .\n" for t in triples)
        for g in dropped:
            self._store.remove_graph(ox.NamedNode(g))
        if gone:
            self._store.update("DELETE DATA {\n" + "\n".join(gone) + "\n}")
        if added:
            body = b"".join(added)
            if bulk:
                self._store.bulk_load(body, format=nq)
            else:
                self._store.load(body, format=nq)
        self._store.flush()
        journal.unlink(missing_ok=True)

    # -- lifecycle
    def close(self) -> None:
        """Flush and release the store (and its lock)."""
        store, self._store = getattr(self, "_store", None), None
        if store is not None and not self.read_only:
            try:
                store.flush()
            except OSError:
                pass
        del store

    def __enter__(self) -> "EmbeddedStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self._store)

    @property
    def raw(self):
        """The underlying pyoxigraph Store."""
        return self._store

    # -- writes
    def replace_report_graphs(self, source, batch_quads: int = 200_000, bulk: bool = False) -> LoadResult:
        """Replace each report's named graph with the one in ``source``.

        The source is first parsed once without storing it (so a syntax error writes nothing,
        and the graphs it holds are known). When none of its reports is in the store yet, it
        is loaded by Oxigraph's parser: in one transaction, or above ``BULK_THRESHOLD`` quads
        by the bulk loader with a record that undoes it if interrupted. Otherwise the reports
        that exist already are dropped and the source loaded in one transaction, its data
        first written to ``govkg-replacing.nq`` so that a stop half-way is finished when the
        store is next opened. Loading the same data twice leaves the store as after once.

        Args:
            source: an rdflib Dataset, a ``.nq``/``.trig`` path, N-Quads bytes or pyoxigraph quads.
            batch_quads: unused (kept for the common signature; replacing loads in one transaction).
            bulk: write new reports with Oxigraph's bulk loader even below ``BULK_THRESHOLD``
                quads. The bulk loader is not transactional; the graphs it writes are listed
                in ``govkg-loading.json`` first, and an interrupted load is undone (those new
                graphs dropped) the next time the store is opened.

        Returns:
            The graphs written (sorted), the number of quads and the seconds taken.

        Raises:
            InputError: the source cannot be parsed (nothing is written).
            StoreError: the store is read-only or the write failed (the transaction in
                flight is rolled back).
        """
        if self.read_only:
            raise StoreError("store is open read-only", path=str(self.path))
        ox = _ox()
        start = time.perf_counter()
        graphs, total, raw, objects = scan(source)
        graphs.sort()
        replaced = [g for g in graphs if self._store.contains_named_graph(ox.NamedNode(g))]
        try:
            if not replaced and (bulk or total > BULK_THRESHOLD):
                # One RocksDB transaction of millions of quads is slow (11 k quads/s measured
                # at 3.7 M); the bulk loader is 6x faster and LOADING_FILE makes it undoable.
                if raw is not None:
                    self._bulk_write(graphs, lambda: self._store.bulk_load(raw[0], format=raw[1]))
                else:
                    self._bulk_write(graphs, lambda: self._store.bulk_extend(objects))
            elif not replaced and raw is not None:
                self._store.load(raw[0], format=raw[1])
            elif not replaced:
                self._store.extend(objects)
            else:
                self._replace(replaced, raw, objects, bulk=bulk or total > BULK_THRESHOLD)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"write failed ({_first_line(exc)})", path=str(self.path)) from None
        return LoadResult(reports=tuple(graphs), quads=total, seconds=time.perf_counter() - start,
                          replaced=tuple(replaced))

    def remove_report(self, ref: str) -> list[str]:
        """Drop the report graph named ``ref`` (its IRI, ``report/<id>`` or its source path).

        Returns:
            The IRIs of the graphs dropped.

        Raises:
            StoreError: no report matches ``ref``.
        """
        q, bindings = find_report_query(ref)
        graphs = [row[0].value for row in self.query(q, bindings).rows]
        if not graphs:
            raise StoreError(f"no report {ref!r} in the store", path=str(self.path),
                             hint="see the reports with: govkg query reports_by_unit_year")
        ox = _ox()
        self._store.update(" ;\n".join(f"DROP GRAPH {ox.NamedNode(g)}" for g in graphs))
        return graphs

    def export(self, path: str | os.PathLike) -> int:
        """Write every named graph to ``path`` (.nq or .trig) atomically; return the quad count.

        Raises:
            OutputError: unknown suffix or the folder cannot be written.
        """
        fmt = export_format(path)
        prefixes = _PREFIXES if fmt == _ox().RdfFormat.TRIG else None
        write_atomically(path, lambda tmp: self._store.dump(tmp, format=fmt, prefixes=prefixes))
        return len(self._store)

    # -- reads
    def reports(self) -> list[ReportInfo]:
        """Return every report graph with its source, year and reporting unit."""
        infos = _report_infos(self.query(REPORTS_QUERY, union=False))
        counts = {g.value: int(n.value) for g, n in self.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union=False).rows}
        return [ReportInfo(i.iri, i.source, i.year, i.unit, counts.get(i.iri, 0)) for i in infos]

    def query(self, sparql: str, bindings: dict | None = None, union: bool = True,
              timeout: float | None = None) -> QueryResult:
        """Run a SPARQL query over the union of the report graphs.

        Args:
            sparql: the query text.
            bindings: variable name -> pyoxigraph term, bound by a ``VALUES`` block of
                serialised terms (the same on every backend).
            union: make the default graph the union of all named graphs.
            timeout: unused for the embedded store (kept for the common signature).

        Raises:
            QueryError: the query is malformed (with the parser's line and column), or
                nests too deep or is too large for the engine (see :mod:`govkg.graph.guard`).
        """
        ox = _ox()
        text = inject_values(sparql, bindings or {})
        check_query(text)  # a query shaped to overflow Oxigraph's stack would kill this process
        try:
            result = self._store.query(text, use_default_graph_as_union=union)
            return _rows_from(result, ox)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {_first_line(exc)}") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {_first_line(exc)}") from None


_PREFIXES = {"gov": GOV, "org": "http://www.w3.org/ns/org#",
             "eli": "http://data.europa.eu/eli/ontology#", "prov": "http://www.w3.org/ns/prov#",
             "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/",
             "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
             "xsd": "http://www.w3.org/2001/XMLSchema#"}


def _holder(path: Path) -> str:
    info = read_server_file(path)
    if info:
        return f" (govkg serve, pid {info.get('pid')}, at {info.get('public_url')})"
    return ""


# ---------------------------------------------------------------- server hand-off
def read_server_file(path: str | os.PathLike) -> dict | None:
    """Return the running ``govkg serve`` record of a store folder, or None when none runs."""
    file = Path(path) / SERVER_FILE
    try:
        info = json.loads(file.read_text(encoding="utf-8"))
        pid = int(info["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return info


def open_backend(store: str | os.PathLike | None = None, endpoint: str | None = None, *,
                 read_only: bool = False, writes: bool = False, **remote_options):
    """Return the backend to use: a remote endpoint, the running local server, or the folder.

    When ``govkg serve`` owns the store folder (it holds the RocksDB write lock), reads and
    writes go through that server's loopback endpoint, so nothing is written behind its
    back and it never serves stale data. A read-only server takes no writes from anyone:
    ``writes`` (the caller means to write) then fails with a hint.

    Raises:
        StoreError: the store cannot be opened, is served read-only and ``writes``, or the
            endpoint is unusable.
    """
    if endpoint:
        from govkg.graph.remote import RemoteStore

        return RemoteStore(endpoint, **remote_options)
    path = resolve_store_path(store)
    if read_only and not path.exists():
        raise StoreError("no store here", path=str(path), hint="load reports first with govkg load")
    info = read_server_file(path)
    try:
        return EmbeddedStore(path)  # also when a server record is stale (its process is gone)
    except StoreError as exc:
        if not (info and info.get("internal_url") and "locked" in exc.message):
            raise
        if writes and not info.get("writable"):
            raise StoreError(f"store is served read-only by govkg serve (pid {info.get('pid')}) at "
                             f"{info.get('public_url')}", path=str(path),
                             hint="stop it to write, or serve it with --writable to write through it") from None
    from govkg.graph.remote import RemoteStore

    backend = RemoteStore(info["internal_url"], auth=None, union_param=False)
    backend.via_server = info
    return backend
