"""Measures: action clauses grouped into measures, with their outcomes, instruments and doers.

Consecutive action clauses of one sentence are one measure when they are short (加强…建设,
积极探索…) or when the later one only reports a count (参与律师5人, 审查合同120份). An outcome
hangs on the nearest measure of its sentence (or, failing that, of its paragraph). The same
action told twice (often again in the 第一责任人 part) is one measure. Instruments named in a
measure's clauses are cited, or produced when the clause says the unit made them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import lru_cache

from govkg.extract.components import ComponentSpec
from govkg.extract.components.actions import CUE_KINDS
from govkg.extract.components.attribution import content_start
from govkg.extract.lexicon import Settings, alternation, pattern
from govkg.extract.task_areas import classify as classify_area
from govkg.extract.text.sentences import strip_span
from govkg.records import MeasureRecord, OutcomeRecord

SETTINGS = Settings("measures")
_RUN_IN_TITLE = re.compile(r"[一二三四五六七八九十]{1,2}是[^,;:。]{2,20}。")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _item_opening() -> re.Pattern:
    return re.compile(rf"\s*{pattern('item_markers').pattern}")


@lru_cache(maxsize=1)
def _produce_re() -> re.Pattern:
    return re.compile(f"(?:{alternation('produce_verbs')})")


def make_label(text: str, start: int, end: int) -> str:
    """Return a measure label: the clause without closing punctuation, at most 60 characters."""
    label = _SPACES.sub("", text[start:end]).rstrip(",;:。!?、")
    if len(label) <= SETTINGS.label_max:
        return label
    cut = max(label.rfind(ch, 0, SETTINGS.label_max) for ch in "、,;")
    return label[:cut] if cut >= 20 else label[:SETTINGS.label_max]


def produced(match: str, clause_start: int, title_start: int, title_end: int, clause_end: int) -> bool:
    """Return True when the clause says the unit made the instrument at ``[title_start, title_end)``.

    >>> t = "研究起草并推动《四川省法治政府建设实施方案》及时出台"
    >>> produced(t, 0, 7, 22, len(t))
    True
    >>> t = "出台贯彻落实《法治政府建设实施纲要》方案"
    >>> produced(t, 0, 6, 18, len(t))
    False
    """
    after = match[title_end:min(clause_end, title_end + 12)]
    if re.match(r"(?:的)?(?:实施|工作|贯彻)?(?:方案|意见|办法|细则|措施|计划|清单|规划)", after):
        return False  # 出台贯彻落实《纲要》的方案: the title names what the new document implements
    before = match[clause_start:title_start]
    if _produce_re().search(before):
        return True   # 牵头制定并推动落实《…》: drafting it is what the unit did
    return bool(re.match(r"(?:等文件|等制度|等)?(?:正式|及时|先后|相继)?(?:出台|印发|发布|颁布|施行)", after))


@dataclass
class Draft:
    """A measure being built: its first clause, its extent and the clauses merged into it."""

    clause: int
    start: int
    end: int
    counted: bool
    merged: int = 0

    @property
    def last_clause(self) -> int:
        return self.clause + self.merged


def group_actions(report, decisions) -> tuple[list[Draft], dict[int, int]]:
    """Group accepted clauses into measure drafts; return them and the draft index of each clause."""
    match, clauses = report.match, report.clauses
    drafts: list[Draft] = []
    clause_draft: dict[int, int] = {}
    for d in decisions:
        ci, prev = d.clause, (drafts[-1] if drafts else None)
        joins = prev is not None and prev.last_clause == ci - 1 and clauses[prev.clause].parent == clauses[ci].parent
        if joins and d.counted and d.end - d.start <= SETTINGS.count_clause_max \
                and d.end - prev.start <= SETTINGS.label_max:
            prev.counted = True      # 审查合同120份 right after 参与律师5人: results of one action
        elif joins and not d.counted and not prev.counted and not _item_opening().match(match, clauses[ci].start) \
                and d.end - prev.start <= SETTINGS.merge_max:
            pass                     # short actions of one sentence read as one
        else:
            clause_draft[ci] = len(drafts)
            drafts.append(Draft(ci, d.start, d.end, d.counted))
            continue
        prev.end = d.end
        prev.merged += 1
        clause_draft[ci] = len(drafts) - 1
    return drafts, clause_draft


def _previous_in_section(report, structure, clause_draft: dict[int, int], ci: int) -> int | None:
    """Return the clause of the last measure before clause ``ci`` in the same section, or None."""
    h = structure.section_at(report.clauses[ci].start)
    for k in range(ci - 1, -1, -1):
        if h is not None and report.clauses[k].start < h.start:
            return None
        if k in clause_draft:
            return k
    return None


def _nearest_draft(report, clause_draft: dict[int, int], ci: int) -> int | None:
    """Return the clause of the measure an outcome in clause ``ci`` belongs to: the nearest
    one before it in its paragraph, else the first after it in its sentence."""
    clauses, sents = report.clauses, report.sentences
    c = clauses[ci]
    line = sents[c.parent].parent
    for k in range(ci, -1, -1):
        ck = clauses[k]
        if ck.parent != c.parent and sents[ck.parent].parent != line:
            break
        if k in clause_draft:
            return k
    for k in range(ci + 1, len(clauses)):
        if clauses[k].parent != c.parent:
            break
        if k in clause_draft:
            return k
    return None


@dataclass
class Measures:
    """What ``govkg_measures`` builds (``doc.measures``): measure and outcome records, and the
    instruments the report cites outside any measure."""

    measures: list[MeasureRecord] = field(default_factory=list)
    outcomes: list[OutcomeRecord] = field(default_factory=list)
    report_cites: list[str] = field(default_factory=list)


def restated(told: dict, o, indicator: str, part: str | None) -> str | None:
    """Return the key of the outcome a count in the 第一责任人 part restates, or None.

    Part 3 often tells again what part 1 counted (召开主任办公会27次): the same value and measure
    word with an indicator that shares its words is one fact, so sums count it once.

    >>> told = {(27, "次"): [("召开主任办公会", "4")]}
    >>> restated(told, type("O", (), {"value": 27, "unit": "次"})(), "主任办公会", "LeadershipDuties")
    '4'
    >>> restated(told, type("O", (), {"value": 27, "unit": "次"})(), "主任办公会", "Achievements") is None
    True
    """
    if part != "LeadershipDuties":
        return None
    for earlier, key in told.get((o.value, o.unit), ()):
        shorter, longer = sorted((_core(earlier), _core(indicator)), key=len)
        if len(shorter) >= 2 and (shorter in longer or len(set(shorter) & set(longer)) >= 0.6 * len(shorter)):
            return key
    return None


def _core(indicator: str) -> str:
    return re.sub(r"^(?:召开|组织|开展|举办|主持召开|主持|专题)+|次数$", "", indicator)


def _outcome_records(doc, drafts: list[Draft], clause_draft: dict[int, int]) -> tuple[list[OutcomeRecord], dict]:
    """Return the outcome records and, by draft index, the keys of the outcomes it produced.

    An outcome with no measure in its paragraph makes its own clause a measure (a result
    reported on its own still says what was done)."""
    report, structure = doc.report, doc.structure
    match, text = report.match, report.text
    records, links = [], {}
    not_acts = {d.clause for d in doc.actions.decisions if d.reason in CUE_KINDS}
    told: dict[tuple, str] = {}   # (value, unit) -> indicators and key of outcomes told in the parts before
    for oi, o in enumerate(doc.outcomes):
        ci = report.clause_at(o.start)
        if ci < 0:
            continue
        c = report.clauses[ci]
        indicator = "".join(text[a:b] for a, b in o.indicator_spans) or make_label(text, *strip_span(match, c.start, c.end))
        indicator = _SPACES.sub("", indicator).strip("“”\"、,") or "数量"
        h = structure.section_at(o.start)
        key = restated(told, o, indicator, structure.part_kind(h))
        if key is None:
            key = str(oi + 1)
            told.setdefault((o.value, o.unit), []).append((indicator, key))
            records.append(OutcomeRecord(key, indicator[:80], o.value, o.unit, o.approximate,
                                         report.sentence_span(ci), h.key if h else None))
        target = _nearest_draft(report, clause_draft, ci)
        if target is None and ci in not_acts:
            # a result told on its own (组建率74.5%): it belongs to the section's last action
            target = _previous_in_section(report, structure, clause_draft, ci)
            if target is None:
                continue
        if target is None and ci not in clause_draft:
            s, e = strip_span(match, content_start(match, c.start, c.end), c.end)
            clause_draft[ci] = len(drafts)
            drafts.append(Draft(ci, s, e, True))
            target = ci
        links.setdefault(clause_draft[target], []).append(key)
    return records, links


def _involved(doc, draft: Draft, doer: str | None) -> list[str]:
    """Return the units named in a measure's clauses (or its run-in item's body) other than its doer."""
    report, units = doc.report, doc.units
    match = report.match
    c, sent = report.clauses[draft.clause], report.sentences[report.clauses[draft.clause].parent]
    scope_end = report.clauses[draft.last_clause].end
    if _RUN_IN_TITLE.match(match, sent.start, sent.end) and sent.end - sent.start <= 24:
        # "一是推动关键少数学习。会同市委组织部…": a run-in item's title sentence; the units
        # named in the item's body take part in it
        nxt = pattern("item_markers").search(match, sent.end, report.line_end(sent.start))
        scope_end = nxt.start() if nxt else report.line_end(sent.start)
    starts = doc.units.mention_starts
    lo, hi = bisect_left(starts, c.start), bisect_left(starts, scope_end)
    return list(dict.fromkeys(k for _m, k in units.mentions[lo:hi] if k != doer))


def _instruments_of(doc, draft: Draft, by_clause: dict[int, list[int]]) -> tuple[list[str], list[str]]:
    """Return the instruments a measure cites and those it produces."""
    report, found = doc.report, doc.instruments
    cites, produces = [], []
    for ci in range(draft.clause, draft.last_clause + 1):
        part = report.clauses[ci]
        for ii in by_clause.get(ci, ()):
            inst = found.mentions[ii]
            made = inst.key in found.own_report or produced(report.match, part.start, inst.start, inst.end, part.end)
            (produces if made else cites).append(inst.key)
    return list(dict.fromkeys(cites)), list(dict.fromkeys(produces))


def _task_area(doc, h, draft: Draft):
    """Return the 纲要 task area of a measure, from its words, its sentence and its headings."""
    report, structure = doc.report, doc.structure
    headings = doc.heading_chains.get(id(h))
    if headings is None:
        headings = doc.heading_chains[id(h)] = []
        while h is not None:
            headings.append(report.match[h.heading_start:h.heading_end])
            h = structure.headings[h.parent] if h.parent is not None else None
    sent = report.sentences[report.clauses[draft.clause].parent]
    return classify_area(report.match[draft.start:draft.end], report.match[sent.start:sent.end], headings)


class _Inputs:
    """The extensions the measures read, taken from ``doc._`` once (each ``doc._`` access costs)."""

    def __init__(self, doc):
        self.report, self.structure, self.units = doc._.report, doc._.structure, doc._.units
        self.instruments, self.outcomes = doc._.instruments, doc._.outcomes
        self.attribution, self.actions = doc._.attribution, doc._.actions
        #: the texts of the headings a section stands under, innermost first, by id of the section
        self.heading_chains: dict = {}


def measures_component(doc):
    """Build measure and outcome records from the action clauses and link them."""
    sdoc, doc = doc, _Inputs(doc)
    report, structure, attribution = doc.report, doc.structure, doc.attribution
    drafts, clause_draft = group_actions(report, doc.actions.accepted)
    found = Measures()
    found.outcomes, outcome_links = _outcome_records(doc, drafts, clause_draft)
    by_clause: dict[int, list[int]] = {}
    for ii, inst in enumerate(doc.instruments.mentions):
        ci = report.clause_at(inst.start)
        if ci in clause_draft:
            by_clause.setdefault(ci, []).append(ii)
        elif inst.key not in doc.instruments.own_report:
            found.report_cites.append(inst.key)
    first_with_label: dict[str, int] = {}
    for di, draft in enumerate(drafts):
        label = make_label(report.text, draft.start, draft.end)
        if label in first_with_label:
            # the same action told twice (often again in the 第一责任人 part): one measure
            i = first_with_label[label]
            first = found.measures[i]
            extra = tuple(outcome_links.get(di, ()))
            found.measures[i] = replace(first, outcomes=tuple(dict.fromkeys(first.outcomes + extra)))
            continue
        first_with_label[label] = len(found.measures)
        doer = attribution.doer(draft.clause)
        cites, produces = _instruments_of(doc, draft, by_clause)
        h = structure.section_at(draft.start)
        area = _task_area(doc, h, draft)
        found.measures.append(MeasureRecord(
            key=str(len(found.measures) + 1), label=label, evidence=report.sentence_span(draft.clause),
            section=h.key if h else None, planned=structure.part_kind(h) == "NextYearPlans",
            responsible=doer, involved=tuple(_involved(doc, draft, doer)), cites=tuple(cites),
            produces=tuple(produces), outcomes=tuple(outcome_links.get(di, ())),
            task_area=area.code, area_reason=area.reason))
    sdoc._.measures = found
    return sdoc


COMPONENT = ComponentSpec("govkg_measures", measures_component, "measures",
                          ("report", "structure", "units", "instruments", "outcomes", "attribution", "actions"))
