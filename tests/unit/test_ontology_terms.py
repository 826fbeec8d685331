"""The ontology declares every term of the vocabulary and of the closed ``GOV`` namespace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from govkg.ontology import ontology_path, shapes_path
from govkg.ontology.namespace import GOV

GOV_NS = "https://w3id.org/govkg/ontology#"
VOCABULARY = Path(__file__).resolve().parents[3] / "shared" / "spec" / "vocabulary.md"
KINDS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, GOV.SectionKind,
         GOV.CheckStatus}
PREFIXES = {
    "gov": GOV_NS,
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": str(RDFS),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _iri(curie: str) -> URIRef:
    prefix, local = curie.split(":")
    return URIRef(PREFIXES[prefix] + local)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def _namespace_terms() -> list[str]:
    return sorted(name for name in GOV.__annotations__)


def _vocabulary_terms() -> list[str]:
    """Return every gov: term named in a table row of vocabulary.md."""
    rows = [line for line in VOCABULARY.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    return sorted(set(re.findall(r"\bgov:([A-Za-z]+)", "\n".join(rows))))


def _assert_declared(onto: Graph, term: URIRef) -> None:
    assert set(onto.objects(term, RDF.type)) & KINDS, f"{term} has no class/property type"
    labels = {lit.language for lit in onto.objects(term, RDFS.label) if isinstance(lit, Literal)}
    assert {"zh", "en"} <= labels, f"{term} lacks a zh or en rdfs:label"
    comments = {lit.language for lit in onto.objects(term, RDFS.comment) if isinstance(lit, Literal)}
    assert "en" in comments, f"{term} lacks an English rdfs:comment"


@pytest.mark.parametrize("name", _namespace_terms())
def test_ontology_declares_namespace_term(onto, name):
    _assert_declared(onto, URIRef(GOV_NS + name))


@pytest.mark.skipif(not VOCABULARY.exists(), reason="../shared/spec/vocabulary.md is not here")
def test_ontology_declares_every_vocabulary_term(onto):
    terms = _vocabulary_terms()
    assert len(terms) >= 37  # 9 classes, 5 section kinds and 23 gov: properties
    for name in terms:
        _assert_declared(onto, URIRef(GOV_NS + name))
        assert name in GOV.__annotations__, f"gov:{name} is missing from namespace.py"


def test_ontology_declares_no_gov_term_outside_namespace(onto):
    declared = {str(s)[len(GOV_NS):] for s in onto.subjects(RDF.type, None)
                if str(s).startswith(GOV_NS)}
    assert declared == set(_namespace_terms())


@pytest.mark.parametrize("name", ["Mesure", "report", "hasOutcomes", "Outcomes"])
def test_ontology_namespace_misspelled_term_raises(name):
    with pytest.raises(AttributeError):
        getattr(GOV, name)


@pytest.mark.parametrize("sub, sup", [
    ("gov:GovernmentUnit", "org:Organization"),
    ("gov:Post", "org:Post"),
    ("gov:LegalInstrument", "eli:LegalResource"),
    ("gov:PlannedMeasure", "gov:Measure"),
    ("gov:Measure", "prov:Entity"),
    ("gov:Outcome", "prov:Entity"),
    ("gov:Shortcoming", "prov:Entity"),
])
def test_ontology_class_aligned(onto, sub, sup):
    assert (_iri(sub), RDFS.subClassOf, _iri(sup)) in onto


def test_ontology_document_number_is_eli_local_id(onto):
    assert (GOV.documentNumber, RDFS.subPropertyOf, _iri("eli:id_local")) in onto


@pytest.mark.parametrize("prop, domain, range_", [
    ("gov:reportingUnit", "gov:Report", "gov:GovernmentUnit"),
    ("gov:addressee", "gov:Report", "gov:GovernmentUnit"),
    ("gov:year", "gov:Report", "xsd:integer"),
    ("gov:heading", "gov:Section", "xsd:string"),
    ("gov:ordinal", "gov:Section", "xsd:integer"),
    ("gov:sectionKind", "gov:Section", "gov:SectionKind"),
    ("gov:involvesUnit", "gov:Measure", "gov:GovernmentUnit"),
    ("gov:produces", "gov:Measure", "gov:LegalInstrument"),
    ("gov:hasOutcome", "gov:Measure", "gov:Outcome"),
    ("gov:indicator", "gov:Outcome", "xsd:string"),
    ("gov:value", "gov:Outcome", "xsd:decimal"),
    ("gov:unit", "gov:Outcome", "xsd:string"),
    ("gov:approximate", "gov:Outcome", "xsd:boolean"),
    ("gov:documentNumber", "gov:LegalInstrument", "xsd:string"),
    ("gov:issuedBy", "gov:LegalInstrument", "gov:GovernmentUnit"),
    ("gov:text", "gov:Report", "xsd:string"),
])
def test_ontology_property_domain_and_range(onto, prop, domain, range_):
    assert (_iri(prop), RDFS.domain, _iri(domain)) in onto
    assert (_iri(prop), RDFS.range, _iri(range_)) in onto


@pytest.mark.parametrize("prop, members", [
    ("gov:hasSection", {"gov:Report", "gov:Section"}),
    ("gov:inSection", {"gov:Measure", "gov:Shortcoming", "gov:Outcome"}),
    ("gov:cites", {"gov:Report", "gov:Measure"}),
    ("gov:evidence", {"gov:Measure", "gov:Shortcoming", "gov:Outcome"}),
    ("gov:evidenceStart", {"gov:Measure", "gov:Shortcoming", "gov:Outcome"}),
    ("gov:evidenceEnd", {"gov:Measure", "gov:Shortcoming", "gov:Outcome"}),
])
def test_ontology_property_domain_is_union(onto, prop, members):
    (domain,) = onto.objects(_iri(prop), RDFS.domain)
    union = onto.value(domain, OWL.unionOf)
    assert set(onto.items(union)) == {_iri(m) for m in members}


def test_ontology_responsible_unit_range_is_unit_or_post(onto):
    (range_,) = onto.objects(GOV.responsibleUnit, RDFS.range)
    assert set(onto.items(onto.value(range_, OWL.unionOf))) == {GOV.GovernmentUnit, GOV.Post}


def test_ontology_section_kinds_are_five_individuals(onto):
    assert set(onto.subjects(RDF.type, GOV.SectionKind)) == {
        GOV.Achievements, GOV.Shortcomings, GOV.LeadershipDuties, GOV.NextYearPlans, GOV.OtherPart}


@pytest.mark.parametrize("term", ["skos:altLabel", "dcterms:issued", "dcterms:source",
                                  "prov:wasDerivedFrom", "org:subOrganizationOf", "org:postIn"])
def test_ontology_declares_reused_property(onto, term):
    assert set(onto.objects(_iri(term), RDF.type)) & KINDS


def test_ontology_and_shapes_files_parse():
    shapes = Graph().parse(shapes_path(), format="turtle")
    sh_target = URIRef("http://www.w3.org/ns/shacl#targetClass")
    targets = set(shapes.objects(None, sh_target))
    assert {GOV.Report, GOV.Section, GOV.Measure, GOV.Outcome, GOV.Shortcoming, GOV.GovernmentUnit,
            GOV.Post, GOV.LegalInstrument} <= targets
