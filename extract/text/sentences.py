"""Split report text into lines, sentences and clauses, as character offsets.

Quoted stretches (“…”, 《…》, 〔…〕 and brackets) never split: a comma inside a title or a
slogan belongs to it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from bisect import bisect_right
from dataclasses import dataclass

_OPEN = {"“": "”", "《": "》", "〔": "〕", "(": ")", "‘": "’", "「": "」", "【": "】", "〈": "〉", "<": ">"}
_OPENERS = re.compile("[" + re.escape("".join(_OPEN)) + '"]')
_SENTENCE_END = set("。!?")
_CLAUSE_END = set(",;:")


@dataclass(frozen=True)
class Piece:
    """A stretch ``[start, end)`` of the text; ``parent`` indexes the enclosing piece."""

    start: int
    end: int
    parent: int = -1


def protected_mask(text: str, reach: int = 120, openers: str | None = None) -> bytearray:
    """Return a mask with 1 at every character inside quotes or brackets (not the brackets).

    A bracket not closed within ``reach`` characters on its line protects nothing.
    ``openers`` limits the brackets that protect (default: all quotes and brackets).
    """
    mask = bytearray(len(text))
    consumed = -1  # an ASCII '"' opens and closes: the one that closed a quote opens nothing
    for m in _OPENERS.finditer(text):
        i, ch = m.start(), m.group()
        closer = _OPEN.get(ch) or '"'
        if openers is not None and ch not in openers or i == consumed:
            continue
        limit = text.find("\n", i, i + reach)
        j = text.find(closer, i + 1, limit if limit != -1 else i + reach)
        if j != -1:
            mask[i + 1:j] = b"\x01" * (j - i - 1)
            if closer == '"':
                consumed = j
    return mask


def lines(text: str) -> list[Piece]:
    """Return the non-empty lines of ``text``."""
    return [Piece(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


@lru_cache(maxsize=8)
def _stop_re(stops: frozenset[str]) -> re.Pattern:
    return re.compile("[" + "".join(map(re.escape, sorted(stops))) + "]")


def _split(text: str, start: int, end: int, stops: set[str], mask: bytearray, parent: int) -> list[Piece]:
    out, s = [], start
    for hit in _stop_re(frozenset(stops)).finditer(text, start, end):
        i = hit.start()
        if not mask[i]:
            if text[i] == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
                continue  # a thousands separator: 1,286宗
            if text[s:i + 1].strip(" ,;:。!?"):
                out.append(Piece(s, i + 1, parent))
            s = i + 1
    if s < end and text[s:end].strip(" ,;:。!?"):
        out.append(Piece(s, end, parent))
    return out


def sentences(text: str, mask: bytearray) -> list[Piece]:
    """Return sentences: ended by 。!? or a line break; ``parent`` is the line index."""
    out = []
    for li, line in enumerate(lines(text)):
        out.extend(_split(text, line.start, line.end, _SENTENCE_END, mask, li))
    return out


def clauses(text: str, sents: list[Piece], mask: bytearray) -> list[Piece]:
    """Return clauses: parts of sentences between , ; and :; ``parent`` is the sentence index."""
    out = []
    for si, sent in enumerate(sents):
        out.extend(_split(text, sent.start, sent.end, _CLAUSE_END, mask, si))
    return out


class Locator:
    """Find the piece containing an offset, by binary search over piece starts."""

    def __init__(self, pieces: list[Piece]):
        self.pieces = pieces
        self.starts = [p.start for p in pieces]

    def index(self, pos: int) -> int:
        """Return the index of the piece holding ``pos``, or -1."""
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and self.pieces[i].start <= pos < self.pieces[i].end:
            return i
        return -1


def strip_span(text: str, start: int, end: int, chars: str = " ,;:。!?、") -> tuple[int, int]:
    """Return ``(start, end)`` narrowed past leading and trailing ``chars``."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end
