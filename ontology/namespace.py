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
TASK_AREA_BASE = "https://w3id.org/govkg/task-area/"
INDICATOR_BASE = "https://w3id.org/govkg/indicator/"
CHECK_BASE = "https://w3id.org/govkg/check/"


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
    # across reports: task areas, comparable indicators, compliance checks
    taskArea: URIRef
    areaReason: URIRef
    indicatorConcept: URIRef
    implausible: URIRef
    CheckResult: URIRef
    CheckStatus: URIRef
    Pass: URIRef
    Fail: URIRef
    NotApplicable: URIRef
    Unknown: URIRef
    checkOf: URIRef
    checkRule: URIRef
    checkStatus: URIRef
    checkDetail: URIRef
    checkValue: URIRef
    informational: URIRef
    keyIndicator: URIRef
    adminLevel: URIRef
    checkSummary: URIRef
