"""Mint stable IRIs for govkg instances from identity keys.

The same key gives the same IRI in every report and every run; that is what lets
cross-report queries join on units and instruments.

>>> unit_iri("北京市西城区人民政府")
'https://w3id.org/govkg/id/unit/北京市西城区人民政府'
>>> segment("a b/c")
'a%20b%2Fc'
"""

from __future__ import annotations

import re

from govkg.ontology.namespace import ID_BASE

# Characters an IRI path segment may not carry as they are (RFC 3987 plus our own '/').
_UNSAFE = set(' <>"{}|\\^`#?/%[]') | {chr(c) for c in range(0x20)} | {"\x7f"}


_UNSAFE_ANY = re.compile(r"[\s <>\"{}|\\^`#?/%\[\]\x00-\x1f\x7f]")


def segment(name: str) -> str:
    """Return ``name`` as one IRI path segment: unsafe characters percent-encoded, CJK kept."""
    if not _UNSAFE_ANY.search(name):
        return name
    out = []
    for ch in name:
        if ch in _UNSAFE or ch.isspace():
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
        else:
            out.append(ch)
    return "".join(out)


def report_iri(doc_id: str) -> str:
    """Return the IRI of a report (and of its named graph)."""
    return f"{ID_BASE}report/{segment(doc_id)}"


def unit_iri(key: str, report: str | None = None) -> str:
    """Return a unit's IRI: global under ``id/unit/``, local under its report's IRI."""
    if report is None:
        return f"{ID_BASE}unit/{segment(key)}"
    return f"{report}/unit/{segment(key)}"


def instrument_iri(key: str) -> str:
    """Return a legal instrument's IRI from its normalised title (and document number)."""
    return f"{ID_BASE}instrument/{segment(key)}"


def part_iri(report: str, kind: str, key: str) -> str:
    """Return the IRI of a report part: a section, measure, outcome, shortcoming or post."""
    return f"{report}/{kind}/{segment(key)}"
