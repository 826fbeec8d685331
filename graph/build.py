"""Turn :class:`govkg.records.ReportRecord` objects into an RDF dataset on the core vocabulary.

One named graph per report, named by the report's IRI; every node minted here gets its
``rdf:type``. Units and instruments with a global scope get the same IRI in every report.
"""

from __future__ import annotations

from typing import Iterable

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from govkg.graph.iris import instrument_iri, part_iri, report_iri, unit_iri
from govkg.ontology.namespace import GOV
from govkg.records import ReportRecord, Span

KIND_TERMS = {"Achievements": GOV.Achievements, "Shortcomings": GOV.Shortcomings,
              "LeadershipDuties": GOV.LeadershipDuties, "NextYearPlans": GOV.NextYearPlans,
              "OtherPart": GOV.OtherPart}


def _string(value: str) -> Literal:
    return Literal(value, datatype=XSD.string)


def new_dataset() -> Dataset:
    """Return an empty dataset with the project's prefixes bound."""
    ds = Dataset()
    ds.bind("gov", str(GOV))
    for prefix, ns in (("org", ORG), ("prov", PROV), ("skos", SKOS), ("dcterms", DCTERMS)):
        ds.bind(prefix, ns)
    ds.bind("eli", "http://data.europa.eu/eli/ontology#")
    return ds


def add_report(ds: Dataset, rec: ReportRecord) -> URIRef:
    """Add one report's named graph to ``ds`` (replacing a graph of the same IRI); return its IRI."""
    rid = report_iri(rec.doc_id)
    report = URIRef(rid)
    ds.remove_graph(ds.graph(report))
    g = ds.graph(report)

    unit_scope = {u.key: u for u in rec.units}

    def unit_node(key: str) -> URIRef:
        unit = unit_scope[key]
        return URIRef(unit_iri(key, None if unit.scope == "global" else rid))

    posts = {p.key: URIRef(part_iri(rid, "post", p.key)) for p in rec.posts}

    def actor_node(key: str) -> URIRef:
        return posts[key] if key in posts else unit_node(key)

    sections = {s.key: URIRef(part_iri(rid, "section", s.key)) for s in rec.sections}
    parent_of = {s.key: s.parent for s in rec.sections}

    def top_of(section: str) -> str:
        while parent_of.get(section):
            section = parent_of[section]
        return section

    def place(node: URIRef, section: str | None) -> None:
        """Link an item to its innermost section and, as a summary, to its top-level part."""
        if not section:
            return
        g.add((node, GOV.inSection, sections[section]))
        g.add((node, GOV.inPart, sections[top_of(section)]))
    instruments = {i.key: URIRef(instrument_iri(i.key)) for i in rec.instruments}

    def evidence(node: URIRef, span: Span) -> None:
        g.add((node, GOV.evidence, _string(span.text)))
        g.add((node, GOV.evidenceStart, Literal(span.start, datatype=XSD.integer)))
        g.add((node, GOV.evidenceEnd, Literal(span.end, datatype=XSD.integer)))
        g.add((node, PROV.wasDerivedFrom, report))

    # the report
    g.add((report, RDF.type, GOV.Report))
    g.add((report, DCTERMS.source, _string(rec.source)))
    g.add((report, GOV.text, _string(rec.text)))
    g.add((report, GOV.contentHash, _string(rec.doc_id)))
    if rec.title:
        g.add((report, RDFS.label, _string(rec.title)))
    if rec.year is not None:
        g.add((report, GOV.year, Literal(rec.year, datatype=XSD.integer)))
    if rec.issued is not None:
        g.add((report, DCTERMS.issued, Literal(rec.issued.isoformat(), datatype=XSD.date)))
    if rec.reporting_unit:
        g.add((report, GOV.reportingUnit, unit_node(rec.reporting_unit)))
    for key in rec.addressees:
        g.add((report, GOV.addressee, unit_node(key)))
    for key in rec.cites:
        g.add((report, GOV.cites, instruments[key]))
    for warning in rec.warnings:
        g.add((report, GOV.warning, _string(warning)))
    for name, value in rec.metadata:
        if name == "url":
            g.add((report, DCTERMS.source, URIRef(value)))
        elif name == "source_sha256":
            g.add((report, GOV.sourceHash, _string(value)))

    for unit in rec.units:
        node = unit_node(unit.key)
        g.add((node, RDF.type, GOV.GovernmentUnit))
        g.add((node, RDFS.label, _string(unit.label)))
        for alt in unit.alt_labels:
            if alt != unit.label:
                g.add((node, SKOS.altLabel, _string(alt)))
        if unit.parent:
            g.add((node, ORG.subOrganizationOf, unit_node(unit.parent)))

    for post in rec.posts:
        node = posts[post.key]
        g.add((node, RDF.type, GOV.Post))
        g.add((node, RDFS.label, _string(post.label)))
        if post.unit:
            g.add((node, ORG.postIn, unit_node(post.unit)))

    for inst in rec.instruments:
        node = instruments[inst.key]
        g.add((node, RDF.type, GOV.LegalInstrument))
        g.add((node, RDFS.label, _string(inst.label)))
        for alt in inst.alt_labels:
            if alt != inst.label:
                g.add((node, SKOS.altLabel, _string(alt)))
        if inst.document_number:
            g.add((node, GOV.documentNumber, _string(inst.document_number)))
        for issuer in inst.issuers:
            g.add((node, GOV.issuedBy, unit_node(issuer)))

    per_part: dict[str, int] = {}
    for m in rec.measures:
        if m.section:
            per_part[top_of(m.section)] = per_part.get(top_of(m.section), 0) + 1

    for sec in rec.sections:
        node = sections[sec.key]
        if sec.parent is None:
            g.add((node, GOV.measureCount, Literal(per_part.get(sec.key, 0), datatype=XSD.integer)))
        g.add((node, RDF.type, GOV.Section))
        g.add((node, GOV.heading, _string(sec.heading)))
        g.add((node, GOV.ordinal, Literal(sec.ordinal, datatype=XSD.integer)))
        g.add((node, GOV.level, Literal(sec.level, datatype=XSD.integer)))
        if sec.kind:
            g.add((node, GOV.sectionKind, KIND_TERMS[sec.kind]))
        parent = sections[sec.parent] if sec.parent else report
        g.add((parent, GOV.hasSection, node))

    outcomes = {o.key: URIRef(part_iri(rid, "outcome", o.key)) for o in rec.outcomes}
    for out in rec.outcomes:
        node = outcomes[out.key]
        g.add((node, RDF.type, GOV.Outcome))
        g.add((node, RDFS.label, _string(f"{out.indicator} {out.value}{out.unit}")))
        g.add((node, GOV.indicator, _string(out.indicator)))
        g.add((node, GOV.value, Literal(out.value, datatype=XSD.decimal)))
        g.add((node, GOV.unit, _string(out.unit)))
        g.add((node, GOV.approximate, Literal(out.approximate)))
        place(node, out.section)
        evidence(node, out.evidence)

    for m in rec.measures:
        node = URIRef(part_iri(rid, "measure", m.key))
        g.add((node, RDF.type, GOV.Measure))
        if m.planned:
            g.add((node, RDF.type, GOV.PlannedMeasure))
        g.add((node, RDFS.label, _string(m.label)))
        place(node, m.section)
        evidence(node, m.evidence)
        if m.responsible:
            g.add((node, GOV.responsibleUnit, actor_node(m.responsible)))
        for key in m.involved:
            g.add((node, GOV.involvesUnit, unit_node(key)))
        for key in m.cites:
            g.add((node, GOV.cites, instruments[key]))
        for key in m.produces:
            g.add((node, GOV.produces, instruments[key]))
        for key in m.outcomes:
            g.add((node, GOV.hasOutcome, outcomes[key]))

    for sc in rec.shortcomings:
        node = URIRef(part_iri(rid, "shortcoming", sc.key))
        g.add((node, RDF.type, GOV.Shortcoming))
        g.add((node, RDFS.label, _string(sc.label)))
        place(node, sc.section)
        evidence(node, sc.evidence)
    return report


def build_dataset(records: Iterable[ReportRecord]) -> Dataset:
    """Return a dataset holding one named graph per record."""
    ds = new_dataset()
    for rec in records:
        add_report(ds, rec)
    return ds
