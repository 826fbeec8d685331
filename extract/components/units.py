"""Find government units in report text and resolve them to identities.

Mentions are found by their endings (局, 委, 领导小组, 办事处 ... in ``data/unit_endings.txt``)
and extended to the left over whole words until a verb, function word or punctuation.
Resolution follows the vocabulary's identity rules: pronouns (我局, 本单位) and short forms
(广内街道) are the reporting unit; relative names (区委, 市政府) are qualified with the report's
jurisdiction when it is known and stay local to the report when it is not; bodies without a
place (法律顾问团, 综合执法队) belong to the reporting unit.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from govkg.extract.components import ComponentSpec
from govkg.extract.lexicon import alternation, edge_chars, patterns, words
from govkg.records import UnitRecord

LEVELS = {"省": "province", "自治区": "province", "市": "city", "州": "city", "盟": "city",
          "区": "county", "县": "county", "旗": "county", "街道": "township", "镇": "township", "乡": "township"}
#: a place word; 州 followed by 省, 市 or 区 is part of the name (贵州省, 福州市, 通州区), but not in
#: 恩施州市场监督管理局
_PLACE = re.compile(r"(.{1,8}?(?:自治区|省|自治州|州(?:省|市(?!场)|区(?!域))|市|州|盟|区|县|旗|街道|镇|乡))")
_RELATIVE = re.compile(r"^(自治区|省|市|区|县|旗|镇|乡|街道)(?=委|政府|人民政府|党委|党工委|工委|府办|政府办|纪委|纪工委|委[^员]"
                       r"|[^\s场域级直属内外委员]{1,12}(?:局|厅|委|办|部|所|中心|会|组|队|院|站|室|专班)$)")
_CJK = re.compile(r"^[\u3400-\u9fff]+$")
_PRONOUN = re.compile(r"^(?:我|本)(局|厅|委|办|部|署|镇|乡|街道|区|县|市|省|单位|中心|所|院|处|府)?")
_GOV_FORMS = ("人民政府", "政府")
# common nouns that end like places: 进社区 is not a district
_PLACE_NOUNS = ("社区", "小区", "园区", "景区", "片区", "街区", "城区", "郊区", "山区", "辖区", "地区", "城镇", "乡镇", "城市",
                "都市", "开发区", "示范区", "先行区", "试验区", "保护区", "功能区", "自贸区", "高新区")
_ADVERB_LEAD = re.compile(r"全面|认真|深入|切实|积极|持续|不断|大力|扎实|严格|充分|着力|坚决|及时|有效|主动|进一步")
_PLACE_ACTS = ("获评", "获", "在", "坚持", "开展", "被", "作为", "成为", "召开", "出台", "率先", "主要负责", "入选",
               "荣获", "始终", "深入", "全面", "认真", "积极", "持续", "着力", "聚焦", "以")
_PARTY_FORMS = ("委",)


@lru_cache(maxsize=1)
def _endings_by_last_char() -> tuple[dict[str, re.Pattern], re.Pattern | None]:
    """Split the unit endings by the character they end with: one short alternation each.

    The leftmost match of an alternation is the leftmost match of any of its branches, so
    searching only the branches that can end with the text's last character finds the same
    start as searching all of them, without trying every ending at every position.
    """
    any_end, by_char = [], {}
    for p in patterns("unit_endings"):
        chars = edge_chars(p.pattern, last=True)
        if chars is None:
            any_end.append(p)
        else:
            for ch in chars:
                by_char.setdefault(ch, []).append(p)

    def compiled(ps) -> re.Pattern:
        return re.compile("(?:" + "|".join(f"(?:{p.pattern})" for p in ps) + ")$")

    table = {ch: compiled([p for p in patterns("unit_endings") if p in ps or p in any_end])
             for ch, ps in by_char.items()}
    return table, compiled(any_end) if any_end else None


def ending_start(text: str, start: int = 0, end: int | None = None) -> int:
    """Return where the longest unit ending that ends at ``end`` starts (not before ``start``), or -1.

    >>> ending_start("区委办公室")
    2
    >>> ending_start("全面推进")
    -1
    """
    end = len(text) if end is None else end
    if end <= start:
        return -1
    table, other = _endings_by_last_char()
    pattern = table.get(text[end - 1], other)
    if pattern is None:
        return -1
    m = pattern.search(text, start, end)
    return m.start() if m else -1


_first = itemgetter(0)
#: one-character words that never begin a unit name (在区委, 向市政府, 对县委 ...)
_FUNCTION_CHARS = frozenset("在和与对向将把被由经从为及给于跟同让使请以按据")
_PLACE_ENDS = "省市区县州盟旗镇乡道"  # the last character of every place word
_PLACE_LAST = re.compile(f"[{_PLACE_ENDS}]")


@dataclass(frozen=True)
class Mention:
    """A unit name found at ``[start, end)`` of the text (``name`` from the matching copy)."""

    start: int
    end: int
    name: str


def is_place_word(token: str) -> bool:
    """Return True for a word that names a jurisdiction (济南市, 西城区, 新县)."""
    if not token or token[-1] not in _PLACE_ENDS or not _CJK.match(token) or token in words("place_words_not") or token.endswith(_PLACE_NOUNS):
        return False
    for suffix in ("自治区", "街道", "省", "市", "州", "盟", "区", "县", "旗", "镇", "乡"):
        if token.endswith(suffix) and len(token) > len(suffix):
            return not token[0] in "各全本我该其此每"
    return False


def split_places(name: str) -> tuple[list[str], str]:
    """Split the leading place names off a unit name (a new list each call; see _split_places).

    >>> split_places("北京市西城区人民政府")
    (['北京市', '西城区'], '人民政府')
    >>> split_places("上海市生态环境局")
    (['上海市'], '生态环境局')
    """
    places, rest = _split_places(name)
    return list(places), rest


@lru_cache(maxsize=4096)
def _split_places(name: str) -> tuple[tuple[str, ...], str]:
    name = name[2:] if name.startswith("中共") else name
    places, rest = [], name
    while True:
        m = _PLACE.match(rest)
        if not m or m.end() == len(rest) and places:
            break
        word = m.group(1)
        if word in words("place_words_not") or word[0] in "各全本我该其此每" or len(word) < 2 \
                or re.search(r"[委局厅办府党组会部院所队站治]", word):
            break  # 市委全面依法治市…: an organ's name, not a place
        places.append(word)
        rest = rest[m.end():]
        # 北京市西城区人民政府广安门内街道办事处: a street office named under its district government
        if rest.startswith("人民政府") and _PLACE.match(rest[4:]) and re.match(r".{1,8}?(?:街道|镇|乡)", rest[4:]):
            rest = rest[4:]
        if not rest:
            break
    return tuple(places), rest


def find_mentions(match: str, token_starts: set[int], token_ends: set[int],
                  tokens: list[tuple[int, int]], mask: bytearray) -> list[Mention]:
    """Return unit mentions in document order, longest first where they overlap."""
    stops = set(words("stop_tokens"))
    not_units = patterns("not_units")
    found: list[Mention] = []
    national = re.compile(alternation("national_units"))
    table, other = _endings_by_last_char()
    ends = []
    last = re.compile("[" + "".join(map(re.escape, sorted(table))) + "]") if other is None else re.compile(r"\S")
    for hit in last.finditer(match):
        te = hit.end()
        if te in token_ends:
            at = ending_start(match, max(0, te - 18), te)
            if at >= 0:
                ends.append((at, te))
    ends.extend((m.start(), m.end()) for m in national.finditer(match))
    for m_start, end in ends:
        if end not in token_ends and end < len(match) and "\u3400" <= match[end] <= "\u9fff":
            continue
        ti = bisect_right(tokens, m_start, key=_first) - 1
        if ti < 0 or tokens[ti][1] <= m_start:
            continue
        start = tokens[ti][0]
        # extend to the left over whole words
        j = ti - 1
        added = 0
        if start < m_start and (match[start:m_start] in stops or match[start] in _FUNCTION_CHARS):
            start, j = m_start, -1  # jieba glued a function word to the name: 在区|委, 对市|政府
        while j >= 0 and added < 7:
            s, e = tokens[j]
            tok = match[s:e]
            if e != start or not _CJK.match(tok) or mask[s] != mask[start]:
                break
            if tok in ("我", "本"):
                start = s
                break
            if tok == "和" and j > 0:
                prev = match[tokens[j - 1][0]:tokens[j - 1][1]]
                own = ending_start(match[start:end])
                if (start - s) <= 8 and own >= 2 and ending_start(prev) < 0 \
                        and _CJK.match(prev) and prev not in stops:
                    start = tokens[j - 1][0]
                    j -= 2
                    added += 2
                    continue
                break
            if tok in stops or len(tok) >= 3 and _ADVERB_LEAD.match(tok):
                break  # 全面落实 / 深入推进: an adverb and a verb jieba kept as one word
            right = match[start:end]
            if ending_start(tok) >= 0 and (_RELATIVE.match(right) or is_place_word(right[:3])
                                                 or right.startswith(("中共", "国务院", "党中央"))):
                break  # 市委市政府: two units side by side
            start = s
            j -= 1
            added += 1
        name = match[start:end]
        if len(name) < 2 or any(p.search(name) for p in not_units):
            continue
        if name.endswith("政府") and match.startswith(("信息", "网站", "职能", "购买"), end):
            continue  # 政府信息公开: a kind of information, not the government acting
        found.append(Mention(start, end, name))
    # bare place names used as actors (济南市坚持…, 驻马店市获评…)
    for hit in _PLACE_LAST.finditer(match):
        e = hit.end()
        ti = bisect_right(tokens, hit.start(), key=_first) - 1
        if ti < 0 or tokens[ti][1] != e:
            continue
        s = tokens[ti][0]
        tok = match[s:e]
        if is_place_word(tok) and len(tok) >= 3 and not mask[s]:
            # a place acting or listed (驻马店市获评…, 延安市、宝鸡市…), not one used as a modifier
            if match[e:e + 1] in "、,;和等" or match.startswith(_PLACE_ACTS, e) or match[s - 1:s] == "、":
                found.append(Mention(s, e, tok))
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    out: list[Mention] = []
    for mention in found:
        if out and mention.start < out[-1].end:
            continue
        out.append(mention)
    return out


def abbreviates(short: str, full: str) -> bool:
    """Return True when ``short`` is an abbreviation of ``full`` (广内街道 of 广安门内街道).

    >>> abbreviates("广内街道", "广安门内街道")
    True
    >>> abbreviates("市场监管局", "市场监督管理局")
    True
    >>> abbreviates("司法局", "公安局")
    False
    """
    if len(short) >= len(full) or short[0] != full[0] or short[-1] != full[-1]:
        return short == full
    it = iter(full)
    return all(ch in it for ch in short)


@dataclass
class _Unit:
    key: str
    label: str
    scope: str
    parent: str | None = None
    alts: set[str] = field(default_factory=set)


class UnitResolver:
    """Resolve mentions of one report to unit identities; collect the units it saw."""

    def __init__(self) -> None:
        self.units: dict[str, _Unit] = {}
        self.places: dict[str, str] = {}   # level -> place chain ("北京市西城区")
        self.reporting: str | None = None
        self._own: list[str] = []          # names of the reporting unit seen
        self._own_type = ""                # 局, 厅, 街道 ...

    # -- registry
    def _add(self, key: str, label: str, scope: str, alt: str | None = None, parent: str | None = None) -> str:
        unit = self.units.get(key)
        if unit is None:
            unit = self.units[key] = _Unit(key, label, scope, parent)
        elif scope == "local" and len(label) > len(unit.label):
            unit.alts.add(unit.label)
            unit.label = label
        if alt and alt != unit.label:
            unit.alts.add(alt)
        return key

    def records(self) -> list[UnitRecord]:
        """Return the units seen, as records."""
        return [UnitRecord(u.key, u.label, tuple(sorted(u.alts - {u.label})), u.scope, u.parent)
                for u in self.units.values()]

    # -- jurisdiction
    def learn_places(self, name: str) -> None:
        """Remember the jurisdiction a qualified name reveals (北京市西城区 -> 市, 区)."""
        places, _rest = split_places(name)
        chain = ""
        for place in places:
            chain += place
            for suffix, level in LEVELS.items():
                if place.endswith(suffix):
                    self.places.setdefault(suffix, chain)
                    self.places.setdefault(level, chain)
                    break

    def _qualify(self, level_word: str, rest: str) -> str | None:
        chain = self.places.get(level_word) or self.places.get(LEVELS.get(level_word, ""))
        if not chain:
            return None
        return self._canonical(chain, rest, level_word)

    @property
    def own_type(self) -> str:
        """The kind of the reporting unit (局, 厅, 街道, 镇 …), or ""."""
        return self._own_type

    @staticmethod
    def _canonical(chain: str, rest: str, level_word: str = "") -> str:
        if rest in ("委", "党委", "委员会") and not chain.endswith("街道"):
            return f"中共{chain}委员会"  # 区委, 镇党委, 中共渠县委员会: one name for the party committee
        if rest in _GOV_FORMS:
            return f"{chain}办事处" if chain.endswith("街道") else f"{chain}人民政府"
        if rest.startswith("委") and not rest.startswith("委员会"):
            return f"中共{chain}委员会{rest[1:]}" if rest[1:] in ("组织部", "宣传部", "统战部", "政法委员会") \
                else f"{chain}委{rest[1:]}"
        return chain + rest

    # -- the reporting unit
    def set_reporting(self, name: str) -> str:
        """Register the reporting unit by the best name the report gives; return its key."""
        name = re.sub(r"\s+", "", name)
        if name.startswith("全省各级政府") or name.startswith("全省各级"):
            name = "省政府"
        self.learn_places(name)
        places, rest = split_places(name)
        m = _RELATIVE.match(name)
        if places and not rest:
            key = self._canonical("".join(places), "政府")
            self.reporting = self._add(key, key, "global", alt=name)
        elif places:
            label = name if not name.startswith("中共") else name
            self.reporting = self._add(name, label, "global")
        elif self._is_national(name):
            self.reporting = self._add(name, name, "global")
        elif m and self._qualify(m.group(1), name[m.end():]):
            key = self._qualify(m.group(1), name[m.end():])
            self.reporting = self._add(key, key, "global", alt=name)
        else:
            self.reporting = self._add(name, name, "local")
        self._own.append(name)
        _p, own_rest = split_places(self.units[self.reporting].label)
        for suffix in ("街道办事处", "办事处", "人民政府", "政府", "总署", "总局", "委员会", "局", "厅", "部", "委", "署", "办"):
            if own_rest.endswith(suffix) or name.endswith(suffix):
                self._own_type = {"街道办事处": "街道", "办事处": "街道", "人民政府": "", "政府": "",
                                  "委员会": "委"}.get(suffix, suffix)
                break
        if not self._own_type and places:
            last = places[-1]
            self._own_type = next((s for s in ("街道", "镇", "乡") if last.endswith(s)), "")
        return self.reporting

    @staticmethod
    def _is_national(name: str) -> bool:
        return (name in words("national_units") or name.startswith(("中央", "国家", "国务院", "中共中央", "党中央", "全国"))
                or bool(re.search(r"(?:部|总署|总局)$", name) and not _RELATIVE.match(name)
                        and not re.search(r"(?:组织|宣传|统战|武装)部$|支部$", name)))

    def _is_own(self, name: str) -> bool:
        if not self.reporting:
            return False
        unit = self.units[self.reporting]
        names = {unit.label, *unit.alts, *self._own}
        if name in names:
            return True
        for full in names:
            if full.endswith(name) and len(name) >= 4 and name not in ("人民政府", "办事处") \
                    and (self._own_type and name.startswith(self._own_type)):
                return True
            fp, frest = split_places(full)
            sp, srest = split_places(name)
            if fp and sp and srest == frest and abbreviates(sp[-1], fp[-1]):
                return True
            if fp and not srest and sp and abbreviates(sp[-1], fp[-1]) and frest in ("", "人民政府", "政府", "办事处"):
                return True  # the place stands for its own government: 望湖街道 for 望湖街道办事处
            rm = _RELATIVE.match(name)
            if rm and frest and abbreviates(name[rm.end():], frest) and name[rm.end():] not in _GOV_FORMS:
                own_level = fp[-1][-1:] if fp else ""
                if rm.group(1) in (own_level, fp[-1][-2:] if fp else ""):
                    return True
        return False

    # -- mentions
    def resolve(self, name: str) -> str | None:
        """Return the key of the unit ``name`` refers to (registering it), or None."""
        name = re.sub(r"\s+", "", name)
        pm = _PRONOUN.match(name)
        if pm and pm.end() > 1 or name in ("本单位",):
            rest = name[pm.end():] if pm else ""
            if not rest:
                return self.reporting
            return self._sub_unit(rest, name)
        if self._is_own(name):
            if self.reporting:
                self._add(self.reporting, self.units[self.reporting].label, self.units[self.reporting].scope, alt=name)
            return self.reporting
        if self._own_type and name.startswith(self._own_type) and len(name) > len(self._own_type) + 1:
            rest = name[len(self._own_type):]
            if not _RELATIVE.match(name) or self._own_type in ("街道", "镇", "乡"):
                if self._own_type in ("镇", "乡") and rest in ("党委", "委"):
                    pass  # 镇党委: the township's party committee, a unit of its own (qualified below)
                elif not rest.startswith(("长", "委", "政府", "人民政府")) or rest.startswith(("长办公会", "委会", "委员会")):
                    return self._sub_unit(rest, name)
        places, rest = split_places(name)
        if places and not rest:
            key = self._canonical("".join(places), "政府")
            self.learn_places(name)
            return self._add(key, key, "global", alt=name)
        if places:
            chain = "".join(places)
            # 渠县县委: the level word repeats before the organ
            rest2 = rest
            for suffix in LEVELS:
                if chain.endswith(suffix) and rest.startswith(suffix) and len(rest) > len(suffix):
                    rest2 = rest[len(suffix):]
                    break
            key = self._canonical(chain, rest2)
            return self._add(key, key, "global", alt=name)
        m = _RELATIVE.match(name)
        if m:
            qualified = self._qualify(m.group(1), name[m.end():])
            if qualified:
                return self._add(qualified, qualified, "global", alt=name)
            return self._add(name, name, "local")
        if self._is_national(name):
            return self._add(name, name, "global")
        if re.search(r"(?:局|厅|委|部|署|政府|机关)$", name):
            return self._add(name, name, "local")  # 人力资源社会保障厅, 行政机关: not ours, place unknown
        return self._sub_unit(name, name)

    def _sub_unit(self, rest: str, mention: str) -> str:
        key = f"{self.reporting}/{rest}" if self.reporting else rest
        return self._add(key, mention, "local", alt=rest, parent=self.reporting)


# ---------------------------------------------------------------- the component
_OPENING_SUBJECT = re.compile(r"(?:20\d\d|[〇零一二][〇零一二三四五六七八九]{3})年(?:度|以来)?[,]?(?:(?:在|按照|根据)[^,。]{2,60}?[下,][,]?)*"
                              r"(?!在|按照|根据|由|经)([\u4e00-\u9fff]{2,24}?)(?=坚持|始终|紧紧|深入|全面|认真|以习|按照|围绕|在|聚焦|牢牢|持续|积极|立足|着力"
                              r"|笃|不断|扎实|进一步|紧扣|锚定|高度|严格|紧密|从|把|将|切实|大力)")
_NOW_REPORTING = re.compile(r"现将([\u4e00-\u9fff]{2,25}?)(?:20\d\d|[〇零一二][〇零一二三四五六七八九]{3})年")
#: the name of a meeting a unit holds (县政府常务会议, 局长办公会议, 镇党委会议)
MEETING = re.compile(r"(?:长|主任)?(?:办公会议?|常务会议?|常委会议?|党组会议?|党委会议?|工委会议?|会议)$")
_PARTY_MEETING = re.compile(r"(?:常委会(?:会议)?|常委会议|(?P<body>党组|党委|党工委|工委)会议?)$")


def _meeting_holder(name: str, resolver: "UnitResolver") -> str | None:
    """Return the unit whose meeting ``name`` is, or None: a government's meetings name it
    (县政府常务会议 -> 县政府), a party body's too (市委常委会 -> 市委, 乡党委会议 -> 乡党委)."""
    held = MEETING.search(name)
    if not held:
        return None
    if held.start() >= 3 and name[:held.start()].endswith("政府"):
        return resolver.resolve(name[:held.start()])
    party = _PARTY_MEETING.search(name)
    if party:
        body = name[:party.start()] + (party.group("body") or "")
        if len(body) >= 2 and (body.endswith(("委", "党组", "工委")) and unit_like(body)):
            return resolver.resolve(body)
    return None
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


def unit_like(name: str | None) -> bool:
    """Return True when ``name`` reads as the name of a unit (an organ, a place, a national body)."""
    if not name or len(name) < 2 or re.search(r"[^\u4e00-\u9fff()]", name):
        return False
    places, rest = split_places(name)
    return bool(ending_start(name) >= 0 or is_place_word(name) or (places and not rest)
                or name in words("national_units") or name.startswith("全省各级"))


@dataclass
class Units:
    """What ``govkg_units`` finds (``doc._.units``): the reporting unit, addressees, every mention."""

    resolver: UnitResolver
    reporting_unit: str | None = None
    addressees: list[str] = field(default_factory=list)
    mentions: list[tuple[Mention, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: a meeting named as a unit (县政府常务会议), by mention start: the unit holding it (县政府)
    holders: dict[int, str] = field(default_factory=dict)

    @property
    def mention_starts(self) -> list[int]:
        """Where each mention starts, in order (for bisecting)."""
        if len(self._starts) != len(self.mentions):
            self._starts = [m.start for m, _k in self.mentions]
        return self._starts

    _starts: list[int] = field(default_factory=list, repr=False)


def reporting_unit_names(match: str, front) -> list[str]:
    """Return the names the report gives itself: title, signature, 现将…报告, the opening's subject."""
    candidates = []
    if front.title_unit:
        candidates.append(front.title_unit)
    if front.signature_unit:
        candidates.append(match[front.signature_unit[0]:front.signature_unit[1]])
    nm = _NOW_REPORTING.search(match)
    if nm and not nm.group(1).startswith(("我", "本")):
        candidates.append(nm.group(1))
    om = _OPENING_SUBJECT.search(match, front.body_start, front.body_start + 600)
    if om:
        candidates.append(om.group(1))
    names = [government_of_joint(re.sub(r"\s+", "", c)) for c in candidates]
    return [n for n in names if unit_like(n)]


def _identify_reporter(found: Units, names: list[str], text: str, match: str) -> None:
    """Make the most complete of ``names`` the reporting unit and the others its other names."""
    resolver = found.resolver
    best = max(names, key=lambda n: (bool(split_places(n)[0]), len(n)))
    found.reporting_unit = resolver.set_reporting(best)
    for other in names:
        resolver.learn_places(other)
        if other != best:
            key = resolver.resolve(other)
            if key != found.reporting_unit and key in resolver.units and resolver.units[key].scope == "local" \
                    and resolver.units[key].parent is None:
                # a second name the resolver could not tie: keep it as another name of the reporter
                del resolver.units[key]
                resolver.units[found.reporting_unit].alts.add(other)
    for name in names:  # a traditional-character report keeps its own spelling as a name
        at = match.find(name)
        if at >= 0 and text[at:at + len(name)] != name:
            resolver.units[found.reporting_unit].alts.add(text[at:at + len(name)])


def units_component(doc):
    """Name the reporting unit and addressees; find and resolve every unit mention."""
    report, front = doc._.report, doc._.structure.front
    text, match = report.text, report.match
    found = Units(UnitResolver())
    resolver = found.resolver
    addressees = []
    if front.addressee_line:
        addressees = [p.strip() for p in re.split(r"[、,]", match[front.addressee_line[0]:front.addressee_line[1]])]
        for part in addressees:
            resolver.learn_places(part)
    names = reporting_unit_names(match, front)
    if names:
        _identify_reporter(found, names, text, match)
    else:
        found.warnings.append("reporting unit not found")
    for part in addressees:
        if unit_like(part):
            key = resolver.resolve(part)
            if key:
                found.addressees.append(key)
    for mention in find_mentions(match, report.token_starts, report.token_ends, report.tokens, report.mask):
        key = resolver.resolve(mention.name)
        if key:
            found.mentions.append((mention, key))
            holder = _meeting_holder(mention.name, resolver)
            if holder:
                found.holders[mention.start] = holder
            unit = resolver.units.get(key)
            original = text[mention.start:mention.end]
            if unit is not None and original != mention.name and original != unit.label:
                unit.alts.add(original)   # keep traditional forms as written
    _add_self_references(found, resolver, match, report)
    doc._.units = found
    return doc


def _add_self_references(found: "Units", resolver: UnitResolver, match: str, report) -> None:
    """Add the words by which the reporting unit names itself (本单位, 本机关, and 我/本 with its
    kind: 本局 in a bureau's report, 我镇 in a township's) as mentions of it: they open clauses as
    doers (镇文化站组织…;本单位全体干部参加…). 我市, 我县 stay out: in a department's report
    they name the jurisdiction, not the unit."""
    if not found.reporting_unit:
        return
    kinds = ["单位", "机关"] + ([resolver.own_type] if resolver.own_type else [])
    spans = [(m.start, m.end) for m, _k in found.mentions]
    added = False
    for m in re.finditer(f"(?:我|本)(?:{'|'.join(kinds)})", match):
        a = m.start()
        if report.mask[a] or a not in report.token_starts or any(s <= a < e for s, e in spans):
            continue   # quoted, inside a word, or inside a name found already
        found.mentions.append((Mention(a, m.end(), m.group()), found.reporting_unit))
        added = True
    if added:
        found.mentions.sort(key=lambda mk: mk[0].start)


COMPONENT = ComponentSpec("govkg_units", units_component, "units", ("report", "structure"))
