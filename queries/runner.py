"""Named SPARQL queries: parse their headers, bind parameters safely, run them, format results.

Each ``queries/*.rq`` file holds one query opened by a header::

    # name: outcomes_by_keyword
    # summary: 指标含关键词的量化成效 / quantified outcomes whose indicator contains a keyword
    # params: ?keyword (string)
    # returns: ?unit_label ?year ?indicator ?value ?unit_of_measure ?evidence ?report

Parameters are bound as typed RDF terms (the embedded store substitutes them in the engine;
a remote endpoint gets a ``VALUES`` block of serialised terms): never by pasting text.
This module imports nothing from ``govkg.extract`` or ``govkg.visual``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from govkg.errors import QueryError

QUERY_DIR = Path(__file__).resolve().parent
HEADER_KEYS = ("name", "summary", "params", "returns")
PARAM_KINDS = ("IRI", "string", "integer", "decimal", "date")
_PARAM_RE = re.compile(r"\?(\w+)\s*\(\s*(optional\s+)?(\w+)\s*\)", re.IGNORECASE)
_QUERY_WORDS = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
FORMATS = ("table", "csv", "tsv", "json")


@dataclass(frozen=True)
class Param:
    """A declared query parameter: ``?name (optional KIND)``."""

    name: str
    kind: str
    optional: bool


@dataclass(frozen=True)
class NamedQuery:
    """One query with its parsed header (ad-hoc queries have ``name`` None and no params)."""

    name: str | None
    summary: str
    params: tuple[Param, ...]
    returns: tuple[str, ...]
    text: str
    path: str | None = None
    declared: bool = True

    @property
    def summary_zh(self) -> str:
        return self.summary.split(" / ", 1)[0]

    @property
    def summary_en(self) -> str:
        return self.summary.split(" / ", 1)[-1]


def parse_header(text: str, path: str | None = None) -> dict[str, str]:
    """Return the ``# key: value`` lines that open ``text`` (stopping at the first other line)."""
    header: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        m = re.match(r"#\s*(\w+)\s*:\s*(.*)$", stripped)
        if not m:
            break
        header[m.group(1).lower()] = m.group(2).strip()
    return header


def parse_params(spec: str, path: str | None = None) -> tuple[Param, ...]:
    """Return the parameters declared in a ``# params:`` line.

    Raises:
        QueryError: a parameter has an unknown kind or the line cannot be read.

    >>> parse_params("?unit (optional IRI), ?year (integer)")
    (Param(name='unit', kind='IRI', optional=True), Param(name='year', kind='integer', optional=False))
    """
    spec = spec.strip()
    if not spec or spec.lower() in ("none", "(none)", "-"):
        return ()
    params = []
    rest = _PARAM_RE.sub("", spec).replace(",", "").strip()
    if rest:
        raise QueryError(f"cannot read '# params: {spec}'", path=path,
                         hint="write e.g. '# params: ?unit (optional IRI), ?year (integer)'")
    for m in _PARAM_RE.finditer(spec):
        kind = {k.lower(): k for k in PARAM_KINDS}.get(m.group(3).lower())
        if kind is None:
            raise QueryError(f"parameter ?{m.group(1)} has unknown kind {m.group(3)!r}", path=path,
                             hint="use one of " + ", ".join(PARAM_KINDS))
        params.append(Param(m.group(1), kind, bool(m.group(2))))
    return tuple(params)


def parse_query_file(path: str | Path, require_header: bool = True) -> NamedQuery:
    """Read one ``.rq`` file and parse its header.

    Raises:
        QueryError: the file cannot be read or (when required) its header is incomplete.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError("no such query file", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot be read ({exc})", path=str(path)) from None
    header = parse_header(text)
    missing = [k for k in HEADER_KEYS if k not in header]
    if missing and require_header:
        raise QueryError("header lacks " + ", ".join(f"'# {k}:'" for k in missing), path=str(path),
                         hint="open the file with # name / # summary / # params / # returns lines")
    if require_header and " / " not in header["summary"]:
        raise QueryError("summary must be '中文 / English'", path=str(path))
    params = parse_params(header.get("params", ""), str(path))
    returns = tuple(v.lstrip("?") for v in header.get("returns", "").split())
    return NamedQuery(name=header.get("name"), summary=header.get("summary", ""), params=params,
                      returns=returns, text=text, path=str(path), declared="params" in header)


def load_library(folder: str | Path | None = None) -> dict[str, NamedQuery]:
    """Return the named queries in ``folder`` (default: the packaged ``queries/``), by name.

    Raises:
        QueryError: a file's header is malformed or two files share a name.
    """
    library: dict[str, NamedQuery] = {}
    for path in sorted(Path(folder or QUERY_DIR).glob("*.rq")):
        query = parse_query_file(path)
        if query.name in library:
            raise QueryError(f"query name {query.name!r} is used twice", path=str(path))
        library[query.name] = query
    return library


def resolve_query(ref: str, library: dict[str, NamedQuery] | None = None) -> NamedQuery:
    """Return the query ``ref`` names: a library name, a ``.rq`` file, or SPARQL text.

    Raises:
        QueryError: an unknown name (the message lists the names) or unreadable file.
    """
    if ref.endswith(".rq") and "\n" not in ref and not _QUERY_WORDS.search(ref):
        return parse_query_file(ref, require_header=False)
    if _QUERY_WORDS.search(ref) and not re.fullmatch(r"[\w.-]+", ref):
        header = parse_header(ref)
        params = parse_params(header.get("params", "")) if "params" in header else ()
        return NamedQuery(name=None, summary="", params=params, returns=(), text=ref,
                          declared="params" in header)
    library = load_library() if library is None else library
    if ref in library:
        return library[ref]
    raise QueryError(f"unknown query {ref!r}", hint="known queries: " + ", ".join(sorted(library)))


def parse_param_args(pairs: list[str] | None) -> dict[str, str]:
    """Return ``--param name=value`` arguments as a dict.

    Raises:
        QueryError: an argument has no ``=``.

    >>> parse_param_args(["keyword=满意率", "?year=2021"])
    {'keyword': '满意率', 'year': '2021'}
    """
    out: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"\w+", name):
            raise QueryError(f"bad --param {pair!r}", hint="write --param name=value")
        out[name] = value
    return out


def bind_params(query: NamedQuery, values: dict[str, str]) -> dict:
    """Return ``values`` as typed RDF terms for ``query``'s declared parameters.

    An undeclared query (ad-hoc text or a file without a header) takes any parameter:
    ``<...>`` is an IRI, an integer an xsd:integer, anything else a string.

    Raises:
        QueryError: a required parameter is missing, one is unknown, or a value has the
            wrong type.
    """
    from govkg.graph.store import to_term

    if not query.declared:
        out = {}
        for name, value in values.items():
            if value.startswith("<") and value.endswith(">"):
                out[name] = to_term(value, "IRI")
            elif re.fullmatch(r"[+-]?\d+", value):
                out[name] = to_term(value, "integer")
            else:
                out[name] = to_term(value, "string")
        return out
    declared = {p.name: p for p in query.params}
    unknown = [n for n in values if n not in declared]
    if unknown:
        accepted = ", ".join(f"?{p.name} ({p.kind})" for p in query.params) or "none"
        raise QueryError(f"query {query.name or query.path} has no parameter ?{unknown[0]}",
                         hint=f"it takes: {accepted}")
    missing = [p for p in query.params if not p.optional and p.name not in values]
    if missing:
        p = missing[0]
        raise QueryError(f"query {query.name or query.path} needs parameter ?{p.name} ({p.kind})",
                         hint=f"add --param {p.name}=VALUE")
    out = {}
    for name, value in values.items():
        try:
            out[name] = to_term(value, declared[name].kind)
        except QueryError as exc:
            raise QueryError(f"--param {name}: {exc.message}") from None
    return out


#: what an IRI parameter named so stands for: the class its names are looked up in
_PARAM_CLASSES = {"report": "Report", "unit": "GovernmentUnit", "instrument": "LegalInstrument",
                  "issuer": "GovernmentUnit", "measure": "Measure"}
_ID_FORM = re.compile(r"(report|unit|instrument|post)/\S+")
_NAME_LOOKUP = """PREFIX gov: <https://w3id.org/govkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?n (SAMPLE(?l) AS ?label) (MAX(?exact) AS ?best) WHERE {
  { ?n rdfs:label|skos:altLabel ?l } UNION { ?n dcterms:source ?l }
  FILTER(CONTAINS(STR(?l), STR(?q)))
  BIND(IF(STR(?l) = STR(?q) || STRENDS(STR(?l), CONCAT("/", STR(?q))), 1, 0) AS ?exact)
  %s
} GROUP BY ?n ORDER BY DESC(?best) ?label LIMIT 50"""


def normalize_value(value: str) -> str:
    """Return a parameter value as the graph writes text: NFKC (full-width （） and Ａ become
    () and A), outer spaces and 《》 removed.

    >>> normalize_value(" 《法治政府建设实施纲要（2021－2025年）》 ")
    '法治政府建设实施纲要(2021-2025年)'
    """
    return unicodedata.normalize("NFKC", value).strip().strip("《》").strip()


def resolve_values(backend, query: NamedQuery, values: dict[str, str]) -> dict[str, str]:
    """Return ``values`` with names given for IRI parameters turned into IRIs.

    An IRI parameter takes what ``govkg visualize`` takes: a full IRI, one that omits
    ``https://w3id.org/govkg/id/`` (``unit/...``), a report's 16-hex id, or a name: a label,
    short name or (for reports) source file, exact or a unique part of one, in full-width
    or half-width forms. String parameters are normalised the same way.

    Raises:
        QueryError: a name matches nothing, or several things and none exactly.
    """
    declared = {p.name: p for p in query.params}
    out = {}
    for name, value in values.items():
        p = declared.get(name)
        if p is None or p.kind != "IRI":
            out[name] = normalize_value(value) if p is not None and p.kind == "string" else value
            continue
        v = value.strip()
        if v.startswith("<") or "://" in v or v.startswith("urn:") or _ID_FORM.fullmatch(v):
            out[name] = v
        elif re.fullmatch(r"[0-9a-f]{16}", v):
            out[name] = "report/" + v
        else:
            out[name] = _lookup_name(backend, name, normalize_value(v))
    return out


def _lookup_name(backend, param: str, name: str) -> str:
    """Return the IRI of the one report, unit or instrument called ``name``."""
    from govkg.graph.store import to_term

    cls = _PARAM_CLASSES.get(param)
    typed = f"?n a gov:{cls} ." if cls else \
        "?n a ?t . VALUES ?t { gov:Report gov:GovernmentUnit gov:LegalInstrument gov:Post }"
    rows = backend.query(_NAME_LOOKUP % typed, {"q": to_term(name, "string")}).rows
    found = [(r[0].value, r[1].value if r[1] is not None else r[0].value, int(r[2].value)) for r in rows]
    exact = [f for f in found if f[2] == 1]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0][0]
    what = {"Report": "report", "GovernmentUnit": "unit", "LegalInstrument": "instrument"}.get(cls, "thing")
    if not found:
        raise QueryError(f"--param {param}: no {what} is named {name!r}",
                         hint="give its IRI, or a name as govkg visualize --report/--unit/--instrument takes it")
    sample = "; ".join(label for _iri, label, _e in (exact or found)[:5]) + (" ..." if len(exact or found) > 5 else "")
    raise QueryError(f"--param {param}: {len(exact or found)} {what}s match {name!r}",
                     hint=f"give a longer name or the IRI: {sample}")


def missing_iris(backend, query: NamedQuery, values: dict[str, str]) -> list[str]:
    """Return the IRI parameters in ``values`` that name nothing in the store (a hint when a
    query finds no rows)."""
    from govkg.graph.store import to_term

    declared = {p.name: p for p in query.params}
    out = []
    for name, value in values.items():
        if name in declared and declared[name].kind == "IRI":
            term = to_term(value, "IRI")
            found = backend.query("ASK { { ?iri ?p ?o } UNION { ?s ?p ?iri } }", {"iri": term})
            if not found.boolean:
                out.append(f"{name}={term.value}")
    return out


def run_query(backend, ref: str, values: dict[str, str] | None = None,
              library: dict[str, NamedQuery] | None = None):
    """Resolve ``ref``, bind ``values`` and run it on ``backend``; return a QueryResult.

    IRI parameters may be given by name (see :func:`resolve_values`).

    Raises:
        QueryError: unknown query, bad parameter, a name that matches nothing or several
            things, or malformed SPARQL.
    """
    query = resolve_query(ref, library)
    values = resolve_values(backend, query, values or {}) if query.declared else (values or {})
    bindings = bind_params(query, values)
    try:
        return backend.query(query.text, bindings)
    except QueryError as exc:
        message = tidy_syntax_error(exc.message)
        hint = exc.hint
        if not hint and "Prefix not found" in message:
            hint = "declare it first, e.g. PREFIX gov: <https://w3id.org/govkg/ontology#>"
        if (query.path and not exc.path) or message != exc.message:
            raise QueryError(message, path=exc.path or query.path, hint=hint) from None
        raise


_SYNTAX = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)


def tidy_syntax_error(message: str) -> str:
    """Return a SPARQL parser message on one line, with its line and column and without the
    character ranges Oxigraph lists as expected.

    >>> tidy_syntax_error("malformed SPARQL: error at 1:27: expected one of OPTIONAL, Prefix not found, "
    ...                   "['%'], ['-' | '0' ..= '9']")
    'malformed SPARQL at line 1, column 27: expected one of OPTIONAL, Prefix not found, …'
    """
    m = _SYNTAX.search(message)
    if not m:
        return message
    what = " ".join(m.group(3).split())
    cut = re.search(r", \[|\[\s*'", what)
    if cut and cut.start() > 0:
        what = what[:cut.start()] + ", …"
    head = message[:m.start()].rstrip(" :")
    return f"{head} at line {m.group(1)}, column {m.group(2)}: {what}"


# ---------------------------------------------------------------- formatting
_SHORT = (("https://w3id.org/govkg/id/", "id:"), ("https://w3id.org/govkg/ontology#", "gov:"),
          ("http://www.w3.org/ns/org#", "org:"), ("http://www.w3.org/2001/XMLSchema#", "xsd:"))


def display_width(text: str) -> int:
    """Return how many terminal columns ``text`` takes (CJK wide and fullwidth count 2).

    >>> display_width("合同a")
    5
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else
               0 if unicodedata.combining(c) else 1 for c in text)


def _plain(term) -> str:
    if term is None:
        return ""
    return term.value


_ZH_NAMES: dict[str, str] | None = None


def term_names() -> dict[str, str]:
    """Return ``{IRI: Chinese name}`` of the ontology's section kinds (gov:Achievements ->
    主要举措和成效), read from ``ontology/govkg.ttl`` once."""
    global _ZH_NAMES
    if _ZH_NAMES is None:
        import pyoxigraph as ox

        from govkg.ontology import ontology_path

        store = ox.Store()
        store.load(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)
        _ZH_NAMES = {r["k"].value: r["l"].value for r in store.query(
            """SELECT ?k ?l WHERE { ?k a <https://w3id.org/govkg/ontology#SectionKind> ;
               <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(LANG(?l) = "zh") }""")}
    return _ZH_NAMES


def _short(term) -> str:
    if term is None:
        return ""
    cls = type(term).__name__
    if cls == "NamedNode" and term.value in term_names():
        return term_names()[term.value]
    if cls == "NamedNode":
        for long, short in _SHORT:
            if term.value.startswith(long):
                return short + term.value[len(long):]
        return f"<{term.value}>"
    if cls == "BlankNode":
        return f"_:{term.value}"
    return " ".join(term.value.split())


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def format_result(result, fmt: str = "table", max_width: int = 60) -> str:
    """Return ``result`` as text: an aligned table, CSV, TSV or SPARQL JSON results.

    Args:
        result: a QueryResult.
        fmt: ``table`` (aligned, CJK-width aware, long cells cut), ``csv`` / ``tsv`` (SPARQL
            1.1 CSV/TSV results), or ``json`` (SPARQL 1.1 JSON results).
        max_width: widest table cell in columns.

    Raises:
        QueryError: unknown format.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}", hint="use one of " + ", ".join(FORMATS))
    if result.boolean is not None:
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    names = result.variables
    if fmt == "json":
        return json.dumps({"head": {"vars": names}, "results": {"bindings": [
            {n: _json_cell(t) for n, t in zip(names, row) if t is not None} for row in result.rows]}},
            ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(names)
        for row in result.rows:
            writer.writerow([_plain(t) for t in row])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join("?" + n for n in names)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    cells = [[_cut(_short(t), max_width, middle=type(t).__name__ == "NamedNode") for t in row]
             for row in result.rows]
    widths = [max([display_width(n)] + [display_width(r[i]) for r in cells]) for i, n in enumerate(names)]
    out = ["  ".join(_pad(n, w) for n, w in zip(names, widths)).rstrip(),
           "  ".join("-" * w for w in widths)]
    out += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"


def _cut(text: str, width: int, middle: bool = False) -> str:
    """Return ``text`` cut to ``width`` columns; an IRI loses its middle, keeping the start
    and the end that tells rows apart.

    >>> _cut("id:report/0123456789abcdef/measure/12", 24, middle=True)
    'id:report/01…/measure/12'
    """
    if display_width(text) <= width:
        return text
    if middle:
        tail, used = [], 0
        for c in reversed(text):
            if used + display_width(c) > (width - 1) // 2:
                break
            tail.append(c)
            used += display_width(c)
        return _cut(text, width - used, middle=False) + "".join(reversed(tail))
    out, used = [], 0
    for c in text:
        w = display_width(c)
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def _json_cell(term) -> dict:
    cls = type(term).__name__
    if cls == "NamedNode":
        return {"type": "uri", "value": term.value}
    if cls == "BlankNode":
        return {"type": "bnode", "value": term.value}
    cell = {"type": "literal", "value": term.value}
    if term.language:
        cell["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        cell["datatype"] = term.datatype.value
    return cell


def list_queries(library: dict[str, NamedQuery] | None = None) -> str:
    """Return one line per named query: name, Chinese and English summary, parameters."""
    library = load_library() if library is None else library
    width = max((len(n) for n in library), default=0)
    lines = []
    for name in sorted(library):
        q = library[name]
        params = " ".join(f"{p.name}={p.kind}{'?' if p.optional else ''}" for p in q.params)
        lines.append(f"{name.ljust(width)}  {q.summary}" + (f"  [{params}]" if params else ""))
    return "\n".join(lines) + "\n"
