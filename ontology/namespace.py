"""A closed rdflib namespace for the ``gov:`` vocabulary: a misspelled term fails at once.

>>> from govkg.ontology.namespace import GOV
>>> str(GOV.Measure)
'https://w3id.org/govkg/ontology#Measure'
>>> GOV.Mesure
Traceback (most recent call last):
...
AttributeError: term 'Mesure' not in namespace 'https://w3id.org/govkg/ontology#'
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

ONTOLOGY_IRI = "https://w3id.org/govkg/ontology"
ID_BASE = "https://w3id.org/govkg/id/"


class GOV(DefinedNamespace):
    """Terms of ``../shared/spec/vocabulary.md`` plus our extensions."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Report: URIRef
    Section: URIRef
    Measure: URIRef
    PlannedMeasure: URIRef
    Shortcoming: URIRef
    GovernmentUnit: URIRef
    Post: URIRef
    LegalInstrument: URIRef
    Outcome: URIRef
    SectionKind: URIRef
    # section kinds (individuals)
    Achievements: URIRef
    Shortcomings: URIRef
    LeadershipDuties: URIRef
    NextYearPlans: URIRef
    OtherPart: URIRef
    # properties
    reportingUnit: URIRef
    addressee: URIRef
    year: URIRef
    hasSection: URIRef
    heading: URIRef
    ordinal: URIRef
    sectionKind: URIRef
    inSection: URIRef
    inPart: URIRef
    measureCount: URIRef
    responsibleUnit: URIRef
    involvesUnit: URIRef
    cites: URIRef
    produces: URIRef
    hasOutcome: URIRef
    indicator: URIRef
    value: URIRef
    unit: URIRef
    approximate: URIRef
    documentNumber: URIRef
    issuedBy: URIRef
    evidence: URIRef
    evidenceStart: URIRef
    evidenceEnd: URIRef
    text: URIRef
    # extensions
    level: URIRef
    warning: URIRef
    contentHash: URIRef
    sourceHash: URIRef
