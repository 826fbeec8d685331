"""The extraction pipeline: cleaned text -> spaCy ``Doc`` -> rule components -> ReportRecord.

The pipeline is ``spacy.blank("zh")`` with the jieba segmenter and govkg's own components,
each declaring what it assigns. Components share one :class:`ReportState` in ``doc._.govkg``
and put what they find in ``doc.spans`` too, so a Doc can be inspected (displacy) like any
other. Rules read the *matching copy* of the text (simplified characters); spans, labels and
evidence are cut from the stored text at the same offsets.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

from govkg.errors import DependencyError, InputError, NotAReportError
from govkg.extract import measures as M
from govkg.extract.clean import CleanText, clean
from govkg.extract.genre import looks_like_report
from govkg.extract.instruments import InstrumentMention, find_instruments
from govkg.extract.lexicon import words
from govkg.extract.outcomes import OutcomeMatch, find_outcomes, find_table_outcomes
from govkg.extract.segments import Locator, Piece, clauses, protected_mask, sentences, strip_span
from govkg.extract.segmenter import WordTokenizer, load_cut
from govkg.extract.structure import FrontMatter, Heading, classify_part, find_headings, front_matter
from govkg.extract.units import Mention, UnitResolver, find_mentions, is_place_word, split_places, ending_start
from govkg.records import (InstrumentRecord, MeasureRecord, OutcomeRecord, PostRecord, ReportRecord,
                           SectionRecord, ShortcomingRecord, Span)

_RUN_IN_TITLE = re.compile(r"[一二三四五六七八九十]{1,2}是[^,;:。]{2,20}。")
_RUN_IN_NEXT = re.compile(r"[一二三四五六七八九十]{1,2}是|[((][一二三四五六七八九十\d]{1,2}[))]")

COMPONENTS = ("govkg_structure", "govkg_units", "govkg_instruments", "govkg_outcomes", "govkg_measures")


@dataclass
class ReportState:
    """What the components learn about one report, shared through ``doc._.govkg``."""

    doc_id: str
    source: str
    clean: CleanText
    mask: bytearray
    token_starts: set[int] = field(default_factory=set)
    token_ends: set[int] = field(default_factory=set)
    tokens: list[tuple[int, int]] = field(default_factory=list)
    front: FrontMatter | None = None
    headings: list[Heading] = field(default_factory=list)
    sentences: list[Piece] = field(default_factory=list)
    clauses: list[Piece] = field(default_factory=list)
    resolver: UnitResolver = field(default_factory=UnitResolver)
    reporting_unit: str | None = None
    addressees: list[str] = field(default_factory=list)
    mentions: list[tuple[Mention, str]] = field(default_factory=list)
    instruments: list[InstrumentMention] = field(default_factory=list)
    issuers: dict[int, list[str]] = field(default_factory=dict)
    outcomes: list[OutcomeMatch] = field(default_factory=list)
    measures: list[MeasureRecord] = field(default_factory=list)
    outcome_records: list[OutcomeRecord] = field(default_factory=list)
    shortcomings: list[ShortcomingRecord] = field(default_factory=list)
    posts: dict[str, PostRecord] = field(default_factory=dict)
    report_cites: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    keep_spans: bool = False
    _span_cache: dict[tuple[int, int], Span] = field(default_factory=dict)
    _starts_cache: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.clean.text

    @property
    def match(self) -> str:
        return self.clean.match

    def span(self, start: int, end: int) -> Span:
        """Return the evidence span ``[start, end)`` without outer spaces (one object per span)."""
        span = self._span_cache.get((start, end))
        if span is None:
            a, b = strip_span(self.text, start, end, " \n")
            span = self._span_cache[start, end] = Span.cut(self.doc_id, self.text, a, b)
        return span

    def section_at(self, pos: int) -> Heading | None:
        """Return the innermost section holding ``pos`` (headings are in document order)."""
        i = bisect_right(self._heading_starts, pos) - 1
        while i >= 0:
            h = self.headings[i]
            if h.start <= pos < h.end:
                return h
            i = h.parent if h.parent is not None else -1
        return None

    def lines_end(self, piece: Piece) -> int:
        """Return where the line holding ``piece`` ends."""
        end = self.match.find("\n", piece.start)
        return len(self.match) if end == -1 else end

    def is_title(self, h: Heading) -> bool:
        """Return True for a heading that names a topic; False for a numbered item that is a
        whole sentence (1.落实…制度,全年会前学法十六次,…), whose facts count like any other."""
        body = self.match[h.heading_start:h.heading_end]
        return h.parent is None or len(body) <= 30 and len(re.findall(r"[,;]", body)) <= 1

    @property
    def _heading_starts(self) -> list[int]:
        if len(self._starts_cache) != len(self.headings):
            self._starts_cache[:] = [h.start for h in self.headings]
        return self._starts_cache

    def top_kind(self, pos: int) -> str | None:
        h = self.section_at(pos)
        while h is not None and h.parent is not None:
            h = self.headings[h.parent]
        return h.kind if h is not None else None


# ---------------------------------------------------------------- components
def _keep_spans(doc, name: str, spans) -> None:
    """Put ``(start, end, label)`` character spans in ``doc.spans[name]`` when the state asks.

    Only :meth:`Extractor.parse` asks: building spaCy spans costs about a tenth of the
    extraction time and the records do not need them.
    """
    if doc._.govkg.keep_spans:
        doc.spans[name] = [s for s in (doc.char_span(a, b, label=label, alignment_mode="expand")
                                       for a, b, label in spans) if s]


def structure_component(doc):
    """Find front matter, headings, sentences and clauses; class the top-level parts."""
    st: ReportState = doc._.govkg
    from spacy.attrs import IDX, IS_SPACE, LENGTH

    arr = doc.to_array([IDX, LENGTH, IS_SPACE])
    starts, ends, words = arr[:, 0], arr[:, 0] + arr[:, 1], arr[:, 2] == 0
    st.tokens = list(zip(starts[words].tolist(), ends[words].tolist()))
    st.token_starts = set(starts.tolist())
    st.token_ends = set(ends.tolist())
    st.front = front_matter(st.text, st.match, st.clean.written_on)
    st.headings = find_headings(st.match, st.front.body_start)
    for h in st.headings:
        if h.parent is None:
            h.kind = classify_part(st.match[h.heading_start:h.heading_end], st.front.year)
    st.sentences = sentences(st.match, st.mask)
    st.clauses = clauses(st.match, st.sentences, st.mask)
    _keep_spans(doc, "govkg_sections", ((h.heading_start, h.heading_end, h.kind or "Section") for h in st.headings))
    return doc


_OPENING_SUBJECT = re.compile(r"(?:20\d\d|[〇零一二][〇零一二三四五六七八九]{3})年(?:度|以来)?[,]?(?:(?:在|按照|根据)[^,。]{2,60}?[下,][,]?)*"
                              r"(?!在|按照|根据|由|经)([\u4e00-\u9fff]{2,24}?)(?=坚持|始终|紧紧|深入|全面|认真|以习|按照|围绕|在|聚焦|牢牢|持续|积极|立足|着力"
                              r"|笃|不断|扎实|进一步|紧扣|锚定|高度|严格|紧密|从|把|将|切实|大力)")
_NOW_REPORTING = re.compile(r"现将([\u4e00-\u9fff]{2,25}?)(?:20\d\d|[〇零一二][〇零一二三四五六七八九]{3})年")


_JOINT = re.compile(r"^(?:中共)?[\u4e00-\u9fff]{1,12}?(?:党?委(?:员会)?|党工委)[、 ]?([\u4e00-\u9fff]{2,20}?(?:人民政府|政府|办事处))$")


def government_of_joint(name: str) -> str:
    """Return the government of a joint party-and-government name, else ``name``.

    A joint report (县委、县政府) is filed here under the government, whose report it is.

    >>> government_of_joint("中共青禾县委青禾县人民政府")
    '青禾县人民政府'
    >>> government_of_joint("青禾县人民政府")
    '青禾县人民政府'
    """
    m = _JOINT.match(name)
    return m.group(1) if m else name


def _unit_like(name: str | None) -> bool:
    if not name or len(name) < 2 or re.search(r"[^\u4e00-\u9fff()]", name):
        return False
    places, rest = split_places(name)
    return bool(ending_start(name) >= 0 or is_place_word(name) or (places and not rest)
                or name in words("national_units") or name.startswith("全省各级"))


def units_component(doc):
    """Name the reporting unit and addressees; find and resolve every unit mention."""
    st: ReportState = doc._.govkg
    fm, text, match = st.front, st.text, st.match
    candidates = []
    if fm.title_unit:
        candidates.append(fm.title_unit)
    if fm.signature_unit:
        candidates.append(match[fm.signature_unit[0]:fm.signature_unit[1]])
    nm = _NOW_REPORTING.search(match)
    if nm and not nm.group(1).startswith(("我", "本")):
        candidates.append(nm.group(1))
    om = _OPENING_SUBJECT.search(match, fm.body_start, fm.body_start + 600)
    if om:
        candidates.append(om.group(1))
    names = [government_of_joint(re.sub(r"\s+", "", c)) for c in candidates]
    names = [n for n in names if _unit_like(n)]
    resolver = st.resolver
    if fm.addressee_line:
        for part in re.split(r"[、,]", match[fm.addressee_line[0]:fm.addressee_line[1]]):
            resolver.learn_places(part.strip())
    if names:
        # the most complete name identifies; the others are its other names
        best = max(names, key=lambda n: (bool(split_places(n)[0]), len(n)))
        st.reporting_unit = resolver.set_reporting(best)
        for other in names:
            resolver.learn_places(other)
            if other != best:
                key = resolver.resolve(other)
                if key != st.reporting_unit and key in resolver.units and resolver.units[key].scope == "local" \
                        and resolver.units[key].parent is None:
                    # a second name the resolver could not tie: keep it as another name of the reporter
                    del resolver.units[key]
                    resolver.units[st.reporting_unit].alts.add(other)
        for name in names:  # a traditional-character report keeps its own spelling as a name
            at = match.find(name)
            if at >= 0 and text[at:at + len(name)] != name:
                resolver.units[st.reporting_unit].alts.add(text[at:at + len(name)])
    else:
        st.warnings.append("reporting unit not found")
    if fm.addressee_line:
        for part in re.split(r"[、,]", match[fm.addressee_line[0]:fm.addressee_line[1]]):
            part = part.strip()
            if _unit_like(part):
                key = resolver.resolve(part)
                if key:
                    st.addressees.append(key)
    for mention in find_mentions(match, st.token_starts, st.token_ends, st.tokens, st.mask):
        key = resolver.resolve(mention.name)
        if key:
            st.mentions.append((mention, key))
            unit = resolver.units.get(key)
            original = text[mention.start:mention.end]
            if unit is not None and original != mention.name and original != unit.label:
                unit.alts.add(original)   # keep traditional forms as written
    _keep_spans(doc, "govkg_units", ((m.start, m.end, "GovernmentUnit") for m, _k in st.mentions))
    return doc


def instruments_component(doc):
    """Find instruments, their document numbers and issuers."""
    st: ReportState = doc._.govkg
    st.instruments = find_instruments(st.match, st.mask)
    by_end = {m.end: (m, k) for m, k in st.mentions}
    for idx, inst in enumerate(st.instruments):
        pos, issuers = inst.start, []
        lead = re.search(r"(?:联合)?(?:印发|发布|制定|出台)?(?:的|了)?$", st.match[max(0, pos - 6):pos])
        pos -= len(lead.group()) if lead else 0
        while pos in by_end:
            mention, key = by_end[pos]
            issuers.insert(0, key)
            pos = mention.start
            if pos > 0 and st.match[pos - 1] in "、和":
                pos -= 1
            else:
                break
        if issuers:
            st.issuers[idx] = issuers
    _keep_spans(doc, "govkg_instruments", ((i.start, i.end, "LegalInstrument") for i in st.instruments))
    return doc


def outcomes_component(doc):
    """Find quantified outcomes in the body (not in headings, front matter or next-year plans)."""
    st: ReportState = doc._.govkg
    skip = [(0, st.front.body_start)] + [(h.start, h.heading_end) for h in st.headings if st.is_title(h)]
    skip += [(h.start, h.end) for h in st.headings if h.parent is None and h.kind == "NextYearPlans"]
    if st.front.signature_unit:
        skip.append((st.front.signature_unit[0], len(st.match)))
    # numbers in quotes and titles are names ("三个100%"); in brackets they are sub-counts
    quotes = protected_mask(st.match, openers="“《〔\"‘「")
    tables = find_table_outcomes(st.match)
    rows = [(st.match.rfind("\n", 0, o.start) + 1, o.end) for o in tables]
    st.outcomes = sorted(find_outcomes(st.match, quotes, [(c.start, c.end) for c in st.clauses], skip + rows)
                         + tables, key=lambda o: o.start)
    _keep_spans(doc, "govkg_outcomes", ((o.start, o.end, "Outcome") for o in st.outcomes))
    return doc


def measures_component(doc):
    """Build measures, shortcomings and posts, and link outcomes, units and instruments to them."""
    st: ReportState = doc._.govkg
    build_measures(st)
    _keep_spans(doc, "govkg_measures", ((m.evidence.start, m.evidence.end, "Measure") for m in st.measures))
    return doc


def _register_components() -> None:
    from spacy.language import Language
    from spacy.tokens import Doc

    if not Doc.has_extension("govkg"):
        Doc.set_extension("govkg", default=None)
    specs = {
        "govkg_structure": (structure_component, ["doc._.govkg", "doc.spans"]),
        "govkg_units": (units_component, ["doc._.govkg", "doc.spans"]),
        "govkg_instruments": (instruments_component, ["doc._.govkg", "doc.spans"]),
        "govkg_outcomes": (outcomes_component, ["doc._.govkg", "doc.spans"]),
        "govkg_measures": (measures_component, ["doc._.govkg", "doc.spans"]),
    }
    for name, (func, assigns) in specs.items():
        if not Language.has_factory(name):
            Language.component(name, assigns=assigns, requires=["doc._.govkg"] if name != "govkg_structure" else [],
                               func=func)


# ---------------------------------------------------------------- measures and links
def build_measures(st: ReportState) -> None:
    """Turn clauses into measures; attach outcomes, units, posts and instruments."""
    match, text = st.match, st.text
    heading_spans = [(h.start, h.heading_end) for h in st.headings if st.is_title(h)]
    mentions = st.mentions
    mention_starts = {m.start: (m, k) for m, k in mentions}
    reporting = st.reporting_unit
    shortcoming_parts = [h for h in st.headings if h.parent is None and h.kind == "Shortcomings"]

    zone = bytearray(len(match) + 1)   # 1: heading text, 2: shortcomings part, 4: title or addressee
    for a, b in heading_spans:
        zone[a:b] = b"\x01" * (b - a)
    for h in shortcoming_parts:
        zone[h.start:h.end] = bytes(x | 2 for x in zone[h.start:h.end])
    for z in (st.front.title, st.front.addressee_line):
        if z:
            a, b = max(z[0], 0), min(z[1] + 1, len(zone))
            zone[a:b] = bytes(x | 4 for x in zone[a:b])
    clause_loc = Locator(st.clauses)
    counted_clauses = {clause_loc.index(o.start) for o in st.outcomes}

    def in_title(pos: int) -> bool:
        return bool(zone[pos] & 4)

    def in_heading(pos: int) -> bool:
        return bool(zone[pos] & 1)

    def in_shortcomings(pos: int) -> bool:
        return bool(zone[pos] & 2)

    # the actor of a clause: a unit or post opening it (after run-in markers and time words);
    # the first actor of a sentence also acts in the sentence's other clauses
    sentence_actor: dict[int, str] = {}
    clause_actor: dict[int, str] = {}
    core_starts = [M.core_start(match, c.start, c.end) for c in st.clauses]
    for ci, c in enumerate(st.clauses):
        cs = core_starts[ci]
        cs = cs + 1 if match[cs:cs + 1] == "各" else cs
        actor = None
        if cs in mention_starts:
            mention, key = mention_starts[cs]
            # "区委、区政府主要负责同志…": the post after the units acts
            post = M.first_post(match, mention.end, min(c.end, mention.end + 12))
            actor = _post(st, key, post.group()) if post and post.start() - mention.end <= 3 else key
        else:
            # "厅主要负责人…", "主要领导…": a post of the reporting unit
            post = M.first_post(match, cs, min(c.end, cs + 10))
            if post and post.start() - cs <= 2:
                actor = _post(st, reporting, post.group())
        if actor:
            clause_actor[ci] = actor
            if ci == 0 or st.clauses[ci - 1].parent != c.parent:  # only an actor opening the sentence
                sentence_actor.setdefault(c.parent, actor)

    def skip_actor(pos: int, end: int) -> int:
        for _ in range(6):
            if pos in mention_starts:
                pos = mention_starts[pos][0].end
            elif match[pos:pos + 1] in ("、", "和", "与", "及"):
                pos += 1
            else:
                post = M.first_post(match, pos, min(end, pos + 8))
                if post and post.start() - pos <= 1:
                    pos = post.end()
                    # a person's name after the post (市长吴贤德多次主持…)
                    nm = _PERSON_AFTER_POST.match(match[pos:pos + 6])
                    pos += nm.end() if nm else 0
                else:
                    break
        return pos

    measures: list[dict] = []
    clause_measure: dict[int, int] = {}
    for ci, c in enumerate(st.clauses):
        if in_title(c.start) or in_shortcomings(c.start):
            continue
        # headings name topics, except in the plans part, where items are often written as headings;
        # a clause that runs on past its heading ("四、工作安排一是持续深化…") keeps its own part
        clause_start = c.start
        if in_heading(c.start):
            h = st.section_at(c.start)
            if h is not None and c.end - h.heading_end >= 4 and h.start <= c.start < h.heading_end:
                clause_start = h.heading_end
                if in_heading(clause_start):  # …成效(一)推进依法决策: another heading follows
                    continue
            elif st.top_kind(c.start) != "NextYearPlans" or h is None or h.parent is None:
                continue
        cs = core_starts[ci] if clause_start == c.start else M.core_start(match, clause_start, c.end)
        s2, e2 = strip_span(match, cs, c.end)
        if e2 - s2 < 5 or M.is_framing(match, s2, e2):
            continue
        # the action starts the clause, after an actor naming itself (街道政务服务中心设立…,
        # 市委、市政府主要负责同志先后主持…) and adverbs
        lead = M.skip_adverbs(match, skip_actor(s2, e2), e2)
        verb = M.find_verb(match, lead, min(e2, lead + M.VERB_REACH), st.token_starts, st.mask)
        if verb < 0:
            continue
        if match.startswith(M.SOFT_VERBS, lead):
            if ci not in counted_clauses:
                continue
        has_outcome = ci in counted_clauses
        prev = measures[-1] if measures else None
        if (has_outcome and prev and e2 - s2 <= M.COUNT_CLAUSE_MAX and e2 - prev["start"] <= M.LABEL_MAX
                and prev["clause"] + prev.get("merged", 0) == ci - 1
                and st.clauses[prev["clause"]].parent == c.parent):
            # 审查合同120份 right after 参与律师5人: one run of results of one action
            prev["end"] = e2
            prev["merged"] = prev.get("merged", 0) + 1
            prev["counted"] = True
            clause_measure[ci] = len(measures) - 1
            continue
        if (prev and prev["clause"] + prev.get("merged", 0) == ci - 1 and not has_outcome and not prev["counted"]
                and not M.RUN_IN.match(match, c.start)
                and st.clauses[prev["clause"]].parent == c.parent and e2 - prev["start"] <= M.MERGE_MAX):
            # short actions of one sentence read as one: 加强政务服务中心建设,积极探索政务服务新模式
            prev["end"] = e2
            prev["merged"] = prev.get("merged", 0) + 1
            clause_measure[ci] = len(measures) - 1
            continue
        clause_measure[ci] = len(measures)
        measures.append({"clause": ci, "start": s2, "end": e2, "counted": has_outcome})

    def nearest_measure(ci: int) -> int | None:
        c = st.clauses[ci]
        sent = st.sentences[c.parent]
        for k in range(ci, -1, -1):
            ck = st.clauses[k]
            if ck.parent != c.parent and st.sentences[ck.parent].parent != sent.parent:
                break
            if k in clause_measure:
                return k
        for k in range(ci + 1, len(st.clauses)):
            if st.clauses[k].parent != c.parent:
                break
            if k in clause_measure:
                return k
        return None

    outcome_links: dict[int, list[str]] = {}
    for oi, o in enumerate(st.outcomes):
        ci = clause_loc.index(o.start)
        if ci < 0:
            continue
        sent = st.sentences[st.clauses[ci].parent]
        indicator = "".join(text[a:b] for a, b in o.indicator_spans) or M.make_label(text, *strip_span(
            match, st.clauses[ci].start, st.clauses[ci].end))
        indicator = _SPACES.sub("", indicator).strip("“”\"、,") or "数量"
        h = st.section_at(o.start)
        key = str(oi + 1)
        st.outcome_records.append(OutcomeRecord(key, indicator[:80], o.value, o.unit, o.approximate,
                                                st.span(sent.start, sent.end), h.key if h else None))
        target = nearest_measure(ci)
        if target is None and ci not in clause_measure:
            s2, e2 = strip_span(match, M.core_start(match, st.clauses[ci].start, st.clauses[ci].end),
                                st.clauses[ci].end)
            clause_measure[ci] = len(measures)
            measures.append({"clause": ci, "start": s2, "end": e2, "counted": True})
            target = ci
        outcome_links.setdefault(clause_measure[target], []).append(key)

    inst_by_clause: dict[int, list[int]] = {}
    report_cites: list[str] = []
    for ii, inst in enumerate(st.instruments):
        ci = clause_loc.index(inst.start)
        if ci in clause_measure:
            inst_by_clause.setdefault(ci, []).append(ii)
        else:
            report_cites.append(inst.key)
    st.report_cites = report_cites

    mention_offsets = [m.start for m, _k in mentions]
    first_with_label: dict[str, int] = {}
    more_outcomes: dict[int, list[str]] = {}
    for mi, m in enumerate(measures):
        ci = m["clause"]
        c = st.clauses[ci]
        sent = st.sentences[c.parent]
        label = M.make_label(text, m["start"], m["end"])
        h = st.section_at(m["start"])
        planned = st.top_kind(m["start"]) == "NextYearPlans"
        actor = clause_actor.get(ci) or sentence_actor.get(c.parent) or reporting
        parts = [st.clauses[k] for k in range(ci, ci + 1 + m.get("merged", 0))]
        involved = []
        scope_end = parts[-1].end
        if _RUN_IN_TITLE.match(match, sent.start, sent.end) and sent.end - sent.start <= 24:
            # "一是推动关键少数学习。会同市委组织部…": a run-in item's title sentence; the units
            # named in the item's body take part in it
            nxt = _RUN_IN_NEXT.search(match, sent.end, st.lines_end(sent))
            scope_end = nxt.start() if nxt else st.lines_end(sent)
        lo, hi = bisect_left(mention_offsets, c.start), bisect_left(mention_offsets, scope_end)
        for mention, key in mentions[lo:hi]:
            if key != actor and key not in involved:
                involved.append(key)
        cites, produces = [], []
        for k, part in enumerate(parts):
            for ii in inst_by_clause.get(ci + k, []):
                inst = st.instruments[ii]
                if M.produced(match, part.start, inst.start, inst.end, part.end):
                    produces.append(inst.key)
                else:
                    cites.append(inst.key)
        if label in first_with_label:
            # the same action told twice (often again in the 第一责任人 part): one measure
            more_outcomes.setdefault(first_with_label[label], []).extend(outcome_links.get(mi, ()))
            continue
        first_with_label[label] = len(st.measures)
        st.measures.append(MeasureRecord(
            key=str(len(st.measures) + 1), label=label, evidence=st.span(sent.start, sent.end),
            section=h.key if h else None, planned=planned, responsible=actor,
            involved=tuple(involved), cites=tuple(dict.fromkeys(cites)), produces=tuple(dict.fromkeys(produces)),
            outcomes=tuple(outcome_links.get(mi, ())), **_task_area(st, h, m["start"], m["end"], sent)))
    for i, extra in more_outcomes.items():
        first = st.measures[i]
        st.measures[i] = replace(first, outcomes=tuple(dict.fromkeys(first.outcomes + tuple(extra))))

    for part in shortcoming_parts:
        body = part.heading_end
        for a, b in M.shortcoming_items(match, body, part.end):
            a, b = strip_span(match, a, b, " \n,;:。")
            if b - a < 6:
                continue
            cs = M.core_start(match, a, b)
            h = st.section_at(a)
            st.shortcomings.append(ShortcomingRecord(str(len(st.shortcomings) + 1), M.make_label(text, cs, b),
                                                     st.span(a, b), h.key if h else None))


def _task_area(st: ReportState, h: Heading | None, start: int, end: int, sent: Piece) -> dict:
    """Return the task area fields of a measure (on the simplified copy of the text)."""
    from govkg.extract.task_areas import classify

    match, headings = st.match, []
    while h is not None:
        headings.append(match[h.heading_start:h.heading_end])
        h = st.headings[h.parent] if h.parent is not None else None
    decision = classify(match[start:end], match[sent.start:sent.end], headings)
    return {"task_area": decision.code, "area_reason": decision.reason}


_PERSON_AFTER_POST = re.compile(r"[\u4e00-\u9fff]{2,3}(?=多次|先后|亲自|主持|带头|分别|深入|召开)")
_SPACES = re.compile(r"\s+")


def _post(st: ReportState, unit: str | None, label: str) -> str:
    key = f"post:{unit}:{label}"
    if key not in st.posts:
        st.posts[key] = PostRecord(f"p{len(st.posts) + 1}", label, unit)
    return st.posts[key].key


# ---------------------------------------------------------------- the extractor
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
        """Extract one report from a :class:`govkg.extract.readers.SourceDocument`.

        Raises:
            InputError: the text is empty after cleaning.
            NotAReportError: the text is not a rule-of-law report (and ``force`` is off).
        """
        state = self._run(doc, keep_spans=False)._.govkg
        return to_record(state, getattr(doc, "metadata", {}) or {})

    def parse(self, doc):
        """Return the spaCy ``Doc`` of one report, with what each component found in ``doc.spans``
        (``govkg_sections``, ``govkg_units``, ``govkg_instruments``, ``govkg_outcomes``,
        ``govkg_measures``) and the pipeline state in ``doc._.govkg``. For inspection, e.g. with
        displaCy's span view; :meth:`extract` skips the spans.

        Raises:
            InputError, NotAReportError: as :meth:`extract`.
        """
        return self._run(doc, keep_spans=True)

    def _run(self, doc, keep_spans: bool):
        cleaned = clean(doc.text)
        if len(cleaned.text.strip()) < 20:
            raise InputError("holds no report text after removing page chrome", path=doc.source)
        if not self.force and not looks_like_report(cleaned.match):
            raise NotAReportError("does not look like a rule-of-law report (法治政府建设年度报告)", path=doc.source,
                                  hint="use --force to extract it anyway")
        doc_id = hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest()[:16]
        state = ReportState(doc_id=doc_id, source=doc.source, clean=cleaned, mask=protected_mask(cleaned.match),
                            keep_spans=keep_spans)
        sdoc = self.nlp.make_doc(cleaned.match)
        sdoc._.govkg = state
        for _name, proc in self.nlp.pipeline:
            sdoc = proc(sdoc)
        return sdoc


def build_nlp(prefer_fast: bool = True):
    """Return ``spacy.blank("zh")`` with jieba's word segmentation and govkg's components.

    ``prefer_fast`` picks the C++ port of jieba where it is installed (same words, see
    :mod:`govkg.extract.segmenter`).

    Raises:
        DependencyError: spaCy or jieba is missing.
    """
    try:
        import spacy

        cut, _library = load_cut(words("jieba_words"), prefer_fast=prefer_fast)
    except ImportError as exc:
        raise DependencyError(f"{exc.name} is not installed", hint="pip install spacy jieba") from None
    _register_components()
    nlp = spacy.blank("zh")
    nlp.tokenizer = WordTokenizer(nlp.vocab, cut)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def to_record(st: ReportState, metadata: dict) -> ReportRecord:
    """Assemble the record of one report from the pipeline state."""
    text = st.text
    sections = []
    for h in st.headings:
        heading = re.sub(r"\s+", "", text[h.heading_start:h.heading_end]).rstrip(",;:。") or "(无标题)"
        parent = st.headings[h.parent].key if h.parent is not None else None
        sections.append(SectionRecord(h.key, h.depth + 1, h.ordinal, heading, st.span(h.start, h.heading_end),
                                      parent, h.kind))
    instruments: dict[str, InstrumentRecord] = {}
    for idx, inst in enumerate(st.instruments):
        label = re.sub(r"\s+", "", text[inst.start:inst.end]).strip("《》")
        prev = instruments.get(inst.key)
        alts = set(prev.alt_labels) if prev else set()
        alts.add(label)
        if inst.label != label:
            alts.add(inst.label)
        number = (prev.document_number if prev else None) or inst.document_number
        issuers = tuple(dict.fromkeys((prev.issuers if prev else ()) + tuple(st.issuers.get(idx, ()))))
        instruments[inst.key] = InstrumentRecord(inst.key, inst.key, tuple(sorted(alts - {inst.key})), number, issuers)
    warnings = list(st.warnings) + list(st.front.notes)
    if not st.headings:
        warnings.append("no numbered parts found; the text may be cut short or unstructured")
    kinds = {h.kind for h in st.headings if h.parent is None}
    if st.headings and len(kinds & {"Achievements", "Shortcomings", "LeadershipDuties", "NextYearPlans"}) < 4:
        warnings.append("not all four statutory parts found (" + ", ".join(sorted(k for k in kinds if k)) + ")")
    if st.front.year is None:
        warnings.append("report year not found")
    meta = tuple(sorted((k, str(v)) for k, v in metadata.items()))
    title = re.sub(r"\s+", "", text[st.front.title[0]:st.front.title[1]]) if st.front.title else None
    return ReportRecord(
        doc_id=st.doc_id, source=st.source, text=text, title=title, year=st.front.year, issued=st.front.issued,
        reporting_unit=st.reporting_unit, addressees=tuple(dict.fromkeys(st.addressees)),
        cites=tuple(dict.fromkeys(st.report_cites)), sections=tuple(sections),
        measures=tuple(st.measures), outcomes=tuple(st.outcome_records), shortcomings=tuple(st.shortcomings),
        units=tuple(st.resolver.records()), posts=tuple(st.posts.values()), instruments=tuple(instruments.values()),
        warnings=tuple(warnings), metadata=meta)
