"""Find quantified outcomes: a number with a measure word or %, and what it counts.

The indicator is taken from the words before the number back to the previous boundary
(审查合同120份 -> 审查合同) plus the noun right after the measure word (召开27次主任办公会 ->
召开主任办公会). Years, dates, ordinals (第18次), document and article numbers, plan periods,
slogans (四个条例, "三个100%"), addresses and targets (力争 ...) are never outcomes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from govkg.extract.components import ComponentSpec
from govkg.extract.lexicon import alternation, words
from govkg.extract.text.numerals import parse_number
from govkg.extract.text.sentences import protected_mask

_CN_DIGIT = "零〇一二两三四五六七八九"
_CN_ALL = _CN_DIGIT + "十百千万亿"
_EVENT_WORDS = set("次场期件项名人家份起例宗篇封户批位部轮堂")
# 争取 is an aim (争取实现…), except when funds were won (争取上级资金1.36亿元)
_TARGET = re.compile(r"力争|目标|确保|争取(?![^,;。]*(?:资金|经费|补助|补贴|专项债))|预计|计划|拟|不少于|不低于|不超过|以内|至少")
_RANK = re.compile(r"排名|排第|位列|位居|名列|排在")
_LEFT_TRIM_HEAD = re.compile(r"(?:年(?:度|底|以来|内)?|月(?:份|底)?|日|其中|共计|合计|总计|累计|共|全年|今年以来|年内|目前|已经|已|先后|分别|均|还|又|并|同时|此外|"
                             r"(?:20\d\d|19\d\d)年(?:度|底|以来|内|全年)?|\d{1,2}月(?:份|底)?|截至目前|截至)+")
_LEFT_TRIM_TAIL = re.compile(r"(?:共计|合计|总计|累计|共|达到|达|为|约|近|超过|超|逾|是|有|计|分别为|分别|均为|均|都|全部|高达|仅|和|及|与|以及)+$")
_BOUNDARY = set(",;。:!?、\n")


@dataclass(frozen=True)
class OutcomeMatch:
    """One outcome: the number's span, the indicator pieces and the parsed value."""

    start: int
    end: int
    value: Decimal
    unit: str
    approximate: bool
    indicator_spans: tuple[tuple[int, int], ...]


@lru_cache(maxsize=1)
def _number_re() -> re.Pattern:
    mw = alternation("measure_words")
    return re.compile(
        rf"(?:百分之(?P<cnpct>[{_CN_DIGIT}十百]+(?:点[{_CN_DIGIT}]+)?)"  # 百分之九十五, 百分之十一点一
        rf"|(?P<pre>超过|超|近|约|逾|达到)?"
        rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{_CN_ALL}]+)"
        rf"(?P<mult>万|亿)?(?P<approx>余|多)?(?P<mult2>万|亿)?"
        rf"(?:(?P<pct>%)|(?P<mw>{mw})))"
        rf"(?P<post>以上|左右|之多)?")


#: verbs that start the predicate after a counted noun (召开27次主任办公会, 研究部署…): the noun
#: ends there. Verbs that also build nouns (建设, 服务, 管理, 改革 …) are left out on purpose.
_PREDICATE = ("进行", "予以", "得到", "获得", "实现", "达到", "同比", "占", "参加", "参与", "听取", "纳入", "制定", "开展",
              "组织", "完成", "办理", "提供", "发布", "接受", "覆盖", "通过", "审议", "审查", "受益", "签订", "成立", "建立",
              "落实", "推动", "推进", "研究", "部署", "解决", "处理", "进入", "列入", "报送", "上报", "均", "全部", "已",
              "实施", "整改", "参训", "到场", "出席", "开通", "上线", "入驻", "印发", "出台", "作出", "的")
_TIME_WORDS = frozenset(("小时", "天", "日", "个工作日", "工作日", "分钟", "个月", "周"))
_PERSON_WORDS = ("人", "名", "人次", "位", "户", "万人", "万名", "万人次")


_LIMIT_OF = re.compile(r"(?:以上|以下|以内)的")
_YEAR_OR_RANGE_END = re.compile(r"(?:20\d\d|19\d\d)$|\d\s*(?:至|-|—|~)$")
_SLOGAN_OR_FREQUENCY_END = re.compile(r"个$|每(?:年|季度?|月|周|天|日|半年)?[^,;。]{0,6}$")
_ALL_HAN = re.compile(r"[\u4e00-\u9fff]*")
_REMARK_HEAD = re.compile(r"\([^)]{0,8}\)")


_ALL_OF = re.compile(r"均|都|全部|皆")


def _listed_before(match: str, comma: int, limit: int) -> list[tuple[int, int]]:
    """Return the indicators listed before the 、 at ``comma`` (back to ``limit``), nearest first.

    >>> t = "备案率、及时率、规范率均为100%"
    >>> [t[a:b] for a, b in _listed_before(t, 7, 0)]
    ['及时率', '备案率']
    """
    items = []
    end = comma
    while end > limit and match[end] == "、":
        raw_start = end
        while raw_start > limit and match[raw_start - 1] not in _BOUNDARY:
            raw_start -= 1
        head = _LEFT_TRIM_HEAD.match(match, raw_start, end)
        start = head.end() if head else raw_start
        if not 2 <= end - start <= 14 or any(ch.isdigit() for ch in match[start:end]):
            break
        items.append((start, end))
        end = raw_start - 1
    return items


def _right_noun(match: str, pos: int, limit: int, unit: str) -> int:
    """Return where the words after a measure word stop counting as what was counted.

    A count of people runs on to what they did (200余人听取审议…); other counts stop at the
    predicate verb (召开27次主任办公会, 研究部署…).
    """
    end = pos
    person = unit in _PERSON_WORDS
    while end < limit and end - pos < (16 if person else 14):
        ch = match[end]
        if ch in _BOUNDARY or ch.isdigit() or ch in "“”《》()":
            break
        if not person and end > pos and match.startswith(_PREDICATE, end):
            break
        end += 1
    return end


def _reads_as_count(match: str, m: re.Match, e: int, num: str, mw: str, in_words: str | None) -> bool:
    """Return False for a number that is an ordinal, a limit, a date, a name or a rule, not a count."""
    before = match[max(0, m.start() - 2):m.start()]
    prev_ch = match[m.start() - 1] if m.start() else ""
    if prev_ch == "第" or before.endswith(("连续", "第", "No", "NO")) or prev_ch.isascii() and prev_ch.isalnum() \
            or prev_ch in ".-/〔[×*":
        return False  # 第18次, No.3, 7×24小时
    if match.startswith(("的", "以上的", "以下的", "以内的", "以下"), e) \
            or _LIMIT_OF.match(match, e - 2, e + 1):
        return False  # a threshold or a limit: 货值金额50万元以上的案件, 处10万元以下罚款
    nxt = match[e:e + 1]
    if nxt.isdigit() and not (mw in _EVENT_WORDS and _number_re().match(match, e)) or nxt in ("届", "年", "号"):
        return False  # 1号2号, 2021年; but 培训4期160人次 is two counts
    round_number = m.group("pre") == "近" and num in ("百", "千", "万")  # 近百场, 近千条: about 100, 1000
    if num[0] in _CN_ALL and not in_words and not round_number:
        if num[0] == "一" and len(num) == 1 or len(num) == 1 and (mw not in _EVENT_WORDS or mw == "个"):
            return False  # 一项 / 四个条例 / 三到位: articles and slogans, not counts
        if len(num) == 1 and e < len(match) and match[e] not in _BOUNDARY:
            return False  # 三项制度 / 三位一体: a name; a count in words stands last (召开会议三次。)
        if len(num) == 1 and match[e:e + 1] in ("大", "中", "化", "新"):
            return False
    digits = num.replace(",", "")
    if digits.isdigit() and len(digits) >= 9:
        return False  # phone, ICP and registration numbers
    if mw in ("人", "名") and (match[e:e + 2] in ("民政", "大代") or match[e:e + 1] == "社"):
        return False  # 人民政府, 人大代表, the 12333人社 hotline
    if match.startswith("内", e) and mw in _TIME_WORDS:
        return False  # 24小时内, 3个工作日内: a time limit, a rule rather than a result
    return True


def find_outcomes(match: str, mask: bytearray, clause_bounds: list[tuple[int, int]],
                  skip: list[tuple[int, int]] = ()) -> list[OutcomeMatch]:
    """Return outcomes found in ``match`` (the matching copy of the report text).

    Args:
        match: the text to read.
        mask: 1 for characters inside quotes or brackets (numbers there are names).
        clause_bounds: clause spans, in order; an indicator never crosses its clause.
        skip: spans where no outcome is read (headings, front matter, next-year plans).
    """
    out: list[OutcomeMatch] = []
    skipped = bytearray(len(match) + 1)
    for a, b in skip:
        skipped[a:b] = b"\x01" * (max(b, a) - a)
    clause_i = 0
    prev_end, prev_left = -1, ()
    for m in _number_re().finditer(match):
        in_words = m.group("cnpct")
        s, e = (m.start(), m.end()) if in_words else (m.start("num"), m.end())
        if mask[s] or skipped[s]:
            continue
        num, mw = in_words or m.group("num"), m.group("mw") or "%"
        if not _reads_as_count(match, m, e, num, mw, in_words):
            continue
        try:
            value = parse_number(num)
        except ValueError:
            continue
        while clause_i < len(clause_bounds) and clause_bounds[clause_i][1] <= s:
            clause_i += 1
        c_start, c_end = clause_bounds[clause_i] if clause_i < len(clause_bounds) else (0, len(match))
        left_start = max(c_start, prev_end if prev_end > c_start else c_start)
        for k in range(m.start() - 1, left_start - 1, -1):
            if match[k] in _BOUNDARY and not mask[k]:
                left_start = k + 1
                break
        left_text = match[left_start:m.start()]
        if _TARGET.search(left_text) or _RANK.search(match, e, c_end):
            continue
        if _YEAR_OR_RANGE_END.search(left_text):
            continue  # 2021-2025年 and number ranges
        if _SLOGAN_OR_FREQUENCY_END.search(left_text):
            continue  # 三个100% is a slogan; 每月1次 a rule of frequency, not a result
        last_digit = -1 if _ALL_HAN.fullmatch(left_text) else max(
            (i for i, ch in enumerate(left_text) if ch.isdigit() or ch in " \t"), default=-1)
        if last_digit >= 0:  # a flattened table row: "行政诉讼 64 61 4 6.6%"
            left_start += last_digit + 1
            left_text = left_text[last_digit + 1:]
        # a bracketed remark left over from the count before: "示范市(县)和5个示范项目"
        head = _REMARK_HEAD.match(left_text)
        skip_head = head.end() if head else 0
        hm = _LEFT_TRIM_HEAD.match(left_text, skip_head)
        ls = left_start + (hm.end() if hm else skip_head)
        tm = _LEFT_TRIM_TAIL.search(match, ls, m.start())
        le = tm.start() if tm and tm.start() >= ls else m.start()
        spans: list[tuple[int, int]] = []
        if le > ls:
            spans.append((ls, le))
        elif prev_left and prev_end >= c_start and match[prev_end:m.start()].strip(" 、和及与") == "":
            spans.extend(prev_left)   # 8大类、91小类: the coordinated count shares its verb
        r_end = _right_noun(match, e, c_end, (m.group("mult") or m.group("mult2") or "") + mw)
        if r_end > e:
            spans.append((e, r_end))
        approx = bool(m.group("pre") and m.group("pre") != "达到" or m.group("approx") or m.group("post"))
        unit = (m.group("mult") or m.group("mult2") or "") + mw
        out.append(OutcomeMatch(s, e, value, unit, approx, tuple(spans)))
        if le > ls and match[left_start - 1:left_start] == "、" and _ALL_OF.search(match, le, m.start()):
            # 备案率、及时率、规范率均为100%: one result for each indicator listed
            limit = max(c_start, prev_end)
            out.extend(OutcomeMatch(s, e, value, unit, approx, (item,))
                       for item in _listed_before(match, left_start - 1, limit))
        prev_end = max(e, r_end)
        prev_left = tuple(sp for sp in spans if sp[1] <= s)
    return out


_CELL_SPLIT = re.compile(r"\t+| {2,}")
_CELL_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(%?)")
_HEADER_UNIT = re.compile(r"[(]([^()]{1,6})[)]$")


def _count_unit(column: str) -> str | None:
    """Return the unit of a column that counts without brackets (件数 -> 件, 立案数 -> ""), or None.

    >>> _count_unit("人数"), _count_unit("立案数"), _count_unit("类别")
    ('人', '', None)
    """
    if len(column) < 2 or not column.endswith("数"):
        return None
    return column[-2] if column[-2] in words("measure_words") else ""


def find_table_outcomes(match: str) -> list[OutcomeMatch]:
    """Return outcomes read from tables flattened to text (cells split by tabs or 2+ spaces).

    A header line of labels ("类别 收案(件) 办结(件) 纠错率") is followed by rows of a label
    and numbers ("行政复议 58 55 7.3%"): each number is an outcome whose indicator is the row
    label and the column name and whose unit comes from the header's brackets (or %).
    """
    out: list[OutcomeMatch] = []
    header: list[tuple[int, int]] | None = None
    for line in re.finditer(r"[^\n]+", match):
        cells = []
        pos = line.start()
        for part in _CELL_SPLIT.split(line.group()):
            start = match.index(part, pos) if part else pos
            cells.append((start, start + len(part)))
            pos = start + len(part)
        texts = [match[a:b] for a, b in cells]
        numeric = [bool(_CELL_NUMBER.fullmatch(t)) for t in texts]
        if len(cells) >= 3 and not any(numeric):
            header = cells
            continue
        if not header or len(cells) != len(header) or numeric[0] or not all(numeric[1:]):
            header = None if len(cells) < 3 else header
            continue
        for (a, b), (ha, hb), text in zip(cells[1:], header[1:], texts[1:]):
            number, pct = _CELL_NUMBER.fullmatch(text).groups()
            name = match[ha:hb]
            um = _HEADER_UNIT.search(name)
            unit = "%" if pct or name.endswith("率") else (um.group(1) if um else _count_unit(name))
            if unit is None or (um and um.group(1).lstrip("万亿") not in words("measure_words") and not pct):
                continue
            name_end = hb - len(um.group()) if um else hb
            out.append(OutcomeMatch(a, b, parse_number(number), unit, False, ((cells[0][0], cells[0][1]), (ha, name_end))))
    return out


# ---------------------------------------------------------------- the component
def outcome_free_zones(report, structure) -> list[tuple[int, int]]:
    """Return the spans where no outcome is read: front matter, topic headings, next-year plans,
    and everything from the signature on."""
    skip = [(0, structure.front.body_start)]
    skip += [(h.start, h.heading_end) for h in structure.headings if structure.is_title(h, report.match)]
    skip += [(h.start, h.end) for h in structure.parts("NextYearPlans")]
    if structure.front.signature_unit:
        skip.append((structure.front.signature_unit[0], len(report.match)))
    return skip


def outcomes_component(doc):
    """Find quantified outcomes in the body, in text order (``doc._.outcomes``)."""
    report, structure = doc._.report, doc._.structure
    # numbers in quotes and titles are names ("三个100%"); in brackets they are sub-counts
    quotes = protected_mask(report.match, openers="“《〔\"‘「")
    tables = find_table_outcomes(report.match)
    rows = [(report.match.rfind("\n", 0, o.start) + 1, o.end) for o in tables]
    found = find_outcomes(report.match, quotes, [(c.start, c.end) for c in report.clauses],
                          outcome_free_zones(report, structure) + rows)
    doc._.outcomes = sorted(found + tables, key=lambda o: o.start)
    return doc


COMPONENT = ComponentSpec("govkg_outcomes", outcomes_component, "outcomes", ("report", "structure"))
