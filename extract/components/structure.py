"""Find a report's front matter (title, year, addressee, signature) and its section tree.

Headings are numbered 一、 / (一) / 1. / (1) / ① (ranked in that order) at the start of a
line, or run into a line after a full stop when line breaks were lost (then only the next
expected number counts). Top-level parts are classed by meaning, in whatever order they come.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from govkg.extract.components import ComponentSpec
from govkg.extract.text.numerals import parse_chinese
from govkg.extract.text.sentences import lines

CN = "一二三四五六七八九十"
_RANKS = [
    (1, re.compile(rf"(?:第([{CN}]{{1,3}})部分\s*[、.:]?|([{CN}]{{1,3}})\s*[、.])")),
    (2, re.compile(rf"\(\s*([{CN}]{{1,3}})\s*\)\s*[、.]?")),
    (3, re.compile(r"(\d{1,2})\s*(?:、|\.(?!\d))")),
    (4, re.compile(r"\(\s*(\d{1,2})\s*\)\s*[、.]?")),
    (5, re.compile(r"([\u2460-\u2473])")),
]
_INLINE_RANKS = {1, 2}
_PART_WORDS = re.compile(r"举措|成效|不足|存在的问题|第一责任人|主要负责人|安排|打算|工作计划|工作思路")
KINDS = [
    ("LeadershipDuties", re.compile(r"第一责任人|主要负责人|主要负责同志|主要领导|履行.{0,12}职责")),
    ("Shortcomings", re.compile(r"不足|存在的问题|存在问题|问题和|差距|短板和|薄弱")),
    ("Achievements", re.compile(r"举措|成效|主要做法|工作情况|建设情况|主要工作")),
    ("NextYearPlans", re.compile(r"下一年|下一步|下步|明年|来年|今后|展望|努力方向|主要安排|工作安排|工作打算"
                                 r"|工作思路|工作计划|(?:20\d\d|[〇零一二三四五六七八九]{4})年度?.{0,16}(?:安排|打算|计划|思路)")),
    ("OtherPart", re.compile(r"^其[他它]|其他需要|其它需要")),
]
_TITLE = re.compile(r"(?:法治(?:政府)?建设|依法行政)(?:工作)?(?:年度)?(?:情况|工作|推进)?(?:的)?(?:年度)?(?:报告|情况)")
_YEAR = re.compile(r"(20\d\d|19\d\d|[〇零一二][〇零一二三四五六七八九]{3})\s*年")
_DATE = re.compile(r"(20\d\d|[〇零一二][〇零一二三四五六七八九]{3})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
                   r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")
_ADDRESSEE = re.compile(r"^[^。,;!?]{2,40}[:]$")


@dataclass
class Heading:
    """A numbered heading found in the text."""

    rank: int
    ordinal: int
    start: int            # where the number starts
    heading_start: int    # where the heading text starts (after the number)
    heading_end: int
    depth: int = 0
    parent: int | None = None
    end: int = 0          # where the section's region ends
    kind: str | None = None
    key: str = ""


@dataclass
class FrontMatter:
    """What the opening and closing lines say about the report."""

    title: tuple[int, int] | None = None
    title_unit: str | None = None
    year: int | None = None
    addressee_line: tuple[int, int] | None = None
    issued: dt.date | None = None
    signature_unit: tuple[int, int] | None = None
    body_start: int = 0
    notes: list[str] = field(default_factory=list)


def _number(text: str) -> int:
    if "\u2460" <= text <= "\u2473":
        return ord(text) - 0x2460 + 1
    if text.isascii() and text.isdigit():
        return int(text)
    return parse_chinese(text)


def _year_value(text: str) -> int:
    return int(text) if text.isdigit() else parse_chinese(text)


_RUN_IN = re.compile(r"[一二三四五六七八九十]是|\([一二三四五六七八九十]{1,2}\)|\(\d{1,2}\)|[\u2460-\u2473]")
_PART_END = re.compile(r"(?:成效|原因|情况|安排|打算|举措|不足|问题)(?=[\u4e00-\u9fff(])")


def _heading_extent(text: str, start: int, line_end: int, rank: int = 0) -> int:
    """Return where a heading's text ends: at the first full stop or the end of its line.

    A heading that runs straight into its body ("…的不足和原因一是…", "…成效(一)…") ends
    before the body's first item; a part heading also ends after its part word.
    """
    m = re.compile(r"[。!?]").search(text, start, line_end)
    end = m.start() if m else line_end
    run_in = _RUN_IN.search(text, start + 4, end)
    if run_in:
        end = run_in.start()
    if rank == 1:
        pm = _PART_END.search(text, start + 4, min(end, start + 40))
        if pm and end - pm.end() >= 4:
            end = pm.end()
    if end - start > 60:
        cut = max(text.rfind(",", start, start + 60), text.rfind(";", start, start + 60))
        end = cut if cut > start + 6 else start + 60
    return end


def find_headings(text: str, front_end: int = 0) -> list[Heading]:
    """Return the numbered headings of ``text`` in document order, nested into a tree."""
    found: list[Heading] = []
    last_ordinal: dict[int, int] = {}
    for line in lines(text):
        if line.end <= front_end:
            continue
        pos = max(line.start, front_end)
        for rank, pat in _RANKS:
            m = pat.match(text, pos)
            if m and m.end() < line.end:
                num = next(g for g in m.groups() if g)
                h = Heading(rank, _number(num), m.start(), m.end(), _heading_extent(text, m.end(), line.end, rank))
                found.append(h)
                last_ordinal[rank] = h.ordinal
                for r in range(rank + 1, 6):
                    last_ordinal.pop(r, None)
                break
        else:
            if (line.end - line.start <= 30 and not re.search(r"[。,;:]", text[line.start:line.end])
                    and _PART_WORDS.search(text, line.start, line.end) and found is not None):
                ordinal = last_ordinal.get(1, 0) + 1
                found.append(Heading(1, ordinal, line.start, line.start, line.end))
                last_ordinal[1] = ordinal
        # headings run into the line after a full stop (line breaks lost)
        for m in re.finditer(r"[。;!?:]\s*|(?<=[\u4e00-\u9fff])(?=\([一二三四五六七八九十]\))", text[line.start:line.end]):
            at = line.start + m.end()
            for rank, pat in _RANKS:
                if rank not in _INLINE_RANKS:
                    continue
                hm = pat.match(text, at)
                if not hm or hm.end() >= line.end:
                    continue
                num = _number(next(g for g in hm.groups() if g))
                if num != last_ordinal.get(rank, 0) + 1 or (rank == 2 and 1 not in last_ordinal and num != 1):
                    continue
                if any(h.start == hm.start() for h in found):
                    continue
                found.append(Heading(rank, num, hm.start(), hm.end(), _heading_extent(text, hm.end(), line.end, rank)))
                last_ordinal[rank] = num
                for r in range(rank + 1, 6):
                    last_ordinal.pop(r, None)
    found.sort(key=lambda h: h.start)
    found.extend(_unnumbered_subheadings(text, found))
    found.sort(key=lambda h: h.start)
    _nest(found, len(text))
    return found


_PLAIN_HEADING = re.compile(r"[\u4e00-\u9fff“”]{4,20}")


def _unnumbered_subheadings(text: str, found: list[Heading]) -> list[Heading]:
    """Return unnumbered second-level headings of the top-level parts that have none numbered.

    Some pages drop the (一)(二) numbering: a part then reads as short lines without
    punctuation, each followed by a paragraph. Two such lines at least make them headings.
    """
    tops = [h for h in found if h.rank == 1]
    out: list[Heading] = []
    for i, top in enumerate(tops):
        end = tops[i + 1].start if i + 1 < len(tops) else len(text)
        if any(top.start < h.start < end for h in found if h.rank > 1):
            continue
        body = [ln for ln in lines(text) if top.heading_end < ln.start and ln.end <= end]
        picked = [a for a, b in zip(body, body[1:])
                  if _PLAIN_HEADING.fullmatch(text, a.start, a.end) and b.end - b.start >= 30]
        if len(picked) >= 2:
            out.extend(Heading(2, k + 1, ln.start, ln.start, ln.end) for k, ln in enumerate(picked))
    return out


def _nest(found: list[Heading], text_end: int) -> None:
    stack: list[int] = []
    for i, h in enumerate(found):
        while stack and found[stack[-1]].rank >= h.rank:
            stack.pop()
        h.parent = stack[-1] if stack else None
        h.depth = len(stack)
        stack.append(i)
    for i, h in enumerate(found):
        h.end = next((g.start for g in found[i + 1:] if g.depth <= h.depth), text_end)
    counters: dict[int | None, int] = {}
    for h in found:
        counters[h.parent] = counters.get(h.parent, 0) + 1
        h.key = (found[h.parent].key + "." if h.parent is not None else "") + str(counters[h.parent])


def classify_part(heading: str, report_year: int | None = None) -> str:
    """Return the statutory part a top-level heading stands for.

    A heading naming the year after the report's year is the next year's plan.

    >>> classify_part("2020年度本单位推进法治政府建设存在的不足和原因")
    'Shortcomings'
    >>> classify_part("强化组织领导,夯实法治基础")
    'Achievements'
    >>> classify_part("2021年度本单位推进法治政府建设的主要安排", 2020)
    'NextYearPlans'
    """
    if report_year:
        m = _YEAR.search(heading)
        if m and _year_value(m.group(1)) == report_year + 1 and not KINDS[0][1].search(heading):
            return "NextYearPlans"
    for kind, pat in KINDS:
        if pat.search(heading):
            return kind
    return "Achievements"


def _title_in(match: str, line) -> re.Match | None:
    """Return the title match of a line that reads as a report title (not a sentence about one)."""
    seg = match[line.start:min(line.end, line.start + 160)]
    m = _TITLE.search(seg)
    if not m or re.search(r"[。,;《]|现将|根据", seg[:m.end()]) or m.end() > 70:
        return None
    return m


_LETTER_TITLE = re.compile(r"关于(?:报送|呈报|上报|报请)|的函$|^[^。]{0,40}的报告的(?:报告|函)$")
_LETTER_BODY = re.compile(r"现将.{0,60}(?:报送|呈上|上报|报上|呈报|报来|送上)|请审阅|请审示|请审定|请予审阅|特此函告|此致")


def _is_cover_letter(match: str, head, first: int, second: int) -> bool:
    """Return True when the lines from ``first`` up to ``second`` are a letter sending the report."""
    if second - first > 12:
        return False
    title = re.sub(r"\s+", "", match[head[first].start:head[first].end])
    between = match[head[first].start:head[second].start]
    return bool(_LETTER_TITLE.search(title) or _LETTER_BODY.search(between))


_ISO_DATE = re.compile(r"(20\d\d)\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})")


def parse_date(text: str) -> dt.date | None:
    """Return the date written in ``text`` (2022年03月10日, 二〇二二年三月十日, 2022-03-10), or None.

    >>> parse_date("2022年03月10日")
    datetime.date(2022, 3, 10)
    """
    m = _DATE.search(text) or _ISO_DATE.search(text)
    if not m:
        return None
    try:
        return dt.date(_year_value(m.group(1)), _number(m.group(2)), _number(m.group(3)))
    except ValueError:
        return None


def front_matter(text: str, match: str, written_on: str | None = None) -> FrontMatter:
    """Read title, year, addressee and the body start from the opening lines, the date at the end.

    ``written_on`` is a page's 成文日期 (see :class:`govkg.extract.text.cleaning.CleanText`): the
    issued date when the text itself shows none.
    """
    fm = FrontMatter()
    all_lines = lines(match)
    head = all_lines[:16]
    titles = [(i, m) for i, m in ((i, _title_in(match, line)) for i, line in enumerate(head)) if m]
    if len(titles) > 1 and _is_cover_letter(match, head, titles[0][0], titles[1][0]):
        titles = titles[1:]  # a cover letter sends the report: the report's own title follows it
    for i, m in titles[:1]:
        line = head[i]
        seg = match[line.start:min(line.end, line.start + 160)]
        start, end = line.start, line.start + m.end()
        label = re.match(r"(?:标题|题目|文章标题|名称)\s*:\s*", seg)
        if label:  # "标题:…报告" in a page's metadata block
            start += label.end()
        # a title split over two lines: "X局关于2022年度" + "法治政府建设…报告", or the unit
        # alone on the line before "2023年度法治政府建设工作报告"
        if i > 0 and (m.start() == 0 or _YEAR.match(seg) or seg.startswith("关于")):
            prev = head[i - 1]
            pseg = match[prev.start:prev.end]
            if len(pseg) <= 40 and not re.search(r"[。,;:《]|\d{4}〕", pseg):
                start = prev.start
        fm.title = (start, end)
        fm.body_start = end
        prefix = re.sub(r"\s+", "", match[start:end])
        um = re.match(r"(.{2,40}?)(?=关于|发布|印发|公布|(?:20\d\d|[〇零一二][〇零一二三四五六七八九]{3})年)", prefix)
        if um:
            fm.title_unit = um.group(1)
        ym = _YEAR.search(match, start, end)
        if ym:
            fm.year = _year_value(ym.group(1))
        break
    for line in head[:6]:
        seg = match[line.start:line.end]
        if _ADDRESSEE.match(seg) and "如下" not in seg and not _TITLE.search(seg):
            fm.addressee_line = (line.start, line.end - 1)
            fm.body_start = max(fm.body_start, line.end)
            break
    if fm.year is None:
        for line in all_lines[:12]:
            if fm.title and line.end <= fm.title[0]:
                continue
            seg = match[line.start:line.end]
            if re.match(r"\S{0,6}\s*[〔\[(]\d{4}[〕\])]", seg) and len(seg) < 30:
                continue  # a document number line
            ym = _YEAR.search(seg)
            if ym:
                fm.year = _year_value(ym.group(1))
                break
    # a text that ends with a date (line breaks lost): the date is the signature's
    tail = _DATE.search(match, max(0, len(match) - 40))
    if tail and not match[tail.end():].strip():
        try:
            fm.issued = dt.date(_year_value(tail.group(1)), _number(tail.group(2)), _number(tail.group(3)))
        except ValueError:
            pass
    # the signature: a date alone on a line near the end, the unit on the line before it (a
    # cover letter's, before the report's title, dates the report but ends nothing)
    for li in range(len(all_lines) - 1, -1, -1):
        line = all_lines[li]
        seg = match[line.start:line.end].strip()
        dm = _DATE.fullmatch(seg)
        if dm:
            try:
                fm.issued = dt.date(_year_value(dm.group(1)), _number(dm.group(2)), _number(dm.group(3)))
            except ValueError:
                fm.notes.append(f"signature date {seg} is not a calendar date")
            if li > 0 and line.start >= fm.body_start:
                prev = all_lines[li - 1]
                if prev.end - prev.start <= 40 and not re.search(r"[。,;:]", match[prev.start:prev.end]):
                    fm.signature_unit = (prev.start, prev.end)
            break
    if fm.issued is None and written_on:
        fm.issued = parse_date(written_on)
    return fm


# ---------------------------------------------------------------- the component
@dataclass
class Structure:
    """What ``govkg_structure`` finds: front matter and the section tree (``doc._.structure``)."""

    front: FrontMatter
    headings: list[Heading]
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [h.start for h in self.headings]

    def section_at(self, pos: int) -> Heading | None:
        """Return the innermost section holding ``pos``."""
        i = bisect_right(self._starts, pos) - 1
        while i >= 0:
            h = self.headings[i]
            if h.start <= pos < h.end:
                return h
            i = h.parent if h.parent is not None else -1
        return None

    def top_kind(self, pos: int) -> str | None:
        """Return the statutory part (``sectionKind``) holding ``pos``, or None before the parts."""
        return self.part_kind(self.section_at(pos))

    def part_kind(self, h: Heading | None) -> str | None:
        """Return the statutory part (``sectionKind``) of section ``h`` (its top-level heading's)."""
        while h is not None and h.parent is not None:
            h = self.headings[h.parent]
        return h.kind if h is not None else None

    def parts(self, kind: str) -> list[Heading]:
        """Return the top-level parts of one kind."""
        return [h for h in self.headings if h.parent is None and h.kind == kind]

    def is_title(self, h: Heading, match: str) -> bool:
        """Return True for a heading that names a topic; False for a numbered item that is a
        whole sentence (1.落实…制度,全年会前学法十六次,…), whose facts count like any other."""
        body = match[h.heading_start:h.heading_end]
        return h.parent is None or len(body) <= 30 and len(re.findall(r"[,;]", body)) <= 1


def structure_component(doc):
    """Find the front matter and the headings; class the top-level parts."""
    report = doc._.report
    front = front_matter(report.text, report.match, report.clean.written_on)
    headings = find_headings(report.match, front.body_start)
    for h in headings:
        if h.parent is None:
            h.kind = classify_part(report.match[h.heading_start:h.heading_end], front.year)
    doc._.structure = Structure(front, headings)
    return doc


COMPONENT = ComponentSpec("govkg_structure", structure_component, "structure", ("report",))
