"""Is this clause an action? One decision per clause of the body, with its reason.

A clause is an action when, past its opening (item markers, time words, the units or posts
doing it, adverbs), an action verb (``data/measure_verbs.txt``) starts its content, and no
cue of ``data/not_action_cues.tsv`` marks it as guidance, purpose, goal, result, slogan,
the report's own machinery or another body's act toward the unit. Verbs that state a purpose
or result (``data/soft_verbs.txt``: 提高, 实现, 确保 …) make an action only when the clause
reports a count. Titles, addressees, topic headings and the shortcomings part hold no actions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from govkg.extract.components import ComponentSpec
from govkg.extract.components.attribution import content_start
from govkg.extract.lexicon import FirstCharAlternation, Settings, alternation, kinded_patterns, literal_trie, words
from govkg.extract.text.sentences import strip_span

SETTINGS = Settings("measures")
#: the kinds of clause ``data/not_action_cues.tsv`` marks (the reasons a clause is no action)
CUE_KINDS = frozenset({"guidance", "purpose", "result", "slogan", "report", "external"})


class ClauseDecision(NamedTuple):
    """The decision on one clause: ``[start, end)`` is its content; ``reason`` says why (a tuple:
    a report makes some 300 of them)."""

    clause: int
    start: int
    end: int
    is_action: bool
    reason: str
    counted: bool = False


@lru_cache(maxsize=1)
def _verb_re() -> re.Pattern:
    return re.compile(alternation("measure_verbs"))


@lru_cache(maxsize=1)
def _adverbs_re() -> re.Pattern:
    return re.compile(f"(?:{alternation('adverbs')})+")


def skip_adverbs(match: str, pos: int, end: int) -> int:
    """Return the offset past adverbs (积极, 深入, 先后 ...) at ``pos``."""
    m = _adverbs_re().match(match, pos, end)
    return m.end() if m else pos


def find_verb(match: str, start: int, end: int, token_starts: set[int], mask: bytearray | None = None) -> int:
    """Return the offset of the first action verb that starts a word in ``[start, end)``, or -1.

    A verb inside a title or quotation (``mask``) is part of a name, not an action.
    """
    for m in _verb_re().finditer(match, start, end):
        if (m.start() in token_starts or m.start() == start) and not (mask and mask[m.start()]):
            return m.start()
    return -1


def not_action_kind(content: str, after_doer: str | None = None) -> str | None:
    """Return the kind of non-action a clause is (guidance, purpose, result ...), or None.

    Args:
        content: the clause's content (past item markers and time words).
        after_doer: the same past the doer that opens it, when one does.

    >>> not_action_kind("坚持以习近平新时代中国特色社会主义思想为指导")
    'guidance'
    >>> not_action_kind("区委主要负责同志认真贯彻落实党中央决策部署", "认真贯彻落实党中央决策部署")
    'guidance'
    >>> not_action_kind("召开主任办公会27次") is None
    True
    """
    anchored, anywhere, kinds, gate = _not_action_res()
    if gate is not None and not gate.search(content):
        return None  # the clause holds none of the words some cue needs (most clauses)
    # a cue that may stand anywhere is found in the content; one anchored at the start is tried
    # where the content starts, past a short subject the units did not take as a doer (宝城镇坚持…),
    # and where its doer ends
    m = anywhere.search(content)
    if m:
        return kinds[m.lastgroup]
    m = anchored.match(content)
    if not m:
        for end in _subject_ends(content):
            m = anchored.match(content, end)
            if m:
                break
    if not m and after_doer and after_doer != content:
        m = anchored.match(after_doer)
    return kinds[m.lastgroup] if m else None


_SUBJECT_END = re.compile(r"省|市|县|区|旗|镇|乡|街道|局|厅|委|办")


def _subject_ends(content: str) -> list[int]:
    """Return where a short subject opening ``content`` may end (青禾县|, 青禾县司法局|)."""
    ends = []
    for m in _SUBJECT_END.finditer(content, 1, 10):
        if not _CJK_RUN.fullmatch(content, 0, m.start()):
            break
        ends.append(m.end())
    return ends


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _branches(pattern: str) -> list[str]:
    """Split a regular expression at its top-level ``|``."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = pattern.index("]", i + 2 if pattern[i + 1:i + 2] in ("^", "]") else i + 1)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


@lru_cache(maxsize=1)
def _not_action_res() -> tuple[FirstCharAlternation, FirstCharAlternation, dict[str, str], re.Pattern | None]:
    """Return the cues anchored at the start (tried with ``match``), the others (searched), the
    kind of each named group, and a pattern of the words the cues need (None: some cue needs none)."""
    anchored, anywhere, kinds = [], [], {}
    for i, (kind, pat) in enumerate(kinded_patterns("not_action_cues")):
        for j, branch in enumerate(_branches(pat.pattern)):
            name = f"c{i}_{j}"
            kinds[name] = kind
            if branch.startswith("^"):
                anchored.append(f"(?P<{name}>{branch[1:]})")
            else:
                anywhere.append(f"(?P<{name}>{branch})")
    anchored, anywhere = FirstCharAlternation(anchored), FirstCharAlternation(anywhere)
    # words one of which every cue needs: a clause without any of them is no cue's
    gate = re.compile(literal_trie(anchored.anchors | anywhere.anchors)) if anchored.anchors and anywhere.anchors \
        else None
    return anchored, anywhere, kinds, gate


@dataclass
class Actions:
    """What ``govkg_actions`` decides (``doc._.actions``): one decision per clause of the body."""

    decisions: list[ClauseDecision] = field(default_factory=list)

    @property
    def accepted(self) -> list[ClauseDecision]:
        """The clauses decided to be actions, in text order."""
        return [d for d in self.decisions if d.is_action]


def _zones(report, structure) -> bytearray:
    """Mark 1 on topic headings, 2 on the shortcomings part, 4 on the title and addressee line,
    8 on the opening paragraphs before the first part (they sum the year up: the guiding idea,
    the goals, 现将…报告如下; only its counted acts are facts of their own)."""
    zone = bytearray(len(report.match) + 1)
    tops = [h for h in structure.headings if h.parent is None]
    if tops and tops[0].start > structure.front.body_start:
        a, b = structure.front.body_start, tops[0].start
        zone[a:b] = b"\x08" * (b - a)
    for h in structure.headings:
        if structure.is_title(h, report.match):
            zone[h.start:h.heading_end] = b"\x01" * (h.heading_end - h.start)
    for h in structure.parts("Shortcomings"):
        zone[h.start:h.end] = bytes(x | 2 for x in zone[h.start:h.end])
    for z in (structure.front.title, structure.front.addressee_line):
        if z:
            a, b = max(z[0], 0), min(z[1] + 1, len(zone))
            zone[a:b] = bytes(x | 4 for x in zone[a:b])
    return zone


def _body_start(report, structure, zone: bytearray, ci: int) -> int | None:
    """Return where clause ``ci`` may hold an action, or None when it is a title, a topic
    heading or in the shortcomings part (headings in the plans part are items, and a clause that
    runs on past its heading, 四、工作安排一是持续深化…, keeps its own part)."""
    c = report.clauses[ci]
    if zone[c.start] & 6:
        return None
    if not zone[c.start] & 1:
        return c.start
    h = structure.section_at(c.start)
    if h is not None and c.end - h.heading_end >= 4 and h.start <= c.start < h.heading_end:
        return None if zone[h.heading_end] & 1 else h.heading_end  # …成效(一)推进依法决策: another heading
    if structure.top_kind(c.start) != "NextYearPlans" or h is None or h.parent is None:
        return None
    return c.start


def decide(report, structure, attribution, ci: int, start: int, counted: bool) -> ClauseDecision:
    """Decide whether clause ``ci``, from ``start``, is an action."""
    match, c = report.match, report.clauses[ci]
    cs = attribution.content_starts[ci] if start == c.start else content_start(match, start, c.end)
    s, e = strip_span(match, cs, c.end)
    if e - s < SETTINGS.min_action:
        return ClauseDecision(ci, s, e, False, "too short", counted)
    after_actor = attribution.actor_end(match, s, e)
    kind = not_action_kind(match[s:e], match[after_actor:e] if after_actor > s else None)
    if kind:
        return ClauseDecision(ci, s, e, False, kind, counted)
    lead = skip_adverbs(match, after_actor, e)
    reach = SETTINGS.prep_verb_reach if match.startswith(words("clause_prepositions"), lead) else SETTINGS.verb_reach
    verb = find_verb(match, lead, min(e, lead + reach), report.token_starts, report.mask)
    if verb < 0:
        return ClauseDecision(ci, s, e, False, "no action verb", counted)
    if match.startswith(words("soft_verbs"), lead) and not counted:
        return ClauseDecision(ci, s, e, False, "purpose or result verb", counted)
    return ClauseDecision(ci, s, e, True, "action verb " + match[verb:verb + 2], counted)


def actions_component(doc):
    """Decide, for every clause of the body, whether it is an action."""
    report, structure, attribution = doc._.report, doc._.structure, doc._.attribution
    zone = _zones(report, structure)
    counted = {report.clause_at(o.start) for o in doc._.outcomes}
    found = Actions()
    for ci in range(len(report.clauses)):
        start = _body_start(report, structure, zone, ci)
        if start is None:
            continue
        if zone[report.clauses[ci].start] & 8 and ci not in counted:
            c = report.clauses[ci]
            found.decisions.append(ClauseDecision(ci, c.start, c.end, False, "opening summary without a count"))
            continue
        found.decisions.append(decide(report, structure, attribution, ci, start, ci in counted))
    doc._.actions = found
    return doc


COMPONENT = ComponentSpec("govkg_actions", actions_component, "actions",
                          ("report", "structure", "outcomes", "attribution"))
