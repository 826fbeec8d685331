"""Shortcomings: the items of the 存在的不足和原因 part, each a gov:Shortcoming."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govkg.extract.components import ComponentSpec
from govkg.extract.components.attribution import content_start
from govkg.extract.components.measures import make_label
from govkg.extract.text.sentences import strip_span
from govkg.records import ShortcomingRecord


def shortcoming_items(match: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a shortcomings part into items: by 一是/二是 or numbering, else by sentence."""
    marks = [m.start() for m in re.finditer(r"(?:[一二三四五六七八九十]{1,2}是|[((][一二三四五六七八九十\d]{1,2}[))]|"
                                            r"(?<=[\n。;:])\d{1,2}[、.](?!\d)|[\u2460-\u2473]|首先|其次)", match[start:end])]
    items = []
    if len(marks) >= 2:
        bounds = [start + m for m in marks] + [end]
        for a, b in zip(bounds, bounds[1:]):
            # an item ends at its sentence end, or where the next one starts
            stop = re.search(r"[。]", match[a:b])
            items.append((a, a + stop.end() if stop else b))
        return items
    for m in re.finditer(r"[^。!?\n]+[。!?]?", match[start:end]):
        seg = m.group()
        if len(seg.strip()) >= 8 and not seg.rstrip().endswith(":"):
            items.append((start + m.start(), start + m.end()))
    return items


@dataclass
class Shortcomings:
    """What ``govkg_shortcomings`` finds (``doc._.shortcomings``)."""

    records: list[ShortcomingRecord] = field(default_factory=list)


def shortcomings_component(doc):
    """Read each item of the shortcomings part as a shortcoming."""
    report, structure = doc._.report, doc._.structure
    match, found = report.match, Shortcomings()
    for part in structure.parts("Shortcomings"):
        for a, b in shortcoming_items(match, part.heading_end, part.end):
            a, b = strip_span(match, a, b, " \n,;:。")
            if b - a < 6:
                continue
            h = structure.section_at(a)
            found.records.append(ShortcomingRecord(str(len(found.records) + 1),
                                                   make_label(report.text, content_start(match, a, b), b),
                                                   report.span(a, b), h.key if h else None))
    doc._.shortcomings = found
    return doc


COMPONENT = ComponentSpec("govkg_shortcomings", shortcomings_component, "shortcomings", ("report", "structure"))
