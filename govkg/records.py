"""Records passed from ``govkg.extract`` to ``govkg.graph``: small frozen dataclasses, stdlib only.

Every piece of evidence is a :class:`Span` of character (code point) offsets into the cleaned
report text that is stored with the report (``gov:text``), never token indices.

Identity keys (``UnitRecord.key``, ``InstrumentRecord.key``) say what a thing *is*; the graph
layer mints IRIs from them, so the same key gives the same IRI in every report.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Span:
    """A stretch of report text: ``text == doc_text[start:end]``.

    Build it with :meth:`cut` so the text is taken from (and checked against) the document.

    >>> Span.cut("r1", "审查合同120份。", 0, 9).text
    '审查合同120份。'
    """

    doc_id: str
    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end or self.end - self.start != len(self.text):
            raise ValueError(f"span {self.start}:{self.end} does not fit text of {len(self.text)} chars")

    @classmethod
    def cut(cls, doc_id: str, doc_text: str, start: int, end: int) -> "Span":
        """Return the span ``doc_text[start:end]``.

        Raises:
            ValueError: the offsets fall outside the document.
        """
        if not 0 <= start <= end <= len(doc_text):
            raise ValueError(f"span {start}:{end} outside a text of {len(doc_text)} chars")
        return cls(doc_id, start, end, doc_text[start:end])


@dataclass(frozen=True)
class UnitRecord:
    """A government unit, party organ, body or meeting mentioned in a report.

    ``scope`` is ``"global"`` when ``key`` is a jurisdiction-qualified name that means the same
    unit in every report, ``"local"`` when it can only be told apart inside this report.
    """

    key: str
    label: str
    alt_labels: tuple[str, ...] = ()
    scope: str = "local"
    parent: str | None = None


@dataclass(frozen=True)
class PostRecord:
    """A post (党政主要负责人, 第一责任人, 分管领导 ...) held in a unit."""

    key: str
    label: str
    unit: str | None = None


@dataclass(frozen=True)
class InstrumentRecord:
    """A legal instrument: law, regulation, normative document, plan or internal rule."""

    key: str
    label: str
    alt_labels: tuple[str, ...] = ()
    document_number: str | None = None
    issuers: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionRecord:
    """A numbered part or heading; ``parent`` is the key of the enclosing section."""

    key: str
    level: int
    ordinal: int
    heading: str
    span: Span
    parent: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class OutcomeRecord:
    """A quantified result: ``indicator`` counted ``value`` ``unit`` (e.g. 合同审查 120 份)."""

    key: str
    indicator: str
    value: Decimal
    unit: str
    approximate: bool
    evidence: Span
    section: str | None = None


@dataclass(frozen=True)
class MeasureRecord:
    """One governance action (a verb-object clause) and what it links to."""

    key: str
    label: str
    evidence: Span
    section: str | None = None
    planned: bool = False
    responsible: str | None = None
    involved: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()
    produces: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    #: the 纲要 task area (TA02-TA11, ../shared/spec/task-areas.md) and what decided it
    task_area: str | None = None
    area_reason: str | None = None


@dataclass(frozen=True)
class ShortcomingRecord:
    """A shortcoming the report admits."""

    key: str
    label: str
    evidence: Span
    section: str | None = None


@dataclass(frozen=True)
class ReportRecord:
    """Everything extracted from one report; ``text`` is what every span points into."""

    doc_id: str
    source: str
    text: str
    title: str | None
    year: int | None
    issued: _dt.date | None
    reporting_unit: str | None
    addressees: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()
    sections: tuple[SectionRecord, ...] = ()
    measures: tuple[MeasureRecord, ...] = ()
    outcomes: tuple[OutcomeRecord, ...] = ()
    shortcomings: tuple[ShortcomingRecord, ...] = ()
    units: tuple[UnitRecord, ...] = ()
    posts: tuple[PostRecord, ...] = ()
    instruments: tuple[InstrumentRecord, ...] = ()
    warnings: tuple[str, ...] = ()
    metadata: tuple[tuple[str, str], ...] = field(default=())
