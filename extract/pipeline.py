"""The extraction pipeline: cleaned text -> spaCy ``Doc`` -> rule components -> ReportRecord.

The pipeline is ``spacy.blank("zh")`` with the jieba segmenter and govkg's components (one
module each under :mod:`govkg.extract.components`). The Extractor puts the cleaned text in
``doc._.report`` (a :class:`~govkg.extract.text.report_text.ReportText`); each component sets
its own extension, and :func:`to_record` assembles the record from them.
"""

from __future__ import annotations

import hashlib
import re

from govkg.errors import DependencyError, InputError, NotAReportError
from govkg.extract.components import (actions, attribution, instruments, measures, outcomes, shortcomings,
                                      structure, units)
from govkg.extract.genre import looks_like_report
from govkg.extract.lexicon import words
from govkg.extract.text.cleaning import clean
from govkg.extract.text.report_text import ReportText
from govkg.extract.text.segmenter import WordTokenizer, load_cut
from govkg.records import InstrumentRecord, ReportRecord, SectionRecord

#: the components in pipeline order; each reads only what those before it set
COMPONENTS = tuple(m.COMPONENT for m in (structure, units, instruments, outcomes, attribution, actions, measures,
                                         shortcomings))
STATUTORY_PARTS = {"Achievements": "主要举措和成效", "Shortcomings": "存在的不足和原因",
                   "LeadershipDuties": "第一责任人职责", "NextYearPlans": "下一年度主要安排"}


class Extractor:
    """Extract :class:`ReportRecord` objects from decoded report texts.

    Args:
        force: extract texts that do not look like rule-of-law reports too.

    Raises:
        DependencyError: spaCy or jieba is not installed.
    """

    def __init__(self, force: bool = False):
        self.force = force
        self._nlp = None

    @property
    def nlp(self):
        """The spaCy pipeline, built on first use."""
        if self._nlp is None:
            self._nlp = build_nlp()
        return self._nlp

    def extract(self, doc) -> ReportRecord:
        """Extract one report from a :class:`govkg.extract.text.readers.SourceDocument`.

        Raises:
            InputError: the text is empty after cleaning.
            NotAReportError: the text is not a rule-of-law report (and ``force`` is off).
        """
        return to_record(self._run(doc), getattr(doc, "metadata", {}) or {})

    def parse(self, doc):
        """Return the spaCy ``Doc`` of one report, each component's findings in its ``doc._``
        extension and, for inspection (e.g. displaCy's span view), as character spans in
        ``doc.spans`` (``govkg_sections``, ``govkg_units``, ``govkg_instruments``,
        ``govkg_outcomes``, ``govkg_measures``); :meth:`extract` skips the spans.

        Raises:
            InputError, NotAReportError: as :meth:`extract`.
        """
        sdoc = self._run(doc)
        found = {
            "govkg_sections": ((h.heading_start, h.heading_end, h.kind or "Section") for h in sdoc._.structure.headings),
            "govkg_units": ((m.start, m.end, "GovernmentUnit") for m, _k in sdoc._.units.mentions),
            "govkg_instruments": ((i.start, i.end, "LegalInstrument") for i in sdoc._.instruments.mentions),
            "govkg_outcomes": ((o.start, o.end, "Outcome") for o in sdoc._.outcomes),
            "govkg_measures": ((m.evidence.start, m.evidence.end, "Measure") for m in sdoc._.measures.measures),
        }
        for name, spans in found.items():
            sdoc.spans[name] = [s for s in (sdoc.char_span(a, b, label=label, alignment_mode="expand")
                                            for a, b, label in spans) if s]
        return sdoc

    def _run(self, doc):
        cleaned = clean(doc.text)
        if len(cleaned.text.strip()) < 20:
            raise InputError("holds no report text after removing page chrome", path=doc.source)
        if not self.force and not looks_like_report(cleaned.match):
            raise NotAReportError("does not look like a rule-of-law report (法治政府建设年度报告)", path=doc.source,
                                  hint="use --force to extract it anyway")
        doc_id = hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest()[:16]
        report = ReportText(doc_id, doc.source, cleaned)
        sdoc = self.nlp.make_doc(cleaned.match)
        report.set_words(sdoc)
        sdoc._.report = report
        for _name, proc in self.nlp.pipeline:
            sdoc = proc(sdoc)
        return sdoc


def build_nlp(prefer_fast: bool = True):
    """Return ``spacy.blank("zh")`` with jieba's word segmentation and govkg's components.

    ``prefer_fast`` picks the C++ port of jieba where it is installed (same words, see
    :mod:`govkg.extract.text.segmenter`).

    Raises:
        DependencyError: spaCy or jieba is missing.
    """
    try:
        import spacy

        cut, _library = load_cut(words("jieba_words"), prefer_fast=prefer_fast)
    except ImportError as exc:
        raise DependencyError(f"{exc.name} is not installed", hint="pip install spacy jieba") from None
    nlp = spacy.blank("zh")
    nlp.tokenizer = WordTokenizer(nlp.vocab, cut)
    for spec in COMPONENTS:
        spec.register()
        nlp.add_pipe(spec.name)
    return nlp


def _sections(report: ReportText, headings) -> list[SectionRecord]:
    out = []
    for h in headings:
        heading = re.sub(r"\s+", "", report.text[h.heading_start:h.heading_end]).rstrip(",;:。") or "(无标题)"
        parent = headings[h.parent].key if h.parent is not None else None
        out.append(SectionRecord(h.key, h.depth + 1, h.ordinal, heading, report.span(h.start, h.heading_end),
                                 parent, h.kind))
    return out


def _instruments(report: ReportText, found) -> list[InstrumentRecord]:
    """Return one record per instrument identity, with every form and issuer seen."""
    records: dict[str, InstrumentRecord] = {}
    for idx, inst in enumerate(found.mentions):
        label = re.sub(r"\s+", "", report.text[inst.start:inst.end]).strip("《》")
        prev = records.get(inst.key)
        alts = set(prev.alt_labels) if prev else set()
        alts.add(label)
        if inst.label != label:
            alts.add(inst.label)
        number = (prev.document_number if prev else None) or inst.document_number
        issuers = tuple(dict.fromkeys((prev.issuers if prev else ()) + tuple(found.issuers.get(idx, ()))))
        records[inst.key] = InstrumentRecord(inst.key, inst.key, tuple(sorted(alts - {inst.key})), number, issuers)
    return list(records.values())


def _warnings(doc) -> list[str]:
    """Return what a reader of the record should know: missing parts, year or reporting unit."""
    st = doc._.structure
    warnings = list(doc._.units.warnings) + list(st.front.notes)
    if not st.headings:
        warnings.append("no numbered parts found; the text may be cut short or unstructured")
    kinds = {h.kind for h in st.headings if h.parent is None}
    missing = [f"{kind} ({zh})" for kind, zh in STATUTORY_PARTS.items() if kind not in kinds]
    if st.headings and missing:
        warnings.append("statutory parts not found: " + ", ".join(missing))
    if st.front.year is None:
        warnings.append("report year not found")
    return warnings


def to_record(doc, metadata: dict) -> ReportRecord:
    """Assemble the record of one report from what the components found."""
    report, st, units, found = doc._.report, doc._.structure, doc._.units, doc._.measures
    title = re.sub(r"\s+", "", report.text[st.front.title[0]:st.front.title[1]]) if st.front.title else None
    return ReportRecord(
        doc_id=report.doc_id, source=report.source, text=report.text, title=title, year=st.front.year,
        issued=st.front.issued, reporting_unit=units.reporting_unit, addressees=tuple(dict.fromkeys(units.addressees)),
        cites=tuple(dict.fromkeys(found.report_cites)), sections=tuple(_sections(report, st.headings)),
        measures=tuple(found.measures), outcomes=tuple(found.outcomes), shortcomings=tuple(doc._.shortcomings.records),
        units=tuple(units.resolver.records()), posts=tuple(doc._.attribution.posts.values()),
        instruments=tuple(_instruments(report, doc._.instruments)), warnings=tuple(_warnings(doc)),
        metadata=tuple(sorted((k, str(v)) for k, v in metadata.items())))
