"""One report's cleaned text as the components see it: sentences, clauses, words, evidence spans.

The Extractor builds a :class:`ReportText` before the pipeline runs and puts it in
``doc._.report``; every component reads it and none changes it. Rules read ``match`` (the
matching copy in simplified characters); evidence is cut from ``text`` at the same offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govkg.extract.text.cleaning import CleanText
from govkg.extract.text.sentences import Locator, Piece, clauses, protected_mask, sentences, strip_span
from govkg.records import Span


@dataclass
class ReportText:
    """The cleaned text of one report and its pieces.

    Args:
        doc_id: the report's id (a hash of its cleaned text).
        source: where the text came from (a path, or ``-``).
        clean: the cleaned text and its matching copy.
    """

    doc_id: str
    source: str
    clean: CleanText
    mask: bytearray = field(init=False)
    sentences: list[Piece] = field(init=False)
    clauses: list[Piece] = field(init=False)
    tokens: list[tuple[int, int]] = field(default_factory=list)
    token_starts: set[int] = field(default_factory=set)
    token_ends: set[int] = field(default_factory=set)
    _spans: dict[tuple[int, int], Span] = field(default_factory=dict, repr=False)
    _clause_locator: Locator | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.mask = protected_mask(self.clean.match)
        self.sentences = sentences(self.clean.match, self.mask)
        self.clauses = clauses(self.clean.match, self.sentences, self.mask)

    @property
    def text(self) -> str:
        """The stored text (original characters)."""
        return self.clean.text

    @property
    def match(self) -> str:
        """The matching copy (simplified characters, same length)."""
        return self.clean.match

    def set_words(self, doc) -> None:
        """Record the word edges of the spaCy ``doc`` built over :attr:`match`."""
        from spacy.attrs import IDX, IS_SPACE, LENGTH

        arr = doc.to_array([IDX, LENGTH, IS_SPACE])
        starts, ends, words = arr[:, 0], arr[:, 0] + arr[:, 1], arr[:, 2] == 0
        self.tokens = list(zip(starts[words].tolist(), ends[words].tolist()))
        self.token_starts = set(starts.tolist())
        self.token_ends = set(ends.tolist())

    def span(self, start: int, end: int) -> Span:
        """Return the evidence span ``[start, end)`` without outer spaces (one object per span)."""
        span = self._spans.get((start, end))
        if span is None:
            a, b = strip_span(self.text, start, end, " \n")
            span = self._spans[start, end] = Span.cut(self.doc_id, self.text, a, b)
        return span

    def sentence_span(self, clause_index: int) -> Span:
        """Return the evidence span of the sentence holding clause ``clause_index``."""
        sent = self.sentences[self.clauses[clause_index].parent]
        return self.span(sent.start, sent.end)

    def clause_at(self, pos: int) -> int:
        """Return the index of the clause holding ``pos``, or -1."""
        if self._clause_locator is None:
            self._clause_locator = Locator(self.clauses)
        return self._clause_locator.index(pos)

    def line_end(self, pos: int) -> int:
        """Return where the line holding ``pos`` ends."""
        end = self.match.find("\n", pos)
        return len(self.match) if end == -1 else end
