"""Find legal instruments: titles in 《》, document numbers after them, laws named bare.

A title counts when it ends like an instrument (法, 条例, 办法, 方案 ...) and is not a book,
newspaper, programme or speech. Well-known laws named without 《》 map to their official
titles through ``data/law_aliases.tsv``, so 宪法 and 《中华人民共和国宪法》 are one instrument.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from govkg.extract.components import ComponentSpec
from govkg.extract.lexicon import patterns, table, words

_DOCNO = re.compile(r"[\(（]?\s*([\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*(?:19|20)\d\d\s*[〕\]］】)）]\s*(?:第\s*)?\d{1,5}\s*号)\s*[\)）]?")
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "【": "〔", "】": "〕", "(": "〔", ")": "〕",
                           "（": "〔", "）": "〕"})
_DASHES = re.compile(r"(?<=\d)\s*[—–‐‑‒―~～-]+\s*(?=\d)")
_TRAILING_PAREN = re.compile(r"\([^()]*\)$")


@dataclass(frozen=True)
class InstrumentMention:
    """An instrument named at ``[start, end)``: ``label`` as written, ``key`` its identity."""

    start: int
    end: int
    key: str
    label: str
    document_number: str | None = None
    official: str | None = None


def normalise_title(title: str) -> str:
    """Return the identity form of a title: NFKC, no 《》 or spaces, dashes in periods as '-'.

    >>> normalise_title("《法治政府建设实施纲要（2021—2025年）》")
    '法治政府建设实施纲要(2021-2025年)'
    """
    title = unicodedata.normalize("NFKC", title)
    title = re.sub(r"[《》\s“”\"]", "", title)
    return _DASHES.sub("-", title)


def normalise_number(number: str) -> str:
    """Return a document number with its year brackets as 〔〕.

    >>> normalise_number("中发[2015]36号")
    '中发〔2015〕36号'
    """
    number = re.sub(r"\s+", "", number).replace("第", "")
    m = re.match(r"(.*?)([\[［【(（〔])((?:19|20)\d\d)([\]］】)）〕])(\d+号)$", number)
    if not m:
        return number
    return f"{m.group(1)}〔{m.group(3)}〕{m.group(5)}"


def is_instrument_title(title: str) -> bool:
    """Return True when a 《》 title reads as a legal instrument, not a book or a newspaper.

    >>> is_instrument_title("广内街道重大行政执法决定集体讨论工作办法")
    True
    >>> is_instrument_title("习近平法治思想学习纲要(2025年版)")
    False
    >>> is_instrument_title("人民日报")
    False
    """
    core = title
    while _TRAILING_PAREN.search(core):
        core = _TRAILING_PAREN.sub("", core)
    if not core or any(p.search(core) for p in patterns("not_instruments")):
        return False
    return core.endswith(words("instrument_endings"))


@lru_cache(maxsize=1)
def _alias_re() -> tuple[re.Pattern, dict[str, str]]:
    aliases = {row[0]: row[1] for row in table("law_aliases")}
    alt = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    # a law's short name before 日/周/月/宣誓 names an event (国家宪法日, 民法典宣传月), not the law
    return re.compile(rf"(?:中华人民共和国)?(?:新)?({alt})(?!实施条例|实施细则|实施办法|》|日|周|月|宣传周|宣传月|宣誓)"), aliases


_BRACKETS = re.compile("[《》\n]")


def find_instruments(match: str, mask: bytearray) -> list[InstrumentMention]:
    """Return instrument mentions in document order."""
    out: list[InstrumentMention] = []
    depth, open_at = 0, -1
    for hit in _BRACKETS.finditer(match):  # only the characters that matter, not every one
        i, ch = hit.start(), hit.group()
        if ch == "《":
            if depth == 0:
                open_at = i
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0:
                inner = match[open_at + 1:i]
                if 2 <= len(inner) <= 80 and "\n" not in inner and is_instrument_title(inner):
                    number = None
                    nm = _DOCNO.match(match, i + 1)
                    if nm:
                        number = normalise_number(nm.group(1))
                    key = normalise_title(inner)
                    official = next((row[1] for row in table("law_aliases") if row[0] == key), None)
                    out.append(InstrumentMention(open_at, i + 1, official or key, inner, number, official))
        elif ch == "\n":
            depth = 0
    taken = [(m.start, m.end) for m in out]
    alias_re, aliases = _alias_re()
    for m in alias_re.finditer(match):
        if any(s <= m.start() < e for s, e in taken) or mask[m.start()]:
            continue
        official = aliases[m.group(1)]
        out.append(InstrumentMention(m.start(), m.end(), official, m.group(0), None, official))
    out.sort(key=lambda x: x.start)
    return out


# ---------------------------------------------------------------- the component
@dataclass
class Instruments:
    """What ``govkg_instruments`` finds (``doc._.instruments``): mentions, and issuers by mention."""

    mentions: list[InstrumentMention] = field(default_factory=list)
    issuers: dict[int, list[str]] = field(default_factory=dict)
    #: keys of instruments that are the report itself (a cover letter sending it): made, never cited
    own_report: set[str] = field(default_factory=set)


_ISSUING_LEAD = re.compile(r"(?:联合)?(?:印发|发布|制定|出台)?(?:的|了)?$")


def _issuers_before(match: str, pos: int, unit_by_end: dict) -> list[str]:
    """Return the units named right before an instrument (中共中央、国务院印发的《…》)."""
    lead = _ISSUING_LEAD.search(match[max(0, pos - 6):pos])
    pos -= len(lead.group()) if lead else 0
    issuers = []
    while pos in unit_by_end:
        mention, key = unit_by_end[pos]
        issuers.insert(0, key)
        pos = mention.start
        if pos > 0 and match[pos - 1] in "、和":
            pos -= 1
        else:
            break
    return issuers


def is_own_report(title: str, report_year: int | None) -> bool:
    """Return True when a 《》 title names a rule-of-law report itself, not an instrument it cites.

    >>> is_own_report("青禾县2023年法治政府建设年度报告", 2023)
    True
    >>> is_own_report("法治政府建设实施纲要(2021-2025年)", 2023)
    False
    """
    return bool(re.search(r"法治(?:政府)?建设.{0,12}(?:报告|情况)$", title)) and (
        report_year is None or str(report_year) in title or not re.search(r"20\d\d", title))


def instruments_component(doc):
    """Find instruments, their document numbers and issuers; mark the report's own title."""
    report, units, front = doc._.report, doc._.units, doc._.structure.front
    match = report.match
    found = Instruments()
    unit_by_end = {m.end: (m, k) for m, k in units.mentions}
    for inst in find_instruments(match, report.mask):
        if is_own_report(inst.label, front.year):
            found.own_report.add(inst.key)
        issuers = _issuers_before(match, inst.start, unit_by_end)
        if issuers:
            found.issuers[len(found.mentions)] = issuers
        found.mentions.append(inst)
    doc._.instruments = found
    return doc


COMPONENT = ComponentSpec("govkg_instruments", instruments_component, "instruments", ("report", "structure", "units"))
