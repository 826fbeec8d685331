"""Clean raw report text: Unicode NFKC, web chrome removed, PDF wrap spaces closed.

The cleaned text is what govkg stores (``gov:text``) and what every evidence offset points
into. A traditional-character report also gets a simplified *matching copy* of exactly the
same length, so rules written for simplified Chinese match while labels and evidence keep
the original characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from govkg.extract.lexicon import patterns

# ① ② ... and ⑴ ⒈ are numbering the structure rules read: NFKC would turn them into digits.
_KEEP = {chr(c) for c in range(0x2460, 0x24FF)} | {chr(c) for c in range(0x3220, 0x3244)}
_KEEP_ANY = re.compile("[\u2460-\u24fe\u3220-\u3243]")
_HAN = re.compile("[\u4e00-\u9fff]")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_ZERO_WIDTH_ANY = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# spaces (not tabs: a tab separates table cells) that a PDF line wrap left inside words
_WRAP_SPACE = re.compile(rf"(?<=[{_CJK}\d%,.:;!?、()“”《》〔〕]) (?=[{_CJK}“”《》〔〕()])"
                         rf"|(?<=[{_CJK}]) (?=\d)")
_URL = re.compile(r"(?:https?://)?www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[\x21-\x7e]*)?")
_BANNER_LEAD = re.compile(r"[^。,;:!?、“”\n]{0,30}$")


@dataclass(frozen=True)
class CleanText:
    """The stored text, its matching copy (same length) and whether it was traditional.

    ``written_on`` is the value of a dropped page-metadata line 成文日期 (the date the
    document was signed, unlike 发布日期, the date the page went up), or None.
    """

    text: str
    match: str
    traditional: bool
    dropped_lines: int
    written_on: str | None = None


def nfkc(text: str) -> str:
    """Return ``text`` in NFKC, except for circled and parenthesised numbers used as numbering.

    >>> nfkc("（一）审查合同１２０份，满意率９８％①")
    '(一)审查合同120份,满意率98%①'
    """
    if not _KEEP_ANY.search(text):
        return unicodedata.normalize("NFKC", text)
    parts, buf = [], []
    for ch in text:
        if ch in _KEEP:
            parts.append(unicodedata.normalize("NFKC", "".join(buf)))
            parts.append(ch)
            buf = []
        else:
            buf.append(ch)
    parts.append(unicodedata.normalize("NFKC", "".join(buf)))
    return "".join(parts)


def remove_banners(text: str) -> str:
    """Remove mirror-site banners: a URL and the short caption glued before it.

    A caption repeated before every occurrence of the same URL is cut wherever it stands,
    even inside a sentence.
    """
    hits = list(_URL.finditer(text))
    if not hits:
        return text
    by_url: dict[str, list[re.Match]] = {}
    for m in hits:
        by_url.setdefault(m.group().lower(), []).append(m)
    cuts: list[tuple[int, int]] = []
    for matches in by_url.values():
        leads = [_BANNER_LEAD.search(text, 0, m.start()).group() for m in matches]
        if len(matches) > 1:
            common = leads[0]
            for lead in leads[1:]:
                n = 0
                while n < min(len(common), len(lead)) and common[-1 - n] == lead[-1 - n]:
                    n += 1
                common = common[len(common) - n:] if n else ""
            size = len(common)
        else:
            start = matches[0].start() - len(leads[0])
            at_line_start = start == 0 or text[start - 1] == "\n"
            size = len(leads[0]) if at_line_start else 0
        cuts.extend((m.start() - size, m.end()) for m in matches)
    out, pos = [], 0
    for start, end in sorted(cuts):
        if start >= pos:
            out.append(text[pos:start])
            pos = end
    out.append(text[pos:])
    return "".join(out)


def is_chrome(line: str) -> bool:
    """Return True for a line of website chrome (navigation, page metadata, footer)."""
    at_start, anywhere = _chrome_res()
    return bool(at_start.match(line) or anywhere.search(line))


@lru_cache(maxsize=1)
def _chrome_res() -> tuple[re.Pattern, re.Pattern]:
    """The chrome patterns as two alternations: those anchored at the line's start (tried there
    only) and the others (searched)."""
    at_start = [p.pattern[1:] for p in patterns("chrome_lines") if p.pattern.startswith("^")]
    anywhere = [p.pattern for p in patterns("chrome_lines") if not p.pattern.startswith("^")]
    return (re.compile("|".join(f"(?:{p})" for p in at_start) or r"(?!)"),
            re.compile("|".join(f"(?:{p})" for p in anywhere) or r"(?!)"))


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    return frozenset(map(chr, _t2s_table()))


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    import zhconv.zhconv as zc  # imported here: loading its dictionary takes a moment

    table = zc.getdict("zh-cn")
    return {ord(k): v for k, v in table.items() if len(k) == 1 and len(v) == 1 and k != v}


def simplified_copy(text: str) -> tuple[str, bool]:
    """Return a same-length simplified copy of ``text`` and whether it looked traditional.

    >>> simplified_copy("丹東街道在縣委的領導下")
    ('丹东街道在县委的领导下', True)
    """
    table = _t2s_table()
    han = len(_HAN.findall(text))
    present = _traditional_chars().intersection(text)
    changed = sum(map(text.count, present))
    if not han or changed / han < 0.03:
        return text, False
    return text.translate(table), True


def clean(raw: str) -> CleanText:
    """Return the cleaned text of a report and its matching copy."""
    text = nfkc(raw.translate(_ZERO_WIDTH) if _ZERO_WIDTH_ANY.search(raw) else raw).replace("\r\n", "\n").replace("\r", "\n")
    text = remove_banners(text)
    lines, dropped, skip_value, written_on, label, glue = [], 0, False, None, None, False
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if skip_value and len(line) <= 20 and not re.search(r"[。,;]", line):
            if label == "成文日期" and written_on is None:
                written_on = line
            skip_value, dropped = False, dropped + 1
            continue
        skip_value = False
        if _PAGE_MARK.fullmatch(line):
            # a page number between two halves of a sentence (a PDF saved as text): join them
            glue = bool(lines) and not lines[-1].endswith(("。", ";", "!", "?", ":", "”"))
            dropped += 1
            continue
        if glue:
            glue = False
            if not _RANKS_AT_START.match(line):
                lines[-1] += _WRAP_SPACE.sub("", line)
                continue
        if is_chrome(line):
            # "来源:" alone: its value sits on the next line
            skip_value = bool(re.fullmatch(r"\S{1,6}[:：]", line))
            label = line.rstrip(":：").strip() if skip_value else None
            written = _WRITTEN_ON.search(line)
            if written and written_on is None:
                written_on = written.group(1)
            dropped += 1
            continue
        lines.append(_WRAP_SPACE.sub("", line))
    cleaned = "\n".join(lines)
    match, traditional = simplified_copy(cleaned)
    return CleanText(cleaned, match, traditional, dropped, written_on)


#: a page number left between paragraphs: — 2 —, - 12 -, 第3页, 第3页 共9页
_PAGE_MARK = re.compile(r"[-—–－]{1,2}\s*\d{1,3}\s*[-—–－]{1,2}|第\s*\d{1,3}\s*页(?:\s*[/,]?\s*共\s*\d{1,3}\s*页)?")
_RANKS_AT_START = re.compile(r"[一二三四五六七八九十]{1,3}、|[((][一二三四五六七八九十\d]{1,3}[))]|\d{1,2}[.、]")
_WRITTEN_ON = re.compile(r"成文日期\s*[:：]\s*(\S[^:：]{5,20}?)\s*(?:$|发布|公开|[\u4e00-\u9fff]{2,4}[:：])")
