"""Check a govkg graph against the SHACL shapes (``ontology/shapes.ttl``).

The union of all named graphs is validated, with the ontology (``ontology/govkg.ttl``) mixed
in so that ``sh:class gov:Measure`` also accepts a ``gov:PlannedMeasure``. No inference runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from govkg.errors import DependencyError, ShapeError
from govkg.ontology.namespace import ID_BASE

#: Prefixes used to shorten IRIs in violation lines (``id:`` is the instance base).
_PREFIXES = {
    "id": ID_BASE,
    "gov": "https://w3id.org/govkg/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_SH = "http://www.w3.org/ns/shacl#"
_VALUE_CHARS = 30


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node, which property, what rule, which value.

    ``focus`` and ``path`` are shortened (``id:report/…``, ``gov:heading``); ``component``
    is the constraint that failed (``minCount``, ``maxLength``, ``pattern``, ``sparql`` …).
    """

    focus: str
    path: str
    message: str
    component: str
    value: str | None = None

    @property
    def line(self) -> str:
        """Return the violation as one human-readable line.

        >>> Violation("id:report/1/section/1", "gov:heading", "a section has exactly one "
        ...           "gov:heading string", "minCount").line
        'id:report/1/section/1 gov:heading: a section has exactly one gov:heading string [minCount]'
        """
        detail = self.component if self.value is None else f"{self.component}, value {self.value}"
        return f"{self.focus} {self.path}: {self.message} [{detail}]"


@dataclass(frozen=True)
class ValidationResult:
    """What :func:`validate_graph` found: ``conforms`` and the violations, sorted."""

    conforms: bool
    violations: tuple[Violation, ...]

    @property
    def lines(self) -> list[str]:
        """Return one line per violation."""
        return [v.line for v in self.violations]


def _short(term) -> str:
    """Return ``term`` as a short string: a prefixed name, ``<iri>``, ``_:b`` or a quoted literal."""
    from rdflib import BNode, Literal

    if term is None:
        return "(no path)"
    if isinstance(term, Literal):
        text = str(term)
        if len(text) > _VALUE_CHARS:
            text = text[:_VALUE_CHARS] + "…"
        quoted = '"' + text.replace("\n", " ") + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _PREFIXES["xsd"] + "string":
            return f"{quoted}^^{_short(term.datatype)}"
        return quoted
    if isinstance(term, BNode):
        return "_:" + str(term)
    iri = str(term)
    for prefix, ns in _PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _component(iri) -> str:
    """Return ``minCount`` for ``sh:MinCountConstraintComponent`` (``sparql`` for SPARQL)."""
    name = str(iri).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    if name.isupper():
        return name.lower()
    return name[:1].lower() + name[1:]


def _union(data):
    """Return a plain Graph holding every triple of ``data`` (all named graphs merged)."""
    from rdflib import ConjunctiveGraph, Dataset, Graph

    if isinstance(data, (Dataset, ConjunctiveGraph)):
        union = Graph()
        for s, p, o, _g in data.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    if isinstance(data, Graph):
        return data
    raise TypeError(f"expected an rdflib Dataset, Graph or a path, got {type(data).__name__}")


def validate_graph(data) -> ValidationResult:
    """Validate a govkg graph against the SHACL shapes, on the union of its named graphs.

    Args:
        data: an rdflib ``Dataset`` / ``Graph``, or the path of an ``.nq``, ``.trig``,
            ``.ttl``, ``.jsonld`` or ``.nt`` file (the suffix picks the parser).

    Returns:
        ``conforms`` and the violations, sorted by focus node, path and rule.

    Raises:
        InputError: the file is missing, of an unknown format or not valid RDF.
        DependencyError: pyshacl is not installed.
        ShapeError: pyshacl could not run the shapes on this graph.
    """
    from rdflib import Graph, URIRef

    from govkg.ontology import ontology_path, shapes_path

    try:
        import pyshacl
    except ImportError:
        raise DependencyError("pyshacl is not installed",
                              hint="pip install 'pyshacl>=0.26,<0.41'") from None
    if isinstance(data, (str, os.PathLike)):
        from govkg.graph.io import read_dataset

        data = read_dataset(Path(data))
    data_graph = _union(data)
    shapes = Graph().parse(shapes_path(), format="turtle")
    ontology = Graph().parse(ontology_path(), format="turtle")
    try:
        conforms, results, _text = pyshacl.validate(
            data_graph, shacl_graph=shapes, ont_graph=ontology, inference="none",
            abort_on_first=False, allow_infos=False, allow_warnings=False, advanced=False)
    except Exception as exc:  # pyshacl reports its own failures with many exception types
        raise ShapeError(f"SHACL validation could not run ({str(exc).splitlines()[0][:200]})") from None

    sh = lambda name: URIRef(_SH + name)  # noqa: E731
    violations = []
    for result in results.subjects(URIRef(_PREFIXES["rdf"] + "type"), sh("ValidationResult")):
        messages = sorted(str(m) for m in results.objects(result, sh("resultMessage")))
        value = results.value(result, sh("value"))
        violations.append(Violation(
            focus=_short(results.value(result, sh("focusNode"))),
            path=_short(results.value(result, sh("resultPath"))),
            message=messages[0] if messages else "(no message)",
            component=_component(results.value(result, sh("sourceConstraintComponent"))),
            value=None if value is None else _short(value)))
    violations.sort(key=lambda v: (v.focus, v.path, v.component, v.message, v.value or ""))
    return ValidationResult(conforms=bool(conforms), violations=tuple(violations))
