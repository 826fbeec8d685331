"""Turn the govkg RDF graph into networkx graphs that :mod:`govkg.visual.render` draws.

Every view is a ``networkx.DiGraph`` whose nodes are IRIs carrying the attributes the page
needs (``cls``, ``label``, ``full``, ``tip``, ``part``, ``years``) and whose edges carry
``rel`` (a short Chinese relation name) and ``weight``. ``G.graph`` holds ``title``,
``focus`` (the node a view is centred on, if any) and ``note`` (what was left out).

The data source is always a pyoxigraph ``Store``; :func:`open_source` is the one seam that
turns a graph file, a store folder or an rdflib dataset into one. Queries read the union of
all named graphs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

from govkg.errors import DependencyError, InputError, QueryError, StoreError

GOV = "https://w3id.org/govkg/ontology#"
ID_BASE = "https://w3id.org/govkg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
PROV_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
ORG_SUB = "http://www.w3.org/ns/org#subOrganizationOf"
ORG_POST_IN = "http://www.w3.org/ns/org#postIn"
DCT_SOURCE = "http://purl.org/dc/terms/source"

PREFIXES = f"""PREFIX gov: <{GOV}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

#: node classes in drawing order; render.py gives each a colour and a shape
CLASSES = ("Report", "Part", "Section", "Measure", "PlannedMeasure", "Shortcoming", "Outcome",
           "Unit", "Post", "Instrument", "Other")

#: class name shown to people: 中文 / English
CLASS_NAMES = {
    "Report": "报告 report", "Part": "部分 part", "Section": "章节 section",
    "Measure": "举措 measure", "PlannedMeasure": "计划举措 planned measure",
    "Shortcoming": "不足 shortcoming", "Outcome": "成效 outcome", "Unit": "单位 unit",
    "Post": "职务 post", "Instrument": "法规文件 instrument", "Other": "其他 other",
}

_TYPE_CLASS = [  # first match wins, so the subclass comes before its superclass
    (GOV + "PlannedMeasure", "PlannedMeasure"), (GOV + "Measure", "Measure"),
    (GOV + "Report", "Report"), (GOV + "Section", "Section"),
    (GOV + "Shortcoming", "Shortcoming"), (GOV + "Outcome", "Outcome"),
    (GOV + "GovernmentUnit", "Unit"), (GOV + "Post", "Post"),
    (GOV + "LegalInstrument", "Instrument"),
]

#: the four statutory parts of a report (and the rest), as people call them
PART_NAMES = {
    GOV + "Achievements": "主要举措和成效", GOV + "Shortcomings": "存在的不足",
    GOV + "LeadershipDuties": "第一责任人职责", GOV + "NextYearPlans": "下一年度工作安排",
    GOV + "OtherPart": "其他部分",
}

#: predicates drawn as edges, with the relation name shown on hover
EDGE_PREDICATES = {
    GOV + "hasSection": "包含", GOV + "inSection": "所在章节", GOV + "responsibleUnit": "负责",
    GOV + "involvesUnit": "参与", GOV + "cites": "引用", GOV + "produces": "制定",
    GOV + "hasOutcome": "成效", GOV + "reportingUnit": "报告单位", GOV + "addressee": "报送",
    GOV + "issuedBy": "发布", ORG_SUB: "隶属", ORG_POST_IN: "任职于", PROV_FROM: "出自",
}

#: predicates fetched to describe a node (never gov:text: it is the whole report)
_DESCRIBE = [RDF_TYPE, RDFS_LABEL, GOV + "heading", GOV + "evidence", GOV + "year",
             GOV + "indicator", GOV + "value", GOV + "unit", GOV + "sectionKind",
             GOV + "inSection", PROV_FROM, DCT_SOURCE, GOV + "documentNumber",
             GOV + "evidenceStart", GOV + "reportingUnit"]

_REPORT_OF = re.compile(r"^(" + re.escape(ID_BASE) + r"report/[^/]+)")
SHORT_LABEL = 18
#: the most characters of a label per class; the full name is in the tooltip and the search
LABEL_LIMIT = {"Report": 24, "Part": 14, "Section": 16, "Measure": 14, "PlannedMeasure": 14,
               "Shortcoming": 14, "Outcome": 14, "Unit": 14, "Post": 12, "Instrument": 16}

_RDF_SUFFIXES = {".nq": "N_QUADS", ".trig": "TRIG", ".ttl": "TURTLE", ".nt": "N_TRIPLES",
                 ".jsonld": "JSON_LD", ".rdf": "RDF_XML", ".owl": "RDF_XML"}


# ------------------------------------------------------------------ the source seam
def open_source(source: Any = None, *, store_dir: str | Path | None = None):
    """Return a pyoxigraph ``Store`` to read views from.

    This is the one place that knows where graphs live: a store folder (through
    ``govkg.graph.store`` when present, else opened read-only with pyoxigraph), an RDF file
    loaded into memory, an rdflib ``Dataset``/``Graph``, or a ``Store`` as it is.

    Args:
        source: a graph file path, an rdflib dataset or graph, or a pyoxigraph Store.
        store_dir: a store folder (as made by ``govkg load``); used when ``source`` is None.

    Returns:
        a pyoxigraph Store.

    Raises:
        InputError: the file is missing, of an unknown format or not valid RDF.
        StoreError: the store folder cannot be opened.
        DependencyError: pyoxigraph is not installed.
    """
    try:
        import pyoxigraph as ox
    except ImportError:  # pragma: no cover - a core dependency
        raise DependencyError("pyoxigraph is not installed", hint="pip install pyoxigraph") from None
    if isinstance(source, ox.Store):
        return source
    if source is None and store_dir is not None:
        return _open_store_dir(Path(store_dir))
    if source is None:
        raise InputError("no graph given", hint="pass a graph file or --store DIR")
    if hasattr(source, "serialize") and hasattr(source, "quads"):  # rdflib Dataset / Graph
        store = ox.Store()
        data = source.serialize(format="nquads", encoding="utf-8")
        store.load(data, format=ox.RdfFormat.N_QUADS)
        return store
    path = Path(source)
    fmt = _RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"unknown RDF format {path.suffix or '(no suffix)'}", path=str(path),
                         hint="use one of " + ", ".join(sorted(_RDF_SUFFIXES)))
    if not path.is_file():
        raise InputError("no such file", path=str(path), hint="check the path or use --store DIR")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=getattr(ox.RdfFormat, fmt))
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"is not valid RDF ({' '.join(str(exc).split())[:200]})",
                         path=str(path)) from None
    return store


def _open_store_dir(path: Path):
    """Open a store folder read-only through the graph layer (``govkg.graph.store``).

    Returns the folder's pyoxigraph Store, or the backend itself when ``govkg serve`` owns
    the folder (then queries go through the server, see :func:`run_query`).
    """
    from govkg.graph.store import open_backend

    if not path.is_dir():
        raise StoreError("no such store folder", path=str(path),
                         hint="load graphs first with govkg load, or pass a graph file")
    backend = open_backend(path, read_only=True)
    return getattr(backend, "raw", backend)


# ------------------------------------------------------------------ SPARQL helpers
def _term(t) -> Any:
    """Return a pyoxigraph term as a Python value: IRIs as str, numbers as int/float."""
    if t is None:
        return None
    value = t.value
    datatype = getattr(t, "datatype", None)
    if datatype is not None:
        dt = datatype.value
        if dt.endswith(("#integer", "#int", "#long", "#short", "#nonNegativeInteger")):
            try:
                return int(value)
            except ValueError:
                return value
        if dt.endswith(("#decimal", "#double", "#float")):
            try:
                number = float(value)
                return int(number) if number.is_integer() else number
            except ValueError:
                return value
    return value


class StoreQueries:
    """Let the query runner (``govkg.queries.runner``) look names up in a pyoxigraph Store:
    ``query(sparql, bindings)`` with ``.rows`` and ``.boolean``, as a govkg backend has."""

    def __init__(self, store):
        self.store = store

    def query(self, sparql: str, bindings: dict | None = None, union: bool = True):
        import pyoxigraph as ox
        from types import SimpleNamespace

        if not isinstance(self.store, ox.Store):
            return self.store.query(sparql, bindings or {})
        from govkg.graph.store import inject_values

        result = self.store.query(inject_values(sparql, bindings or {}), use_default_graph_as_union=union)
        if isinstance(result, ox.QueryBoolean):
            return SimpleNamespace(variables=[], rows=[], boolean=bool(result))
        names = [v.value for v in result.variables]
        return SimpleNamespace(variables=names, rows=[tuple(s[i] for i in range(len(names))) for s in result],
                               boolean=None)


def run_query(store, query: str, union: bool = True) -> tuple[list[str], list[tuple], bool]:
    """Run ``query`` on a pyoxigraph Store or a govkg backend (``.query`` -> QueryResult).

    Returns:
        ``(variables, rows of pyoxigraph terms, is_graph)``; a CONSTRUCT/DESCRIBE gives the
        variables subject, predicate, object and ``is_graph`` True.

    Raises:
        QueryError: the query is malformed, or is an ASK.
    """
    import pyoxigraph as ox

    if isinstance(store, ox.Store):
        try:
            result = store.query(query, use_default_graph_as_union=union)
        except SyntaxError as exc:
            raise QueryError(f"is not valid SPARQL ({' '.join(str(exc).split())[:200]})") from None
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return names, [tuple(sol[i] for i in range(len(names))) for sol in result], False
        if isinstance(result, ox.QueryTriples):
            return (["subject", "predicate", "object"],
                    [(t.subject, t.predicate, t.object) for t in result], True)
        raise QueryError("an ASK query has no graph to draw", hint="use SELECT or CONSTRUCT")
    result = store.query(query, union=union)
    if result.boolean is not None:
        raise QueryError("an ASK query has no graph to draw", hint="use SELECT or CONSTRUCT")
    is_graph = bool(re.search(r"\b(CONSTRUCT|DESCRIBE)\b", query, re.IGNORECASE)) and \
        list(result.variables) == ["subject", "predicate", "object"]
    return list(result.variables), list(result.rows), is_graph


def _select(store, query: str) -> list[dict[str, Any]]:
    """Run one of our SELECTs over the union graph; return rows of Python values."""
    names, rows, _ = run_query(store, PREFIXES + query)
    return [{n: _term(row[i]) for i, n in enumerate(names)} for row in rows]


def _iri(value: str) -> str:
    """Return ``value`` as a SPARQL IRI reference (values come from the store, so are valid)."""
    if any(c in value for c in '<>"{}|\\^` '):
        raise QueryError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


def _values(iris: Iterable[str], var: str = "n") -> str:
    return f"VALUES ?{var} {{ {' '.join(_iri(i) for i in iris)} }}"


def _chunks(items: list, size: int = 2000):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def report_of(iri: str) -> str | None:
    """Return the report IRI a report-scoped IRI lives under, or None.

    >>> report_of("https://w3id.org/govkg/id/report/aaaa/measure/3")
    'https://w3id.org/govkg/id/report/aaaa'
    """
    m = _REPORT_OF.match(iri)
    return m.group(1) if m else None


def short(text: str, limit: int = SHORT_LABEL) -> str:
    """Return ``text`` on one line, cut to ``limit`` characters with an ellipsis.

    >>> short("云江市柳溪区望湖街道办事处关于进一步加强法治建设", 8)
    '云江市柳溪区望…'
    """
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def iri_tail(iri: str) -> str:
    """Return the readable last segment of an IRI (percent-escapes decoded)."""
    from urllib.parse import unquote

    tail = iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return unquote(tail) or iri


# ------------------------------------------------------------------ describing nodes
def _describe(store, iris: Iterable[str]) -> dict[str, dict[str, list]]:
    """Return ``{iri: {predicate: [values]}}`` for the display predicates of ``iris``.

    A unit or instrument is described in every report graph that mentions it, so with a
    pyoxigraph Store each node is read from the first graph that holds it (the union graph
    would repeat its label once per report: thousands of rows at scale). Other backends
    get one SPARQL query per chunk.
    """
    import pyoxigraph as ox

    facts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    wanted = set(_DESCRIBE)
    if isinstance(store, ox.Store):
        for iri in sorted(set(iris)):
            node = ox.NamedNode(iri)
            first = next(iter(store.quads_for_pattern(node, ox.NamedNode(RDF_TYPE), None, None)), None)
            if first is None:
                first = next(iter(store.quads_for_pattern(node, None, None, None)), None)
            if first is None:
                continue
            seen = set()
            for quad in store.quads_for_pattern(node, None, None, first.graph_name):
                p = quad.predicate.value
                if p in wanted:
                    value = _term(quad.object)
                    if (p, value) not in seen:
                        seen.add((p, value))
                        facts[iri][p].append(value)
        return facts
    union = " UNION ".join(f"{{ ?n <{p}> ?o BIND(<{p}> AS ?p) }}" for p in _DESCRIBE)
    for chunk in _chunks(sorted(set(iris))):
        rows = _select(store, f"SELECT DISTINCT ?n ?p ?o WHERE {{ {_values(chunk)} {union} }}")
        for row in rows:
            facts[row["n"]][row["p"]].append(row["o"])
    return facts


def _links_from(store, subjects: Iterable[str], preds: list[str]) -> list[tuple[str, str, str]]:
    """Return the distinct ``(subject, predicate, object IRI)`` links of ``subjects``.

    With a pyoxigraph Store this reads the subject-predicate index directly; a SPARQL
    ``VALUES ?s ... ?s ?p ?o`` makes Oxigraph scan every quad.
    """
    import pyoxigraph as ox

    out: set[tuple[str, str, str]] = set()
    if isinstance(store, ox.Store):
        nodes = [ox.NamedNode(p) for p in preds]
        for s in set(subjects):
            node = ox.NamedNode(s)
            for pred in nodes:
                for quad in store.quads_for_pattern(node, pred, None, None):
                    if isinstance(quad.object, ox.NamedNode):
                        out.add((s, pred.value, quad.object.value))
        return sorted(out)
    for chunk in _chunks(sorted(set(subjects))):
        union = " UNION ".join(f"{{ ?s <{p}> ?o BIND(<{p}> AS ?p) }}" for p in preds)
        for r in _select(store, f"SELECT DISTINCT ?s ?p ?o WHERE {{ {_values(chunk, 's')} {union} "
                                f"FILTER(isIRI(?o)) }}"):
            out.add((r["s"], r["p"], r["o"]))
    return sorted(out)


def _section_context(store, sections: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Return ``{section: (heading, part name)}``, the part taken from the top-level ancestor."""
    out: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(sorted(set(sections))):
        rows = _select(store, f"""SELECT ?n (SAMPLE(?h) AS ?heading) (SAMPLE(?k) AS ?kind) WHERE {{
            {_values(chunk)}
            OPTIONAL {{ ?n gov:heading ?h }}
            OPTIONAL {{ ?top gov:hasSection* ?n . ?top gov:sectionKind ?k }}
        }} GROUP BY ?n""")
        for row in rows:
            out[row["n"]] = (row["heading"] or "", PART_NAMES.get(row["kind"], ""))
    return out


def _class_of(types: list[str], iri: str, facts: dict) -> str:
    for t, cls in _TYPE_CLASS:
        if t in types:
            if cls == "Section" and GOV + "sectionKind" in facts:
                return "Part"
            return cls
    return "Other"


def _first(facts: dict, pred: str, default: Any = None) -> Any:
    values = facts.get(pred) or []
    return sorted(values, key=str)[0] if values else default


def _display_label(cls: str, iri: str, f: dict) -> str:
    label = _first(f, RDFS_LABEL) or _first(f, GOV + "heading")
    if cls == "Outcome":
        ind, val, unit = _first(f, GOV + "indicator"), _first(f, GOV + "value"), _first(f, GOV + "unit")
        if ind is not None and val is not None:
            label = f"{ind} {val}{unit or ''}"
    return str(label) if label is not None else iri_tail(iri)


def decorate(G, store) -> None:
    """Set ``cls``, ``label``, ``full``, ``tip``, ``part`` and ``years`` on every node of ``G``.

    Args:
        G: a networkx graph whose nodes are IRIs (attributes already set are kept).
        store: the pyoxigraph Store the IRIs come from.
    """
    iris = [n for n in G.nodes if isinstance(n, str)]
    reports = {r for r in (report_of(n) for n in iris) if r}
    facts = _describe(store, set(iris) | reports)
    sections = {s for n in iris for s in facts.get(n, {}).get(GOV + "inSection", [])}
    sections |= {n for n in iris if GOV + "Section" in facts.get(n, {}).get(RDF_TYPE, [])}
    sec_ctx = _section_context(store, sections) if sections else {}

    untitled = {r for r in reports | {n for n in iris if report_of(n) == n}
                if r in facts and not facts[r].get(RDFS_LABEL)}
    reporters = {_first(facts[r], GOV + "reportingUnit") for r in untitled} - {None}
    unit_facts = _describe(store, reporters) if reporters else {}

    def report_title(r: str) -> str:
        """Return a report's title: its label, else its unit and year, else its file; never its id."""
        rf = facts.get(r, {})
        if _first(rf, RDFS_LABEL):
            return str(_first(rf, RDFS_LABEL))
        unit = _first(unit_facts.get(_first(rf, GOV + "reportingUnit"), {}), RDFS_LABEL)
        year = _first(rf, GOV + "year")
        if unit:
            return f"{unit}{year or ''}{'年度' if year else ''}法治政府建设报告"
        source = _first(rf, DCT_SOURCE)
        if source:
            return Path(str(source)).name + (f" ({year})" if year else "")
        return "报告 " + iri_tail(r)

    def report_info(r: str | None) -> tuple[str, int | None]:
        if not r:
            return "", None
        return report_title(r), _first(facts.get(r, {}), GOV + "year")

    for n in iris:
        f = facts.get(n, {})
        data = G.nodes[n]
        cls = data.get("cls") or _class_of(f.get(RDF_TYPE, []), n, f)
        full = data.get("full") or (report_title(n) if cls == "Report" and n in facts
                                    else _display_label(cls, n, f))
        report = n if cls == "Report" else (_first(f, PROV_FROM) or report_of(n))
        report_label, year = report_info(report)
        section = None
        if cls in ("Part", "Section"):
            section = n
        elif f.get(GOV + "inSection"):
            section = _first(f, GOV + "inSection")
        heading, part = sec_ctx.get(section, ("", "")) if section else ("", "")
        tip = [["类型 class", CLASS_NAMES.get(cls, cls)], ["名称 name", full]]
        evidence = _first(f, GOV + "evidence")
        if evidence:
            tip.append(["证据 evidence", str(evidence)])
        if report_label and cls != "Report":
            tip.append(["报告 report", report_label])
        if heading and cls not in ("Part", "Section"):
            tip.append(["章节 section", heading])
        if part:
            tip.append(["部分 part", part])
        if year is not None:
            tip.append(["年度 year", str(year)])
        for extra in data.get("extra_tip", []):
            tip.append(list(extra))
        tip.append(["IRI", n])
        data.update(cls=cls, full=full, label=short(full), tip=tip, part=part,
                    years=[year] if isinstance(year, int) else list(data.get("years", [])))
        start = _first(f, GOV + "evidenceStart")
        if isinstance(start, int):
            data["start"] = start
        if cls == "Part" and part:
            data["short"] = part
        data.pop("extra_tip", None)
    _label_nodes(G)
    # units and instruments belong to every year of the reports around them
    for n in iris:
        data = G.nodes[n]
        if data["years"]:
            continue
        years = set()
        for m in list(G.predecessors(n)) + list(G.successors(n)) if G.is_directed() else G.neighbors(n):
            ys = G.nodes[m].get("years") or []
            if len(ys) == 1:
                years.add(ys[0])
        data["years"] = sorted(years)


def _label_nodes(G) -> None:
    """Set every node's ``label``: short, and different for nodes whose names differ.

    A part is labelled by its kind (主要举措和成效) unless two parts share one; a report's
    title, a measure's words or an instrument's title are cut so the differing words stay.
    """
    from govkg.visual.labels import distinct_labels

    nodes = [n for n in G.nodes if isinstance(n, str)]
    kinds: dict[str, int] = defaultdict(int)
    for n in nodes:
        if G.nodes[n].get("short"):
            kinds[G.nodes[n]["short"]] += 1
    fulls = {n: G.nodes[n].get("full") or iri_tail(n) for n in nodes}
    # a small view has room for longer labels (every box is drawn larger); its subject most
    room = 1.6 if len(nodes) <= 30 else 1.3 if len(nodes) <= 80 else 1.0
    limits = {n: round(LABEL_LIMIT.get(G.nodes[n].get("cls"), SHORT_LABEL) * room) for n in nodes}
    if G.graph.get("focus") in limits and room > 1:
        limits[G.graph["focus"]] = max(limits[G.graph["focus"]], 30)
    labels = distinct_labels(fulls, limits)
    for n in nodes:
        preferred = G.nodes[n].pop("short", None)
        G.nodes[n]["label"] = preferred if preferred and kinds[preferred] == 1 else labels[n]


def _new_graph(title: str, focus: str | None = None):
    import networkx as nx

    G = nx.DiGraph()
    G.graph.update(title=title, focus=focus, note="")
    return G


def _add_edge(G, s: str, o: str, rel: str, weight: float = 1) -> None:
    if s == o:
        return
    if G.has_edge(s, o):
        data = G.edges[s, o]
        if rel not in data["rel"].split("/"):
            data["rel"] += "/" + rel
        data["weight"] += weight
    else:
        G.add_edge(s, o, rel=rel, weight=weight)


# ------------------------------------------------------------------ resolving names
def list_reports(store) -> list[dict[str, Any]]:
    """Return every report as ``{report, label, year, source}``, sorted by year then label."""
    rows = _select(store, """SELECT ?report (SAMPLE(?l) AS ?label) (SAMPLE(?y) AS ?year)
        (SAMPLE(?s) AS ?source) WHERE { ?report a gov:Report .
        OPTIONAL { ?report rdfs:label ?l } OPTIONAL { ?report gov:year ?y }
        OPTIONAL { ?report dcterms:source ?s } } GROUP BY ?report""")
    return sorted(rows, key=lambda r: (r["year"] or 0, str(r["label"] or ""), r["report"]))


def resolve_report(store, name: str) -> str:
    """Return the IRI of the report named by its IRI, 16-hex id, source file or label.

    Raises:
        InputError: no report, or more than one, matches ``name``.
    """
    reports = list_reports(store)
    if not reports:
        raise InputError("the graph holds no reports", hint="extract or load some reports first")
    exact = [r for r in reports if name in (r["report"], iri_tail(r["report"]), r["source"], r["label"])]
    found = exact or [r for r in reports
                      if name in str(r["label"] or "") or name in str(r["source"] or "")
                      or Path(str(r["source"] or "")).name == name]
    return _one(found, name, "report", [str(r["label"] or r["report"]) for r in reports],
                key=lambda r: r["report"], show=lambda r: f"{r['label']} ({r['year']})")


def _one(found: list, name: str, what: str, available: list[str], key, show) -> str:
    if len(found) == 1:
        return key(found[0])
    if not found:
        sample = "; ".join(available[:5]) + (" ..." if len(available) > 5 else "")
        raise InputError(f"no {what} matches {name!r}", hint=f"try one of: {sample}")
    sample = "; ".join(show(f) for f in found[:5]) + (" ..." if len(found) > 5 else "")
    raise InputError(f"{len(found)} {what}s match {name!r}",
                     hint=f"give the full IRI or a longer name: {sample}")


def resolve_entity(store, name: str, kind: str) -> str:
    """Return the IRI of the unit (``kind='unit'``) or instrument named ``name``.

    An IRI or an exact label / altLabel wins; otherwise a unique substring of a label.

    Raises:
        InputError: nothing, or more than one thing, matches.
    """
    cls = {"unit": "GovernmentUnit", "instrument": "LegalInstrument"}[kind]
    if name.startswith(("http://", "https://")):
        if _select(store, f"SELECT ?x WHERE {{ {_iri(name)} a gov:{cls} . BIND(1 AS ?x) }} LIMIT 1"):
            return name
        raise InputError(f"no {kind} has the IRI {name}", hint=f"list {kind}s with govkg stats")
    norm = name.strip().strip("《》")
    lit = _literal(norm)
    # an exact label or altLabel is an index lookup; only then scan labels for a substring
    found = _select(store, f"""SELECT ?n (SAMPLE(?l) AS ?label) WHERE {{
        {{ ?n rdfs:label {lit} }} UNION {{ ?n skos:altLabel {lit} }}
        ?n a gov:{cls} . OPTIONAL {{ ?n rdfs:label ?l }} }} GROUP BY ?n""")
    if not found:
        found = _select(store, f"""SELECT ?n (SAMPLE(?l) AS ?label) WHERE {{
            {{ SELECT DISTINCT ?n ?l WHERE {{ ?n rdfs:label ?l FILTER(CONTAINS(STR(?l), {lit})) }} }}
            ?n a gov:{cls} }} GROUP BY ?n ORDER BY ?label LIMIT 50""")
    available = [str(r["l"]) for r in _select(store, f"""SELECT DISTINCT ?l WHERE {{
        ?n a gov:{cls} ; rdfs:label ?l }} ORDER BY ?l LIMIT 6""")] if not found else []
    return _one(found, name, kind, available, key=lambda r: r["n"], show=lambda r: str(r["label"]))


def _literal(text: str) -> str:
    r"""Return ``text`` as a SPARQL string literal.

    >>> print(_literal('say "hi" \\ twice'))
    "say \"hi\" \\ twice"
    """
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    return f'"{escaped}"'


# ------------------------------------------------------------------ the views
def report_graph(store, report: str):
    """Return the view of one report: report -> parts -> sections -> measures -> units,
    instruments and outcomes.

    Args:
        store: a pyoxigraph Store.
        report: the report IRI (see :func:`resolve_report`).

    Returns:
        a decorated ``networkx.DiGraph`` with ``G.graph['focus'] == report``.
    """
    preds = ' '.join('<' + p + '>' for p in EDGE_PREDICATES if p != PROV_FROM)
    rows = _select(store, f"""SELECT ?s ?p ?o WHERE {{ GRAPH {_iri(report)} {{ ?s ?p ?o }}
        VALUES ?p {{ {preds} }} FILTER(isIRI(?o)) }}""")
    named = bool(rows)
    if not named:  # a Turtle file has no named graphs: take what hangs under the report's IRI
        rows = _select(store, f"""SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o VALUES ?p {{ {preds} }}
            FILTER(isIRI(?o) && (?s = {_iri(report)} || STRSTARTS(STR(?s), "{report}/"))) }}""")
    G = _new_graph("", focus=report)
    G.add_node(report)
    for r in rows:
        p = r["p"]
        if p == GOV + "inSection":  # draw section -> item, so the tree reads outwards
            _add_edge(G, r["o"], r["s"], "举措")
        else:
            _add_edge(G, r["s"], r["o"], EDGE_PREDICATES[p])
    # items with no section hang from the report itself
    pattern = (f"GRAPH {_iri(report)} {{ ?s a ?t }}" if named
               else f'?s a ?t FILTER(STRSTARTS(STR(?s), "{report}/"))')
    items = _select(store, f"""SELECT DISTINCT ?s WHERE {{ {pattern}
        VALUES ?t {{ gov:Measure gov:PlannedMeasure gov:Shortcoming }}
        FILTER NOT EXISTS {{ ?s gov:inSection ?x }} }}""")
    for r in items:
        _add_edge(G, report, r["s"], "举措")
    decorate(G, store)
    G.graph["title"] = "报告 " + G.nodes[report]["full"]
    G.graph["layout"] = "outline"
    return G


_OVERVIEW_EDGES = """
SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?n) ?kind WHERE {
  { ?m gov:responsibleUnit|gov:involvesUnit ?a . ?m gov:cites|gov:produces ?b . BIND("引用" AS ?kind) }
  UNION
  { ?m gov:responsibleUnit ?a ; gov:involvesUnit ?b . FILTER(?a != ?b) BIND("协同" AS ?kind) }
  UNION
  { ?m gov:reportingUnit ?a ; gov:cites ?b . BIND("引用" AS ?kind) }
} GROUP BY ?a ?b ?kind
"""


def overview_graph(store, max_nodes: int = 400, max_edges_per_node: float = 4.0):
    """Return units and instruments across all reports, edges weighted by the measures (or
    report citations) joining them.

    A unit and an instrument are joined when a measure of the unit cites or produces the
    instrument (or the unit's report cites it); two units when a measure has one responsible
    and the other involved. Past ``max_nodes`` only the most connected nodes (by summed edge
    weight) are kept, and light edges are dropped until there are at most
    ``max_edges_per_node`` edges per node, so the view stays readable at 10,000 reports;
    ``G.graph['note']`` says what was left out.

    Args:
        store: a pyoxigraph Store.
        max_nodes: the most nodes to keep.
        max_edges_per_node: the edge budget per kept node.

    Returns:
        a decorated ``networkx.DiGraph``.
    """
    G = _new_graph("总览 overview: 单位与法规文件 units and instruments")
    G.graph["layout"] = "groups"
    strength: dict[str, float] = defaultdict(float)
    edges = _select(store, _OVERVIEW_EDGES)
    for r in edges:
        strength[r["a"]] += r["n"]
        strength[r["b"]] += r["n"]
    total = len(strength)
    # half the places for instruments, half for units (a side that needs fewer gives the rest
    # away): ranked together, the side with more links per node would take every place
    ranked = sorted(strength, key=lambda n: (-strength[n], n))
    sides = [[n for n in ranked if "/instrument/" in n], [n for n in ranked if "/instrument/" not in n]]
    quota = [min(len(sides[0]), max(max_nodes // 2, max_nodes - len(sides[1])))]
    quota.append(min(len(sides[1]), max_nodes - quota[0]))
    keep = set(sides[0][:quota[0]]) | set(sides[1][:quota[1]])
    # the rest are not dropped but gathered: instruments into one node, units into one node per
    # level and region (北京市西城区 · 区县), so thousands of reports still draw every link
    home = {n: n for n in keep}
    groups: dict[str, dict] = {}
    if total > len(keep):
        home.update(_gather(store, [n for n in ranked if n not in keep], strength, groups))
    merged: dict[tuple, dict] = {}
    for r in edges:
        a, b = home.get(r["a"]), home.get(r["b"])
        if a is None or b is None or a == b:
            continue
        e = merged.setdefault((a, b, r["kind"]), {"a": a, "b": b, "kind": r["kind"], "n": 0})
        e["n"] += r["n"]
    kept = list(merged.values())
    budget = int(max_edges_per_node * max(len(keep) + len(groups), 1))
    min_weight = 1
    if len(kept) > budget:
        kept.sort(key=lambda r: (-r["n"], r["a"], r["b"]))
        min_weight = kept[budget - 1]["n"]
        kept = [r for r in kept if r["n"] >= min_weight][: budget]
    for r in kept:
        _add_edge(G, r["a"], r["b"], r["kind"], r["n"])
    for n in keep:
        G.add_node(n)
    for g, info in groups.items():
        G.add_node(g, cls=info["cls"], full=info["full"], short=info["short"], weight=info["weight"],
                   extra_tip=[["汇总 gathered", f"{info['count']:,} 个 {info['what']}"],
                              ["权重 weight", str(info["weight"])]], years=[])
    counts = _entity_counts(store, [n for n in G.nodes if n not in groups])
    for n in G.nodes:
        if n in groups:
            continue
        measures, reports, years = counts.get(n, (0, 0, []))
        G.nodes[n]["extra_tip"] = [["举措数 measures", str(measures)], ["报告数 reports", str(reports)]]
        G.nodes[n]["years"] = years
        G.nodes[n]["weight"] = strength.get(n, 0)
    decorate(G, store)
    notes = []
    if total > len(keep):
        notes.append(f"showing the {len(keep):,} most connected of {total:,} units and instruments; "
                     f"the others gathered into {len(groups)} nodes by level and region")
    if min_weight > 1:
        notes.append(f"edges joined by at least {min_weight} measures")
    if notes:
        G.graph["note"] = "; ".join(notes) + "; narrow with --unit, --instrument or --report"
    return G


#: the most level-and-region nodes the overview gathers units into; smaller regions share one per level
MAX_GROUPS = 40
GROUP_BASE = "urn:govkg:overview/"
_LEVEL_NAMES = ("中央及其他", "省", "市", "区县", "街道乡镇")


def _gather(store, rest: list[str], strength: dict, groups: dict) -> dict[str, str]:
    """Return ``{node: group node}`` for the units and instruments the overview does not show
    one by one, filling ``groups`` with each group's ``cls``, ``full`` name, ``count`` and
    ``weight``."""
    from govkg.visual.labels import unit_level, unit_region

    labels: dict[str, str] = {}
    units = [n for n in rest if "/instrument/" not in n]
    for chunk in _chunks(units):
        for r in _select(store, f"SELECT ?n (SAMPLE(?l) AS ?label) WHERE {{ {_values(chunk)} ?n rdfs:label ?l }} GROUP BY ?n"):
            labels[r["n"]] = str(r["label"] or "")
    key: dict[str, tuple] = {}
    for n in rest:
        if "/instrument/" in n:
            key[n] = ("Instrument", -1, "")
        else:
            label = labels.get(n) or iri_tail(n)
            key[n] = ("Unit", unit_level(label), unit_region(label))
    weight: dict[tuple, float] = defaultdict(float)
    for n, k in key.items():
        weight[k] += strength.get(n, 0)
    size: dict[tuple, int] = defaultdict(int)
    for k in key.values():
        size[k] += 1
    # a region gets a node of its own when it gathers a few units and is among the heaviest
    regional = sorted((k for k in weight if k[0] == "Unit" and size[k] >= 3), key=lambda k: (-weight[k], k))
    small = {k for k in weight if k[0] == "Unit"} - set(regional[:MAX_GROUPS])
    home = {}
    for n, k in key.items():
        if k in small:
            k = ("Unit", k[1], "其他地区")
        cls, level, region = k
        g = GROUP_BASE + ("instrument" if cls == "Instrument" else f"unit/{level}/{region or '-'}")
        info = groups.setdefault(g, {"cls": cls, "count": 0, "weight": 0,
                                     "what": "法规文件 instruments" if cls == "Instrument" else "单位 units",
                                     "full": "其他法规文件" if cls == "Instrument" else
                                     f"{region or '未注明地区'}·{_LEVEL_NAMES[level]}"})
        info["count"] += 1
        info["weight"] += strength.get(n, 0)
        home[n] = g
    for info in groups.values():
        info["full"] += f" ({info['count']:,})"
        info["short"] = info["full"]  # a group's name is short already: never cut it
    return home


def _entity_counts(store, iris: list[str]) -> dict[str, tuple[int, int, list[int]]]:
    """Return ``{iri: (measures, reports, years)}`` for units and instruments.

    One pass over the linking predicates, grouped by entity and named graph (a report's graph
    IRI is the report IRI); cheaper than looking the entities up one by one.
    """
    wanted = set(iris)
    year_of = {r["report"]: r["year"] for r in list_reports(store)}
    measures: dict[str, int] = defaultdict(int)
    reports: dict[str, set] = defaultdict(set)
    rows = _select(store, """SELECT ?n ?g (COUNT(DISTINCT ?m) - MAX(IF(?m = ?g, 1, 0)) AS ?c) WHERE {
        GRAPH ?g { ?m ?p ?n }
        VALUES ?p { gov:responsibleUnit gov:involvesUnit gov:cites gov:produces gov:reportingUnit gov:addressee }
    } GROUP BY ?n ?g""")
    for r in rows:
        if r["n"] in wanted:
            measures[r["n"]] += int(r["c"])
            reports[r["n"]].add(r["g"])
    return {n: (measures[n], len(reports[n]),
                sorted({year_of[g] for g in reports[n] if isinstance(year_of.get(g), int)}))
            for n in iris}


def ego_graph(store, entity: str, kind: str):
    """Return every report, measure and outcome touching one unit or instrument.

    Args:
        store: a pyoxigraph Store.
        entity: the IRI of the unit or instrument (see :func:`resolve_entity`).
        kind: ``"unit"`` or ``"instrument"``.

    Returns:
        a decorated ``networkx.DiGraph`` centred on ``entity``.
    """
    e = _iri(entity)
    if kind == "unit":
        link = f"""{{ ?m gov:responsibleUnit {e} }} UNION {{ ?m gov:involvesUnit {e} }}"""
        direct = f"""SELECT ?s ?p ?o WHERE {{
            {{ ?s ?p {e} . VALUES ?p {{ gov:reportingUnit gov:addressee org:subOrganizationOf gov:issuedBy org:postIn }} BIND({e} AS ?o) }}
            UNION {{ {e} org:subOrganizationOf ?o . BIND({e} AS ?s) BIND(org:subOrganizationOf AS ?p) }} }}"""
    else:
        link = f"""{{ ?m gov:cites {e} }} UNION {{ ?m gov:produces {e} }}"""
        direct = f"""SELECT ?s ?p ?o WHERE {{
            {{ ?s gov:cites {e} . ?s a gov:Report . BIND(gov:cites AS ?p) BIND({e} AS ?o) }}
            UNION {{ {e} gov:issuedBy ?o . BIND({e} AS ?s) BIND(gov:issuedBy AS ?p) }} }}"""
    measures = [r["m"] for r in _select(store, f"SELECT DISTINCT ?m WHERE {{ {link} }}")]
    G = _new_graph("", focus=entity)
    G.add_node(entity)
    for r in _select(store, direct):
        _add_edge(G, r["s"], r["o"], EDGE_PREDICATES.get(r["p"], iri_tail(r["p"])))
    preds = [GOV + "responsibleUnit", GOV + "involvesUnit", GOV + "cites", GOV + "produces",
             GOV + "hasOutcome", PROV_FROM]
    for s, p, o in _links_from(store, measures, preds):
        _add_edge(G, s, o, EDGE_PREDICATES[p])
    decorate(G, store)
    G.graph["title"] = ("单位 unit " if kind == "unit" else "法规文件 instrument ") + G.nodes[entity]["full"]
    G.graph["layout"] = "outline"
    return G


def query_graph(store, query: str, about: dict[str, str] | None = None):
    """Draw a SELECT (two or three IRI columns) or CONSTRUCT result as a graph.

    Two IRI columns give an edge from the first to the second; three give subject, edge,
    object (the middle one names the edge). Literal columns go into the edge's tooltip.
    A CONSTRUCT draws triples with an IRI object as edges; ``rdf:type`` and ``rdfs:label``
    set the class and label.

    Args:
        store: a pyoxigraph Store.
        query: the SPARQL text (parameters already bound).
        about: ``{parameter: IRI}`` the query was asked about (``unit_measures -p unit=...``);
            each is drawn too, joined to the nodes of the first IRI column, and the view is
            centred on the first.

    Raises:
        QueryError: the query is malformed or its result cannot be drawn.
    """
    import pyoxigraph as ox

    names, rows, is_graph = run_query(store, query)
    G = _new_graph("查询 query")
    if is_graph:
        labels: dict[str, str] = {}
        for s, p, o in rows:
            p = p.value
            if not isinstance(s, ox.NamedNode):
                continue
            if isinstance(o, ox.NamedNode):
                if p == RDF_TYPE:
                    G.add_node(s.value)
                    G.nodes[s.value].setdefault("types", []).append(o.value)
                else:
                    _add_edge(G, s.value, o.value, EDGE_PREDICATES.get(p, iri_tail(p)))
            else:
                G.add_node(s.value)
                if p == RDFS_LABEL:
                    labels[s.value] = o.value
                else:
                    G.nodes[s.value].setdefault("extra_tip", []).append([iri_tail(p), str(o.value)])
        for n, t in list(G.nodes(data="types")):
            if t:
                G.nodes[n]["cls"] = _class_of(t, n, {})
        for n, label in labels.items():
            G.nodes[n]["full"] = label
    else:
        iri_cols = [i for i, _ in enumerate(names)
                    if any(r[i] is not None for r in rows)
                    and all(isinstance(r[i], ox.NamedNode) for r in rows if r[i] is not None)]
        if len(iri_cols) not in (2, 3):
            found = ", ".join("?" + names[i] for i in iri_cols) or "none"
            raise QueryError(f"a SELECT drawn as a graph needs two or three IRI columns; "
                             f"this one has {len(iri_cols)} ({found})",
                             hint="select ?from ?to, or ?subject ?predicate ?object")
        lit_cols = [i for i in range(len(names)) if i not in iri_cols]
        for r in rows:
            ends = [r[i].value if r[i] is not None else None for i in iri_cols]
            if None in ends:
                continue
            if len(ends) == 3:
                s, p, o = ends
                rel = EDGE_PREDICATES.get(p, iri_tail(p))
            else:
                (s, o), rel = ends, names[iri_cols[1]]
            _add_edge(G, s, o, rel)
            extra = [[names[i], str(r[i].value)] for i in lit_cols if r[i] is not None]
            if extra and G.has_edge(s, o):
                G.edges[s, o].setdefault("tip", []).extend(extra)
    firsts = {r[iri_cols[0]].value for r in rows if r[iri_cols[0]] is not None} if not is_graph and rows else set()
    for name, iri in (about or {}).items():
        if iri in G:
            continue
        G.add_node(iri)
        for n in sorted(firsts):
            _add_edge(G, iri, n, name)
        if G.graph.get("focus") is None:
            G.graph.update(focus=iri, layout="outline")
    for n in G.nodes:
        G.nodes[n].pop("types", None)
    decorate(G, store)
    return G
