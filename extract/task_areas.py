"""Decide the task area (任务领域) of a measure: which 纲要 chapter its work belongs to.

The scheme is ``../shared/spec/task-areas.md``: TA02-TA10 are chapters 2-10 of the
法治政府建设实施纲要(2021-2025年), TA11 extends it for 普法 and 法治社会. Every measure gets
exactly one area. What the measure does decides; the heading it stands under is strong
evidence, and decides when the measure's own words say nothing. The cues and the weights
that combine them are data (``data/task_area_cues.tsv``); this module is pure Python (no
spaCy) and costs nothing to import.

>>> classify("召开法治政府建设领导小组会议", "", ["严格规范公正文明执法"]).code
'TA10'
>>> classify("开展专项检查", "", ["严格规范公正文明执法"]).code
'TA05'
>>> classify("办理行政复议案件36件", "", ["严格规范公正文明执法"]).code
'TA07'
>>> d = classify("开展专项检查", "", ["深化政务公开"])
>>> d.code, d.reason
('TA08', 'heading: 深化政务公开 (政务公开)')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import NamedTuple, Sequence

from govkg.extract.lexicon import literal_trie

AREAS = tuple(f"TA{n:02d}" for n in range(2, 12))
_SETTINGS = {"decisive_weight", "heading_weight", "heading_decay", "heading_min", "evidence_weight", "title_weight",
             "default_area"}
_TITLE = re.compile(r"《[^《》]{1,80}》")


class AreaDecision(NamedTuple):
    """The area of one measure and what decided it.

    ``reason`` names the deciding evidence: ``cue: 行政复议`` (a cue in the measure's words),
    ``heading: <heading> (<cue>)``, ``evidence: <cue>`` (a cue elsewhere in its sentence) or
    ``default`` (nothing found: the 推进机制 chapter).
    """

    code: str
    reason: str


@dataclass(frozen=True)
class Cues:
    """The cue table: ``weights[cue] = (area, weight)``, settings, and one pattern finding the
    cues (leftmost, then longest)."""

    weights: dict[str, tuple[str, float]]
    settings: dict[str, object]
    pattern: re.Pattern = field(default=re.compile(r"(?!)"), compare=False)
    heading_cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    evidence_cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)


def parse_cues(text: str, source: str = "task_area_cues.tsv") -> Cues:
    """Parse a cue table (``cue<TAB>area<TAB>weight`` and ``name<TAB>=<TAB>value`` lines).

    Raises:
        ValueError: a line is malformed, names an unknown area or setting, or a setting is
            missing (an unknown setting is an error, never ignored).

    >>> c = parse_cues("decisive_weight\\t=\\t3\\nheading_weight\\t=\\t2\\nheading_decay\\t=\\t.5\\nheading_min\\t=\\t2\\n"
    ...                "evidence_weight\\t=\\t.3\\ntitle_weight\\t=\\t.5\\ndefault_area\\t=\\tTA10\\n"
    ...                "# a comment\\n复议\\tTA07\\t3\\n")
    >>> c.weights["复议"], c.settings["heading_weight"]
    (('TA07', 3.0), 2.0)
    """
    weights: dict[str, tuple[str, float]] = {}
    settings: dict[str, object] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cols = [c.strip() for c in raw.split("\t")]
        if len(cols) != 3:
            raise ValueError(f"{source}:{n}: want 3 tab-separated columns, got {len(cols)}")
        key, area, value = cols
        if area == "=":
            if key not in _SETTINGS:
                raise ValueError(f"{source}:{n}: unknown setting {key!r}")
            if key == "default_area":
                if value not in AREAS:
                    raise ValueError(f"{source}:{n}: unknown area {value!r}")
                settings[key] = value
            else:
                settings[key] = float(value)
            continue
        if area not in AREAS:
            raise ValueError(f"{source}:{n}: unknown area {area!r}")
        if key.lower() in weights:
            raise ValueError(f"{source}:{n}: cue {key!r} is listed twice")
        weights[key.lower()] = (area, float(value))
    missing = _SETTINGS - settings.keys()
    if missing:
        raise ValueError(f"{source}: missing setting(s) " + ", ".join(sorted(missing)))
    return Cues(weights, settings, re.compile(literal_trie(weights)) if weights else re.compile(r"(?!)"))


def find_cues(text: str, cues: Cues) -> list[tuple[int, str]]:
    """Return ``(start, cue)`` for the cues in ``text``, leftmost and longest first, not overlapping
    (case-blind). The cues are one trie (:func:`literal_trie`): a position costs a comparison
    per distinct next character, where an alternation of some 400 cues tries each of them.

    >>> c = parse_cues("decisive_weight\\t=\\t3\\nheading_weight\\t=\\t2\\nheading_decay\\t=\\t.5\\nheading_min\\t=\\t2\\n"
    ...                "evidence_weight\\t=\\t.3\\ntitle_weight\\t=\\t.5\\ndefault_area\\t=\\tTA10\\n"
    ...                "复议\\tTA07\\t3\\n行政复议\\tTA07\\t3\\n")
    >>> find_cues("受理行政复议案件,复议", c)
    [(2, '行政复议'), (9, '复议')]
    """
    return [(m.start(), m.group()) for m in cues.pattern.finditer(text.lower())]


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """Return the packaged cue table (read once)."""
    text = (resources.files("govkg.extract") / "data" / "task_area_cues.tsv").read_text(encoding="utf-8")
    return parse_cues(text)


def _scores(text: str, cues: Cues, title_weight: float, out: dict[str, float],
            best: dict[str, tuple[float, str]], first: dict[str, int]) -> None:
    """Add the cues found in ``text`` (leftmost-longest) to ``out``; keep each area's best cue
    and where the area is first named."""
    titles = [m.span() for m in _TITLE.finditer(text)] if "《" in text else ()
    seen = set()
    weights = cues.weights
    for m in cues.pattern.finditer(text.lower()):   # find_cues, inlined: a call per measure
        cue = m.group()
        if cue in seen:   # a word said twice is one piece of evidence
            continue
        seen.add(cue)
        area, w = weights[cue]
        start = m.start()
        if titles and any(a < start < b for a, b in titles):
            w *= title_weight
        out[area] = out.get(area, 0.0) + w
        if area not in first:
            first[area] = start
        had = best.get(area)
        if w > (had[0] if had else 0.0):
            best[area] = (w, cue)


def _top(scores: dict[str, float], first: dict[str, int]) -> str:
    """Return the best-scoring area; a tie goes to the area named first."""
    if len(scores) == 1:
        return next(iter(scores))
    return max(scores, key=lambda a: (scores[a], -first.get(a, 1 << 30), -AREAS.index(a)))


def heading_area(heading: str, cues: Cues | None = None) -> tuple[str, str] | None:
    """Return ``(area, cue)`` when a heading names an area, else None.

    >>> heading_area("持续深化“放管服”改革,优化法治化营商环境")
    ('TA02', '放管服')
    >>> heading_area("其他工作") is None
    True
    """
    found = _heading_scores(heading, cues or load_cues())
    return found[0][:2] if found else None


def _heading_scores(heading: str, cues: Cues) -> list[tuple[str, str, float]]:
    """Return ``(area, best cue, best cue's weight)`` for each area the heading names, best first.

    Remembered per heading: every measure of a section asks about the same headings."""
    found = cues.heading_cache.get(heading)
    if found is None:
        found = cues.heading_cache[heading] = _score_heading(heading, cues)
        if len(cues.heading_cache) > 4096:
            cues.heading_cache.clear()
    return found


def _score_heading(heading: str, cues: Cues) -> list[tuple[str, str, float]]:
    scores: dict[str, float] = {}
    best: dict[str, tuple[float, str]] = {}
    first: dict[str, int] = {}
    _scores(heading, cues, float(cues.settings["title_weight"]), scores, best, first)
    named = [a for a in scores if scores[a] >= float(cues.settings["heading_min"])]
    named.sort(key=lambda a: (-scores[a], first[a]))
    return [(a, best[a][1], best[a][0]) for a in named]


def classify(label: str, evidence: str = "", headings: Sequence[str] = (),
             cues: Cues | None = None) -> AreaDecision:
    """Return the task area of a measure.

    Args:
        label: the measure's own words (its verb-object clause).
        evidence: the sentence it stands in (cues there count ``evidence_weight``).
        headings: the headings it stands under, innermost first (the report's part
            headings included; headings that name no area are passed over).
        cues: a cue table (default: the packaged one).

    Returns:
        The area code (TA02-TA11) and the reason: the cue or heading that decided it.

    >>> classify("受理依申请公开9件").code
    'TA08'
    >>> classify("扎实推进各项工作").reason
    'default'
    """
    cues = cues or load_cues()
    s = cues.settings
    title_weight = float(s["title_weight"])
    scores: dict[str, float] = {}
    best: dict[str, tuple[float, str]] = {}
    first: dict[str, int] = {}
    _scores(label, cues, title_weight, scores, best, first)
    own = dict(best)
    if scores:
        # a measure that plainly belongs elsewhere goes elsewhere: a decisive cue of the
        # measure's own words, for the area its words favour, outweighs headings and context
        area = _top(scores, first)
        if own[area][0] >= float(s["decisive_weight"]):
            return AreaDecision(area, f"cue: {own[area][1]}")
    if evidence and evidence != label:
        # the sentence speaks for the areas the measure's own words do not name (the sentence's
        # best cues are remembered: every measure of a sentence asks about the same sentence)
        ev_best = cues.evidence_cache.get(evidence)
        if ev_best is None:
            ev_best = {}
            _scores(evidence, cues, title_weight, {}, ev_best, {})
            if len(cues.evidence_cache) > 4096:
                cues.evidence_cache.clear()
            cues.evidence_cache[evidence] = ev_best
        for area, (w, cue) in ev_best.items():
            if area not in own:
                scores[area] = scores.get(area, 0.0) + w * float(s["evidence_weight"])
                best[area] = (w, cue)
    from_heading: dict[str, tuple[float, str]] = {}
    w = float(s["heading_weight"])
    for heading in headings:
        found = _heading_scores(heading, cues)
        for area, cue, strength in found:
            # a heading naming two areas ("规范权力运行,提高政务服务水平") lends weight to both;
            # the measure's own words choose between them
            add = w * min(strength, 3.0) / 3.0
            scores[area] = scores.get(area, 0.0) + add
            if area not in from_heading:
                from_heading[area] = (add, f"heading: {heading} ({cue})")
        if found:
            w *= float(s["heading_decay"])
    if not scores:
        return AreaDecision(str(s["default_area"]), "default")
    area = _top(scores, first)
    # the reason: whichever piece of evidence gave the winning area the most
    candidates = []
    if area in own:
        candidates.append((own[area][0], f"cue: {own[area][1]}"))
    if area in from_heading:
        candidates.append(from_heading[area])
    if area in best and area not in own:
        candidates.append((best[area][0] * float(s["evidence_weight"]), f"evidence: {best[area][1]}"))
    return AreaDecision(area, max(candidates)[1])
