"""Measures (one action clause each), shortcomings, posts, and who did what.

A clause is a measure when, past its run-in marker (一是, (1), 首先 ...) and time words, it
carries an action verb from ``data/measure_verbs.txt``. The label is the clause itself, cut
to 60 characters. Its actor is a unit or post opening the clause or its sentence, else the
reporting unit; other units named in the clause are involved.
"""

from __future__ import annotations

import re
from functools import lru_cache

from govkg.extract.lexicon import alternation, words

MARKERS = re.compile(r"(?:[一二三四五六七八九十]{1,2}是|首先|其次|再次|最后|同时|此外|另外|[((]?[一二三四五六七八九十\d]{1,2}[))、.]"
                     r"|[\u2460-\u2473]|\s)+")
TIME_WORDS = re.compile(r"(?:(?:20\d\d|19\d\d)年(?:度|以来|底|内|初|上半年|下半年|全年)?|截至[^,;。]{0,12}|今年以来|近年来|全年|"
                        r"目前|当前|年内|\d{1,2}月(?:份|底|初)?|以来)+")
FRAMING = re.compile(r"坚持以.{0,30}为(?:指导|引领|统领|指引)|^以.{1,16}为(?:抓手|引领|契机|重点|核心|主线|目标)$|现将|报告如下|情况如下|领导下$|指导下$|^均|^以(?:促进|推动|确保|提升|提高|实现)")
#: verbs that state a purpose or a result rather than an action: such a clause is a measure
#: only when it reports a counted outcome
SOFT_VERBS = ("提高", "提升", "营造", "形成", "实现", "确保", "做到", "促进", "维护", "助力", "护航", "增强",
              "夯实", "筑牢", "抓住", "努力", "力争", "争取")
ADVERBS = re.compile(r"(?:进一步|积极|主动|认真|切实|全面|深入|不断|持续|大力|扎实|严格|充分|着力|坚决|及时|有效|稳步|先后|多次|"
                     r"分别|亲自|带头|定期|常态化|高标准|高质量|全力|依法|统筹|协同|率先|首次|先行|逐步|加快|重点|专门|精心|广泛|"
                     r"已|还|也|均|都|共|又|再|正|已经|同时)+")
VERB_REACH = 16
#: consecutive action clauses of one sentence within this many characters make one measure
MERGE_MAX = 40
#: a clause this short that holds a count reports the result of the action before it
COUNT_CLAUSE_MAX = 12
LABEL_MAX = 60
#: a clause opening a run-in item (一是, (1), ①): a new action, never merged into the one before
RUN_IN = re.compile(r"\s*(?:[一二三四五六七八九十]{1,2}是|首先|其次|再次|[((][一二三四五六七八九十\d]{1,2}[))]|[\u2460-\u2473])")


@lru_cache(maxsize=1)
def _verb_re() -> re.Pattern:
    return re.compile(alternation("measure_verbs"))


@lru_cache(maxsize=1)
def _post_re() -> re.Pattern:
    return re.compile(alternation("posts"))


@lru_cache(maxsize=1)
def _produce_re() -> re.Pattern:
    return re.compile(f"(?:{alternation('produce_verbs')})")


@lru_cache(maxsize=1)
def _cite_re() -> re.Pattern:
    return re.compile(f"(?:{alternation('cite_verbs')})")


def core_start(match: str, start: int, end: int) -> int:
    """Return where a clause's content starts, past run-in markers and time words."""
    pos = start
    for _ in range(3):
        m = MARKERS.match(match, pos, end) or TIME_WORDS.match(match, pos, end)
        if not m or m.end() == pos:
            break
        pos = m.end()
    return pos


def skip_adverbs(match: str, pos: int, end: int) -> int:
    """Return the offset past adverbs (积极, 深入, 先后 ...) at ``pos``."""
    m = ADVERBS.match(match, pos, end)
    return m.end() if m else pos


def find_verb(match: str, start: int, end: int, token_starts: set[int], mask: bytearray | None = None) -> int:
    """Return the offset of the first action verb that starts a word in ``[start, end)``, or -1.

    A verb inside a title or quotation (``mask``) is part of a name, not an action.
    """
    for m in _verb_re().finditer(match, start, end):
        if (m.start() in token_starts or m.start() == start) and not (mask and mask[m.start()]):
            return m.start()
    return -1


def make_label(text: str, start: int, end: int) -> str:
    """Return a measure label: the clause without closing punctuation, at most 60 characters."""
    label = re.sub(r"\s+", "", text[start:end]).rstrip(",;:。!?、")
    if len(label) <= LABEL_MAX:
        return label
    cut = max(label.rfind(ch, 0, LABEL_MAX) for ch in "、,;")
    return label[:cut] if cut >= 20 else label[:LABEL_MAX]


def is_framing(match: str, start: int, end: int) -> bool:
    """Return True for a clause that states a guiding idea or frames the report, not an action."""
    return bool(FRAMING.search(match, start, end))


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


def first_post(match: str, start: int, end: int) -> re.Match | None:
    """Return the first post mention (党政主要负责人, 分管领导 ...) in ``[start, end)``, or None."""
    return _post_re().search(match, start, end)


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


def verbs() -> set[str]:
    """Return the action verb lexicon."""
    return set(words("measure_verbs"))
