"""Write and read RDF datasets; the file suffix picks the format. Writes are atomic."""

from __future__ import annotations

import os
import tempfile
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
    """Return the dataset serialised in ``fmt`` (Turtle holds the union of all graphs)."""
    if fmt in ("turtle", "nt"):
        from rdflib import Graph

        union = Graph()
        for prefix, ns in dataset.namespaces():
            union.bind(prefix, ns)
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        return union.serialize(format=fmt, encoding="utf-8")
    return dataset.serialize(format=fmt, encoding="utf-8")


def write_atomically(path: Path | str, write: Callable[[str], None], hint: str | None = None) -> None:
    """Call ``write(tmp_path)`` on a temp file next to ``path``, then rename it into place.

    The file appears complete or not at all; an existing file is left untouched on failure.

    Raises:
        OutputError: the folder cannot be written.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        try:
            write(tmp)
            os.chmod(tmp, 0o644)  # mkstemp makes it owner-only; an output file is for everyone
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"cannot be written ({exc.strerror or exc})", path=str(path), hint=hint) from None


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
