"""Write and read RDF datasets; the file suffix picks the format. Writes are atomic."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from govkg.errors import InputError, OutputError

#: suffix -> rdflib format name; every one of them keeps named graphs except .ttl
FORMATS = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt"}


def format_for(path: Path | str) -> str:
    """Return the rdflib format name for ``path``'s suffix.

    Raises:
        OutputError: the suffix is not one of .nq, .trig, .ttl, .jsonld, .nt.

    >>> format_for("out/report.nq")
    'nquads'
    """
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        raise OutputError(f"unknown output format {suffix or '(no suffix)'}", path=str(path),
                          hint="use one of " + ", ".join(FORMATS)) from None


def serialize_dataset(dataset, fmt: str) -> bytes:
    """Return the dataset serialised in ``fmt`` (Turtle holds the union of all graphs).

    The output is the same bytes for the same quads in every run: rdflib writes graphs and
    the subjects of N-Triples, N-Quads and JSON-LD in the order of its hash-based indexes
    (which change from process to process), so lines are sorted, TriG is written graph by
    graph in IRI order (each graph's body by rdflib's Turtle writer, which sorts subjects),
    and JSON-LD's unordered arrays are sorted.
    """
    from rdflib import Graph

    if fmt in ("turtle", "nt"):
        union = Graph()
        for prefix, ns in dataset.namespaces():
            union.bind(prefix, ns)
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        data = union.serialize(format=fmt, encoding="utf-8")
        return _sorted_lines(data) if fmt == "nt" else data
    if fmt == "nquads":
        return _sorted_lines(dataset.serialize(format=fmt, encoding="utf-8"))
    if fmt == "trig":
        return _trig(dataset)
    if fmt == "json-ld":
        import json

        doc = json.loads(dataset.serialize(format=fmt, encoding="utf-8"))
        return (json.dumps(_sorted_json(doc), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return dataset.serialize(format=fmt, encoding="utf-8")


def _sorted_lines(data: bytes) -> bytes:
    return b"".join(sorted(line for line in data.splitlines(keepends=True) if line.strip()))


def _sorted_json(value, ordered: bool = False):
    """Return JSON-LD ``value`` with every array sorted except ``@list`` ones (the only ordered kind)."""
    import json

    if isinstance(value, dict):
        return {k: _sorted_json(v, ordered=k == "@list") for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return items if ordered else sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def _trig(dataset) -> bytes:
    """Return TriG with the named graphs in IRI order, each written by rdflib's Turtle writer."""
    from rdflib import Graph, URIRef

    graphs: dict = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        ident = getattr(g, "identifier", g)
        graphs.setdefault(ident, []).append((s, p, o))
    prefixes: set[bytes] = set()
    bodies: list[bytes] = []
    for ident in sorted(graphs, key=str):
        graph = Graph()
        for prefix, ns in dataset.namespaces():
            graph.bind(prefix, ns)
        for triple in graphs[ident]:
            graph.add(triple)
        text = graph.serialize(format="turtle", encoding="utf-8")
        lines = text.splitlines(keepends=True)
        head = [line for line in lines if line.startswith(b"@prefix ")]
        prefixes.update(head)
        body = b"".join(lines[len(head):]).strip(b"\n")
        name = ident.n3().encode("utf-8") if isinstance(ident, URIRef) else b"<" + str(ident).encode("utf-8") + b">"
        bodies.append(name + b" {\n" + body + b"\n}\n")
    return b"".join(sorted(prefixes)) + b"\n" + b"\n".join(bodies)


class AtomicFile:
    """A binary file written under a temp name next to ``path`` and renamed into place on
    :meth:`commit`; closed without a commit (or on an error) it is removed, so ``path`` is
    complete or untouched. Use it as a context manager::

        with AtomicFile("out.nq") as f:
            f.write(b"...")
            f.commit()

    Raises:
        OutputError: the folder cannot be written (on opening, writing or committing).
    """

    def __init__(self, path: Path | str, hint: str | None = None):
        self.path, self.hint = Path(path), hint
        self._tmp: str | None = None
        with self._errors():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_temp_files(self.path)
            # The writer's pid in the name lets a later run tell a temp file left by a killed
            # run from one being written right now.
            fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.{os.getpid()}.", suffix=".tmp",
                                             dir=self.path.parent)
            self._file = os.fdopen(fd, "wb")

    @contextmanager
    def _errors(self):
        try:
            yield
        except OSError as exc:
            self.discard()
            raise OutputError(f"cannot be written ({exc.strerror or exc})", path=str(self.path),
                              hint=self.hint) from None

    @property
    def tmp_path(self) -> str:
        """The temp file being written (renamed to ``path`` on commit)."""
        return self._tmp

    def write(self, data: bytes) -> None:
        with self._errors():
            self._file.write(data)

    def commit(self) -> None:
        """Close the file and rename it into place."""
        with self._errors():
            self._file.close()
            os.chmod(self._tmp, 0o644)  # mkstemp makes it owner-only; an output file is for everyone
            os.replace(self._tmp, self.path)
            self._tmp = None

    def discard(self) -> None:
        """Close and remove the temp file; ``path`` stays as it was."""
        if self._tmp is not None:
            try:
                self._file.close()
            finally:
                Path(self._tmp).unlink(missing_ok=True)
                self._tmp = None

    def __enter__(self) -> "AtomicFile":
        return self

    def __exit__(self, *exc) -> None:
        self.discard()


def remove_stale_temp_files(path: Path | str) -> list[Path]:
    """Remove the temp files that runs killed while writing ``path`` left next to it.

    A temp file is ``.<name>.<pid>.<random>.tmp``; it is stale when no process ``<pid>`` runs.
    One whose pid runs (a concurrent writer, or a reused pid) is left alone.

    Returns:
        The files removed.
    """
    path = Path(path)
    removed = []
    prefix = f".{path.name}."
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid = name[len(prefix):].split(".", 1)[0]
        if not pid.isdigit() or _running(int(pid)):
            continue
        try:
            entry.unlink()
            removed.append(entry)
        except OSError:
            pass
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_atomically(path: Path | str, write: Callable[[str], None], hint: str | None = None) -> None:
    """Call ``write(tmp_path)`` on a temp file next to ``path``, then rename it into place.

    The file appears complete or not at all; an existing file is left untouched on failure.

    Raises:
        OutputError: the folder cannot be written.
    """
    with AtomicFile(path, hint) as out:
        with out._errors():
            out._file.close()
            write(out.tmp_path)
        out.commit()


def write_bytes_atomically(path: Path | str, data: bytes, hint: str | None = None) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`write_atomically`)."""
    write_atomically(path, lambda tmp: Path(tmp).write_bytes(data), hint)


def write_dataset(dataset, path: Path | str) -> None:
    """Write ``dataset`` to ``path`` atomically, in the format its suffix names.

    Raises:
        OutputError: the folder cannot be written or the suffix is unknown.
    """
    fmt = format_for(path)
    write_bytes_atomically(path, serialize_dataset(dataset, fmt))


def read_dataset(path: Path | str):
    """Read an RDF file into an rdflib Dataset (the suffix picks the parser).

    Raises:
        InputError: the file is missing, of an unknown format or not valid RDF.
    """
    from rdflib import Dataset

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"unknown RDF format {suffix or '(no suffix)'}", path=str(path),
                         hint="use one of " + ", ".join(FORMATS))
    dataset = Dataset()
    try:
        dataset.parse(str(path), format=FORMATS[suffix])
    except FileNotFoundError:
        raise InputError("no such file", path=str(path)) from None
    except Exception as exc:  # rdflib raises many parser-specific types
        raise InputError(f"is not valid {FORMATS[suffix]} ({str(exc).splitlines()[0][:200]})",
                         path=str(path)) from None
    return dataset
