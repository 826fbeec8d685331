"""Turn :class:`govkg.records.ReportRecord` objects into RDF on the core vocabulary.

One named graph per report, named by the report's IRI; every node minted here gets its
``rdf:type``. Units and instruments with a global scope get the same IRI in every report.

:func:`report_nquads` writes a report's graph as N-Quads text directly (a batch streams its
output one report at a time, and the store loads N-Quads with its own parser);
:func:`add_report` puts the same quads into an rdflib ``Dataset``.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Iterable

from rdflib import Dataset, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from govkg.graph.indicators import link as link_indicator
from govkg.graph.iris import instrument_iri, part_iri, report_iri, unit_iri
from govkg.ontology import INDICATOR_BASE, TASK_AREA_BASE, scheme_labels
from govkg.ontology.namespace import GOV
from govkg.records import ReportRecord, Span

# an absolute IRI with nothing N-Quads forbids in it (a page URL that is not one stays a string)
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*")


def new_dataset() -> Dataset:
    """Return an empty dataset with the project's prefixes bound."""
    ds = Dataset()
    ds.bind("gov", str(GOV))
    for prefix, ns in (("org", ORG), ("prov", PROV), ("skos", SKOS), ("dcterms", DCTERMS)):
        ds.bind(prefix, ns)
    ds.bind("eli", "http://data.europa.eu/eli/ontology#")
    return ds


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD = str(XSD)


def _iri(value: str) -> str:
    return f"<{value}>"


_TYPE, _LABEL, _ALT_LABEL = _iri(str(RDF.type)), _iri(str(RDFS.label)), _iri(str(SKOS.altLabel))
_SOURCE, _ISSUED, _DERIVED = _iri(str(DCTERMS.source)), _iri(str(DCTERMS.issued)), _iri(str(PROV.wasDerivedFrom))
_SUB_ORG, _POST_IN = _iri(str(ORG.subOrganizationOf)), _iri(str(ORG.postIn))
#: the N-Quads form of every gov: term written here (a misspelled name fails at import)
V = SimpleNamespace(**{name: _iri(str(getattr(GOV, name))) for name in (
    "Report", "GovernmentUnit", "Post", "LegalInstrument", "Section", "Outcome", "Measure", "PlannedMeasure",
    "Shortcoming", "Achievements", "Shortcomings", "LeadershipDuties", "NextYearPlans", "OtherPart",
    "text", "contentHash", "year", "reportingUnit", "addressee", "cites", "warning", "sourceHash",
    "documentNumber", "issuedBy", "measureCount", "heading", "ordinal", "level", "sectionKind", "hasSection",
    "indicator", "value", "unit", "approximate", "responsibleUnit", "involvesUnit", "produces", "hasOutcome",
    "inSection", "inPart", "evidence", "evidenceStart", "evidenceEnd", "taskArea", "areaReason",
    "indicatorConcept", "implausible")})
_NOTATION, _PREF_LABEL, _IN_SCHEME = _iri(str(SKOS.notation)), _iri(str(SKOS.prefLabel)), _iri(str(SKOS.inScheme))
_CONCEPT = _iri(str(SKOS.Concept))


_NEEDS_ESCAPE = re.compile(r'[\\"\n\r]')


def _string(value: str) -> str:
    if _NEEDS_ESCAPE.search(value):
        value = value.translate(_ESCAPES)
    return f'"{value}"^^<{_XSD}string>'


def _integer(value: int) -> str:
    return f'"{int(value)}"^^<{_XSD}integer>'


def report_nquads(rec: ReportRecord) -> bytes:
    """Return one report's named graph as N-Quads (UTF-8); reports' outputs concatenate.

    Every IRI minted here is safe as it is (:mod:`govkg.graph.iris` percent-encodes what an
    IRI may not hold); literals are escaped as N-Quads requires. Written as text directly:
    a report of 3,000 quads takes a few milliseconds, a twentieth of building them in rdflib.
    """
    rid = report_iri(rec.doc_id)
    report = _iri(rid)
    tail = f" {report} .\n"
    out: list[str] = []
    push = out.append
    string, integer, iri = _string, _integer, _iri

    def add(s: str, p: str, o: str) -> None:
        push(f"{s} {p} {o}{tail}")

    unit_scope = {u.key: u for u in rec.units}

    def unit_node(key: str) -> str:
        unit = unit_scope[key]
        return iri(unit_iri(key, None if unit.scope == "global" else rid))

    posts = {p.key: iri(part_iri(rid, "post", p.key)) for p in rec.posts}

    def actor_node(key: str) -> str:
        return posts[key] if key in posts else unit_node(key)

    sections = {s.key: iri(part_iri(rid, "section", s.key)) for s in rec.sections}
    parent_of = {s.key: s.parent for s in rec.sections}

    def top_of(section: str) -> str:
        while parent_of.get(section):
            section = parent_of[section]
        return section

    # an item's section, top-level part and evidence: the same lines after each item's node
    # (one sentence is the evidence of many items: its lines are made once)
    blocks: dict[tuple, tuple[str, ...]] = {}

    def context(node: str, section: str | None, span: Span) -> None:
        key = (section, span.start, span.end)
        block = blocks.get(key)
        if block is None:
            where = (f" {V.inSection} {sections[section]}{tail}", f" {V.inPart} {sections[top_of(section)]}{tail}"
                     ) if section else ()
            block = blocks[key] = ("", *where, f" {V.evidence} {string(span.text)}{tail}",
                                   f" {V.evidenceStart} {integer(span.start)}{tail}",
                                   f" {V.evidenceEnd} {integer(span.end)}{tail}", f" {_DERIVED} {report}{tail}")
        push(node.join(block))

    instruments = {i.key: iri(instrument_iri(i.key)) for i in rec.instruments}
    concepts: dict[tuple[str, str], str] = {}

    # the report
    add(report, _TYPE, V.Report)
    add(report, _SOURCE, string(rec.source))
    add(report, V.text, string(rec.text))
    add(report, V.contentHash, string(rec.doc_id))
    if rec.title:
        add(report, _LABEL, string(rec.title))
    if rec.year is not None:
        add(report, V.year, integer(rec.year))
    if rec.issued is not None:
        add(report, _ISSUED, f'"{rec.issued.isoformat()}"^^<{_XSD}date>')
    if rec.reporting_unit:
        add(report, V.reportingUnit, unit_node(rec.reporting_unit))
    for key in rec.addressees:
        add(report, V.addressee, unit_node(key))
    for key in rec.cites:
        add(report, V.cites, instruments[key])
    for warning in rec.warnings:
        add(report, V.warning, string(warning))
    for name, value in rec.metadata:
        if name == "url":
            add(report, _SOURCE, iri(value) if _IRI.fullmatch(value) else string(value))
        elif name == "source_sha256":
            add(report, V.sourceHash, string(value))

    for unit in rec.units:
        node = unit_node(unit.key)
        add(node, _TYPE, V.GovernmentUnit)
        add(node, _LABEL, string(unit.label))
        for alt in unit.alt_labels:
            if alt != unit.label:
                add(node, _ALT_LABEL, string(alt))
        if unit.parent:
            add(node, _SUB_ORG, unit_node(unit.parent))

    for post in rec.posts:
        node = posts[post.key]
        add(node, _TYPE, V.Post)
        add(node, _LABEL, string(post.label))
        if post.unit:
            add(node, _POST_IN, unit_node(post.unit))

    for inst in rec.instruments:
        node = instruments[inst.key]
        add(node, _TYPE, V.LegalInstrument)
        add(node, _LABEL, string(inst.label))
        for alt in inst.alt_labels:
            if alt != inst.label:
                add(node, _ALT_LABEL, string(alt))
        if inst.document_number:
            add(node, V.documentNumber, string(inst.document_number))
        for issuer in inst.issuers:
            add(node, V.issuedBy, unit_node(issuer))

    per_part: dict[str, int] = {}
    for m in rec.measures:
        if m.section:
            per_part[top_of(m.section)] = per_part.get(top_of(m.section), 0) + 1

    for sec in rec.sections:
        node = sections[sec.key]
        if sec.parent is None:
            add(node, V.measureCount, integer(per_part.get(sec.key, 0)))
        add(node, _TYPE, V.Section)
        add(node, V.heading, string(sec.heading))
        add(node, V.ordinal, integer(sec.ordinal))
        add(node, V.level, integer(sec.level))
        if sec.kind:
            add(node, V.sectionKind, getattr(V, sec.kind))
        parent = sections[sec.parent] if sec.parent else report
        add(parent, V.hasSection, node)

    outcomes = {o.key: iri(part_iri(rid, "outcome", o.key)) for o in rec.outcomes}
    for o in rec.outcomes:
        node = outcomes[o.key]
        push(f"{node} {_TYPE} {V.Outcome}{tail}"
             f"{node} {_LABEL} {string(f'{o.indicator} {o.value}{o.unit}')}{tail}"
             f"{node} {V.indicator} {string(o.indicator)}{tail}"
             f'{node} {V.value} "{format(o.value, "f")}"^^<{_XSD}decimal>{tail}'
             f"{node} {V.unit} {string(o.unit)}{tail}"
             f'{node} {V.approximate} "{"true" if o.approximate else "false"}"^^<{_XSD}boolean>{tail}')
        found = link_indicator(o.indicator, o.unit, o.value, o.evidence.text)
        if found.notation:
            add(node, V.indicatorConcept, _concept(found.notation, "indicators", concepts))
        if found.warning:
            add(node, V.implausible, f'"true"^^<{_XSD}boolean>')
            add(node, V.warning, string(found.warning))
        context(node, o.section, o.evidence)

    for m in rec.measures:
        node = iri(part_iri(rid, "measure", m.key))
        add(node, _TYPE, V.Measure)
        if m.planned:
            add(node, _TYPE, V.PlannedMeasure)
        add(node, _LABEL, string(m.label))
        context(node, m.section, m.evidence)
        if m.responsible:
            add(node, V.responsibleUnit, actor_node(m.responsible))
        for key in m.involved:
            add(node, V.involvesUnit, unit_node(key))
        for key in m.cites:
            add(node, V.cites, instruments[key])
        for key in m.produces:
            add(node, V.produces, instruments[key])
        for key in m.outcomes:
            add(node, V.hasOutcome, outcomes[key])
        if m.task_area:
            add(node, V.taskArea, _concept(m.task_area, "task-areas", concepts))
            if m.area_reason:
                add(node, V.areaReason, string(m.area_reason))

    for sc in rec.shortcomings:
        node = iri(part_iri(rid, "shortcoming", sc.key))
        add(node, _TYPE, V.Shortcoming)
        add(node, _LABEL, string(sc.label))
        context(node, sc.section, sc.evidence)
    # the concepts used (task areas, indicators) travel with the report, so that one report's
    # graph answers "which area" (skos:notation) without the scheme loaded beside it
    for (scheme, notation), node in concepts.items():
        _, label, _alts = scheme_labels(scheme)[notation]
        add(node, _TYPE, _CONCEPT)
        add(node, _NOTATION, string(notation))
        add(node, _PREF_LABEL, f'"{label.translate(_ESCAPES)}"@zh')
        add(node, _IN_SCHEME, iri(_SCHEMES[scheme]))
        if scheme == "indicators":   # the variants, so a query may name the indicator its own way
            for alt in _alts:
                add(node, _ALT_LABEL, f'"{alt.translate(_ESCAPES)}"@zh')
    return "".join(out).encode("utf-8")


_SCHEMES = {"task-areas": TASK_AREA_BASE, "indicators": INDICATOR_BASE}


def _concept(notation: str, scheme: str, used: dict) -> str:
    """Return the N-Quads IRI of a concept of a shipped scheme, noting it as used.

    Raises:
        ValueError: the scheme has no such notation (a record carrying an unknown area).
    """
    key = (scheme, notation)
    node = used.get(key)
    if node is None:
        entry = scheme_labels(scheme).get(notation)
        if entry is None:
            raise ValueError(f"unknown {scheme} notation {notation!r}")
        node = used[key] = _iri(entry[0])
    return node


def add_report(ds: Dataset, rec: ReportRecord) -> URIRef:
    """Add one report's named graph to ``ds`` (replacing a graph of the same IRI); return its IRI."""
    report = URIRef(report_iri(rec.doc_id))
    ds.remove_graph(ds.graph(report))
    ds.parse(data=report_nquads(rec).decode("utf-8"), format="nquads")
    return report


def build_dataset(records: Iterable[ReportRecord]) -> Dataset:
    """Return a dataset holding one named graph per record."""
    ds = new_dataset()
    for rec in records:
        add_report(ds, rec)
    return ds
