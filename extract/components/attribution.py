"""Who did what: the doer of each clause, a unit or a post, else the reporting unit.

A clause's doer is the unit or post that opens it (past item markers and time words:
一是区司法局牵头…, 主要负责同志主持…); the doer opening a sentence acts in its other clauses
too, unless it was assigned one task there (由X负责…). Posts (党政主要负责人, 分管领导 …,
``data/posts.txt``) are posts of the unit named before them, else of the reporting unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from govkg.extract.components import ComponentSpec
from govkg.extract.components.units import MEETING
from govkg.extract.lexicon import alternation, pattern
from govkg.records import PostRecord

#: what may stand between a unit and its post (局|党组书记, 厅|主要负责人): a few characters of a
#: unit's name, never a verb or a count (发挥法律顾问, 顾问室由2名公职律师)
_TITLE_GAP = re.compile(r"[省市县区镇乡街道局厅委办部党组工政府副常务]{0,3}")
_PERSON_AFTER_POST = re.compile(r"[\u4e00-\u9fff]{2,3}(?=多次|先后|亲自|主持|带头|分别|深入|召开)")


@lru_cache(maxsize=1)
def _post_re() -> re.Pattern:
    return re.compile(alternation("posts"))


def first_post(match: str, start: int, end: int) -> re.Match | None:
    """Return the first post mention (党政主要负责人, 分管领导 ...) in ``[start, end)``, or None."""
    return _post_re().search(match, start, end)


@lru_cache(maxsize=1)
def _opening_res() -> tuple[re.Pattern, re.Pattern]:
    markers = f"(?:{pattern('item_markers').pattern}|{pattern('clause_openers').pattern})+"
    return re.compile(markers), re.compile(f"(?:{pattern('time_words').pattern})+")


def content_start(match: str, start: int, end: int) -> int:
    """Return where a clause's content starts, past item markers, connectives and time words.

    >>> content_start("一是2022年以来开展培训", 0, 13)
    7
    """
    markers, times = _opening_res()
    pos = start
    for _ in range(3):
        m = markers.match(match, pos, end) or times.match(match, pos, end)
        if not m or m.end() == pos:
            break
        pos = m.end()
    return pos


@dataclass
class Attribution:
    """What ``govkg_attribution`` finds (``doc._.attribution``): doers by clause, and the posts."""

    reporting_unit: str | None
    content_starts: list[int]
    clause_doer: dict[int, str] = field(default_factory=dict)
    #: the doer a clause without its own takes: the one opening its sentence
    carried_doer: dict[int, str] = field(default_factory=dict)
    posts: dict[str, PostRecord] = field(default_factory=dict)
    mention_starts: dict = field(default_factory=dict, repr=False)
    holders: dict = field(default_factory=dict, repr=False)

    #: the post acting in the 第一责任人 part, by clause index range (start, end, post key)
    leader_parts: list[tuple[int, int, str]] = field(default_factory=list)

    def doer(self, clause_index: int) -> str | None:
        """Return the doer of a clause: its own, the one opening its sentence, in the 第一责任人
        part the leader's post, else the reporting unit."""
        own = self.clause_doer.get(clause_index) or self.carried_doer.get(clause_index)
        if own:
            return own
        leader = next((key for a, b, key in self.leader_parts if a <= clause_index < b), None)
        return leader or self.reporting_unit

    def post(self, unit: str | None, label: str) -> str:
        """Return the key of the post ``label`` of ``unit``, added on first sight."""
        key = f"post:{unit}:{label}"
        if key not in self.posts:
            self.posts[key] = PostRecord(f"p{len(self.posts) + 1}", label, unit)
        return self.posts[key].key

    def actor_end(self, match: str, pos: int, end: int) -> int:
        """Return the offset past the units and posts that open ``[pos, end)`` (its actor)."""
        for _ in range(6):
            if pos in self.mention_starts:
                pos = self.mention_starts[pos][0].end
            elif match[pos:pos + 1] in ("、", "和", "与", "及"):
                pos += 1
            else:
                post = first_post(match, pos, min(end, pos + 8))
                if post and post.start() - pos <= 1:
                    pos = post.end()
                    # a person's name after the post (市长吴贤德多次主持…)
                    nm = _PERSON_AFTER_POST.match(match[pos:pos + 6])
                    pos += nm.end() if nm else 0
                else:
                    break
        return pos


def _title_end(match: str, pos: int, end: int, mention_starts: dict) -> int:
    """Return the end of a run of titles at ``pos`` (省委副书记、市委书记; 街道工委、办事处主要负责人),
    or ``pos`` when no post follows."""
    stop = pos
    while pos < end:
        while True:  # the units a post belongs to, joined by 、
            if pos in mention_starts:
                pos = mention_starts[pos][0].end
            elif match[pos:pos + 1] == "、" and pos + 1 in mention_starts:
                pos += 1
            else:
                break
        post = first_post(match, pos, min(end, pos + 12))
        if not post or not _TITLE_GAP.fullmatch(match, pos, post.start()):
            break
        stop = pos = post.end()
        if match[pos:pos + 1] != "、":
            break
        pos += 1
    return stop


def _held_by(mention, key: str, found: "Attribution") -> str:
    """Return who acts through a meeting named as the doer: the body holding it (县政府常务会议 ->
    县政府; 局长办公会议 -> the reporting unit); any other unit acts itself."""
    if not MEETING.search(mention.name):
        return key
    return found.holders.get(mention.start) or found.reporting_unit or key


def _opening_actor(found: Attribution, match: str, cs: int, end: int) -> str | None:
    """Return the unit or post that opens the content at ``cs`` (也 由X负责…), or None."""
    cs = cs + 1 if match[cs:cs + 1] == "各" else cs
    if match[cs:cs + 1] == "由" and cs + 1 in found.mention_starts:
        cs += 1    # 由综合执法队负责…: the unit after 由 acts
    if cs in found.mention_starts:
        mention, key = found.mention_starts[cs]
        # "区委、区政府主要负责同志…", "街道党工委书记…": the post after the units acts
        title_end = _title_end(match, cs, end, found.mention_starts)
        if title_end > cs:
            return found.post(key, match[cs:title_end])
        return _held_by(mention, key, found)
    # "厅主要负责人…", "主要领导…": a post of the reporting unit
    title_end = _title_end(match, cs, end, found.mention_starts)
    return found.post(found.reporting_unit, match[cs:title_end]) if title_end > cs else None


def attribution_component(doc):
    """Find the doer that opens each clause and each sentence."""
    report, units = doc._.report, doc._.units  # structure: the 第一责任人 part
    match = report.match
    found = Attribution(units.reporting_unit, [content_start(match, c.start, c.end) for c in report.clauses],
                        mention_starts={m.start: (m, k) for m, k in units.mentions}, holders=units.holders)
    opening = None   # the doer opening the current sentence
    for ci, c in enumerate(report.clauses):
        cs = found.content_starts[ci]
        actor = _opening_actor(found, match, cs, c.end)
        if ci == 0 or report.clauses[ci - 1].parent != c.parent:
            # 由X负责… assigns X one task: it does not make X the doer of the clauses after it
            opening = actor if actor and match[cs:cs + 1] != "由" else None
        if actor:
            found.clause_doer[ci] = actor
        elif opening:
            found.carried_doer[ci] = opening
    for part in doc._.structure.parts("LeadershipDuties"):
        _credit_leader(found, report, part)
    doc._.attribution = found
    return doc


def _credit_leader(found: Attribution, report, part) -> None:
    """Credit the 第一责任人 part's acts to the post it names first (街道工委、办事处主要负责人),
    else to the reporting unit's 党政主要负责人: its acts are the leader's (genre.md)."""
    first = next((i for i, c in enumerate(report.clauses) if c.start >= part.heading_end), len(report.clauses))
    last = next((i for i, c in enumerate(report.clauses) if c.start >= part.end), len(report.clauses))
    keys = {p.key for p in found.posts.values()}
    post = next((found.clause_doer[i] for i in range(first, last) if found.clause_doer.get(i) in keys), None)
    found.leader_parts.append((first, last, post or found.post(found.reporting_unit, "党政主要负责人")))


COMPONENT = ComponentSpec("govkg_attribution", attribution_component, "attribution", ("report", "structure", "units"))
