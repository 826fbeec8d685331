"""The ``govkg`` command line. The library raises; this module prints ``Error: ...`` and exits 1.

Each subcommand is a ``cmd_<name>(args) -> int`` function registered in :func:`build_parser`.
Heavy modules are imported inside the command that needs them, so ``govkg --help`` is instant.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from govkg import __version__
from govkg.errors import GovKGError, InputError


def _warn(message: str) -> None:
    print(f"Warning: {message}", file=sys.stderr)


# ---------------------------------------------------------------- extract
def cmd_extract(args: argparse.Namespace) -> int:
    """Extract reports to one RDF dataset, one named graph per report.

    Inputs are read and extracted by --workers processes; a file that fails is reported
    (Error: <file>: <reason>) and the others are still written. Exits 1 when any failed;
    when all failed, an existing output file is left untouched. N-Quads output is streamed:
    each worker writes its report's graph and the file grows one report at a time, in input
    order, so memory does not grow with the batch; the other formats are built in memory.
    """
    from govkg.extract.batch import extract_many
    from govkg.extract.text.readers import parse_size
    from govkg.graph.build import report_nquads
    from govkg.graph.io import format_for

    out = Path(args.output)
    streamed = format_for(out) == "nquads"  # fails on an unknown suffix before doing any work
    run = extract_many(args.inputs, workers=args.workers, force=args.force, encoding=args.encoding,
                       max_bytes=parse_size(args.max_size) if args.max_size else None,
                       serialize=report_nquads if streamed else None)
    bar = _ProgressBar(run.total, "extract")
    sink = _NQuadsSink(out) if streamed else _DatasetSink(out)
    with sink:
        for item in _in_input_order(run, bar):
            sink.add(item)
        bar.close()
        if sink.added:
            sink.commit()
    summary = run.summary
    for path, reason in summary.failed:
        print(f"Error: {reason}", file=sys.stderr)
    if run.total > 1 or summary.failed or summary.skipped:
        print(f"extracted {sink.added} of {run.total} reports to {out}" if sink.added else
              f"extracted no report; {out} not written", file=sys.stderr)
        print(summary.lines()[0], file=sys.stderr)
    return 1 if summary.failed else 0


def _in_input_order(run, bar):
    """Yield the extracted items of a batch run in input order (they finish in any order),
    updating the progress bar and printing each report's warnings as they come."""
    waiting: dict[int, object] = {}
    next_index = 0
    for item in run:
        bar.update(item)
        waiting[item.index] = item
        for warning in item.warnings:
            bar.write(f"Warning: {item.path}: {warning}")
        while next_index in waiting:
            done = waiting.pop(next_index)
            next_index += 1
            if done.ok:
                yield done


class _NQuadsSink:
    """Append each report's N-Quads to a temp file; ``commit`` renames it into place."""

    def __init__(self, path: Path):
        from govkg.graph.io import AtomicFile

        self._file = AtomicFile(path)
        self.added = 0

    def add(self, item) -> None:
        self._file.write(item.serialized)
        self.added += 1

    def commit(self) -> None:
        self._file.commit()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._file.discard()


class _DatasetSink:
    """Collect reports in an rdflib Dataset; ``commit`` writes it in the suffix's format."""

    def __init__(self, path: Path):
        from govkg.graph.build import new_dataset

        self.path, self.dataset, self.added = path, new_dataset(), 0

    def add(self, item) -> None:
        from govkg.graph.build import add_report

        add_report(self.dataset, item.record)
        self.added += 1

    def commit(self) -> None:
        from govkg.graph.io import write_dataset

        write_dataset(self.dataset, self.path)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


class _ProgressBar:
    """A one-line progress bar with rate and ETA on stderr, shown only when stderr is a terminal."""

    def __init__(self, total: int, label: str):
        import time

        self._clock = time.monotonic
        self._on = total > 1 and sys.stderr.isatty()
        self._total, self._label = total, label
        self._done = self._failed = 0
        self._start = self._last = self._clock()
        self._width = 0
        if self._on:
            self._draw()

    def _draw(self) -> None:
        elapsed = self._clock() - self._start
        rate = self._done / elapsed if elapsed > 0 else 0.0
        left = (self._total - self._done) / rate if rate else None
        eta = f"{int(left) // 60}:{int(left) % 60:02d}" if left is not None else "?"
        filled = 20 * self._done // max(self._total, 1)
        line = (f"{self._label} [{'#' * filled}{'.' * (20 - filled)}] {self._done}/{self._total} "
                f"{rate:.1f} report/s ETA {eta}" + (f" ({self._failed} failed)" if self._failed else ""))
        sys.stderr.write("\r" + line.ljust(self._width))
        sys.stderr.flush()
        self._width = len(line)

    def update(self, item) -> None:
        """Count one finished input; redraw at most 10 times a second."""
        self._done += 1
        self._failed += item.error is not None
        if self._on and (self._clock() - self._last >= 0.1 or self._done == self._total):
            self._last = self._clock()
            self._draw()

    def write(self, line: str) -> None:
        """Print a line on stderr without breaking the bar."""
        self.close()
        print(line, file=sys.stderr)
        if self._on:
            self._draw()

    def close(self) -> None:
        """Wipe the bar from the terminal."""
        if self._on and self._width:
            sys.stderr.write("\r" + " " * self._width + "\r")
            sys.stderr.flush()
            self._width = 0


# ---------------------------------------------------------------- validate
def cmd_validate(args: argparse.Namespace) -> int:
    """Check a graph file against the govkg SHACL shapes (union of all named graphs).

    Prints "conforms", or one line per violation and then their count; exits 1 on violations.
    """
    from govkg.graph.validate import validate_graph

    result = validate_graph(Path(args.graph))
    if result.conforms:
        print("conforms")
        return 0
    for line in result.lines:
        print(line)
    count = len(result.violations)
    print(f"{count} violation{'' if count == 1 else 's'}")
    return 1


# ---------------------------------------------------------------- store, query, serve
def _backend(args: argparse.Namespace, *, must_exist: bool = False, writes: bool = False):
    """Return the store backend the arguments name (remote endpoint, running server or folder)."""
    from govkg.graph.store import open_backend

    endpoint = getattr(args, "endpoint", None)
    options = {}
    if endpoint:
        options = {"update_url": getattr(args, "update_url", None), "gsp_url": getattr(args, "gsp_url", None),
                   "method": getattr(args, "update_method", None) or "gsp",
                   "timeout": getattr(args, "timeout", None) or 120.0,
                   "update_chunk": getattr(args, "update_chunk", None) or 1000}
    backend = open_backend(args.store, endpoint, read_only=must_exist, writes=writes, **options)
    if getattr(backend, "recovered", None):
        _warn(f"undid an interrupted load of {len(backend.recovered)} report(s): " + ", ".join(backend.recovered))
    if getattr(backend, "finished", None):
        _warn(f"finished an interrupted load of {len(backend.finished)} report(s): " + ", ".join(backend.finished))
    if getattr(backend, "via_server", None):
        print(f"note: govkg serve (pid {backend.via_server.get('pid')}) owns {args.store or 'the store'}; "
              f"going through it", file=sys.stderr)
    return backend


class ExtractedChunks:
    """Extract report files with the batch runner; iterate for N-Quads chunks of whole reports.

    Each chunk holds about ``chunk_quads`` quads, so a batch of any size is loaded without
    holding it in memory. Each report carries the sha256 of its input's bytes
    (``gov:sourceHash``), so a later load can skip inputs the store already holds.
    ``run.summary`` is complete once the chunks are exhausted.
    """

    def __init__(self, inputs: list[str], args: argparse.Namespace, skip_hashes=frozenset(),
                 chunk_quads: int = 200_000):
        from govkg.extract.batch import extract_many
        from govkg.graph.build import report_nquads

        self.run = extract_many(inputs, workers=getattr(args, "workers", None),
                                force=getattr(args, "force", False), encoding=getattr(args, "encoding", None),
                                skip_hashes=skip_hashes, serialize=report_nquads, record_hash=True)
        self.chunk_quads = chunk_quads

    def __iter__(self):
        bar = _ProgressBar(self.run.total, "load")
        chunk: list[bytes] = []
        size = 0
        for item in _in_input_order(self.run, bar):
            chunk.append(item.serialized)
            size += item.serialized.count(b"\n")
            if size >= self.chunk_quads:
                bar.close()
                yield b"".join(chunk)
                chunk, size = [], 0
        bar.close()
        if chunk:
            yield b"".join(chunk)


def _each_source(sources):
    """Yield ``(name, source)`` pairs, one per chunk for extracted reports."""
    for name, source in sources:
        if isinstance(source, ExtractedChunks):
            for chunk in source:
                yield name, chunk
        else:
            yield name, source


_HASHES_QUERY = ("PREFIX gov: <https://w3id.org/govkg/ontology#>\n"
                 "SELECT DISTINCT ?h WHERE { GRAPH ?g { ?g gov:sourceHash ?h } }")


def cmd_load(args: argparse.Namespace) -> int:
    """Load reports into the store: report files are extracted first, .nq/.trig datasets are
    loaded as they are. Each report's named graph is replaced in one transaction."""
    import time

    from govkg.graph.store import QUAD_FORMATS

    rdf = [Path(p) for p in args.inputs if Path(p).suffix.lower() in QUAD_FORMATS]
    texts = [p for p in args.inputs if Path(p).suffix.lower() not in QUAD_FORMATS]
    start = time.perf_counter()
    failures, reports, quads, replaced, skipped = 0, 0, 0, 0, 0
    backend = _backend(args, writes=True)
    try:
        sources = []
        for path in rdf:
            sources.append((str(path), path))
        chunks = None
        if texts:
            known = set() if args.reload else {row[0].value for row in backend.query(_HASHES_QUERY, union=False).rows}
            chunks = ExtractedChunks(texts, args, skip_hashes=known)
            sources.append(("extracted reports", chunks))
        for name, source in _each_source(sources):
            try:
                result = backend.replace_report_graphs(source, bulk=args.bulk)
            except GovKGError as exc:
                if exc.path is None:
                    exc.path = name
                failures += 1
                print(f"Error: {exc.one_line()}", file=sys.stderr)
                continue
            reports += len(result.reports)
            quads += result.quads
            replaced += len(result.replaced)
        if chunks is not None:
            summary = chunks.run.summary
            for _path, reason in summary.failed:
                print(f"Error: {reason}", file=sys.stderr)
            failures += len(summary.failed)
            skipped = summary.skipped
    finally:
        backend.close()
    seconds = time.perf_counter() - start
    where = args.endpoint or str(args.store or "the store")
    print(f"loaded {reports} report{'s' if reports != 1 else ''} ({quads} quads"
          + (f", {replaced} replaced" if replaced else "") + f") into {where} in {seconds:.2f} s"
          + (f"; {skipped} already loaded, skipped (--reload loads them again)" if skipped else "")
          + (f"; {failures} failed" if failures else ""))
    return 1 if failures else 0


def cmd_remove(args: argparse.Namespace) -> int:
    """Remove one report's named graph (by IRI, report/<id> or source file) from the store."""
    backend = _backend(args, must_exist=True, writes=True)
    try:
        for iri in backend.remove_report(args.report):
            print(f"removed {iri}")
    finally:
        backend.close()
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export every report graph of the store to one .nq or .trig file (written atomically)."""
    from govkg.graph.store import export_format

    export_format(args.output)  # fail on an unknown suffix before opening the store
    backend = _backend(args, must_exist=True)
    try:
        count = backend.export(args.output)
    finally:
        backend.close()
    print(f"exported {count} quads to {args.output}", file=sys.stderr)
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    """Run a named query, a .rq file or SPARQL text over the union of the report graphs."""
    from govkg.queries.runner import format_result, list_queries, parse_param_args, resolve_query, run_query

    if args.list:
        sys.stdout.write(list_queries())
        return 0
    if not args.query:
        from govkg.errors import QueryError

        raise QueryError("give a query name, a .rq file or SPARQL text",
                         hint="see the names with: govkg query --list")
    from govkg.queries.runner import missing_iris, resolve_values

    values = parse_param_args(args.param)
    query = resolve_query(args.query)  # fail on an unknown name before opening the store
    backend = _backend(args, must_exist=True)
    try:
        result = run_query(backend, args.query, values)
        missing = []
        if result.boolean is None and not result.rows and values and query.declared:
            missing = missing_iris(backend, query, resolve_values(backend, query, values))
    finally:
        backend.close()
    sys.stdout.write(format_result(result, args.format))
    if result.boolean is None and not result.rows and values:
        hint = (f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not in the store; give a name "
                f"(e.g. --param unit=望湖街道) or an IRI from another query" if missing else
                "the parameters matched, but nothing else did; try without them or with another value")
        print(f"Hint: no rows; {hint}", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the store as a SPARQL 1.1 endpoint (read-only unless --writable) and a small
    app: an index of reports, units and instruments at /, a query editor at /editor, named
    queries with forms at /named/NAME (SPARQL results to clients), a page per resource, the
    report reader, views made on request, and the HTML files of --views at /views/."""
    from govkg.queries.serve import serve
    from govkg.visual.app import App

    return serve(store=args.store, host=args.host, port=args.port, views=args.views,
                 writable=args.writable, timeout=args.timeout, pages=App, allow_service=args.allow_service,
                 ready=lambda url: print(f"serving {url} (SPARQL at {url}query); Ctrl-C to stop",
                                         file=sys.stderr, flush=True))


# ---------------------------------------------------------------- visualize, stats
def _view_store(args: argparse.Namespace):
    """Return the pyoxigraph store a view reads: GRAPH_FILE, or --store (default folder)."""
    from govkg.visual.model import open_source

    if args.graph and args.store:
        raise InputError("give a graph file or --store, not both")
    if getattr(args, "endpoint", None) and (args.graph or args.store):
        raise InputError("give --endpoint alone, without a graph file or --store")
    if args.graph:
        return open_source(args.graph)
    if getattr(args, "endpoint", None):
        return _endpoint_graphs(args)
    from govkg.graph.store import resolve_store_path

    return open_source(store_dir=resolve_store_path(args.store))


def _endpoint_graphs(args: argparse.Namespace):
    """Return an in-memory pyoxigraph store holding every report graph of ``--endpoint``."""
    import tempfile

    from govkg.graph.remote import RemoteStore
    from govkg.visual.model import open_source

    with RemoteStore(args.endpoint, timeout=args.timeout or 120.0) as remote, \
            tempfile.TemporaryDirectory(prefix="govkg-view-") as folder:
        dump = Path(folder) / "graphs.nq"
        remote.export(dump)
        return open_source(str(dump))


def cmd_visualize(args: argparse.Namespace) -> int:
    """Draw the graph as one offline HTML page: the overview of units and instruments, one
    report, the neighbourhood of a unit or instrument, or a query result; with --report and
    --reader, the report's text with every fact marked in place beside its view."""
    from govkg.visual import model
    from govkg.visual.render import write_view

    if not args.output.lower().endswith((".html", ".htm")):
        raise InputError("the output must be an .html file", path=args.output)
    store = _view_store(args)
    if args.reader and not args.report:
        raise InputError("--reader needs --report R (the report to read)")
    if args.reader:
        from govkg.visual.reader import write_reader

        info = write_reader(store, model.resolve_report(store, args.report), args.output)
        print(f"wrote {args.output}: the text and {info.nodes} nodes, {info.size / 1e6:.1f} MB", file=sys.stderr)
        return 0
    if args.report:
        G = model.report_graph(store, model.resolve_report(store, args.report))
    elif args.unit:
        G = model.ego_graph(store, model.resolve_entity(store, args.unit, "unit"), "unit")
    elif args.instrument:
        G = model.ego_graph(store, model.resolve_entity(store, args.instrument, "instrument"), "instrument")
    elif args.query:
        from govkg.graph.store import inject_values
        from govkg.queries.runner import bind_params, parse_param_args, resolve_query, resolve_values

        query = resolve_query(args.query)
        values = parse_param_args(args.param)
        if query.declared:  # names, ids and full-width forms, as govkg query takes them
            values = resolve_values(model.StoreQueries(store), query, values)
        bindings = bind_params(query, values)
        text = inject_values(query.text, bindings)
        about = {k: t.value for k, t in bindings.items() if type(t).__name__ == "NamedNode"}
        G = model.query_graph(store, text, about=about)
        G.graph["title"] = "查询 query " + (query.name or Path(query.path or "SPARQL").name)
    else:
        G = model.overview_graph(store)
    info = write_view(G, args.output, cap=args.cap)
    print(f"wrote {args.output}: {info.nodes} nodes, {info.edges} edges, {info.size / 1e6:.1f} MB",
          file=sys.stderr)
    if info.note:
        print(f"note: {info.note}", file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Print what networkx sees: totals, top units by measures, top instruments by citing
    reports, the most central nodes and the connected components (--html draws them too)."""
    from govkg.visual.stats import compute_stats, format_stats, stats_blocks

    if args.html and not args.html.lower().endswith((".html", ".htm")):
        raise InputError("the --html output must be an .html file", path=args.html)
    store = _view_store(args)
    stats = compute_stats(store, top=args.top)
    sys.stdout.write(format_stats(stats))
    if args.html:
        from govkg.visual.model import overview_graph
        from govkg.visual.render import write_view

        info = write_view(overview_graph(store), args.html, stats=stats_blocks(stats))
        print(f"wrote {args.html}: {info.nodes} nodes, {info.edges} edges", file=sys.stderr)
    return 0


# ---------------------------------------------------------------- check, card
def _check_backend(args: argparse.Namespace):
    """Return the backend ``govkg check`` and ``govkg card`` read: GRAPH_FILE or the store."""
    if args.graph and args.store:
        raise InputError("give a graph file or --store, not both")
    if args.graph:
        from govkg.queries.checks import MemoryBackend

        return MemoryBackend(args.graph)
    return _backend(args, must_exist=True)


def _find_reports(backend, args: argparse.Namespace) -> list[str]:
    """Return the report IRIs ``--report`` names: an IRI, report/<id>, a 16-hex id or a source file."""
    import re

    from govkg.graph.store import find_report_query

    ref = "report/" + args.report if re.fullmatch(r"[0-9a-f]{16}", args.report) else args.report
    q, bindings = find_report_query(ref)
    found = sorted(row[0].value for row in backend.query(q, bindings).rows)
    if not found:
        raise InputError(f"no report {args.report!r}", path=args.graph or args.store,
                         hint="give its IRI, report/<id> or source file; see them with: govkg query reports_by_unit_year")
    return found


def cmd_check(args: argparse.Namespace) -> int:
    """Check each report against the rules of the genre (four statutory parts, published on
    time, causes of shortcomings, concrete plans, ...) and print pass / FAIL / n/a / ?? with
    the evidence that decided each result. On a store the results are also written into it as
    the named graph <https://w3id.org/govkg/id/checks> (--no-write to skip); on a graph file,
    -o writes them to a .nq file."""
    from govkg.queries.checks import checks_nquads, format_checks, run_checks

    backend = _check_backend(args)
    reports = _find_reports(backend, args) if args.report else None
    results = run_checks(backend, reports)
    if args.format == "json":
        import json

        sys.stdout.write(json.dumps([{"report": rc.report, "title": rc.title, "unit": rc.unit_label,
                                      "year": rc.year, "level": rc.level,
                                      "checks": [{"check": r.check, "status": r.status, "detail": r.detail,
                                                  "value": r.value} for r in rc.results]}
                                     for rc in results], ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(format_checks(results))
    data = checks_nquads(results)
    if args.output:
        from govkg.graph.io import AtomicFile

        if not args.output.endswith(".nq"):
            raise InputError("the -o output must be an .nq file", path=args.output)
        with AtomicFile(Path(args.output)) as out:
            out.write(data)
            out.commit()
    if not args.graph and not args.no_write:
        from govkg.queries.checks import CHECKS_GRAPH

        raw = getattr(backend, "raw", None)
        if raw is not None:   # embedded: drop the old results first, so the new load is a fast one
            import pyoxigraph

            raw.remove_graph(pyoxigraph.NamedNode(CHECKS_GRAPH))
        backend.replace_report_graphs(data, **({"bulk": True} if raw is not None else {}))
        print(f"wrote {len(results)} reports' checks to the store's graph <https://w3id.org/govkg/id/checks>",
              file=sys.stderr)
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    """Write a report card: one offline HTML page for a report (--report), a unit and all its
    years (--unit), or the whole store (default). It shows the compliance checklist with its
    evidence, task-area coverage and indicators against the store (charts by plotly.js,
    inlined), measures and outcomes by area, instruments, and links to the report reader and
    network views (--link-reader, --link-network: file names with {id}, the report's id)."""
    from govkg.visual import card as cards

    if not args.output.lower().endswith((".html", ".htm")):
        raise InputError("the output must be an .html file", path=args.output)
    backend = _check_backend(args)
    links = {k: v for k, v in (("reader", args.link_reader), ("network", args.link_network),
                               ("card", args.link_card)) if v is not None}
    if args.report:
        card = cards.report_card(backend, _find_reports(backend, args)[0], links)
    elif args.unit:
        card = cards.unit_card(backend, cards.resolve_unit(backend, args.unit), links)
    else:
        card = cards.store_card(backend, links)
    size = cards.write_card(card, args.output)
    print(f"wrote {args.output}: {card.kind} card, {len(card.figures)} charts, {size / 1e6:.1f} MB", file=sys.stderr)
    return 0


def _add_check_commands(sub) -> None:
    """Register check and card."""
    p = sub.add_parser("card", help="write a report card (report, unit or store) as one offline HTML page",
                       description=cmd_card.__doc__)
    p.add_argument("graph", nargs="?", metavar="GRAPH_FILE",
                   help="RDF file (.nq, .trig, .ttl, .nt, .jsonld); default: the store")
    p.add_argument("--store", metavar="DIR", help="store folder (default: $GOVKG_STORE or ./govkg-data)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--report", metavar="R", help="one report: its IRI, report/<id> or source file")
    which.add_argument("--unit", metavar="U", help="one reporting unit, all its years: IRI, unit/<name> or name")
    p.add_argument("-o", "--output", required=True, help="the .html file to write")
    p.add_argument("--link-reader", metavar="TEMPLATE", help="the report reader's file, {id} = report id "
                   "(default reader-{id}.html; empty: no link)")
    p.add_argument("--link-network", metavar="TEMPLATE", help="the report's network view (default report-{id}.html)")
    p.add_argument("--link-card", metavar="TEMPLATE", help="a report's own card, from unit and store cards "
                   "(default card-{id}.html)")
    p.set_defaults(func=cmd_card)

    p = sub.add_parser("check", help="check reports against the genre's rules (pass / fail / n/a)",
                       description=cmd_check.__doc__)
    p.add_argument("graph", nargs="?", metavar="GRAPH_FILE",
                   help="RDF file (.nq, .trig, .ttl, .nt, .jsonld); default: the store")
    p.add_argument("--store", metavar="DIR", help="store folder (default: $GOVKG_STORE or ./govkg-data)")
    p.add_argument("--report", metavar="R", help="check one report: its IRI, report/<id> or source file")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output (default text)")
    p.add_argument("-o", "--output", metavar="OUT.nq", help="also write the results as N-Quads")
    p.add_argument("--no-write", action="store_true", help="do not write the results into the store")
    p.set_defaults(func=cmd_check)


def _add_view_commands(sub) -> None:
    """Register visualize and stats."""
    def source_options(p) -> None:
        p.add_argument("graph", nargs="?", metavar="GRAPH_FILE",
                       help="RDF file (.nq, .trig, .ttl, .nt, .jsonld); default: the store")
        p.add_argument("--store", metavar="DIR",
                       help="store folder (default: $GOVKG_STORE or ./govkg-data)")
        p.add_argument("--endpoint", metavar="URL",
                       help="read the report graphs from a remote SPARQL 1.1 server instead (auth as for load)")
        p.add_argument("--timeout", type=float, metavar="S", help="seconds to wait for the endpoint (120)")

    p = sub.add_parser("visualize", help="draw the graph as one offline HTML page",
                       description=cmd_visualize.__doc__)
    source_options(p)
    view = p.add_mutually_exclusive_group()
    view.add_argument("--report", metavar="R", help="one report: its IRI, 16-hex id, source file or title")
    view.add_argument("--unit", metavar="U", help="everything touching one unit (IRI or name)")
    view.add_argument("--instrument", metavar="I", help="everything touching one instrument (IRI or title)")
    view.add_argument("--query", metavar="NAME_OR_FILE",
                      help="a named query, .rq file or SPARQL: SELECT with 2-3 IRI columns, or CONSTRUCT")
    p.add_argument("--param", "-p", action="append", metavar="NAME=VALUE", help="bind a --query parameter")
    p.add_argument("--reader", action="store_true",
                   help="with --report: write the report reader (its text with every fact marked, beside its view)")
    p.add_argument("-o", "--output", required=True, help="the .html file to write")
    p.add_argument("--cap", type=int, default=5000, metavar="N",
                   help="draw at most N nodes, the best connected (default 5000)")
    p.set_defaults(func=cmd_visualize)

    p = sub.add_parser("stats", help="print graph statistics (networkx); --html draws them",
                       description=cmd_stats.__doc__)
    source_options(p)
    p.add_argument("--html", metavar="OUT", help="also write the overview with the figures to this .html file")
    p.add_argument("--top", type=int, default=10, metavar="N", help="entries per list (default 10)")
    p.set_defaults(func=cmd_stats)


def _add_store_commands(sub) -> None:
    """Register load, remove, export, query and serve."""
    def store_options(p, endpoint: bool = True) -> None:
        p.add_argument("--store", metavar="DIR",
                       help="store folder (default: $GOVKG_STORE or ./govkg-data)")
        if endpoint:
            p.add_argument("--endpoint", metavar="URL",
                           help="use a remote SPARQL 1.1 server instead (auth from GOVKG_ENDPOINT_TOKEN, "
                                "or GOVKG_ENDPOINT_USER and GOVKG_ENDPOINT_PASSWORD)")
            p.add_argument("--update-url", metavar="URL", help="SPARQL Update URL (default <endpoint>/update)")
            p.add_argument("--gsp-url", metavar="URL", help="Graph Store Protocol URL (default <endpoint>/store)")
            p.add_argument("--timeout", type=float, metavar="S", help="seconds to wait for the endpoint (120)")

    p = sub.add_parser("load", help="load reports or .nq/.trig datasets into the store",
                       description=cmd_load.__doc__)
    p.add_argument("inputs", nargs="+", help="report files or folders (extracted first), or .nq/.trig files")
    store_options(p)
    p.add_argument("--update-method", choices=("gsp", "update"), default="gsp",
                   help="how to write to --endpoint: Graph Store Protocol PUT per report (default) "
                        "or batched SPARQL Update")
    p.add_argument("--update-chunk", type=int, default=1000, metavar="N",
                   help="most triples in one INSERT DATA with --update-method update (default 1000; "
                        "Virtuoso refuses much more)")
    p.add_argument("--bulk", action="store_true",
                   help="write new reports with Oxigraph's bulk loader even for small loads (it is used "
                        "above 100,000 quads anyway); an interrupted bulk load is undone when the store "
                        "is next opened (embedded store only)")
    p.add_argument("--force", action="store_true",
                   help="extract a text even when it does not look like a rule-of-law report")
    p.add_argument("--encoding", help="read text files in this encoding instead of detecting it")
    p.add_argument("--workers", type=int, metavar="N", help="extract with N processes (default: the number of cores)")
    p.add_argument("--reload", action="store_true",
                   help="extract and load inputs again even when the store holds their content already")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("remove", help="remove one report from the store", description=cmd_remove.__doc__)
    p.add_argument("report", help="report IRI, report/<id>, or the source file it was loaded from")
    store_options(p)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("export", help="export the store to a .nq or .trig file", description=cmd_export.__doc__)
    p.add_argument("-o", "--output", required=True, help="output file (.nq or .trig)")
    store_options(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("query", help="run a named query, a .rq file or SPARQL text", description=cmd_query.__doc__)
    p.add_argument("query", nargs="?", help="query name (see --list), FILE.rq, or SPARQL text")
    p.add_argument("--list", action="store_true", help="list the named queries and exit")
    p.add_argument("--param", "-p", action="append", metavar="NAME=VALUE",
                   help="bind a query parameter (repeatable); IRIs may omit https://w3id.org/govkg/id/")
    p.add_argument("--format", "-f", choices=("table", "csv", "tsv", "json"), default="table",
                   help="output format (default: an aligned table)")
    store_options(p)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("serve", help="serve the store as a SPARQL endpoint with a query page",
                       description=cmd_serve.__doc__)
    store_options(p, endpoint=False)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=7878, help="port (default 7878; 0 picks a free one)")
    p.add_argument("--views", metavar="DIR", help="HTML views folder served at /views/ (default <store>/views)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="S", help="per-query timeout (default 30 s)")
    p.add_argument("--writable", action="store_true",
                   help="accept SPARQL Update and Graph Store writes from clients (default: read-only)")
    p.add_argument("--allow-service", action="store_true",
                   help="let queries use SERVICE and updates LOAD, which make the server fetch URLs "
                        "(default: refused with 403)")
    p.set_defaults(func=cmd_serve)


# ---------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="govkg",
        description="Turn Chinese government rule-of-law reports into a knowledge graph.")
    parser.add_argument("--version", action="version", version=f"govkg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="extract reports to an RDF file (.nq, .trig, .ttl, .jsonld)",
                       description=cmd_extract.__doc__)
    p.add_argument("inputs", nargs="+", help="report files, folders, globs or - for stdin (.txt, .html, .docx, .pdf)")
    p.add_argument("-o", "--output", required=True, help="output file; its suffix picks the format")
    p.add_argument("--force", action="store_true",
                   help="extract a text even when it does not look like a rule-of-law report")
    p.add_argument("--encoding", help="read text files in this encoding instead of detecting it")
    p.add_argument("--workers", type=int, metavar="N",
                   help="worker processes (default: the number of cores; 1 = no extra process)")
    p.add_argument("--max-size", metavar="SIZE",
                   help="refuse input files larger than this (default 20MB or $GOVKG_MAX_BYTES)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("validate", help="check a graph file (.nq, .trig, .ttl, .jsonld) against the SHACL shapes",
                       description=cmd_validate.__doc__)
    p.add_argument("graph", help="RDF file written by govkg extract; its suffix picks the format")
    p.set_defaults(func=cmd_validate)

    _add_store_commands(sub)
    _add_view_commands(sub)
    _add_check_commands(sub)
    return parser


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised so that temp files are removed and workers stopped on the way out."""


def _on_sigterm(signum, frame) -> None:
    raise _Terminated()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    import signal
    import threading

    parser = build_parser()
    args = parser.parse_args(argv)
    previous = None
    if threading.current_thread() is threading.main_thread():
        # Python's default for SIGTERM ends the process at once, leaving a partial output's
        # temp file behind; unwinding as for Ctrl-C removes it.
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return args.func(args) or 0
    except GovKGError as exc:
        print(f"Error: {exc.one_line()}", file=sys.stderr)
        return 1
    except _Terminated:
        print("Error: terminated", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("Error: interrupted", file=sys.stderr)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
